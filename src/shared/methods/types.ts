/**
 * One row of the CPM classification table (paycloud/API.md §8.2): a scanned code that matches
 * `pattern` is a code of `payMethodId`. The table is data: defaults in resources/, overrides in settings.
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
}

export type Classification =
  | { readonly kind: 'match'; readonly payMethodId: string }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly string[] }
  | { readonly kind: 'none' }
