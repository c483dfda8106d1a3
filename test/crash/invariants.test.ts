import { describe, expect, it } from 'vitest'
import type { SandboxOrder, SandboxRefund } from '../../src/sandbox/gateway'
import type { AttemptRow, GatewayRecords, JournalSnapshot, RefundRow, SaleRow } from './harness'
import {
  autoRefundReason,
  finalViolations,
  inFlight,
  safetyViolations,
  type Acknowledged
} from './invariants'

/** The crash test's judge, judged: each rule catches what it is for, on records made by hand. */

function order(
  no: string,
  transStatus: 0 | 1 | 2 | 3 | 9,
  extra: Partial<SandboxOrder> = {}
): SandboxOrder {
  return {
    merchantOrderNo: no,
    transNo: `T${no}`,
    mode: 'CPM',
    payMethodId: 'WeChatPay',
    priceCurrency: 'JPY',
    orderAmountMinor: 1000,
    transStatus,
    refundedMinor: 0,
    refundCount: 0,
    ...extra
  } as SandboxOrder
}

function refund(no: string, orig: string, transStatus: 0 | 1 | 2, minor: number): SandboxRefund {
  return {
    merchantOrderNo: no,
    transNo: `T${no}`,
    origMerchantOrderNo: orig,
    origTransNo: `T${orig}`,
    priceCurrency: 'JPY',
    refundAmountMinor: minor,
    transStatus
  } as SandboxRefund
}

function attempt(id: number, saleId: number, no: string, status: string): AttemptRow {
  return {
    id,
    sale_id: saleId,
    mode: 'CPM',
    merchant_order_no: no,
    pay_method_id: 'WeChatPay',
    amount_minor: 1000,
    status,
    gateway_status: null,
    created_at: 0
  }
}

function journalRefund(
  id: number,
  attemptId: number,
  no: string,
  status: string,
  minor: number
): RefundRow {
  return {
    id,
    sale_id: 1,
    attempt_id: attemptId,
    merchant_order_no: no,
    amount_minor: minor,
    status,
    reason: 'the cashier asked'
  }
}

function journal(
  attempts: AttemptRow[],
  refunds: RefundRow[] = [],
  saleStatus = 'paid'
): JournalSnapshot {
  const sales = new Map<number, SaleRow>()
  for (const a of attempts)
    sales.set(a.sale_id, { id: a.sale_id, amount_minor: 1000, status: saleStatus })
  return { sales, attempts, refunds }
}

function gateway(orders: SandboxOrder[], refunds: SandboxRefund[] = []): GatewayRecords {
  return {
    orders: new Map(orders.map((o) => [o.merchantOrderNo, o])),
    refunds: new Map(refunds.map((r) => [r.merchantOrderNo, r]))
  }
}

const nothingTold: Acknowledged = {
  attempts: new Map(),
  refunds: new Map(),
  cancelled: new Set(),
  refundsAsked: new Map([[1, 1]])
}

describe('the crash test invariants', () => {
  it('accept a journal that matches the gateway', () => {
    const j = journal(
      [attempt(1, 1, 'A', 'declined'), attempt(2, 1, 'B', 'paid')],
      [journalRefund(1, 2, 'R1', 'refunded', 400)]
    )
    const g = gateway(
      [order('A', 1), order('B', 2, { refundedMinor: 400, refundCount: 1 })],
      [refund('R1', 'B', 2, 400)]
    )
    expect(safetyViolations(g, j)).toEqual([])
    expect(finalViolations(g, j, nothingTold)).toEqual([])
  })

  it('find an order the gateway has and the journal lost', () => {
    const problems = safetyViolations(gateway([order('A', 2)]), journal([]))
    expect(problems).toEqual([expect.stringMatching(/^lost attempt: .*A/)])
  })

  it('find a refund the journal lost, and refunds beyond what was paid', () => {
    const g = gateway([order('A', 2, { refundedMinor: 1200 })], [refund('R1', 'A', 2, 1200)])
    const j = journal([attempt(1, 1, 'A', 'paid')], [journalRefund(1, 1, 'R2', 'refunded', 1200)])
    const problems = safetyViolations(g, j)
    expect(problems).toContainEqual(expect.stringMatching(/^lost refund: .*R1/))
    expect(problems).toContainEqual(expect.stringMatching(/^over-refund: order A/))
    expect(problems).toContainEqual(expect.stringMatching(/^over-refund: sale 1/))
  })

  it('find a sale paid twice, but not when the second payment went back in full', () => {
    const j = journal([attempt(1, 1, 'A', 'paid'), attempt(2, 1, 'B', 'paid')])
    const twice = finalViolations(gateway([order('A', 2), order('B', 2)]), j, nothingTold)
    expect(twice).toContainEqual('paid twice: sale 1 by A, B')
    const refunded = finalViolations(
      gateway(
        [order('A', 2), order('B', 2, { refundedMinor: 1000, refundCount: 1 })],
        [refund('R1', 'B', 2, 1000)]
      ),
      journal(
        [attempt(1, 1, 'A', 'paid'), attempt(2, 1, 'B', 'paid')],
        [journalRefund(1, 2, 'R1', 'refunded', 1000)]
      ),
      nothingTold
    )
    expect(refunded.filter((line) => line.startsWith('paid twice'))).toEqual([])
  })

  it('find a state the gateway does not have', () => {
    const cases: [string, 0 | 1 | 2 | 3 | 9 | null][] = [
      ['paid', 1],
      ['paid', null],
      ['declined', 2],
      ['cancelled', 3],
      ['reversed', 2],
      ['needs-attention', 2]
    ]
    for (const [status, at] of cases) {
      const g = gateway(at === null ? [] : [order('A', at)])
      const problems = finalViolations(g, journal([attempt(1, 1, 'A', status)]), nothingTold)
      expect(problems, `${status} vs ${at}`).toContainEqual(
        expect.stringMatching(/^state: attempt A/)
      )
    }
  })

  it('count anything pending as in flight', () => {
    const j = journal(
      [attempt(1, 1, 'A', 'cancelling'), attempt(2, 1, 'B', 'needs-attention')],
      [journalRefund(1, 1, 'R1', 'processing', 10)]
    )
    expect(inFlight(j)).toEqual(['attempt A is cancelling', 'refund R1 is processing'])
  })

  it('find an attempt or refund the cashier saw and the journal lost, gateway or not', () => {
    const told: Acknowledged = {
      attempts: new Map([['A', 'processing']]),
      refunds: new Map([['R1', 'pending']]),
      cancelled: new Set(),
      refundsAsked: new Map()
    }
    const problems = finalViolations(gateway([]), journal([]), told)
    expect(problems).toContainEqual(expect.stringMatching(/^lost attempt: .*A processing/))
    expect(problems).toContainEqual(expect.stringMatching(/^lost refund: .*R1 pending/))
  })

  it('find a refund made more often than the cashier asked, but not the engine’s own', () => {
    const g = gateway(
      [order('A', 2, { refundedMinor: 400, refundCount: 2 })],
      [refund('R1', 'A', 2, 200), refund('R2', 'A', 2, 200)]
    )
    const j = journal(
      [attempt(1, 1, 'A', 'paid')],
      [journalRefund(1, 1, 'R1', 'refunded', 200), journalRefund(2, 1, 'R2', 'refunded', 200)]
    )
    expect(finalViolations(g, j, nothingTold)).toContainEqual(
      'refund made twice: sale 1 has 2 refunds, the cashier asked 1'
    )
    const own = { ...journalRefund(2, 1, 'R2', 'refunded', 200), reason: autoRefundReason }
    const withOwn = journal(
      [attempt(1, 1, 'A', 'paid')],
      [journalRefund(1, 1, 'R1', 'refunded', 200), own]
    )
    expect(finalViolations(g, withOwn, nothingTold)).toEqual([])
  })

  it('find a journal that contradicts what the cashier was told', () => {
    const told: Acknowledged = {
      attempts: new Map([['A', 'paid']]),
      refunds: new Map(),
      cancelled: new Set(),
      refundsAsked: new Map()
    }
    const problems = finalViolations(
      gateway([order('A', 3)]),
      journal([attempt(1, 1, 'A', 'reversed')], [], 'open'),
      told
    )
    expect(problems).toContainEqual(expect.stringMatching(/^told: .*A paid/))
    // Reversed after the cashier's own cancel is what the cashier asked for.
    const cancelled = finalViolations(
      gateway([order('A', 3)]),
      journal([attempt(1, 1, 'A', 'reversed')], [], 'open'),
      { ...told, cancelled: new Set([1]) }
    )
    expect(cancelled).toEqual([])
  })
})
