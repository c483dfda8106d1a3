import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  amountMismatch,
  RawJson,
  scanTopLevel,
  statedAmountOf,
  statedMinor,
  type Gateway,
  type GatewayResult,
  type RawValue,
  type StatedAmount
} from '../../src/main/gateway'
import type { Money } from '../../src/shared/money'
import { generateSandboxCredentials, startSandbox } from '../../src/sandbox'
import type { SandboxCredentials } from '../../src/sandbox'
import { scriptedClient, scriptedServer, signedEnvelope } from './helpers'

const yen1200: Money = { minor: 1200, currency: 'JPY' }

/** The top-level fields of `json` as the client and the receiver read them. */
function sent(json: string): Readonly<Record<string, RawValue>> {
  const scanned = scanTopLevel(json)
  if (!scanned.ok) throw new Error(scanned.reason)
  return scanned.fields
}

function stated(json: string): StatedAmount {
  return statedAmountOf(sent(json))
}

describe('statedAmountOf (API.md §5.5, §5.6, §7, §9)', () => {
  it('keeps the amount as transmitted, not as JSON.parse reads it', () => {
    expect(stated('{"order_amount":12.00,"price_currency":"USD"}')).toEqual({
      amount: '12.00',
      field: 'order_amount',
      currency: 'USD'
    })
    expect(stated('{"order_amount":1200.00000000000001}').amount).toBe('1200.00000000000001')
    expect(stated('{"order_amount":"1200"}').amount).toBe('1200')
    expect(stated('{"order_amount":1e22}').amount).toBe('1e22')
  })

  it('reads order_amount first, trans_amount only when order_amount is not sent', () => {
    expect(stated('{"order_amount":500,"trans_amount":99999}')).toMatchObject({
      amount: '500',
      field: 'order_amount'
    })
    expect(stated('{"trans_amount":1200}')).toMatchObject({
      amount: '1200',
      field: 'trans_amount'
    })
    for (const absent of ['null', '""']) {
      expect(stated(`{"order_amount":${absent},"trans_amount":1200}`).field).toBe('trans_amount')
    }
    // Sent but unreadable is still what the gateway says: trans_amount does not replace it.
    expect(stated('{"order_amount":"12,000","trans_amount":1200}')).toMatchObject({
      amount: '12,000',
      field: 'order_amount'
    })
  })

  it('states nothing when nothing is sent', () => {
    expect(stated('{"trans_status":2,"price_currency":null}')).toEqual({
      amount: null,
      field: null,
      currency: null
    })
  })
})

describe('amountMismatch', () => {
  it('matches our amount in our currency, or without a currency', () => {
    for (const json of [
      '{"order_amount":1200,"price_currency":"JPY"}',
      '{"order_amount":1200.0,"price_currency":"JPY"}',
      '{"order_amount":"1200","price_currency":"JPY"}',
      '{"order_amount":1200}',
      '{"trans_amount":1200}'
    ]) {
      expect(amountMismatch(stated(json), yen1200), json).toBeNull()
    }
    const dollars: Money = { minor: 1230, currency: 'USD' }
    expect(amountMismatch(stated('{"order_amount":12.30,"price_currency":"USD"}'), dollars)).toBe(
      null
    )
    expect(amountMismatch(stated('{"order_amount":"12.3"}'), dollars)).toBeNull()
    expect(amountMismatch(stated('{"order_amount":0.05}'), { minor: 5, currency: 'USD' })).toBe(
      null
    )
  })

  it('refuses another currency, an unknown code, another spelling', () => {
    for (const currency of ['"USD"', '"XXX"', '"jpy"', '" JPY"', '392', 'true']) {
      const json = `{"order_amount":12.00,"price_currency":${currency}}`
      expect(amountMismatch(stated(json), yen1200), json).toMatch(/currency/)
    }
    const usdForYen = stated('{"order_amount":12.00,"price_currency":"USD"}')
    expect(amountMismatch(usdForYen, yen1200)).toBe(
      'The gateway states the currency "USD"; the till expects JPY.'
    )
  })

  it('refuses an amount it cannot read in the currency', () => {
    for (const amount of [
      '"1200.5"',
      '1200.00000000000001',
      '"12,000"',
      '1e22',
      '12E2',
      '"1200 "',
      '" 1200"',
      '"01200"',
      '"-1200"',
      '-1200',
      '"+1200"',
      '"0x4B0"',
      '"１２００"',
      '"1200."',
      '".5"',
      '"Infinity"',
      '"NaN"',
      'true',
      '[1200]',
      '{"v":1200}',
      `"${'9'.repeat(400)}"`
    ]) {
      const json = `{"order_amount":${amount},"price_currency":"JPY"}`
      expect(amountMismatch(stated(json), yen1200), json).toMatch(/is not a JPY amount/)
    }
    expect(
      amountMismatch(stated('{"order_amount":12.345}'), { minor: 1234, currency: 'USD' })
    ).toBe('The order_amount "12.345" is not a USD amount.')
  })

  it('refuses another amount, and quotes what it was sent briefly', () => {
    expect(amountMismatch(stated('{"order_amount":1300,"price_currency":"JPY"}'), yen1200)).toBe(
      'The order_amount "1300" JPY is not the expected amount.'
    )
    expect(amountMismatch(stated('{"order_amount":99999}'), yen1200)).toMatch(/not the expected/)
    expect(amountMismatch(stated('{"order_amount":0}'), yen1200)).toMatch(/not the expected/)
    const long = amountMismatch(stated(`{"order_amount":"${'1'.repeat(200)}"}`), yen1200)
    expect(long?.length).toBeLessThan(100)
  })

  it('refuses a missing amount, unless the rule allows it (a notification)', () => {
    const none = stated('{"price_currency":"JPY"}')
    expect(amountMismatch(none, yen1200)).toBe('The gateway states no amount to compare.')
    expect(amountMismatch(none, yen1200, { allowMissing: true })).toBeNull()
    // Allowed missing, a present amount is still judged.
    const wrong = stated('{"order_amount":"1200.5"}')
    expect(amountMismatch(wrong, yen1200, { allowMissing: true })).toMatch(/not a JPY amount/)
    const dollars = stated('{"price_currency":"USD"}')
    expect(amountMismatch(dollars, yen1200, { allowMissing: true })).toMatch(/currency/)
  })
})

describe('statedMinor, for display', () => {
  it('gives minor units of the stated currency, or null', () => {
    expect(statedMinor(stated('{"order_amount":12.30,"price_currency":"USD"}'))).toBe(1230)
    expect(statedMinor(stated('{"order_amount":1200,"price_currency":"JPY"}'))).toBe(1200)
    expect(statedMinor(stated('{"order_amount":1200}'))).toBeNull()
    expect(statedMinor(stated('{"order_amount":1200,"price_currency":"XXX"}'))).toBeNull()
    expect(statedMinor(stated('{"order_amount":"1200.5","price_currency":"JPY"}'))).toBeNull()
    expect(statedMinor(stated('{"order_amount":1e3,"price_currency":"JPY"}'))).toBeNull()
  })
})

describe('the client states what each reply says (API.md §5.2, §5.5, §5.6)', () => {
  let keys: SandboxCredentials
  const cleanups: (() => Promise<void>)[] = []

  beforeAll(async () => {
    keys = await generateSandboxCredentials()
  })

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup()
  })

  /** A signed gateway answering every call with `data`, given as its transmitted text. */
  async function answering(data: string | RawJson): Promise<Gateway> {
    const server = await scriptedServer((_body, _request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end(signedEnvelope({ code: '0', msg: 'Success', data }, keys.gatewayPrivateKeyPem))
    })
    cleanups.push(() => server.close())
    return scriptedClient(server.url, keys, Date.now)
  }

  function success<T>(result: GatewayResult<T>): T {
    if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`)
    return result.value
  }

  it('order.query: from the transmitted text, with its currency', async () => {
    const data = '{"trans_no":"T1","trans_status":2,"price_currency":"USD","order_amount":12.00}'
    const reply = success(await (await answering(data)).queryOrder({ merchantOrderNo: 'QT1' }))
    expect(reply.stated).toEqual({ amount: '12.00', field: 'order_amount', currency: 'USD' })
    expect(reply.orderAmountMinor).toBe(1200)
    expect(reply.amountMismatch(yen1200)).toMatch(/currency "USD"/)
    expect(reply.amountMismatch({ minor: 1200, currency: 'USD' })).toBeNull()
  })

  it('order.query: data sent as an object keeps its literals too (§3, unknown 5)', async () => {
    const data = new RawJson(
      '{"trans_no":"T1","trans_status":2,"order_amount":1200.00000000000001}'
    )
    const reply = success(await (await answering(data)).queryOrder({ merchantOrderNo: 'QT1' }))
    expect(reply.raw['order_amount']).toBe(1200)
    expect(reply.stated.amount).toBe('1200.00000000000001')
    expect(reply.amountMismatch(yen1200)).toMatch(/not a JPY amount/)
  })

  it('order.query: falls back to trans_amount, and states nothing when nothing is sent', async () => {
    const withTrans = await answering('{"trans_no":"T1","trans_status":2,"trans_amount":1200}')
    const reply = success(await withTrans.queryOrder({ merchantOrderNo: 'QT1' }))
    expect(reply.stated).toEqual({ amount: '1200', field: 'trans_amount', currency: null })
    expect(reply.amountMismatch(yen1200)).toBeNull()

    const bare = await answering('{"trans_no":"T1","trans_status":2}')
    const none = success(await bare.queryOrder({ merchantOrderNo: 'QT1' }))
    expect(none.stated).toEqual({ amount: null, field: null, currency: null })
    expect(none.amountMismatch(yen1200)).toBe('The gateway states no amount to compare.')
  })

  it('order.query: odd amount fields do not hide the status', async () => {
    const data =
      '{"trans_no":"T1","trans_status":1,"price_currency":{"code":"JPY"},"order_amount":[1],' +
      '"trans_amount":true,"trans_error_code":"INSUFFICIENT_BALANCE"}'
    const reply = success(await (await answering(data)).queryOrder({ merchantOrderNo: 'QT1' }))
    expect(reply).toMatchObject({ transStatus: 1, errorCode: 'INSUFFICIENT_BALANCE' })
    expect(reply.amountMismatch(yen1200)).not.toBeNull()
  })

  it('refuses data with a repeated key: JSON.parse and the signed text would disagree', async () => {
    const data =
      '{"trans_no":"T1","trans_status":2,"order_amount":1300,"order_amount":1200,' +
      '"price_currency":"JPY"}'
    const result = await (await answering(data)).queryOrder({ merchantOrderNo: 'QT1' })
    expect(result).toMatchObject({ ok: false, error: { kind: 'malformed' } })
    expect(!result.ok && result.error.message).toMatch(/repeated key "order_amount"/)
  })

  it('order.refund.query: 5.00 USD is not ¥500, "500.7" is not a yen amount', async () => {
    const yen500: Money = { minor: 500, currency: 'JPY' }
    const usd = await answering(
      '{"trans_no":"R1","trans_status":2,"merchant_order_no":"QR1","price_currency":"USD",' +
        '"order_amount":5.00}'
    )
    const dollars = success(await usd.queryRefund({ merchantOrderNo: 'QR1' }))
    expect(dollars.stated).toEqual({ amount: '5.00', field: 'order_amount', currency: 'USD' })
    expect(dollars.amountMismatch(yen500)).toMatch(/currency "USD"/)

    const fraction = await answering(
      '{"trans_no":"R1","trans_status":2,"price_currency":"JPY","order_amount":"500.7"}'
    )
    const odd = success(await fraction.queryRefund({ merchantOrderNo: 'QR1' }))
    expect(odd.amountMinor).toBeNull()
    expect(odd.amountMismatch(yen500)).toMatch(/not a JPY amount/)

    const legacy = await answering(
      '{"trans_no":"R1","trans_status":2,"price_currency":"JPY","trans_amount":500}'
    )
    const byTrans = success(await legacy.queryRefund({ merchantOrderNo: 'QR1' }))
    expect(byTrans.stated.field).toBe('trans_amount')
    expect(byTrans.amountMismatch(yen500)).toBeNull()
  })

  it('bscanc.pay.submit: a paid reply states trans_amount (§5.2)', async () => {
    const paid = await answering('{"trans_no":"T1","trans_status":2,"trans_amount":12.00}')
    const request = {
      merchantOrderNo: 'QT20260115030000T0001',
      authCode: '134567890123456789',
      payMethodId: 'WeChatPay',
      amount: yen1200,
      description: 'QR Till sale',
      expiresSeconds: 60
    }
    const reply = success(await paid.submitCpm(request))
    expect(reply.stated).toEqual({ amount: '12.00', field: 'trans_amount', currency: null })
    // ¥12, not ¥1,200: a yen amount, not ours.
    expect(reply.amountMismatch(yen1200)).toMatch(/not the expected amount/)
    expect(reply.amountMismatch({ minor: 12, currency: 'JPY' })).toBeNull()

    const pending = await answering('{"trans_no":"T1","trans_status":0}')
    const open = success(await pending.submitCpm(request))
    expect(open.stated).toEqual({ amount: null, field: null, currency: null })
  })

  it('the sandbox: a paid submit, its query and a refund query all state our amount', async () => {
    const sandbox = await startSandbox({
      appId: keys.appId,
      merchantNo: keys.merchantNo,
      storeNo: keys.storeNo,
      appPublicKeyPem: keys.appPublicKeyPem,
      gatewayPrivateKeyPem: keys.gatewayPrivateKeyPem
    })
    cleanups.push(() => sandbox.close())
    const till = scriptedClient(sandbox.url, keys, Date.now)
    for (const amount of [yen1200, { minor: 1230, currency: 'USD' } satisfies Money]) {
      const merchantOrderNo = `QT20260115030000S${amount.currency}`
      const submitted = success(
        await till.submitCpm({
          merchantOrderNo,
          authCode: '134567890123456789',
          payMethodId: 'WeChatPay',
          amount,
          description: 'QR Till sale',
          expiresSeconds: 60
        })
      )
      expect(submitted.transStatus).toBe(2)
      expect(submitted.amountMismatch(amount)).toBeNull()
      const queried = success(await till.queryOrder({ merchantOrderNo }))
      expect(queried.stated).toMatchObject({ field: 'order_amount', currency: amount.currency })
      expect(queried.amountMismatch(amount)).toBeNull()

      const refundNo = `QR20260115030000S${amount.currency}`
      const part: Money = { minor: 5, currency: amount.currency }
      success(
        await till.submitRefund({
          origMerchantOrderNo: merchantOrderNo,
          merchantOrderNo: refundNo,
          amount: part
        })
      )
      const refund = success(await till.queryRefund({ merchantOrderNo: refundNo }))
      expect(refund.amountMismatch(part)).toBeNull()
    }
  })
})
