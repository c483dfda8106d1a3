/**
 * Why an attempt or a refund is where it is, as data: the engine says which case and with what
 * facts, and each screen words it in its own language (issue 6 §3). The journal keeps the English
 * words too (`reason` / `failure`), for the log, the CLI and anyone reading the file with sqlite3.
 *
 * Four kinds the cashier must tell apart (issue 4 §4): declined (final), not confirmed yet (the
 * till is checking), gateway unreachable, and needs attention (a reconciler keeps asking).
 */
export type Reason =
  /** The wallet or the gateway said no; `wallet` is its own words, when it gave any. */
  | { readonly code: 'declined'; readonly wallet: string | null }
  /** CPM: the customer is confirming in their wallet (status 0 / PAYING). */
  | { readonly code: 'confirming' }
  /** MPM: the QR is on show and nobody has paid yet. */
  | { readonly code: 'showing-qr' }
  /** An unclear answer: the till is asking the gateway whether the payment went through. */
  | { readonly code: 'checking'; readonly why: UnclearWhy; readonly gatewayMessage?: string }
  /** Nothing got through: the till keeps trying. */
  | { readonly code: 'unreachable' }
  /** The till is closing the order on the gateway (API.md §5.3). */
  | { readonly code: 'closing'; readonly cause: CloseCause; readonly windowSeconds: number }
  | { readonly code: 'cancelled'; readonly cause: CloseCause | null }
  /** The order never reached the gateway: closed on the till alone. */
  | { readonly code: 'never-arrived' }
  /** Paid, then cancelled on the gateway: the money went back to the customer. */
  | { readonly code: 'reversed' }
  /** Paid while being cancelled by the cashier, in a wallet that cannot reverse: refunding. */
  | { readonly code: 'paid-despite-cancel' }
  /** Paid while the till was closing the order on its own: honoured. */
  | { readonly code: 'paid-late' }
  /** Needs attention: the close did not settle it after `tries` cancels. */
  | { readonly code: 'close-failed'; readonly tries: number }
  /** Needs attention: the gateway's amount is not the till's. */
  | { readonly code: 'amount-mismatch'; readonly merchantOrderNo: string }
  /** A refund the gateway refused or failed, in its own words when it gave any. */
  | { readonly code: 'refund-refused'; readonly gatewayMessage: string | null }
  | { readonly code: 'refund-failed'; readonly gatewayMessage: string | null }
  /** Needs attention: the gateway's refund amount is not the till's. */
  | { readonly code: 'refund-amount-mismatch'; readonly merchantOrderNo: string }
  /** Needs attention: the refund could not be confirmed, the gateway being unreachable. */
  | { readonly code: 'refund-unreachable' }
  /** Needs attention: the gateway did not confirm the refund within the window. */
  | { readonly code: 'refund-unconfirmed'; readonly windowSeconds: number }

export type ReasonCode = Reason['code']

/** Who or what is closing an order: the cashier, the window running out, an unclear reply. */
export type CloseCause = 'cashier' | 'timeout' | 'unclear'

/** Why an answer was unclear: too slow, refused in words, or not to be trusted. */
export type UnclearWhy = 'slow' | 'rejected' | 'untrusted'

const closeCauses: readonly string[] = ['cashier', 'timeout', 'unclear']
const unclearWhys: readonly string[] = ['slow', 'rejected', 'untrusted']

type Check = (value: Record<string, unknown>) => boolean

const isText = (value: unknown): boolean => typeof value === 'string' && value.length <= 500
const isNullableText = (value: unknown): boolean => value === null || isText(value)
const isCount = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0

/** What each code carries: anything else read back from the journal or the wire is refused. */
const shapes: { readonly [C in ReasonCode]: Check } = {
  declined: (r) => isNullableText(r.wallet),
  confirming: () => true,
  'showing-qr': () => true,
  checking: (r) =>
    unclearWhys.includes(r.why as string) &&
    (r.gatewayMessage === undefined || isText(r.gatewayMessage)),
  unreachable: () => true,
  closing: (r) => closeCauses.includes(r.cause as string) && isCount(r.windowSeconds),
  cancelled: (r) => r.cause === null || closeCauses.includes(r.cause as string),
  'never-arrived': () => true,
  reversed: () => true,
  'paid-despite-cancel': () => true,
  'paid-late': () => true,
  'close-failed': (r) => isCount(r.tries),
  'amount-mismatch': (r) => isText(r.merchantOrderNo),
  'refund-refused': (r) => isNullableText(r.gatewayMessage),
  'refund-failed': (r) => isNullableText(r.gatewayMessage),
  'refund-amount-mismatch': (r) => isText(r.merchantOrderNo),
  'refund-unreachable': () => true,
  'refund-unconfirmed': (r) => isCount(r.windowSeconds)
}

export function isReason(value: unknown): value is Reason {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  const code = record.code
  return (
    typeof code === 'string' && Object.hasOwn(shapes, code) && shapes[code as ReasonCode](record)
  )
}

/** A reason as the journal stores it, and back; a damaged or unknown one reads as null. */
export function encodeReason(reason: Reason | null): string | null {
  return reason === null ? null : JSON.stringify(reason)
}

export function decodeReason(text: string | null): Reason | null {
  if (text === null) return null
  try {
    const value: unknown = JSON.parse(text)
    return isReason(value) ? value : null
  } catch {
    return null
  }
}

/** Words for every reason, one function per code, each given its own case's facts. */
export type ReasonWords = {
  readonly [C in ReasonCode]: (reason: Extract<Reason, { readonly code: C }>) => string
}

export function sayReason(words: ReasonWords, reason: Reason): string {
  return (words[reason.code] as (reason: Reason) => string)(reason)
}

/** Someone else's words ended as a sentence, without doubling their own full stop. */
export function asSentence(words: string, stop: string): string {
  return /[.!?。．！？]$/.test(words) ? words : `${words}${stop}`
}

const needsAttention = (why: string): string =>
  `Needs attention: ${why} QR Till keeps checking in the background; use "Check now".`

/**
 * The English words, kept in the journal and the log and shown by English screens. Their first
 * words tell the four kinds apart for a person reading the log: "Declined by the wallet:",
 * "Not confirmed yet:", "The gateway could not be reached", "Needs attention:".
 */
export const englishReasons: ReasonWords = {
  declined: ({ wallet }) =>
    `Declined by the wallet: ${asSentence(wallet ?? 'no reason given', '.')} Ask for another code or method.`,
  confirming: () =>
    'Not confirmed yet: the customer is confirming in their wallet. QR Till is checking.',
  'showing-qr': () =>
    'Not confirmed yet: waiting for the customer to scan the QR code. QR Till is checking.',
  checking: ({ why, gatewayMessage }) => {
    const what =
      why === 'slow'
        ? 'the gateway did not answer in time.'
        : why === 'rejected'
          ? `the gateway answered "${gatewayMessage ?? ''}".`
          : 'the gateway reply could not be trusted.'
    return `Not confirmed yet: ${what} QR Till is checking whether the payment went through.`
  },
  unreachable: () =>
    'The gateway could not be reached. QR Till keeps trying to find out whether the payment ' +
    'went through; do not take another payment for this sale yet.',
  closing: ({ cause, windowSeconds }) => {
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
  cancelled: ({ cause }) => {
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
  'never-arrived': () => 'Cancelled: the order never reached the gateway; nothing was charged.',
  reversed: () =>
    'Reversed: the gateway cancelled the order after the payment went through and returned ' +
    'the money to the customer.',
  'paid-despite-cancel': () =>
    'Paid: the customer paid while the order was being cancelled and the wallet cannot reverse ' +
    'it; QR Till is refunding the full amount.',
  'paid-late': () =>
    'Paid: the customer completed the payment while QR Till was closing the order.',
  'close-failed': ({ tries }) =>
    needsAttention(
      `the order could not be closed after ${tries} tries, so whether the customer paid is not ` +
        'known yet.'
    ),
  'amount-mismatch': ({ merchantOrderNo }) =>
    needsAttention(`the gateway reports a different amount for order ${merchantOrderNo}.`),
  'refund-refused': ({ gatewayMessage }) =>
    `The gateway refused the refund: ${asSentence(gatewayMessage ?? 'no reason given', '.')}`,
  'refund-failed': ({ gatewayMessage }) =>
    `The refund failed: ${asSentence(gatewayMessage ?? 'no reason given', '.')}`,
  'refund-amount-mismatch': ({ merchantOrderNo }) =>
    needsAttention(`the gateway reports a different amount for refund ${merchantOrderNo}.`),
  'refund-unreachable': () =>
    needsAttention('the gateway could not be reached to confirm this refund.'),
  'refund-unconfirmed': ({ windowSeconds }) =>
    needsAttention(`the gateway has not confirmed this refund within ${windowSeconds} s.`)
}

/** A reason in English, as the journal and the log keep it. */
export function reasonText(reason: Reason): string {
  return sayReason(englishReasons, reason)
}
