import { generateKeyPairSync } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createGatewayClient } from '../../src/main/gateway'
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
    expect(first).toMatchObject({
      ok: true,
      value: { status: 'declined', reason: 'Insufficient balance' }
    })
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

    // Twelve polls at 5 s make the 60 s window; each one waits for the previous to finish.
    for (let elapsed = 0; elapsed < 60_000; elapsed += 5_000) {
      await vi.waitFor(() => expect(clock.pending).toBe(1))
      clock.advance(5_000)
    }
    await vi.waitFor(() => expect(journal.getSale(sale.saleId)?.status).toBe('needs-attention'))
    const queries = journal
      .events({ saleId: sale.saleId })
      .filter((e) => e.kind === 'gateway.reply' && e.detail['method'] === 'order.query')
    expect(queries.length).toBe(12)
    // The reconciler keeps going after the window.
    await vi.waitFor(() => expect(clock.pending).toBe(1))
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
})
