import type { DisplayState } from '../../../shared/contract'
import { isCurrencyCode, type Money } from '../../../shared/money'
import { isReason, type AttemptView, type SaleLine, type SaleView } from '../../../shared/order'

/**
 * Light checks of the snapshots the service pushes, before a screen renders them. The transport
 * checks the frame; these check that the payload is the shape the screen switches on, so a
 * malformed push is ignored rather than rendered as a half-blank screen.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function isMoney(value: unknown): value is Money {
  return (
    isRecord(value) &&
    typeof value.currency === 'string' &&
    isCurrencyCode(value.currency) &&
    Number.isSafeInteger(value.minor)
  )
}

const displayScreens = new Set([
  'idle',
  'awaiting-code',
  'preparing-qr',
  'processing',
  'confirming',
  'paid',
  'declined',
  'closing',
  'expired',
  'show-qr',
  'refunding',
  'refunded',
  'refund-failed'
])

/** A sale's lines as the service sends them: a list of description, price and quantity. */
export function isSaleLines(value: unknown): value is readonly SaleLine[] {
  return (
    Array.isArray(value) &&
    value.every(
      (line) =>
        isRecord(line) &&
        typeof line.description === 'string' &&
        Number.isSafeInteger(line.unitPriceMinor) &&
        Number.isSafeInteger(line.quantity)
    )
  )
}

export function isDisplayState(value: unknown): value is DisplayState {
  if (!isRecord(value) || typeof value.shopName !== 'string') return false
  if (typeof value.screen !== 'string' || !displayScreens.has(value.screen)) return false
  if (value.screen === 'idle') return true
  if (!isMoney(value.amount)) return false
  if (value.lines !== undefined && !isSaleLines(value.lines)) return false
  if (value.screen === 'declined') return value.mode === 'MPM' || value.mode === 'CPM'
  if (value.screen !== 'show-qr') return true
  return (
    typeof value.qrContent === 'string' &&
    value.qrContent.length > 0 &&
    typeof value.payMethodId === 'string' &&
    (value.expiresAt === null || Number.isFinite(value.expiresAt)) &&
    Number.isFinite(value.sentAt)
  )
}

const saleStatuses = new Set(['open', 'paying', 'paid', 'declined', 'needs-attention', 'abandoned'])
const attemptStatuses = new Set([
  'pending',
  'processing',
  'cancelling',
  'paid',
  'declined',
  'cancelled',
  'reversed',
  'needs-attention'
])

function isNullableString(value: unknown): boolean {
  return value === null || typeof value === 'string'
}

export function isAttemptView(value: unknown): value is AttemptView {
  return (
    isRecord(value) &&
    Number.isSafeInteger(value.attemptId) &&
    Number.isSafeInteger(value.saleId) &&
    typeof value.status === 'string' &&
    attemptStatuses.has(value.status) &&
    typeof value.merchantOrderNo === 'string' &&
    typeof value.payMethodId === 'string' &&
    isMoney(value.amount) &&
    isNullableString(value.authCodeLast4) &&
    isNullableString(value.reason) &&
    (value.why === null || isReason(value.why)) &&
    typeof value.updatedAt === 'number'
  )
}

export function isSaleView(value: unknown): value is SaleView {
  return (
    isRecord(value) &&
    Number.isSafeInteger(value.saleId) &&
    typeof value.status === 'string' &&
    saleStatuses.has(value.status) &&
    isMoney(value.amount) &&
    typeof value.updatedAt === 'number' &&
    Array.isArray(value.attempts) &&
    value.attempts.every(isAttemptView)
  )
}
