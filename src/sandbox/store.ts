import Database from 'better-sqlite3'
import { z } from 'zod'
import { currencyCodes, type CurrencyCode } from '../shared/money'

/**
 * What the sandbox remembers: orders, refunds, notifications with their delivery attempts, the
 * payment codes already used (as hashes) and its serial counter. In memory by default; with a
 * file, every change is written through to SQLite so the sandbox survives its own restart (the
 * engine's crash tests stop it and start it again on the same file).
 */

const transStatus = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(9)])
const currency = z.enum(currencyCodes as [CurrencyCode, ...CurrencyCode[]])

const stepSchema = z.object({
  at: z.number(),
  transStatus,
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  cause: z.enum(['scenario', 'wallet', 'cancel'])
})

const orderSchema = z.object({
  merchantOrderNo: z.string(),
  transNo: z.string(),
  mode: z.enum(['CPM', 'MPM']),
  payMethodId: z.string(),
  priceCurrency: currency,
  orderAmountMinor: z.number().int(),
  storeNo: z.string().nullable(),
  description: z.string().nullable(),
  attach: z.string().nullable(),
  notifyUrl: z.string().nullable(),
  authCodeLast4: z.string().nullable(),
  scenario: z.string(),
  reply: z.string().nullable(),
  paidOnCancel: z.boolean(),
  walletToken: z.string().nullable(),
  createdAt: z.number(),
  expiresAt: z.number(),
  serial: z.string(),
  steps: z.array(stepSchema),
  notified: z.array(transStatus)
})

const refundSchema = z.object({
  merchantOrderNo: z.string(),
  transNo: z.string(),
  origMerchantOrderNo: z.string(),
  origTransNo: z.string(),
  priceCurrency: currency,
  refundAmountMinor: z.number().int(),
  description: z.string().nullable(),
  notifyUrl: z.string().nullable(),
  scenario: z.string(),
  createdAt: z.number(),
  serial: z.string(),
  steps: z.array(stepSchema),
  notified: z.array(transStatus)
})

const attemptSchema = z.object({
  at: z.number(),
  httpStatus: z.number().nullable(),
  bodyExcerpt: z.string().nullable(),
  error: z.string().nullable(),
  acknowledged: z.boolean()
})

const notificationSchema = z.object({
  id: z.string(),
  kind: z.enum(['payment', 'refund']),
  merchantOrderNo: z.string(),
  transNo: z.string(),
  transStatus,
  notifyUrl: z.string(),
  body: z.string(),
  createdAt: z.number(),
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.array(attemptSchema)
})

/** Records are mutable inside the sandbox and saved after every change. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] }
export type OrderRecord = Mutable<z.infer<typeof orderSchema>>
export type RefundRecord = Mutable<z.infer<typeof refundSchema>>
export type NotificationRecord = Mutable<z.infer<typeof notificationSchema>>
export type DeliveryAttempt = z.infer<typeof attemptSchema>

export interface StoredState {
  readonly orders: OrderRecord[]
  readonly refunds: RefundRecord[]
  readonly notifications: NotificationRecord[]
  readonly usedCodes: string[]
  readonly serial: number
}

export interface SandboxStore {
  load(): StoredState
  saveOrder(order: OrderRecord): void
  saveRefund(refund: RefundRecord): void
  saveNotification(notification: NotificationRecord): void
  saveUsedCode(hash: string): void
  saveSerial(serial: number): void
  close(): void
}

/** The default: the maps in the gateway core are the state; nothing to write. */
export function memoryStore(): SandboxStore {
  return {
    load: () => ({ orders: [], refunds: [], notifications: [], usedCodes: [], serial: 0 }),
    saveOrder: () => undefined,
    saveRefund: () => undefined,
    saveNotification: () => undefined,
    saveUsedCode: () => undefined,
    saveSerial: () => undefined,
    close: () => undefined
  }
}

const schemaVersion = 1

export function sqliteStore(file: string): SandboxStore {
  const db = new Database(file)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('busy_timeout = 5000')
    const version = db.pragma('user_version', { simple: true }) as number
    if (version > schemaVersion) {
      throw new Error(`${file} was written by a newer sandbox (schema ${version})`)
    }
    db.exec(`
      CREATE TABLE IF NOT EXISTS orders (
        merchant_order_no TEXT PRIMARY KEY,
        trans_no TEXT NOT NULL UNIQUE,
        record TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS refunds (
        merchant_order_no TEXT PRIMARY KEY,
        trans_no TEXT NOT NULL UNIQUE,
        orig_merchant_order_no TEXT NOT NULL,
        record TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS notifications (id TEXT PRIMARY KEY, record TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS used_codes (hash TEXT PRIMARY KEY);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `)
    db.pragma(`user_version = ${schemaVersion}`)
  } catch (error) {
    db.close()
    throw error
  }

  const putOrder = db.prepare(
    'INSERT OR REPLACE INTO orders (merchant_order_no, trans_no, record) VALUES (?, ?, ?)'
  )
  const putRefund = db.prepare(
    'INSERT OR REPLACE INTO refunds (merchant_order_no, trans_no, orig_merchant_order_no, record) ' +
      'VALUES (?, ?, ?, ?)'
  )
  const putNotification = db.prepare(
    'INSERT OR REPLACE INTO notifications (id, record) VALUES (?, ?)'
  )
  const putCode = db.prepare('INSERT OR IGNORE INTO used_codes (hash) VALUES (?)')
  const putMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)')

  function rows<T>(sql: string, schema: z.ZodType<T>): T[] {
    return (db.prepare(sql).all() as { record: string }[]).map((row) =>
      schema.parse(JSON.parse(row.record))
    )
  }

  return {
    load: () => {
      const serial = db.prepare("SELECT value FROM meta WHERE key = 'serial'").get() as
        { value: string } | undefined
      return {
        orders: rows('SELECT record FROM orders ORDER BY rowid', orderSchema),
        refunds: rows('SELECT record FROM refunds ORDER BY rowid', refundSchema),
        notifications: rows('SELECT record FROM notifications ORDER BY rowid', notificationSchema),
        usedCodes: (db.prepare('SELECT hash FROM used_codes').all() as { hash: string }[]).map(
          (row) => row.hash
        ),
        serial: serial === undefined ? 0 : Number(serial.value)
      }
    },
    saveOrder: (order) =>
      void putOrder.run(order.merchantOrderNo, order.transNo, JSON.stringify(order)),
    saveRefund: (refund) =>
      void putRefund.run(
        refund.merchantOrderNo,
        refund.transNo,
        refund.origMerchantOrderNo,
        JSON.stringify(refund)
      ),
    saveNotification: (notification) =>
      void putNotification.run(notification.id, JSON.stringify(notification)),
    saveUsedCode: (hash) => void putCode.run(hash),
    saveSerial: (serial) => void putMeta.run('serial', String(serial)),
    close: () => db.close()
  }
}
