/**
 * CSV as RFC 4180 writes it, for Excel as cashiers open it: UTF-8 with a byte-order mark (without
 * it, Excel in Japan reads the file as Shift_JIS and the Japanese text is garbled), CRLF line
 * ends, and fields quoted only when they must be.
 */

/** A cell the till computed (an amount, a count, an id): written as is, never guarded. */
export interface NumericCell {
  readonly numeric: string
}

export type Cell = string | number | null | NumericCell

const byteOrderMark = '\uFEFF'

/**
 * Text that a spreadsheet would run as a formula (OWASP "CSV injection"): `=`, `+`, `-`, `@`, and
 * the tab and carriage return that some spreadsheets skip before them. Also their full-width
 * forms (`＝＋－＠`), which Excel in Japanese reads as the half-width signs, and any of these behind
 * leading spaces (half- or full-width) or line breaks, which a spreadsheet may trim first.
 */
const formulaStart = /^[\t\r]|^[ \u3000\t\r\n]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/

/** Makes a text cell inert: a leading apostrophe shows the text and stops the formula. */
export function guardFormula(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text
}

/** RFC 4180 §2.6–2.7: quote a field holding a quote, a comma or a line break; double quotes. */
export function quoteField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

function field(cell: Cell): string {
  if (cell === null) return ''
  if (typeof cell === 'number') return String(cell)
  if (typeof cell === 'object') return quoteField(cell.numeric)
  return quoteField(guardFormula(cell))
}

/** The whole file: the BOM, the header, then one CRLF-terminated line per row. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return csvFile(header, [csvLines(rows)])
}

/** Rows as CRLF-terminated lines: a part of a file that `csvFile` puts together. */
export function csvLines(rows: readonly (readonly Cell[])[]): string {
  return rows.map((row) => `${row.map(field).join(',')}\r\n`).join('')
}

/** The BOM, the header, then the parts `csvLines` made, in order. */
export function csvFile(header: readonly string[], parts: readonly string[]): string {
  return byteOrderMark + csvLines([header]) + parts.join('')
}
