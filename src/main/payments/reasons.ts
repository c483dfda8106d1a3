import type { GatewayError } from '../gateway/types'

/**
 * What the cashier reads on an attempt or a refund. Four kinds the screens and the fault matrix
 * tell apart by their first words (issue 4 §4):
 * - declined: "Declined by the wallet: …" — final; ask for another code or method
 * - unknown-still-checking: "Not confirmed yet: …" — QR Till is querying the gateway
 * - gateway unreachable: "The gateway could not be reached …" — QR Till keeps trying
 * - needs attention: "Needs attention: …" — the window ran out; a reconciler keeps asking
 */
export const reasons = {
  declined(walletMessage: string | null): string {
    return `Declined by the wallet: ${walletMessage ?? 'no reason given'}. Ask for another code or method.`
  },
  confirming(): string {
    return 'Not confirmed yet: the customer is confirming in their wallet. QR Till is checking.'
  },
  showingQr(): string {
    return 'Not confirmed yet: waiting for the customer to scan the QR code. QR Till is checking.'
  },
  checking(why: string): string {
    return `Not confirmed yet: ${why} QR Till is checking whether the payment went through.`
  },
  unreachable(): string {
    return (
      'The gateway could not be reached. QR Till keeps trying to find out whether the payment ' +
      'went through; do not take another payment for this sale yet.'
    )
  },
  closing(cause: 'cashier' | 'timeout' | 'unclear', windowSeconds: number): string {
    switch (cause) {
      case 'cashier':
        return 'Not confirmed yet: cancelling the order on the gateway as the cashier asked.'
      case 'timeout':
        return (
          `Not confirmed yet: no answer within ${windowSeconds} s, so QR Till is closing the order ` +
          'on the gateway.'
        )
      case 'unclear':
        return 'Not confirmed yet: the gateway reply was unclear, so QR Till is closing the order.'
    }
  },
  cancelled(cause: 'cashier' | 'timeout' | 'unclear' | null): string {
    switch (cause) {
      case 'cashier':
        return 'Cancelled: the order was closed on the gateway; the customer was not charged.'
      case 'timeout':
        return (
          'Cancelled: the customer did not complete the payment in time; the order was closed and ' +
          'nothing was charged.'
        )
      default:
        return 'Cancelled: the order was closed on the gateway; nothing was charged.'
    }
  },
  neverArrived(): string {
    return 'Cancelled: the order never reached the gateway; nothing was charged.'
  },
  reversed(): string {
    return (
      'Reversed: the gateway cancelled the order after the payment went through and returned ' +
      'the money to the customer.'
    )
  },
  paidDespiteCancel(): string {
    return (
      'Paid: the customer paid while the order was being cancelled and the wallet cannot reverse ' +
      'it; QR Till is refunding the full amount.'
    )
  },
  paidLate(): string {
    return 'Paid: the customer completed the payment while QR Till was closing the order.'
  },
  needsAttention(why: string): string {
    return `Needs attention: ${why} QR Till keeps checking in the background; use "Check now".`
  },
  amountMismatch(merchantOrderNo: string): string {
    return reasons.needsAttention(
      `the gateway reports a different amount for order ${merchantOrderNo}.`
    )
  },
  refundNeedsAttention(why: string): string {
    return reasons.needsAttention(why)
  }
}

/** Why the outcome of a call is open, in the words of `reasons.checking`. */
export function unclearWhy(error: GatewayError): string {
  switch (error.kind) {
    case 'network':
      return 'the gateway could not be reached.'
    case 'timeout':
      return 'the gateway did not answer in time.'
    case 'rejected':
      return `the gateway answered "${error.message}".`
    case 'signature-invalid':
    case 'malformed':
      return 'the gateway reply could not be trusted.'
  }
}

/** Unreachable (nothing got through) is said as such; every other unclear reply is "checking". */
export function reasonForUnclear(error: GatewayError): string {
  return error.kind === 'network' || (error.kind === 'timeout' && error.phase === 'connect')
    ? reasons.unreachable()
    : reasons.checking(unclearWhy(error))
}
