import {
  exponentOf,
  fromMajor,
  isValidMinor,
  maxMinorAmount,
  type CurrencyCode,
  type Money
} from '../../../shared/money'

/**
 * The amount the cashier keys is text in major units, exactly as typed ("12.5" dollars, "1200"
 * yen). It becomes minor units only through `fromMajor`, so no floating point touches it.
 */

export type KeypadKey =
  '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '00' | '.' | 'backspace' | 'clear'

/** Separators people type or paste ("1,200", "1 200") that carry no value. */
const ignorable = /[\s,\u00a0\u202f]/g

/**
 * What was typed or pasted, in the characters the checks below know. A Japanese input method left
 * on commits full-width digits ("１２００", "１，２００"); NFKC makes them the half-width ones
 * they stand for, so they are taken instead of silently refused. Whatever is still not a digit
 * after that (kana, "￥", a minus) is refused as before.
 */
function typed(raw: string): string {
  return raw.normalize('NFKC').replace(ignorable, '')
}

/**
 * Normalises what the cashier typed into amount text, or returns null when the edit must be
 * refused: a character that is not a digit, a second decimal point, a decimal point in a currency
 * without minor units, more decimals than the currency has, or more than the till accepts.
 */
export function sanitizeAmountText(raw: string, currency: CurrencyCode): string | null {
  const text = typed(raw)
  if (text === '') return ''
  const exponent = exponentOf(currency)
  const pattern = exponent === 0 ? /^\d+$/ : new RegExp(`^\\d*(?:\\.\\d{0,${exponent}})?$`)
  if (!pattern.test(text)) return null
  const [whole = '', fraction] = text.split('.')
  const trimmedWhole = whole.replace(/^0+(?=\d)/, '')
  const normalised =
    fraction === undefined
      ? trimmedWhole
      : `${trimmedWhole === '' ? '0' : trimmedWhole}.${fraction}`
  const minor = fromMajor(withoutTrailingPoint(normalised), currency)
  if (minor === null || minor > maxMinorAmount) return null
  return normalised
}

/** The text after one keypad press; a press that would make the amount invalid changes nothing. */
export function applyKeypadKey(text: string, key: KeypadKey, currency: CurrencyCode): string {
  switch (key) {
    case 'clear':
      return ''
    case 'backspace':
      return text.slice(0, -1)
    default:
      return sanitizeAmountText(text + key, currency) ?? text
  }
}

/** The keys the keypad shows for a currency: no decimal point where there are no minor units. */
export function keypadKeys(currency: CurrencyCode): readonly KeypadKey[] {
  const digits: KeypadKey[] = ['7', '8', '9', '4', '5', '6', '1', '2', '3']
  return exponentOf(currency) === 0
    ? [...digits, '00', '0', 'backspace', 'clear']
    : [...digits, '00', '0', '.', 'backspace', 'clear']
}

export type AmountCheck =
  | { readonly ok: true; readonly amount: Money }
  | { readonly ok: false; readonly problem: 'empty' | 'zero' | 'too-large' | 'invalid' }

/** Whether the keyed text is an amount a sale can be opened for. */
export function checkAmount(text: string, currency: CurrencyCode): AmountCheck {
  const trimmed = withoutTrailingPoint(typed(text))
  if (trimmed === '') return { ok: false, problem: 'empty' }
  const minor = fromMajor(trimmed, currency)
  if (minor === null) return { ok: false, problem: 'invalid' }
  if (minor > maxMinorAmount) return { ok: false, problem: 'too-large' }
  if (!isValidMinor(minor)) return { ok: false, problem: 'zero' }
  return { ok: true, amount: { minor, currency } }
}

/** The amount to show while typing: what the text is worth so far, zero when empty. */
export function amountSoFar(text: string, currency: CurrencyCode): Money {
  const minor = fromMajor(withoutTrailingPoint(typed(text)) || '0', currency)
  return { minor: minor ?? 0, currency }
}

function withoutTrailingPoint(text: string): string {
  return text.endsWith('.') ? text.slice(0, -1) : text
}
