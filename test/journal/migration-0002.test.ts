import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../src/main/journal'

/** A version-1 journal holding one sale, two attempts and their events. */
function versionOne(): Database.Database {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  expect(migrate(db, 1)).toBe(1)
  db.exec(`
    INSERT INTO sales (id, amount_minor, currency, status, created_at, updated_at)
      VALUES (1, 1200, 'JPY', 'paid', 10, 20);
    INSERT INTO attempts (id, sale_id, mode, merchant_order_no, pay_method_id, amount_minor,
        currency, auth_code_hash, auth_code_last4, trans_no, status, gateway_status, reason,
        created_at, updated_at)
      VALUES (1, 1, 'CPM', 'QT1', 'WeChatPay', 1200, 'JPY', 'h1', '0051', 'T1', 'declined', 1,
        'Insufficient balance', 11, 12),
             (2, 1, 'CPM', 'QT2', 'WeChatPay', 1200, 'JPY', 'h2', '6789', 'T2', 'paid', 2, NULL,
        13, 14);
    INSERT INTO events (at, kind, sale_id, attempt_id, detail)
      VALUES (11, 'attempt.created', 1, 1, '{}'), (14, 'attempt.status', 1, 2, '{"to":"paid"}');
  `)
  return db
}

describe('migration 2', () => {
  it('keeps every attempt and event, adds the new columns and the refunds table', () => {
    const db = versionOne()
    expect(migrate(db, 2)).toBe(2)

    const attempts = db.prepare('SELECT * FROM attempts ORDER BY id').all()
    expect(attempts).toEqual([
      expect.objectContaining({
        id: 1,
        merchant_order_no: 'QT1',
        status: 'declined',
        reason: 'Insufficient balance',
        auth_code_hash: 'h1',
        auth_code_last4: '0051',
        trans_no: 'T1',
        gateway_status: 1,
        created_at: 11,
        updated_at: 12,
        qr_content: null,
        expires_at: null,
        cancel_requested_at: null,
        cancel_tries: 0
      }),
      expect.objectContaining({ id: 2, merchant_order_no: 'QT2', status: 'paid', trans_no: 'T2' })
    ])
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 2 })
    expect(db.pragma('foreign_key_check')).toEqual([])
    // Foreign keys are back on after the rebuild.
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    const indexes = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name"
      )
      .all()
      .map((row) => row.name)
    expect(indexes).toEqual(
      expect.arrayContaining([
        'attempts_by_sale',
        'attempts_unfinished',
        'refunds_by_sale',
        'refunds_unfinished',
        'events_by_refund'
      ])
    )
  })

  it('allows the new attempt statuses and still refuses unknown ones', () => {
    const db = versionOne()
    migrate(db, 2)
    for (const status of ['cancelling', 'cancelled', 'reversed']) {
      db.prepare('UPDATE attempts SET status = ? WHERE id = 1').run(status)
    }
    expect(() => db.prepare("UPDATE attempts SET status = 'lost' WHERE id = 1").run()).toThrow(
      /CHECK/
    )
  })

  it('keeps the foreign keys of attempts to sales, and of refunds to attempts', () => {
    const db = versionOne()
    migrate(db, 2)
    expect(() =>
      db
        .prepare(
          `INSERT INTO attempts (sale_id, mode, merchant_order_no, pay_method_id, amount_minor,
             currency, status, created_at, updated_at)
           VALUES (99, 'CPM', 'QT9', 'WeChatPay', 1, 'JPY', 'pending', 1, 1)`
        )
        .run()
    ).toThrow(/FOREIGN KEY/)
    expect(() =>
      db
        .prepare(
          `INSERT INTO refunds (sale_id, attempt_id, merchant_order_no, amount_minor, currency,
             reason, status, created_at, updated_at)
           VALUES (1, 99, 'QR1', 100, 'JPY', 'x', 'pending', 1, 1)`
        )
        .run()
    ).toThrow(/FOREIGN KEY/)
  })

  it('checks refund rows: positive amount, a known status, one row per number', () => {
    const db = versionOne()
    migrate(db, 2)
    const insert = (no: string, amount: number, status: string): void => {
      db.prepare(
        `INSERT INTO refunds (sale_id, attempt_id, merchant_order_no, amount_minor, currency,
           reason, status, created_at, updated_at)
         VALUES (1, 2, ?, ?, 'JPY', 'returned goods', ?, 1, 1)`
      ).run(no, amount, status)
    }
    insert('QR1', 200, 'pending')
    expect(() => insert('QR1', 100, 'pending')).toThrow(/UNIQUE/)
    expect(() => insert('QR2', 0, 'pending')).toThrow(/CHECK/)
    expect(() => insert('QR3', 100, 'lost')).toThrow(/CHECK/)
    expect(() => insert('QR4', 1.5, 'pending')).toThrow()
    db.prepare(
      "INSERT INTO events (at, kind, sale_id, refund_id, detail) VALUES (1, 'refund.created', 1, 1, '{}')"
    ).run()
  })

  it('rolls back and leaves version 1 when the rebuild would break a reference', () => {
    const db = versionOne()
    // An event pointing at a sale that does not exist, written with the checks off.
    db.pragma('foreign_keys = OFF')
    db.prepare("INSERT INTO events (at, kind, sale_id, detail) VALUES (1, 'x', 77, '{}')").run()
    db.pragma('foreign_keys = ON')
    expect(() => migrate(db, 2)).toThrow(/foreign key/)
    expect(db.pragma('user_version', { simple: true })).toBe(1)
    expect(db.prepare('SELECT count(*) AS n FROM attempts').get()).toEqual({ n: 2 })
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
  })
})
