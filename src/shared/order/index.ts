import type { Money } from '../money'
import type { Reason } from './reasons'

export * from './reasons'

/** How the customer pays: the till shows a QR (MPM) or scans the customer's code (CPM). */
export type PaymentMode = 'MPM' | 'CPM'

/**
 * A sale is what the cashier rang up; attempts are the tries to pay for it.
 * - open: amount set, waiting for a tender
 * - paying: an attempt is in flight
 * - paid: one attempt succeeded
 * - declined: the last attempt failed; the cashier may try again with a new code or method
 * - needs-attention: the gateway's answer is still unknown after the polling window
 * - abandoned: the cashier closed the sale before it was paid
 */
export type SaleStatus = 'open' | 'paying' | 'paid' | 'declined' | 'needs-attention' | 'abandoned'

/**
 * - pending: journaled; the request is leaving or has left, no answer yet
 * - processing: the gateway has the order but no final state (customer confirming, an MPM QR on
 *   show, or an unclear reply being checked)
 * - cancelling: the till is closing the order on the gateway (cashier's cancel, or the window ran
 *   out); the customer display takes the QR down at once and says so until the gateway confirms
 * - paid / declined: final
 * - cancelled: closed unpaid on the gateway, final
 * - reversed: was paid, then reversed by a cancel (money returned), final
 * - needs-attention: no final state within the window and the close did not settle it; a
 *   reconciler keeps asking
 */
export type AttemptStatus =
  | 'pending'
  | 'processing'
  | 'cancelling'
  | 'paid'
  | 'declined'
  | 'cancelled'
  | 'reversed'
  | 'needs-attention'

export const finalAttemptStatuses: readonly AttemptStatus[] = [
  'paid',
  'declined',
  'cancelled',
  'reversed'
]

export interface AttemptView {
  readonly attemptId: number
  readonly saleId: number
  readonly mode: PaymentMode
  readonly merchantOrderNo: string
  readonly payMethodId: string
  readonly amount: Money
  readonly status: AttemptStatus
  /** Last four characters of the customer's code: enough to recognise it, never the whole code. */
  readonly authCodeLast4: string | null
  readonly transNo: string | null
  /** Why the attempt was declined or why it needs attention, in English (the journal's words). */
  readonly reason: string | null
  /** The same as data, for each screen to word in its language; null when there is none. */
  readonly why: Reason | null
  /** MPM: what the customer display renders as the QR code (`qrcode_url`); null for CPM. */
  readonly qrContent: string | null
  /** When the gateway stops accepting payment for this order (epoch ms); null when unknown. */
  readonly expiresAt: number | null
  readonly createdAt: number
  readonly updatedAt: number
}

/**
 * - pending: journaled; the request is leaving or has left
 * - processing: the gateway accepted it and is refunding (status 0)
 * - refunded / failed: final
 * - needs-attention: no final state after the refund window; a reconciler keeps asking
 */
export type RefundStatus = 'pending' | 'processing' | 'refunded' | 'failed' | 'needs-attention'

/** A refund the gateway has not settled yet: the money is on its way, or not known to be. */
export const refundInFlight: readonly RefundStatus[] = ['pending', 'processing', 'needs-attention']

/** What the refunds in any of `statuses` return, in minor units of their (the sale's) currency. */
export function refundsTotal(
  refunds: readonly RefundView[],
  statuses: readonly RefundStatus[]
): number {
  return refunds
    .filter((refund) => statuses.includes(refund.status))
    .reduce((sum, refund) => sum + refund.amount.minor, 0)
}

export interface RefundView {
  readonly refundId: number
  readonly saleId: number
  /** The paid attempt being refunded. */
  readonly attemptId: number
  /** The refund's own number (API.md §5.4: a new one per refund). */
  readonly merchantOrderNo: string
  readonly amount: Money
  readonly reason: string
  readonly status: RefundStatus
  readonly transNo: string | null
  /** Why it failed or needs attention, in English (the journal's words). */
  readonly failure: string | null
  /** The same as data, for each screen to word in its language; null when there is none. */
  readonly failureWhy: Reason | null
  readonly createdAt: number
  readonly updatedAt: number
}

/** One line of a sale as the cashier rang it up: minor units of the sale's currency. */
export interface SaleLine {
  readonly description: string
  readonly unitPriceMinor: number
  readonly quantity: number
}

export interface SaleView {
  readonly saleId: number
  readonly amount: Money
  /**
   * What the amount is for, when the cashier keyed lines (their total is the amount); empty or
   * absent when only an amount was keyed.
   */
  readonly lines?: readonly SaleLine[]
  readonly status: SaleStatus
  readonly createdAt: number
  readonly updatedAt: number
  readonly attempts: readonly AttemptView[]
  readonly refunds: readonly RefundView[]
  /** What the paid attempt took, and what refunds have returned so far (refunded or in flight). */
  readonly paidMinor: number
  readonly refundedMinor: number
}

/** Totals for one payment method and currency over a report's range. */
export interface MethodTotals {
  readonly payMethodId: string
  readonly currency: string
  readonly paidCount: number
  readonly paidMinor: number
  readonly refundCount: number
  readonly refundedMinor: number
  readonly netMinor: number
}

/** End of day (issue 4 §6): what was taken and returned, and what still needs a person. */
export interface EndOfDayReport {
  readonly from: number
  readonly to: number
  readonly byMethod: readonly MethodTotals[]
  /** Per currency: the sum of `byMethod`. */
  readonly totals: readonly Omit<MethodTotals, 'payMethodId'>[]
  readonly needsAttention: readonly AttemptView[]
  readonly openRefunds: readonly RefundView[]
}

export interface ReconciliationDifference {
  readonly merchantOrderNo: string
  readonly kind: 'status' | 'amount' | 'trans-no' | 'unknown-at-gateway' | 'query-failed'
  /** What the journal says and what the gateway says, in English (the log's, an integrator's). */
  readonly till: string
  readonly gateway: string
  /** The same as data, for each screen to word in its language. */
  readonly tillSays: ReconciliationTillSays
  readonly gatewaySays: ReconciliationGatewaySays
}

/** The attempt as the journal has it. */
export interface ReconciliationTillSays {
  readonly status: AttemptStatus
  readonly amount: { readonly minor: number; readonly currency: string }
  readonly transNo: string | null
}

/**
 * Why `order.query` gave no answer to compare: not sent, refused, no usable reply, or not asked
 * because the gateway had stopped answering the queries before it.
 */
export type ReconciliationNoAnswer =
  'skipped' | 'not-sent' | 'refused' | 'timeout' | 'network' | 'signature-invalid' | 'malformed'

/** What `order.query` answered that differs, or why there was no answer. */
export type ReconciliationGatewaySays =
  /** `trans_status` (API.md §5.5: 9 created, 0 processing, 1 closed unpaid, 2 paid, 3 closed). */
  | { readonly said: 'status'; readonly transStatus: number; readonly errorCode: string | null }
  /**
   * The order's amount: in minor units when it reads in the attempt's currency, else as the
   * reply wrote it; both null when the reply has no usable amount.
   */
  | {
      readonly said: 'amount'
      readonly amount: { readonly minor: number; readonly currency: string } | null
      readonly asSent: { readonly amount: string; readonly currency: string } | null
    }
  | { readonly said: 'trans-no'; readonly transNo: string }
  | { readonly said: 'no-such-order'; readonly code: string }
  | {
      readonly said: 'no-answer'
      readonly why: ReconciliationNoAnswer
      readonly code: string | null
    }

/** Each paid attempt in the range checked against `order.query`. */
export interface ReconciliationReport {
  readonly from: number
  readonly to: number
  readonly checked: number
  readonly matched: number
  readonly differences: readonly ReconciliationDifference[]
}
