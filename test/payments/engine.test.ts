import { generateKeyPairSync } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createGatewayClient, httpTransport, type Gateway } from '../../src/main/gateway'
import { openJournal, type Journal } from '../../src/main/journal'
import { createPaymentEngine, type PaymentEngine } from '../../src/main/payments'
import type { SaleView } from '../../src/shared/order'
import { FakeClock } from '../support/fake-clock'
import { startSandboxGateway, type SandboxGateway } from '../support/sandbox-gateway'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()

const paidCode = '134567890123456789'
const declinedCode = '134567890123450051'
const slowCode = '134567890123450061' // the sandbox answers 0, then 2 after 3 s

let clock: FakeClock
let gw: SandboxGateway
let journal: Journal
let engine: PaymentEngine
let journalFile: string

beforeEach(async () => {
  clock = new FakeClock()
  gw = await startSandboxGateway(() => clock.now())
  journalFile = join(tempDir(), 'journal.sqlite')
  journal = openJournal(journalFile)
  engine = createPaymentEngine({ journal, gateway: gw.gateway, clock })
})

afterEach(async () => {
  engine.stop()
  journal.close()
  await gw.close()
})

function openSale(minor = 1200): SaleView {
  const result = engine.openSale({ minor, currency: 'JPY' })
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

/**
 * A full disk, made real with SQLite's own limit: no page may be added, and the free room in the
 * pages there are is used up, so the next write fails with SQLITE_FULL.
 */
function fillJournal(target: Journal): void {
  const pages = target.db.pragma('page_count', { simple: true }) as number
  target.db.pragma(`max_page_count = ${pages}`)
  const filler = target.db.prepare(
    "INSERT INTO events (at, kind, detail) VALUES (0, 'test.filler', ?)"
  )
  for (const size of [200, 20, 1]) {
    try {
      for (;;) filler.run(JSON.stringify('x'.repeat(size)))
    } catch (error) {
      if (!String(error).includes('full')) throw error
    }
  }
}

function changes(): SaleView[] {
  const seen: SaleView[] = []
  engine.onSaleChanged((sale) => seen.push(sale))
  return seen
}

describe('CPM', () => {
  it('pays on trans_status 2 and journals the request before the reply', async () => {
    const sale = openSale()
    const seen = changes()
    const result = await engine.startCpm({
      saleId: sale.saleId,
      authCode: paidCode,
      payMethodId: 'WeChatPay'
    })

    expect(result).toMatchObject({ ok: true, value: { status: 'paid', authCodeLast4: '6789' } })
    const attempt = result.ok ? result.value : undefined
    expect(journal.getSale(sale.saleId)?.status).toBe('paid')
    expect(seen.map((s) => s.status)).toEqual(['paying', 'paid'])
    expect(journal.events({ attemptId: attempt!.attemptId }).map((e) => e.kind)).toEqual([
      'attempt.created',
      'gateway.request',
      'gateway.reply',
      'attempt.status'
    ])
    const order = gw.sandbox.getOrder(attempt!.merchantOrderNo)
    expect(order?.transStatus).toBe(2)
    expect(attempt!.transNo).toBe(order?.transNo)
  })

  it('declines on trans_status 1 with the reason from the gateway, and allows a new scan', async () => {
    const sale = openSale(880)
    const first = await engine.startCpm({
      saleId: sale.saleId,
      authCode: declinedCode,
      payMethodId: 'WeChatPay'
    })
    expect(first).toMatchObject({ ok: true, value: { status: 'declined' } })
    expect(first.ok && first.value.reason).toMatch(/^Declined by the wallet: Insufficient balance/)
    expect(journal.getSale(sale.saleId)?.status).toBe('declined')

    const second = await engine.startCpm({
      saleId: sale.saleId,
      authCode: paidCode,
      payMethodId: 'WeChatPay'
    })
    expect(second).toMatchObject({ ok: true, value: { status: 'paid' } })
    const attempts = journal.getSale(sale.saleId)?.attempts ?? []
    expect(attempts).toHaveLength(2)
    // A new scan is a new attempt with its own merchant_order_no (API.md §6.4).
    expect(attempts[0]?.merchantOrderNo).not.toBe(attempts[1]?.merchantOrderNo)
  })

  it('polls while the customer confirms, and pays when the gateway says so', async () => {
    const sale = openSale()
    const result = await engine.startCpm({
      saleId: sale.saleId,
      authCode: slowCode,
      payMethodId: 'WeChatPay'
    })
    expect(result).toMatchObject({ ok: true, value: { status: 'processing' } })

    const paid = new Promise<SaleView>((resolve) =>
      engine.onSaleChanged((s) => s.status === 'paid' && resolve(s))
    )
    clock.advance(5_000)
    expect((await paid).attempts[0]?.status).toBe('paid')
  })

  it('refuses a second payment for a paid sale', async () => {
    const sale = openSale()
    await engine.startCpm({ saleId: sale.saleId, authCode: paidCode, payMethodId: 'WeChatPay' })
    const again = await engine.startCpm({
      saleId: sale.saleId,
      authCode: '134567890123456780',
      payMethodId: 'WeChatPay'
    })
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(gw.sandbox.listOrders()).toHaveLength(1)
  })

  it('has the attempt durable in the journal before its request is written', async () => {
    // What another connection reads is what a crash would leave: committed rows only.
    const reader = openJournal(journalFile, { readonly: true })
    const atSend: { method: unknown; status: string | undefined }[] = []
    const watched = await startSandboxGateway(() => clock.now(), {
      transport: (post, limits) => {
        const fields = JSON.parse(post.body) as Record<string, unknown>
        atSend.push({
          method: fields['method'],
          status: reader.attemptByMerchantOrderNo(String(fields['merchant_order_no']))?.status
        })
        return httpTransport(post, limits)
      }
    })
    engine.stop()
    engine = createPaymentEngine({ journal, gateway: watched.gateway, clock })
    try {
      const cpm = await engine.startCpm({
        saleId: openSale().saleId,
        authCode: paidCode,
        payMethodId: 'WeChatPay'
      })
      const mpm = await engine.startMpm({ saleId: openSale().saleId, payMethodId: 'WeChatPay' })
      expect(cpm).toMatchObject({ ok: true, value: { status: 'paid' } })
      expect(mpm).toMatchObject({ ok: true, value: { status: 'processing' } })
      expect(atSend).toEqual([
        { method: 'bscanc.pay.submit', status: 'pending' },
        { method: 'cscanb.pay.getqrcode', status: 'pending' }
      ])
    } finally {
      engine.stop()
      reader.close()
      await watched.close()
    }
  })

  it('refuses, with what the gateway takes, a sale above its maximum per payment', async () => {
    const sale = openSale(20_000_000)
    const cpm = await engine.startCpm({
      saleId: sale.saleId,
      authCode: paidCode,
      payMethodId: 'WeChatPay'
    })
    const mpm = await engine.startMpm({ saleId: sale.saleId, payMethodId: 'WeChatPay' })
    for (const refused of [cpm, mpm]) {
      expect(refused).toMatchObject({
        ok: false,
        error: {
          code: 'INVALID_ARGUMENT',
          said: { key: 'amount-above-gateway-max', max: { minor: 10_000_000, currency: 'JPY' } }
        }
      })
    }
    // Nothing journaled, nothing sent: the sale is still open for another way to pay.
    expect(journal.getSale(sale.saleId)).toMatchObject({ status: 'open', attempts: [] })
    expect(gw.sandbox.listOrders()).toHaveLength(0)
  })

  it('sends nothing when the journal cannot record the attempt', async () => {
    const sale = openSale()
    engine.stop()
    journal.close()
    journal = openJournal(journalFile, { readonly: true })
    engine = createPaymentEngine({ journal, gateway: gw.gateway, clock })
    const result = await engine.startCpm({
      saleId: sale.saleId,
      authCode: paidCode,
      payMethodId: 'WeChatPay'
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'JOURNAL_UNAVAILABLE' } })
    expect(gw.sandbox.listOrders()).toHaveLength(0)
  })

  it('tells the cashier a payment went out when the disk fills before its answer is saved', async () => {
    const sale = openSale()
    // The disk fills while the submit is out: SQLite's own SQLITE_FULL, from max_page_count.
    const real = gw.gateway
    const fillingDisk: Gateway = {
      ...real,
      prepare: {
        ...real.prepare,
        submitCpm(request) {
          const call = real.prepare.submitCpm(request)
          return {
            send: () => call.send().finally(() => fillJournal(journal)),
            abandon: () => call.abandon()
          }
        }
      }
    }
    engine.stop()
    engine = createPaymentEngine({ journal, gateway: fillingDisk, clock })
    const result = await engine.startCpm({
      saleId: sale.saleId,
      authCode: paidCode,
      payMethodId: 'WeChatPay'
    })
    // Not only "not taking payments": the customer may have paid, so no second tender.
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'JOURNAL_UNAVAILABLE', said: { key: 'payment-sent-not-saved' } }
    })
    expect(gw.sandbox.listOrders()).toHaveLength(1)
    expect(journal.getSale(sale.saleId)).toMatchObject({
      status: 'paying',
      attempts: [{ status: 'pending' }]
    })
    // Nothing is sent twice, and nothing new is taken while the disk is full.
    const again = await engine.startCpm({
      saleId: sale.saleId,
      authCode: '134567890123456780',
      payMethodId: 'WeChatPay'
    })
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(engine.openSale({ minor: 100, currency: 'JPY' })).toMatchObject({
      ok: false,
      error: { code: 'JOURNAL_UNAVAILABLE' }
    })
    expect(gw.sandbox.listOrders()).toHaveLength(1)

    // Space comes back: the till records the payment without a restart.
    journal.db.pragma('max_page_count = 1073741823')
    const paid = new Promise<SaleView>((resolve) =>
      engine.onSaleChanged((s) => s.status === 'paid' && resolve(s))
    )
    clock.advance(5_000)
    expect((await paid).attempts).toMatchObject([{ status: 'paid' }])
    expect(engine.openSale({ minor: 100, currency: 'JPY' }).ok).toBe(true)
  })

  it('tells the manager a refund is recorded when the disk fills while it is sent', async () => {
    const sale = openSale()
    const paid = await engine.startCpm({
      saleId: sale.saleId,
      authCode: paidCode,
      payMethodId: 'WeChatPay'
    })
    expect(paid).toMatchObject({ ok: true, value: { status: 'paid' } })
    const real = gw.gateway
    const fillingDisk: Gateway = {
      ...real,
      submitRefund: (request) => real.submitRefund(request).finally(() => fillJournal(journal))
    }
    engine.stop()
    engine = createPaymentEngine({ journal, gateway: fillingDisk, clock })
    const result = await engine.createRefund({
      saleId: sale.saleId,
      amount: { minor: 1200, currency: 'JPY' },
      reason: 'wrong item'
    })
    // Not "not taking payments": the refund may be on its way, so no second refund by hand.
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'JOURNAL_UNAVAILABLE', said: { key: 'refund-not-saved' } }
    })
    expect(gw.sandbox.listRefunds()).toHaveLength(1)
    expect(journal.getSale(sale.saleId)?.refunds).toMatchObject([{ status: 'pending' }])

    // Space comes back: the till records the refund's outcome without a restart, sent once.
    journal.db.pragma('max_page_count = 1073741823')
    const refunded = new Promise<SaleView>((resolve) =>
      engine.onSaleChanged((s) => s.refunds[0]?.status === 'refunded' && resolve(s))
    )
    clock.advance(5_000)
    expect((await refunded).refundedMinor).toBe(1200)
    expect(gw.sandbox.listRefunds()).toHaveLength(1)
  })

  it('treats an unreachable gateway as unknown, keeps asking, then needs attention', async () => {
    const keys = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' }
    })
    const unreachable = createGatewayClient(
      {
        baseUrl: 'http://127.0.0.1:9', // the discard port: nothing listens
        appId: 'wz0000000000000000',
        merchantNo: '312100000000',
        storeNo: '4121000000',
        appPrivateKeyPem: keys.privateKey,
        gatewayPublicKeyPem: keys.publicKey,
        timeoutMs: 2_000
      },
      { now: () => clock.now() }
    )
    engine.stop()
    engine = createPaymentEngine({ journal, gateway: unreachable, clock })
    const sale = openSale()
    const result = await engine.startCpm({
      saleId: sale.saleId,
      authCode: paidCode,
      payMethodId: 'WeChatPay'
    })
    expect(result).toMatchObject({ ok: true, value: { status: 'processing' } })
    expect(result.ok && result.value.reason).toMatch(/could not be reached/)

    // Polls every 5 s for the 60 s window, then three cancel tries (each a query, a cancel and a
    // query), then needs attention; the reconciler keeps going.
    for (let elapsed = 0; elapsed < 80_000; elapsed += 1_000) {
      clock.advance(1_000)
      await engine.idle()
    }
    const attempt = journal.getSale(sale.saleId)?.attempts[0]
    expect(journal.getSale(sale.saleId)?.status).toBe('needs-attention')
    expect(attempt?.reason).toMatch(/^Needs attention: /)
    const sent = journal
      .events({ saleId: sale.saleId })
      .filter((e) => e.kind === 'gateway.reply')
      .map((e) => e.detail['method'])
    expect(sent.filter((m) => m === 'order.revoker')).toHaveLength(3)
    expect(sent.filter((m) => m === 'order.query').length).toBeGreaterThanOrEqual(12)
    expect(clock.pending).toBe(1)
  })

  it('resumes an attempt left unfinished by a previous run', async () => {
    const sale = openSale()
    const result = await engine.startCpm({
      saleId: sale.saleId,
      authCode: slowCode,
      payMethodId: 'WeChatPay'
    })
    expect(result).toMatchObject({ ok: true, value: { status: 'processing' } })
    // The till stops (a crash loses its timers) and starts again on the same journal.
    engine.stop()
    clock.advance(4_000)
    engine = createPaymentEngine({ journal, gateway: gw.gateway, clock })
    const paid = new Promise<SaleView>((resolve) =>
      engine.onSaleChanged((s) => s.status === 'paid' && resolve(s))
    )
    engine.resume()
    clock.advance(0)
    expect((await paid).status).toBe('paid')
  })

  it('checks an open attempt now when asked, and says when there is nothing to check', async () => {
    const sale = openSale()
    const result = await engine.startCpm({
      saleId: sale.saleId,
      authCode: slowCode,
      payMethodId: 'WeChatPay'
    })
    const orderNo = result.ok ? result.value.merchantOrderNo : ''
    expect(engine.checkNow('QT-NOT-OURS')).toBe('unknown')
    // The customer confirms 3 s in; a check at 3.5 s finds it without waiting for the 5 s poll.
    clock.advance(3_500)
    const paid = new Promise<SaleView>((resolve) =>
      engine.onSaleChanged((s) => s.status === 'paid' && resolve(s))
    )
    expect(engine.checkNow(orderNo)).toBe('scheduled')
    clock.advance(0)
    expect((await paid).status).toBe('paid')
    expect(engine.checkNow(orderNo)).toBe('final')
  })

  it('checks now and answers with the attempt as the journal then has it', async () => {
    const sale = openSale()
    const result = await engine.startCpm({
      saleId: sale.saleId,
      authCode: slowCode,
      payMethodId: 'WeChatPay'
    })
    const orderNo = result.ok ? result.value.merchantOrderNo : ''
    clock.advance(3_500)
    expect(await engine.checkNowAndWait(orderNo)).toMatchObject({
      ok: true,
      value: { kind: 'attempt', attempt: { status: 'paid' } }
    })
    expect(await engine.checkNowAndWait('QTNOTOURS')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' }
    })
  })
})

describe('recovery', () => {
  async function runFor(ms: number): Promise<void> {
    for (let elapsed = 0; elapsed < ms; elapsed += 1_000) {
      clock.advance(1_000)
      await engine.idle()
    }
  }

  it('finishes a close that a previous run left half done', async () => {
    const sale = openSale()
    await engine.startCpm({
      saleId: sale.saleId,
      authCode: '134567890123450064', // the customer never confirms
      payMethodId: 'WeChatPay'
    })
    clock.advance(1_000)
    await engine.cancel(sale.saleId)
    expect(journal.getSale(sale.saleId)?.attempts[0]?.status).toBe('cancelling')
    engine.stop()
    await engine.idle()
    engine = createPaymentEngine({ journal, gateway: gw.gateway, clock })
    engine.resume()
    await runFor(20_000)
    const attempt = journal.getSale(sale.saleId)?.attempts[0]
    expect(attempt?.status).toBe('cancelled')
    expect(gw.sandbox.getOrder(attempt?.merchantOrderNo ?? '')?.transStatus).toBe(1)
  })

  it('closes an MPM order whose QR reply was never journaled', async () => {
    const sale = openSale(1060) // the sandbox would pay it 2 s after creation, if it existed
    // A crash right after the attempt was journaled: the request never left.
    const attempt = journal.createAttempt({
      saleId: sale.saleId,
      mode: 'MPM',
      merchantOrderNo: 'QT20261126090000LOST0001',
      payMethodId: 'WeChatPay',
      authCode: null,
      at: clock.now()
    })
    engine.resume()
    await runFor(25_000)
    const after = journal.getAttempt(attempt.attemptId)
    expect(after?.status).toBe('cancelled')
    expect(after?.reason).toMatch(/never reached the gateway/)
    expect(journal.getSale(sale.saleId)?.status).toBe('declined')
  })

  it('resumes a refund journaled before its submit left: sends the same number once', async () => {
    const sale = openSale()
    await engine.startCpm({ saleId: sale.saleId, authCode: paidCode, payMethodId: 'WeChatPay' })
    const refund = journal.createRefund({
      saleId: sale.saleId,
      merchantOrderNo: 'QT20261126090000REFUND01',
      amountMinor: 1200,
      currency: 'JPY',
      reason: 'returned',
      at: clock.now()
    })
    engine.resume()
    await runFor(10_000)
    expect(journal.getRefund(refund.refundId)?.status).toBe('refunded')
    expect(gw.sandbox.listRefunds().map((r) => r.merchantOrderNo)).toEqual([
      'QT20261126090000REFUND01'
    ])
  })
})

describe('a refund the gateway client will not build', () => {
  it('fails in words and frees its amount, instead of "Something went wrong"', async () => {
    // Paid while the guard per payment allowed ¥15,000,000; the till's settings were then put
    // back to the default ceiling (¥10,000,000), which a refund of it is above.
    const generous = createPaymentEngine({
      journal,
      gateway: gw.clientWith({ maxAmountMinor: { JPY: 20_000_000 } }),
      clock
    })
    const sale = openSale(15_000_000)
    const paid = await generous.startCpm({
      saleId: sale.saleId,
      authCode: paidCode,
      payMethodId: 'WeChatPay'
    })
    generous.stop()
    expect(paid).toMatchObject({ ok: true, value: { status: 'paid' } })

    const refund = await engine.createRefund({
      saleId: sale.saleId,
      amount: { minor: 15_000_000, currency: 'JPY' },
      reason: 'returned'
    })
    expect(refund).toMatchObject({ ok: true, value: { status: 'failed' } })
    expect(refund.ok && refund.value.failure).toMatch(
      /^The refund failed: not sent: .*above the maximum of 10000000 JPY/
    )
    expect(gw.sandbox.listRefunds()).toEqual([])
    // Nothing is held back by it: a refund the client can send goes through.
    const part = await engine.createRefund({
      saleId: sale.saleId,
      amount: { minor: 5_000_000, currency: 'JPY' },
      reason: 'returned in part'
    })
    expect(part).toMatchObject({ ok: true, value: { status: 'processing' } })
  })
})

describe('telling the screens', () => {
  it('is never in the way of the money: a listener that throws does not strand a payment', async () => {
    const sale = openSale()
    engine.onSaleChanged(() => {
      throw new Error('a screen went away mid-send')
    })
    const seen = changes()
    const result = await engine.startCpm({
      saleId: sale.saleId,
      authCode: paidCode,
      payMethodId: 'WeChatPay'
    })
    expect(result).toMatchObject({ ok: true, value: { status: 'paid' } })
    expect(gw.sandbox.listOrders()).toHaveLength(1)
    // The other listeners still heard every change.
    expect(seen.map((s) => s.status)).toEqual(['paying', 'paid'])
  })
})
