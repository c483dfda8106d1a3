import { generateKeyPairSync } from 'node:crypto'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { amountMismatch, createGatewayClient } from '../../src/main/gateway'
import type { Gateway } from '../../src/main/gateway/types'
import { openJournal, type Journal } from '../../src/main/journal'
import {
  createPaymentEngine,
  type PaymentEngine,
  type PaymentSettings
} from '../../src/main/payments'
import { displayFor } from '../../src/main/till/customer-display'
import type { Result } from '../../src/shared/contract'
import type { Money } from '../../src/shared/money'
import type {
  AttemptStatus,
  AttemptView,
  RefundView,
  SaleStatus,
  SaleView
} from '../../src/shared/order'
import {
  defaultRefundScenarios,
  defaultScenarios,
  generateSandboxCredentials,
  sandboxDefiniteRefusals,
  sandboxRefusalMeanings,
  startSandbox,
  type Sandbox,
  type SandboxCredentials
} from '../../src/sandbox'
import { FakeClock } from '../support/fake-clock'

/**
 * Issue 4 §4: every scenario of docs/sandbox.md, for CPM, MPM, cancel and refund, against the
 * real sandbox over HTTP on virtual time, ends in the right final state — the one the sandbox
 * itself records — with the right kind of cashier reason.
 */

/** The four kinds of cashier reason (src/main/payments/reasons.ts), plus the final outcomes. */
const kind = {
  declined: /^Declined by the wallet: /,
  checking: /^Not confirmed yet: /,
  unreachable: /^The gateway could not be reached/,
  needsAttention: /^Needs attention: /,
  cancelled: /^Cancelled: /,
  reversed: /^Reversed: /,
  paidLate: /^Paid: the customer completed/,
  paidDespiteCancel: /^Paid: the customer paid while the order was being cancelled/
} as const

/** The client gives up quickly so the hold scenario costs half a second of real time. */
const clientTimeoutMs = 500

/** CPM orders live longer than the till's window so the till's own close meets them open. */
const settings: Partial<PaymentSettings> = { orderExpiresSeconds: 120, mpmExpiresSeconds: 90 }

let credentials: SandboxCredentials
let clock: FakeClock
let sandbox: Sandbox
let gateway: Gateway
let journal: Journal
let engine: PaymentEngine

beforeAll(async () => {
  credentials = await generateSandboxCredentials()
})

beforeEach(async () => {
  clock = new FakeClock()
  sandbox = await startSandbox({
    appId: credentials.appId,
    merchantNo: credentials.merchantNo,
    storeNo: credentials.storeNo,
    appPublicKeyPem: credentials.appPublicKeyPem,
    gatewayPrivateKeyPem: credentials.gatewayPrivateKeyPem,
    now: () => clock.now(),
    holdReplyMs: 3_000
  })
  gateway = createGatewayClient(
    {
      baseUrl: sandbox.url,
      appId: credentials.appId,
      merchantNo: credentials.merchantNo,
      storeNo: credentials.storeNo,
      appPrivateKeyPem: credentials.appPrivateKeyPem,
      gatewayPublicKeyPem: credentials.gatewayPublicKeyPem,
      // As a till on the sandbox: its codes for "nothing happened" are known.
      definiteRefusalCodes: sandboxDefiniteRefusals,
      refusalMeanings: sandboxRefusalMeanings,
      timeoutMs: clientTimeoutMs,
      readTimeoutMs: clientTimeoutMs
    },
    { now: () => clock.now() }
  )
  journal = openJournal(':memory:')
  engine = createPaymentEngine({ journal, gateway, clock, settings })
})

afterEach(async () => {
  engine.stop()
  await engine.idle()
  journal.close()
  await sandbox.close()
})

function openSale(minor: number): SaleView {
  const result = engine.openSale({ minor, currency: 'JPY' })
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

/** Virtual time in 1 s steps, letting every query and cancel finish between steps. */
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

/** What the sandbox's own record must say for each final attempt status. */
const gatewayStatusFor: Record<AttemptStatus, readonly number[]> = {
  paid: [2],
  declined: [1],
  cancelled: [1],
  reversed: [3],
  pending: [],
  processing: [],
  cancelling: [],
  'needs-attention': [0, 9]
}

function expectMatchesGateway(attempt: AttemptView): void {
  const order = sandbox.getOrder(attempt.merchantOrderNo)
  expect(order, `the sandbox knows ${attempt.merchantOrderNo}`).toBeDefined()
  expect(gatewayStatusFor[attempt.status]).toContain(order?.transStatus)
}

interface Row {
  readonly scenario: string
  readonly payMethodId?: string
  /** CPM: the auth code; MPM: the amount in yen (its last digits pick the scenario). */
  readonly code?: string
  readonly amount?: number
  /** The cashier presses Cancel this long after the start. */
  readonly cancelAfterMs?: number
  /** The reason right after the start, when the first answer is not final. */
  readonly first?: RegExp
  readonly status: AttemptStatus
  readonly saleStatus: SaleStatus
  readonly reason: RegExp | null
  /** A late payment the cashier had cancelled is refunded in full. */
  readonly refunded?: boolean
}

const cpm = (suffix: string): string => `1345678901234${suffix.padStart(5, '5')}`

const cpmRows: readonly Row[] = [
  { scenario: 'paid', code: cpm('6789'), status: 'paid', saleStatus: 'paid', reason: null },
  {
    scenario: 'insufficient-balance',
    code: cpm('0051'),
    status: 'declined',
    saleStatus: 'declined',
    reason: /^Declined by the wallet: .*balance/i
  },
  {
    scenario: 'code-expired',
    code: cpm('0052'),
    status: 'declined',
    saleStatus: 'declined',
    reason: kind.declined
  },
  {
    scenario: 'declined',
    code: cpm('0054'),
    status: 'declined',
    saleStatus: 'declined',
    reason: kind.declined
  },
  {
    scenario: 'customer-confirms',
    code: cpm('0061'),
    first: kind.checking,
    status: 'paid',
    saleStatus: 'paid',
    reason: null
  },
  {
    scenario: 'customer-confirms-slowly',
    code: cpm('0062'),
    first: kind.checking,
    status: 'paid',
    saleStatus: 'paid',
    reason: null
  },
  {
    scenario: 'customer-declines',
    code: cpm('0063'),
    first: kind.checking,
    status: 'declined',
    saleStatus: 'declined',
    reason: kind.declined
  },
  {
    scenario: 'never-confirms (the till closes the order after 60 s)',
    code: cpm('0064'),
    first: kind.checking,
    status: 'cancelled',
    saleStatus: 'declined',
    reason: /^Cancelled: the customer did not complete/
  },
  {
    scenario: 'reply-system-error',
    code: cpm('0071'),
    first: kind.checking,
    status: 'paid',
    saleStatus: 'paid',
    reason: null
  },
  {
    scenario: 'reply-hold',
    code: cpm('0072'),
    first: kind.checking,
    status: 'paid',
    saleStatus: 'paid',
    reason: null
  },
  {
    scenario: 'reply-drop',
    code: cpm('0073'),
    first: /^(Not confirmed yet|The gateway could not be reached)/,
    status: 'paid',
    saleStatus: 'paid',
    reason: null
  },
  {
    scenario: 'paid-on-cancel, WeChatPay (reversible): the close reverses it',
    code: cpm('0074'),
    first: kind.checking,
    status: 'reversed',
    saleStatus: 'declined',
    reason: kind.reversed
  },
  {
    scenario: 'paid-on-cancel, PayPay (not reversible): the late payment is honoured',
    payMethodId: 'PayPay',
    code: cpm('0074'),
    first: kind.checking,
    status: 'paid',
    saleStatus: 'paid',
    reason: kind.paidLate
  },
  {
    scenario: 'reply-bad-signature',
    code: cpm('0075'),
    first: kind.checking,
    status: 'paid',
    saleStatus: 'paid',
    reason: null
  },
  {
    scenario: 'reply-malformed',
    code: cpm('0076'),
    first: kind.checking,
    status: 'paid',
    saleStatus: 'paid',
    reason: null
  },
  {
    // API.md §3: a refusal nobody said is final is checked, not believed; the payment is found.
    scenario: 'reply-unlisted-refusal',
    code: cpm('0077'),
    first: kind.checking,
    status: 'paid',
    saleStatus: 'paid',
    reason: null
  }
]

const mpmRows: readonly Row[] = [
  {
    scenario: 'wallet-page, nobody scans: closed at 60 s',
    amount: 1200,
    first: kind.checking,
    status: 'cancelled',
    saleStatus: 'declined',
    reason: /^Cancelled: the customer did not complete/
  },
  {
    scenario: 'mpm-insufficient-balance',
    amount: 1051,
    first: kind.checking,
    status: 'declined',
    saleStatus: 'declined',
    reason: kind.declined
  },
  {
    scenario: 'mpm-declined',
    amount: 1054,
    first: kind.checking,
    status: 'declined',
    saleStatus: 'declined',
    reason: kind.declined
  },
  {
    scenario: 'mpm-paid',
    amount: 1060,
    first: kind.checking,
    status: 'paid',
    saleStatus: 'paid',
    reason: null
  },
  {
    scenario: 'mpm-customer-confirms',
    amount: 1061,
    first: kind.checking,
    status: 'paid',
    saleStatus: 'paid',
    reason: null
  },
  {
    scenario: 'mpm-customer-declines',
    amount: 1063,
    first: kind.checking,
    status: 'declined',
    saleStatus: 'declined',
    reason: kind.declined
  },
  {
    scenario: 'mpm-reply-system-error: no QR, the order is closed, the payment found is honoured',
    amount: 1071,
    first: kind.checking,
    status: 'paid',
    saleStatus: 'paid',
    reason: kind.paidLate
  },
  {
    scenario: 'mpm-reply-hold',
    amount: 1072,
    first: kind.checking,
    status: 'paid',
    saleStatus: 'paid',
    reason: kind.paidLate
  },
  {
    scenario: 'mpm-reply-drop',
    amount: 1073,
    first: /^(Not confirmed yet|The gateway could not be reached)/,
    status: 'paid',
    saleStatus: 'paid',
    reason: kind.paidLate
  },
  {
    scenario: 'mpm-paid-on-cancel, WeChatPay (MPM not reversible): honoured at the 60 s close',
    amount: 1074,
    first: kind.checking,
    status: 'paid',
    saleStatus: 'paid',
    reason: kind.paidLate
  },
  {
    scenario: 'mpm-paid-on-cancel, Alipay+ (reversible): reversed at the 60 s close',
    payMethodId: 'Alipay+',
    amount: 1074,
    first: kind.checking,
    status: 'reversed',
    saleStatus: 'declined',
    reason: kind.reversed
  },
  {
    scenario: 'mpm-reply-bad-signature',
    amount: 1075,
    first: kind.checking,
    status: 'paid',
    saleStatus: 'paid',
    reason: kind.paidLate
  },
  {
    scenario: 'mpm-reply-malformed',
    amount: 1076,
    first: kind.checking,
    status: 'paid',
    saleStatus: 'paid',
    reason: kind.paidLate
  },
  {
    scenario: 'mpm-reply-unlisted-refusal',
    amount: 1077,
    first: kind.checking,
    status: 'paid',
    saleStatus: 'paid',
    reason: kind.paidLate
  }
]

const cancelRows: readonly Row[] = [
  {
    scenario: 'CPM never-confirms, cancelled at 1 s: closed at 15 s',
    code: cpm('0064'),
    cancelAfterMs: 1_000,
    status: 'cancelled',
    saleStatus: 'open',
    reason: /^Cancelled: the order was closed/
  },
  {
    scenario: 'CPM paid-on-cancel, WeChatPay: reversed',
    code: cpm('0074'),
    cancelAfterMs: 1_000,
    status: 'reversed',
    saleStatus: 'open',
    reason: kind.reversed
  },
  {
    scenario: 'CPM paid-on-cancel, PayPay: paid, then refunded in full',
    payMethodId: 'PayPay',
    code: cpm('0074'),
    cancelAfterMs: 1_000,
    status: 'paid',
    saleStatus: 'paid',
    reason: kind.paidDespiteCancel,
    refunded: true
  },
  {
    scenario: 'MPM wallet-page, cancelled at 3 s: the QR stays up until the close, then closed',
    amount: 1200,
    cancelAfterMs: 3_000,
    status: 'cancelled',
    saleStatus: 'open',
    reason: /^Cancelled: the order was closed/
  },
  {
    scenario: 'MPM paid-on-cancel, WeChatPay (MPM not reversible): paid, then refunded in full',
    amount: 1074,
    cancelAfterMs: 3_000,
    status: 'paid',
    saleStatus: 'paid',
    reason: kind.paidDespiteCancel,
    refunded: true
  },
  {
    scenario: 'MPM paid-on-cancel, Alipay+: reversed',
    payMethodId: 'Alipay+',
    amount: 1074,
    cancelAfterMs: 3_000,
    status: 'reversed',
    saleStatus: 'open',
    reason: kind.reversed
  },
  {
    scenario: 'MPM customer paid before the cancel (mpm-paid at 2 s, cancel at 3 s): reversed',
    payMethodId: 'Alipay+',
    amount: 1060,
    cancelAfterMs: 3_000,
    status: 'reversed',
    saleStatus: 'open',
    reason: kind.reversed
  }
]

async function start(row: Row): Promise<SaleView> {
  const mpm = row.amount !== undefined
  const opened = openSale(row.amount ?? 1200)
  const started = mpm
    ? await engine.startMpm({
        saleId: opened.saleId,
        payMethodId: row.payMethodId ?? 'WeChatPay'
      })
    : await engine.startCpm({
        saleId: opened.saleId,
        authCode: row.code ?? '',
        payMethodId: row.payMethodId ?? 'WeChatPay'
      })
  expect(started.ok).toBe(true)
  if (
    started.ok &&
    row.first !== undefined &&
    !['paid', 'declined'].includes(started.value.status)
  ) {
    expect(started.value.reason).toMatch(row.first)
  }
  return opened
}

async function finish(row: Row, opened: SaleView): Promise<void> {
  if (row.cancelAfterMs !== undefined) {
    await runFor(row.cancelAfterMs)
    const before = lastAttempt(opened.saleId)
    if (before.status === 'processing' || before.status === 'pending') {
      const cancelled = await engine.cancel(opened.saleId)
      expect(cancelled.ok).toBe(true)
      const closing = lastAttempt(opened.saleId)
      expect(closing.status).toBe('cancelling')
      if (closing.mode === 'MPM') {
        // The QR leaves the customer display as the close begins: nobody starts paying now.
        expect(displayFor(sale(opened.saleId), 'Shop', clock.now()).screen).toBe('closing')
      }
    }
  }
  await runFor(130_000)
  const attempt = lastAttempt(opened.saleId)
  expect(attempt.status).toBe(row.status)
  expect(sale(opened.saleId).status).toBe(row.saleStatus)
  if (row.reason === null) expect(attempt.reason).toBeNull()
  else expect(attempt.reason).toMatch(row.reason)
  expectMatchesGateway(attempt)
  // An unclear submit is queried, never sent again (API.md §10 step 4, §6.4).
  const submits = journal
    .events({ attemptId: attempt.attemptId })
    .filter(
      (e) =>
        e.kind === 'gateway.request' &&
        (e.detail['method'] === 'bscanc.pay.submit' ||
          e.detail['method'] === 'cscanb.pay.getqrcode')
    )
  expect(submits).toHaveLength(1)
  if (row.status === 'cancelled' || row.status === 'reversed') {
    // Never before the 15 s of API.md §5.3.
    const cancels = journal
      .events({ attemptId: attempt.attemptId })
      .filter((e) => e.kind === 'gateway.request' && e.detail['method'] === 'order.revoker')
    for (const event of cancels) expect(event.at - attempt.createdAt).toBeGreaterThanOrEqual(15_000)
  }
  const final = sale(opened.saleId)
  if (row.refunded === true) {
    expect(final.refunds).toHaveLength(1)
    expect(final.refunds[0]).toMatchObject({
      status: 'refunded',
      reason: 'paid after the cashier cancelled',
      amount: attempt.amount
    })
    expect(sandbox.getRefund(final.refunds[0]?.merchantOrderNo ?? '')?.transStatus).toBe(2)
    expect(final.refundedMinor).toBe(final.paidMinor)
    expect(displayFor(final, 'Shop', clock.now()).screen).toBe('refunded')
  } else {
    expect(final.refunds).toHaveLength(0)
  }
}

describe('fault matrix: coverage', () => {
  it('has a row or a test for every scenario the sandbox defines', () => {
    // A scenario added to the sandbox without a row here would otherwise go untested while the
    // header above still says "every scenario".
    const leading = (title: string): string => title.split(/[ ,:(]/)[0] ?? ''
    const covered = new Set([
      ...[...cpmRows, ...mpmRows].map((row) => leading(row.scenario)),
      // Their own tests below.
      'single-use-code',
      'refund-fails'
    ])
    const missing = [...defaultScenarios, ...defaultRefundScenarios]
      .map((rule) => rule.name)
      .filter((name) => !covered.has(name))
    expect(missing).toEqual([])
  })
})

describe('fault matrix: CPM (scenario by auth_code suffix)', () => {
  it.each(cpmRows.map((row) => [row.scenario, row] as const))('%s', async (_name, row) => {
    await finish(row, await start(row))
  })

  it('single-use-code: paid the first time, declined (AUTH_CODE_USED) the second', async () => {
    const row: Row = {
      scenario: 'single-use-code',
      code: cpm('0053'),
      status: 'paid',
      saleStatus: 'paid',
      reason: null
    }
    await finish(row, await start(row))
    await finish(
      { ...row, status: 'declined', saleStatus: 'declined', reason: kind.declined },
      await start(row)
    )
  })
})

describe('fault matrix: MPM (scenario by amount suffix)', () => {
  it.each(mpmRows.map((row) => [row.scenario, row] as const))('%s', async (_name, row) => {
    await finish(row, await start(row))
  })

  it('publishes the QR for the customer display while the order is open', async () => {
    const opened = openSale(1061)
    const started = await engine.startMpm({ saleId: opened.saleId, payMethodId: 'WeChatPay' })
    expect(started).toMatchObject({ ok: true, value: { status: 'processing' } })
    const display = displayFor(sale(opened.saleId), 'Shop', clock.now())
    expect(display).toMatchObject({
      screen: 'show-qr',
      payMethodId: 'WeChatPay',
      amount: { minor: 1061, currency: 'JPY' },
      qrContent: sandbox.getOrder(lastAttempt(opened.saleId).merchantOrderNo)?.qrcodeUrl
    })
    expect(display.screen === 'show-qr' && display.expiresAt).toBe(clock.now() + 60_000)
    await runFor(10_000)
    expect(displayFor(sale(opened.saleId), 'Shop', clock.now()).screen).toBe('paid')
  })
})

describe('fault matrix: cancel', () => {
  it.each(cancelRows.map((row) => [row.scenario, row] as const))('%s', async (_name, row) => {
    await finish(row, await start(row))
  })

  it('cancel that never gets through: needs attention; a payment found later is refunded', async () => {
    const noCancel: Gateway = {
      ...gateway,
      cancelOrder: async () => ({ ok: false, error: { kind: 'network', message: 'ECONNRESET' } })
    }
    engine.stop()
    engine = createPaymentEngine({ journal, gateway: noCancel, clock, settings })
    const opened = openSale(1200)
    await engine.startCpm({
      saleId: opened.saleId,
      authCode: cpm('0062'), // the customer confirms 30 s in
      payMethodId: 'PayPay'
    })
    await runFor(1_000)
    await engine.cancel(opened.saleId)
    await runFor(28_000)
    expect(lastAttempt(opened.saleId).status).toBe('needs-attention')
    expect(lastAttempt(opened.saleId).reason).toMatch(kind.needsAttention)
    // The reconciler finds it paid: the cashier had cancelled, so the money goes back.
    await runFor(70_000)
    const after = sale(opened.saleId)
    expect(lastAttempt(opened.saleId)).toMatchObject({ status: 'paid' })
    expect(lastAttempt(opened.saleId).reason).toMatch(kind.paidDespiteCancel)
    expect(after.refunds).toMatchObject([
      { status: 'refunded', reason: 'paid after the cashier cancelled' }
    ])
    expect(after.refundedMinor).toBe(1200)
  })

  it('refuses to cancel a paid sale, and cancelling twice is harmless', async () => {
    const paid = openSale(1200)
    await engine.startCpm({ saleId: paid.saleId, authCode: cpm('6789'), payMethodId: 'WeChatPay' })
    expect(await engine.cancel(paid.saleId)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' }
    })
    const open = await start({
      scenario: 'x',
      code: cpm('0064'),
      status: 'cancelled',
      saleStatus: 'open',
      reason: null
    })
    expect((await engine.cancel(open.saleId)).ok).toBe(true)
    expect((await engine.cancel(open.saleId)).ok).toBe(true)
    await runFor(30_000)
    expect(lastAttempt(open.saleId).status).toBe('cancelled')
  })
})

describe('fault matrix: refunds (scenario by refund amount)', () => {
  async function paidSale(minor: number): Promise<SaleView> {
    const opened = openSale(minor)
    const result = await engine.startCpm({
      saleId: opened.saleId,
      authCode: cpm('6789'),
      payMethodId: 'PayPay'
    })
    expect(result).toMatchObject({ ok: true, value: { status: 'paid' } })
    return sale(opened.saleId)
  }

  it('refunded: a full refund ends refunded, as the gateway records it', async () => {
    const paid = await paidSale(1200)
    const refund = await engine.createRefund({
      saleId: paid.saleId,
      amount: { minor: 1200, currency: 'JPY' },
      reason: 'returned goods'
    })
    expect(refund).toMatchObject({ ok: true, value: { status: 'processing' } })
    await runFor(10_000)
    const after = sale(paid.saleId)
    expect(after.refunds[0]?.status).toBe('refunded')
    expect(sandbox.getRefund(after.refunds[0]?.merchantOrderNo ?? '')?.transStatus).toBe(2)
    expect(after.refundedMinor).toBe(1200)
    expect(displayFor(after, 'Shop', clock.now())).toMatchObject({
      screen: 'refunded',
      amount: { minor: 1200 }
    })
  })

  it('several partial refunds up to the paid total, each with its own number; no more', async () => {
    const paid = await paidSale(2000)
    const first = await engine.createRefund({
      saleId: paid.saleId,
      amount: { minor: 500, currency: 'JPY' },
      reason: 'one item'
    })
    const second = await engine.createRefund({
      saleId: paid.saleId,
      amount: { minor: 1500, currency: 'JPY' },
      reason: 'the rest'
    })
    expect(first.ok && second.ok).toBe(true)
    // In flight counts: nothing is left even before the gateway confirms.
    const third = await engine.createRefund({
      saleId: paid.saleId,
      amount: { minor: 1, currency: 'JPY' },
      reason: 'too much'
    })
    expect(third).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    await runFor(10_000)
    const after = sale(paid.saleId)
    expect(after.refunds.map((r) => r.status)).toEqual(['refunded', 'refunded'])
    expect(new Set(after.refunds.map((r) => r.merchantOrderNo)).size).toBe(2)
    expect(sandbox.listRefunds()).toHaveLength(2)
  })

  it('refund-fails (…051): failed with the reason; the amount is free again', async () => {
    const paid = await paidSale(2000)
    const refund = await engine.createRefund({
      saleId: paid.saleId,
      amount: { minor: 1051, currency: 'JPY' },
      reason: 'x'
    })
    expect(refund.ok).toBe(true)
    await runFor(10_000)
    const after = sale(paid.saleId)
    expect(after.refunds[0]).toMatchObject({ status: 'failed', failure: /^The refund failed: / })
    expect(sandbox.getRefund(after.refunds[0]?.merchantOrderNo ?? '')?.transStatus).toBe(1)
    expect(after.refundedMinor).toBe(0)
    const again = await engine.createRefund({
      saleId: paid.saleId,
      amount: { minor: 2000, currency: 'JPY' },
      reason: 'y'
    })
    expect(again.ok).toBe(true)
  })

  it('refuses more than was paid, another currency, and an unpaid sale, sending nothing', async () => {
    const paid = await paidSale(1200)
    const refuse = async (
      minor: number,
      currency: 'JPY' | 'USD',
      saleId = paid.saleId
    ): Promise<Result<RefundView>> =>
      engine.createRefund({ saleId, amount: { minor, currency }, reason: 'x' })
    expect(await refuse(1201, 'JPY')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await refuse(100, 'USD')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    const unpaid = openSale(500)
    expect(await refuse(100, 'JPY', unpaid.saleId)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' }
    })
    expect(sandbox.listRefunds()).toHaveLength(0)
  })

  it('a refund whose reply is lost is found by querying its number, not sent twice', async () => {
    const paid = await paidSale(1200)
    const lossy: Gateway = {
      ...gateway,
      submitRefund: async (request) => {
        await gateway.submitRefund(request)
        return { ok: false, error: { kind: 'timeout', message: 'lost', phase: 'read' } }
      }
    }
    engine.stop()
    engine = createPaymentEngine({ journal, gateway: lossy, clock, settings })
    const refund = await engine.createRefund({
      saleId: paid.saleId,
      amount: { minor: 1200, currency: 'JPY' },
      reason: 'x'
    })
    expect(refund).toMatchObject({ ok: true, value: { status: 'pending' } })
    await runFor(15_000)
    expect(sale(paid.saleId).refunds[0]?.status).toBe('refunded')
    expect(sandbox.listRefunds()).toHaveLength(1)
  })

  it('a refund that never reached the gateway is resent with the same number', async () => {
    const paid = await paidSale(1200)
    let dropped = 0
    const flaky: Gateway = {
      ...gateway,
      submitRefund: async (request) => {
        if (dropped++ === 0) {
          return { ok: false, error: { kind: 'network', message: 'ECONNRESET' } }
        }
        return gateway.submitRefund(request)
      }
    }
    engine.stop()
    engine = createPaymentEngine({ journal, gateway: flaky, clock, settings })
    await engine.createRefund({
      saleId: paid.saleId,
      amount: { minor: 1200, currency: 'JPY' },
      reason: 'x'
    })
    await runFor(15_000)
    const refund = sale(paid.saleId).refunds[0]
    expect(refund?.status).toBe('refunded')
    expect(sandbox.listRefunds().map((r) => r.merchantOrderNo)).toEqual([refund?.merchantOrderNo])
  })

  it('check now finds a refund by its number', async () => {
    const paid = await paidSale(1200)
    const refund = await engine.createRefund({
      saleId: paid.saleId,
      amount: { minor: 300, currency: 'JPY' },
      reason: 'x'
    })
    const number = refund.ok ? refund.value.merchantOrderNo : ''
    clock.advance(2_500)
    const checked = await engine.checkNowAndWait(number)
    expect(checked).toMatchObject({
      ok: true,
      value: { kind: 'refund', refund: { status: 'refunded' } }
    })
  })
})

describe('fault matrix: a gateway that is wrong', () => {
  it('a signed reply with another amount is never paid: needs attention', async () => {
    const wrong: Gateway = {
      ...gateway,
      queryOrder: async (request) => {
        const reply = await gateway.queryOrder(request)
        if (!reply.ok) return reply
        const stated = { ...reply.value.stated, amount: '12' }
        const value = {
          ...reply.value,
          stated,
          orderAmountMinor: 12,
          amountMismatch: (expected: Money) => amountMismatch(stated, expected)
        }
        return { ...reply, value }
      }
    }
    engine.stop()
    engine = createPaymentEngine({ journal, gateway: wrong, clock, settings })
    const opened = openSale(1200)
    await engine.startCpm({
      saleId: opened.saleId,
      authCode: cpm('0061'), // 0 first, so the outcome comes from a query
      payMethodId: 'WeChatPay'
    })
    await runFor(10_000)
    expect(lastAttempt(opened.saleId).status).toBe('needs-attention')
    expect(lastAttempt(opened.saleId).reason).toMatch(/^Needs attention: .*different amount/)
    expect(sale(opened.saleId).paidMinor).toBe(0)
  })
})

describe('fault matrix: gateway unreachable', () => {
  it('CPM: unreachable reason, then the close fails too, then needs attention', async () => {
    const keys = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' }
    })
    const down = createGatewayClient(
      {
        baseUrl: 'http://127.0.0.1:9',
        appId: credentials.appId,
        merchantNo: credentials.merchantNo,
        storeNo: credentials.storeNo,
        appPrivateKeyPem: keys.privateKey,
        gatewayPublicKeyPem: keys.publicKey,
        timeoutMs: clientTimeoutMs
      },
      { now: () => clock.now() }
    )
    engine.stop()
    engine = createPaymentEngine({ journal, gateway: down, clock, settings })
    const opened = openSale(1200)
    const started = await engine.startCpm({
      saleId: opened.saleId,
      authCode: cpm('6789'),
      payMethodId: 'WeChatPay'
    })
    expect(started.ok && started.value.reason).toMatch(kind.unreachable)
    await runFor(90_000)
    expect(lastAttempt(opened.saleId).status).toBe('needs-attention')
    expect(lastAttempt(opened.saleId).reason).toMatch(kind.needsAttention)
    expect(sale(opened.saleId).status).toBe('needs-attention')
  })
})
