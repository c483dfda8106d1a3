import { afterEach, describe, expect, it } from 'vitest'
import { httpTransport, type Transport } from '../../src/main/gateway'
import type { RefusalMeanings } from '../../src/main/gateway/types'
import { openJournal, type Journal } from '../../src/main/journal'
import { createPaymentEngine, type PaymentEngine } from '../../src/main/payments'
import type { AttemptView, SaleView } from '../../src/shared/order'
import { FakeClock } from '../support/fake-clock'
import { startSandboxGateway, type SandboxGateway } from '../support/sandbox-gateway'

/**
 * PayCloud's refusal codes are unknown (API.md §3, unknowns 3): what a refusal means to the till
 * comes from `gateway.refusalMeanings`, never from a code name in the engine. Each case runs on
 * the real sandbox twice: with its codes configured, and with none (a till on PayCloud before
 * PayCloud names them), where the till must still end right, only by querying.
 */

const paidCode = '134567890123456789'

let clock: FakeClock
let gw: SandboxGateway
let journal: Journal
let engine: PaymentEngine
let down = false

afterEach(async () => {
  engine.stop()
  await engine.idle()
  journal.close()
  await gw.close()
})

async function start(meanings: RefusalMeanings | 'sandbox'): Promise<void> {
  clock = new FakeClock()
  down = false
  const transport: Transport = (post, limits) =>
    httpTransport(down ? { ...post, url: 'http://127.0.0.1:9/api/entry' } : post, limits)
  gw = await startSandboxGateway(() => clock.now(), { transport })
  journal = openJournal(':memory:')
  const gateway = meanings === 'sandbox' ? gw.gateway : gw.clientWith({ refusalMeanings: meanings })
  engine = createPaymentEngine({ journal, gateway, clock })
}

async function runFor(ms: number, step = 1_000): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += step) {
    clock.advance(step)
    await engine.idle()
  }
}

function openSale(): SaleView {
  const result = engine.openSale({ minor: 1200, currency: 'JPY' })
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

function attemptOf(saleId: number): AttemptView {
  const attempt = journal.getSale(saleId)?.attempts[0]
  if (attempt === undefined) throw new Error(`sale ${saleId} has no attempt`)
  return attempt
}

/** A payment sent while the gateway was unreachable, then 3 minutes with it back. */
async function submitNeverArrived(): Promise<AttemptView> {
  down = true
  const sale = openSale()
  await engine.startCpm({ saleId: sale.saleId, authCode: paidCode, payMethodId: 'WeChatPay' })
  await runFor(90_000)
  expect(attemptOf(sale.saleId).status).toBe('needs-attention')
  down = false
  await runFor(3 * 60_000, 10_000)
  const attempt = attemptOf(sale.saleId)
  expect(gw.sandbox.getOrder(attempt.merchantOrderNo)).toBeUndefined()
  return attempt
}

describe('"no such order" (unknownNumber)', () => {
  it('configured: a payment that never reached the gateway ends cancelled', async () => {
    await start({ unknownNumber: ['ORDER_NOT_FOUND'] })
    const attempt = await submitNeverArrived()
    expect(attempt.status).toBe('cancelled')
    expect(attempt.reason).toMatch(/never reached the gateway/)
  })

  it('not configured: the till does not guess, and keeps the sale for the manager', async () => {
    await start({})
    const attempt = await submitNeverArrived()
    expect(attempt.status).toBe('needs-attention')
    expect(journal.getSale(attempt.saleId)?.status).toBe('needs-attention')
    // Not free for another payment: the first may yet be found.
    const again = await engine.startCpm({
      saleId: attempt.saleId,
      authCode: '134567890123456780',
      payMethodId: 'WeChatPay'
    })
    expect(again.ok).toBe(false)
  })

  it('a code under another meaning is not read as "no such order"', async () => {
    await start({ refundNumberUsed: ['ORDER_NOT_FOUND'] })
    const attempt = await submitNeverArrived()
    expect(attempt.status).toBe('needs-attention')
  })
})

describe('a refund journaled whose submit never left (a crash or a full disk before it)', () => {
  it('is sent on resume, once, with no codes configured: the journal shows it never left', async () => {
    await start({})
    const sale = openSale()
    const paid = await engine.startCpm({
      saleId: sale.saleId,
      authCode: paidCode,
      payMethodId: 'WeChatPay'
    })
    expect(paid).toMatchObject({ ok: true, value: { status: 'paid' } })
    // The engine's first write for a refund, and nothing after it: the till stopped there.
    const refund = journal.createRefund({
      saleId: sale.saleId,
      merchantOrderNo: 'RF20261126NEVERSENT01',
      amountMinor: 1200,
      currency: 'JPY',
      reason: 'wrong item',
      at: clock.now()
    })
    engine.resume()
    await runFor(30_000)
    expect(journal.getRefund(refund.refundId)?.status).toBe('refunded')
    expect(gw.sandbox.listRefunds().map((sent) => sent.merchantOrderNo)).toEqual([
      'RF20261126NEVERSENT01'
    ])
  })
})

describe('a refund sent while the gateway was unreachable (unknownNumber on order.refund.query)', () => {
  async function refundDuringOutage(): Promise<number> {
    const sale = openSale()
    const paid = await engine.startCpm({
      saleId: sale.saleId,
      authCode: paidCode,
      payMethodId: 'WeChatPay'
    })
    expect(paid).toMatchObject({ ok: true, value: { status: 'paid' } })
    down = true
    const created = await engine.createRefund({
      saleId: sale.saleId,
      amount: { minor: 1200, currency: 'JPY' },
      reason: 'wrong item'
    })
    if (!created.ok) throw new Error(created.error.message)
    await runFor(120_000)
    expect(journal.getRefund(created.value.refundId)?.status).toBe('needs-attention')
    down = false
    await runFor(3 * 60_000, 10_000)
    return created.value.refundId
  }

  it('configured: the same refund number is sent again once the gateway is back', async () => {
    await start({ unknownNumber: ['REFUND_NOT_FOUND'] })
    const refundId = await refundDuringOutage()
    expect(journal.getRefund(refundId)?.status).toBe('refunded')
  })

  it('not configured: never resent blind; it waits for the manager, its amount still held', async () => {
    await start({})
    const refundId = await refundDuringOutage()
    const refund = journal.getRefund(refundId)
    expect(refund?.status).toBe('needs-attention')
    expect(gw.sandbox.listRefunds()).toEqual([])
    const again = await engine.createRefund({
      saleId: refund?.saleId ?? 0,
      amount: { minor: 1, currency: 'JPY' },
      reason: 'second'
    })
    expect(again.ok).toBe(false)
  })
})
