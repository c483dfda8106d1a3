import type { Database } from 'better-sqlite3'

/**
 * Version 2: refunds (API.md §5.4, §5.6), the MPM fields of an attempt (`qrcode_url` and when
 * the order expires, §5.1) and the close in progress (§5.3: cancel, retried, never before 15 s).
 *
 * The attempts' status CHECK gains `cancelling`, `cancelled` and `reversed`. SQLite cannot alter
 * a CHECK, so the table is rebuilt the documented way (create the new table, copy, drop, rename,
 * recreate the indexes). `migrate()` runs this migration with foreign keys off, because `events`
 * refers to `attempts`, and runs `PRAGMA foreign_key_check` before it commits.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE attempts_v2 (
      id                   INTEGER PRIMARY KEY,
      sale_id              INTEGER NOT NULL REFERENCES sales (id),
      mode                 TEXT    NOT NULL CHECK (mode IN ('CPM', 'MPM')),
      merchant_order_no    TEXT    NOT NULL UNIQUE,
      pay_method_id        TEXT    NOT NULL,
      amount_minor         INTEGER NOT NULL CHECK (amount_minor > 0),
      currency             TEXT    NOT NULL,
      auth_code_hash       TEXT,
      auth_code_last4      TEXT,
      trans_no             TEXT,
      status               TEXT    NOT NULL CHECK (status IN
                             ('pending', 'processing', 'cancelling', 'paid', 'declined',
                              'cancelled', 'reversed', 'needs-attention')),
      gateway_status       INTEGER,
      reason               TEXT,
      created_at           INTEGER NOT NULL,
      updated_at           INTEGER NOT NULL,
      -- MPM: what the customer display renders as the QR, and when the order stops being payable.
      qr_content           TEXT,
      expires_at           INTEGER,
      -- Set when the till decided to close the order (cashier's cancel or the window ran out);
      -- a restart finishes the close instead of starting the window again.
      cancel_requested_at  INTEGER,
      -- Who wanted the close: the cashier (a late payment is then reversed or refunded), the
      -- window running out or an unclear start (a late payment is honoured).
      cancel_cause         TEXT    CHECK (cancel_cause IN ('cashier', 'timeout', 'unclear')),
      cancel_tries         INTEGER NOT NULL DEFAULT 0 CHECK (cancel_tries >= 0)
    ) STRICT;

    INSERT INTO attempts_v2 (id, sale_id, mode, merchant_order_no, pay_method_id, amount_minor,
        currency, auth_code_hash, auth_code_last4, trans_no, status, gateway_status, reason,
        created_at, updated_at)
      SELECT id, sale_id, mode, merchant_order_no, pay_method_id, amount_minor, currency,
        auth_code_hash, auth_code_last4, trans_no, status, gateway_status, reason, created_at,
        updated_at
      FROM attempts;

    DROP TABLE attempts;
    ALTER TABLE attempts_v2 RENAME TO attempts;
    CREATE INDEX attempts_by_sale ON attempts (sale_id);
    CREATE INDEX attempts_unfinished ON attempts (status)
      WHERE status IN ('pending', 'processing', 'cancelling', 'needs-attention');

    CREATE TABLE refunds (
      id                 INTEGER PRIMARY KEY,
      sale_id            INTEGER NOT NULL REFERENCES sales (id),
      -- The paid attempt the money goes back from (orig_merchant_order_no, §5.4).
      attempt_id         INTEGER NOT NULL REFERENCES attempts (id),
      -- A new number per refund; resending it is the safe retry of an unclear refund (§6.4).
      merchant_order_no  TEXT    NOT NULL UNIQUE,
      amount_minor       INTEGER NOT NULL CHECK (amount_minor > 0),
      currency           TEXT    NOT NULL CHECK (length(currency) = 3),
      reason             TEXT    NOT NULL,
      status             TEXT    NOT NULL CHECK (status IN
                           ('pending', 'processing', 'refunded', 'failed', 'needs-attention')),
      trans_no           TEXT,
      failure            TEXT,
      created_at         INTEGER NOT NULL,
      updated_at         INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX refunds_by_sale ON refunds (sale_id);
    CREATE INDEX refunds_unfinished ON refunds (status)
      WHERE status IN ('pending', 'processing', 'needs-attention');

    ALTER TABLE events ADD COLUMN refund_id INTEGER REFERENCES refunds (id);
    CREATE INDEX events_by_refund ON events (refund_id) WHERE refund_id IS NOT NULL;
  `)
}
