import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createGatewayClient, outcomeUnknown } from '../../src/main/gateway'
import type { Gateway, GatewayError, GatewayResult } from '../../src/main/gateway'
import { setLogSink } from '../../src/main/log'
import {
  generateSandboxCredentials,
  sandboxDefiniteRefusals,
  startSandbox
} from '../../src/sandbox'
import type { Sandbox, SandboxCredentials, SandboxOptions } from '../../src/sandbox'

/**
 * The four methods added in issue 3 against the real sandbox over HTTP, on the sandbox clock.
 * The sandbox's own rules are tested in test/sandbox and test/contract; this checks that the
 * client and the sandbox understand each other for every method.
 */

const start = Date.UTC(2026, 0, 15, 3, 0, 0)
let clock = start
const now = (): number => clock

let keys: SandboxCredentials
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  keys = await generateSandboxCredentials()
  setLogSink(() => undefined, 'error')
})

afterEach(async () => {
  clock = start
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

afterAll(() => setLogSink(() => undefined, 'error'))

async function connect(
  overrides: Partial<SandboxOptions> = {}
): Promise<{ sandbox: Sandbox; till: Gateway }> {
  const sandbox = await startSandbox({
    appId: keys.appId,
    merchantNo: keys.merchantNo,
    storeNo: keys.storeNo,
    appPublicKeyPem: keys.appPublicKeyPem,
    gatewayPrivateKeyPem: keys.gatewayPrivateKeyPem,
    now,
    ...overrides
  })
  cleanups.push(() => sandbox.close())
  const till = createGatewayClient(
    {
      baseUrl: sandbox.url,
      appId: keys.appId,
      merchantNo: keys.merchantNo,
      storeNo: keys.storeNo,
      appPrivateKeyPem: keys.appPrivateKeyPem,
      gatewayPublicKeyPem: keys.gatewayPublicKeyPem,
      pathSuffixes: 'doc',
      definiteRefusalCodes: sandboxDefiniteRefusals,
      timeoutMs: 5_000
    },
    { now }
  )
  return { sandbox, till }
}

function success<T>(result: GatewayResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`)
  return result.value
}

function failure<T>(result: GatewayResult<T>): GatewayError {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`)
  return result.error
}

async function paid(
  till: Gateway,
  merchantOrderNo: string,
  payMethodId = 'WeChatPay'
): Promise<string> {
  const reply = success(
    await till.submitCpm({
      merchantOrderNo,
      authCode: '134567890123456789',
      payMethodId,
      amount: { minor: 1200, currency: 'JPY' },
      description: 'QR Till sale',
      expiresSeconds: 60
    })
  )
  expect(reply.transStatus).toBe(2)
  return reply.transNo
}

describe('client and sandbox: the methods of issue 3', () => {
  it('MPM: issues a QR for an order the query sees as created, by either number', async () => {
    const { till } = await connect()
    const qr = success(
      await till.getQrCode({
        merchantOrderNo: 'QTSBX0001',
        payMethodId: 'PayPay',
        amount: { minor: 1200, currency: 'JPY' },
        description: 'Café ☕ 🍰',
        expiresSeconds: 90,
        attach: '{"key":"value"}'
      })
    )
    expect(qr.transNo).not.toBe('')
    expect(qr.qrcodeUrl).not.toBe('')
    const byNo = success(await till.queryOrder({ merchantOrderNo: 'QTSBX0001' }))
    expect(byNo).toMatchObject({ transNo: qr.transNo, transStatus: 9, orderAmountMinor: 1200 })
    const byTrans = success(await till.queryOrder({ transNo: qr.transNo }))
    expect(byTrans).toMatchObject({ merchantOrderNo: 'QTSBX0001', transStatus: 9 })
  })

  it('cancels an unpaid MPM order after the 15 s of §5.3', async () => {
    const { till } = await connect()
    success(
      await till.getQrCode({
        merchantOrderNo: 'QTSBX0002',
        payMethodId: 'PayPay',
        amount: { minor: 500, currency: 'JPY' },
        description: 'QR Till sale',
        expiresSeconds: 90
      })
    )
    const early = failure(await till.cancelOrder({ merchantOrderNo: 'QTSBX0002' }))
    expect(early).toMatchObject({ kind: 'rejected', signed: true })
    expect(outcomeUnknown('order.revoker', early)).toBe(false)
    clock += 15_000
    expect(success(await till.cancelOrder({ merchantOrderNo: 'QTSBX0002' })).raw).toBeDefined()
    const after = success(await till.queryOrder({ merchantOrderNo: 'QTSBX0002' }))
    expect([1, 3]).toContain(after.transStatus)
  })

  it('refunds part of a paid order by merchant_order_no, then by trans_no, and queries both', async () => {
    const { till } = await connect()
    const transNo = await paid(till, 'QTSBX0003', 'PayPay')
    const first = success(
      await till.submitRefund({
        origMerchantOrderNo: 'QTSBX0003',
        merchantOrderNo: 'RFSBX0003A',
        amount: { minor: 200, currency: 'JPY' },
        reason: 'Wrong size 👕'
      })
    )
    const second = success(
      await till.submitRefund({
        origTransNo: transNo,
        merchantOrderNo: 'RFSBX0003B',
        amount: { minor: 300, currency: 'JPY' }
      })
    )
    clock += 60_000
    const byNo = success(await till.queryRefund({ merchantOrderNo: 'RFSBX0003A' }))
    expect(byNo).toMatchObject({
      transNo: first.transNo,
      origTransNo: transNo,
      transStatus: 2,
      merchantOrderNo: 'RFSBX0003A',
      amountMinor: 200
    })
    const byTrans = success(await till.queryRefund({ transNo: second.transNo }))
    expect(byTrans).toMatchObject({ merchantOrderNo: 'RFSBX0003B', amountMinor: 300 })

    // More than what is left of the payment is a signed refusal: a definite answer.
    const tooMuch = failure(
      await till.submitRefund({
        origMerchantOrderNo: 'QTSBX0003',
        merchantOrderNo: 'RFSBX0003C',
        amount: { minor: 701, currency: 'JPY' }
      })
    )
    expect(tooMuch).toMatchObject({ kind: 'rejected', signed: true })
    expect(outcomeUnknown('order.refund.submit', tooMuch)).toBe(false)
  })

  it('answers a refund query for an unknown refund with a signed refusal', async () => {
    const { till } = await connect()
    const error = failure(await till.queryRefund({ merchantOrderNo: 'RFNOSUCH' }))
    expect(error).toMatchObject({ kind: 'rejected', signed: true })
  })
})
