// The journal at scale (issue 4, Performance): a journal holding 1,000,000 sales, and the three
// reads a till makes of it, each beside a baseline measured in the same run on the same file:
//   - lookup by order number ("check now"), p99 target ≤ 1 ms; floor: the primary-key lookup
//   - a filtered history page of 50 with its attempts, p99 target ≤ 10 ms; baseline: the same
//     query with the report indexes switched off (NOT INDEXED)
//   - end of day over one day of 10,000 sales, target ≤ 100 ms; baseline: the same, NOT INDEXED
// Plus, for information, the sales CSV of one day and how long migration 3 takes on the full
// journal (it runs once, at the first start of the version that brings it).
//
// Honest about what it runs: the schema comes from the real migrations (every
// src/main/journal/migrations/NNNN-*.ts, in order, loaded with Node's type stripping) and the
// timed SQL is the very text of src/main/reports/queries.ts. The end-of-day set is run the way
// createReports runs it (the four statements in one read transaction). The fill writes rows
// directly in bulk, not through the Journal API, and without the event log, which no timed query
// reads.
//
//   node bench/journal-scale.mjs [sales] [--fresh]
//
// The filled journal is cached in the OS temp folder, keyed by the migrations' content and the
// sale count, so a re-run starts measuring at once; --fresh rebuilds it.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import Database from 'better-sqlite3'

// Type stripping loads the .ts files (on by default in Node 24; flagged in 22.12–22.17). The
// flags only quiet the notice that package.json has no "type"; re-run with them once.
const flags = ['--experimental-strip-types', '--disable-warning=MODULE_TYPELESS_PACKAGE_JSON']
if (!process.execArgv.includes(flags[1])) {
  const child = spawnSync(
    process.execPath,
    [...flags, '--disable-warning=ExperimentalWarning', ...process.argv.slice(1)],
    { stdio: 'inherit' }
  )
  process.exit(child.status ?? 1)
}

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const migrationsDir = join(root, 'src/main/journal/migrations')
const args = process.argv.slice(2)
const fresh = args.includes('--fresh')
const saleCount = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 1_000_000)
const perDay = 10_000
const batch = 10_000
const dayMs = 86_400_000
const start = Date.UTC(2026, 0, 1, 15, 0, 0) // 2026-01-02 00:00 in Tokyo
const days = Math.ceil(saleCount / perDay)

const say = (line = '') => process.stdout.write(`${line}\n`)

// ---------------------------------------------------------------------------------------------
// The real schema and the real queries.

const migrationFiles = readdirSync(migrationsDir)
  .filter((name) => /^\d{4}-.+\.ts$/.test(name))
  .sort()
const migrations = await Promise.all(
  migrationFiles.map(async (name) => ({
    version: Number(name.slice(0, 4)),
    name,
    up: (await import(pathToFileURL(join(migrationsDir, name)).href)).up
  }))
)
const reportIndexesVersion = 3
const queries = await import(pathToFileURL(join(root, 'src/main/reports/queries.ts')).href)
// The history screen's own SQL (`sales:history`), built per combination of filters.
const historyQueries = await import(
  pathToFileURL(join(root, 'src/main/reports/history-sql.ts')).href
)
// How the till's CSV export reads a long range: a day at a time (createReports.exportCsv).
const { inWindows } = await import(pathToFileURL(join(root, 'src/main/reports/windows.ts')).href)

const schemaKey = createHash('sha256')
  .update(migrationFiles.map((name) => readFileSync(join(migrationsDir, name), 'utf8')).join('\0'))
  .digest('hex')
  .slice(0, 12)
const latest = migrations.at(-1).version
const cacheFile = join(
  tmpdir(),
  `qr-till-bench-journal-v${latest}-${schemaKey}-${saleCount}.sqlite`
)

/** Runs the migrations from the current version up to `target`, each in a transaction. */
function migrateTo(db, target) {
  const current = db.pragma('user_version', { simple: true })
  for (const migration of migrations) {
    if (migration.version <= current || migration.version > target) continue
    db.transaction(() => {
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    })()
  }
}

// ---------------------------------------------------------------------------------------------
// The fill: a deterministic shop. 10,000 sales a day; 90 % paid (5 % of them after a declined
// try), 5 % declined, 4 % abandoned after a cancelled attempt, 1 % abandoned before a tender;
// 2 % of paid sales refunded (in part or whole, a few failed or pending); one sale in 5,000
// left needing attention. 95 % JPY, 5 % USD; six wallets; 70 % CPM.

function prng(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const methods = [
  'PayPay',
  'PayPay',
  'PayPay',
  'WeChatPay',
  'Alipay+',
  'RakutenPay',
  'DPay',
  'AuPay'
]
const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'

function orderNumber(prefix, at, random) {
  const stamp = new Date(at).toISOString().replace(/[-:T]/g, '').slice(0, 14)
  let tail = ''
  for (let i = 0; i < 8; i += 1) tail += alphabet[Math.floor(random() * alphabet.length)]
  return `${prefix}${stamp}${tail}`
}

function fill(file) {
  // Journals cached for an older schema are of no further use.
  for (const name of readdirSync(tmpdir())) {
    const stale = name.startsWith('qr-till-bench-journal-') && !name.startsWith(basename(file))
    if (stale && name.includes(`-${saleCount}.sqlite`))
      rmSync(join(tmpdir(), name), { force: true })
  }
  const temporary = `${file}.partial`
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
  rmSync(temporary, { force: true })
  const db = new Database(temporary)
  // A bulk load, not a till at work: no fsync, no rollback journal; WAL is set once it is done.
  db.pragma('journal_mode = OFF')
  db.pragma('synchronous = OFF')
  db.pragma('foreign_keys = OFF')
  db.pragma('cache_size = -200000')
  migrateTo(db, reportIndexesVersion - 1)

  const insertSale = db.prepare(
    `INSERT INTO sales (id, amount_minor, currency, status, cashier, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'cashier-1', ?, ?)`
  )
  const insertAttempt = db.prepare(
    `INSERT INTO attempts (id, sale_id, mode, merchant_order_no, pay_method_id, amount_minor,
       currency, auth_code_hash, auth_code_last4, trans_no, status, gateway_status, reason,
       created_at, updated_at, qr_content, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const insertRefund = db.prepare(
    `INSERT INTO refunds (sale_id, attempt_id, merchant_order_no, amount_minor, currency, reason,
       status, trans_no, failure, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const random = prng(20261126)
  let attemptId = 0
  const hash = 'a3'.repeat(32)
  const spacing = dayMs / perDay

  const attempt = (saleId, at, amount, currency, status, gatewayStatus, reason) => {
    attemptId += 1
    const cpm = random() < 0.7
    const orderNo = orderNumber('QT', at, random)
    insertAttempt.run(
      attemptId,
      saleId,
      cpm ? 'CPM' : 'MPM',
      orderNo,
      methods[Math.floor(random() * methods.length)],
      amount,
      currency,
      cpm ? hash : null,
      cpm ? String(1000 + Math.floor(random() * 9000)) : null,
      gatewayStatus === null ? null : `T${orderNo.slice(2)}`,
      status,
      gatewayStatus,
      reason,
      at,
      at + 4_000,
      cpm ? null : `https://qr.paycloud.example/${orderNo}`,
      cpm ? null : at + 300_000
    )
    return { id: attemptId, orderNo }
  }

  const writeBatch = db.transaction((first, last) => {
    for (let saleId = first; saleId <= last; saleId += 1) {
      const at = start + Math.floor((saleId - 1) * spacing)
      const usd = random() < 0.05
      const currency = usd ? 'USD' : 'JPY'
      const amount = usd ? 100 + Math.floor(random() * 20_000) : 100 + Math.floor(random() * 9_900)
      const roll = random()
      if (saleId % 5_000 === 0) {
        insertSale.run(saleId, amount, currency, 'needs-attention', at, at + 60_000)
        attempt(saleId, at, amount, currency, 'needs-attention', 0, 'No answer from the gateway.')
      } else if (roll < 0.9) {
        insertSale.run(saleId, amount, currency, 'paid', at, at + 5_000)
        if (random() < 0.05)
          attempt(saleId, at - 20_000, amount, currency, 'declined', 1, 'Declined.')
        const paid = attempt(saleId, at, amount, currency, 'paid', 2, null)
        if (random() < 0.02) {
          const whole = random() < 0.5
          const refundAt = at + Math.floor(random() * 3 * dayMs)
          const outcome = random()
          const status = outcome < 0.002 ? 'pending' : outcome < 0.012 ? 'failed' : 'refunded'
          const refundNo = orderNumber('QR', refundAt, random)
          insertRefund.run(
            saleId,
            paid.id,
            refundNo,
            whole ? amount : Math.max(1, Math.floor(amount / 3)),
            currency,
            whole ? '返品' : 'Partial refund: one item returned',
            status,
            status === 'refunded' ? `R${refundNo.slice(2)}` : null,
            status === 'failed' ? 'The merchant balance is too low.' : null,
            refundAt,
            refundAt + 2_000
          )
        }
      } else if (roll < 0.95) {
        insertSale.run(saleId, amount, currency, 'declined', at, at + 5_000)
        attempt(saleId, at, amount, currency, 'declined', 1, 'Insufficient balance.')
      } else if (roll < 0.99) {
        insertSale.run(saleId, amount, currency, 'abandoned', at, at + 80_000)
        attempt(saleId, at, amount, currency, 'cancelled', 1, 'Cancelled by the cashier.')
      } else {
        insertSale.run(saleId, amount, currency, 'abandoned', at, at + 30_000)
      }
    }
  })

  const began = performance.now()
  for (let first = 1; first <= saleCount; first += batch) {
    writeBatch(first, Math.min(saleCount, first + batch - 1))
    if ((first - 1) % 100_000 === 0) process.stdout.write('.')
  }
  const filled = performance.now() - began
  const migrationBegan = performance.now()
  migrateTo(db, latest)
  const migrated = performance.now() - migrationBegan
  db.pragma('journal_mode = WAL')
  db.close()
  renameSync(temporary, file)
  say()
  return { filled, migrated }
}

// ---------------------------------------------------------------------------------------------
// Timing.

function time(fn, runs, warmup = Math.min(50, Math.ceil(runs / 10))) {
  for (let i = 0; i < warmup; i += 1) fn(i)
  const times = new Array(runs)
  for (let i = 0; i < runs; i += 1) {
    const began = process.hrtime.bigint()
    fn(i)
    times[i] = Number(process.hrtime.bigint() - began) / 1e6
  }
  times.sort((a, b) => a - b)
  const at = (q) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]
  return { runs, p50: at(0.5), p99: at(0.99), max: times.at(-1) }
}

const ms = (value) =>
  value < 1 ? value.toFixed(3) : value < 100 ? value.toFixed(2) : value.toFixed(0)

/** The same SQL with the report indexes out of reach: each table read without an index. */
function notIndexed(sql) {
  return sql.replace(/\b(FROM|JOIN) (sales|attempts|refunds)( [a-z])?\b/g, '$1 $2$3 NOT INDEXED')
}

// ---------------------------------------------------------------------------------------------

say(`journal-scale: ${saleCount.toLocaleString('en')} sales over ${days} days, schema v${latest}`)
let built = null
if (fresh || !existsSync(cacheFile)) {
  process.stdout.write(`filling ${cacheFile} `)
  built = fill(cacheFile)
} else {
  say(`using the cached journal ${cacheFile} (--fresh to rebuild)`)
}

// Opened the way the till opens it (src/main/journal/journal.ts).
const db = new Database(cacheFile, { readonly: true })
db.pragma('synchronous = FULL')
db.pragma('foreign_keys = ON')
const count = (table) => db.prepare(`SELECT count(*) AS n FROM ${table}`).get().n
const rows = { sales: count('sales'), attempts: count('attempts'), refunds: count('refunds') }
const size = statSync(cacheFile).size / 1024 / 1024
say(
  `rows: ${rows.sales.toLocaleString('en')} sales, ${rows.attempts.toLocaleString('en')} attempts, ` +
    `${rows.refunds.toLocaleString('en')} refunds; ${size.toFixed(0)} MiB`
)
if (built !== null) {
  say(
    `fill ${(built.filled / 1000).toFixed(1)} s (batches of ${batch.toLocaleString('en')}); ` +
      `migration 3 (the report indexes) on the filled journal ${(built.migrated / 1000).toFixed(1)} s`
  )
}

const random = prng(7)
const pickDay = () => Math.floor(random() * days)
const dayRange = (day) => ({ from: start + day * dayMs, to: start + (day + 1) * dayMs })

// 1. Lookup by order number.
const lookupRuns = 20_000
const ids = Array.from({ length: lookupRuns }, () => 1 + Math.floor(random() * rows.attempts))
const byId = db.prepare('SELECT * FROM attempts WHERE id = ?')
const orderNos = ids.map((id) => byId.get(id).merchant_order_no)
const byOrderNo = db.prepare(queries.attemptByOrderNoSql)
const lookup = time((i) => byOrderNo.get({ merchantOrderNo: orderNos[i % lookupRuns] }), lookupRuns)
const lookupFloor = time((i) => byId.get(ids[i % lookupRuns]), lookupRuns)

// 2. A history page: one status, a week, newest first, 50 sales and their attempts.
const pageStatuses = ['paid', 'declined', 'abandoned']
const pageArgs = Array.from({ length: 2_000 }, () => {
  const day = pickDay()
  return {
    status: pageStatuses[Math.floor(random() * pageStatuses.length)],
    from: start + Math.max(0, day - 6) * dayMs,
    to: start + (day + 1) * dayMs,
    limit: 50
  }
})
function historyPage(pageSql, attemptsSql) {
  const page = db.prepare(pageSql)
  const attempts = db.prepare(attemptsSql)
  return (i) => {
    const sales = page.all(pageArgs[i % pageArgs.length])
    const saleIds = JSON.stringify(sales.map((sale) => sale.id))
    return { sales, attempts: attempts.all({ saleIds }) }
  }
}
const historyIndexed = historyPage(queries.historyPageSql, queries.attemptsOfSalesSql)
const sample = historyIndexed(0)
if (sample.sales.length !== 50 || sample.attempts.length < 50) {
  throw new Error(`the history page is not full: ${sample.sales.length} sales`)
}
const history = time(historyIndexed, pageArgs.length)
const historyBaseline = time(
  historyPage(notIndexed(queries.historyPageSql), queries.attemptsOfSalesSql),
  20,
  2
)

// 2b. The history screen's page (`sales:history`, src/main/reports/history-sql.ts): 50 sales with
// what the list shows, one more to know there is a next page. Three shapes: one status and a
// week (as above), the screen's default (no filter, newest first), and a search by a whole
// order number; and the page after a deep keyset cursor.
const shapeOf = (on) =>
  Object.fromEntries(
    ['from', 'to', 'status', 'method', 'currency', 'minMinor', 'maxMinor', 'orderNo', 'after'].map(
      (name) => [name, on.includes(name)]
    )
  )
const screenPage = {
  statusWeek: db.prepare(historyQueries.historySql(shapeOf(['status', 'from', 'to']))),
  newest: db.prepare(historyQueries.historySql(shapeOf([]))),
  orderNo: db.prepare(historyQueries.historySql(shapeOf(['orderNo']))),
  deep: db.prepare(historyQueries.historySql(shapeOf(['status', 'after'])))
}
const screenStatusWeek = time(
  (i) => screenPage.statusWeek.all({ ...pageArgs[i % pageArgs.length], limit: 51 }),
  pageArgs.length
)
const screenNewest = time(() => screenPage.newest.all({ limit: 51 }), 2_000)
const screenOrderNo = time(
  (i) =>
    screenPage.orderNo.all({
      orderNo: orderNos[i % lookupRuns],
      orderNoEnd: `${orderNos[i % lookupRuns]}~`,
      limit: 51
    }),
  lookupRuns
)
const screenDeep = time((i) => {
  const args = pageArgs[i % pageArgs.length]
  return screenPage.deep.all({ status: args.status, afterAt: args.to, afterId: 1e12, limit: 51 })
}, pageArgs.length)
if (screenPage.statusWeek.all({ ...pageArgs[0], limit: 51 }).length !== 51) {
  throw new Error('the history screen page is not full')
}

// 3. End of day over one day of 10,000 sales: the statements of createReports().endOfDay.
function endOfDay(sql) {
  const paid = db.prepare(sql(queries.paidByMethodSql))
  const refunded = db.prepare(sql(queries.refundedByMethodSql))
  const attention = db.prepare(sql(queries.needsAttentionSql))
  const refunds = db.prepare(sql(queries.openRefundsSql))
  return db.transaction((range) => ({
    paid: paid.all(range),
    refunded: refunded.all(range),
    attention: attention.all({ to: range.to }),
    refunds: refunds.all({ to: range.to })
  }))
}
const eodDays = Array.from({ length: 200 }, pickDay)
const eodIndexed = endOfDay((sql) => sql)
const eodSample = eodIndexed(dayRange(eodDays[0]))
const eodPaid = eodSample.paid.reduce((sum, row) => sum + row.count, 0)
const eod = time((i) => eodIndexed(dayRange(eodDays[i])), eodDays.length, 10)
const eodBaseline = time((i) => endOfDay(notIndexed)(dayRange(eodDays[i])), 10, 1)
const daySales = db
  .prepare('SELECT count(*) AS n FROM sales WHERE created_at >= @from AND created_at < @to')
  .get(dayRange(eodDays[0])).n

// 4. For information: the sales CSV query of one day (rows only, no CSV text).
const exportQuery = db.prepare(queries.salesExportSql)
const exportDay = time((i) => exportQuery.all(dayRange(eodDays[i % eodDays.length])), 50, 5)

// 5. A long export: the sales CSV's rows of `longDays` days, read the till's way (a day at a
// time, the event loop let go between days: inWindows from src/main/reports/windows.ts) beside
// one query over the whole range, as the export read before. What matters to a payment in
// flight is the longest the event loop is held: one read, during which nothing else runs.
const longDays = Math.min(30, days)
const longRange = { from: start, to: start + longDays * dayMs }
const oneQuery = (() => {
  const began = performance.now()
  const rows = exportQuery.all(longRange).length
  const took = performance.now() - began
  return { rows, total: took, held: took }
})()
const windowed = await (async () => {
  let held = 0
  const began = performance.now()
  const rows = await inWindows(longRange, (window) => {
    const readBegan = performance.now()
    const read = exportQuery.all(window)
    held = Math.max(held, performance.now() - readBegan)
    return read
  })
  return { rows: rows.length, total: performance.now() - began, held }
})()
if (windowed.rows !== oneQuery.rows) {
  throw new Error(`the windows read ${windowed.rows} rows, one query ${oneQuery.rows}`)
}

db.close()

const table = [
  ['measure', 'runs', 'p50 ms', 'p99 ms', 'target', 'baseline', 'runs', 'p50 ms', 'p99 ms'],
  [
    'lookup by order number',
    lookup.runs,
    ms(lookup.p50),
    ms(lookup.p99),
    'p99 ≤ 1',
    'primary-key lookup (floor)',
    lookupFloor.runs,
    ms(lookupFloor.p50),
    ms(lookupFloor.p99)
  ],
  [
    'history page of 50 + attempts',
    history.runs,
    ms(history.p50),
    ms(history.p99),
    'p99 ≤ 10',
    'same, NOT INDEXED',
    historyBaseline.runs,
    ms(historyBaseline.p50),
    ms(historyBaseline.p99)
  ],
  [
    `end of day (${daySales.toLocaleString('en')} sales)`,
    eod.runs,
    ms(eod.p50),
    ms(eod.p99),
    '≤ 100',
    'same, NOT INDEXED',
    eodBaseline.runs,
    ms(eodBaseline.p50),
    ms(eodBaseline.p99)
  ],
  [
    'sales:history, status + week',
    screenStatusWeek.runs,
    ms(screenStatusWeek.p50),
    ms(screenStatusWeek.p99),
    'p99 ≤ 10',
    '',
    '',
    '',
    ''
  ],
  [
    'sales:history, newest 50',
    screenNewest.runs,
    ms(screenNewest.p50),
    ms(screenNewest.p99),
    'p99 ≤ 10',
    '',
    '',
    '',
    ''
  ],
  [
    'sales:history, order number',
    screenOrderNo.runs,
    ms(screenOrderNo.p50),
    ms(screenOrderNo.p99),
    'p99 ≤ 10',
    '',
    '',
    '',
    ''
  ],
  [
    'sales:history, deep keyset page',
    screenDeep.runs,
    ms(screenDeep.p50),
    ms(screenDeep.p99),
    'p99 ≤ 10',
    '',
    '',
    '',
    ''
  ],
  [
    'sales CSV rows of a day',
    exportDay.runs,
    ms(exportDay.p50),
    ms(exportDay.p99),
    '-',
    '',
    '',
    '',
    ''
  ]
]
const widths = table[0].map((_, col) => Math.max(...table.map((row) => String(row[col]).length)))
say()
for (const row of table) {
  say(
    row
      .map((cell, col) =>
        col === 0 || col === 5
          ? String(cell).padEnd(widths[col])
          : String(cell).padStart(widths[col])
      )
      .join('  ')
  )
}
say()
say(
  `sales CSV rows of ${longDays} days (${oneQuery.rows.toLocaleString('en')} sales): ` +
    `a day at a time, the till's way: ${ms(windowed.total)} ms in all, the event loop held ` +
    `at most ${ms(windowed.held)} ms; baseline, one query: ${ms(oneQuery.total)} ms, ` +
    `all of it held`
)
say(
  `end of day sample: ${eodPaid.toLocaleString('en')} paid attempts in the day, ` +
    `${eodSample.attention.length} attempts needing attention, ${eodSample.refunds.length} open refunds`
)
const verdict = (ok) => (ok ? 'met' : 'MISSED')
const screenWorst = Math.max(
  screenStatusWeek.p99,
  screenNewest.p99,
  screenOrderNo.p99,
  screenDeep.p99
)
say(
  `targets: lookup ${verdict(lookup.p99 <= 1)}, history page ${verdict(history.p99 <= 10)}, ` +
    `sales:history pages ${verdict(screenWorst <= 10)}, ` +
    `end of day ${verdict(eod.p99 <= 100)} (p99 of ${eod.runs} days)`
)
