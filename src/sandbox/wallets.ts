/**
 * What each wallet allows (API.md §5.3, §8.1), as data the sandbox enforces. NewAge says to ask
 * them for the exact per-wallet cancel rules, so the table is an option (`wallets`).
 */
export type QrMode = 'CPM' | 'MPM'

export interface WalletRule {
  /** QR modes the wallet supports (§8.1: MerPay is CPM only). */
  readonly modes: readonly QrMode[]
  /**
   * Modes in which a cancel reverses a PAID order (§5.3). An unpaid order can always be closed by
   * a cancel; a paid one in any other mode is refused and must be refunded.
   */
  readonly reversePaid: readonly QrMode[]
}

export const defaultWallets: Readonly<Record<string, WalletRule>> = Object.freeze({
  // §5.3: "WeChatPay supports cancelling a paid order only for CPM".
  WeChatPay: { modes: ['CPM', 'MPM'], reversePaid: ['CPM'] },
  // §8.1 lists "Cancellation" for Alipay+ and UnionPay.
  'Alipay+': { modes: ['CPM', 'MPM'], reversePaid: ['CPM', 'MPM'] },
  UnionPay: { modes: ['CPM', 'MPM'], reversePaid: ['CPM', 'MPM'] },
  // The Japanese wallets list only "Consumption" and "Refund": cancel closes an unpaid order only.
  PayPay: { modes: ['CPM', 'MPM'], reversePaid: [] },
  RakutenPay: { modes: ['CPM', 'MPM'], reversePaid: [] },
  DPay: { modes: ['CPM', 'MPM'], reversePaid: [] },
  MerPay: { modes: ['CPM'], reversePaid: [] },
  AuPay: { modes: ['CPM', 'MPM'], reversePaid: [] }
})
