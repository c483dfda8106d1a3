import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../src/main/journal'
import { timelineSql } from '../../src/main/reports/history-sql'

function indexNames(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    .all()
    .map((row) => row.name)
}

/** A version-3 journal: a paid sale with a refund, and events with and without a sale. */
function versionThree(): Database.Database {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  expect(migrate(db, 3)).toBe(3)
  db.exec(`
    INSERT INTO sales (id, amount_minor, currency, status, created_at, updated_at)
      VALUES (1, 1200, 'JPY', 'paid', 10, 20), (2, 500, 'JPY', 'open', 30, 30);
    INSERT INTO attempts (id, sale_id, mode, merchant_order_no, pay_method_id, amount_minor,
        currency, auth_code_last4, status, created_at, updated_at)
      VALUES (1, 1, 'CPM', 'QT1', 'WeChatPay', 1200, 'JPY', '6789', 'paid', 11, 12);
    INSERT INTO refunds (id, sale_id, attempt_id, merchant_order_no, amount_minor, currency,
        reason, status, created_at, updated_at)
      VALUES (1, 1, 1, 'QR1', 200, 'JPY', 'one item', 'refunded', 15, 16);
    INSERT INTO events (at, kind, sale_id, attempt_id, refund_id, detail)
      VALUES (10, 'sale.opened', 1, NULL, NULL, '{}'),
             (11, 'attempt.created', 1, 1, NULL, '{}'),
             (15, 'refund.created', 1, 1, 1, '{}'),
             (16, 'notification.received', NULL, NULL, NULL, '{"verdict":"unknown-order"}'),
             (30, 'sale.opened', 2, NULL, NULL, '{}');
  `)
  return db
}

function dump(db: Database.Database): unknown[] {
  return ['sales', 'attempts', 'refunds', 'events', 'settings'].map((table) =>
    db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()
  )
}

describe('migration 4', () => {
  it('adds the index of a sale’s events and keeps every row of a version-3 journal', () => {
    const db = versionThree()
    const before = dump(db)
    expect(indexNames(db)).not.toContain('events_by_sale')

    expect(migrate(db, 4)).toBe(4)

    expect(indexNames(db)).toContain('events_by_sale')
    expect(dump(db)).toEqual(before)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.pragma('user_version', { simple: true })).toBe(4)
  })

  it('the timeline reads one sale’s events through it, oldest first', () => {
    const db = versionThree()
    const scanBefore = db
      .prepare<{ saleId: number }, { detail: string }>(`EXPLAIN QUERY PLAN ${timelineSql}`)
      .all({ saleId: 1 })
      .map((row) => row.detail)
      .join(' | ')
    expect(scanBefore).toMatch(/\bSCAN events\b/)
    migrate(db, 4)
    const steps = db
      .prepare<{ saleId: number }, { detail: string }>(`EXPLAIN QUERY PLAN ${timelineSql}`)
      .all({ saleId: 1 })
      .map((row) => row.detail)
      .join(' | ')
    expect(steps).toMatch(/SEARCH events USING INDEX events_by_sale \(sale_id=\?\)/)
    const kinds = db
      .prepare<{ saleId: number }, { kind: string }>(timelineSql)
      .all({ saleId: 1 })
      .map((row) => row.kind)
    expect(kinds).toEqual(['sale.opened', 'attempt.created', 'refund.created'])
  })

  it('rolls back to version 3 when it cannot finish', () => {
    const db = versionThree()
    db.exec('CREATE TABLE events_by_sale (x INTEGER)')
    expect(() => migrate(db, 4)).toThrow(/events_by_sale/)
    expect(db.pragma('user_version', { simple: true })).toBe(3)
  })
})
