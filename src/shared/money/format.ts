import { exponentOf, toMajorString, type CurrencyCode, type Money } from './index'

const formatters = new Map<string, Intl.NumberFormat>()

function formatterFor(locale: string, currency: CurrencyCode): Intl.NumberFormat {
  const key = `${locale}|${currency}`
  let formatter = formatters.get(key)
  if (!formatter) {
    const digits = exponentOf(currency)
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits
    })
    formatters.set(key, formatter)
  }
  return formatter
}

/**
 * `{ minor: 120000, currency: 'JPY' }` in `en` → "¥120,000"; `{ minor: 1234, currency: 'USD' }` →
 * "$12.34". The value goes to Intl as an exact decimal string, never as a float of minor / 100.
 */
export function formatMoney(money: Money, locale: string): string {
  const text = toMajorString(money) as Intl.StringNumericLiteral
  return formatterFor(locale, money.currency).format(text)
}
