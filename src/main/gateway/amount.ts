import { fromMajor, isCurrencyCode, type Money } from '../../shared/money'
import { RawJson, type RawValue } from './json'

/** The fields a PayCloud message may carry its amount in, in the order they are read. */
export type AmountField = 'order_amount' | 'trans_amount'

/**
 * The amount a gateway message states, as transmitted: a query reply's `data` (API.md §5.5,
 * §5.6), a submit reply's `data` (§5.2) or a notification (§7). Text, never a number from
 * `JSON.parse`: `1200.00000000000001` parses to exactly 1200. And always with its currency: 12.00
 * USD is 1200 minor units too (§9).
 */
export interface StatedAmount {
  /** The literal text of `field` (a JSON number's literal, or a string's content). */
  readonly amount: string | null
  /** `order_amount` when sent, else `trans_amount` when sent, else null. */
  readonly field: AmountField | null
  /** `price_currency` as sent; null when absent. */
  readonly currency: string | null
}

/**
 * Reads the stated amount from top-level fields as `scanTopLevel` returns them.
 *
 * `order_amount` is the amount of the order (§5.5), and of the refund in a refund (§5.4, §5.6);
 * `trans_amount` is read only when `order_amount` is not sent at all (the legacy field, §5.4, and
 * the only one a paid submit reply carries, §5.2). An `order_amount` that is sent but unreadable
 * is not replaced by `trans_amount`: it is what the gateway says, and it is not ours. A field is
 * "not sent" when absent, JSON `null` or "" (§2, §4.2 step 2 drop those before signing).
 */
export function statedAmountOf(fields: Readonly<Record<string, RawValue>>): StatedAmount {
  const orderAmount = sentText(fields['order_amount'])
  const transAmount = sentText(fields['trans_amount'])
  return {
    amount: orderAmount ?? transAmount,
    field: orderAmount !== null ? 'order_amount' : transAmount !== null ? 'trans_amount' : null,
    currency: sentText(fields['price_currency'])
  }
}

export interface AmountRule {
  /**
   * True where a missing amount leaves nothing to compare rather than a mismatch: a notification,
   * which only ever triggers a query (DESIGN.md "Polling is the truth"). Default false: a reading
   * that would mark money as paid or refunded needs its amount (DESIGN.md "Nothing is marked paid
   * without … a matching amount").
   */
  readonly allowMissing?: boolean
}

/**
 * Why `stated` is not `expected`, as one sentence for the event log, or null when it is.
 *
 * - Currency: `price_currency`, when sent, must be exactly `expected.currency` (ISO 4217 alpha-3,
 *   upper case, §9). Another code, one the till does not know, or another spelling is a
 *   mismatch. Not sent, the order's own currency is meant (§9: major units of the order's
 *   `price_currency`).
 * - Amount: decimal major units (§9) in plain decimal notation, the grammar of a JSON number
 *   without sign or exponent (`1200`, `12.30`, `1200.0`), as a number or as a string; at most
 *   as many significant fraction digits as the currency has (JPY none: `1200.5` is a mismatch,
 *   `1200.0` is ¥1,200). Anything else (`12,000`, `1e22`, ` 1200`, `-1200`, `0x4B0`, `true`,
 *   an object) is a mismatch: an amount the till cannot read is not one it can match.
 * - Missing amount: a mismatch unless `rule.allowMissing`.
 *
 * Never throws: a reply or notification may carry any text.
 */
export function amountMismatch(
  stated: StatedAmount,
  expected: Money,
  rule: AmountRule = {}
): string | null {
  const currency = stated.currency ?? expected.currency
  if (currency !== expected.currency) {
    return `The gateway states the currency ${shown(currency)}; the till expects ${expected.currency}.`
  }
  const field = stated.field ?? 'amount'
  if (stated.amount === null) {
    return rule.allowMissing === true ? null : 'The gateway states no amount to compare.'
  }
  const minor = plainDecimal.test(stated.amount)
    ? fromMajor(stated.amount, expected.currency)
    : null
  if (minor === null) {
    return `The ${field} ${shown(stated.amount)} is not a ${currency} amount.`
  }
  if (minor !== expected.minor) {
    return `The ${field} ${shown(stated.amount)} ${currency} is not the expected amount.`
  }
  return null
}

/**
 * The stated amount in minor units of the stated currency, for display only (a CLI, a log): null
 * without a currency the till knows or a readable amount. Never compare it alone, it forgets the
 * currency; use `amountMismatch`.
 */
export function statedMinor(stated: StatedAmount): number | null {
  if (stated.amount === null || stated.currency === null) return null
  if (!isCurrencyCode(stated.currency) || !plainDecimal.test(stated.amount)) return null
  return fromMajor(stated.amount, stated.currency)
}

/** A JSON number's grammar (RFC 8259 §6) without sign or exponent. */
const plainDecimal = /^(?:0|[1-9]\d*)(?:\.\d+)?$/

/** Longest text a reason quotes: whatever the gateway sent, the event log stays readable. */
const maxShown = 32

function shown(text: string): string {
  return JSON.stringify(text.length > maxShown ? `${text.slice(0, maxShown)}…` : text)
}

/** A field's text as transmitted (§4.2 step 3), or null when it was not sent. */
function sentText(value: RawValue | undefined): string | null {
  if (value === undefined || value === '') return null
  if (value instanceof RawJson) return value.text === 'null' ? null : value.text
  return value
}
