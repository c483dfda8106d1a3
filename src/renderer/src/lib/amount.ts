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
  // A refund of "12,50" dollars must not become $1,250.00 (see commaNotThousands).
  if (commaNotThousands(raw)) return null
  return normalised(typed(raw), currency)
}

/** An edit of a field that takes digits: what it keeps, and what it left out. */
export interface DigitsEdit {
  /** The field's new text; null when the edit is refused as a whole and the field stays as it was. */
  readonly text: string | null
  /** The characters typed or pasted that the field does not take, as they were typed; '' if none. */
  readonly dropped: string
  /**
   * Why the edit was refused as a whole, when leaving a character out would change the value
   * rather than tidy it: a minus before the digits, a decimal point the field cannot take, or a
   * comma that is not a thousands separator.
   */
  readonly refused?: NotTaken
}

/** Why an edit was refused as a whole (`DigitsEdit.refused`). */
export type NotTaken = 'negative' | 'point' | 'comma'

/**
 * Signs that make the number after them negative (once NFKC made them half-width): the minus, the
 * dashes a paste brings, and ▲/△, which Japanese accounts write before a negative figure.
 */
const minusSign = /^[-\u2010-\u2015\u2212\u2796\ufe58\ufe63\u25b2\u25b3]$/

/**
 * Whether a minus comes before the first digit: "-500", "¥-500", "▲100". Left out, it would turn
 * an amount meant to be taken off (a discount line) into one charged. A dash after the digits is
 * how a Japanese receipt closes an amount ("¥1,200-"), and is only left out.
 */
export function negativeTyped(raw: string): boolean {
  for (const character of raw) {
    const half = typed(character)
    if (/\d/.test(half)) return false
    if (minusSign.test(half)) return true
  }
  return false
}

/**
 * Whether a comma in what was typed or pasted is not a thousands separator: one whose digits run
 * to the end or to a point and are not three ("12,50", "1,5", "1,2345"). Left out as a separator,
 * it would read a decimal comma as nothing, and $12,50 as $1,250. A comma typed last, with nothing
 * after it yet, is still a separator on its way ("1," of "1,200"): only the digits after it tell.
 * Digits followed by other characters ("1,2OO") are left to the characters' own message.
 */
export function commaNotThousands(raw: string): boolean {
  const text = raw.normalize('NFKC').replace(/[\s\u00a0\u202f]/g, '')
  return [...text.matchAll(/,(\d+)(?=$|\.)/g)].some((match) => match[1]?.length !== 3)
}

/** Whether a decimal point is among the characters left out. */
export function pointDropped(dropped: string): boolean {
  return [...dropped].some((character) => typed(character) === '.')
}

/**
 * Splits what was typed into the characters `takes` accepts (once NFKC made them half-width and
 * separators are gone) and the rest, kept as typed so the cashier is told "せん", not its NFKC form.
 * One character at a time, so a dropped one cannot change how its neighbours normalise.
 */
export function splitTyped(raw: string, takes: RegExp): { kept: string; dropped: string } {
  let kept = ''
  let dropped = ''
  for (const character of raw) {
    const half = typed(character)
    if (takes.test(half)) kept += half
    else dropped += character
  }
  return { kept, dropped }
}

/**
 * The cashier's amount field: characters that are never part of an amount (kana, letters, "￥")
 * are left out and named, so that "1,2OO" keeps "12" and says the "OO" went. A minus before the
 * digits, or a point the currency has not, refuses the edit instead (`refused`).
 */
export function editAmountText(raw: string, currency: CurrencyCode): DigitsEdit {
  const noMinorUnits = exponentOf(currency) === 0
  const { kept, dropped } = splitTyped(raw, noMinorUnits ? /^\d*$/ : /^[\d.]*$/)
  if (negativeTyped(raw)) return { text: null, dropped, refused: 'negative' }
  if (commaNotThousands(raw)) return { text: null, dropped, refused: 'comma' }
  // A decimal point the currency does not have refuses the whole edit: leaving the point out
  // would turn "1200.00" yen into 120000.
  if (pointDropped(dropped)) return { text: null, dropped, refused: 'point' }
  return { text: normalised(kept, currency), dropped }
}

/** At most this many dropped characters are named back: a long paste would drown the message. */
const namedDropped = 8

/** The dropped characters as a message names them: the first few, then an ellipsis. */
export function droppedShown(dropped: string): string {
  const characters = [...dropped]
  return characters.length <= namedDropped
    ? dropped
    : `${characters.slice(0, namedDropped).join('')}…`
}

function normalised(text: string, currency: CurrencyCode): string | null {
  if (text === '') return ''
  const exponent = exponentOf(currency)
  const pattern = exponent === 0 ? /^\d+$/ : new RegExp(`^\\d*(?:\\.\\d{0,${exponent}})?$`)
  if (!pattern.test(text)) return null
  const [whole = '', fraction] = text.split('.')
  const trimmedWhole = whole.replace(/^0+(?=\d)/, '')
  const result =
    fraction === undefined
      ? trimmedWhole
      : `${trimmedWhole === '' ? '0' : trimmedWhole}.${fraction}`
  const minor = fromMajor(withoutTrailingPoint(result), currency)
  if (minor === null || minor > maxMinorAmount) return null
  return result
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
