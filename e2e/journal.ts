import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'

export interface AttemptRow {
  merchant_order_no: string
  mode: 'CPM' | 'MPM'
  pay_method_id: string
  status: string
  amount_minor: number
  currency: string
  auth_code_last4: string | null
  trans_no: string | null
  reason: string | null
  qr_content: string | null
}

/** Reads the till's journal the way an auditor would: straight from the SQLite file, read-only. */
export function readAttempts(dataDir: string): AttemptRow[] {
  const db = new Database(join(dataDir, 'journal.sqlite'), { readonly: true })
  try {
    return db.prepare<[], AttemptRow>('SELECT * FROM attempts ORDER BY id').all()
  } finally {
    db.close()
  }
}

/** True when `text` appears in any file of the data folder (journal, WAL, settings, logs). */
export function dataFolderContains(dataDir: string, text: string): boolean {
  const needle = Buffer.from(text)
  return readdirSync(dataDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .some((entry) => readFileSync(join(entry.parentPath, entry.name)).includes(needle))
}
