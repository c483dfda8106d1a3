import { describe, expect, it, beforeAll, afterAll } from 'vitest'
import { RawJson } from '../../src/main/gateway'
import type { FieldValue } from '../../src/main/gateway'
import type { GatewayMethod } from '../../src/main/gateway/types'
import { generateSandboxCredentials, sandboxErrors } from '../../src/sandbox'
import { methodRules } from '../../src/sandbox/validation'
import { paidCode, post, startContract, type Contract } from './support'

let c: Contract
beforeAll(async () => {
  c = await startContract()
})
afterAll(() => c.close())

/** A valid body for each method (the order numbers need not exist: validation comes first). */
const valid: Record<GatewayMethod, Record<string, FieldValue>> = {
  'cscanb.pay.getqrcode': {
    merchant_order_no: 'V1',
    pay_method_id: 'PayPay',
    price_currency: 'JPY',
    order_amount: RawJson.number('100'),
    expires: 60,
    description: 'x',
    notify_url: 'http://127.0.0.1:9/n'
  },
  'bscanc.pay.submit': {
    merchant_order_no: 'V2',
    auth_code: paidCode,
    pay_method_id: 'WeChatPay',
    price_currency: 'JPY',
    order_amount: RawJson.number('100')
  },
  'order.revoker': { merchant_order_no: 'V3' },
  'order.refund.submit': {
    merchant_order_no: 'V4',
    orig_merchant_order_no: 'V2',
    price_currency: 'JPY',
    order_amount: RawJson.number('1')
  },
  'order.query': { merchant_order_no: 'V5' },
  'order.refund.query': { merchant_order_no: 'V6' }
}
const methods = Object.keys(methodRules) as GatewayMethod[]

describe('the envelope (API.md §2, §4), for every method', () => {
  it.each(methods)(
    '%s: signature, app, merchant, store, timestamp, fixed fields',
    async (method) => {
      const fields = valid[method]
      const strangers = await strangerKeys()
      const cases: [Record<string, FieldValue>, string, Parameters<Contract['call']>[2]?][] = [
        [{}, 'SIGN_INVALID', { signWith: strangers.appPrivateKeyPem }],
        [{}, 'PARAM_INVALID', { unsigned: true }],
        [{ app_id: strangers.appId }, 'APP_ID_INVALID'],
        [{ merchant_no: strangers.merchantNo }, 'MERCHANT_INVALID'],
        [{ merchant_no: undefined }, 'PARAM_INVALID'],
        [{ store_no: strangers.storeNo }, 'MERCHANT_INVALID'],
        [{ timestamp: c.clock.now - 15 * 60_000 - 1 }, 'TIMESTAMP_EXPIRED'],
        [{ timestamp: c.clock.now + 15 * 60_000 + 1 }, 'TIMESTAMP_EXPIRED'],
        [{ timestamp: 'soon' }, 'PARAM_INVALID'],
        [{ timestamp: undefined }, 'PARAM_INVALID'],
        [{ sign_type: 'RSA' }, 'PARAM_INVALID'],
        [{ format: 'XML' }, 'PARAM_INVALID'],
        [{ charset: 'GBK' }, 'PARAM_INVALID'],
        [{ version: '2.0' }, 'PARAM_INVALID'],
        [{ app_id: undefined }, 'PARAM_INVALID'],
        [{ extra: 'emoji 😀' }, 'PARAM_INVALID']
      ]
      for (const [overrides, code, options] of cases) {
        const reply = await c.call(method, { ...fields, ...overrides }, options)
        expect({ overrides, code: reply.code, verified: reply.verified }).toEqual({
          overrides,
          code,
          verified: true
        })
        expect(reply.msg).toBeTruthy()
      }
      // Just inside the window is accepted (whatever the business answer).
      const inside = await c.call(method, { ...fields, timestamp: c.clock.now - 15 * 60_000 })
      expect(inside.code).not.toBe('TIMESTAMP_EXPIRED')
    }
  )

  it('refuses a tampered body and an unknown method', async () => {
    const body = JSON.parse(
      JSON.stringify({ ...c.envelope('order.query'), merchant_order_no: 'X', sign: 'AAAA' })
    ) as Record<string, unknown>
    const reply = await post(c.sandbox.url, JSON.stringify(body), {
      publicKey: c.keys.gatewayPublicKeyPem
    })
    expect(reply).toMatchObject({ code: 'SIGN_INVALID', verified: true })
    for (const method of ['order.close', '__proto__', 'toString']) {
      expect((await c.call(method, {})).code).toBe('METHOD_UNSUPPORTED')
    }
  })
})

describe('business fields, per method, from the one table (validation.ts)', () => {
  const required = methods.flatMap((method) =>
    Object.entries(methodRules[method].fields)
      .filter(([, rule]) => rule.required)
      .map(([key]) => [method, key] as const)
  )
  it.each(required)('%s refuses a missing %s', async (method, key) => {
    const reply = await c.call(method, { ...valid[method], [key]: undefined })
    expect(reply).toMatchObject({
      code: 'PARAM_INVALID',
      msg: `${key} is required`,
      verified: true
    })
  })

  const oneOf = methods
    .map((method) => [method, methodRules[method].oneOf] as const)
    .filter((entry): entry is [GatewayMethod, readonly [string, string]] => entry[1] !== undefined)
  it.each(oneOf)('%s needs one of %j', async (method, [first, second]) => {
    const reply = await c.call(method, {
      ...valid[method],
      [first]: undefined,
      [second]: undefined
    })
    expect(reply).toMatchObject({ code: 'PARAM_INVALID', msg: `${first} or ${second} is required` })
  })

  const formats: [GatewayMethod, Record<string, FieldValue>, string][] = [
    ['bscanc.pay.submit', { merchant_order_no: 'A'.repeat(33) }, 'PARAM_INVALID'],
    ['bscanc.pay.submit', { merchant_order_no: 'QT-2026' }, 'PARAM_INVALID'],
    ['bscanc.pay.submit', { merchant_order_no: 12345 }, 'PARAM_INVALID'],
    ['bscanc.pay.submit', { auth_code: '12345' }, 'PARAM_INVALID'],
    ['bscanc.pay.submit', { auth_code: '1345678901234567ab' }, 'PARAM_INVALID'],
    ['bscanc.pay.submit', { pay_method_id: 'No Such' }, 'PARAM_INVALID'],
    ['bscanc.pay.submit', { pay_method_id: 'LinePay' }, 'PAY_METHOD_UNSUPPORTED'],
    ['bscanc.pay.submit', { price_currency: 'XXX' }, 'PARAM_INVALID'],
    ['bscanc.pay.submit', { order_amount: RawJson.number('100.5') }, 'PARAM_INVALID'],
    ['bscanc.pay.submit', { order_amount: RawJson.number('0') }, 'PARAM_INVALID'],
    ['bscanc.pay.submit', { order_amount: RawJson.number('-1') }, 'PARAM_INVALID'],
    ['bscanc.pay.submit', { order_amount: RawJson.number('1e3') }, 'PARAM_INVALID'],
    ['bscanc.pay.submit', { order_amount: 'ten' }, 'PARAM_INVALID'],
    ['bscanc.pay.submit', { order_amount: RawJson.number('99999999999') }, 'PARAM_INVALID'],
    ['bscanc.pay.submit', { expires: 0 }, 'PARAM_INVALID'],
    ['bscanc.pay.submit', { expires: 86_401 }, 'PARAM_INVALID'],
    ['bscanc.pay.submit', { expires: RawJson.number('1.5') }, 'PARAM_INVALID'],
    ['bscanc.pay.submit', { notify_url: 'ftp://x/y' }, 'PARAM_INVALID'],
    ['bscanc.pay.submit', { description: 'x'.repeat(257) }, 'PARAM_INVALID'],
    ['bscanc.pay.submit', { attach: 'x'.repeat(513) }, 'PARAM_INVALID'],
    ['cscanb.pay.getqrcode', { price_currency: 'USD', order_amount: '1.234' }, 'PARAM_INVALID'],
    ['cscanb.pay.getqrcode', { notify_url: 'not a url' }, 'PARAM_INVALID'],
    ['cscanb.pay.getqrcode', { merchant_order_no: 'A B' }, 'PARAM_INVALID'],
    ['order.refund.submit', { merchant_order_no: 'R-1' }, 'PARAM_INVALID'],
    ['order.refund.submit', { order_amount: RawJson.number('0') }, 'PARAM_INVALID'],
    ['order.refund.submit', { orig_trans_no: 'x'.repeat(65) }, 'PARAM_INVALID'],
    ['order.query', { merchant_order_no: 'bad/no' }, 'PARAM_INVALID'],
    ['order.query', { trans_no: RawJson.number('12') }, 'PARAM_INVALID'],
    ['order.revoker', { merchant_order_no: 'x'.repeat(40) }, 'PARAM_INVALID'],
    ['order.refund.query', { merchant_order_no: '', trans_no: 'x'.repeat(65) }, 'PARAM_INVALID']
  ]
  it.each(formats)('%s refuses %j with %s', async (method, overrides, code) => {
    const before = c.sandbox.listOrders().length
    const reply = await c.call(method, { ...valid[method], ...overrides })
    expect(reply).toMatchObject({ status: 200, code, verified: true })
    expect(c.sandbox.listOrders()).toHaveLength(before)
  })

  it('accepts integral decimals for JPY (the Java SDK sends 1.0, §9) and numeric strings', async () => {
    expect(
      (
        await c.call('bscanc.pay.submit', {
          ...valid['bscanc.pay.submit'],
          merchant_order_no: 'VD1',
          order_amount: RawJson.number('100.0')
        })
      ).code
    ).toBe('0')
    expect(
      (
        await c.call('bscanc.pay.submit', {
          ...valid['bscanc.pay.submit'],
          merchant_order_no: 'VD2',
          order_amount: '100',
          timestamp: String(c.clock.now)
        })
      ).code
    ).toBe('0')
  })
})

describe('bodies that are not requests', () => {
  it.each([
    ['not JSON', 'hello', 'application/json', 400, 'REQUEST_MALFORMED'],
    ['a repeated key', '{"a":"1","a":"2"}', 'application/json', 400, 'REQUEST_MALFORMED'],
    [
      'a repeated form key',
      'a=1&a=2',
      'application/x-www-form-urlencoded',
      400,
      'REQUEST_MALFORMED'
    ],
    ['text/plain', '{}', 'text/plain', 415, 'MEDIA_TYPE_UNSUPPORTED'],
    ['too large', `{"a":"${'x'.repeat(70_000)}"}`, 'application/json', 413, 'REQUEST_TOO_LARGE']
  ])('%s → %i %s, signed', async (_name, body, contentType, status, code) => {
    const reply = await post(c.sandbox.url, body, {
      contentType,
      publicKey: c.keys.gatewayPublicKeyPem
    })
    expect(reply).toMatchObject({ status, code, verified: true })
  })

  it('documents every code with a message, 200 for business refusals', () => {
    for (const [code, entry] of Object.entries(sandboxErrors)) {
      expect(code).toMatch(/^[A-Z_]+$/)
      expect(entry.msg.length).toBeGreaterThan(5)
    }
    expect(sandboxErrors.SYSTEM_ERROR).toEqual({ httpStatus: 200, msg: 'System error' })
  })
})

let strangers: Awaited<ReturnType<typeof generateSandboxCredentials>> | undefined
async function strangerKeys(): Promise<Awaited<ReturnType<typeof generateSandboxCredentials>>> {
  strangers ??= await generateSandboxCredentials()
  return strangers
}
