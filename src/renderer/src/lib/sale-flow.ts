import type { AttemptStatus, AttemptView, SaleStatus, SaleView } from '../../../shared/order'

/**
 * Where the cashier is in a sale. The service decides every outcome; the screen only adds what it
 * is doing itself (a request in flight, the method picker open, the cashier choosing to retry).
 */
export type SalePhase =
  | 'entry'
  | 'opening'
  | 'awaiting-code'
  | 'choosing-method'
  | 'submitting'
  | 'processing'
  | 'paid'
  | 'declined'
  | 'needs-attention'

export type Busy = 'opening' | 'submitting' | 'abandoning' | null

export interface FlowFacts {
  readonly sale: SaleView | null
  readonly busy: Busy
  readonly pickerOpen: boolean
  /** The cashier chose "Ask the customer for a fresh code" after a decline. */
  readonly retrying: boolean
}

export function derivePhase({ sale, busy, pickerOpen, retrying }: FlowFacts): SalePhase {
  if (sale === null) return busy === 'opening' ? 'opening' : 'entry'
  if (busy === 'submitting') return 'submitting'
  switch (sale.status) {
    case 'open':
      return pickerOpen ? 'choosing-method' : 'awaiting-code'
    case 'declined':
      if (!retrying) return 'declined'
      return pickerOpen ? 'choosing-method' : 'awaiting-code'
    case 'paying':
      return 'processing'
    case 'paid':
      return 'paid'
    case 'needs-attention':
      return 'needs-attention'
    case 'abandoned':
      return 'entry'
  }
}

/** Phases in which a scan is a customer's payment code for the current sale. */
export function acceptsScan(phase: SalePhase): boolean {
  return phase === 'awaiting-code'
}

/** The attempt the cashier is looking at: the latest one. */
export function currentAttempt(sale: SaleView | null): AttemptView | null {
  if (sale === null || sale.attempts.length === 0) return null
  return sale.attempts.reduce((latest, attempt) =>
    attempt.attemptId > latest.attemptId ? attempt : latest
  )
}

/**
 * A snapshot from `sales:changed` or `sales:get` replaces what the screen holds only when it is
 * about the same sale and not older: events and command results can cross on the wire.
 */
export function mergeSale(current: SaleView | null, incoming: SaleView): SaleView | null {
  if (current === null || current.saleId !== incoming.saleId) return current
  return incoming.updatedAt >= current.updatedAt ? incoming : current
}

// Only a provisional fold until the service's own snapshot arrives: a closed or reversed attempt
// leaves the sale open for another tender.
const saleStatusOfAttempt: Record<AttemptStatus, SaleStatus> = {
  pending: 'paying',
  processing: 'paying',
  cancelling: 'paying',
  paid: 'paid',
  declined: 'declined',
  cancelled: 'open',
  reversed: 'open',
  'needs-attention': 'needs-attention'
}

/**
 * Folds the attempt `payments:startCpm` returned into the sale, until the service's own
 * `sales:changed` snapshot arrives and supersedes it.
 */
export function applyAttempt(sale: SaleView, attempt: AttemptView): SaleView {
  if (attempt.saleId !== sale.saleId) return sale
  const known = sale.attempts.find((a) => a.attemptId === attempt.attemptId)
  if (known && known.updatedAt > attempt.updatedAt) return sale
  const attempts = known
    ? sale.attempts.map((a) => (a.attemptId === attempt.attemptId ? attempt : a))
    : [...sale.attempts, attempt]
  const latest = attempts.reduce((a, b) => (b.attemptId > a.attemptId ? b : a))
  return {
    ...sale,
    attempts,
    status: saleStatusOfAttempt[latest.status],
    updatedAt: Math.max(sale.updatedAt, attempt.updatedAt)
  }
}
