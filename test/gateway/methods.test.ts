import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  cleanText,
  createGatewayClient,
  docPathSuffixes,
  gatewayMethods,
  isGatewayText,
  outcomeUnknown
} from '../../src/main/gateway'
import type {
  Gateway,
  GatewayConfig,
  GatewayError,
  GatewayMethod,
  GatewayResult
} from '../../src/main/gateway'
import { setLogSink, type LogSink } from '../../src/main/log'
import type { CurrencyCode, Money } from '../../src/shared/money'
import { generateSandboxCredentials, type SandboxCredentials } from '../../src/sandbox'
import { recordingTransport, scriptedServer, signedEnvelope } from './helpers'
import { literal, miniGateway, type MiniGateway, type MiniGatewayOptions } from './mini-gateway'

const start = Date.UTC(2026, 0, 15, 3, 0, 0)
const now = (): number => start

let keys: SandboxCredentials
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  keys = await generateSandboxCredentials()
  setLogSink(() => undefined, 'debug')
})

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

afterAll(() => setLogSink(() => undefined, 'error'))

async function mini(options: MiniGatewayOptions = {}): Promise<MiniGateway> {
  const gateway = await miniGateway(keys, options)
  cleanups.push(() => gateway.close())
  return gateway
}

function client(baseUrl: string, overrides: Partial<GatewayConfig> = {}): Gateway {
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
    { now }
  )
}

function success<T>(result: GatewayResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`)
  return result.value
}

function failure<T>(result: GatewayResult<T>): GatewayError {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`)
  return result.error
}

const yen = (minor: number): Money => ({ minor, currency: 'JPY' })

function qrRequest(
  merchantOrderNo: string,
  amount: Money = yen(1200)
): Parameters<Gateway['getQrCode']>[0] {
  return {
    merchantOrderNo,
    payMethodId: 'PayPay',
    amount,
    description: 'QR Till sale',
    expiresSeconds: 90
  }
}

describe('MPM: getQrCode (API.md §5.1)', () => {
  it('sends the §5.1 fields and returns the QR content and trans_no', async () => {
    const gateway = await mini()
    const till = client(gateway.url)
    const reply = success(
      await till.getQrCode({
        ...qrRequest('QT1'),
        notifyUrl: 'https://pos.example.jp/paycloud/notify',
        attach: '{"key":"value"}'
      })
    )
    expect(reply.transNo).toMatch(/^T\d+$/)
    expect(reply.qrcodeUrl).toBe(`https://qr.example.test/pay/${reply.transNo}`)
    expect(reply.raw).toMatchObject({ trans_no: reply.transNo, trans_amount: 1200 })
    const sent = gateway.requests[0]?.fields ?? {}
    expect(Object.keys(sent).sort()).toEqual(
      [
        'app_id',
        'attach',
        'charset',
        'description',
        'expires',
        'format',
        'merchant_no',
        'merchant_order_no',
        'method',
        'notify_url',
        'order_amount',
        'pay_method_id',
        'price_currency',
        'sign',
        'sign_type',
        'store_no',
        'timestamp',
        'version'
      ].sort()
    )
    expect(sent['method']).toBe('cscanb.pay.getqrcode')
    expect(literal(sent['order_amount'])).toBe('1200')
    expect(literal(sent['expires'])).toBe('90')
    expect(sent['attach']).toBe('{"key":"value"}')

    // The order is created, unpaid (§6.1: 9), and can be found by either number.
    const byNo = success(await till.queryOrder({ merchantOrderNo: 'QT1' }))
    const byTrans = success(await till.queryOrder({ transNo: reply.transNo }))
    expect(byNo).toMatchObject({ transStatus: 9, merchantOrderNo: 'QT1', orderAmountMinor: 1200 })
    // Each reply carries its own amount judge (a closure), so functions compare by kind.
    expect(byTrans).toEqual({ ...byNo, amountMismatch: expect.any(Function) })
    expect(gateway.requests[2]?.fields['trans_no']).toBe(reply.transNo)
    expect(gateway.requests[2]?.fields).not.toHaveProperty('merchant_order_no')
  })

  it('calls a signed reply without qrcode_url malformed', async () => {
    const server = await scriptedServer((_body, _request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end(
        signedEnvelope({ code: '0', data: '{"trans_no":"T1"}' }, keys.gatewayPrivateKeyPem)
      )
    })
    cleanups.push(() => server.close())
    const error = failure(await client(server.url).getQrCode(qrRequest('QT1')))
    expect(error.kind).toBe('malformed')
    expect(error.message).toContain('qrcode_url')
  })
})

describe('cancelOrder (API.md §5.3)', () => {
  it('accepts the empty data of order.revoker, and the query shows the outcome', async () => {
    const gateway = await mini()
    const till = client(gateway.url)
    success(await till.getQrCode(qrRequest('QT2')))
    const cancelled = await till.cancelOrder({ merchantOrderNo: 'QT2' })
    expect(cancelled.ok && cancelled.psn).toMatch(/^MINI-PSN-/)
    expect(success(cancelled)).toEqual({ raw: {} })
    expect(gateway.requests[1]?.fields).toMatchObject({
      method: 'order.revoker',
      merchant_order_no: 'QT2'
    })
    expect(success(await till.queryOrder({ merchantOrderNo: 'QT2' })).transStatus).toBe(1)
  })

  it('reads a signed refusal as definite only when its code is configured so (API.md §3)', async () => {
    const gateway = await mini()
    const unlisted = failure(await client(gateway.url).cancelOrder({ merchantOrderNo: 'QT404' }))
    expect(unlisted).toMatchObject({ kind: 'rejected', code: 'ORDER_NOT_FOUND', signed: true })
    expect(outcomeUnknown('order.revoker', unlisted)).toBe(true)
    const listed = failure(
      await client(gateway.url, { definiteRefusalCodes: ['ORDER_NOT_FOUND'] }).cancelOrder({
        merchantOrderNo: 'QT404'
      })
    )
    expect(outcomeUnknown('order.revoker', listed)).toBe(false)
  })
})

describe('refunds (API.md §5.4, §5.6)', () => {
  it('refunds part of a payment by its merchant_order_no, and queries it both ways', async () => {
    const gateway = await mini()
    const till = client(gateway.url)
    const paid = success(
      await till.submitCpm({
        merchantOrderNo: 'QT3',
        authCode: '134567890123456789',
        payMethodId: 'WeChatPay',
        amount: yen(1200),
        description: 'QR Till sale',
        expiresSeconds: 60
      })
    )
    const refund = success(
      await till.submitRefund({
        origMerchantOrderNo: 'QT3',
        merchantOrderNo: 'RF3A',
        amount: yen(500),
        reason: 'Wrong size 👕'
      })
    )
    const sent = gateway.requests[1]?.fields ?? {}
    expect(sent).toMatchObject({
      method: 'order.refund.submit',
      orig_merchant_order_no: 'QT3',
      merchant_order_no: 'RF3A',
      price_currency: 'JPY',
      description: 'Wrong size'
    })
    expect(literal(sent['order_amount'])).toBe('500')
    expect(sent).not.toHaveProperty('orig_trans_no')
    expect(sent).not.toHaveProperty('trans_amount')

    const expected = {
      transNo: refund.transNo,
      origTransNo: paid.transNo,
      transStatus: 2,
      merchantOrderNo: 'RF3A',
      amountMinor: 500,
      errorCode: null,
      errorMessage: null
    }
    expect(success(await till.queryRefund({ merchantOrderNo: 'RF3A' }))).toMatchObject(expected)
    expect(success(await till.queryRefund({ transNo: refund.transNo }))).toMatchObject(expected)
  })

  it('refunds by orig_trans_no, in a two-decimal currency, over the form encoding', async () => {
    const gateway = await mini()
    const till = client(gateway.url, { bodyEncoding: 'form' })
    const usd = { minor: 1230, currency: 'USD' as CurrencyCode }
    const qr = success(await till.getQrCode(qrRequest('QT4', usd)))
    gateway.orders.get('QT4')!.status = 2 // the customer paid
    success(
      await till.submitRefund({
        origTransNo: qr.transNo,
        merchantOrderNo: 'RF4',
        amount: { minor: 5, currency: 'USD' }
      })
    )
    const sent = gateway.requests[1]
    expect(sent?.contentType).toBe('application/x-www-form-urlencoded')
    expect(sent?.fields).toMatchObject({ orig_trans_no: qr.transNo, order_amount: '0.05' })
    expect(sent?.fields).not.toHaveProperty('orig_merchant_order_no')
    expect(sent?.fields).not.toHaveProperty('description')
    expect(success(await till.queryRefund({ merchantOrderNo: 'RF4' })).amountMinor).toBe(5)
  })

  it('reads the gateway refusing a refund above the paid amount as a signed refusal', async () => {
    const gateway = await mini()
    const till = client(gateway.url, { definiteRefusalCodes: ['REFUND_EXCEEDS_PAID'] })
    success(await till.getQrCode(qrRequest('QT5')))
    gateway.orders.get('QT5')!.status = 2
    success(
      await till.submitRefund({
        origMerchantOrderNo: 'QT5',
        merchantOrderNo: 'RF5A',
        amount: yen(1000)
      })
    )
    const error = failure(
      await till.submitRefund({
        origMerchantOrderNo: 'QT5',
        merchantOrderNo: 'RF5B',
        amount: yen(201)
      })
    )
    expect(error).toMatchObject({ kind: 'rejected', code: 'REFUND_EXCEEDS_PAID', signed: true })
    expect(outcomeUnknown('order.refund.submit', error)).toBe(false)
  })

  it('refuses an answer about another refund', async () => {
    const server = await scriptedServer((_body, _request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end(
        signedEnvelope(
          { code: '0', data: '{"trans_no":"R1","trans_status":2,"merchant_order_no":"RF9"}' },
          keys.gatewayPrivateKeyPem
        )
      )
    })
    cleanups.push(() => server.close())
    const till = client(server.url)
    expect(failure(await till.queryRefund({ merchantOrderNo: 'RF8' })).message).toContain('RF9')
    expect(failure(await till.queryRefund({ transNo: 'R2' })).message).toContain('R1')
    // Asked by trans_no, an answer must say which refund it is.
    const reply = success(await till.queryRefund({ transNo: 'R1' }))
    expect(reply).toMatchObject({ merchantOrderNo: 'RF9', origTransNo: null, amountMinor: null })
  })
})

describe('caller bugs are refused before anything is sent', () => {
  async function refusedBeforeSending(
    call: (till: Gateway) => Promise<unknown>,
    pattern: RegExp,
    overrides: Partial<GatewayConfig> = {}
  ): Promise<void> {
    const gateway = await mini()
    await expect(call(client(gateway.url, overrides))).rejects.toThrow(RangeError)
    await expect(call(client(gateway.url, overrides))).rejects.toThrow(pattern)
    expect(gateway.requests).toEqual([])
  }

  it.each([
    ['zero', yen(0), /not a payable amount/],
    ['negative', yen(-100), /not a payable amount/],
    ['fractional minor units', yen(12.5), /not a payable amount/],
    ['unsafe integer', yen(2 ** 53), /not a payable amount/],
    ['above the default JPY maximum', yen(10_000_001), /above the maximum of 10000000 JPY/],
    ['an unknown currency', { minor: 100, currency: 'XXX' as CurrencyCode }, /XXX is not enabled/]
  ])('an amount that is %s', async (_name, amount, pattern) => {
    await refusedBeforeSending((till) => till.getQrCode(qrRequest('QT6', amount)), pattern)
    await refusedBeforeSending(
      (till) => till.submitRefund({ origMerchantOrderNo: 'QT6', merchantOrderNo: 'RF6', amount }),
      pattern
    )
  })

  it('a configured per-currency maximum and currency list', async () => {
    const limits = { maxAmountMinor: { JPY: 50_000 }, currencies: ['JPY'] as CurrencyCode[] }
    await refusedBeforeSending(
      (till) => till.getQrCode(qrRequest('QT7', yen(50_001))),
      /above the maximum of 50000 JPY/,
      limits
    )
    await refusedBeforeSending(
      (till) => till.getQrCode(qrRequest('QT7', { minor: 100, currency: 'USD' })),
      /USD is not enabled/,
      limits
    )
    const gateway = await mini()
    success(await client(gateway.url, limits).getQrCode(qrRequest('QT7', yen(50_000))))
    // The two that are about the sale, not a bug, say so: the engine tells the cashier which.
    await expect(
      client(gateway.url, limits).getQrCode(qrRequest('QT7', yen(50_001)))
    ).rejects.toMatchObject({
      name: 'UnpayableAmountError',
      problem: { kind: 'above-max', max: { minor: 50_000, currency: 'JPY' } }
    })
    await expect(
      client(gateway.url, limits).getQrCode(qrRequest('QT7', { minor: 100, currency: 'USD' }))
    ).rejects.toMatchObject({ problem: { kind: 'currency-not-enabled', currency: 'USD' } })
    await expect(
      client(gateway.url, limits).getQrCode(qrRequest('QT7', yen(0)))
    ).rejects.not.toHaveProperty('problem')
    // A refund gives back money already taken, perhaps before the guard was lowered: it is sent.
    const before = gateway.requests.length
    for (const amount of [yen(60_000), { minor: 100, currency: 'USD' as CurrencyCode }]) {
      await client(gateway.url, limits).submitRefund({
        origMerchantOrderNo: 'QT7',
        merchantOrderNo: `RF7${amount.currency}`,
        amount
      })
    }
    expect(gateway.requests.slice(before).map((r) => literal(r.fields['order_amount']))).toEqual([
      '60000',
      '1.00'
    ])
  })

  it('a refund naming its payment both ways, or neither', async () => {
    const both = { origMerchantOrderNo: 'QT1', origTransNo: 'T1' } as unknown as {
      origMerchantOrderNo: string
    }
    await refusedBeforeSending(
      (till) => till.submitRefund({ ...both, merchantOrderNo: 'RF1', amount: yen(1) }),
      /origMerchantOrderNo or origTransNo/
    )
    await refusedBeforeSending(
      (till) =>
        till.submitRefund({ origMerchantOrderNo: '', merchantOrderNo: 'RF1', amount: yen(1) }),
      /origMerchantOrderNo or origTransNo/
    )
  })

  it('a query by both numbers, or by an empty one', async () => {
    const both = { merchantOrderNo: 'QT1', transNo: 'T1' } as unknown as { merchantOrderNo: string }
    await refusedBeforeSending((till) => till.queryOrder(both), /not both or neither/)
    await refusedBeforeSending((till) => till.queryRefund({ transNo: '' }), /not both or neither/)
  })

  it('identifiers with emoji or control characters, and emoji-only descriptions (§1.3)', async () => {
    await refusedBeforeSending(
      (till) => till.getQrCode({ ...qrRequest('QT8'), attach: 'gift 🎁' }),
      /attach has characters PayCloud cannot carry/
    )
    await refusedBeforeSending(
      (till) => till.getQrCode(qrRequest('QT8\n')),
      /merchant_order_no has characters/
    )
    await refusedBeforeSending(
      (till) => till.getQrCode({ ...qrRequest('QT8'), description: '🎁🎉' }),
      /not only emoji/
    )
    await refusedBeforeSending(
      (till) => till.getQrCode({ ...qrRequest('QT8'), payMethodId: '' }),
      /pay_method_id is required/
    )
    await refusedBeforeSending(
      (till) => till.getQrCode({ ...qrRequest('QT8'), expiresSeconds: 1.5 }),
      /expires/
    )
  })
})

describe('descriptions and reasons with 4-byte characters (API.md §1.3)', () => {
  it.each([
    ['Coffee ☕ and cake 🍰', 'Coffee ☕ and cake'],
    ['🍰Cake', 'Cake'],
    ['Family 👨‍👩‍👧 ticket', 'Family ticket'],
    ['Thumbs 👍🏽 up', 'Thumbs up'],
    ['Flag 🇯🇵 Japan', 'Flag Japan'],
    ['Heart ❤️ stays', 'Heart ❤️ stays'],
    ['テスト注文 ¥1,200 𠮷野家', 'テスト注文 ¥1,200 〓野家'],
    ['lone \ud800 surrogate', 'lone surrogate']
  ])('cleans %j to %j', (input, expected) => {
    expect(cleanText(input)).toBe(expected)
    expect(isGatewayText(cleanText(input))).toBe(true)
    expect(Buffer.from(cleanText(input), 'utf8').some((byte) => byte >= 0xf0)).toBe(false)
  })

  it('sends the cleaned text, signed as sent', async () => {
    const gateway = await mini()
    success(
      await client(gateway.url).getQrCode({ ...qrRequest('QT9'), description: 'Café ☕ 🍰 x2' })
    )
    expect(gateway.requests[0]?.fields['description']).toBe('Café ☕ x2')
    expect(gateway.orders.get('QT9')?.description).toBe('Café ☕ x2')
  })
})

describe('paths (API.md §1.2) and configuration', () => {
  it('posts every method to its doc path with the preset, and to /api/entry by default', async () => {
    const gateway = await mini()
    const calls = async (till: Gateway, run: string): Promise<void> => {
      success(await till.getQrCode(qrRequest(`QP${run}`)))
      success(
        await till.submitCpm({
          merchantOrderNo: `QC${run}`,
          authCode: '134567890123456789',
          payMethodId: 'WeChatPay',
          amount: yen(100),
          description: 'x',
          expiresSeconds: 60
        })
      )
      success(
        await till.submitRefund({
          origMerchantOrderNo: `QC${run}`,
          merchantOrderNo: `RF${run}`,
          amount: yen(1)
        })
      )
      success(await till.queryRefund({ merchantOrderNo: `RF${run}` }))
      success(await till.queryOrder({ merchantOrderNo: `QC${run}` }))
      success(await till.cancelOrder({ merchantOrderNo: `QP${run}` }))
    }
    await calls(client(gateway.url, { pathSuffixes: 'doc' }), '1')
    const byMethod = Object.fromEntries(
      gateway.requests.map((request) => [String(request.fields['method']), request.path])
    )
    expect(byMethod).toEqual(
      Object.fromEntries(
        gatewayMethods.map((method) => [method, `/api/entry/${docPathSuffixes[method]}`])
      )
    )
    gateway.requests.splice(0)
    await calls(client(gateway.url), '2')
    expect(new Set(gateway.requests.map((request) => request.path))).toEqual(
      new Set(['/api/entry'])
    )
  })

  it('refuses settings that cannot work, at construction', () => {
    const bad: [Partial<GatewayConfig>, RegExp][] = [
      [
        { pathSuffixes: { 'order.querry': 'x' } as Partial<Record<GatewayMethod, string>> },
        /unknown method order.querry/
      ],
      [{ timeoutMs: 0 }, /timeoutMs/],
      [{ connectTimeoutMs: 1.5 }, /connectTimeoutMs/],
      [{ readTimeoutMs: -1 }, /readTimeoutMs/],
      [{ maxAmountMinor: { JPY: 0 } }, /maximum amount for JPY/],
      [{ currencies: ['XXX' as CurrencyCode] }, /Unknown currency XXX/]
    ]
    for (const [overrides, pattern] of bad) {
      expect(() => client('https://open.n-age.co.jp', overrides)).toThrow(pattern)
    }
  })

  it('never logs a key, a signature or the QR content', async () => {
    const records: Parameters<LogSink>[0][] = []
    setLogSink((record) => records.push(record), 'debug')
    try {
      const gateway = await mini()
      const spy = recordingTransport()
      const till = createGatewayClient(
        {
          baseUrl: gateway.url,
          appId: keys.appId,
          merchantNo: keys.merchantNo,
          storeNo: keys.storeNo,
          appPrivateKeyPem: keys.appPrivateKeyPem,
          gatewayPublicKeyPem: keys.gatewayPublicKeyPem
        },
        { now, transport: spy.transport }
      )
      const qr = success(await till.getQrCode(qrRequest('QT10')))
      const { sign } = JSON.parse(spy.calls[0]?.body ?? '{}') as { sign?: string }
      const text = JSON.stringify(records)
      expect(text).toContain('QT10')
      expect(text).not.toContain('PRIVATE KEY')
      expect(text).not.toContain(sign?.slice(0, 40))
      expect(text).not.toContain(qr.qrcodeUrl)
    } finally {
      setLogSink(() => undefined, 'debug')
    }
  })
})

describe('outcomeUnknown (API.md §3, §10)', () => {
  const rejected = (signed: boolean, definite: boolean): GatewayError => ({
    kind: 'rejected',
    code: 'ORDER_NOT_FOUND',
    message: 'No such order',
    psn: signed ? 'P' : null,
    signed,
    definite,
    meaning: null
  })
  const errors: Record<string, GatewayError> = {
    definiteRefusal: rejected(true, true),
    signedRefusal: rejected(true, false),
    unsignedRefusal: rejected(false, false),
    signature: { kind: 'signature-invalid', message: 'bad' },
    timeout: { kind: 'timeout', phase: 'read', message: 'slow' },
    connectTimeout: { kind: 'timeout', phase: 'connect', message: 'slow' },
    network: { kind: 'network', message: 'reset' },
    malformed: { kind: 'malformed', message: 'junk' }
  }

  it.each([
    'cscanb.pay.getqrcode',
    'bscanc.pay.submit',
    'order.revoker',
    'order.refund.submit'
  ] as const)('%s: only a refusal the configuration knows to be final is an answer', (method) => {
    const unknown = Object.fromEntries(
      Object.entries(errors).map(([name, error]) => [name, outcomeUnknown(method, error)])
    )
    expect(unknown).toEqual({
      definiteRefusal: false,
      signedRefusal: true,
      unsignedRefusal: true,
      signature: true,
      timeout: true,
      connectTimeout: true,
      network: true,
      malformed: true
    })
  })

  it.each(['order.query', 'order.refund.query'] as const)(
    '%s changes nothing: never unknown',
    (method) => {
      for (const error of Object.values(errors)) expect(outcomeUnknown(method, error)).toBe(false)
    }
  )
})
