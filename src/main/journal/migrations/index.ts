import type { Database } from 'better-sqlite3'
import { up as initial } from './0001-initial'
import { up as refundsAndCancel } from './0002-refunds-and-cancel'
import { up as reportIndexes } from './0003-report-indexes'
import { up as historyIndexes } from './0004-history-indexes'
import { up as saleLines } from './0005-sale-lines'
import { up as reasonCodes } from './0006-reason-codes'

export interface Migration {
  readonly version: number
  readonly name: string
  readonly up: (db: Database) => void
  /**
   * True when the migration rebuilds a table others refer to (SQLite cannot alter a CHECK):
   * `migrate()` then turns foreign keys off around it, since they cannot change inside a
   * transaction, and runs `PRAGMA foreign_key_check` before it commits.
   */
  readonly rebuildsTables?: boolean
}

/** In order; each one moves `user_version` from `version - 1` to `version`. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', up: initial },
  { version: 2, name: 'refunds and cancel', up: refundsAndCancel, rebuildsTables: true },
  { version: 3, name: 'report indexes', up: reportIndexes },
  { version: 4, name: 'history indexes', up: historyIndexes },
  { version: 5, name: 'sale lines', up: saleLines },
  { version: 6, name: 'reason codes', up: reasonCodes }
]

export const latestVersion = migrations.at(-1)?.version ?? 0

/**
 * Brings the database to `target` one migration at a time, each in its own transaction, so a
 * failure leaves the journal at the last good version.
 */
export function migrate(db: Database, target: number = latestVersion): number {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > latestVersion) {
    throw new Error(
      `The journal is at version ${current}, newer than this QR Till knows (${latestVersion}): ` +
        'install the newer QR Till that wrote it.'
    )
  }
  for (const migration of migrations) {
    if (migration.version <= current || migration.version > target) continue
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1
    if (migration.rebuildsTables === true && foreignKeys) db.pragma('foreign_keys = OFF')
    try {
      db.transaction(() => {
        migration.up(db)
        if (migration.rebuildsTables === true) {
          const broken = db.pragma('foreign_key_check') as unknown[]
          if (broken.length > 0) {
            throw new Error(
              `migration ${migration.version} would break ${broken.length} foreign key(s)`
            )
          }
        }
        db.pragma(`user_version = ${migration.version}`)
      })()
    } finally {
      if (migration.rebuildsTables === true && foreignKeys) db.pragma('foreign_keys = ON')
    }
  }
  return db.pragma('user_version', { simple: true }) as number
}
