import { createServer } from 'node:http'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  createGatewayClient,
  scanTopLevel,
  signFields,
  verifyFields,
  writeJsonObject
} from '../../src/main/gateway'
import type {
  Gateway,
  GatewayClientDeps,
  GatewayConfig,
  GatewayError,
  GatewayResult,
  SubmitCpmRequest
} from '../../src/main/gateway'
import { setLogSink, type LogSink } from '../../src/main/log'
import type { Money } from '../../src/shared/money'
import { generateSandboxCredentials, startSandbox } from '../../src/sandbox'
import type { Sandbox, SandboxCredentials, SandboxOptions } from '../../src/sandbox'
import {
  closeServer,
  fieldsOf,
  firstRequestMethod,
  listen,
  recordingTcp,
  recordingTransport,
  scriptedServer,
  signedEnvelope,
  wholeRequest,
  type ScriptedServer
} from './helpers'

const start = Date.UTC(2026, 0, 15, 3, 0, 0)
let clock = start
const now = (): number => clock

let keys: SandboxCredentials
let strangers: SandboxCredentials
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  ;[keys, strangers] = await Promise.all([
    generateSandboxCredentials(),
    generateSandboxCredentials()
  ])
  // The gateway logs every call; these tests read the records, not the console.
  setLogSink(() => undefined, 'debug')
})

afterEach(async () => {
  clock = start
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

afterAll(() => setLogSink(() => undefined, 'error'))

async function sandbox(overrides: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  const running = await startSandbox({
    appId: keys.appId,
    merchantNo: keys.merchantNo,
    storeNo: keys.storeNo,
    appPublicKeyPem: keys.appPublicKeyPem,
    gatewayPrivateKeyPem: keys.gatewayPrivateKeyPem,
    now,
    ...overrides
  })
  cleanups.push(() => running.close())
  return running
}

function client(
  baseUrl: string,
  overrides: Partial<GatewayConfig> = {},
  deps: GatewayClientDeps = {}
): Gateway {
  return createGatewayClient(
    {
      baseUrl,
      appId: keys.appId,
      merchantNo: keys.merchantNo,
      storeNo: keys.storeNo,
      appPrivateKeyPem: keys.appPrivateKeyPem,
      gatewayPublicKeyPem: keys.gatewayPublicKeyPem,
      timeoutMs: 5_000,
      ...overrides
    },
    { now, ...deps }
  )
}

async function scripted(answer: Parameters<typeof scriptedServer>[0]): Promise<ScriptedServer> {
  const server = await scriptedServer(answer)
  cleanups.push(() => server.close())
  return server
}

let orderSeq = 0
function submitRequest(
  authCode: string,
  amount: Money = { minor: 1200, currency: 'JPY' }
): SubmitCpmRequest {
  orderSeq += 1
  return {
    merchantOrderNo: `QT20260115030000T${String(orderSeq).padStart(4, '0')}`,
    authCode,
    payMethodId: 'WeChatPay',
    amount,
    description: 'QR Till sale',
    expiresSeconds: 60
  }
}

function failure<T>(result: GatewayResult<T>): GatewayError {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`)
  return result.error
}

function success<T>(result: GatewayResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`)
  return result.value
}

const paidCode = '134567890123456789'

describe('client and sandbox over real HTTP', () => {
  it('pays at once, and the query agrees with the sandbox record', async () => {
    const gateway = await sandbox()
    const till = client(gateway.url)
    const request = submitRequest(paidCode)

    const submitted = await till.submitCpm(request)
    expect(submitted.ok && submitted.psn).toMatch(/^PSN-/)
    const reply = success(submitted)
    const order = gateway.getOrder(request.merchantOrderNo)
    expect(reply.transStatus).toBe(2)
    expect(reply.transNo).toBe(order?.transNo)
    expect(reply.raw).toMatchObject({
      trans_no: order?.transNo,
      trans_status: 2,
      trans_amount: 1200,
      paid_amount: 1200,
      trans_end_time: '2026-01-15 03:00:00'
    })
    expect(order).toMatchObject({
      transStatus: 2,
      priceCurrency: 'JPY',
      orderAmountMinor: 1200,
      payMethodId: 'WeChatPay',
      description: 'QR Till sale',
      storeNo: keys.storeNo,
      authCodeLast4: '6789',
      scenario: 'paid'
    })
    expect(JSON.stringify(gateway.listOrders())).not.toContain(paidCode)

    const queried = success(await till.queryOrder({ merchantOrderNo: request.merchantOrderNo }))
    expect(queried).toMatchObject({
      transNo: order?.transNo,
      transStatus: 2,
      merchantOrderNo: request.merchantOrderNo,
      orderAmountMinor: 1200,
      payMethodId: 'WeChatPay',
      errorCode: null,
      errorMessage: null
    })
  })

  it('sends decimal major units as the signed number literal (API.md §9)', async () => {
    const gateway = await sandbox()
    const spy = recordingTransport()
    const till = client(gateway.url, {}, { transport: spy.transport })

    const usd = submitRequest(paidCode, { minor: 1230, currency: 'USD' })
    success(await till.submitCpm(usd))
    expect(spy.calls[0]?.body).toContain('"order_amount":12.30,')
    expect(spy.calls[0]?.body).toContain('"timestamp":1768446000000,')
    expect(gateway.getOrder(usd.merchantOrderNo)?.orderAmountMinor).toBe(1230)
    const queried = success(await till.queryOrder({ merchantOrderNo: usd.merchantOrderNo }))
    expect(queried.orderAmountMinor).toBe(1230)

    const cents = submitRequest(paidCode, { minor: 5, currency: 'USD' })
    success(await till.submitCpm(cents))
    expect(spy.calls[2]?.body).toContain('"order_amount":0.05,')
    expect(gateway.getOrder(cents.merchantOrderNo)?.orderAmountMinor).toBe(5)
  })

  it.each([
    ['134567890123450051', 'INSUFFICIENT_BALANCE', 'Insufficient balance'],
    ['134567890123450052', 'AUTH_CODE_EXPIRED', 'Payment code expired, ask for a fresh one']
  ])('declines %s with the reason on query', async (authCode, errorCode, errorMessage) => {
    const gateway = await sandbox()
    const till = client(gateway.url)
    const request = submitRequest(authCode)

    const reply = success(await till.submitCpm(request))
    expect(reply.transStatus).toBe(1)
    expect(reply.raw).not.toHaveProperty('paid_amount')
    const queried = success(await till.queryOrder({ merchantOrderNo: request.merchantOrderNo }))
    expect(queried).toMatchObject({ transStatus: 1, errorCode, errorMessage })
  })

  it('reports processing, then paid once the sandbox clock passes 3 s', async () => {
    const gateway = await sandbox()
    const till = client(gateway.url)
    const request = submitRequest('134567890123450061')

    expect(success(await till.submitCpm(request)).transStatus).toBe(0)
    const query = (): ReturnType<Gateway['queryOrder']> =>
      till.queryOrder({ merchantOrderNo: request.merchantOrderNo })
    expect(success(await query()).transStatus).toBe(0)
    clock += 2_999
    expect(success(await query()).transStatus).toBe(0)
    clock += 1
    const paid = success(await query())
    expect(paid.transStatus).toBe(2)
    expect(paid.raw['trans_end_time']).toBe('2026-01-15 03:00:03')
    expect(paid.raw['paid_amount']).toBe(1200)
  })

  it('speaks the form encoding the Java SDKs use, signing the same text it sends', async () => {
    const gateway = await sandbox()
    const spy = recordingTransport()
    const till = client(gateway.url, { bodyEncoding: 'form' }, { transport: spy.transport })
    const request = {
      ...submitRequest(paidCode, { minor: 1230, currency: 'USD' }),
      description: 'Café & cake = 2+1 100%'
    }

    expect(success(await till.submitCpm(request)).transStatus).toBe(2)
    expect(spy.calls[0]?.contentType).toBe('application/x-www-form-urlencoded')
    const form = new URLSearchParams(spy.calls[0]?.body)
    expect(form.get('order_amount')).toBe('12.30')
    expect(form.get('timestamp')).toBe(String(start))
    expect(form.get('description')).toBe('Café & cake = 2+1 100%')
    expect(form.has('notify_url')).toBe(false)
    expect(gateway.getOrder(request.merchantOrderNo)?.description).toBe('Café & cake = 2+1 100%')
    const queried = success(await till.queryOrder({ merchantOrderNo: request.merchantOrderNo }))
    expect(queried.transStatus).toBe(2)
  })

  it('posts JSON to /api/entry, or to the configured suffix (API.md §1.2)', async () => {
    const gateway = await sandbox()
    const spy = recordingTransport()
    const bare = client(`${gateway.url}/`, {}, { transport: spy.transport })
    const request = submitRequest(paidCode)
    success(await bare.submitCpm(request))
    expect(spy.calls[0]?.url).toBe(`${gateway.url}/api/entry`)
    expect(spy.calls[0]?.contentType).toBe('application/json')

    const suffixed = client(
      gateway.url,
      { pathSuffixes: { 'bscanc.pay.submit': 'cpm', 'order.query': '/orderquery/' } },
      { transport: spy.transport }
    )
    success(await suffixed.submitCpm(submitRequest(paidCode)))
    success(await suffixed.queryOrder({ merchantOrderNo: request.merchantOrderNo }))
    expect(spy.calls.slice(1).map((call) => call.url)).toEqual([
      `${gateway.url}/api/entry/cpm`,
      `${gateway.url}/api/entry/orderquery`
    ])
  })

  it('never logs the auth code, a key or a signature', async () => {
    const records: Parameters<LogSink>[0][] = []
    setLogSink((record) => records.push(record), 'debug')
    try {
      const gateway = await sandbox()
      const spy = recordingTransport()
      const till = client(gateway.url, {}, { transport: spy.transport })
      success(await till.submitCpm(submitRequest(paidCode)))
      const { sign } = JSON.parse(spy.calls[0]?.body ?? '{}') as { sign?: string }
      expect(sign).toMatch(/^[A-Za-z0-9+/]{300,}={0,2}$/)
      const text = JSON.stringify(records)
      expect(
        records.some((record) => record.tag === 'gateway' && record.message === 'request')
      ).toBe(true)
      expect(text).toContain('…6789')
      expect(text).not.toContain(paidCode)
      expect(text).not.toContain('PRIVATE KEY')
      expect(text).not.toContain(sign?.slice(0, 40))
    } finally {
      setLogSink(() => undefined, 'debug')
    }
  })

  it('refuses a caller bug before sending anything', async () => {
    const gateway = await sandbox()
    const till = client(gateway.url)
    await expect(
      till.submitCpm(submitRequest(paidCode, { minor: 12.5, currency: 'JPY' }))
    ).rejects.toThrow(RangeError)
    await expect(till.submitCpm({ ...submitRequest(paidCode), expiresSeconds: 0 })).rejects.toThrow(
      RangeError
    )
    expect(gateway.listOrders()).toEqual([])
  })

  it('will not talk plain HTTP to anything but this machine (API.md §1.3)', () => {
    expect(() => client('http://gateway.example.jp')).toThrow(/HTTPS/)
    expect(() => client('http://localhost:1')).not.toThrow()
    expect(() => client('https://open.n-age.co.jp')).not.toThrow()
    expect(() =>
      client('https://open.n-age.co.jp', { pathSuffixes: { 'order.query': '?x=1' } })
    ).toThrow(/path suffix/)
  })
})

describe('the sandbox refusing bad requests, as the client sees it', () => {
  it('refuses a request signed with another app key', async () => {
    const gateway = await sandbox()
    const till = client(gateway.url, { appPrivateKeyPem: strangers.appPrivateKeyPem })
    const error = failure(await till.submitCpm(submitRequest(paidCode)))
    expect(error).toMatchObject({ kind: 'rejected', code: 'SIGN_INVALID', signed: true })
    expect(gateway.listOrders()).toEqual([])
  })

  it('refuses a timestamp more than 15 minutes off, and accepts one just inside', async () => {
    const gateway = await sandbox()
    const late = client(gateway.url, {}, { now: () => clock - 15 * 60_000 - 1 })
    const early = client(gateway.url, {}, { now: () => clock + 15 * 60_000 + 1 })
    const inside = client(gateway.url, {}, { now: () => clock - 15 * 60_000 })
    expect(failure(await late.submitCpm(submitRequest(paidCode)))).toMatchObject({
      kind: 'rejected',
      code: 'TIMESTAMP_EXPIRED',
      signed: true
    })
    expect(failure(await early.submitCpm(submitRequest(paidCode)))).toMatchObject({
      code: 'TIMESTAMP_EXPIRED'
    })
    expect(success(await inside.submitCpm(submitRequest(paidCode))).transStatus).toBe(2)
    expect(gateway.listOrders()).toHaveLength(1)
  })

  it('refuses another merchant, another store and another app id', async () => {
    const gateway = await sandbox()
    const cases: [Partial<GatewayConfig>, string][] = [
      [{ merchantNo: strangers.merchantNo }, 'MERCHANT_INVALID'],
      [{ storeNo: strangers.storeNo }, 'MERCHANT_INVALID'],
      [{ appId: strangers.appId }, 'APP_ID_INVALID']
    ]
    for (const [overrides, code] of cases) {
      const error = failure(await client(gateway.url, overrides).submitCpm(submitRequest(paidCode)))
      expect(error).toMatchObject({ kind: 'rejected', code, signed: true })
      expect(error.kind === 'rejected' && error.psn).toMatch(/^PSN-/)
    }
    expect(gateway.listOrders()).toEqual([])
  })

  it('refuses a second payment with the same merchant_order_no (API.md §6.4)', async () => {
    const gateway = await sandbox()
    const till = client(gateway.url)
    const request = submitRequest(paidCode)
    const first = success(await till.submitCpm(request))
    const again = failure(await till.submitCpm({ ...request, authCode: '134567890123450051' }))
    expect(again).toMatchObject({ kind: 'rejected', code: 'ORDER_DUPLICATE', signed: true })
    expect(gateway.listOrders()).toHaveLength(1)
    expect(gateway.getOrder(request.merchantOrderNo)).toMatchObject({
      transNo: first.transNo,
      transStatus: 2,
      authCodeLast4: '6789'
    })
  })

  it('answers an unknown order with a signed ORDER_NOT_FOUND', async () => {
    const gateway = await sandbox()
    const error = failure(
      await client(gateway.url).queryOrder({ merchantOrderNo: 'QT0000NEVERSENT' })
    )
    expect(error).toMatchObject({
      kind: 'rejected',
      code: 'ORDER_NOT_FOUND',
      message: 'No such order',
      signed: true
    })
  })
})

describe('replies the client must not trust', () => {
  it('calls a success signed by another gateway key signature-invalid', async () => {
    const impostor = await sandbox({ gatewayPrivateKeyPem: strangers.gatewayPrivateKeyPem })
    const till = client(impostor.url)
    expect(failure(await till.submitCpm(submitRequest(paidCode))).kind).toBe('signature-invalid')
    // A refusal with a bad signature still reads as a refusal, marked unsigned.
    expect(failure(await till.queryOrder({ merchantOrderNo: 'QT0000NEVERSENT' }))).toMatchObject({
      kind: 'rejected',
      code: 'ORDER_NOT_FOUND',
      signed: false
    })
  })

  it('times out on a gateway that never answers', async () => {
    const silent = createServer(() => undefined)
    const url = await listen(silent)
    cleanups.push(() => closeServer(silent))
    const error = failure(await client(url, { timeoutMs: 150 }).submitCpm(submitRequest(paidCode)))
    expect(error).toEqual({
      kind: 'timeout',
      phase: 'total',
      message: 'The gateway did not answer within 150 ms.'
    })
  })

  it('times out on a gateway that stalls halfway through its reply', async () => {
    const server = await scripted((_body, _request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.write('{"code":"0",')
    })
    const error = failure(
      await client(server.url, { timeoutMs: 150 }).submitCpm(submitRequest(paidCode))
    )
    expect(error.kind).toBe('timeout')
  })

  it('reports a port with nothing listening as a network failure', async () => {
    const closed = createServer()
    const url = await listen(closed)
    await closeServer(closed)
    const error = failure(await client(url).submitCpm(submitRequest(paidCode)))
    expect(error.kind).toBe('network')
    expect(error.message).toContain('ECONNREFUSED')
  })

  it('calls a non-JSON answer malformed', async () => {
    const server = await scripted((_body, _request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' })
      response.end('<html>Service Unavailable</html>')
    })
    const error = failure(await client(server.url).submitCpm(submitRequest(paidCode)))
    expect(error.kind).toBe('malformed')
    expect(error.message).toMatch(/not a JSON object/)
  })

  it('calls a non-200 answer malformed, even with a valid envelope', async () => {
    const server = await scripted((_body, _request, response) => {
      response.writeHead(502, { 'Content-Type': 'application/json' })
      response.end(signedEnvelope({ code: 'X', msg: 'Bad gateway' }, keys.gatewayPrivateKeyPem))
    })
    const error = failure(await client(server.url).submitCpm(submitRequest(paidCode)))
    expect(error).toEqual({ kind: 'malformed', message: 'The gateway answered HTTP 502.' })
  })

  /** A gateway that answers every call with `fields`, signed with the real gateway key. */
  async function answering(fields: Parameters<typeof signedEnvelope>[0]): Promise<Gateway> {
    const server = await scripted((_body, _request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end(signedEnvelope(fields, keys.gatewayPrivateKeyPem))
    })
    return client(server.url)
  }

  it('calls a signed code "0" without data malformed', async () => {
    const till = await answering({ code: '0', msg: 'Success', psn: 'P1' })
    const error = failure(await till.submitCpm(submitRequest(paidCode)))
    expect(error).toEqual({ kind: 'malformed', message: 'The gateway reply has no data.' })
  })

  it('calls signed data without trans_status, or with an unknown one, malformed', async () => {
    const missing = await answering({ code: '0', data: '{"trans_no":"T1"}' })
    expect(failure(await missing.submitCpm(submitRequest(paidCode))).kind).toBe('malformed')
    const unknown = await answering({ code: '0', data: '{"trans_no":"T1","trans_status":5}' })
    expect(failure(await unknown.submitCpm(submitRequest(paidCode))).kind).toBe('malformed')
    const notJson = await answering({ code: '0', data: '{trans_no:T1}' })
    expect(failure(await notJson.submitCpm(submitRequest(paidCode))).message).toBe(
      'The gateway reply data is not JSON.'
    )
  })

  it('calls an unsigned success signature-invalid', async () => {
    const server = await scripted((_body, _request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end(
        '{"code":"0","msg":"Success","data":"{\\"trans_no\\":\\"T1\\",\\"trans_status\\":2}"}'
      )
    })
    const error = failure(await client(server.url).submitCpm(submitRequest(paidCode)))
    expect(error).toEqual({ kind: 'signature-invalid', message: 'The gateway reply is unsigned.' })
  })

  it('reads an unsigned refusal as a refusal, marked unsigned', async () => {
    const server = await scripted((_body, _request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end('{"code":"SYS001","msg":"System error","psn":"P9"}')
    })
    const error = failure(await client(server.url).submitCpm(submitRequest(paidCode)))
    expect(error).toEqual({
      kind: 'rejected',
      code: 'SYS001',
      message: 'System error',
      psn: 'P9',
      signed: false,
      definite: false,
      meaning: null
    })
  })

  it('gives a refusal the meaning the settings give its code, only when signed and not a "System error"', async () => {
    const answer = (code: string, msg: string, key: string): Promise<ScriptedServer> =>
      scripted((_body, _request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' })
        response.end(signedEnvelope({ code, msg, psn: 'P1' }, key))
      })
    const meanings = {
      refusalMeanings: { unknownNumber: ['E404', 'E405'], cannotCancel: ['E_NOCANCEL'] }
    }
    const cases: [string, string, string, string | null][] = [
      // code, msg, signing key, meaning
      ['E404', 'Order does not exist', keys.gatewayPrivateKeyPem, 'unknownNumber'],
      ['E405', 'Refund does not exist', keys.gatewayPrivateKeyPem, 'unknownNumber'],
      ['E_NOCANCEL', 'Cannot cancel', keys.gatewayPrivateKeyPem, 'cannotCancel'],
      ['E999', 'Order does not exist', keys.gatewayPrivateKeyPem, null],
      ['E404', 'Order does not exist', strangers.gatewayPrivateKeyPem, null],
      ['E404', 'System error', keys.gatewayPrivateKeyPem, null]
    ]
    for (const [code, msg, key, expected] of cases) {
      const server = await answer(code, msg, key)
      const error = failure(
        await client(server.url, meanings).queryOrder({ merchantOrderNo: 'QT1' })
      )
      expect({
        code,
        msg,
        meaning: error.kind === 'rejected' ? error.meaning : 'not rejected'
      }).toEqual({ code, msg, meaning: expected })
    }
    // Without the setting, no code means anything: not even the sandbox's own names.
    const server = await answer('ORDER_NOT_FOUND', 'No such order', keys.gatewayPrivateKeyPem)
    expect(failure(await client(server.url).queryOrder({ merchantOrderNo: 'QT1' }))).toMatchObject({
      signed: true,
      meaning: null
    })
    expect(() => client(server.url, { refusalMeanings: { cancelTooEarly: ['0'] } })).toThrow(
      /cannot list/
    )
    expect(() =>
      client(server.url, {
        refusalMeanings: { unknownNumber: ['E1'], refundNumberUsed: ['E2', 'E1'] }
      })
    ).toThrow(/"E1" under both unknownNumber and refundNumberUsed/)
  })

  it('calls a refusal definite only when it is signed, listed, and not a "System error"', async () => {
    const answer = (
      code: string,
      msg: string,
      key = keys.gatewayPrivateKeyPem
    ): Promise<ScriptedServer> =>
      scripted((_body, _request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' })
        response.end(signedEnvelope({ code, msg, psn: 'P1' }, key))
      })
    const definite = { definiteRefusalCodes: ['E_PARAM', 'E_SYS'] }
    const cases: [string, string, string, boolean][] = [
      // code, msg, signing key, definite?
      ['E_PARAM', 'Parameter invalid', keys.gatewayPrivateKeyPem, true],
      // API.md §3: a code nobody listed is an unknown outcome, whatever its words.
      ['E9999', 'システムエラー', keys.gatewayPrivateKeyPem, false],
      ['E9999', 'Declined', keys.gatewayPrivateKeyPem, false],
      ['E_PARAM', 'Parameter invalid', strangers.gatewayPrivateKeyPem, false],
      ['E_SYS', 'System error', keys.gatewayPrivateKeyPem, false]
    ]
    for (const [code, msg, key, expected] of cases) {
      const server = await answer(code, msg, key)
      const error = failure(await client(server.url, definite).submitCpm(submitRequest(paidCode)))
      expect({ code, msg, definite: error.kind === 'rejected' && error.definite }).toEqual({
        code,
        msg,
        definite: expected
      })
    }
    // Without the setting, no refusal is definite.
    const server = await answer('E_PARAM', 'Parameter invalid')
    expect(failure(await client(server.url).submitCpm(submitRequest(paidCode)))).toMatchObject({
      signed: true,
      definite: false
    })
    expect(() => client(server.url, { definiteRefusalCodes: ['0'] })).toThrow(/cannot list/)
  })

  it('verifies raw literals, accepts data as an object, statuses and amounts as strings', async () => {
    const request = { merchantOrderNo: 'QT1' }
    // Signed over `order_amount":1200.0` inside the object's raw text and the top-level `1.0`.
    const body =
      '{"code":"0","msg":"Success","psn":"P2","extra":1.0,' +
      '"data":{"trans_no":"T1","trans_status":"2","merchant_order_no":"QT1",' +
      '"price_currency":"JPY","order_amount":"1200.0","pay_method_id":"PayPay","trans_error_code":null}}'
    const scanned = scanTopLevel(body)
    if (!scanned.ok) throw new Error(scanned.reason)
    const signed = writeJsonObject({
      ...scanned.fields,
      sign: signFields(scanned.fields, keys.gatewayPrivateKeyPem)
    })
    expect(signed).toContain('"extra":1.0,')
    const server = await scripted((_body, _request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end(signed)
    })
    const reply = success(await client(server.url).queryOrder(request))
    expect(reply).toMatchObject({
      transNo: 'T1',
      transStatus: 2,
      merchantOrderNo: 'QT1',
      orderAmountMinor: 1200,
      payMethodId: 'PayPay',
      errorCode: null
    })
  })

  it('takes a query answer that does not name its order as about the order asked for', async () => {
    const till = await answering({ code: '0', data: '{"trans_no":"T1","trans_status":1}' })
    const reply = success(await till.queryOrder({ merchantOrderNo: 'QT1' }))
    expect(reply).toMatchObject({ merchantOrderNo: 'QT1', transStatus: 1, orderAmountMinor: null })
  })

  it('refuses an answer about another order', async () => {
    const till = await answering({
      code: '0',
      data: '{"trans_no":"T1","trans_status":2,"merchant_order_no":"QT2"}'
    })
    const error = failure(await till.queryOrder({ merchantOrderNo: 'QT1' }))
    expect(error.kind).toBe('malformed')
    expect(error.message).toContain('QT2')
  })
})

/**
 * `Gateway.prepare`: a new attempt's call is built and signed (off the main thread) while the
 * engine writes its journal, and connected and sent only after. Against real sockets: nothing
 * reaches the server before `send` or after `abandon`, and what is sent is signed right.
 */
describe('a prepared call', () => {
  it('opens no connection before it is sent, nor once abandoned', async () => {
    const tcp = await recordingTcp(cleanups)
    const till = client(tcp.url)
    const call = till.prepare.submitCpm(submitRequest(paidCode))
    call.abandon()
    // A later call connects; had the prepared one connected, its connection would have come first.
    const later = till.queryOrder({ merchantOrderNo: 'QT1' })
    expect(await firstRequestMethod(tcp)).toBe('order.query')
    expect(tcp.count()).toBe(1)
    // Abandoned means never sent: a later send is a bug, not a second chance.
    await expect(call.send()).rejects.toThrow(/sent once/)
    cleanups.push(async () => {
      await later
    })
  })

  it('writes its signed request only when sent, and reads the reply', async () => {
    const gateway = await sandbox()
    const request = submitRequest(paidCode)
    const call = client(gateway.url).prepare.submitCpm(request)
    expect(gateway.getOrder(request.merchantOrderNo)).toBeUndefined()

    const reply = await call.send()
    expect(reply).toMatchObject({ ok: true, value: { transStatus: 2 } })
    expect(gateway.getOrder(request.merchantOrderNo)).toMatchObject({ orderAmountMinor: 1200 })
    await expect(call.send()).rejects.toThrow(/sent once/)
  })

  it('sends a request signed, off the main thread, over exactly the fields it carries', async () => {
    const tcp = await recordingTcp(cleanups)
    const request = submitRequest(paidCode)
    const call = client(tcp.url).prepare.submitCpm(request)
    const reply = call.send()
    const connection = await tcp.next()
    const text = (await connection.until(wholeRequest)).toString('utf8')
    expect(text).toMatch(/^POST \/api\/entry HTTP\/1\.1\r\n/)
    expect(text).toMatch(/\r\ncontent-type: application\/json\r\n/i)
    const fields = fieldsOf(text.slice(text.indexOf('\r\n\r\n') + 4))
    expect(fields).toMatchObject({
      method: 'bscanc.pay.submit',
      merchant_order_no: request.merchantOrderNo,
      auth_code: request.authCode
    })
    expect(verifyFields(fields, String(fields['sign']), keys.appPublicKeyPem)).toBe(true)
    // The server never answers: the call ends when the test closes the server.
    cleanups.push(async () => {
      await reply
    })
  })

  it('refuses a caller bug at once, before signing or connecting', async () => {
    const tcp = await recordingTcp(cleanups)
    const till = client(tcp.url)
    expect(() =>
      till.prepare.submitCpm(submitRequest(paidCode, { minor: 12.5, currency: 'JPY' }))
    ).toThrow(RangeError)
    // A good call after it is the first and only connection the server sees.
    const later = till.queryOrder({ merchantOrderNo: 'QT1' })
    expect(await firstRequestMethod(tcp)).toBe('order.query')
    expect(tcp.count()).toBe(1)
    cleanups.push(async () => {
      await later
    })
  })
})
