import type { Database } from 'better-sqlite3'

/**
 * Version 6: why an attempt or a refund is where it is, as data beside the English words
 * (src/shared/order/reasons.ts), so a Japanese screen says it in Japanese (issue 6 §3). Two
 * nullable columns: every row written before keeps its English words and reads back with no code,
 * which the screens show as they are.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE attempts ADD COLUMN reason_code TEXT;
    ALTER TABLE refunds ADD COLUMN failure_code TEXT;
  `)
}
