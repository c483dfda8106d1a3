import { afterEach, describe, expect, it } from 'vitest'
import { openJournal, type Journal } from '../../src/main/journal'
import { createPaymentEngine, type PaymentEngine } from '../../src/main/payments'
import type { AttemptView, SaleView } from '../../src/shared/order'
import { FakeClock } from '../support/fake-clock'
import { startSandboxGateway, type SandboxGateway } from '../support/sandbox-gateway'

/**
 * API.md §5.3 and unknowns 8: what PayCloud answers to a cancel of a paid order that the wallet
 * (PayPay and the other Japanese wallets) cannot reverse is unknown. The sandbox refuses it with
 * its own code by default; here it accepts the cancel and leaves the order paid, as a gateway
 * whose cancel only "closes an unpaid order" may. The cashier cancelled, so the money must go
 * back as a refund either way, and without the cashier waiting on the reconciler.
 */

let clock: FakeClock
let sandbox: SandboxGateway
let journal: Journal
let engine: PaymentEngine

afterEach(async () => {
  engine.stop()
  await engine.idle()
  journal.close()
  await sandbox.close()
})

/** `codes`: the sandbox's refusal meanings configured, or none (PayCloud's are unknown, §3). */
async function start(
  unreversibleCancel: 'refuse' | 'accept',
  codes: 'sandbox' | 'none'
): Promise<void> {
  clock = new FakeClock()
  sandbox = await startSandboxGateway(() => clock.now(), { unreversibleCancel })
  journal = openJournal(':memory:')
  engine = createPaymentEngine({
    journal,
    gateway: codes === 'sandbox' ? sandbox.gateway : sandbox.clientWith({ refusalMeanings: {} }),
    clock,
    settings: { orderExpiresSeconds: 120, mpmExpiresSeconds: 90 }
  })
}

async function runFor(ms: number): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += 1_000) {
    clock.advance(1_000)
    await engine.idle()
  }
}

function sale(saleId: number): SaleView {
  const found = journal.getSale(saleId)
  if (found === undefined) throw new Error(`no sale ${saleId}`)
  return found
}

function lastAttempt(saleId: number): AttemptView {
  const attempt = sale(saleId).attempts.at(-1)
  if (attempt === undefined) throw new Error(`no attempt on sale ${saleId}`)
  return attempt
}

/** A payment that completes while the cashier's cancel is on its way (scenario …074). */
async function cancelledAsPaid(
  answer: 'refuse' | 'accept',
  codes: 'sandbox' | 'none',
  payment: { mode: 'CPM' | 'MPM'; payMethodId: string }
): Promise<number> {
  await start(answer, codes)
  // CPM: by the code's end; MPM: by the amount's (docs/sandbox.md).
  const opened = engine.openSale({ minor: payment.mode === 'MPM' ? 1074 : 1200, currency: 'JPY' })
  if (!opened.ok) throw new Error(opened.error.message)
  const saleId = opened.value.saleId
  const started =
    payment.mode === 'MPM'
      ? await engine.startMpm({ saleId, payMethodId: payment.payMethodId })
      : await engine.startCpm({
          saleId,
          authCode: '134567890123400074',
          payMethodId: payment.payMethodId
        })
  expect(started.ok).toBe(true)
  await runFor(3_000)
  expect((await engine.cancel(saleId)).ok).toBe(true)
  // 15 s before the first cancel, then the close's own tries; no reconciler round.
  await runFor(30_000)
  return saleId
}

async function paidWhileCancelled(
  answer: 'refuse' | 'accept',
  codes: 'sandbox' | 'none' = 'sandbox',
  payment: { mode: 'CPM' | 'MPM'; payMethodId: string } = { mode: 'CPM', payMethodId: 'PayPay' }
): Promise<void> {
  const saleId = await cancelledAsPaid(answer, codes, payment)
  expect(lastAttempt(saleId).status).toBe('paid')
  expect(lastAttempt(saleId).reason).toMatch(/^Paid: the customer paid while the order/)
  await runFor(10_000)
  expect(sale(saleId).refunds).toMatchObject([{ status: 'refunded' }])
  expect(sale(saleId).refundedMinor).toBe(sale(saleId).paidMinor)
}

describe('cancel of a paid PayPay order, paid while the cashier cancelled', () => {
  it('refused (the sandbox default): refunded in full within the close', async () => {
    await paidWhileCancelled('refuse')
  })

  it('accepted and left paid: refunded in full within the close', async () => {
    await paidWhileCancelled('accept')
  })

  it('refused with a code the till was not told of: refunded in full within the close', async () => {
    await paidWhileCancelled('refuse', 'none')
  })

  it('accepted and left paid, no codes known: refunded in full within the close', async () => {
    await paidWhileCancelled('accept', 'none')
  })
})

describe('a wallet that reverses some paid orders (WeChat Pay: CPM only, API.md §5.3)', () => {
  it('MPM, no codes known: refunded in full within the close', async () => {
    await paidWhileCancelled('refuse', 'none', { mode: 'MPM', payMethodId: 'WeChatPay' })
  })

  it('CPM, no codes known: the cancel reverses it, and nothing is refunded', async () => {
    const saleId = await cancelledAsPaid('refuse', 'none', {
      mode: 'CPM',
      payMethodId: 'WeChatPay'
    })
    expect(lastAttempt(saleId).status).toBe('reversed')
    await runFor(10_000)
    expect(sale(saleId).refunds).toEqual([])
    expect(sandbox.sandbox.getOrder(lastAttempt(saleId).merchantOrderNo)?.transStatus).toBe(3)
  })
})
