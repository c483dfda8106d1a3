import { spawn } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import Database from 'better-sqlite3'
import WebSocket from 'ws'
import type {
  CommandArgs,
  CommandChannel,
  CommandResult,
  EventChannel,
  Result
} from '../../src/shared/contract'
import type { SandboxOrder, SandboxRefund } from '../../src/sandbox/gateway'

/** The built web host: the crash test drives the real till service, as `npm start` runs it. */
export const webHostScript = join(__dirname, '..', '..', 'out', 'main', 'web.js')

// ── Seeded randomness ───────────────────────────────────────────────────────────────────────────

export interface Rng {
  /** In [0, 1). */
  next(): number
  /** An integer in [min, max]. */
  int(min: number, max: number): number
  chance(probability: number): boolean
  pick<T>(items: readonly T[]): T
  /** Picks a key by weight; keys with weight 0 are never picked. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K
  /** A new generator seeded from this one, so one seed fixes every lane's choices. */
  fork(): Rng
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)]
      if (item === undefined) throw new Error('pick from an empty list')
      return item
    },
    weighted: <K extends string>(weights: Readonly<Record<K, number>>): K => {
      const entries = (Object.entries(weights) as [K, number][]).filter(([, w]) => w > 0)
      const total = entries.reduce((sum, [, w]) => sum + w, 0)
      let roll = next() * total
      for (const [key, weight] of entries) {
        roll -= weight
        if (roll < 0) return key
      }
      const last = entries.at(-1)
      if (last === undefined) throw new Error('weighted pick with no positive weight')
      return last[0]
    },
    fork: () => createRng(Math.floor(next() * 4_294_967_296))
  }
  return rng
}

// ── The till as a child process ─────────────────────────────────────────────────────────────────

export interface TillFiles {
  readonly dataDir: string
  readonly sandboxStore: string
  readonly sandboxKeys: string
  readonly sandboxPort: number
}

export interface ReadyLine {
  readonly event: 'ready'
  readonly cashierUrl: string
  readonly customerUrl: string
  readonly origin: string
  readonly sandboxUrl: string | null
  readonly dataDir: string
  readonly pid: number
}

export interface RunningTill {
  readonly ready: ReadyLine
  readonly sandboxUrl: string
  /** From spawn to the ready line, in ms. */
  readonly startMs: number
  /** The last lines the till wrote (stdout and stderr), for a failure report. */
  output(): string
  /** True once the process has exited, however. */
  exited(): boolean
  /** True when it exited without being told to: the till crashed by itself. */
  exitedByItself(): boolean
  /** SIGKILL: no handler runs, nothing is flushed; resolves when the process is gone. */
  kill(): Promise<void>
  /** SIGTERM: the till's own clean shutdown. */
  stop(): Promise<void>
}

/**
 * A free loopback port for the sandbox's fixed port (wallet URLs must survive restarts), below
 * Linux's ephemeral range (32768+), so no outgoing connection of a parallel test takes it while
 * the till is down.
 */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000)
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer()
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
    })
    if (free) return port
  }
  throw new Error('no free port between 20000 and 32000')
}

/**
 * Starts `node out/main/web.js` on the data folder and the persistent sandbox, and resolves on its
 * ready line (an event, not a sleep).
 */
export async function startTill(files: TillFiles, timeoutMs = 20_000): Promise<RunningTill> {
  for (let tries = 1; ; tries++) {
    try {
      return await spawnTill(files, timeoutMs)
    } catch (error) {
      // The old process's sandbox port is normally free the moment it dies; if something else
      // holds it for a moment, try again rather than fail the run.
      if (tries >= 10 || !String(error).includes('EADDRINUSE')) throw error
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

async function spawnTill(files: TillFiles, timeoutMs: number): Promise<RunningTill> {
  const started = performance.now()
  const child = spawn(
    process.execPath,
    [
      webHostScript,
      '--data-dir',
      files.dataDir,
      '--json',
      '--sandbox-store',
      files.sandboxStore,
      '--sandbox-keys',
      files.sandboxKeys,
      '--sandbox-port',
      String(files.sandboxPort)
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, QR_TILL_LOG_LEVEL: 'warn' } }
  )
  let log = ''
  const remember = (text: string): void => {
    log = (log + text).slice(-20_000)
  }
  child.stderr.on('data', (chunk: Buffer) => remember(chunk.toString()))
  let hasExited = false
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      hasExited = true
      resolve()
    })
  )

  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the till did not start within ${timeoutMs} ms:\n${log}`))
    }, timeoutMs)
    createInterface({ input: child.stdout }).on('line', (line) => {
      remember(`${line}\n`)
      if (!line.startsWith('{')) return
      const parsed = JSON.parse(line) as ReadyLine
      if (parsed.event === 'ready') {
        clearTimeout(timer)
        resolve(parsed)
      }
    })
    void exit.then(() => {
      clearTimeout(timer)
      reject(new Error(`the till exited before it was ready (${child.exitCode}):\n${log}`))
    })
  })
  if (ready.sandboxUrl === null) throw new Error('expected the embedded sandbox gateway')
  const sandboxUrl = ready.sandboxUrl

  let signalled = false
  async function signal(name: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    if (hasExited) return
    signalled = true
    child.kill(name)
    await exit
  }
  return {
    ready,
    sandboxUrl,
    startMs: performance.now() - started,
    output: () => log,
    exited: () => hasExited,
    exitedByItself: () => hasExited && !signalled,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM')
  }
}

// ── The cashier's socket ────────────────────────────────────────────────────────────────────────

/** What became of a command: the till's answer, or nothing because the till died first. */
export type Answer<T> =
  { readonly kind: 'answered'; readonly result: Result<T> } | { readonly kind: 'lost' }

export type EventListener = (channel: EventChannel, payload: unknown) => void

export interface TillSocket {
  invoke<K extends CommandChannel>(
    channel: K,
    args: CommandArgs<K>
  ): Promise<Answer<CommandResult<K>>>
  /** Called right after a command's frame is written: where a kill "after send" fires. */
  afterSend(hook: ((channel: CommandChannel) => void) | null): void
  onEvent(listener: EventListener | null): void
  close(): void
}

/** Connects as the cashier screen does: `/ws?token=…` from the page URL's fragment, no Origin. */
export async function connectCashier(ready: ReadyLine): Promise<TillSocket> {
  const page = new URL(ready.cashierUrl)
  const token = new URLSearchParams(page.hash.slice(1)).get('token') ?? ''
  const url = `ws://${page.host}/ws?token=${encodeURIComponent(token)}`
  const ws = new WebSocket(url)
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  ws.on('error', () => undefined)

  let nextId = 1
  let afterSend: ((channel: CommandChannel) => void) | null = null
  let listener: EventListener | null = null
  const pending = new Map<number, (answer: Answer<unknown>) => void>()
  ws.on('message', (data: WebSocket.RawData) => {
    try {
      onMessage(data)
    } catch (error) {
      // A listener's bug must not stall the socket: every pending command would hang.
      process.stderr.write(`crash test: a socket message failed: ${String(error)}\n`)
    }
  })
  function onMessage(data: WebSocket.RawData): void {
    const message = JSON.parse(data.toString()) as
      | { kind: 'result'; id: number; result: Result<unknown> }
      | { kind: 'event'; channel: EventChannel; payload: unknown }
    if (message.kind === 'result') {
      pending.get(message.id)?.({ kind: 'answered', result: message.result })
      pending.delete(message.id)
    } else {
      listener?.(message.channel, message.payload)
    }
  }
  ws.on('close', () => {
    for (const resolve of pending.values()) resolve({ kind: 'lost' })
    pending.clear()
  })

  return {
    invoke<K extends CommandChannel>(
      channel: K,
      args: CommandArgs<K>
    ): Promise<Answer<CommandResult<K>>> {
      if (ws.readyState !== WebSocket.OPEN) return Promise.resolve({ kind: 'lost' })
      const id = nextId++
      const answer = new Promise<Answer<CommandResult<K>>>((resolve) =>
        pending.set(id, resolve as (answer: Answer<unknown>) => void)
      )
      ws.send(JSON.stringify({ id, channel, args }))
      afterSend?.(channel)
      return answer
    },
    afterSend: (hook) => {
      afterSend = hook
    },
    onEvent: (next) => {
      listener = next
    },
    close: () => ws.terminate()
  }
}

// ── The sandbox's own records ───────────────────────────────────────────────────────────────────

export interface GatewayRecords {
  readonly orders: ReadonlyMap<string, SandboxOrder>
  readonly refunds: ReadonlyMap<string, SandboxRefund>
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) })
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`)
  return (await response.json()) as T
}

/** Orders first, then refunds: what the gateway has, as its JSON endpoints say. */
export async function readGateway(sandboxUrl: string): Promise<GatewayRecords> {
  const orders = await getJson<SandboxOrder[]>(`${sandboxUrl}/sandbox/orders`)
  const refunds = await getJson<SandboxRefund[]>(`${sandboxUrl}/sandbox/refunds`)
  return {
    orders: new Map(orders.map((order) => [order.merchantOrderNo, order])),
    refunds: new Map(refunds.map((refund) => [refund.merchantOrderNo, refund]))
  }
}

/** The customer presses Pay on the wallet page of an MPM QR (a plain form POST, as a phone does). */
export async function walletPay(
  sandboxUrl: string,
  qrContent: string
): Promise<'accepted' | 'refused' | 'unreachable'> {
  const token = decodeURIComponent(new URL(qrContent).pathname.split('/').at(-1) ?? '')
  try {
    const response = await fetch(`${sandboxUrl}/wallet/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(5_000)
    })
    await response.arrayBuffer()
    return response.status < 400 ? 'accepted' : 'refused'
  } catch {
    return 'unreachable'
  }
}

// ── The journal, read as an auditor would ───────────────────────────────────────────────────────

export interface SaleRow {
  readonly id: number
  readonly amount_minor: number
  readonly status: string
}

export interface AttemptRow {
  readonly id: number
  readonly sale_id: number
  readonly mode: string
  readonly merchant_order_no: string
  readonly pay_method_id: string
  readonly amount_minor: number
  readonly status: string
  readonly gateway_status: number | null
  readonly created_at: number
}

export interface RefundRow {
  readonly id: number
  readonly sale_id: number
  readonly attempt_id: number
  readonly merchant_order_no: string
  readonly amount_minor: number
  readonly status: string
  /** The cashier's words, or the engine's own for a payment it gives back by itself. */
  readonly reason: string
}

export interface JournalSnapshot {
  readonly sales: ReadonlyMap<number, SaleRow>
  readonly attempts: readonly AttemptRow[]
  readonly refunds: readonly RefundRow[]
}

export const journalFile = (dataDir: string): string => join(dataDir, 'journal.sqlite')

/** Opens the journal read-only for one look; the till may be writing it meanwhile (WAL). */
export function withJournal<T>(dataDir: string, read: (db: Database.Database) => T): T | null {
  if (!existsSync(journalFile(dataDir))) return null
  const db = new Database(journalFile(dataDir), { readonly: true, fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    return read(db)
  } finally {
    db.close()
  }
}

function hasTable(db: Database.Database, name: string): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !==
    undefined
  )
}

export function readJournal(dataDir: string): JournalSnapshot {
  const snapshot = withJournal(dataDir, (db) =>
    db.transaction(() => ({
      sales: new Map(
        db
          .prepare<[], SaleRow>('SELECT id, amount_minor, status FROM sales')
          .all()
          .map((row) => [row.id, row])
      ),
      attempts: db
        .prepare<[], AttemptRow>(
          'SELECT id, sale_id, mode, merchant_order_no, pay_method_id, amount_minor, status, ' +
            'gateway_status, created_at FROM attempts ORDER BY id'
        )
        .all(),
      refunds: hasTable(db, 'refunds')
        ? db
            .prepare<[], RefundRow>(
              'SELECT id, sale_id, attempt_id, merchant_order_no, amount_minor, status, ' +
                'reason FROM refunds ORDER BY id'
            )
            .all()
        : []
    }))()
  )
  return snapshot ?? { sales: new Map(), attempts: [], refunds: [] }
}

/**
 * The newest `gateway.request` event for a gateway method (0 if none): the engine journals each
 * request just before it leaves, so a new one means that call is on its way now.
 */
export function lastRequestId(dataDir: string, method: string): number {
  return (
    withJournal(dataDir, (db) =>
      hasTable(db, 'events')
        ? (db
            .prepare<[string], { id: number | null }>(
              "SELECT max(id) AS id FROM events WHERE kind = 'gateway.request' AND " +
                "json_extract(detail, '$.method') = ?"
            )
            .get(method)?.id ?? 0)
        : 0
    ) ?? 0
  )
}

/** Sales in a given status, newest first (the lanes' targets for cancel and refund). */
export function salesInStatus(dataDir: string, status: string, limit = 50): SaleRow[] {
  return (
    withJournal(dataDir, (db) =>
      db
        .prepare<[string, number], SaleRow>(
          'SELECT id, amount_minor, status FROM sales WHERE status = ? ORDER BY id DESC LIMIT ?'
        )
        .all(status, limit)
    ) ?? []
  )
}

/** What a paid sale can still give back: paid less refunds not failed (journal view). */
export function refundableMinor(dataDir: string, saleId: number): number {
  return (
    withJournal(dataDir, (db) => {
      const paid = db
        .prepare<[number], { paid: number | null }>(
          "SELECT sum(amount_minor) AS paid FROM attempts WHERE sale_id = ? AND status = 'paid'"
        )
        .get(saleId)
      const refunded = hasTable(db, 'refunds')
        ? db
            .prepare<[number], { refunded: number | null }>(
              "SELECT sum(amount_minor) AS refunded FROM refunds WHERE sale_id = ? AND status != 'failed'"
            )
            .get(saleId)
        : undefined
      return (paid?.paid ?? 0) - (refunded?.refunded ?? 0)
    }) ?? 0
  )
}

// ── Secrets at rest ─────────────────────────────────────────────────────────────────────────────

/**
 * Every file of the data folder (journal, WAL, shm, settings, logs) scanned byte for byte for a
 * full customer code: each run of 10+ digits, and every window of it as long as a code.
 */
export function codesAtRest(
  dir: string,
  codes: ReadonlySet<string>,
  codeLength: number
): { file: string; codeLast4: string }[] {
  const found: { file: string; codeLast4: string }[] = []
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = join(entry.parentPath, entry.name)
    const text = readFileSync(file).toString('latin1')
    for (const match of text.matchAll(/\d{10,}/g)) {
      const run = match[0]
      for (let start = 0; start + codeLength <= run.length; start++) {
        const window = run.slice(start, start + codeLength)
        if (codes.has(window)) found.push({ file, codeLast4: window.slice(-4) })
      }
    }
  }
  return found
}
