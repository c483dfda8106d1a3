import { connect } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  fieldText,
  RawJson,
  scanTopLevel,
  signFields,
  verifyFields,
  writeJsonObject
} from '../../src/main/gateway'
import type { FieldValue, Fields } from '../../src/main/gateway'
import { setLogSink } from '../../src/main/log'
import {
  defaultScenarios,
  generateSandboxCredentials,
  sandboxErrors,
  startSandbox
} from '../../src/sandbox'
import type { Sandbox, SandboxCredentials, SandboxOptions } from '../../src/sandbox'

const start = Date.UTC(2026, 0, 15, 3, 0, 0)
let clock = start
const now = (): number => clock

let keys: SandboxCredentials
let strangers: SandboxCredentials
let sandbox: Sandbox
const extraSandboxes: Sandbox[] = []

beforeAll(async () => {
  setLogSink(() => undefined, 'error')
  ;[keys, strangers] = await Promise.all([
    generateSandboxCredentials(),
    generateSandboxCredentials()
  ])
})

afterEach(async () => {
  clock = start
  await sandbox.close()
  for (const extra of extraSandboxes.splice(0)) await extra.close()
})

afterAll(() => setLogSink(() => undefined, 'error'))

async function startWith(overrides: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  return startSandbox({
    appId: keys.appId,
    merchantNo: keys.merchantNo,
    storeNo: keys.storeNo,
    appPublicKeyPem: keys.appPublicKeyPem,
    gatewayPrivateKeyPem: keys.gatewayPrivateKeyPem,
    now,
    ...overrides
  })
}

beforeEach(async () => {
  sandbox = await startWith()
})

let seq = 0
function nextOrderNo(): string {
  seq += 1
  return `SBXTEST${String(seq).padStart(6, '0')}`
}

const paidCode = '134567890123456789'

/** A submit request as a correct client builds it, before `sign`. */
function submitFields(overrides: Record<string, FieldValue> = {}): Record<string, FieldValue> {
  return {
    app_id: keys.appId,
    method: 'bscanc.pay.submit',
    format: 'JSON',
    charset: 'UTF-8',
    sign_type: 'RSA2',
    version: '1.0',
    timestamp: clock,
    merchant_no: keys.merchantNo,
    store_no: keys.storeNo,
    merchant_order_no: nextOrderNo(),
    auth_code: paidCode,
    pay_method_id: 'WeChatPay',
    price_currency: 'JPY',
    order_amount: RawJson.number('1200'),
    description: 'Sandbox test',
    expires: 60,
    ...overrides
  }
}

function queryFields(merchantOrderNo: string): Record<string, FieldValue> {
  // Undefined fields are neither sent nor signed.
  return submitFields({
    method: 'order.query',
    merchant_order_no: merchantOrderNo,
    auth_code: undefined,
    pay_method_id: undefined,
    price_currency: undefined,
    order_amount: undefined,
    description: undefined,
    expires: undefined
  })
}

function signed(fields: Fields, privateKeyPem = keys.appPrivateKeyPem): Fields {
  return { ...fields, sign: signFields(fields, privateKeyPem) }
}

interface Answer {
  readonly status: number
  readonly code: string | undefined
  readonly msg: string | undefined
  readonly data: Record<string, unknown> | undefined
  /** The reply's top-level keys, in order. */
  readonly keys: string[]
  /** The reply's `sign` verifies with the sandbox's gateway public key (API.md §4.4). */
  readonly verified: boolean
  readonly body: string
}

async function post(
  body: string | Uint8Array,
  contentType = 'application/json',
  path = '/api/entry'
): Promise<Answer> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body
  })
  const text = await response.text()
  const scanned = scanTopLevel(text)
  if (!scanned.ok) throw new Error(`sandbox answered a non-object: ${text}`)
  const fields = scanned.fields
  const sign = fields['sign']
  const data = fields['data']
  return {
    status: response.status,
    code: typeof fields['code'] === 'string' ? fields['code'] : undefined,
    msg: typeof fields['msg'] === 'string' ? fields['msg'] : undefined,
    data: typeof data === 'string' ? (JSON.parse(data) as Record<string, unknown>) : undefined,
    keys: Object.keys(fields),
    verified: typeof sign === 'string' && verifyFields(fields, sign, keys.gatewayPublicKeyPem),
    body: text
  }
}

function postJson(fields: Fields, path?: string): Promise<Answer> {
  return post(writeJsonObject(fields), 'application/json', path)
}

function postForm(fields: Fields): Promise<Answer> {
  const form = new URLSearchParams()
  for (const [key, value] of Object.entries(fields)) {
    const text = fieldText(value)
    if (text !== null) form.append(key, text)
  }
  return post(form.toString(), 'application/x-www-form-urlencoded')
}

async function getJson(path: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${sandbox.url}${path}`)
  return { status: response.status, json: await response.json() }
}

describe('the §3 envelope', () => {
  it('answers code "0" with data as a JSON string, signed by the gateway key', async () => {
    const fields = submitFields()
    const answer = await postJson(signed(fields))
    expect(answer.status).toBe(200)
    expect(answer.keys).toEqual(['code', 'msg', 'psn', 'data', 'sign'])
    expect(answer.code).toBe('0')
    expect(answer.verified).toBe(true)
    expect(answer.body).toMatch(/"data":"\{\\"trans_no\\":/)
    expect(answer.data).toEqual({
      trans_no: expect.stringMatching(/^SB20260115T\d{6}$/),
      trans_status: 2,
      pay_channel_trans_no: expect.stringMatching(/^CH20260115T\d{6}$/),
      pay_user_account_id: 'sandbox-user-6789',
      trans_amount: 1200,
      paid_amount: 1200,
      trans_end_time: '2026-01-15 03:00:00'
    })
  })

  it('signs refusals too, and a reply signed by the sandbox fails with another key', async () => {
    const answer = await postJson(signed(queryFields('NOSUCHORDER')))
    expect(answer).toMatchObject({ status: 200, code: 'ORDER_NOT_FOUND', msg: 'No such order' })
    expect(answer.keys).toEqual(['code', 'msg', 'psn', 'sign'])
    expect(answer.verified).toBe(true)
    const scanned = scanTopLevel(answer.body)
    const sign = scanned.ok ? scanned.fields['sign'] : undefined
    expect(
      scanned.ok &&
        typeof sign === 'string' &&
        verifyFields(scanned.fields, sign, strangers.gatewayPublicKeyPem)
    ).toBe(false)
  })

  it('answers query with the §5.5 fields, by merchant_order_no or by trans_no', async () => {
    const fields = submitFields({
      price_currency: 'USD',
      order_amount: RawJson.number('12.30'),
      attach: 'till-7'
    })
    const submitted = await postJson(signed(fields))
    const byOrderNo = await postJson(signed(queryFields(String(fields['merchant_order_no']))))
    expect(byOrderNo.body).toContain('\\"order_amount\\":12.30,')
    expect(byOrderNo.data).toEqual({
      trans_no: submitted.data?.['trans_no'],
      trans_type: 1,
      trans_status: 2,
      merchant_order_no: fields['merchant_order_no'],
      price_currency: 'USD',
      order_amount: 12.3,
      trans_amount: 12.3,
      store_no: keys.storeNo,
      pay_scenario: 'BSCANQR_PAY',
      pay_method_id: 'WeChatPay',
      attach: 'till-7',
      pay_channel_trans_no: submitted.data?.['pay_channel_trans_no'],
      pay_user_account_id: 'sandbox-user-6789',
      paid_amount: 12.3,
      trans_end_time: '2026-01-15 03:00:00'
    })
    const withoutOrderNo = { ...queryFields('X'), merchant_order_no: undefined }
    const byTransNo = await postJson(
      signed({ ...withoutOrderNo, trans_no: String(submitted.data?.['trans_no']) })
    )
    expect(byTransNo.data?.['merchant_order_no']).toBe(fields['merchant_order_no'])
    const neither = await postJson(signed(withoutOrderNo))
    expect(neither).toMatchObject({
      code: 'PARAM_INVALID',
      msg: 'merchant_order_no or trans_no is required'
    })
  })
})

describe('scenarios (API.md §11)', () => {
  it('declines 0051 and 0052 with status 1, the reason on query only', async () => {
    for (const [suffix, code, msg] of [
      ['0051', 'INSUFFICIENT_BALANCE', 'Insufficient balance'],
      ['0052', 'AUTH_CODE_EXPIRED', 'Payment code expired, ask for a fresh one']
    ] as const) {
      const fields = submitFields({ auth_code: `13456789012345${suffix}` })
      const submitted = await postJson(signed(fields))
      expect(submitted.data).toEqual({ trans_no: expect.any(String), trans_status: 1 })
      const queried = await postJson(signed(queryFields(String(fields['merchant_order_no']))))
      expect(queried.data).toMatchObject({
        trans_status: 1,
        trans_error_code: code,
        trans_error_msg: msg
      })
      expect(queried.data).not.toHaveProperty('paid_amount')
    }
  })

  it('moves 0061 from 0 to 2 at exactly 3000 ms on the sandbox clock, with nothing running', async () => {
    const fields = submitFields({ auth_code: '134567890123450061' })
    const orderNo = String(fields['merchant_order_no'])
    expect((await postJson(signed(fields))).data).toEqual({
      trans_no: expect.any(String),
      trans_status: 0
    })
    clock += 2_999
    expect(sandbox.getOrder(orderNo)).toMatchObject({
      transStatus: 0,
      transEndTime: null,
      payChannelTransNo: null
    })
    clock += 1
    expect(sandbox.getOrder(orderNo)).toMatchObject({
      transStatus: 2,
      transEndTime: '2026-01-15 03:00:03',
      payChannelTransNo: expect.stringMatching(/^CH/),
      scenario: 'customer-confirms'
    })
  })

  it('closes an order whose customer never confirms when expires runs out (API.md §6.1)', async () => {
    await sandbox.close()
    sandbox = await startWith({
      scenarios: [
        { name: 'never-confirms', authCodeSuffix: '9999', transStatus: 0 },
        ...defaultScenarios
      ]
    })
    const fields = submitFields({ auth_code: '134567890123459999', expires: 30 })
    const orderNo = String(fields['merchant_order_no'])
    expect((await postJson(signed(fields))).data?.['trans_status']).toBe(0)
    clock += 29_999
    expect(sandbox.getOrder(orderNo)?.transStatus).toBe(0)
    clock += 1
    const queried = await postJson(signed(queryFields(orderNo)))
    expect(queried.data).toMatchObject({
      trans_status: 1,
      trans_error_code: 'ORDER_EXPIRED'
    })
  })

  it('takes its scenario table from the options, replacing the defaults', async () => {
    await sandbox.close()
    sandbox = await startWith({
      scenarios: [
        {
          name: 'all-declined',
          authCodeSuffix: '',
          transStatus: 1,
          errorCode: 'RISK',
          errorMessage: 'Risk control'
        }
      ]
    })
    const fields = submitFields()
    expect((await postJson(signed(fields))).data?.['trans_status']).toBe(1)
    expect(sandbox.getOrder(String(fields['merchant_order_no']))).toMatchObject({
      scenario: 'all-declined',
      transErrorCode: 'RISK',
      transErrorMsg: 'Risk control'
    })
  })

  it('keeps only the last four characters of the auth code', async () => {
    const fields = submitFields()
    await postJson(signed(fields))
    const order = sandbox.getOrder(String(fields['merchant_order_no']))
    expect(order?.authCodeLast4).toBe('6789')
    expect(JSON.stringify(sandbox.listOrders())).not.toContain(paidCode)
    expect(JSON.stringify(sandbox.listOrders())).not.toContain('1234567890')
  })
})

describe('request checks', () => {
  it('verifies the signature over the values as sent, literals included', async () => {
    // `1200.0` is a valid JPY amount (the Java SDK sends doubles, API.md §9) and is signed as sent.
    const literal = submitFields({ order_amount: RawJson.number('1200.0') })
    expect((await postJson(signed(literal))).code).toBe('0')
    // Signed as `1200`, sent as `1200.0`: the gateway sees a different string to sign.
    const fields = submitFields()
    const body = writeJsonObject(signed(fields)).replace(
      '"order_amount":1200,',
      '"order_amount":1200.0,'
    )
    expect(body).toContain('"order_amount":1200.0,')
    expect((await post(body)).code).toBe('SIGN_INVALID')
  })

  it('refuses a tampered, a foreign, a missing or a non-RSA2 signature', async () => {
    const fields = submitFields()
    const tampered = { ...signed(fields), order_amount: RawJson.number('1') }
    expect(await postJson(tampered)).toMatchObject({ code: 'SIGN_INVALID', verified: true })
    expect((await postJson(signed(submitFields(), strangers.appPrivateKeyPem))).code).toBe(
      'SIGN_INVALID'
    )
    expect(await postJson(submitFields())).toMatchObject({
      code: 'PARAM_INVALID',
      msg: 'sign is required'
    })
    const rsa1 = submitFields({ sign_type: 'RSA' })
    expect(await postJson(signed(rsa1))).toMatchObject({
      code: 'PARAM_INVALID',
      msg: 'sign_type must be RSA2'
    })
    expect(sandbox.listOrders()).toEqual([])
  })

  it('refuses a stale or future timestamp, accepts one within 15 minutes and a numeric string', async () => {
    const stale = await postJson(signed(submitFields({ timestamp: clock - 15 * 60_000 - 1 })))
    expect(stale.code).toBe('TIMESTAMP_EXPIRED')
    const future = await postJson(signed(submitFields({ timestamp: clock + 15 * 60_000 + 1 })))
    expect(future.code).toBe('TIMESTAMP_EXPIRED')
    expect((await postJson(signed(submitFields({ timestamp: clock + 15 * 60_000 })))).code).toBe(
      '0'
    )
    expect((await postJson(signed(submitFields({ timestamp: String(clock) })))).code).toBe('0')
    const seconds = await postJson(signed(submitFields({ timestamp: 'yesterday' })))
    expect(seconds).toMatchObject({ code: 'PARAM_INVALID', msg: 'timestamp must be a number' })
  })

  it.each([
    [{ app_id: 'wz0000000000000000' }, 'APP_ID_INVALID'],
    [{ merchant_no: '312100000000' }, 'MERCHANT_INVALID'],
    [{ store_no: '4121000000' }, 'MERCHANT_INVALID'],
    [{ format: 'XML' }, 'PARAM_INVALID'],
    [{ charset: 'GBK' }, 'PARAM_INVALID'],
    [{ version: '2.0' }, 'PARAM_INVALID'],
    [{ merchant_order_no: 'A'.repeat(33) }, 'PARAM_INVALID'],
    [{ merchant_order_no: 'QT-2026' }, 'PARAM_INVALID'],
    [{ merchant_order_no: 12345 }, 'PARAM_INVALID'],
    [{ auth_code: '' }, 'PARAM_INVALID'],
    [{ pay_method_id: undefined }, 'PARAM_INVALID'],
    [{ price_currency: 'XXX' }, 'PARAM_INVALID'],
    [{ order_amount: RawJson.number('1200.5') }, 'PARAM_INVALID'],
    [{ price_currency: 'USD', order_amount: RawJson.number('12.345') }, 'PARAM_INVALID'],
    [{ order_amount: RawJson.number('0') }, 'PARAM_INVALID'],
    [{ order_amount: RawJson.number('-5') }, 'PARAM_INVALID'],
    [{ order_amount: RawJson.number('1e3') }, 'PARAM_INVALID'],
    [{ order_amount: undefined }, 'PARAM_INVALID'],
    [{ expires: RawJson.number('1.5') }, 'PARAM_INVALID'],
    [{ notify_url: 'not a url' }, 'PARAM_INVALID'],
    [{ description: 'Coffee ☕ is fine, 😀 is not' }, 'PARAM_INVALID'],
    [{ method: 'order.close' }, 'METHOD_UNSUPPORTED'],
    [{ method: 'ORDER.QUERY' }, 'METHOD_UNSUPPORTED'],
    [{ pay_method_id: 'Bitcoin' }, 'PAY_METHOD_UNSUPPORTED'],
    [{ auth_code: '13456789ab' }, 'PARAM_INVALID'],
    [{ method: 'constructor' }, 'METHOD_UNSUPPORTED'],
    [{ method: '__proto__' }, 'METHOD_UNSUPPORTED']
  ] as [Record<string, FieldValue>, string][])('refuses %j with %s', async (overrides, code) => {
    const answer = await postJson(signed(submitFields(overrides)))
    expect(answer).toMatchObject({ status: 200, code, verified: true })
    expect(answer.msg).toBeTruthy()
    expect(sandbox.listOrders()).toEqual([])
  })

  it('accepts the form encoding, dispatching on method under any /api/entry path', async () => {
    const fields = submitFields({ description: 'Café & cake = 2+1' })
    const answer = await postForm(signed(fields))
    expect(answer).toMatchObject({ status: 200, code: '0', verified: true })
    expect(sandbox.getOrder(String(fields['merchant_order_no']))?.description).toBe(
      'Café & cake = 2+1'
    )
    const query = await postJson(
      signed(queryFields(String(fields['merchant_order_no']))),
      '/api/entry/orderquery'
    )
    expect(query.data?.['trans_status']).toBe(2)
  })

  it('refuses a duplicate merchant_order_no and keeps the first order', async () => {
    const fields = submitFields()
    const first = await postJson(signed(fields))
    const second = await postJson(signed({ ...fields, auth_code: '134567890123450051' }))
    expect(second).toMatchObject({ code: 'ORDER_DUPLICATE', verified: true })
    expect(sandbox.listOrders()).toHaveLength(1)
    expect(sandbox.getOrder(String(fields['merchant_order_no']))).toMatchObject({
      transNo: first.data?.['trans_no'],
      transStatus: 2
    })
  })
})

describe('junk and admin routes', () => {
  it.each([
    ['not JSON', 'hello', 'application/json', 400, 'REQUEST_MALFORMED'],
    ['a JSON array', '[1,2]', 'application/json', 400, 'REQUEST_MALFORMED'],
    ['a repeated key', '{"a":"1","a":"2"}', 'application/json', 400, 'REQUEST_MALFORMED'],
    [
      'hostile nesting',
      `{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
      'application/json',
      400,
      'REQUEST_MALFORMED'
    ],
    [
      'a repeated form key',
      'a=1&a=2',
      'application/x-www-form-urlencoded',
      400,
      'REQUEST_MALFORMED'
    ],
    ['an empty JSON object', '{}', 'application/json', 200, 'PARAM_INVALID'],
    ['an empty form', '', 'application/x-www-form-urlencoded', 200, 'PARAM_INVALID'],
    ['text/plain', '{}', 'text/plain', 415, 'MEDIA_TYPE_UNSUPPORTED']
  ])('answers %s with a signed refusal', async (_name, body, contentType, status, code) => {
    const answer = await post(body, contentType)
    expect(answer).toMatchObject({ status, code, verified: true })
  })

  it('refuses a body that is not UTF-8', async () => {
    const answer = await post(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]))
    expect(answer).toMatchObject({
      status: 400,
      code: 'REQUEST_MALFORMED',
      msg: 'The body is not UTF-8'
    })
  })

  it('refuses a body over 64 KiB with 413 and stays up', async () => {
    const big = writeJsonObject(signed(submitFields({ description: 'x'.repeat(70_000) })))
    const answer = await post(big)
    expect(answer).toMatchObject({ status: 413, code: 'REQUEST_TOO_LARGE', verified: true })
    expect((await getJson('/sandbox/health')).json).toEqual({ ok: true })
  })

  it('answers 405 to GET on the entry point and 404 elsewhere', async () => {
    const entry = await fetch(`${sandbox.url}/api/entry`)
    expect(entry.status).toBe(405)
    expect(entry.headers.get('allow')).toBe('POST')
    expect((await fetch(`${sandbox.url}/api/other`, { method: 'POST', body: '{}' })).status).toBe(
      404
    )
    expect((await getJson('/')).status).toBe(404)
    expect((await fetch(`${sandbox.url}/sandbox/health`, { method: 'DELETE' })).status).toBe(405)
  })

  it('survives HTTP that is not HTTP', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(sandbox.url).port), '127.0.0.1')
      let text = ''
      socket.on('data', (chunk) => (text += chunk.toString()))
      socket.on('end', () => resolve(text))
      socket.on('error', reject)
      socket.end('\x00\x01GARBAGE / NOPE\r\n\r\n')
    })
    expect(reply).toMatch(/^HTTP\/1\.1 400/)
    expect((await getJson('/sandbox/health')).json).toEqual({ ok: true })
  })

  it('serves the health check and orders as plain JSON', async () => {
    expect(await getJson('/sandbox/health')).toEqual({ status: 200, json: { ok: true } })
    const fields = submitFields({ auth_code: '134567890123450051' })
    await postJson(signed(fields))
    const orderNo = String(fields['merchant_order_no'])
    const order = await getJson(`/sandbox/orders/${orderNo}`)
    expect(order.status).toBe(200)
    expect(order.json).toEqual({
      merchantOrderNo: orderNo,
      transNo: expect.stringMatching(/^SB/),
      mode: 'CPM',
      payScenario: 'BSCANQR_PAY',
      payMethodId: 'WeChatPay',
      priceCurrency: 'JPY',
      orderAmountMinor: 1200,
      storeNo: keys.storeNo,
      description: 'Sandbox test',
      attach: null,
      notifyUrl: null,
      authCodeLast4: '0051',
      qrcodeUrl: null,
      scenario: 'insufficient-balance',
      createdAt: start,
      expiresAt: start + 60_000,
      transStatus: 1,
      transErrorCode: 'INSUFFICIENT_BALANCE',
      transErrorMsg: 'Insufficient balance',
      transEndTime: '2026-01-15 03:00:00',
      payChannelTransNo: null,
      refundedMinor: 0,
      refundCount: 0
    })
    expect((await getJson('/sandbox/orders/NOSUCHORDER')).status).toBe(404)
    expect((await getJson('/sandbox/orders/%E0%A4%A')).status).toBe(404)
  })

  it('closes promptly with keep-alive connections open', async () => {
    await getJson('/sandbox/health')
    const extra = await startWith()
    await fetch(`${extra.url}/sandbox/health`)
    await extra.close()
    await expect(fetch(`${extra.url}/sandbox/health`)).rejects.toThrow()
  })

  it('keeps every code in one table, with 4xx only for bodies that are not requests', () => {
    expect(
      Object.entries(sandboxErrors)
        .filter(([, entry]) => entry.httpStatus !== 200)
        .map(([code, entry]) => `${code} ${entry.httpStatus}`)
    ).toEqual([
      'REQUEST_MALFORMED 400',
      'REQUEST_TOO_LARGE 413',
      'MEDIA_TYPE_UNSUPPORTED 415',
      'INTERNAL_ERROR 500'
    ])
  })
})
