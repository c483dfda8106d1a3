import type { GatewayError } from '../gateway/types'
import type { CloseCause, Reason } from '../../shared/order'

/**
 * What the cashier reads on an attempt or a refund, as data (src/shared/order/reasons.ts words
 * it: in English for the journal and the log, in each screen's language on the screens). Four
 * kinds the screens and the fault matrix tell apart (issue 4 §4):
 * - declined — final; ask for another code or method
 * - not confirmed yet (confirming, showing-qr, checking, closing) — QR Till is querying the gateway
 * - unreachable — QR Till keeps trying
 * - needs attention (close-failed, amount-mismatch) — the window ran out; a reconciler keeps asking
 */
export const reasons = {
  declined: (wallet: string | null): Reason => ({ code: 'declined', wallet }),
  confirming: (): Reason => ({ code: 'confirming' }),
  showingQr: (): Reason => ({ code: 'showing-qr' }),
  unreachable: (): Reason => ({ code: 'unreachable' }),
  closing: (cause: CloseCause, windowSeconds: number): Reason => ({
    code: 'closing',
    cause,
    windowSeconds
  }),
  cancelled: (cause: CloseCause | null): Reason => ({ code: 'cancelled', cause }),
  neverArrived: (): Reason => ({ code: 'never-arrived' }),
  reversed: (): Reason => ({ code: 'reversed' }),
  paidDespiteCancel: (): Reason => ({ code: 'paid-despite-cancel' }),
  paidLate: (): Reason => ({ code: 'paid-late' }),
  closeFailed: (tries: number): Reason => ({ code: 'close-failed', tries }),
  amountMismatch: (merchantOrderNo: string): Reason => ({
    code: 'amount-mismatch',
    merchantOrderNo
  }),
  refundRefused: (gatewayMessage: string | null): Reason => ({
    code: 'refund-refused',
    gatewayMessage
  }),
  refundFailed: (gatewayMessage: string | null): Reason => ({
    code: 'refund-failed',
    gatewayMessage
  }),
  refundAmountMismatch: (merchantOrderNo: string): Reason => ({
    code: 'refund-amount-mismatch',
    merchantOrderNo
  }),
  refundUnreachable: (): Reason => ({ code: 'refund-unreachable' }),
  refundUnconfirmed: (windowSeconds: number): Reason => ({
    code: 'refund-unconfirmed',
    windowSeconds
  })
}

/** Unreachable (nothing got through) is said as such; every other unclear reply is "checking". */
export function reasonForUnclear(error: GatewayError): Reason {
  switch (error.kind) {
    case 'network':
      return reasons.unreachable()
    case 'timeout':
      return error.phase === 'connect' ? reasons.unreachable() : { code: 'checking', why: 'slow' }
    case 'rejected':
      return { code: 'checking', why: 'rejected', gatewayMessage: error.message }
    case 'signature-invalid':
    case 'malformed':
      return { code: 'checking', why: 'untrusted' }
  }
}

/** Two reasons say the same thing (the same code with the same facts). */
export function sameReason(a: Reason | null, b: Reason | null): boolean {
  if (a === null || b === null) return a === b
  return JSON.stringify(a) === JSON.stringify(b)
}
