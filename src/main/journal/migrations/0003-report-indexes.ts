import type { Database } from 'better-sqlite3'

/**
 * Version 3: the indexes of the reports (end of day, reconciliation, CSV export) and the sales
 * history, so that none of them reads a whole table of a long-lived journal (issue 4,
 * Performance: a journal of 1,000,000 sales). Indexes only: no row changes, nothing rebuilt.
 *
 * - `sales_by_time`: the history page and the sales CSV, newest first or by date range.
 * - `sales_by_status_time`: the history page filtered by status (equality, then the time range,
 *   in time order, so a page of 50 reads 50 index entries).
 * - `attempts_by_status_time`: the paid attempts of a range (end of day, reconciliation) and the
 *   attempts needing attention.
 * - `refunds_by_time`: the refunds of a range (end of day, refunds CSV).
 *
 * Lookups by `merchant_order_no` already use the UNIQUE indexes of migrations 1 and 2. No
 * ANALYZE: statistics taken on a new, empty journal would mislead the planner once it grows; the
 * plans these queries need are the default ones (test/journal/migration-0003.test.ts checks them).
 */
export function up(db: Database): void {
  db.exec(`
    CREATE INDEX sales_by_time ON sales (created_at);
    CREATE INDEX sales_by_status_time ON sales (status, created_at);
    CREATE INDEX attempts_by_status_time ON attempts (status, created_at);
    CREATE INDEX refunds_by_time ON refunds (created_at);
  `)
}
