import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate, openJournal } from '../../src/main/journal'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()

/** A version-4 journal: a paid sale with an attempt, an open sale, and their events. */
function versionFour(): Database.Database {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  expect(migrate(db, 4)).toBe(4)
  db.exec(`
    INSERT INTO sales (id, amount_minor, currency, status, created_at, updated_at)
      VALUES (1, 1200, 'JPY', 'paid', 10, 20), (2, 500, 'JPY', 'open', 30, 30);
    INSERT INTO attempts (id, sale_id, mode, merchant_order_no, pay_method_id, amount_minor,
        currency, auth_code_last4, status, created_at, updated_at)
      VALUES (1, 1, 'CPM', 'QT1', 'WeChatPay', 1200, 'JPY', '6789', 'paid', 11, 12);
    INSERT INTO events (at, kind, sale_id, attempt_id, refund_id, detail)
      VALUES (10, 'sale.opened', 1, NULL, NULL, '{}'), (30, 'sale.opened', 2, NULL, NULL, '{}');
  `)
  return db
}

function dump(db: Database.Database): unknown[] {
  return ['sales', 'attempts', 'refunds', 'events', 'settings'].map((table) =>
    db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()
  )
}

const insertLine = `INSERT INTO sale_lines (sale_id, position, description, unit_price_minor, quantity)
  VALUES (?, ?, ?, ?, ?)`

describe('migration 5', () => {
  it('adds an empty table of sale lines and keeps every row of a version-4 journal', () => {
    const db = versionFour()
    const before = dump(db)
    expect(migrate(db, 5)).toBe(5)
    expect(dump(db)).toEqual(before)
    expect(db.prepare('SELECT count(*) AS n FROM sale_lines').get()).toEqual({ n: 0 })
    expect(db.pragma('foreign_key_check')).toEqual([])
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('refuses a line that breaks the contract’s rules, whoever writes it', () => {
    const db = versionFour()
    migrate(db, 5)
    const insert = db.prepare(insertLine)
    insert.run(2, 1, 'Coffee', 250, 2)
    for (const [label, args] of [
      ['quantity 0', [2, 2, 'Tea', 100, 0]],
      ['a fractional price', [2, 2, 'Tea', 100.5, 1]],
      ['a negative price', [2, 2, 'Tea', -1, 1]],
      ['an empty description', [2, 2, '', 100, 1]],
      ['81 characters', [2, 2, 'x'.repeat(81), 100, 1]],
      ['no such sale', [99, 1, 'Tea', 100, 1]],
      ['the same position twice', [2, 1, 'Tea', 100, 1]]
    ] as const) {
      expect(() => insert.run(...args), label).toThrow()
    }
    expect(db.prepare('SELECT count(*) AS n FROM sale_lines').get()).toEqual({ n: 1 })
  })

  it('rolls back to version 4 when it cannot finish', () => {
    const db = versionFour()
    db.exec('CREATE TABLE sale_lines (x INTEGER)')
    expect(() => migrate(db, 5)).toThrow(/sale_lines/)
    expect(db.pragma('user_version', { simple: true })).toBe(4)
  })

  it('lets the journal keep a sale’s lines in order, and a sale without lines has none', () => {
    const journal = openJournal(join(tempDir(), 'journal.sqlite'))
    try {
      const lines = [
        { description: 'Flat white', unitPriceMinor: 450, quantity: 2 },
        { description: 'おにぎり', unitPriceMinor: 180, quantity: 1 }
      ]
      const sale = journal.createSale(1080, 'JPY', 100, lines)
      expect(sale.lines).toEqual(lines)
      expect(journal.getSale(sale.saleId)?.lines).toEqual(lines)
      expect(journal.createSale(500, 'JPY', 101).lines).toEqual([])
    } finally {
      journal.close()
    }
  })
})
