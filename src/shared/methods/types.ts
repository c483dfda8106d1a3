/**
 * One row of the CPM classification table (paycloud/API.md §8.2): a scanned code that matches
 * `pattern` is a code of `payMethodId`. The table is data: defaults in resources/, overrides in settings.
 * Several rows may share a `payMethodId` (one per code family, each with its own evidence): only
 * distinct ids can make a code ambiguous.
 */
export interface MethodRule {
  readonly payMethodId: string
  /** A JavaScript regular expression source, anchored by its author (`^…$`). */
  readonly pattern: string
  /** When set, the scan's AIM symbology identifier must start with this (e.g. `]C` for Code 128). */
  readonly aim?: string
  readonly enabled: boolean
  /**
   * False while the pattern comes from public third-party knowledge rather than PayCloud's own table
   * (API.md §8.2 could not be read): the screens say so.
   */
  readonly confirmed: boolean
  /** Where the pattern comes from, for whoever edits the table; JSON has no comments. */
  readonly note?: string
}

export type Classification =
  | { readonly kind: 'match'; readonly payMethodId: string }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly string[] }
  | { readonly kind: 'none' }

/** Who shows the QR code: the customer's wallet (CPM, we scan it) or the till (MPM). API.md §5. */
export type QrMode = 'CPM' | 'MPM'

/** One `pay_method_id` the gateway knows (API.md §8.1). */
export interface PayMethod {
  /** The `pay_method_id` sent to PayCloud. */
  readonly id: string
  /** Display names: English, and Japanese as shops in Japan show them. */
  readonly label: string
  readonly labelJa: string
  /** Empty for keys that are not QR payments (card payments). */
  readonly modes: readonly QrMode[]
  /**
   * The modes in which "Cancellation" reverses a paid order; in any other, a paid order needs a
   * refund (§5.3: WeChat Pay reverses a paid order only for CPM).
   */
  readonly reversesPaid: readonly QrMode[]
  /** True when the row was read in NewAge's own ParameterDictionary ([DOC] in API.md). */
  readonly confirmed: boolean
}
