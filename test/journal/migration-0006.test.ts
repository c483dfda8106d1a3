import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate, openJournal } from '../../src/main/journal'
import { reasonText, type Reason } from '../../src/shared/order'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()

/** A version-5 journal: a declined attempt and a failed refund, with their English words only. */
function versionFive(): Database.Database {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  expect(migrate(db, 5)).toBe(5)
  db.exec(`
    INSERT INTO sales (id, amount_minor, currency, status, created_at, updated_at)
      VALUES (1, 1200, 'JPY', 'paid', 10, 20);
    INSERT INTO attempts (id, sale_id, mode, merchant_order_no, pay_method_id, amount_minor,
        currency, auth_code_last4, status, reason, created_at, updated_at)
      VALUES (1, 1, 'CPM', 'QT1', 'WeChatPay', 1200, 'JPY', '6789', 'declined',
        'Declined by the wallet: insufficient balance. Ask for another code or method.', 11, 12),
        (2, 1, 'CPM', 'QT2', 'WeChatPay', 1200, 'JPY', '6790', 'paid', NULL, 13, 14);
    INSERT INTO refunds (id, sale_id, attempt_id, merchant_order_no, amount_minor, currency,
        reason, status, failure, created_at, updated_at)
      VALUES (1, 1, 2, 'QR1', 200, 'JPY', 'broken cup', 'failed', 'The refund failed: nope.', 15, 16);
  `)
  return db
}

function dump(db: Database.Database): unknown[] {
  return ['sales', 'attempts', 'refunds', 'events', 'settings'].map((table) =>
    db
      .prepare(`SELECT * FROM ${table} ORDER BY rowid`)
      .all()
      .map((row) =>
        Object.fromEntries(
          Object.entries(row as Record<string, unknown>).filter(
            ([column]) => column !== 'reason_code' && column !== 'failure_code'
          )
        )
      )
  )
}

describe('migration 6', () => {
  it('adds empty reason codes and keeps every row and its English words', () => {
    const db = versionFive()
    const before = dump(db)
    expect(migrate(db, 6)).toBe(6)
    expect(dump(db)).toEqual(before)
    expect(db.prepare('SELECT reason_code FROM attempts ORDER BY id').all()).toEqual([
      { reason_code: null },
      { reason_code: null }
    ])
    expect(db.prepare('SELECT failure_code FROM refunds').all()).toEqual([{ failure_code: null }])
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('rolls back to version 5 when it cannot finish', () => {
    const db = versionFive()
    db.exec('ALTER TABLE refunds ADD COLUMN failure_code TEXT')
    expect(() => migrate(db, 6)).toThrow(/failure_code/)
    expect(db.pragma('user_version', { simple: true })).toBe(5)
    expect(db.prepare('SELECT * FROM attempts LIMIT 1').get()).not.toHaveProperty('reason_code')
  })

  it('keeps the English of an attempt journaled before version 6 until a new reason replaces it', () => {
    const path = join(tempDir(), 'journal.sqlite')
    const old = new Database(path)
    migrate(old, 5)
    old.exec(`
      INSERT INTO sales (id, amount_minor, currency, status, created_at, updated_at)
        VALUES (1, 1200, 'JPY', 'paying', 10, 20);
      INSERT INTO attempts (id, sale_id, mode, merchant_order_no, pay_method_id, amount_minor,
          currency, auth_code_last4, status, reason, created_at, updated_at)
        VALUES (1, 1, 'CPM', 'QT1', 'WeChatPay', 1200, 'JPY', '6789', 'processing',
          'Not confirmed yet: the customer is confirming in their wallet. QR Till is checking.',
          11, 12);
    `)
    old.close()
    const journal = openJournal(path)
    try {
      const kept = journal.updateAttempt(1, { status: 'cancelling', at: 30 }, 'paying')
      expect(kept.reason).toMatch(/^Not confirmed yet: the customer is confirming/)
      expect(kept.why).toBeNull()
      const replaced = journal.updateAttempt(
        1,
        { status: 'cancelled', reason: { code: 'cancelled', cause: 'cashier' }, at: 31 },
        'open'
      )
      expect(replaced.why).toEqual({ code: 'cancelled', cause: 'cashier' })
      expect(replaced.reason).toMatch(/^Cancelled: the order was closed/)
    } finally {
      journal.close()
    }
  })

  it('keeps a reason as data and as English, and reads a damaged code as none', () => {
    const path = join(tempDir(), 'journal.sqlite')
    const journal = openJournal(path)
    const sale = journal.createSale(1200, 'JPY', 100)
    const attempt = journal.createAttempt({
      saleId: sale.saleId,
      mode: 'CPM',
      merchantOrderNo: 'QT100',
      payMethodId: 'Alipay',
      authCode: '286123456789012345',
      at: 101
    })
    const why: Reason = { code: 'declined', wallet: '残高不足' }
    const updated = journal.updateAttempt(
      attempt.attemptId,
      { status: 'declined', reason: why, at: 102 },
      'declined'
    )
    expect(updated.why).toEqual(why)
    expect(updated.reason).toBe(reasonText(why))
    expect(updated.reason).toBe('Declined by the wallet: 残高不足. Ask for another code or method.')
    journal.close()

    const db = new Database(path)
    db.prepare('UPDATE attempts SET reason_code = \'{"code":"declined"}\'').run()
    db.close()
    const reopened = openJournal(path)
    try {
      const read = reopened.getAttempt(attempt.attemptId)
      expect(read?.why).toBeNull()
      expect(read?.reason).toBe(reasonText(why))
    } finally {
      reopened.close()
    }
  })
})
