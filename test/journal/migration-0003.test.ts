import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../src/main/journal'
import * as queries from '../../src/main/reports/queries'

const reportIndexes = [
  'attempts_by_status_time',
  'refunds_by_time',
  'sales_by_status_time',
  'sales_by_time'
]

function indexNames(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    .all()
    .map((row) => row.name)
}

/** A version-2 journal: two sales, three attempts (one paid), a refund and their events. */
function versionTwo(): Database.Database {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  expect(migrate(db, 2)).toBe(2)
  db.exec(`
    INSERT INTO sales (id, amount_minor, currency, status, created_at, updated_at)
      VALUES (1, 1200, 'JPY', 'paid', 10, 20), (2, 999, 'USD', 'needs-attention', 30, 40);
    INSERT INTO attempts (id, sale_id, mode, merchant_order_no, pay_method_id, amount_minor,
        currency, auth_code_last4, status, created_at, updated_at, qr_content, expires_at)
      VALUES (1, 1, 'CPM', 'QT1', 'WeChatPay', 1200, 'JPY', '0051', 'declined', 11, 12, NULL, NULL),
             (2, 1, 'CPM', 'QT2', 'WeChatPay', 1200, 'JPY', '6789', 'paid', 13, 14, NULL, NULL),
             (3, 2, 'MPM', 'QT3', 'PayPay', 999, 'USD', NULL, 'needs-attention', 31, 39,
              'https://qr.example/3', 90);
    INSERT INTO refunds (id, sale_id, attempt_id, merchant_order_no, amount_minor, currency,
        reason, status, created_at, updated_at)
      VALUES (1, 1, 2, 'QR1', 200, 'JPY', '返品', 'refunded', 15, 16);
    INSERT INTO events (at, kind, sale_id, attempt_id, refund_id, detail)
      VALUES (11, 'attempt.created', 1, 1, NULL, '{}'), (15, 'refund.created', 1, 2, 1, '{}');
  `)
  return db
}

function dump(db: Database.Database): unknown[] {
  return ['sales', 'attempts', 'refunds', 'events', 'settings'].map((table) =>
    db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()
  )
}

/** Parameters for whichever of the named parameters a statement uses. */
function paramsFor(sql: string): Record<string, unknown> {
  const all: Record<string, unknown> = {
    from: 1_000,
    to: 2_000,
    status: 'paid',
    limit: 50,
    saleIds: '[1,2,3]',
    merchantOrderNo: 'QT2'
  }
  return Object.fromEntries(Object.entries(all).filter(([name]) => sql.includes(`@${name}`)))
}

function plan(db: Database.Database, sql: string): string[] {
  return db
    .prepare<Record<string, unknown>, { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all(paramsFor(sql))
    .map((row) => row.detail)
}

/** Fills a journal with a realistic mix, then lets SQLite take statistics as `optimize` would. */
function analysedJournal(): Database.Database {
  const db = new Database(':memory:')
  migrate(db)
  const statuses = ['paid', 'paid', 'paid', 'paid', 'declined', 'cancelled', 'needs-attention']
  db.transaction(() => {
    const sale = db.prepare(
      "INSERT INTO sales (id, amount_minor, currency, status, created_at, updated_at) VALUES (?, 500, 'JPY', ?, ?, ?)"
    )
    const attempt = db.prepare(
      `INSERT INTO attempts (id, sale_id, mode, merchant_order_no, pay_method_id, amount_minor,
         currency, status, created_at, updated_at)
       VALUES (?, ?, 'CPM', ?, ?, 500, 'JPY', ?, ?, ?)`
    )
    const refund = db.prepare(
      `INSERT INTO refunds (sale_id, attempt_id, merchant_order_no, amount_minor, currency, reason,
         status, created_at, updated_at)
       VALUES (?, ?, ?, 100, 'JPY', 'x', 'refunded', ?, ?)`
    )
    for (let id = 1; id <= 5_000; id += 1) {
      const status = statuses[id % statuses.length] as string
      const saleStatus = status === 'cancelled' ? 'abandoned' : status
      sale.run(id, saleStatus, id * 60_000, id * 60_000)
      attempt.run(id, id, `QT${id}`, id % 2 === 0 ? 'PayPay' : 'WeChatPay', status, id * 60_000, id)
      if (id % 20 === 0 && status === 'paid') refund.run(id, id, `QR${id}`, id * 60_000, id)
    }
  })()
  db.exec('ANALYZE')
  return db
}

describe('migration 3', () => {
  it('adds the report indexes and keeps every row of a version-2 journal', () => {
    const db = versionTwo()
    const before = dump(db)
    expect(indexNames(db)).not.toEqual(expect.arrayContaining(reportIndexes))

    expect(migrate(db, 3)).toBe(3)

    expect(indexNames(db)).toEqual(expect.arrayContaining(reportIndexes))
    expect(dump(db)).toEqual(before)
    expect(db.pragma('foreign_key_check')).toEqual([])
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.pragma('user_version', { simple: true })).toBe(3)
  })

  it('indexes the columns the reports filter on, in that order', () => {
    const db = versionTwo()
    migrate(db, 3)
    const columns = (index: string): string[] =>
      db
        .prepare<[], { name: string }>(
          `SELECT name FROM pragma_index_info('${index}') ORDER BY seqno`
        )
        .all()
        .map((row) => row.name)
    expect(columns('sales_by_time')).toEqual(['created_at'])
    expect(columns('sales_by_status_time')).toEqual(['status', 'created_at'])
    expect(columns('attempts_by_status_time')).toEqual(['status', 'created_at'])
    expect(columns('refunds_by_time')).toEqual(['created_at'])
  })

  it('rolls back to version 2 when it cannot finish', () => {
    const db = versionTwo()
    // An object in the way of one of the new names: the migration fails half way.
    db.exec('CREATE TABLE refunds_by_time (x INTEGER)')
    expect(() => migrate(db, 3)).toThrow(/refunds_by_time/)
    expect(db.pragma('user_version', { simple: true })).toBe(2)
    expect(indexNames(db)).not.toContain('sales_by_time')
  })
})

describe('the report and history queries use an index, never a scan of a whole table', () => {
  const named = Object.entries(queries)
  const journals: [string, () => Database.Database][] = [
    [
      'a new journal',
      () => {
        const db = new Database(':memory:')
        migrate(db)
        return db
      }
    ],
    ['an analysed journal of 5,000 sales', analysedJournal]
  ]

  for (const [label, open] of journals) {
    it(`on ${label}`, () => {
      const db = open()
      for (const [name, sql] of named) {
        const steps = plan(db, sql)
        const summary = `${name}: ${steps.join(' | ')}`
        // SCAN (with or without an index) reads every row of a table; only json_each's list of
        // ids may be scanned. SEARCH is a seek into an index.
        expect(summary, summary).not.toMatch(/\bSCAN (?!json_each)/)
        expect(summary, summary).toMatch(/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/)
      }
    })
  }

  it('pick the index each query was written for', () => {
    const db = analysedJournal()
    const first = (sql: string): string => plan(db, sql)[0] ?? ''
    expect(first(queries.attemptByOrderNoSql)).toMatch(/sqlite_autoindex_attempts_1/)
    expect(first(queries.paidByMethodSql)).toMatch(/attempts_by_status_time/)
    expect(first(queries.paidAttemptsSql)).toMatch(/attempts_by_status_time/)
    expect(first(queries.needsAttentionSql)).toMatch(/attempts_by_status_time/)
    expect(first(queries.refundedByMethodSql)).toMatch(/refunds_by_time/)
    expect(first(queries.refundsExportSql)).toMatch(/refunds_by_time/)
    // The sales CSV's day: paid sales found by their payment, the others by their opening.
    const salesExport = plan(db, queries.salesExportSql).join(' | ')
    expect(salesExport).toMatch(/attempts_by_status_time \(status=\? AND created_at>\? AND/)
    expect(salesExport).toMatch(/sales_by_time \(created_at>\? AND/)
    expect(first(queries.historyPageSql)).toMatch(/sales_by_status_time/)
    // The page comes out of the index in order: no sort of the whole range for 50 rows.
    expect(plan(db, queries.historyPageSql).join(' | ')).not.toMatch(/TEMP B-TREE/)
    expect(plan(db, queries.paidAttemptsSql).join(' | ')).not.toMatch(/TEMP B-TREE/)
  })
})
