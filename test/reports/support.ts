import type { Gateway } from '../../src/main/gateway/types'
import type { Journal } from '../../src/main/journal'
import type { CurrencyCode } from '../../src/shared/money'
import type { AttemptStatus, AttemptView, PaymentMode, RefundView } from '../../src/shared/order'

export const hour = 3_600_000
/** 2026-11-26 00:00 in Tokyo (15:00 UTC the day before): the shop's business day. */
export const dayStart = Date.UTC(2026, 10, 25, 15, 0, 0)
export const dayEnd = dayStart + 24 * hour

let orderSeq = 0

/** A new order number, unique in the process: PayCloud's 1–32 alphanumerics. */
export function orderNo(prefix = 'QT'): string {
  orderSeq += 1
  return `${prefix}${Date.now().toString(36).toUpperCase()}${orderSeq}`
}

export interface SaleSpec {
  readonly minor: number
  readonly currency?: CurrencyCode
  readonly method?: string
  readonly at: number
  readonly mode?: PaymentMode
  readonly status?: AttemptStatus
  readonly authCode?: string | null
  readonly merchantOrderNo?: string
}

/** A sale and one attempt through the real Journal API, ending in `status` (default paid). */
export function ringUp(journal: Journal, spec: SaleSpec): AttemptView {
  const sale = journal.createSale(spec.minor, spec.currency ?? 'JPY', spec.at)
  const mode = spec.mode ?? 'CPM'
  const attempt = journal.createAttempt({
    saleId: sale.saleId,
    mode,
    merchantOrderNo: spec.merchantOrderNo ?? orderNo(),
    payMethodId: spec.method ?? 'WeChatPay',
    authCode:
      spec.authCode === undefined ? (mode === 'CPM' ? '134567890123456789' : null) : spec.authCode,
    at: spec.at
  })
  return settle(journal, attempt, spec.status ?? 'paid', spec.at + 1_000)
}

/** Moves an attempt to `status` (through `reversed`'s `paid` first), with the sale to match. */
export function settle(
  journal: Journal,
  attempt: AttemptView,
  status: AttemptStatus,
  at: number
): AttemptView {
  if (status === 'pending') return attempt
  if (status === 'reversed') {
    journal.updateAttempt(attempt.attemptId, { status: 'paid', at }, 'paid')
    return journal.updateAttempt(attempt.attemptId, { status: 'reversed', at }, 'abandoned')
  }
  const saleStatus =
    status === 'paid'
      ? 'paid'
      : status === 'declined'
        ? 'declined'
        : status === 'needs-attention'
          ? 'needs-attention'
          : status === 'cancelled'
            ? 'abandoned'
            : 'paying'
  return journal.updateAttempt(attempt.attemptId, { status, at }, saleStatus)
}

/** A refund of the sale's paid attempt, through the journal, ending in `status`. */
export function refund(
  journal: Journal,
  attempt: AttemptView,
  spec: {
    readonly minor: number
    readonly at: number
    readonly status: RefundView['status']
    readonly reason?: string
  }
): RefundView {
  const created = journal.createRefund({
    saleId: attempt.saleId,
    merchantOrderNo: orderNo('QR'),
    amountMinor: spec.minor,
    currency: attempt.amount.currency,
    reason: spec.reason ?? 'returned goods',
    at: spec.at
  })
  if (spec.status === 'pending') return created
  return journal.updateRefund(created.refundId, {
    status: spec.status,
    at: spec.at + 1_000,
    ...(spec.status === 'failed'
      ? {
          failure: {
            code: 'refund-failed',
            gatewayMessage: 'The merchant balance is too low.'
          } as const
        }
      : {}),
    ...(spec.status === 'refunded' ? { transNo: `RT${created.refundId}` } : {})
  })
}

/** A gateway that must not be called: end of day and CSV export never ask the gateway. */
export const unusedGateway: Gateway = new Proxy({} as Gateway, {
  get(_target, name) {
    return () => Promise.reject(new Error(`the gateway was called: ${String(name)}`))
  }
})
