import type { Database } from 'better-sqlite3'
import { up as initial } from './0001-initial'

export interface Migration {
  readonly version: number
  readonly name: string
  readonly up: (db: Database) => void
}

/** In order; each one moves `user_version` from `version - 1` to `version`. */
export const migrations: readonly Migration[] = [{ version: 1, name: 'initial', up: initial }]

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
    db.transaction(() => {
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    })()
  }
  return db.pragma('user_version', { simple: true }) as number
}
