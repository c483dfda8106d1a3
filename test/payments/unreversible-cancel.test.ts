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

async function start(unreversibleCancel: 'refuse' | 'accept'): Promise<void> {
  clock = new FakeClock()
  sandbox = await startSandboxGateway(() => clock.now(), { unreversibleCancel })
  journal = openJournal(':memory:')
  engine = createPaymentEngine({
    journal,
    gateway: sandbox.gateway,
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

async function paidWhileCancelled(answer: 'refuse' | 'accept'): Promise<void> {
  await start(answer)
  const opened = engine.openSale({ minor: 1200, currency: 'JPY' })
  if (!opened.ok) throw new Error(opened.error.message)
  const saleId = opened.value.saleId
  // Scenario 0074: the wallet completes while the cancel is on its way (docs/sandbox.md).
  await engine.startCpm({ saleId, authCode: '134567890123400074', payMethodId: 'PayPay' })
  await runFor(1_000)
  expect((await engine.cancel(saleId)).ok).toBe(true)
  // 15 s before the first cancel, then the close's own tries; no reconciler round.
  await runFor(30_000)
  expect(lastAttempt(saleId).status).toBe('paid')
  expect(lastAttempt(saleId).reason).toMatch(/^Paid: the customer paid while the order/)
  await runFor(10_000)
  expect(sale(saleId).refunds).toMatchObject([{ status: 'refunded' }])
  expect(sale(saleId).refundedMinor).toBe(1200)
}

describe('cancel of a paid PayPay order, paid while the cashier cancelled', () => {
  it('refused (the sandbox default): refunded in full within the close', async () => {
    await paidWhileCancelled('refuse')
  })

  // TILL BUG: the engine's close (closeStep) refunds at once only on the sandbox's own refusal
  // codes (ORDER_NOT_CANCELLABLE, ...), which PayCloud does not have (API.md §3, unknowns 3).
  // When the cancel is accepted, or refused with another code, and the order still reads paid,
  // it cancels twice more, then tells the cashier "whether the customer paid is not known yet"
  // (needs-attention) and refunds only on the reconciler's next round, a minute later.
  it.fails('accepted and left paid: refunded in full within the close', async () => {
    await paidWhileCancelled('accept')
  })
})
