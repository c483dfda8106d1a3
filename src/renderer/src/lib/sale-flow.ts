import type { Tender } from '../../../shared/contract'
import type {
  AttemptStatus,
  AttemptView,
  Reason,
  ReasonWords,
  SaleStatus,
  SaleView
} from '../../../shared/order'
import { sayReason } from '../../../shared/order/reasons'

/**
 * Where the cashier is in a sale. The service decides every outcome; the screen only adds what it
 * is doing itself (a request in flight, the method picker open, the cashier choosing to retry).
 */
export type SalePhase =
  | 'entry'
  | 'opening'
  | 'awaiting-code'
  | 'choosing-method'
  | 'choosing-wallet'
  | 'submitting'
  | 'requesting-qr'
  | 'showing-qr'
  | 'confirming'
  | 'processing'
  | 'cancelling'
  | 'paid'
  | 'declined'
  | 'needs-attention'

export type Busy = 'opening' | 'submitting' | 'requesting-qr' | 'cancelling' | 'abandoning' | null

/** How the cashier chose to take this payment: scan the customer's code, or show a QR. */
export type { Tender }

export interface FlowFacts {
  readonly sale: SaleView | null
  readonly busy: Busy
  readonly pickerOpen: boolean
  /** The cashier moved on from a decline: asked for a fresh code, or chose another tender. */
  readonly retrying: boolean
  /** The tender the cashier chose for the open sale; CPM unless they chose to show a QR. */
  readonly tender?: Tender
}

export function derivePhase({
  sale,
  busy,
  pickerOpen,
  retrying,
  tender = 'cpm'
}: FlowFacts): SalePhase {
  if (sale === null) return busy === 'opening' ? 'opening' : 'entry'
  if (busy === 'submitting') return 'submitting'
  if (busy === 'requesting-qr') return 'requesting-qr'
  const choosing = (): SalePhase =>
    tender === 'mpm' ? 'choosing-wallet' : pickerOpen ? 'choosing-method' : 'awaiting-code'
  switch (sale.status) {
    case 'open':
      return choosing()
    case 'declined':
      return retrying ? choosing() : 'declined'
    case 'paying':
      return payingPhase(currentAttempt(sale))
    case 'paid':
      return 'paid'
    case 'needs-attention':
      return 'needs-attention'
    case 'abandoned':
      return 'entry'
  }
}

/**
 * What the cashier is waiting for while an attempt is in flight. The engine's reasons say which
 * (docs/engine.md "What the cashier reads"): an MPM QR on show that nobody has scanned yet, the
 * customer confirming in their wallet, or the till checking an unclear answer with the gateway.
 */
function payingPhase(attempt: AttemptView | null): SalePhase {
  if (attempt === null) return 'processing'
  if (attempt.status === 'cancelling') return 'cancelling'
  if (attempt.status !== 'processing') return 'processing'
  const kind = reasonKind(attempt.why)
  if (kind === 'confirming') return 'confirming'
  if (attempt.mode === 'MPM' && attempt.qrContent !== null && kind !== 'checking') {
    return 'showing-qr'
  }
  return 'processing'
}

export type ReasonKind = 'confirming' | 'showing-qr' | 'checking' | 'declined' | 'other'

/** The engine's reasons sorted by what the cashier is waiting for (src/shared/order/reasons.ts). */
export function reasonKind(why: Reason | null): ReasonKind {
  switch (why?.code) {
    case 'confirming':
      return 'confirming'
    case 'showing-qr':
      return 'showing-qr'
    case 'declined':
      return 'declined'
    case 'checking':
    case 'unreachable':
    case 'closing':
      return 'checking'
    default:
      return 'other'
  }
}

/**
 * What the cashier reads under a decline: the wallet's own words only (the screen gives its own
 * next step), or the whole reason in the screen's language when it was not the wallet's refusal
 * (an order closed unpaid); null when there is nothing to add.
 */
export function declineDetail(attempt: AttemptView | null, words: ReasonWords): string | null {
  if (attempt === null) return null
  const why = attempt.why
  if (why === null) return attempt.reason
  if (why.code !== 'declined') return sayReason(words, why)
  const wallet = why.wallet?.trim() ?? ''
  return wallet === '' ? null : wallet
}

/**
 * An attempt's or a refund's reason in the screen's language; a reason journaled before reasons
 * had codes (journal version 5) comes in the English it was kept in.
 */
export function reasonWords(
  words: ReasonWords,
  why: Reason | null,
  english: string | null
): string | null {
  return why === null ? english : sayReason(words, why)
}

/**
 * The payment in flight can be cancelled once the gateway has the order (processing): the engine
 * then closes it, never before API.md §5.3's 15 s. Not while the first request is on the wire,
 * not twice, and never a paid or unknown one (refund, or "Check now", instead).
 */
export function canCancelPayment(phase: SalePhase, sale: SaleView | null): boolean {
  if (phase !== 'showing-qr' && phase !== 'confirming' && phase !== 'processing') return false
  return currentAttempt(sale)?.status === 'processing'
}

/**
 * When the wait on screen ends: the QR's expiry for MPM, the polling window for a customer
 * confirming a scanned code; null when unknown.
 */
export function attemptDeadline(attempt: AttemptView, cpmWindowMs: number | null): number | null {
  if (attempt.mode === 'MPM') return attempt.expiresAt
  return cpmWindowMs === null ? null : attempt.createdAt + cpmWindowMs
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
