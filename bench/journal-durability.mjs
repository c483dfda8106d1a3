// What journal-first costs at the counter: one payment attempt written durably before the request
// leaves (DESIGN.md "Journal first"), with synchronous=FULL (what QR Till uses: survives a power
// cut) side by side with synchronous=NORMAL (the WAL default: may lose the last commits on power
// loss) and OFF (no fsync at all), in the same run, on the same disk.
//   node bench/journal-durability.mjs [attempts]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'

const attempts = Number(process.argv[2] ?? 500)
const dir = mkdtempSync(join(tmpdir(), 'qr-till-bench-'))

function run(mode) {
  const db = new Database(join(dir, `${mode}.sqlite`))
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${mode}`)
  db.exec(`CREATE TABLE attempts (id INTEGER PRIMARY KEY, merchant_order_no TEXT UNIQUE,
    amount_minor INTEGER, status TEXT, created_at INTEGER);
    CREATE TABLE events (id INTEGER PRIMARY KEY, at INTEGER, kind TEXT, detail TEXT)`)
  const insert = db.prepare(
    "INSERT INTO attempts (merchant_order_no, amount_minor, status, created_at) VALUES (?, ?, 'pending', ?)"
  )
  const event = db.prepare(
    "INSERT INTO events (at, kind, detail) VALUES (?, 'attempt.created', '{}')"
  )
  // One transaction per attempt, as the till commits them: each one is a separate durable write.
  const write = db.transaction((i) => {
    insert.run(`QT${i}`, 1200, Date.now())
    event.run(Date.now())
  })
  const times = []
  for (let i = 0; i < attempts; i += 1) {
    const start = process.hrtime.bigint()
    write(i)
    times.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  db.close()
  times.sort((a, b) => a - b)
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(3)
  return { mode, median: at(0.5), p95: at(0.95), p99: at(0.99), max: times.at(-1).toFixed(3) }
}

try {
  const rows = ['FULL', 'NORMAL', 'OFF'].map(run)
  console.log(`${attempts} attempt writes each (ms per attempt, WAL mode)`)
  console.log('synchronous  median     p95     p99     max')
  for (const r of rows) {
    console.log(
      `${r.mode.padEnd(11)} ${r.median.padStart(7)} ${r.p95.padStart(7)} ${r.p99.padStart(7)} ${r.max.padStart(7)}`
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
