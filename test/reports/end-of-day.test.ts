import { afterEach, describe, expect, it } from 'vitest'
import { openJournal, type Journal } from '../../src/main/journal'
import { createReports } from '../../src/main/reports'
import { dayEnd, dayStart, hour, orderNo, refund, ringUp, settle, unusedGateway } from './support'

const opened: Journal[] = []
afterEach(() => {
  for (const journal of opened.splice(0)) journal.close()
})

function journal(): Journal {
  const created = openJournal(':memory:')
  opened.push(created)
  return created
}

/**
 * One business day of a shop: several methods and currencies, partial, failed, pending and
 * late refunds, a refund today of yesterday's payment, a retry on another method, a reversal,
 * attempts needing attention, and rows on each side of both boundaries.
 */
function busyDay(j: Journal): Record<string, number> {
  const at = (hours: number): number => dayStart + hours * hour
  // WeChatPay JPY: one exactly at the start (in), one inside; one exactly at the end and one a
  // millisecond before the start (both out).
  const first = ringUp(j, { minor: 1200, method: 'WeChatPay', at: dayStart })
  const second = ringUp(j, { minor: 800, method: 'WeChatPay', at: at(5) })
  ringUp(j, { minor: 700, method: 'WeChatPay', at: dayEnd })
  ringUp(j, { minor: 999, method: 'WeChatPay', at: dayStart - 1 })

  // PayPay JPY 5000: 1000 refunded, 500 failed, 300 still pending.
  const big = ringUp(j, { minor: 5000, method: 'PayPay', at: at(2) })
  refund(j, big, { minor: 1000, at: at(3), status: 'refunded' })
  refund(j, big, { minor: 500, at: at(3), status: 'failed' })
  const pending = refund(j, big, { minor: 300, at: at(4), status: 'pending' })

  // Declined on WeChatPay, then paid on PayPay: only the paid attempt counts.
  const retried = ringUp(j, { minor: 300, method: 'WeChatPay', at: at(1), status: 'declined' })
  const again = j.createAttempt({
    saleId: retried.saleId,
    mode: 'MPM',
    merchantOrderNo: orderNo(),
    payMethodId: 'PayPay',
    authCode: null,
    at: at(1) + 10_000
  })
  settle(j, again, 'paid', at(1) + 20_000)

  // USD on Alipay+: 12.34 with 2.34 refunded today; 5.00 whose refund comes tomorrow.
  const dollars = ringUp(j, { minor: 1234, currency: 'USD', method: 'Alipay+', at: at(6) })
  refund(j, dollars, { minor: 234, at: at(7), status: 'refunded' })
  const later = ringUp(j, { minor: 500, currency: 'USD', method: 'Alipay+', at: at(8) })
  refund(j, later, { minor: 100, at: dayEnd + hour, status: 'refunded' })

  // Paid yesterday on RakutenPay, refunded in full today: the refund is today's.
  const yesterday = ringUp(j, { minor: 2000, method: 'RakutenPay', at: dayStart - 2 * hour })
  refund(j, yesterday, { minor: 2000, at: at(1), status: 'refunded' })

  // Paid, then reversed by a cancel: the money went back, nothing is counted.
  ringUp(j, { minor: 4000, method: 'UnionPay', at: at(2), status: 'reversed' })

  // Needing attention: today, one left from yesterday (still needs a person), one tomorrow.
  const stuck = ringUp(j, { minor: 600, method: 'PayPay', at: at(9), status: 'needs-attention' })
  const old = ringUp(j, {
    minor: 650,
    method: 'DPay',
    mode: 'MPM',
    at: dayStart - 20 * hour,
    status: 'needs-attention'
  })
  ringUp(j, { minor: 660, method: 'PayPay', at: dayEnd + hour, status: 'needs-attention' })

  // Refunds without a final state: one today needing attention, one started after the range.
  const unsure = refund(j, second, { minor: 100, at: at(10), status: 'needs-attention' })
  refund(j, first, { minor: 200, at: dayEnd + 2 * hour, status: 'pending' })

  return {
    stuck: stuck.attemptId,
    old: old.attemptId,
    pending: pending.refundId,
    unsure: unsure.refundId
  }
}

describe('end of day', () => {
  it('totals per method and currency, by each row’s own time, net of refunds', () => {
    const j = journal()
    busyDay(j)
    const reports = createReports({ journal: j, gateway: unusedGateway, now: () => dayEnd })

    const report = reports.endOfDay({ from: dayStart, to: dayEnd })

    expect(report.from).toBe(dayStart)
    expect(report.to).toBe(dayEnd)
    expect(report.byMethod).toEqual([
      {
        payMethodId: 'PayPay',
        currency: 'JPY',
        paidCount: 2,
        paidMinor: 5300,
        refundCount: 1,
        refundedMinor: 1000,
        netMinor: 4300
      },
      {
        payMethodId: 'RakutenPay',
        currency: 'JPY',
        paidCount: 0,
        paidMinor: 0,
        refundCount: 1,
        refundedMinor: 2000,
        netMinor: -2000
      },
      {
        payMethodId: 'WeChatPay',
        currency: 'JPY',
        paidCount: 2,
        paidMinor: 2000,
        refundCount: 0,
        refundedMinor: 0,
        netMinor: 2000
      },
      {
        payMethodId: 'Alipay+',
        currency: 'USD',
        paidCount: 2,
        paidMinor: 1734,
        refundCount: 1,
        refundedMinor: 234,
        netMinor: 1500
      }
    ])
    expect(report.totals).toEqual([
      {
        currency: 'JPY',
        paidCount: 4,
        paidMinor: 7300,
        refundCount: 2,
        refundedMinor: 3000,
        netMinor: 4300
      },
      {
        currency: 'USD',
        paidCount: 2,
        paidMinor: 1734,
        refundCount: 1,
        refundedMinor: 234,
        netMinor: 1500
      }
    ])
  })

  it('lists what still needs a person: stuck attempts and refunds not final', () => {
    const j = journal()
    const ids = busyDay(j)
    const reports = createReports({ journal: j, gateway: unusedGateway, now: () => dayEnd })

    const report = reports.endOfDay({ from: dayStart, to: dayEnd })

    // Yesterday's stuck attempt first (oldest first); tomorrow's is not in today's report.
    expect(report.needsAttention.map((a) => a.attemptId)).toEqual([ids.old, ids.stuck])
    expect(report.needsAttention[1]).toMatchObject({
      status: 'needs-attention',
      payMethodId: 'PayPay',
      amount: { minor: 600, currency: 'JPY' },
      authCodeLast4: '6789',
      qrContent: null,
      expiresAt: null
    })
    expect(report.openRefunds.map((r) => [r.refundId, r.status])).toEqual([
      [ids.pending, 'pending'],
      [ids.unsure, 'needs-attention']
    ])
    expect(report.openRefunds[0]).toMatchObject({ amount: { minor: 300, currency: 'JPY' } })
  })

  it('moves rows between days exactly at the boundaries', () => {
    const j = journal()
    busyDay(j)
    const reports = createReports({ journal: j, gateway: unusedGateway, now: () => dayEnd })

    const next = reports.endOfDay({ from: dayEnd, to: dayEnd + 24 * hour })
    // Tomorrow: the 700 paid exactly at midnight, and the 1.00 USD refunded after it.
    expect(next.byMethod).toEqual([
      expect.objectContaining({ payMethodId: 'WeChatPay', paidCount: 1, paidMinor: 700 }),
      expect.objectContaining({
        payMethodId: 'Alipay+',
        currency: 'USD',
        paidCount: 0,
        refundCount: 1,
        refundedMinor: 100,
        netMinor: -100
      })
    ])
    const before = reports.endOfDay({ from: dayStart - 24 * hour, to: dayStart })
    expect(before.byMethod).toEqual([
      expect.objectContaining({ payMethodId: 'RakutenPay', paidMinor: 2000, refundCount: 0 }),
      expect.objectContaining({ payMethodId: 'WeChatPay', paidCount: 1, paidMinor: 999 })
    ])
    // Both days and today together add up.
    const three = reports.endOfDay({ from: dayStart - 24 * hour, to: dayEnd + 24 * hour })
    expect(three.totals.find((t) => t.currency === 'JPY')).toMatchObject({
      paidCount: 7,
      paidMinor: 7300 + 700 + 999 + 2000
    })
  })

  it('reports an empty day as empty, without asking the gateway', () => {
    const j = journal()
    const reports = createReports({ journal: j, gateway: unusedGateway, now: () => dayEnd })
    expect(reports.endOfDay({ from: dayStart, to: dayEnd })).toEqual({
      from: dayStart,
      to: dayEnd,
      byMethod: [],
      totals: [],
      needsAttention: [],
      openRefunds: []
    })
  })

  it('sees a payment once it is written, with the statements prepared once', () => {
    const j = journal()
    const reports = createReports({ journal: j, gateway: unusedGateway, now: () => dayEnd })
    expect(reports.endOfDay({ from: dayStart, to: dayEnd }).totals).toEqual([])
    ringUp(j, { minor: 1500, method: 'AuPay', at: dayStart + hour })
    expect(reports.endOfDay({ from: dayStart, to: dayEnd }).totals).toEqual([
      expect.objectContaining({ currency: 'JPY', paidCount: 1, paidMinor: 1500, netMinor: 1500 })
    ])
  })
})
