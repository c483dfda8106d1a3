import type { Money } from '../money'

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
 * - processing: the gateway has the order but no final state (customer confirming, or an unclear reply)
 * - paid / declined: final
 * - needs-attention: no final state within the window; a reconciler keeps asking
 */
export type AttemptStatus = 'pending' | 'processing' | 'paid' | 'declined' | 'needs-attention'

export const finalAttemptStatuses: readonly AttemptStatus[] = ['paid', 'declined']

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
  /** Why the attempt was declined or why it needs attention, in words the cashier can act on. */
  readonly reason: string | null
  readonly createdAt: number
  readonly updatedAt: number
}

export interface SaleView {
  readonly saleId: number
  readonly amount: Money
  readonly status: SaleStatus
  readonly createdAt: number
  readonly updatedAt: number
  readonly attempts: readonly AttemptView[]
}
