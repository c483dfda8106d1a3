/**
 * AIM symbology identifiers (ISO/IEC 15424): the `]` flag, a code character naming the
 * symbology, and a modifier. HID-POS scanners send one with every code (pos-anchors.md §4.5).
 * The table follows the AIM code characters as BarcodeParser's aim.js reads them
 * (pos-anchors [aim-src]); Zebra's `]X` duplicates are mapped as that file documents them.
 */

/** The symbology names the till knows; `null` when the identifier names none we know. */
export type Symbology =
  | 'code39'
  | 'telepen'
  | 'code128'
  | 'gs1-128'
  | 'code1'
  | 'ean13'
  | 'ean8'
  | 'upca'
  | 'upce'
  | 'ean-upc'
  | 'codabar'
  | 'code93'
  | 'code11'
  | 'interleaved-2-of-5'
  | 'code16k'
  | 'pdf417'
  | 'msi'
  | 'anker'
  | 'codablock'
  | 'plessey'
  | 'straight-2-of-5'
  | 'qr'
  | 'micro-qr'
  | 'maxicode'
  | 'channel-code'
  | 'data-matrix'
  | 'gs1-databar'
  | 'han-xin'
  | 'aztec'
  | 'non-barcode'

/** One identifier as it arrives: exactly `]`, a letter, and a modifier character. */
export const aimPattern = /^\][A-Za-z][0-9A-Za-z]$/

const byCode: Readonly<Record<string, Symbology>> = {
  A: 'code39',
  B: 'telepen',
  C: 'code128',
  D: 'code1',
  E: 'ean-upc',
  F: 'codabar',
  G: 'code93',
  H: 'code11',
  I: 'interleaved-2-of-5',
  K: 'code16k',
  L: 'pdf417',
  M: 'msi',
  N: 'anker',
  O: 'codablock',
  P: 'plessey',
  Q: 'qr',
  R: 'straight-2-of-5',
  S: 'straight-2-of-5',
  U: 'maxicode',
  // Z: data that did not come from a symbol (typed at the scanner's keypad, a configuration
  // reply; the python_hon_usbhid recording in test/fixtures/hid ends with one).
  Z: 'non-barcode',
  c: 'channel-code',
  d: 'data-matrix',
  e: 'gs1-databar',
  h: 'han-xin',
  z: 'aztec'
}

/** Zebra (and Honeywell for `]X0`) reuse `]X` for symbologies AIM already names. */
const byXModifier: Readonly<Record<string, Symbology>> = {
  '0': 'ean13',
  '9': 'ean13',
  C: 'ean8',
  g: 'upca',
  k: 'upce',
  r: 'gs1-databar',
  s: 'gs1-databar',
  t: 'gs1-databar',
  V: 'pdf417',
  S: 'micro-qr'
}

/**
 * The symbology an AIM identifier names, given the decoded data (EAN/UPC variants differ only by
 * length). `null` for a malformed identifier or an unknown code character: the scan still counts,
 * its symbology is just not known.
 */
export function symbologyOf(aim: string | null, data: string): Symbology | null {
  if (aim === null || !aimPattern.test(aim)) return null
  const code = aim[1] as string
  const modifier = aim[2] as string
  if (code === 'C' && modifier === '1') return 'gs1-128'
  if (code === 'E') {
    if (modifier === '4') return 'ean8'
    if (data.length === 13) return 'ean13'
    if (data.length === 12) return 'upca'
    if (data.length === 8) return 'upce'
    return 'ean-upc'
  }
  if (code === 'X') return byXModifier[modifier] ?? null
  return byCode[code] ?? null
}
