import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import {
  latestVersion,
  migrate,
  openJournal,
  JournalUnavailableError
} from '../../src/main/journal'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()

describe('migration 1', () => {
  it('creates the schema from an empty database and records version 1', () => {
    const db = new Database(':memory:')
    expect(migrate(db, 1)).toBe(1)
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
      )
      .all()
      .map((row) => row.name)
    expect(tables).toEqual(['attempts', 'events', 'sales', 'settings'])
    expect(db.pragma('user_version', { simple: true })).toBe(1)
  })

  it('is idempotent: a second run changes nothing', () => {
    const db = new Database(':memory:')
    migrate(db)
    db.prepare(
      "INSERT INTO sales (amount_minor, currency, status, created_at, updated_at) VALUES (100, 'JPY', 'open', 1, 1)"
    ).run()
    expect(migrate(db)).toBe(latestVersion)
    expect(db.prepare('SELECT count(*) AS n FROM sales').get()).toEqual({ n: 1 })
  })

  it('refuses money rows that break the rules', () => {
    const db = new Database(':memory:')
    migrate(db)
    const insert = (amount: number, status: string): void => {
      db.prepare(
        'INSERT INTO sales (amount_minor, currency, status, created_at, updated_at) VALUES (?, ?, ?, 1, 1)'
      ).run(amount, 'JPY', status)
    }
    expect(() => insert(0, 'open')).toThrow(/CHECK/)
    expect(() => insert(100, 'refunded-twice')).toThrow(/CHECK/)
    expect(() => insert(1.5, 'open')).toThrow() // STRICT: an amount is an integer
  })

  it('keeps the event log append-only', () => {
    const db = new Database(':memory:')
    migrate(db)
    db.prepare("INSERT INTO events (at, kind, detail) VALUES (1, 'x', '{}')").run()
    expect(() => db.prepare("UPDATE events SET kind = 'y'").run()).toThrow(/append-only/)
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/)
  })

  it('refuses to open a journal written by a newer QR Till', () => {
    const file = join(tempDir(), 'journal.sqlite')
    const db = new Database(file)
    db.pragma(`user_version = ${latestVersion + 1}`)
    db.close()
    expect(() => openJournal(file)).toThrow(JournalUnavailableError)
    expect(() => openJournal(file)).toThrow(/newer than this QR Till/)
  })

  it('opens in WAL mode with FULL synchronous writes', () => {
    const file = join(tempDir(), 'journal.sqlite')
    openJournal(file).close()
    const db = new Database(file)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
  })
})
