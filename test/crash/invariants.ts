import type { GatewayRecords, JournalSnapshot } from './harness'

/**
 * What must hold between the till's journal and the gateway's own records. Two sets:
 * - `safetyViolations` hold at every moment, while the till runs: they are read gateway first,
 *   journal second, so a number the gateway has must already be in the journal (journal first).
 * - `finalViolations` hold once recovery has finished (nothing in flight): every sale's state is
 *   the gateway's.
 */

/** Attempt and refund statuses that mean "the till is still finding out or still closing". */
export const inFlightAttemptStatuses: readonly string[] = ['pending', 'processing', 'cancelling']
export const inFlightRefundStatuses: readonly string[] = ['pending', 'processing']

/** Nothing in flight: every attempt and refund is final or waiting for a person. */
export function inFlight(journal: JournalSnapshot): string[] {
  return [
    ...journal.attempts
      .filter((attempt) => inFlightAttemptStatuses.includes(attempt.status))
      .map((attempt) => `attempt ${attempt.merchant_order_no} is ${attempt.status}`),
    ...journal.refunds
      .filter((refund) => inFlightRefundStatuses.includes(refund.status))
      .map((refund) => `refund ${refund.merchant_order_no} is ${refund.status}`)
  ]
}

export function safetyViolations(gateway: GatewayRecords, journal: JournalSnapshot): string[] {
  const problems: string[] = []
  const attempts = new Map(journal.attempts.map((a) => [a.merchant_order_no, a]))
  const refunds = new Map(journal.refunds.map((r) => [r.merchant_order_no, r]))

  for (const order of gateway.orders.values()) {
    const attempt = attempts.get(order.merchantOrderNo)
    if (attempt === undefined) {
      problems.push(
        `lost attempt: the gateway has order ${order.merchantOrderNo} (status ` +
          `${order.transStatus}) and the journal has no attempt with that number`
      )
      continue
    }
    if (attempt.amount_minor !== order.orderAmountMinor) {
      problems.push(
        `amount: attempt ${order.merchantOrderNo} is ${attempt.amount_minor} in the journal, ` +
          `${order.orderAmountMinor} at the gateway`
      )
    }
    if (order.refundedMinor > order.orderAmountMinor) {
      problems.push(
        `over-refund: order ${order.merchantOrderNo} paid ${order.orderAmountMinor}, refunds ` +
          `${order.refundedMinor}`
      )
    }
  }
  for (const refund of gateway.refunds.values()) {
    if (!refunds.has(refund.merchantOrderNo)) {
      problems.push(
        `lost refund: the gateway has refund ${refund.merchantOrderNo} of ` +
          `${refund.origMerchantOrderNo} and the journal has no refund with that number`
      )
    }
  }

  // The journal never promises back more than a sale took.
  const paidBySale = new Map<number, number>()
  for (const attempt of journal.attempts) {
    if (attempt.status === 'paid') {
      paidBySale.set(attempt.sale_id, (paidBySale.get(attempt.sale_id) ?? 0) + attempt.amount_minor)
    }
  }
  const refundedBySale = new Map<number, number>()
  for (const refund of journal.refunds) {
    if (refund.status === 'failed') continue
    refundedBySale.set(
      refund.sale_id,
      (refundedBySale.get(refund.sale_id) ?? 0) + refund.amount_minor
    )
  }
  for (const [saleId, refunded] of refundedBySale) {
    const paid = paidBySale.get(saleId) ?? 0
    if (refunded > paid) {
      problems.push(`over-refund: sale ${saleId} paid ${paid}, journal refunds ${refunded}`)
    }
  }
  return problems
}

/** What the cashier was told, per attempt or refund number: a final status must stay true. */
export interface Acknowledged {
  readonly attempts: ReadonlyMap<string, string>
  readonly refunds: ReadonlyMap<string, string>
  /** Sales the cashier asked to cancel: a paid attempt there may end reversed. */
  readonly cancelled: ReadonlySet<number>
  /** Refunds the cashier sent (`refunds:create` frames, answered or not), per sale. */
  readonly refundsAsked: ReadonlyMap<number, number>
}

/** The reason the engine gives a refund it makes by itself (a payment after a cancel). */
export const autoRefundReason = 'paid after the cashier cancelled'

export const finalAttemptStatuses: readonly string[] = ['paid', 'declined', 'cancelled', 'reversed']
export const finalRefundStatuses: readonly string[] = ['refunded', 'failed']

export function finalViolations(
  gateway: GatewayRecords,
  journal: JournalSnapshot,
  told: Acknowledged
): string[] {
  const problems = [...safetyViolations(gateway, journal), ...inFlight(journal)]
  const byId = new Map(journal.attempts.map((a) => [a.id, a]))

  for (const attempt of journal.attempts) {
    const order = gateway.orders.get(attempt.merchant_order_no)
    const at = order === undefined ? 'absent' : String(order.transStatus)
    const expected: Record<string, readonly string[]> = {
      paid: ['2'],
      reversed: ['3'],
      declined: ['1', 'absent'],
      cancelled: ['1', 'absent'],
      // Waiting for a person is right only while the gateway does not know either.
      'needs-attention': ['0', '9', 'absent']
    }
    const allowed = expected[attempt.status]
    if (allowed !== undefined && !allowed.includes(at)) {
      problems.push(
        `state: attempt ${attempt.merchant_order_no} (sale ${attempt.sale_id}, ${attempt.mode}) ` +
          `is ${attempt.status} in the journal, gateway status ${at}`
      )
    }
    const sale = journal.sales.get(attempt.sale_id)
    if (attempt.status === 'paid' && sale?.status !== 'paid') {
      problems.push(
        `sale ${attempt.sale_id} is ${sale?.status ?? 'missing'} with paid attempt ` +
          attempt.merchant_order_no
      )
    }
    const toldStatus = told.attempts.get(attempt.merchant_order_no)
    if (toldStatus !== undefined && finalAttemptStatuses.includes(toldStatus)) {
      const reversedLater =
        toldStatus === 'paid' &&
        attempt.status === 'reversed' &&
        told.cancelled.has(attempt.sale_id)
      if (toldStatus !== attempt.status && !reversedLater) {
        problems.push(
          `told: the cashier saw attempt ${attempt.merchant_order_no} ${toldStatus}, the journal ` +
            `now says ${attempt.status}`
        )
      }
    }
  }

  // No attempt lost: one the cashier saw (a command's answer or an event) is still in the journal,
  // whether or not the gateway ever heard of it; the gateway-side check cannot see these.
  const journalAttempts = new Set(journal.attempts.map((a) => a.merchant_order_no))
  for (const [no, status] of told.attempts) {
    if (!journalAttempts.has(no)) {
      problems.push(
        `lost attempt: the cashier saw ${no} ${status}; the journal has no such attempt`
      )
    }
  }
  const journalRefunds = new Set(journal.refunds.map((r) => r.merchant_order_no))
  for (const [no, status] of told.refunds) {
    if (!journalRefunds.has(no)) {
      problems.push(`lost refund: the cashier saw ${no} ${status}; the journal has no such refund`)
    }
  }

  // No refund made twice: the journal holds no more cashier refunds per sale than were asked for
  // (a refund resumed after a crash under a new number would pass every sum check otherwise).
  const refundsBySale = new Map<number, number>()
  for (const refund of journal.refunds) {
    if (refund.reason === autoRefundReason) continue
    refundsBySale.set(refund.sale_id, (refundsBySale.get(refund.sale_id) ?? 0) + 1)
  }
  for (const [saleId, made] of refundsBySale) {
    const asked = told.refundsAsked.get(saleId) ?? 0
    if (made > asked) {
      problems.push(
        `refund made twice: sale ${saleId} has ${made} refunds, the cashier asked ${asked}`
      )
    }
  }

  // No sale paid twice: at most one order taken per sale, unless the extra money went back.
  const takenBySale = new Map<number, string[]>()
  for (const order of gateway.orders.values()) {
    if (order.transStatus !== 2 || order.refundedMinor >= order.orderAmountMinor) continue
    const attempt = journal.attempts.find((a) => a.merchant_order_no === order.merchantOrderNo)
    if (attempt === undefined) continue
    takenBySale.set(attempt.sale_id, [
      ...(takenBySale.get(attempt.sale_id) ?? []),
      order.merchantOrderNo
    ])
  }
  for (const [saleId, orders] of takenBySale) {
    if (orders.length > 1) problems.push(`paid twice: sale ${saleId} by ${orders.join(', ')}`)
  }
  for (const sale of journal.sales.values()) {
    if (
      sale.status === 'paid' &&
      !journal.attempts.some((a) => a.sale_id === sale.id && a.status === 'paid')
    ) {
      problems.push(`sale ${sale.id} is paid in the journal with no paid attempt`)
    }
  }

  const refundedByOrder = new Map<string, number>()
  for (const refund of journal.refunds) {
    const remote = gateway.refunds.get(refund.merchant_order_no)
    const at = remote === undefined ? 'absent' : String(remote.transStatus)
    const expected: Record<string, readonly string[]> = {
      refunded: ['2'],
      failed: ['1', 'absent'],
      'needs-attention': ['0', 'absent']
    }
    const allowed = expected[refund.status]
    if (allowed !== undefined && !allowed.includes(at)) {
      problems.push(
        `state: refund ${refund.merchant_order_no} (sale ${refund.sale_id}) is ${refund.status} ` +
          `in the journal, gateway status ${at}`
      )
    }
    const attempt = byId.get(refund.attempt_id)
    if (remote !== undefined && attempt !== undefined) {
      if (remote.origMerchantOrderNo !== attempt.merchant_order_no) {
        problems.push(
          `refund ${refund.merchant_order_no} is of ${attempt.merchant_order_no} in the journal, ` +
            `of ${remote.origMerchantOrderNo} at the gateway`
        )
      }
      if (remote.refundAmountMinor !== refund.amount_minor) {
        problems.push(
          `amount: refund ${refund.merchant_order_no} is ${refund.amount_minor} in the journal, ` +
            `${remote.refundAmountMinor} at the gateway`
        )
      }
    }
    if (attempt !== undefined && refund.status === 'refunded') {
      refundedByOrder.set(
        attempt.merchant_order_no,
        (refundedByOrder.get(attempt.merchant_order_no) ?? 0) + refund.amount_minor
      )
    }
    const toldStatus = told.refunds.get(refund.merchant_order_no)
    if (
      toldStatus !== undefined &&
      finalRefundStatuses.includes(toldStatus) &&
      toldStatus !== refund.status
    ) {
      problems.push(
        `told: the cashier saw refund ${refund.merchant_order_no} ${toldStatus}, the journal now ` +
          `says ${refund.status}`
      )
    }
  }
  // Money actually returned per order: the journal's refunded sum is the gateway's.
  const gatewayRefunded = new Map<string, number>()
  for (const refund of gateway.refunds.values()) {
    if (refund.transStatus !== 2) continue
    gatewayRefunded.set(
      refund.origMerchantOrderNo,
      (gatewayRefunded.get(refund.origMerchantOrderNo) ?? 0) + refund.refundAmountMinor
    )
  }
  for (const no of new Set([...refundedByOrder.keys(), ...gatewayRefunded.keys()])) {
    const mine = refundedByOrder.get(no) ?? 0
    const theirs = gatewayRefunded.get(no) ?? 0
    if (mine !== theirs) {
      problems.push(
        `refunded: order ${no} has ${mine} refunded in the journal, ${theirs} at the gateway`
      )
    }
  }
  return problems
}
