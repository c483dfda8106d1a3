import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openJournal, type Journal } from '../../src/main/journal'
import { createReports, type ReportRange, type Reports } from '../../src/main/reports'
import { dayStartIn } from '../../src/shared/zone'
import { orderNo, refund, settle, unusedGateway } from './support'

/**
 * The day a sale, a payment and a refund belong to, one rule for end of day, reconciliation and
 * both CSV files (README, "End of day"): a payment counts on the day it was made, a refund on
 * the day it was made, a sale nothing was paid for on the day it was opened. The days are the
 * shop's (settings.json timeZone) while the machine runs on UTC.
 */

const minute = 60_000
let machineZone: string | undefined
beforeAll(() => {
  machineZone = process.env['TZ']
  process.env['TZ'] = 'UTC'
})
afterAll(() => {
  if (machineZone === undefined) delete process.env['TZ']
  else process.env['TZ'] = machineZone
})

const opened: Journal[] = []
afterEach(() => {
  for (const journal of opened.splice(0)) journal.close()
})

function day(date: string, timeZone: string): ReportRange {
  return { from: dayStartIn(date, timeZone) as number, to: dayStartIn(date, timeZone, 1) as number }
}

/** The rows of a CSV the till wrote, by column name (no field here needs quotes). */
function records(csv: string): Record<string, string>[] {
  const [header, ...rows] = csv.slice(1).split('\r\n').filter(Boolean)
  const names = (header ?? '').split(',')
  return rows.map((row) => Object.fromEntries(row.split(',').map((cell, i) => [names[i], cell])))
}

/** A sale opened at `openedAt` and paid (or not) by one attempt started at `attemptAt`. */
function sale(
  journal: Journal,
  spec: { minor: number; openedAt: number; attemptAt: number; paid: boolean }
): ReturnType<Journal['createAttempt']> {
  const created = journal.createSale(spec.minor, 'JPY', spec.openedAt)
  const attempt = journal.createAttempt({
    saleId: created.saleId,
    mode: 'CPM',
    merchantOrderNo: orderNo(),
    payMethodId: 'PayPay',
    authCode: '134567890123456789',
    at: spec.attemptAt
  })
  return settle(journal, attempt, spec.paid ? 'paid' : 'declined', spec.attemptAt + 2_000)
}

function paidOn(reports: Reports, range: ReportRange): { count: number; minor: number } {
  const totals = reports.endOfDay(range).totals.find((row) => row.currency === 'JPY')
  return { count: totals?.paidCount ?? 0, minor: totals?.paidMinor ?? 0 }
}

describe('the day a sale belongs to, around midnight in Tokyo', () => {
  const tokyo = 'Asia/Tokyo'
  const november25 = day('2026-11-25', tokyo)
  const november26 = day('2026-11-26', tokyo)
  const november27 = day('2026-11-27', tokyo)

  function shop(): { reports: Reports; late: ReturnType<typeof sale>; unpaid: number } {
    const journal = openJournal(':memory:')
    opened.push(journal)
    // Opened at 23:58 on the 25th, paid at 00:01 on the 26th.
    const late = sale(journal, {
      minor: 1_200,
      openedAt: november26.from - 2 * minute,
      attemptAt: november26.from + minute,
      paid: true
    })
    // Opened at 23:59 on the 26th, declined at 00:02 on the 27th: no money moved.
    const unpaid = sale(journal, {
      minor: 800,
      openedAt: november27.from - minute,
      attemptAt: november27.from + 2 * minute,
      paid: false
    })
    // The 1,200 sale refunded in part at 00:30 on the 27th.
    refund(journal, late, { minor: 200, at: november27.from + 30 * minute, status: 'refunded' })
    const reports = createReports({
      journal,
      gateway: unusedGateway,
      now: () => november27.to,
      timeZone: tokyo
    })
    return { reports, late, unpaid: unpaid.saleId }
  }

  it('counts the payment on the day it was made, in end of day and in the sales CSV alike', async () => {
    const { reports, late } = shop()
    expect(paidOn(reports, november25)).toEqual({ count: 0, minor: 0 })
    expect(paidOn(reports, november26)).toEqual({ count: 1, minor: 1_200 })

    expect(records((await reports.exportCsv({ ...november25, kind: 'sales' })).csv)).toEqual([])
    const sales = records((await reports.exportCsv({ ...november26, kind: 'sales' })).csv)
    const paid = sales.filter((row) => row['status'] === 'paid')
    expect(paid).toHaveLength(1)
    expect(paid[0]).toMatchObject({
      sale_id: String(late.saleId),
      created_at_local: '2026-11-25T23:58:00+09:00',
      paid_at_local: '2026-11-26T00:01:00+09:00',
      paid_at_utc: '2026-11-25T15:01:00.000Z',
      amount: '1200'
    })
    // The file's paid sales add up to what end of day took.
    expect(paid.reduce((sum, row) => sum + Number(row['amount']), 0)).toBe(1_200)
  })

  it('lists a sale nothing was paid for on the day it was opened, with no payment time', async () => {
    const { reports, unpaid } = shop()
    const sales = records((await reports.exportCsv({ ...november26, kind: 'sales' })).csv)
    expect(sales.map((row) => row['sale_id'])).toContain(String(unpaid))
    expect(sales.find((row) => row['sale_id'] === String(unpaid))).toMatchObject({
      status: 'declined',
      paid_at_utc: '',
      paid_at_local: ''
    })
    expect(records((await reports.exportCsv({ ...november27, kind: 'sales' })).csv)).toEqual([])
  })

  it('counts a refund on the day it was made, in end of day and the refunds CSV alike', async () => {
    const { reports } = shop()
    const totals = reports.endOfDay(november27).totals[0]
    expect(totals).toMatchObject({ paidCount: 0, refundCount: 1, refundedMinor: 200 })
    expect(reports.endOfDay(november26).totals[0]).toMatchObject({ refundCount: 0 })
    const refunds = records((await reports.exportCsv({ ...november27, kind: 'refunds' })).csv)
    expect(refunds.map((row) => [row['amount'], row['created_at_local']])).toEqual([
      ['200', '2026-11-27T00:30:00+09:00']
    ])
  })
})

describe('the day a sale belongs to across a daylight-saving change in New York', () => {
  const newYork = 'America/New_York'

  it('keeps a payment at 23:30 on the 25-hour fall-back day in that day', async () => {
    const journal = openJournal(':memory:')
    opened.push(journal)
    const fallBack = day('2026-11-01', newYork)
    expect(fallBack.to - fallBack.from).toBe(25 * 60 * minute)
    // 23:30 on 1 November, EST: 04:30 UTC on the 2nd, 24½ hours after that day's midnight.
    const late = sale(journal, {
      minor: 500,
      openedAt: fallBack.to - 30 * minute,
      attemptAt: fallBack.to - 30 * minute,
      paid: true
    })
    const reports = createReports({
      journal,
      gateway: unusedGateway,
      now: () => fallBack.to,
      timeZone: newYork
    })
    expect(paidOn(reports, fallBack)).toEqual({ count: 1, minor: 500 })
    expect(paidOn(reports, day('2026-11-02', newYork))).toEqual({ count: 0, minor: 0 })
    const file = await reports.exportCsv({ ...fallBack, kind: 'sales' })
    expect(file.filename).toBe('qr-till-sales-2026-11-01.csv')
    expect(records(file.csv)[0]).toMatchObject({
      sale_id: String(late.saleId),
      paid_at_local: '2026-11-01T23:30:00-05:00'
    })
  })

  it('makes the spring-forward day 23 hours, its payments all in it', async () => {
    const journal = openJournal(':memory:')
    opened.push(journal)
    const springForward = day('2026-03-08', newYork)
    expect(springForward.to - springForward.from).toBe(23 * 60 * minute)
    sale(journal, {
      minor: 300,
      openedAt: springForward.to - minute,
      attemptAt: springForward.to - minute,
      paid: true
    })
    const reports = createReports({
      journal,
      gateway: unusedGateway,
      now: () => springForward.to,
      timeZone: newYork
    })
    expect(paidOn(reports, springForward)).toEqual({ count: 1, minor: 300 })
    expect((await reports.exportCsv({ ...springForward, kind: 'sales' })).filename).toBe(
      'qr-till-sales-2026-03-08.csv'
    )
  })
})
