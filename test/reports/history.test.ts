import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { migrate, openJournal, type Journal } from '../../src/main/journal'
import { createHistory } from '../../src/main/reports/history'
import { historySql, type HistoryShape } from '../../src/main/reports/history-sql'
import { historyFilterSchema, type HistoryFilter } from '../../src/shared/contract/history'
import { dayStart, hour, refund, ringUp } from './support'

/** The sales history against a real SQLite journal written through the Journal API. */

const journals: Journal[] = []
afterEach(() => {
  for (const journal of journals.splice(0)) journal.close()
})

function journal(): Journal {
  const opened = openJournal(':memory:')
  journals.push(opened)
  return opened
}

/** Filters as the contract parses them (defaults filled in, order numbers upper-cased). */
function filter(input: Record<string, unknown> = {}): HistoryFilter {
  return historyFilterSchema.parse(input)
}

/**
 * A morning at the shop, one sale an hour from 00:00: paid WeChat, paid PayPay (refunded in
 * part), declined, paid USD, abandoned before a tender, needs attention, paid PayPay (refunded
 * in full, and an earlier refund that failed).
 */
function morning(j: Journal): { orderNos: string[]; refundNos: string[] } {
  const at = (h: number): number => dayStart + h * hour
  const a = ringUp(j, { minor: 1200, at: at(0), merchantOrderNo: 'QT20261126A0000001' })
  const b = ringUp(j, {
    minor: 880,
    method: 'PayPay',
    at: at(1),
    merchantOrderNo: 'QT20261126B0000002'
  })
  const partial = refund(j, b, { minor: 300, at: at(1) + 60_000, status: 'refunded' })
  const c = ringUp(j, {
    minor: 5000,
    status: 'declined',
    at: at(2),
    merchantOrderNo: 'QT20261126C0000003'
  })
  const d = ringUp(j, {
    minor: 1999,
    currency: 'USD',
    method: 'Alipay+',
    at: at(3),
    merchantOrderNo: 'QT20261126D0000004'
  })
  const e = j.createSale(450, 'JPY', at(4))
  j.setSaleStatus(e.saleId, 'abandoned', at(4) + 30_000)
  const f = ringUp(j, {
    minor: 760,
    status: 'needs-attention',
    at: at(5),
    merchantOrderNo: 'QT20261126F0000006'
  })
  const g = ringUp(j, {
    minor: 2500,
    method: 'PayPay',
    at: at(6),
    merchantOrderNo: 'QT20261126G0000007'
  })
  const failed = refund(j, g, { minor: 2500, at: at(6) + 60_000, status: 'failed' })
  const full = refund(j, g, { minor: 2500, at: at(6) + 120_000, status: 'refunded' })
  return {
    orderNos: [a, b, c, d, f, g].map((x) => x.merchantOrderNo),
    refundNos: [partial, failed, full].map((x) => x.merchantOrderNo)
  }
}

const ids = (page: { rows: readonly { saleId: number }[] }): number[] =>
  page.rows.map((row) => row.saleId)

describe('sales:history', () => {
  it('lists every sale newest first with what the list shows', () => {
    const j = journal()
    morning(j)
    // A second refund of sale 2 the gateway has not finished: apart from what came back.
    const paidTwo = j.getSale(2)?.attempts[0]
    if (paidTwo === undefined) throw new Error('sale 2 has no attempt')
    refund(j, paidTwo, { minor: 200, at: dayStart + 2 * hour, status: 'processing' })
    const page = createHistory(j).page(filter())
    expect(ids(page)).toEqual([7, 6, 5, 4, 3, 2, 1])
    expect(page.next).toBeNull()
    const byId = new Map(page.rows.map((row) => [row.saleId, row]))
    expect(byId.get(2)).toEqual({
      saleId: 2,
      createdAt: dayStart + hour,
      status: 'paid',
      amount: { minor: 880, currency: 'JPY' },
      paidMinor: 880,
      refundedMinor: 300,
      refundingMinor: 200,
      payMethodId: 'PayPay',
      merchantOrderNo: 'QT20261126B0000002',
      attemptCount: 1
    })
    // The failed refund is not counted; the sale never tendered has no method.
    expect(byId.get(7)).toMatchObject({ paidMinor: 2500, refundedMinor: 2500, refundingMinor: 0 })
    expect(byId.get(5)).toMatchObject({ payMethodId: null, merchantOrderNo: null, attemptCount: 0 })
  })

  it('filters by date range, [from, to)', () => {
    const j = journal()
    morning(j)
    const history = createHistory(j)
    expect(ids(history.page(filter({ from: dayStart + hour, to: dayStart + 3 * hour })))).toEqual([
      3, 2
    ])
    expect(ids(history.page(filter({ from: dayStart + 5 * hour })))).toEqual([7, 6])
    expect(ids(history.page(filter({ to: dayStart + hour })))).toEqual([1])
  })

  it('filters by status', () => {
    const j = journal()
    morning(j)
    const history = createHistory(j)
    expect(ids(history.page(filter({ status: 'paid' })))).toEqual([7, 4, 2, 1])
    expect(ids(history.page(filter({ status: 'declined' })))).toEqual([3])
    expect(ids(history.page(filter({ status: 'needs-attention' })))).toEqual([6])
    expect(ids(history.page(filter({ status: 'abandoned' })))).toEqual([5])
  })

  it('filters by payment method, any attempt of the sale', () => {
    const j = journal()
    morning(j)
    // A sale declined on WeChat Pay, then paid with PayPay, matches both.
    const sale = j.createSale(990, 'JPY', dayStart + 7 * hour)
    const first = j.createAttempt({
      saleId: sale.saleId,
      mode: 'CPM',
      merchantOrderNo: 'QT20261126H0000008',
      payMethodId: 'WeChatPay',
      authCode: '134567890123450051',
      at: dayStart + 7 * hour
    })
    j.updateAttempt(
      first.attemptId,
      { status: 'declined', at: dayStart + 7 * hour + 1 },
      'declined'
    )
    const second = j.createAttempt({
      saleId: sale.saleId,
      mode: 'MPM',
      merchantOrderNo: 'QT20261126H0000009',
      payMethodId: 'PayPay',
      authCode: null,
      at: dayStart + 7 * hour + 2
    })
    j.updateAttempt(second.attemptId, { status: 'paid', at: dayStart + 7 * hour + 3 }, 'paid')

    const history = createHistory(j)
    expect(ids(history.page(filter({ payMethodId: 'PayPay' })))).toEqual([8, 7, 2])
    expect(ids(history.page(filter({ payMethodId: 'WeChatPay' })))).toEqual([8, 6, 3, 1])
    expect(ids(history.page(filter({ payMethodId: 'Alipay+' })))).toEqual([4])
    // The list names the attempt that decided the sale: the paid one.
    expect(history.page(filter({ payMethodId: 'WeChatPay' })).rows[0]).toMatchObject({
      payMethodId: 'PayPay',
      merchantOrderNo: 'QT20261126H0000009',
      attemptCount: 2
    })
  })

  it('filters by amount range in minor units, inclusive, and by currency', () => {
    const j = journal()
    morning(j)
    const history = createHistory(j)
    expect(ids(history.page(filter({ minMinor: 880, maxMinor: 2500 })))).toEqual([7, 4, 2, 1])
    expect(ids(history.page(filter({ minMinor: 881, maxMinor: 2499, currency: 'JPY' })))).toEqual([
      1
    ])
    expect(ids(history.page(filter({ currency: 'USD' })))).toEqual([4])
    expect(ids(history.page(filter({ maxMinor: 760 })))).toEqual([6, 5])
  })

  it('finds a sale by its payment or refund order number, whole or its beginning, any case', () => {
    const j = journal()
    const { refundNos } = morning(j)
    const history = createHistory(j)
    expect(ids(history.page(filter({ orderNo: 'QT20261126D0000004' })))).toEqual([4])
    expect(ids(history.page(filter({ orderNo: 'qt20261126g' })))).toEqual([7])
    expect(ids(history.page(filter({ orderNo: 'QT20261126' })))).toEqual([7, 6, 4, 3, 2, 1])
    expect(ids(history.page(filter({ orderNo: refundNos[0] })))).toEqual([2])
    expect(ids(history.page(filter({ orderNo: 'QT20261126Z' })))).toEqual([])
    // With other filters too.
    expect(
      ids(history.page(filter({ orderNo: 'QT20261126', status: 'paid', payMethodId: 'PayPay' })))
    ).toEqual([7, 2])
  })

  it('pages 50 at a time by keyset, newest first, without losing or repeating a sale', () => {
    const j = journal()
    // 120 sales, several in the same millisecond, so the id breaks the ties.
    for (let i = 0; i < 120; i += 1) {
      ringUp(j, { minor: 100 + i, at: dayStart + Math.floor(i / 3) * 1_000 })
    }
    const history = createHistory(j)
    const seen: number[] = []
    let page = history.page(filter({ status: 'paid' }))
    const sizes = [page.rows.length]
    seen.push(...ids(page))
    while (page.next !== null) {
      page = history.page(filter({ status: 'paid', after: page.next }))
      sizes.push(page.rows.length)
      seen.push(...ids(page))
    }
    expect(sizes).toEqual([50, 50, 20])
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => 120 - i))
    // Exactly a page's worth left: the last full page says there is no next.
    const exact = history.page(
      filter({ limit: 20, after: { createdAt: dayStart + 6 * 1_000, saleId: 21 } })
    )
    expect(ids(exact)).toEqual(Array.from({ length: 20 }, (_, i) => 20 - i))
    expect(exact.next).toBeNull()
  })

  it('refuses filters that make no sense, with a message', () => {
    expect(historyFilterSchema.safeParse({ from: 10, to: 5 }).success).toBe(false)
    expect(historyFilterSchema.safeParse({ minMinor: 10, maxMinor: 5 }).success).toBe(false)
    expect(historyFilterSchema.safeParse({ orderNo: "QT'; DROP TABLE sales" }).success).toBe(false)
    expect(historyFilterSchema.safeParse({ status: 'refunded' }).success).toBe(false)
    expect(historyFilterSchema.safeParse({ limit: 1000 }).success).toBe(false)
  })
})

describe('sales:timeline', () => {
  it('carries an engine reason as data for the screen to word, and drops one it cannot trust', () => {
    const j = journal()
    const sale = j.createSale(800, 'JPY', dayStart)
    const attempt = j.createAttempt({
      saleId: sale.saleId,
      mode: 'CPM',
      merchantOrderNo: 'QT20261126A0000009',
      payMethodId: 'Alipay',
      authCode: '286123456789012345',
      at: dayStart + 1
    })
    const why = { code: 'declined', wallet: 'Insufficient balance' } as const
    j.updateAttempt(
      attempt.attemptId,
      { status: 'declined', reason: why, at: dayStart + 2 },
      'declined'
    )
    j.appendEvent({
      at: dayStart + 3,
      kind: 'attempt.status',
      saleId: sale.saleId,
      attemptId: attempt.attemptId,
      detail: { from: 'declined', to: 'declined', why: { code: 'declined', wallet: 42 } }
    })
    const timeline = createHistory(j).timeline(sale.saleId)
    const changes = timeline.filter((entry) => entry.kind === 'attempt.status')
    expect(changes[0]).toMatchObject({ why, detail: { from: 'pending', to: 'declined' } })
    expect(changes[0]?.detail['reason']).toMatch(/^Declined by the wallet: Insufficient balance/)
    expect(changes[1]).not.toHaveProperty('why')
  })

  it('lists the sale’s events oldest first, with only the fields a person may read', () => {
    const j = journal()
    const paid = ringUp(j, { minor: 1200, at: dayStart, merchantOrderNo: 'QT20261126A0000001' })
    ringUp(j, { minor: 999, at: dayStart + hour })
    j.appendEvent({
      at: dayStart + 1_500,
      kind: 'gateway.reply',
      saleId: paid.saleId,
      attemptId: paid.attemptId,
      detail: {
        method: 'bscanc.pay.submit',
        ok: true,
        psn: 'p-1',
        data: {
          sign: 'SECRET-SIGNATURE',
          qrcode_url: 'https://qr.example/x',
          auth_code: '134567890123456789'
        }
      }
    })
    j.appendEvent({
      at: dayStart + 1_600,
      kind: 'gateway.reply',
      saleId: paid.saleId,
      attemptId: paid.attemptId,
      detail: {
        method: 'order.query',
        ok: false,
        error: { kind: 'rejected', code: 'SYSTEM_ERROR', raw: { sign: 'S' } }
      }
    })
    refund(j, paid, { minor: 200, at: dayStart + 2_000, status: 'refunded', reason: 'one item' })

    const timeline = createHistory(j).timeline(paid.saleId)
    expect(timeline.map((e) => e.kind)).toEqual([
      'sale.opened',
      'attempt.created',
      'attempt.status',
      'gateway.reply',
      'gateway.reply',
      'refund.created',
      'refund.status'
    ])
    expect(timeline.map((e) => e.at)).toEqual([...timeline.map((e) => e.at)].sort((a, b) => a - b))
    expect(timeline[1]).toMatchObject({
      attemptId: paid.attemptId,
      refundId: null,
      detail: { mode: 'CPM', merchantOrderNo: 'QT20261126A0000001', payMethodId: 'WeChatPay' }
    })
    expect(timeline[3]?.detail).toEqual({ method: 'bscanc.pay.submit', ok: true })
    expect(timeline[4]?.detail).toEqual({
      method: 'order.query',
      ok: false,
      errorKind: 'rejected',
      errorCode: 'SYSTEM_ERROR'
    })
    expect(timeline[2]?.detail).toMatchObject({ from: 'pending', to: 'paid' })
    expect(timeline[5]?.detail).toMatchObject({ amountMinor: 200, reason: 'one item' })
    const text = JSON.stringify(timeline)
    for (const secret of ['SECRET-SIGNATURE', 'qr.example', '134567890123456789', 'p-1']) {
      expect(text).not.toContain(secret)
    }
  })
})

describe('the history query uses an index for every combination of filters', () => {
  const names: (keyof HistoryShape)[] = [
    'from',
    'to',
    'status',
    'method',
    'currency',
    'minMinor',
    'maxMinor',
    'orderNo',
    'after'
  ]

  function plan(db: Database.Database, shape: HistoryShape): { parent: number; detail: string }[] {
    const sql = historySql(shape)
    const values: Record<string, unknown> = {
      limit: 51,
      from: 0,
      to: 1,
      status: 'paid',
      method: 'PayPay',
      currency: 'JPY',
      minMinor: 1,
      maxMinor: 2,
      orderNo: 'QT',
      orderNoEnd: 'QT~',
      afterAt: 1,
      afterId: 1
    }
    const params = Object.fromEntries(
      Object.entries(values).filter(([name]) => sql.includes(`@${name}`))
    )
    return db
      .prepare<Record<string, unknown>, { parent: number; detail: string }>(
        `EXPLAIN QUERY PLAN ${sql}`
      )
      .all(params)
  }

  it('walks a time index in order, or starts from the order numbers', () => {
    const db = new Database(':memory:')
    migrate(db)
    for (let bits = 0; bits < 2 ** names.length; bits += 1) {
      const shape = Object.fromEntries(
        names.map((name, i) => [name, (bits & (1 << i)) !== 0])
      ) as unknown as HistoryShape
      const steps = plan(db, shape)
      const summary = `${JSON.stringify(shape)}: ${steps.map((s) => s.detail).join(' | ')}`
      const sales =
        steps.find((step) => / s /.test(` ${step.detail} `) && step.parent === 0)?.detail ?? ''
      if (shape.orderNo) {
        expect(sales, summary).toMatch(/^SEARCH s USING INTEGER PRIMARY KEY/)
        expect(summary, summary).toMatch(/SEARCH o USING INDEX sqlite_autoindex_attempts_1/)
        expect(summary, summary).toMatch(/SEARCH q USING INDEX sqlite_autoindex_refunds_1/)
      } else {
        expect(sales, summary).toMatch(
          shape.status ? /USING INDEX sales_by_status_time/ : /USING INDEX sales_by_time/
        )
        // Newest first straight out of the index: no sort of the whole range for 50 rows.
        const topLevelSort = steps.some(
          (step) => step.parent === 0 && /TEMP B-TREE/.test(step.detail)
        )
        expect(topLevelSort, summary).toBe(false)
      }
    }
  })
})
