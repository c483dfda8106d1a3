import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { reasons } from '../../src/main/payments/reasons'
import { createTill, type Till } from '../../src/main/till'
import { dispatch } from '../../src/main/till/dispatch'
import { generateSandboxCredentials, type SandboxCredentials } from '../../src/sandbox'
import type { DisplayState } from '../../src/shared/contract'
import type { AttemptView, SaleView } from '../../src/shared/order'
import { FakeClock } from '../support/fake-clock'
import { useTempDir } from '../support/temp-dir'
import { displayFor } from '../../src/main/till/customer-display'

const sale: SaleView = {
  saleId: 1,
  amount: { minor: 1080, currency: 'JPY' },
  lines: [{ description: 'Onigiri', unitPriceMinor: 180, quantity: 6 }],
  status: 'paying',
  createdAt: 1,
  updatedAt: 2,
  attempts: [],
  refunds: [],
  paidMinor: 0,
  refundedMinor: 0
}

function attempt(overrides: Partial<AttemptView>): AttemptView {
  return {
    attemptId: 1,
    saleId: 1,
    mode: 'MPM',
    merchantOrderNo: 'QT1',
    payMethodId: 'PayPay',
    amount: sale.amount,
    status: 'processing',
    authCodeLast4: null,
    transNo: null,
    reason: null,
    why: reasons.showingQr(),
    qrContent: 'http://127.0.0.1:1/wallet/t',
    expiresAt: 60_000,
    createdAt: 1,
    updatedAt: 2,
    ...overrides
  }
}

describe('what the customer display shows for a sale', () => {
  it('shows the QR with the sale’s lines while nobody has scanned it', () => {
    expect(displayFor({ ...sale, attempts: [attempt({})] }, 'Shop', 20_000)).toEqual({
      screen: 'show-qr',
      shopName: 'Shop',
      amount: sale.amount,
      payMethodId: 'PayPay',
      qrContent: 'http://127.0.0.1:1/wallet/t',
      expiresAt: 60_000,
      sentAt: 20_000,
      lines: sale.lines
    })
  })

  it('asks the customer to confirm in their wallet once they have scanned (MPM) or been scanned (CPM)', () => {
    const confirming = attempt({ why: reasons.confirming() })
    expect(displayFor({ ...sale, attempts: [confirming] }, 'Shop', 0)).toMatchObject({
      screen: 'confirming',
      lines: sale.lines
    })
    const cpm = attempt({ mode: 'CPM', qrContent: null, why: reasons.confirming() })
    expect(displayFor({ ...sale, attempts: [cpm] }, 'Shop', 0).screen).toBe('confirming')
  })

  it('while the gateway issues the QR, tells the customer it is on its way', () => {
    const pending = attempt({ status: 'pending', qrContent: null, expiresAt: null, why: null })
    expect(displayFor({ ...sale, attempts: [pending] }, 'Shop', 0)).toEqual({
      screen: 'preparing-qr',
      shopName: 'Shop',
      amount: sale.amount,
      lines: sale.lines
    })
  })

  it('shows the total only on an outcome, and no lines for a sale keyed as an amount', () => {
    const paid = displayFor(
      { ...sale, status: 'paid', attempts: [attempt({ status: 'paid' })] },
      'S',
      0
    )
    expect(paid).toEqual({ screen: 'paid', shopName: 'S', amount: sale.amount })
    const plain = displayFor({ ...sale, status: 'open', lines: [] }, 'S', 0)
    expect(plain).toEqual({ screen: 'awaiting-code', shopName: 'S', amount: sale.amount })
  })
})

/**
 * Over the real till (journal, engine, embedded sandbox kept in a file so it survives a restart):
 * only the sale the cashier is working on drives the customer display.
 */
describe('the sale the customer display follows', () => {
  const tempDir = useTempDir()
  let credentials: SandboxCredentials
  const open: Till[] = []

  beforeAll(async () => {
    credentials = await generateSandboxCredentials()
  })

  afterEach(async () => {
    for (const till of open.splice(0)) await till.close()
  })

  /** The till on `dataDir`, and every display:changed it pushes from now on. */
  async function start(
    dataDir: string,
    clock: FakeClock
  ): Promise<{ till: Till; displays: DisplayState[] }> {
    const till = await createTill({
      dataDir,
      clock,
      sandboxCredentials: credentials,
      sandbox: { storeFile: join(dataDir, 'sandbox.sqlite') }
    })
    open.push(till)
    const displays: DisplayState[] = []
    till.subscribe((channel, payload) => {
      if (channel === 'display:changed') displays.push(payload as DisplayState)
    })
    return { till, displays }
  }

  async function stop(till: Till): Promise<void> {
    open.splice(open.indexOf(till), 1)
    await till.close()
  }

  /** Virtual seconds, one at a time; every step the engine starts in a second ends before the next. */
  async function runFor(till: Till, clock: FakeClock, ms: number): Promise<void> {
    for (let elapsed = 0; elapsed < ms; elapsed += 1_000) {
      clock.advance(1_000)
      await till.idle()
    }
  }

  async function openSale(till: Till, minor: number): Promise<SaleView> {
    const opened = await till.handlers['sales:open']({ amount: { minor, currency: 'JPY' } })
    if (!opened.ok) throw new Error(opened.error.message)
    return opened.value
  }

  async function screen(till: Till): Promise<string> {
    const shown = await till.handlers['display:get']({})
    if (!shown.ok) throw new Error(shown.error.message)
    return shown.value.screen
  }

  async function paidSale(till: Till, minor: number): Promise<SaleView> {
    const sale = await openSale(till, minor)
    const paid = await till.handlers['payments:startCpm']({
      saleId: sale.saleId,
      authCode: '134567890123456789',
      payMethodId: 'WeChatPay'
    })
    expect(paid).toMatchObject({ ok: true, value: { status: 'paid' } })
    return sale
  }

  /** Sets a manager PIN, then refunds `minor` of `sale` at the till with it, as the cashier does. */
  async function refunder(
    till: Till,
    sale: SaleView
  ): Promise<(minor: number) => ReturnType<Till['handlers']['refunds:create']>> {
    await till.handlers['manager:setPin']({ newPin: '24682468' })
    return (minor) =>
      till.handlers['refunds:create']({
        saleId: sale.saleId,
        amount: { minor, currency: 'JPY' },
        reason: 'changed their mind',
        managerPin: '24682468'
      })
  }

  it('keeps Paid up until the cashier starts a new sale, then welcomes the next customer', async () => {
    const clock = new FakeClock()
    const { till, displays } = await start(tempDir(), clock)
    const sale = await paidSale(till, 1200)
    await runFor(till, clock, 30_000)
    expect(await screen(till)).toBe('paid')
    // A refund on its way when the cashier moves on.
    const refund = await refunder(till, sale)
    expect(await refund(200)).toMatchObject({ ok: true, value: { status: 'processing' } })

    expect(await till.handlers['sales:leave']({ saleId: sale.saleId })).toEqual({
      ok: true,
      value: null
    })
    expect(await till.handlers['display:get']({})).toEqual({
      ok: true,
      value: { screen: 'idle', shopName: 'QR Till' }
    })
    expect(displays.at(-1)).toEqual({ screen: 'idle', shopName: 'QR Till' })

    // The sale left is the cashier's business now: the refund finishing stays off the display.
    const shown = displays.length
    await runFor(till, clock, 10_000)
    expect(await till.handlers['sales:get']({ saleId: sale.saleId })).toMatchObject({
      value: { refunds: [{ status: 'refunded' }] }
    })
    expect(await screen(till)).toBe('idle')
    expect(displays).toHaveLength(shown)

    // Until the customer comes back and the cashier refunds it at the till, in front of them:
    // while the gateway confirms it, they see the refund on its way, not "Paid".
    expect(await refund(300)).toMatchObject({ ok: true, value: { status: 'processing' } })
    expect(await till.handlers['display:get']({})).toMatchObject({
      value: { screen: 'refunding', amount: { minor: 300 } }
    })
    await runFor(till, clock, 10_000)
    expect(await till.handlers['display:get']({})).toMatchObject({
      value: { screen: 'refunded', amount: { minor: 500 } }
    })
  })

  it('a refund that fails at the counter says so, then a later one that goes through', async () => {
    const clock = new FakeClock()
    const { till } = await start(tempDir(), clock)
    const sale = await paidSale(till, 1200)
    const refund = await refunder(till, sale)
    // The sandbox fails a refund of an amount ending in 051 (MERCHANT_BALANCE_INSUFFICIENT).
    expect(await refund(1051)).toMatchObject({ ok: true, value: { status: 'processing' } })
    expect(await screen(till)).toBe('refunding')
    await runFor(till, clock, 10_000)
    expect(await till.handlers['sales:get']({ saleId: sale.saleId })).toMatchObject({
      value: { refunds: [{ status: 'failed' }] }
    })
    // Not "Paid" as if nothing had been tried, and not a refund on its way.
    expect(await till.handlers['display:get']({})).toMatchObject({
      value: { screen: 'refund-failed', amount: { minor: 1051 } }
    })

    expect(await refund(100)).toMatchObject({ ok: true })
    expect(await screen(till)).toBe('refunding')
    await runFor(till, clock, 10_000)
    expect(await till.handlers['display:get']({})).toMatchObject({
      value: { screen: 'refunded', amount: { minor: 100 } }
    })
  })

  it('leaving a sale the display no longer follows changes nothing; only the cashier may leave', async () => {
    const clock = new FakeClock()
    const { till } = await start(tempDir(), clock)
    const first = await paidSale(till, 1200)
    await openSale(till, 800)
    expect(await till.handlers['sales:leave']({ saleId: first.saleId })).toMatchObject({ ok: true })
    expect(await till.handlers['display:get']({})).toMatchObject({
      value: { screen: 'awaiting-code', amount: { minor: 800 } }
    })
    expect(
      await dispatch(till.handlers, 'customer', 'sales:leave', { saleId: first.saleId })
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await dispatch(till.handlers, 'cashier', 'sales:leave', {})).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' }
    })
  })

  it('a sale opened to show a QR (F3) waits for the QR; it never asks for the customer’s code', async () => {
    const clock = new FakeClock()
    const { till, displays } = await start(tempDir(), clock)
    const opened = await till.handlers['sales:open']({
      amount: { minor: 1500, currency: 'JPY' },
      tender: 'mpm'
    })
    if (!opened.ok) throw new Error(opened.error.message)
    expect(await till.handlers['display:get']({})).toEqual({
      ok: true,
      value: {
        screen: 'preparing-qr',
        shopName: 'QR Till',
        amount: { minor: 1500, currency: 'JPY' }
      }
    })
    await till.handlers['payments:startMpm']({ saleId: opened.value.saleId, payMethodId: 'PayPay' })
    expect(await screen(till)).toBe('show-qr')
    expect(displays.map((shown) => shown.screen)).not.toContain('awaiting-code')
  })

  it('after a decline, shows what the tender the cashier chose next needs', async () => {
    const clock = new FakeClock()
    const { till } = await start(tempDir(), clock)
    const sale = await openSale(till, 1200)
    const declined = await till.handlers['payments:startCpm']({
      saleId: sale.saleId,
      authCode: '134567890123450051',
      payMethodId: 'WeChatPay'
    })
    expect(declined).toMatchObject({ ok: true, value: { status: 'declined' } })
    expect(await screen(till)).toBe('declined')

    // F3: show a QR instead. The customer waits for it; no "declined", no "show your code".
    const choose = (tender: 'cpm' | 'mpm'): ReturnType<Till['handlers']['sales:chooseTender']> =>
      till.handlers['sales:chooseTender']({ saleId: sale.saleId, tender })
    expect(await choose('mpm')).toEqual({ ok: true, value: null })
    expect(await screen(till)).toBe('preparing-qr')
    // F2: scan instead. The customer is asked for a (fresh) code.
    await choose('cpm')
    expect(await screen(till)).toBe('awaiting-code')
    // A decline after that choice is news again.
    await till.handlers['payments:startCpm']({
      saleId: sale.saleId,
      authCode: '134567890123450051',
      payMethodId: 'WeChatPay'
    })
    expect(await screen(till)).toBe('declined')

    // Only for a sale that can still take a payment, only from the cashier, only these tenders.
    const paid = await paidSale(till, 800)
    expect(
      await till.handlers['sales:chooseTender']({ saleId: paid.saleId, tender: 'mpm' })
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await screen(till)).toBe('paid')
    expect(await till.handlers['sales:chooseTender']({ saleId: 999, tender: 'mpm' })).toMatchObject(
      { ok: false, error: { code: 'NOT_FOUND' } }
    )
    expect(
      await dispatch(till.handlers, 'customer', 'sales:chooseTender', {
        saleId: sale.saleId,
        tender: 'mpm'
      })
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(
      await dispatch(till.handlers, 'cashier', 'sales:chooseTender', {
        saleId: sale.saleId,
        tender: 'cash'
      })
    ).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  })

  it('takes the QR down the moment the cashier cancels, while the order is being closed', async () => {
    const clock = new FakeClock()
    const { till, displays } = await start(tempDir(), clock)
    const sale = await openSale(till, 1300) // nobody scans
    await till.handlers['payments:startMpm']({ saleId: sale.saleId, payMethodId: 'PayPay' })
    expect(await screen(till)).toBe('show-qr')

    const cancelled = await till.handlers['payments:cancel']({ saleId: sale.saleId })
    expect(cancelled).toMatchObject({ ok: true, value: { attempts: [{ status: 'cancelling' }] } })
    // The gateway is not asked before 15 s (API.md §5.3): no QR to pay all that time.
    expect(displays.at(-1)).toEqual({
      screen: 'closing',
      shopName: 'QR Till',
      amount: { minor: 1300, currency: 'JPY' }
    })
    await runFor(till, clock, 10_000)
    expect(await screen(till)).toBe('closing')
    await runFor(till, clock, 15_000)
    expect(await till.handlers['sales:get']({ saleId: sale.saleId })).toMatchObject({
      value: { status: 'open', attempts: [{ status: 'cancelled' }] }
    })
    expect(displays.filter((shown) => shown.screen === 'show-qr')).toHaveLength(1)
  })

  it('a QR nobody paid in time comes down, then says so: not paid in time, not declined', async () => {
    const clock = new FakeClock()
    const { till, displays } = await start(tempDir(), clock)
    const sale = await openSale(till, 1200) // nobody scans
    await till.handlers['payments:startMpm']({ saleId: sale.saleId, payMethodId: 'PayPay' })
    await runFor(till, clock, 59_000)
    expect(await screen(till)).toBe('show-qr')
    // The window ends: the till closes the order, and the code is gone from that moment.
    const before = displays.length
    await runFor(till, clock, 2_000)
    const after = [...new Set(displays.slice(before).map((shown) => shown.screen))]
    expect(after).toEqual(['closing', 'expired'])
    expect(await till.handlers['sales:get']({ saleId: sale.saleId })).toMatchObject({
      value: { status: 'declined', attempts: [{ status: 'cancelled' }] }
    })
    expect(displays.at(-1)).toEqual({
      screen: 'expired',
      shopName: 'QR Till',
      amount: { minor: 1200, currency: 'JPY' }
    })
    expect(displays.map((shown) => shown.screen)).not.toContain('declined')
  })

  it('a QR payment the wallet declined says so, as a QR payment', async () => {
    const clock = new FakeClock()
    const { till } = await start(tempDir(), clock)
    // The sandbox declines MPM amounts ending 054 (RISK_CONTROL) 2 s after the QR is issued.
    const sale = await openSale(till, 1054)
    await till.handlers['payments:startMpm']({ saleId: sale.saleId, payMethodId: 'PayPay' })
    await runFor(till, clock, 6_000)
    expect(await till.handlers['display:get']({})).toMatchObject({
      ok: true,
      value: { screen: 'declined', mode: 'MPM' }
    })
  })

  it('sends the QR with the till’s clock at the moment it leaves, for a countdown free of skew', async () => {
    const clock = new FakeClock()
    const { till, displays } = await start(tempDir(), clock)
    const sale = await openSale(till, 1500) // nobody scans
    await till.handlers['payments:startMpm']({ saleId: sale.saleId, payMethodId: 'PayPay' })
    const pushed = displays.at(-1)
    if (pushed?.screen !== 'show-qr') throw new Error(`pushed ${pushed?.screen}`)
    expect(pushed.sentAt).toBe(clock.now())
    expect(pushed.expiresAt! - pushed.sentAt).toBe(60_000)

    await runFor(till, clock, 10_000)
    const asked = await till.handlers['display:get']({})
    if (!asked.ok || asked.value.screen !== 'show-qr') throw new Error('no QR on show')
    expect(asked.value.sentAt).toBe(clock.now())
    expect(asked.value.expiresAt! - asked.value.sentAt).toBe(50_000)
  })

  it('after a restart, a refund of an old sale finishing in the background leaves the display idle', async () => {
    const dataDir = tempDir()
    const first = new FakeClock()
    const before = await start(dataDir, first)
    const sale = await paidSale(before.till, 1200)
    await before.till.handlers['manager:setPin']({ newPin: '24682468' })
    const refund = await before.till.handlers['refunds:create']({
      saleId: sale.saleId,
      amount: { minor: 1200, currency: 'JPY' },
      reason: 'changed their mind',
      managerPin: '24682468'
    })
    expect(refund).toMatchObject({ ok: true, value: { status: 'processing' } })
    // The till stops with the refund still on its way: the next start resumes it.
    await stop(before.till)

    const second = new FakeClock(first.now() + 60_000)
    const after = await start(dataDir, second)
    expect(await screen(after.till)).toBe('idle')
    await runFor(after.till, second, 10_000)
    expect(await after.till.handlers['sales:get']({ saleId: sale.saleId })).toMatchObject({
      value: { refunds: [{ status: 'refunded' }] }
    })
    expect(await screen(after.till)).toBe('idle')
    expect(after.displays).toEqual([])

    // The next sale the cashier opens is on the display at once.
    await openSale(after.till, 800)
    expect(after.displays.map((shown) => shown.screen)).toEqual(['awaiting-code'])
  })

  it('after a restart, a decline the cashier has not answered is still on the display', async () => {
    const dataDir = tempDir()
    const first = new FakeClock()
    const before = await start(dataDir, first)
    const sale = await openSale(before.till, 1200)
    const declined = await before.till.handlers['payments:startCpm']({
      saleId: sale.saleId,
      authCode: '134567890123450051',
      payMethodId: 'WeChatPay'
    })
    expect(declined).toMatchObject({ ok: true, value: { status: 'declined' } })
    expect(await screen(before.till)).toBe('declined')
    // Moving on from a declined sale abandons it, in the journal: this one the cashier still holds,
    // and their screen takes it up again after the restart (sales:current).
    await stop(before.till)

    const second = new FakeClock(first.now() + 5_000)
    const after = await start(dataDir, second)
    expect(await after.till.handlers['sales:current']({})).toMatchObject({
      value: { saleId: sale.saleId, status: 'declined' }
    })
    expect(await after.till.handlers['display:get']({})).toEqual({
      ok: true,
      value: {
        screen: 'declined',
        shopName: 'QR Till',
        amount: { minor: 1200, currency: 'JPY' },
        mode: 'CPM'
      }
    })
    // The cashier answers the decline: the customer is told what comes next, as before a restart.
    await after.till.handlers['sales:chooseTender']({ saleId: sale.saleId, tender: 'cpm' })
    expect(await screen(after.till)).toBe('awaiting-code')
    const paid = await after.till.handlers['payments:startCpm']({
      saleId: sale.saleId,
      authCode: '134567890123456789',
      payMethodId: 'WeChatPay'
    })
    expect(paid).toMatchObject({ ok: true, value: { status: 'paid' } })
    expect(await screen(after.till)).toBe('paid')
  })

  it('after a restart, a declined sale the cashier moved on from stays off the display', async () => {
    const dataDir = tempDir()
    const first = new FakeClock()
    const before = await start(dataDir, first)
    const sale = await openSale(before.till, 1200)
    await before.till.handlers['payments:startCpm']({
      saleId: sale.saleId,
      authCode: '134567890123450051',
      payMethodId: 'WeChatPay'
    })
    // New sale on the cashier screen: an unpaid sale is abandoned.
    expect(await before.till.handlers['sales:abandon']({ saleId: sale.saleId })).toMatchObject({
      ok: true
    })
    await stop(before.till)

    const after = await start(dataDir, new FakeClock(first.now() + 5_000))
    expect(await screen(after.till)).toBe('idle')
  })

  it('after a restart, the payment that was in flight is back on the display at once', async () => {
    const dataDir = tempDir()
    const first = new FakeClock()
    const before = await start(dataDir, first)
    const sale = await openSale(before.till, 1060) // the sandbox pays it 2 s after the QR is issued
    await before.till.handlers['payments:startMpm']({
      saleId: sale.saleId,
      payMethodId: 'WeChatPay'
    })
    expect(await screen(before.till)).toBe('show-qr')
    await stop(before.till)

    const second = new FakeClock(first.now() + 1_000)
    const after = await start(dataDir, second)
    expect(await screen(after.till)).toBe('show-qr')
    await runFor(after.till, second, 6_000)
    expect(await screen(after.till)).toBe('paid')
  })
})
