/**
 * Money is an integer count of minor units plus an ISO 4217 currency (DESIGN.md "Decisions").
 * Decimal major units exist only at the gateway boundary (paycloud/API.md §9).
 */
export interface Money {
  readonly minor: number
  readonly currency: CurrencyCode
}

/** Digits after the decimal point, per ISO 4217. Only currencies a till can be configured for. */
export const currencyExponents = {
  JPY: 0,
  KRW: 0,
  USD: 2,
  EUR: 2,
  GBP: 2,
  CNY: 2,
  HKD: 2,
  SGD: 2,
  AUD: 2,
  THB: 2,
  MYR: 2,
  PHP: 2,
  TWD: 2
} as const satisfies Record<string, number>

export type CurrencyCode = keyof typeof currencyExponents

export const currencyCodes = Object.keys(currencyExponents) as CurrencyCode[]

export function isCurrencyCode(value: string): value is CurrencyCode {
  return Object.hasOwn(currencyExponents, value)
}

export function exponentOf(currency: CurrencyCode): number {
  return currencyExponents[currency]
}

/** The largest amount the till accepts in one sale, in minor units: keeps every value a safe integer. */
export const maxMinorAmount = 99_999_999_99

export function isValidMinor(minor: number): boolean {
  return Number.isSafeInteger(minor) && minor > 0 && minor <= maxMinorAmount
}

/** `1234` JPY → `"1234"`, `1234` USD → `"12.34"`, `5` USD → `"0.05"`. Exact: no floating point. */
export function toMajorString(money: Money): string {
  const exponent = exponentOf(money.currency)
  const digits = String(Math.abs(money.minor)).padStart(exponent + 1, '0')
  const sign = money.minor < 0 ? '-' : ''
  if (exponent === 0) return sign + digits
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`
}

/**
 * Parses a decimal major-unit amount (`"12.34"`, `12.3`, `"1200"`) into minor units.
 * Returns null when the text is not a plain decimal or has more fraction digits than the currency.
 */
export function fromMajor(value: string | number, currency: CurrencyCode): number | null {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim()
  if (text === null) return null
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text)
  if (!match) return null
  const [, sign = '', whole = '', fraction = ''] = match
  const exponent = exponentOf(currency)
  const significant = fraction.replace(/0+$/, '')
  if (significant.length > exponent) return null
  const minor = Number(whole + significant.padEnd(exponent, '0'))
  if (!Number.isSafeInteger(minor)) return null
  return sign === '-' ? -minor : minor
}

function numberToPlainString(value: number): string | null {
  if (!Number.isFinite(value)) return null
  const text = String(value)
  return /e/i.test(text) ? null : text
}
