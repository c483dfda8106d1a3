import { createHmac, randomBytes } from 'node:crypto'
import Database from 'better-sqlite3'
import type { CurrencyCode } from '../../shared/money'
import type {
  AttemptStatus,
  AttemptView,
  PaymentMode,
  SaleStatus,
  SaleView
} from '../../shared/order'
import { createLogger } from '../log'
import { migrate } from './migrations'

const log = createLogger('journal')

/** The journal cannot be read or written: the till refuses new payments and loses nothing. */
export class JournalUnavailableError extends Error {
  override readonly name = 'JournalUnavailableError'
}

export interface NewAttempt {
  readonly saleId: number
  readonly mode: PaymentMode
  readonly merchantOrderNo: string
  readonly payMethodId: string
  readonly authCode: string | null
  readonly at: number
}

export interface AttemptUpdate {
  readonly status: AttemptStatus
  readonly transNo?: string | null
  readonly gatewayStatus?: number | null
  readonly reason?: string | null
  readonly at: number
}

export interface JournalEvent {
  readonly at: number
  readonly kind: string
  readonly saleId?: number
  readonly attemptId?: number
  readonly detail: Readonly<Record<string, unknown>>
}

export interface Journal {
  createSale(amountMinor: number, currency: CurrencyCode, at: number): SaleView
  getSale(saleId: number): SaleView | undefined
  setSaleStatus(saleId: number, status: SaleStatus, at: number): void
  /** Writes the attempt, marks the sale paying and logs it, in one durable transaction. */
  createAttempt(attempt: NewAttempt): AttemptView
  getAttempt(attemptId: number): AttemptView | undefined
  attemptByMerchantOrderNo(merchantOrderNo: string): AttemptView | undefined
  /** Updates the attempt and, in the same transaction, its sale's status. */
  updateAttempt(attemptId: number, update: AttemptUpdate, saleStatus: SaleStatus): AttemptView
  unfinishedAttempts(): AttemptView[]
  appendEvent(event: JournalEvent): void
  events(filter: { attemptId?: number; saleId?: number }): (JournalEvent & { id: number })[]
  getSetting(key: string): string | undefined
  setSetting(key: string, value: string): void
  close(): void
}

interface SaleRow {
  id: number
  amount_minor: number
  currency: string
  status: SaleStatus
  created_at: number
  updated_at: number
}

interface AttemptRow {
  id: number
  sale_id: number
  mode: PaymentMode
  merchant_order_no: string
  pay_method_id: string
  amount_minor: number
  currency: string
  auth_code_last4: string | null
  trans_no: string | null
  status: AttemptStatus
  reason: string | null
  created_at: number
  updated_at: number
}

interface EventRow {
  id: number
  at: number
  kind: string
  sale_id: number | null
  attempt_id: number | null
  detail: string
}

/**
 * Opens (creating if needed) the journal at `file`, or in memory for `:memory:`: WAL, FULL
 * synchronous writes (money rows survive a power cut), foreign keys, an integrity check, then
 * the migrations. `readonly` opens an existing journal for inspection (reports, diagnostics):
 * every write then fails as JournalUnavailableError.
 */
export function openJournal(file: string, options: { readonly?: boolean } = {}): Journal {
  let db: Database.Database
  try {
    db = new Database(file, { readonly: options.readonly ?? false })
    if (!options.readonly) db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    const check = db.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new Error(`integrity check failed: ${String(check)}`)
    migrate(db)
  } catch (error) {
    throw new JournalUnavailableError(
      `The order journal at ${file} cannot be opened: ${message(error)}`
    )
  }

  const statements = {
    insertSale: db.prepare<[number, string, number, number]>(
      `INSERT INTO sales (amount_minor, currency, status, created_at, updated_at)
       VALUES (?, ?, 'open', ?, ?)`
    ),
    sale: db.prepare<[number], SaleRow>('SELECT * FROM sales WHERE id = ?'),
    setSaleStatus: db.prepare<[string, number, number]>(
      'UPDATE sales SET status = ?, updated_at = ? WHERE id = ?'
    ),
    insertAttempt: db.prepare(
      `INSERT INTO attempts (sale_id, mode, merchant_order_no, pay_method_id, amount_minor, currency,
         auth_code_hash, auth_code_last4, status, created_at, updated_at)
       VALUES (@saleId, @mode, @merchantOrderNo, @payMethodId, @amountMinor, @currency,
         @authCodeHash, @authCodeLast4, 'pending', @at, @at)`
    ),
    attempt: db.prepare<[number], AttemptRow>('SELECT * FROM attempts WHERE id = ?'),
    attemptByOrderNo: db.prepare<[string], AttemptRow>(
      'SELECT * FROM attempts WHERE merchant_order_no = ?'
    ),
    attemptsOfSale: db.prepare<[number], AttemptRow>(
      'SELECT * FROM attempts WHERE sale_id = ? ORDER BY id'
    ),
    updateAttempt: db.prepare(
      `UPDATE attempts SET status = @status, trans_no = coalesce(@transNo, trans_no),
         gateway_status = coalesce(@gatewayStatus, gateway_status), reason = @reason,
         updated_at = @at
       WHERE id = @id`
    ),
    unfinished: db.prepare<[], AttemptRow>(
      `SELECT * FROM attempts WHERE status IN ('pending', 'processing', 'needs-attention')
       ORDER BY id`
    ),
    insertEvent: db.prepare(
      `INSERT INTO events (at, kind, sale_id, attempt_id, detail)
       VALUES (@at, @kind, @saleId, @attemptId, @detail)`
    ),
    eventsOfAttempt: db.prepare<[number], EventRow>(
      'SELECT * FROM events WHERE attempt_id = ? ORDER BY id'
    ),
    eventsOfSale: db.prepare<[number], EventRow>(
      'SELECT * FROM events WHERE sale_id = ? ORDER BY id'
    ),
    getSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
    setSetting: db.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
    )
  }

  const authCodeKey = write('the auth code key', loadOrCreateAuthCodeKey)

  function loadOrCreateAuthCodeKey(): string {
    const existing = statements.getSetting.get('journal.authCodeKey')?.value
    if (existing !== undefined) return existing
    const key = randomBytes(32).toString('hex')
    statements.setSetting.run('journal.authCodeKey', key)
    return key
  }

  /** Runs a write; any SQLite failure (disk full, read-only, corrupt) becomes JournalUnavailableError. */
  function write<T>(what: string, run: () => T): T {
    try {
      return db.transaction(run)()
    } catch (error) {
      if (error instanceof JournalUnavailableError) throw error
      log.error(`write failed: ${what}`, { error: message(error) })
      throw new JournalUnavailableError(
        `The order journal could not record ${what}: ${message(error)}`
      )
    }
  }

  function toAttempt(row: AttemptRow): AttemptView {
    return {
      attemptId: row.id,
      saleId: row.sale_id,
      mode: row.mode,
      merchantOrderNo: row.merchant_order_no,
      payMethodId: row.pay_method_id,
      amount: { minor: row.amount_minor, currency: row.currency as CurrencyCode },
      status: row.status,
      authCodeLast4: row.auth_code_last4,
      transNo: row.trans_no,
      reason: row.reason,
      createdAt: row.created_at,
      updatedAt: row.updated_at
    }
  }

  function toSale(row: SaleRow): SaleView {
    return {
      saleId: row.id,
      amount: { minor: row.amount_minor, currency: row.currency as CurrencyCode },
      status: row.status,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      attempts: statements.attemptsOfSale.all(row.id).map(toAttempt)
    }
  }

  function insertEvent(event: JournalEvent): void {
    statements.insertEvent.run({
      at: event.at,
      kind: event.kind,
      saleId: event.saleId ?? null,
      attemptId: event.attemptId ?? null,
      detail: JSON.stringify(event.detail)
    })
  }

  function getSale(saleId: number): SaleView | undefined {
    const row = statements.sale.get(saleId)
    return row === undefined ? undefined : toSale(row)
  }

  function getAttempt(attemptId: number): AttemptView | undefined {
    const row = statements.attempt.get(attemptId)
    return row === undefined ? undefined : toAttempt(row)
  }

  return {
    createSale(amountMinor, currency, at) {
      return write('the new sale', () => {
        const { lastInsertRowid } = statements.insertSale.run(amountMinor, currency, at, at)
        const saleId = Number(lastInsertRowid)
        insertEvent({ at, kind: 'sale.opened', saleId, detail: { amountMinor, currency } })
        return getSale(saleId) as SaleView
      })
    },
    getSale,
    setSaleStatus(saleId, status, at) {
      write('the sale status', () => {
        statements.setSaleStatus.run(status, at, saleId)
        insertEvent({ at, kind: 'sale.status', saleId, detail: { status } })
      })
    },
    createAttempt(attempt) {
      return write('the payment attempt', () => {
        const sale = statements.sale.get(attempt.saleId)
        if (sale === undefined) throw new Error(`no sale ${attempt.saleId}`)
        const code = attempt.authCode
        const { lastInsertRowid } = statements.insertAttempt.run({
          saleId: attempt.saleId,
          mode: attempt.mode,
          merchantOrderNo: attempt.merchantOrderNo,
          payMethodId: attempt.payMethodId,
          amountMinor: sale.amount_minor,
          currency: sale.currency,
          authCodeHash:
            code === null ? null : createHmac('sha256', authCodeKey).update(code).digest('hex'),
          authCodeLast4: code === null ? null : code.slice(-4),
          at: attempt.at
        })
        const attemptId = Number(lastInsertRowid)
        statements.setSaleStatus.run('paying', attempt.at, attempt.saleId)
        insertEvent({
          at: attempt.at,
          kind: 'attempt.created',
          saleId: attempt.saleId,
          attemptId,
          detail: {
            mode: attempt.mode,
            merchantOrderNo: attempt.merchantOrderNo,
            payMethodId: attempt.payMethodId
          }
        })
        return getAttempt(attemptId) as AttemptView
      })
    },
    getAttempt,
    attemptByMerchantOrderNo(merchantOrderNo) {
      const row = statements.attemptByOrderNo.get(merchantOrderNo)
      return row === undefined ? undefined : toAttempt(row)
    },
    updateAttempt(attemptId, update, saleStatus) {
      return write('the payment outcome', () => {
        const before = statements.attempt.get(attemptId)
        if (before === undefined) throw new Error(`no attempt ${attemptId}`)
        statements.updateAttempt.run({
          id: attemptId,
          status: update.status,
          transNo: update.transNo ?? null,
          gatewayStatus: update.gatewayStatus ?? null,
          reason: update.reason ?? null,
          at: update.at
        })
        statements.setSaleStatus.run(saleStatus, update.at, before.sale_id)
        insertEvent({
          at: update.at,
          kind: 'attempt.status',
          saleId: before.sale_id,
          attemptId,
          detail: {
            from: before.status,
            to: update.status,
            saleStatus,
            reason: update.reason ?? null
          }
        })
        return getAttempt(attemptId) as AttemptView
      })
    },
    unfinishedAttempts() {
      return statements.unfinished.all().map(toAttempt)
    },
    appendEvent(event) {
      write(`the event ${event.kind}`, () => insertEvent(event))
    },
    events(filter) {
      const rows =
        filter.attemptId !== undefined
          ? statements.eventsOfAttempt.all(filter.attemptId)
          : filter.saleId !== undefined
            ? statements.eventsOfSale.all(filter.saleId)
            : []
      return rows.map((row) => ({
        id: row.id,
        at: row.at,
        kind: row.kind,
        ...(row.sale_id === null ? {} : { saleId: row.sale_id }),
        ...(row.attempt_id === null ? {} : { attemptId: row.attempt_id }),
        detail: JSON.parse(row.detail) as Record<string, unknown>
      }))
    },
    getSetting(key) {
      return statements.getSetting.get(key)?.value
    },
    setSetting(key, value) {
      write(`the setting ${key}`, () => statements.setSetting.run(key, value))
    },
    close() {
      db.close()
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
