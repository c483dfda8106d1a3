import type { Database } from 'better-sqlite3'

/**
 * Version 4: the index of a sale's timeline (issue 6, the history screen's sale detail). Every
 * event the journal and the engine write names its sale, but only `attempt_id` and `refund_id`
 * were indexed, so reading one sale's events read the whole event log, which grows by several
 * rows per payment. Partial: events that name no sale (a notification for an order this till
 * never made) stay out of it. An index only: no row changes.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE INDEX events_by_sale ON events (sale_id) WHERE sale_id IS NOT NULL;
  `)
}
