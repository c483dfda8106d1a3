import type { Database } from 'better-sqlite3'

/**
 * Version 5: the lines of a sale (issue 6: description, unit price, quantity), so the journal
 * keeps what a sale was for beside what it cost, and the customer display can show it. A new
 * table only: every sale written before has no lines and keeps its amount as it was. The CHECKs
 * repeat the contract's rules (contract/sales.ts) so that no code path can store a line that
 * breaks them; that the lines add up to the amount is checked before the write, in one place.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE sale_lines (
      sale_id          INTEGER NOT NULL REFERENCES sales (id),
      position         INTEGER NOT NULL CHECK (position >= 1),
      description      TEXT    NOT NULL CHECK (length(description) BETWEEN 1 AND 80),
      unit_price_minor INTEGER NOT NULL CHECK (typeof(unit_price_minor) = 'integer'
                                               AND unit_price_minor >= 0),
      quantity         INTEGER NOT NULL CHECK (typeof(quantity) = 'integer' AND quantity >= 1),
      PRIMARY KEY (sale_id, position)
    ) WITHOUT ROWID;
  `)
}
