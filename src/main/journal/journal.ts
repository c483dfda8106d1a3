import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { chmodSync } from 'node:fs'
import Database from 'better-sqlite3'
import type { CurrencyCode } from '../../shared/money'
import type {
  AttemptStatus,
  AttemptView,
  PaymentMode,
  Reason,
  RefundStatus,
  RefundView,
  SaleLine,
  SaleStatus,
  SaleView
} from '../../shared/order'
import { decodeReason, encodeReason, reasonText, type CloseCause } from '../../shared/order/reasons'
import { createLogger } from '../log'
import { migrate } from './migrations'
import { toAttemptView, toRefundView, type AttemptViewRow, type RefundRow } from './rows'

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
  readonly reason?: Reason | null
  /** MPM: the QR content and when the order expires, once the gateway issued them (§5.1). */
  readonly qrContent?: string
  readonly expiresAt?: number
  /** The till decided to close the order (§5.3); kept so a restart finishes the close. */
  readonly cancelRequestedAt?: number
  readonly cancelCause?: CancelCause
  /** One more `order.revoker` was sent. */
  readonly cancelTried?: boolean
  readonly at: number
}

/** What the engine keeps about a close in progress; not part of the screens' AttemptView. */
export type CancelCause = CloseCause

export interface CloseState {
  readonly cancelRequestedAt: number | null
  readonly cancelCause: CancelCause | null
  readonly cancelTries: number
}

export interface NewRefund {
  readonly saleId: number
  readonly merchantOrderNo: string
  readonly amountMinor: number
  readonly currency: CurrencyCode
  readonly reason: string
  readonly at: number
}

export interface RefundUpdate {
  readonly status: RefundStatus
  readonly transNo?: string | null
  readonly failure?: Reason | null
  readonly at: number
}

/** A refund the journal will not record: more than is left to refund, another currency, unpaid. */
export class RefundRefusedError extends Error {
  override readonly name = 'RefundRefusedError'
}

export interface JournalEvent {
  readonly at: number
  readonly kind: string
  readonly saleId?: number
  readonly attemptId?: number
  readonly refundId?: number
  readonly detail: Readonly<Record<string, unknown>>
}

export interface Journal {
  /**
   * The database itself, for read-only queries (reports). Every write goes through the methods
   * below, which keep the event log and the money rows consistent.
   */
  readonly db: Database.Database
  /** A new open sale; its lines (if any) in the same transaction, in order. */
  createSale(
    amountMinor: number,
    currency: CurrencyCode,
    at: number,
    lines?: readonly SaleLine[]
  ): SaleView
  getSale(saleId: number): SaleView | undefined
  /**
   * The sale the cashier opened last, while the cashier still has it on screen: open (no tender
   * yet), paying, declined (try again or abandon) or needs-attention (the outcome is still being
   * settled). Undefined when that sale is paid or abandoned, or there is none: an older sale left
   * unfinished is not the cashier's any more, as it is not the customer display's.
   */
  currentSale(): SaleView | undefined
  setSaleStatus(saleId: number, status: SaleStatus, at: number): void
  /** Writes the attempt, marks the sale paying and logs it, in one durable transaction. */
  createAttempt(attempt: NewAttempt): AttemptView
  getAttempt(attemptId: number): AttemptView | undefined
  attemptByMerchantOrderNo(merchantOrderNo: string): AttemptView | undefined
  /** True when `candidate` is the auth code the attempt was made with (its keyed hash matches). */
  isAuthCodeOf(attemptId: number, candidate: string): boolean
  /** Updates the attempt and, in the same transaction, its sale's status. */
  updateAttempt(attemptId: number, update: AttemptUpdate, saleStatus: SaleStatus): AttemptView
  unfinishedAttempts(): AttemptView[]
  closeState(attemptId: number): CloseState
  /**
   * Writes a refund of the sale's paid attempt after checking, in the same transaction, that it
   * fits: same currency, and no more than paid less what is refunded or in flight. Throws
   * RefundRefusedError when it does not.
   */
  createRefund(refund: NewRefund): RefundView
  getRefund(refundId: number): RefundView | undefined
  refundByMerchantOrderNo(merchantOrderNo: string): RefundView | undefined
  updateRefund(refundId: number, update: RefundUpdate): RefundView
  unfinishedRefunds(): RefundView[]
  appendEvent(event: JournalEvent): void
  /**
   * Runs several of the writes above as one durable transaction: one fsync instead of one per
   * write (the CPM hot path: the attempt with its request event, the reply with the outcome).
   * Either all of them are in the journal or none is.
   */
  atomically<T>(run: () => T): T
  events(filter: {
    attemptId?: number
    saleId?: number
    refundId?: number
  }): (JournalEvent & { id: number })[]
  getSetting(key: string): string | undefined
  setSetting(key: string, value: string): void
  deleteSetting(key: string): void
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

interface AttemptRow extends AttemptViewRow {
  cancel_requested_at: number | null
  cancel_cause: CancelCause | null
  cancel_tries: number
}

interface EventRow {
  id: number
  at: number
  kind: string
  sale_id: number | null
  attempt_id: number | null
  refund_id: number | null
  detail: string
}

/** Sale statuses in which the cashier's screen still holds the sale (see Journal.currentSale). */
const unfinishedSaleStatuses = `('open', 'paying', 'declined', 'needs-attention')`

/** Refund statuses that count against what is left to refund: done, or possibly done. */
const countedRefundStatuses = `('pending', 'processing', 'refunded', 'needs-attention')`

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
    if (!options.readonly) {
      ownerOnly(file)
      db.pragma('journal_mode = WAL')
    }
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
    currentSale: db.prepare<[], SaleRow>(
      `SELECT * FROM sales WHERE id = (SELECT max(id) FROM sales)
         AND status IN ${unfinishedSaleStatuses}`
    ),
    setSaleStatus: db.prepare<[string, number, number]>(
      'UPDATE sales SET status = ?, updated_at = ? WHERE id = ?'
    ),
    touchSale: db.prepare<[number, number]>('UPDATE sales SET updated_at = ? WHERE id = ?'),
    insertAttempt: db.prepare(
      `INSERT INTO attempts (sale_id, mode, merchant_order_no, pay_method_id, amount_minor, currency,
         auth_code_hash, auth_code_last4, status, created_at, updated_at)
       VALUES (@saleId, @mode, @merchantOrderNo, @payMethodId, @amountMinor, @currency,
         @authCodeHash, @authCodeLast4, 'pending', @at, @at)`
    ),
    attempt: db.prepare<[number], AttemptRow>('SELECT * FROM attempts WHERE id = ?'),
    authCodeHash: db.prepare<[number], { hash: string | null }>(
      'SELECT auth_code_hash AS hash FROM attempts WHERE id = ?'
    ),
    attemptByOrderNo: db.prepare<[string], AttemptRow>(
      'SELECT * FROM attempts WHERE merchant_order_no = ?'
    ),
    insertLine: db.prepare<[number, number, string, number, number]>(
      `INSERT INTO sale_lines (sale_id, position, description, unit_price_minor, quantity)
       VALUES (?, ?, ?, ?, ?)`
    ),
    // A sale's lines, attempts and refunds: sorted by `inOrder`, not ORDER BY (see there).
    linesOfSale: db.prepare<
      [number],
      { position: number; description: string; unit_price_minor: number; quantity: number }
    >(
      `SELECT position, description, unit_price_minor, quantity FROM sale_lines
       WHERE sale_id = ?`
    ),
    attemptsOfSale: db.prepare<[number], AttemptRow>('SELECT * FROM attempts WHERE sale_id = ?'),
    updateAttempt: db.prepare(
      `UPDATE attempts SET status = @status, trans_no = coalesce(@transNo, trans_no),
         gateway_status = coalesce(@gatewayStatus, gateway_status), reason = @reason,
         reason_code = @reasonCode,
         qr_content = coalesce(@qrContent, qr_content), expires_at = coalesce(@expiresAt, expires_at),
         cancel_requested_at = coalesce(cancel_requested_at, @cancelRequestedAt),
         cancel_cause = coalesce(@cancelCause, cancel_cause),
         cancel_tries = cancel_tries + @cancelTried, updated_at = @at
       WHERE id = @id`
    ),
    unfinished: db.prepare<[], AttemptRow>(
      `SELECT * FROM attempts
       WHERE status IN ('pending', 'processing', 'cancelling', 'needs-attention')
       ORDER BY id`
    ),
    insertRefund: db.prepare(
      `INSERT INTO refunds (sale_id, attempt_id, merchant_order_no, amount_minor, currency, reason,
         status, created_at, updated_at)
       VALUES (@saleId, @attemptId, @merchantOrderNo, @amountMinor, @currency, @reason, 'pending',
         @at, @at)`
    ),
    refund: db.prepare<[number], RefundRow>('SELECT * FROM refunds WHERE id = ?'),
    refundByOrderNo: db.prepare<[string], RefundRow>(
      'SELECT * FROM refunds WHERE merchant_order_no = ?'
    ),
    refundsOfSale: db.prepare<[number], RefundRow>('SELECT * FROM refunds WHERE sale_id = ?'),
    refundedOfAttempt: db.prepare<[number], { total: number }>(
      `SELECT coalesce(sum(amount_minor), 0) AS total FROM refunds
       WHERE attempt_id = ? AND status IN ${countedRefundStatuses}`
    ),
    updateRefund: db.prepare(
      `UPDATE refunds SET status = @status, trans_no = coalesce(@transNo, trans_no),
         failure = @failure, failure_code = @failureCode, updated_at = @at
       WHERE id = @id`
    ),
    unfinishedRefunds: db.prepare<[], RefundRow>(
      `SELECT * FROM refunds WHERE status IN ('pending', 'processing', 'needs-attention')
       ORDER BY id`
    ),
    insertEvent: db.prepare(
      `INSERT INTO events (at, kind, sale_id, attempt_id, refund_id, detail)
       VALUES (@at, @kind, @saleId, @attemptId, @refundId, @detail)`
    ),
    eventsOfRefund: db.prepare<[number], EventRow>(
      'SELECT * FROM events WHERE refund_id = ? ORDER BY id'
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
    ),
    deleteSetting: db.prepare<[string]>('DELETE FROM settings WHERE key = ?')
  }

  // One transaction wrapper for every write: better-sqlite3 builds four wrappers per
  // `db.transaction(fn)` call, work the payment path would otherwise repeat for each write.
  const transaction = db.transaction((run: () => unknown) => run())

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
      return transaction(run) as T
    } catch (error) {
      if (error instanceof JournalUnavailableError || error instanceof RefundRefusedError)
        throw error
      log.error(`write failed: ${what}`, { error: message(error) })
      throw new JournalUnavailableError(
        `The order journal could not record ${what}: ${message(error)}`
      )
    }
  }

  const toAttempt = toAttemptView
  const toRefund = toRefundView

  function toSale(row: SaleRow): SaleView {
    const attempts = inOrder(statements.attemptsOfSale.all(row.id), byId).map(toAttempt)
    const refunds = inOrder(statements.refundsOfSale.all(row.id), byId).map(toRefund)
    const lines = inOrder(statements.linesOfSale.all(row.id), byPosition).map((line) => ({
      description: line.description,
      unitPriceMinor: line.unit_price_minor,
      quantity: line.quantity
    }))
    return {
      saleId: row.id,
      amount: { minor: row.amount_minor, currency: row.currency as CurrencyCode },
      lines,
      status: row.status,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      attempts,
      refunds,
      paidMinor: attempts
        .filter((attempt) => attempt.status === 'paid')
        .reduce((sum, attempt) => sum + attempt.amount.minor, 0),
      refundedMinor: refunds
        .filter((refund) => refund.status !== 'failed')
        .reduce((sum, refund) => sum + refund.amount.minor, 0)
    }
  }

  function getRefund(refundId: number): RefundView | undefined {
    const row = statements.refund.get(refundId)
    return row === undefined ? undefined : toRefund(row)
  }

  function insertEvent(event: JournalEvent): void {
    statements.insertEvent.run({
      at: event.at,
      kind: event.kind,
      saleId: event.saleId ?? null,
      attemptId: event.attemptId ?? null,
      refundId: event.refundId ?? null,
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
    db,
    createSale(amountMinor, currency, at, lines = []) {
      return write('the new sale', () => {
        const { lastInsertRowid } = statements.insertSale.run(amountMinor, currency, at, at)
        const saleId = Number(lastInsertRowid)
        lines.forEach((line, index) =>
          statements.insertLine.run(
            saleId,
            index + 1,
            line.description,
            line.unitPriceMinor,
            line.quantity
          )
        )
        insertEvent({
          at,
          kind: 'sale.opened',
          saleId,
          detail: { amountMinor, currency, ...(lines.length > 0 ? { lines: lines.length } : {}) }
        })
        return getSale(saleId) as SaleView
      })
    },
    getSale,
    currentSale() {
      const row = statements.currentSale.get()
      return row === undefined ? undefined : toSale(row)
    },
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
    isAuthCodeOf(attemptId, candidate) {
      const hash = statements.authCodeHash.get(attemptId)?.hash ?? null
      if (hash === null) return false
      const given = createHmac('sha256', authCodeKey).update(candidate).digest()
      const stored = Buffer.from(hash, 'hex')
      return stored.length === given.length && timingSafeEqual(stored, given)
    },
    attemptByMerchantOrderNo(merchantOrderNo) {
      const row = statements.attemptByOrderNo.get(merchantOrderNo)
      return row === undefined ? undefined : toAttempt(row)
    },
    updateAttempt(attemptId, update, saleStatus) {
      return write('the payment outcome', () => {
        const before = statements.attempt.get(attemptId)
        if (before === undefined) throw new Error(`no attempt ${attemptId}`)
        // No reason given keeps the one the attempt has, words and code as they were kept (a row
        // from before version 6 keeps its English); null clears it.
        const keep = update.reason === undefined
        const reasonWords = keep
          ? before.reason
          : update.reason === null
            ? null
            : reasonText(update.reason)
        const reasonCode = keep ? before.reason_code : encodeReason(update.reason ?? null)
        statements.updateAttempt.run({
          id: attemptId,
          status: update.status,
          transNo: update.transNo ?? null,
          gatewayStatus: update.gatewayStatus ?? null,
          reason: reasonWords,
          reasonCode,
          qrContent: update.qrContent ?? null,
          expiresAt: update.expiresAt ?? null,
          cancelRequestedAt: update.cancelRequestedAt ?? null,
          cancelCause: update.cancelCause ?? null,
          cancelTried: update.cancelTried === true ? 1 : 0,
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
            reason: reasonWords,
            why: keep ? decodeReason(reasonCode) : (update.reason ?? null)
          }
        })
        return getAttempt(attemptId) as AttemptView
      })
    },
    unfinishedAttempts() {
      return statements.unfinished.all().map(toAttempt)
    },
    closeState(attemptId) {
      const row = statements.attempt.get(attemptId)
      return {
        cancelRequestedAt: row?.cancel_requested_at ?? null,
        cancelCause: row?.cancel_cause ?? null,
        cancelTries: row?.cancel_tries ?? 0
      }
    },
    createRefund(refund) {
      return write('the refund', () => {
        const paid = inOrder(statements.attemptsOfSale.all(refund.saleId), byId).find(
          (attempt) => attempt.status === 'paid'
        )
        if (paid === undefined) {
          throw new RefundRefusedError('This sale has no paid payment to refund.')
        }
        if (paid.currency !== refund.currency) {
          throw new RefundRefusedError(
            `A refund must be in ${paid.currency}, the currency the customer paid in.`
          )
        }
        const taken = statements.refundedOfAttempt.get(paid.id)?.total ?? 0
        const left = paid.amount_minor - taken
        if (refund.amountMinor > left) {
          throw new RefundRefusedError(
            left === 0
              ? 'This sale is already refunded in full (including refunds still in progress).'
              : `At most ${left} (minor units) is left to refund on this sale.`
          )
        }
        const { lastInsertRowid } = statements.insertRefund.run({
          saleId: refund.saleId,
          attemptId: paid.id,
          merchantOrderNo: refund.merchantOrderNo,
          amountMinor: refund.amountMinor,
          currency: refund.currency,
          reason: refund.reason,
          at: refund.at
        })
        const refundId = Number(lastInsertRowid)
        insertEvent({
          at: refund.at,
          kind: 'refund.created',
          saleId: refund.saleId,
          attemptId: paid.id,
          refundId,
          detail: {
            merchantOrderNo: refund.merchantOrderNo,
            origMerchantOrderNo: paid.merchant_order_no,
            amountMinor: refund.amountMinor,
            currency: refund.currency,
            reason: refund.reason
          }
        })
        return getRefund(refundId) as RefundView
      })
    },
    getRefund,
    refundByMerchantOrderNo(merchantOrderNo) {
      const row = statements.refundByOrderNo.get(merchantOrderNo)
      return row === undefined ? undefined : toRefund(row)
    },
    updateRefund(refundId, update) {
      return write('the refund outcome', () => {
        const before = statements.refund.get(refundId)
        if (before === undefined) throw new Error(`no refund ${refundId}`)
        const failureWords =
          update.failure === undefined || update.failure === null
            ? null
            : reasonText(update.failure)
        statements.updateRefund.run({
          id: refundId,
          status: update.status,
          transNo: update.transNo ?? null,
          failure: failureWords,
          failureCode: encodeReason(update.failure ?? null),
          at: update.at
        })
        // The sale's updated_at moves so that screens and reports see the change.
        statements.touchSale.run(update.at, before.sale_id)
        insertEvent({
          at: update.at,
          kind: 'refund.status',
          saleId: before.sale_id,
          attemptId: before.attempt_id,
          refundId,
          detail: {
            from: before.status,
            to: update.status,
            failure: failureWords,
            why: update.failure ?? null
          }
        })
        return getRefund(refundId) as RefundView
      })
    },
    unfinishedRefunds() {
      return statements.unfinishedRefunds.all().map(toRefund)
    },
    appendEvent(event) {
      write(`the event ${event.kind}`, () => insertEvent(event))
    },
    atomically(run) {
      return write('several changes', run)
    },
    events(filter) {
      const rows =
        filter.refundId !== undefined
          ? statements.eventsOfRefund.all(filter.refundId)
          : filter.attemptId !== undefined
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
        ...(row.refund_id === null ? {} : { refundId: row.refund_id }),
        detail: JSON.parse(row.detail) as Record<string, unknown>
      }))
    },
    getSetting(key) {
      return statements.getSetting.get(key)?.value
    },
    setSetting(key, value) {
      write(`the setting ${key}`, () => statements.setSetting.run(key, value))
    },
    deleteSetting(key) {
      write(`the setting ${key}`, () => statements.deleteSetting.run(key))
    },
    close() {
      db.close()
    }
  }
}

/**
 * A sale's rows in the order they were written. Sorted here rather than with ORDER BY: a sale has
 * a handful of rows, and with better-sqlite3 13 an ORDER BY makes these lookups several times
 * slower even though the index already yields that order and no sort is planned (a sale's
 * attempts: about 16 µs against 4 µs) — and a CPM payment reads its sale three times.
 */
function inOrder<T>(rows: T[], compare: (a: T, b: T) => number): T[] {
  return rows.length < 2 ? rows : rows.sort(compare)
}

const byId = (a: { id: number }, b: { id: number }): number => a.id - b.id
const byPosition = (a: { position: number }, b: { position: number }): number =>
  a.position - b.position

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * The journal holds the sales and the manager PIN's hash: readable by the till's user alone,
 * whatever the folder it was created in. SQLite gives its -wal and -shm files the database's
 * permissions; ones left by an earlier version are set too. Where modes mean nothing (Windows,
 * some mounts) this changes nothing.
 */
function ownerOnly(file: string): void {
  if (file === ':memory:' || file === '') return
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(path, 0o600)
    } catch {
      // Not there yet (the -wal before WAL mode), or a file system without modes.
    }
  }
}
