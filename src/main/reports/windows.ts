// No imports but types: bench/journal-scale.mjs loads this file with Node's type stripping.
import type { ReportRange } from './index'

/** How much of an export's range is read at once (`inWindows`). */
export const exportWindowMs = 24 * 60 * 60 * 1000

/**
 * `read` over `[from, to)` cut into `exportWindowMs` windows, what each returns joined in order,
 * with the event loop let go between windows, so a payment's reply or timer is handled within one
 * window's read (the export reads and writes a window's CSV lines in one go). Each export query
 * filters and sorts on the same time (the payment's, the sale's or the refund's), so consecutive
 * windows give the rows of one query over the whole range, in its order.
 * A window is its own read: a row that changes between two windows is read as it is when its
 * window comes, and one whose time moves later (a sale paid meanwhile) can be read in two windows:
 * the caller keeps one (createReports.exportCsv).
 */
export async function inWindows<Row>(
  range: ReportRange,
  read: (window: ReportRange) => Row[]
): Promise<Row[]> {
  const rows: Row[] = []
  for (let from = range.from; from < range.to; from += exportWindowMs) {
    if (from > range.from) await new Promise<void>((resolve) => setImmediate(resolve))
    for (const row of read({ from, to: Math.min(range.to, from + exportWindowMs) })) rows.push(row)
  }
  return rows
}
