import type { Database } from 'better-sqlite3'

/**
 * Version 1: sales, their payment attempts, the append-only event log, and settings.
 * Refunds arrive in a later migration with the refund flow (issue 4).
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE sales (
      id            INTEGER PRIMARY KEY,
      amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
      currency      TEXT    NOT NULL CHECK (length(currency) = 3),
      status        TEXT    NOT NULL CHECK (status IN
                      ('open', 'paying', 'paid', 'declined', 'needs-attention', 'abandoned')),
      cashier       TEXT,
      created_at    INTEGER NOT NULL,
      updated_at    INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE attempts (
      id                 INTEGER PRIMARY KEY,
      sale_id            INTEGER NOT NULL REFERENCES sales (id),
      mode               TEXT    NOT NULL CHECK (mode IN ('CPM', 'MPM')),
      merchant_order_no  TEXT    NOT NULL UNIQUE,
      pay_method_id      TEXT    NOT NULL,
      amount_minor       INTEGER NOT NULL CHECK (amount_minor > 0),
      currency           TEXT    NOT NULL,
      -- Never the code itself (DESIGN.md "Security is code"): a keyed hash to recognise a reused
      -- code, and the last four characters for the cashier.
      auth_code_hash     TEXT,
      auth_code_last4    TEXT,
      trans_no           TEXT,
      status             TEXT    NOT NULL CHECK (status IN
                           ('pending', 'processing', 'paid', 'declined', 'needs-attention')),
      gateway_status     INTEGER,
      reason             TEXT,
      created_at         INTEGER NOT NULL,
      updated_at         INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX attempts_by_sale ON attempts (sale_id);
    CREATE INDEX attempts_unfinished ON attempts (status)
      WHERE status IN ('pending', 'processing', 'needs-attention');

    CREATE TABLE events (
      id          INTEGER PRIMARY KEY,
      at          INTEGER NOT NULL,
      kind        TEXT    NOT NULL,
      sale_id     INTEGER REFERENCES sales (id),
      attempt_id  INTEGER REFERENCES attempts (id),
      detail      TEXT    NOT NULL CHECK (json_valid(detail))
    ) STRICT;
    CREATE INDEX events_by_attempt ON events (attempt_id);

    -- The event log is append-only: history is evidence.
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

    CREATE TABLE settings (
      key    TEXT PRIMARY KEY,
      value  TEXT NOT NULL
    ) STRICT;
  `)
}
