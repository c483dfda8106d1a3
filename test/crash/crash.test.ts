import { randomInt } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CommandArgs, CommandChannel, CommandResult } from '../../src/shared/contract'
import type { AttemptView, SaleView } from '../../src/shared/order'
import {
  codesAtRest,
  connectCashier,
  createRng,
  freePort,
  lastRequestId,
  readGateway,
  readJournal,
  refundableMinor,
  salesInStatus,
  startTill,
  walletPay,
  webHostScript,
  withJournal,
  type Answer,
  type Rng,
  type RunningTill,
  type TillFiles,
  type TillSocket
} from './harness'
import {
  finalAttemptStatuses,
  finalRefundStatuses,
  finalViolations,
  inFlight,
  safetyViolations,
  type Acknowledged
} from './invariants'

/**
 * The crash test (issue 4 §3): the built web host as a child process on a persistent sandbox,
 * a stream of cashier operations over its WebSocket, SIGKILL at seeded random points, restart on
 * the same files, and the journal checked against the sandbox's own records. See README.md here.
 */

const kills = envInt('CRASH_KILLS', 200)
const seed = envInt('CRASH_SEED', randomInt(1, 2 ** 31))
/** Every this many kills, and at the end: stop the workload, let recovery finish, check all. */
const settleEvery = envInt('CRASH_SETTLE_EVERY', 50)
/** The safety checks (journal first, refund bounds) after every this many restarts. */
const checkEvery = envInt('CRASH_CHECK_EVERY', Math.max(1, Math.floor(kills / 200)))
const lanes = 3
/** CRASH_VERBOSE=1: what is still in flight while the till settles. */
const verbose = process.env['CRASH_VERBOSE'] === '1'
const settleDeadlineMs = 90_000
const codeLength = 18
const currency = 'JPY'
/** The manager PIN every refund of the workload carries (issue 6). */
const managerPin = '8642'

function envInt(name: string, fallback: number): number {
  const text = process.env[name]
  if (text === undefined || text === '') return fallback
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be an integer`)
  return value
}

/**
 * Real time on purpose, never in place of an event: the workload's random think-times (when a
 * cashier or customer acts next, so kills land at varied points) and the settle loop's poll
 * interval (it reads the journal and the gateway of another process; no event says "settled").
 */
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

// ── The workload ────────────────────────────────────────────────────────────────────────────────

type OpKind = 'cpm' | 'mpm' | 'cancel' | 'refund' | 'latePay'

const opWeights: Readonly<Record<OpKind, number>> = {
  cpm: 40,
  mpm: 25,
  cancel: 10,
  refund: 20,
  latePay: 5
}

/** CPM scenarios by the end of the code (docs/sandbox.md); '' is an ordinary code: paid at once. */
const cpmScenarios = {
  instant: '',
  'customer-confirms 0061': '0061',
  'insufficient-balance 0051': '0051',
  'customer-declines 0063': '0063',
  'reply-system-error 0071': '0071',
  'reply-hold 0072': '0072',
  'reply-drop 0073': '0073',
  'paid-on-cancel 0074': '0074',
  'reply-bad-signature 0075': '0075',
  'reply-malformed 0076': '0076'
} as const
type CpmScenario = keyof typeof cpmScenarios
const cpmWeights: Readonly<Record<CpmScenario, number>> = {
  instant: 30,
  'customer-confirms 0061': 15,
  'insufficient-balance 0051': 10,
  'customer-declines 0063': 5,
  'reply-system-error 0071': 10,
  'reply-hold 0072': 2,
  'reply-drop 0073': 10,
  'paid-on-cancel 0074': 6,
  'reply-bad-signature 0075': 6,
  'reply-malformed 0076': 6
}

/** MPM scenarios by the last three digits of the amount; 'wallet' waits for the wallet page. */
const mpmScenarios = {
  wallet: null,
  'mpm-paid 060': 60,
  'mpm-declined 054': 54,
  'mpm-customer-confirms 061': 61,
  'mpm-paid-on-cancel 074': 74,
  'mpm-reply-drop 073': 73
} as const
type MpmScenario = keyof typeof mpmScenarios
const mpmWeights: Readonly<Record<MpmScenario, number>> = {
  wallet: 55,
  'mpm-paid 060': 12,
  'mpm-declined 054': 10,
  'mpm-customer-confirms 061': 10,
  'mpm-paid-on-cancel 074': 6,
  'mpm-reply-drop 073': 7
}

/** Wallets that reverse a paid cancel (Alipay+) and ones that refuse and need a refund. */
const cpmMethods = ['WeChatPay', 'Alipay+', 'PayPay'] as const
const mpmMethods = ['WeChatPay', 'Alipay+', 'PayPay'] as const

/** A realistic code for the wallet, `codeLength` digits, ending with the scenario's suffix. */
function makeCode(rng: Rng, method: string, suffix: string): string {
  const prefix = method === 'WeChatPay' ? `1${rng.int(0, 5)}` : method === 'Alipay+' ? '28' : '9'
  // An ordinary code must match no scenario: its last four digits start with 1-9.
  const tail = suffix === '' ? String(rng.int(1000, 9999)) : suffix
  let middle = ''
  while (prefix.length + middle.length + tail.length < codeLength) middle += String(rng.int(0, 9))
  return prefix + middle + tail
}

// ── Kill plans ──────────────────────────────────────────────────────────────────────────────────

type KillPlan =
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'after-send'; readonly channel: CommandChannel; readonly delayMs: number }
  | { readonly kind: 'on-pending' }
  | { readonly kind: 'after-wallet-pay'; readonly delayMs: number }
  | { readonly kind: 'during-recovery'; readonly ms: number }
  | { readonly kind: 'on-request'; readonly method: GatewayCall; readonly delayMs: number }

/**
 * Gateway calls the engine makes on its own, long after the cashier's command (a close 15 s
 * after the cancel, a refund resent or queried on recovery): no frame of the socket marks them,
 * so the kill watches the journal for their request event.
 */
type GatewayCall = 'order.revoker' | 'order.refund.submit' | 'order.refund.query'

function planKill(
  rng: Rng,
  available: ReadonlySet<OpKind>
): { plan: KillPlan; fallbackMs: number } {
  const kind = rng.weighted({
    delay: 28,
    'after-send': 32,
    'on-request': 12,
    'on-pending': 10,
    'after-wallet-pay': available.has('mpm') ? 6 : 0,
    'during-recovery': 12
  })
  const fallbackMs = rng.int(400, 2500)
  switch (kind) {
    case 'delay': {
      // Mostly short runs, sometimes long enough for slow scenarios to move on.
      const ms = rng.chance(0.7) ? rng.int(0, 900) : rng.int(900, 3000)
      // The delay is the kill: a fallback before it would cut every long run short.
      return { plan: { kind, ms }, fallbackMs: ms + 1000 }
    }
    case 'after-send': {
      const channel = rng.weighted<CommandChannel>({
        'payments:startCpm': 40,
        'payments:startMpm': available.has('mpm') ? 20 : 0,
        'payments:cancel': available.has('cancel') ? 15 : 0,
        'refunds:create': available.has('refund') ? 20 : 0,
        'sales:open': 5
      } as Record<CommandChannel, number>)
      // 0: the frame is still in the socket; a few ms: the journal write or the gateway call.
      const delayMs = rng.chance(0.4) ? 0 : rng.int(1, 40)
      return { plan: { kind, channel, delayMs }, fallbackMs }
    }
    case 'on-pending':
      return { plan: { kind }, fallbackMs }
    case 'after-wallet-pay':
      return { plan: { kind, delayMs: rng.int(0, 30) }, fallbackMs }
    case 'during-recovery':
      return { plan: { kind, ms: rng.int(0, 60) }, fallbackMs }
    case 'on-request': {
      const method = rng.weighted<GatewayCall>({
        'order.revoker': 50,
        'order.refund.submit': available.has('refund') ? 25 : 0,
        'order.refund.query': available.has('refund') ? 25 : 0
      })
      // The closes and resends wait for their moment (15 s after an order): give them time.
      return { plan: { kind, method, delayMs: rng.int(0, 30) }, fallbackMs: rng.int(2000, 6000) }
    }
  }
}

// ── Bookkeeping ─────────────────────────────────────────────────────────────────────────────────

interface Told extends Acknowledged {
  readonly attempts: Map<string, string>
  readonly refunds: Map<string, string>
  readonly cancelled: Set<number>
  readonly refundsAsked: Map<number, number>
}

class Tally {
  private readonly counts = new Map<string, number>()
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1)
  }
  get(key: string): number {
    return this.counts.get(key) ?? 0
  }
  startingWith(prefix: string): number {
    let n = 0
    for (const [key, count] of this.counts) if (key.startsWith(prefix)) n += count
    return n
  }
  lines(prefix: string): string[] {
    return [...this.counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, n]) => `${prefix}${key.padEnd(46)} ${n}`)
  }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

// ── The test ────────────────────────────────────────────────────────────────────────────────────

describe('crash safety (issue 4 §3)', () => {
  it(
    `keeps every sale right across ${kills} SIGKILLs (seed ${seed})`,
    async () => {
      expect(existsSync(webHostScript), 'build first: npx electron-vite build').toBe(true)
      console.log(
        `crash test: seed ${seed}, ${kills} kills (CRASH_SEED=${seed} CRASH_KILLS=${kills} reruns it)`
      )
      const root = mkdtempSync(join(tmpdir(), 'qr-till-crash-'))
      const files: TillFiles = {
        dataDir: join(root, 'data'),
        sandboxStore: join(root, 'sandbox', 'store.sqlite'),
        sandboxKeys: join(root, 'sandbox', 'keys'),
        sandboxPort: await freePort()
      }
      mkdirSync(files.dataDir, { recursive: true })
      mkdirSync(join(root, 'sandbox'), { recursive: true })
      writeFileSync(
        join(files.dataDir, 'settings.json'),
        JSON.stringify({
          // Every wait at its floor, so recovery and the closes happen within a run or two.
          // minCancelDelayMs stays 15 s: the sandbox refuses an earlier cancel (API.md §5.3).
          payments: {
            pollIntervalMs: 1000,
            pollWindowMs: 10_000,
            mpmWindowMs: 20_000,
            reconcileIntervalMs: 5000,
            unclearQueryDelayMs: 1000,
            cancelRetryIntervalMs: 1000,
            refundPollIntervalMs: 1000,
            refundPollWindowMs: 10_000
          }
        })
      )

      const rng = createRng(seed)
      const started = performance.now()
      const told: Told = {
        attempts: new Map(),
        refunds: new Map(),
        cancelled: new Set(),
        refundsAsked: new Map()
      }
      const codes = new Set<string>()
      const pendingQrs: string[] = []
      const ops = new Tally()
      const killsBy = new Tally()
      const restartMs: number[] = []
      const settleMs: number[] = []
      const history: string[] = []
      const available = new Set<OpKind>(['cpm', 'latePay'])
      let checks = 0
      let current: RunningTill | null = null

      const fail = (cycle: number, what: string, problems: readonly string[]): never => {
        throw new Error(
          [
            `${what} after kill ${cycle} (seed ${seed}; rerun with CRASH_SEED=${seed} ` +
              `CRASH_KILLS=${kills}); files kept in ${root}`,
            ...problems.slice(0, 40).map((line) => `  - ${line}`),
            problems.length > 40 ? `  … ${problems.length - 40} more` : '',
            'last kills:',
            ...history.slice(-8).map((line) => `  ${line}`),
            'till output (tail):',
            (current?.output() ?? '').slice(-3000)
          ].join('\n')
        )
      }

      function recordSale(sale: SaleView): void {
        for (const attempt of sale.attempts)
          told.attempts.set(attempt.merchantOrderNo, attempt.status)
        // `?? []`: a till built before the refund flow sends sales without `refunds`.
        for (const refund of sale.refunds ?? [])
          told.refunds.set(refund.merchantOrderNo, refund.status)
      }

      async function safetyCheck(till: RunningTill, cycle: number): Promise<void> {
        checks++
        const gateway = await readGateway(till.sandboxUrl)
        const problems = safetyViolations(gateway, readJournal(files.dataDir))
        if (problems.length > 0) fail(cycle, 'safety violated', problems)
      }

      /** Waits (bounded) until nothing is in flight and the journal agrees with the gateway. */
      async function settleAndCheck(
        till: RunningTill,
        socket: TillSocket,
        cycle: number
      ): Promise<void> {
        const begin = performance.now()
        // The cashier gives up on every QR still showing and every payment still open, as at
        // closing time: otherwise an MPM QR stays up for its whole window (60 s).
        const cancels = salesInStatus(files.dataDir, 'paying', 10_000).map((sale) => {
          told.cancelled.add(sale.id)
          return socket.invoke('payments:cancel', { saleId: sale.id })
        })
        let problems: string[] = ['not checked yet']
        let lastReport = -1
        while (performance.now() - begin < settleDeadlineMs) {
          const journal = readJournal(files.dataDir)
          if (inFlight(journal).length === 0) {
            // A final state seen here is on the cashier's screen (this socket's events are not
            // recorded yet): it must not change while the loop waits, or a mismatch that heals
            // later (a "declined" that turns "paid") would pass as settled.
            for (const a of journal.attempts) {
              if (!finalAttemptStatuses.includes(told.attempts.get(a.merchant_order_no) ?? ''))
                told.attempts.set(a.merchant_order_no, a.status)
            }
            for (const r of journal.refunds) {
              if (!finalRefundStatuses.includes(told.refunds.get(r.merchant_order_no) ?? ''))
                told.refunds.set(r.merchant_order_no, r.status)
            }
            problems = finalViolations(
              await readGateway(till.sandboxUrl),
              readJournal(files.dataDir),
              told
            )
            if (problems.length === 0) break
          } else {
            problems = inFlight(journal)
          }
          const second = Math.floor((performance.now() - begin) / 1000)
          if (verbose && second % 5 === 0 && second !== lastReport) {
            lastReport = second
            console.log(`  settling ${second} s: ${problems.slice(0, 6).join('; ')}`)
          }
          await pause(200)
        }
        settleMs.push(performance.now() - begin)
        console.log(
          `crash test: after kill ${cycle} (${((performance.now() - started) / 1000).toFixed(0)} s): ` +
            `${problems.length === 0 ? 'settled' : 'NOT settled'} in ` +
            `${((performance.now() - begin) / 1000).toFixed(1)} s`
        )
        if (problems.length > 0) fail(cycle, `not settled within ${settleDeadlineMs} ms`, problems)
        for (const answer of await Promise.all(cancels)) {
          const code =
            answer.kind === 'lost' ? 'lost' : answer.result.ok ? 'ok' : answer.result.error.code
          ops.add(`payments:cancel at settle ${code}`)
        }
        const leaked = codesAtRest(files.dataDir, codes, codeLength)
        if (leaked.length > 0) {
          fail(
            cycle,
            'full customer codes at rest',
            leaked.map((item) => `${item.file}: …${item.codeLast4}`)
          )
        }
        // Every QR is closed or paid by now: a late Pay would only be refused.
        pendingQrs.length = 0
        checks++
      }

      /**
       * The engine answers every command the workload uses: each one, asked about a sale that
       * does not exist, says NOT_FOUND (a missing handler would say INTERNAL). A run without MPM,
       * cancel or refund would pass while testing much less, so it fails instead.
       */
      async function probe(socket: TillSocket): Promise<void> {
        const missing = 2 ** 40
        // Every refund needs the manager PIN (issue 6); set once, it is in the journal for good.
        const pinSet = await socket.invoke('manager:setPin', { newPin: managerPin })
        if (pinSet.kind !== 'answered' || !pinSet.result.ok) {
          fail(0, 'the manager PIN could not be set', [JSON.stringify(pinSet)])
        }
        const probes: [OpKind, Promise<Answer<unknown>>][] = [
          [
            'mpm',
            socket.invoke('payments:startMpm', { saleId: missing, payMethodId: 'WeChatPay' })
          ],
          ['cancel', socket.invoke('payments:cancel', { saleId: missing })],
          [
            'refund',
            socket.invoke('refunds:create', {
              saleId: missing,
              amount: { minor: 100, currency },
              reason: 'probe',
              managerPin
            })
          ]
        ]
        for (const [kind, answer] of probes) {
          const result = await answer
          const code =
            result.kind === 'answered' && !result.result.ok ? result.result.error.code : ''
          if (code !== 'NOT_FOUND') {
            fail(0, `the engine does not answer the ${kind} command`, [JSON.stringify(result)])
          }
          available.add(kind)
        }
      }

      async function runCycle(till: RunningTill, socket: TillSocket, cycle: number): Promise<void> {
        const { plan, fallbackMs } = planKill(rng, available)
        let laneError: unknown = null
        let live = true
        let resolveKilled: () => void = () => undefined
        const killed = new Promise<void>((resolve) => (resolveKilled = resolve))
        const killNow = (trigger: string): void => {
          if (!live) return
          live = false
          if (till.exitedByItself()) {
            laneError ??= new Error(`the till exited by itself during run ${cycle}`)
          }
          killsBy.add(trigger)
          history.push(`kill ${cycle}: ${trigger}`)
          void till.kill().then(resolveKilled)
        }
        const fallback = setTimeout(() => killNow(`${plan.kind}: fallback timer`), fallbackMs)
        const laterKill = (trigger: string, ms: number): void => {
          if (ms === 0) killNow(trigger)
          else setTimeout(() => killNow(trigger), ms)
        }

        socket.onEvent((channel, payload) => {
          if (channel !== 'sales:changed') return
          const sale = payload as SaleView
          recordSale(sale)
          if (plan.kind === 'on-pending' && sale.attempts.some((a) => a.status === 'pending')) {
            killNow('on-pending (attempt journaled, request leaving)')
          }
        })
        if (plan.kind === 'after-send') {
          socket.afterSend((channel) => {
            if (channel === plan.channel)
              laterKill(
                `after-send ${channel}, ${plan.delayMs === 0 ? 'at once' : 'within 40 ms'}`,
                plan.delayMs
              )
          })
        }

        async function call<K extends CommandChannel>(
          channel: K,
          args: CommandArgs<K>
        ): Promise<CommandResult<K> | null> {
          if (!live) return null
          const answer = await socket.invoke(channel, args)
          if (answer.kind === 'lost') {
            ops.add(`${channel} lost (killed)`)
            return null
          }
          const result = answer.result
          ops.add(`${channel} ${result.ok ? 'ok' : result.error.code}`)
          if (!result.ok) {
            if (result.error.code === 'INTERNAL' && live) {
              fail(cycle, 'INTERNAL answer', [
                `${channel} ${JSON.stringify(args)}: ${result.error.message}`
              ])
            }
            return null
          }
          return result.value
        }

        const told_ = (attempt: AttemptView | null): AttemptView | null => {
          if (attempt !== null) told.attempts.set(attempt.merchantOrderNo, attempt.status)
          return attempt
        }

        async function pay(qrContent: string): Promise<void> {
          if (!live) return
          const outcome = await walletPay(till.sandboxUrl, qrContent)
          ops.add(`wallet pay ${outcome}`)
          if (plan.kind === 'after-wallet-pay' && outcome === 'accepted') {
            laterKill('after a wallet Pay, within 30 ms', plan.delayMs)
          }
        }

        async function cancel(saleId: number): Promise<void> {
          told.cancelled.add(saleId)
          await call('payments:cancel', { saleId })
        }

        const operations: Record<OpKind, (r: Rng) => Promise<void>> = {
          async cpm(r) {
            const sale = await call('sales:open', {
              amount: { minor: r.int(100, 30_000), currency }
            })
            if (sale === null) return
            for (let tries = 0; tries < 3; tries++) {
              const scenario = r.weighted(cpmWeights)
              const method = r.pick(cpmMethods)
              const code = makeCode(r, method, cpmScenarios[scenario])
              codes.add(code)
              ops.add(`cpm ${scenario}`)
              const attempt = told_(
                await call('payments:startCpm', {
                  saleId: sale.saleId,
                  authCode: code,
                  payMethodId: method
                })
              )
              if (attempt === null) return
              if (attempt.status === 'declined' && r.chance(0.5)) continue
              if (available.has('cancel') && r.chance(attempt.status === 'paid' ? 0.1 : 0.35)) {
                await pause(r.int(0, 400))
                await cancel(sale.saleId)
              }
              return
            }
          },
          async mpm(r) {
            const scenario = r.weighted(mpmWeights)
            const suffix = mpmScenarios[scenario]
            const minor = r.int(1, 40) * 1000 + (suffix ?? r.int(100, 999))
            const sale = await call('sales:open', { amount: { minor, currency } })
            if (sale === null) return
            ops.add(`mpm ${scenario}`)
            const attempt = told_(
              await call('payments:startMpm', {
                saleId: sale.saleId,
                payMethodId: r.pick(mpmMethods)
              })
            )
            if (attempt === null || attempt.qrContent === null) return
            const roll = r.next()
            if (scenario === 'wallet' && roll < 0.55) {
              await pause(r.int(30, 700))
              await pay(attempt.qrContent)
            } else if (roll < 0.8 && available.has('cancel')) {
              await pause(r.int(0, 700))
              await cancel(sale.saleId)
            } else if (scenario === 'wallet') {
              pendingQrs.push(attempt.qrContent)
            }
          },
          async cancel(r) {
            const paying = salesInStatus(files.dataDir, 'paying')
            if (paying.length === 0) return
            await cancel(r.pick(paying).id)
          },
          async refund(r) {
            const paid = salesInStatus(files.dataDir, 'paid')
            if (paid.length === 0) return
            const sale = r.pick(paid)
            const left = refundableMinor(files.dataDir, sale.id)
            const kind = r.weighted({
              full: 25,
              over: left > 0 ? 8 : 30,
              fails: left >= 51 ? 12 : 0,
              part: left > 1 ? 55 : 0
            })
            const minor =
              kind === 'full'
                ? left
                : kind === 'over'
                  ? left + r.int(1, 500)
                  : kind === 'fails'
                    ? Math.floor((left - 51) / 1000) * 1000 + 51
                    : r.int(1, left - 1)
            if (minor <= 0) return
            ops.add(`refund ${kind}`)
            if (!live) return
            // Counted before it leaves: a kill may take the answer, not the refund.
            told.refundsAsked.set(sale.id, (told.refundsAsked.get(sale.id) ?? 0) + 1)
            const refund = await call('refunds:create', {
              saleId: sale.id,
              amount: { minor, currency },
              reason: `crash test ${kind}`,
              managerPin
            })
            if (refund !== null) told.refunds.set(refund.merchantOrderNo, refund.status)
          },
          async latePay(r) {
            if (pendingQrs.length === 0) return
            const [qr] = pendingQrs.splice(r.int(0, pendingQrs.length - 1), 1)
            if (qr !== undefined) await pay(qr)
          }
        }

        async function lane(r: Rng): Promise<void> {
          while (live) {
            await pause(r.int(20, 150))
            if (!live) return
            const weights = Object.fromEntries(
              (Object.keys(opWeights) as OpKind[]).map((kind) => [
                kind,
                available.has(kind) ? opWeights[kind] : 0
              ])
            ) as Record<OpKind, number>
            await operations[r.weighted(weights)](r)
          }
        }

        let watch: ReturnType<typeof setInterval> | null = null
        if (plan.kind === 'on-request') {
          const seen = lastRequestId(files.dataDir, plan.method)
          watch = setInterval(() => {
            if (live && lastRequestId(files.dataDir, plan.method) > seen) {
              if (watch !== null) clearInterval(watch)
              laterKill(`on-request ${plan.method}, within 30 ms`, plan.delayMs)
            }
          }, 10)
        }

        const laneRngs = Array.from({ length: lanes }, () => rng.fork())
        let running: Promise<void>[] = []
        if (plan.kind === 'during-recovery') {
          laterKill('during recovery, 0-60 ms after ready', plan.ms)
        } else {
          if (plan.kind === 'delay') {
            laterKill(`random delay ${plan.ms < 900 ? '0-900' : '900-3000'} ms`, plan.ms)
          }
          running = laneRngs.map((r) =>
            lane(r).catch((error: unknown) => {
              // A violation seen by a lane (an INTERNAL answer) or a harness error: end the run.
              laneError ??= error
              killNow('a lane failed')
            })
          )
        }
        await killed
        clearTimeout(fallback)
        if (watch !== null) clearInterval(watch)
        socket.close()
        await Promise.all(running)
        if (laneError !== null) {
          fail(cycle, 'run failed', [String(laneError), (laneError as Error).stack ?? ''])
        }
      }

      try {
        for (let cycle = 1; cycle <= kills; cycle++) {
          const till = await startTill(files)
          current = till
          restartMs.push(till.startMs)
          const socket = await connectCashier(till.ready)
          if (cycle === 1) await probe(socket)
          if (cycle > 1 && (cycle - 1) % settleEvery === 0)
            await settleAndCheck(till, socket, cycle - 1)
          else if (cycle > 1 && (cycle - 1) % checkEvery === 0) await safetyCheck(till, cycle - 1)
          await runCycle(till, socket, cycle)
        }

        const till = await startTill(files)
        current = till
        const socket = await connectCashier(till.ready)
        await settleAndCheck(till, socket, kills)
        socket.close()
        const integrity = withJournal(files.dataDir, (db) =>
          db.pragma('integrity_check', { simple: true })
        )
        const journal = readJournal(files.dataDir)
        const gateway = await readGateway(till.sandboxUrl)
        await till.stop()

        const byStatus = new Tally()
        for (const a of journal.attempts) byStatus.add(`attempt ${a.mode} ${a.status}`)
        for (const r of journal.refunds) byStatus.add(`refund ${r.status}`)
        for (const o of gateway.orders.values())
          byStatus.add(`gateway order ${o.mode} ${o.transStatus}`)
        for (const r of gateway.refunds.values()) byStatus.add(`gateway refund ${r.transStatus}`)
        const seconds = ((performance.now() - started) / 1000).toFixed(1)
        console.log(
          [
            `crash test passed: seed ${seed}, ${kills} kills in ${seconds} s, ${checks} checks`,
            `  restart (spawn to ready): p50 ${percentile(restartMs, 50).toFixed(0)} ms, ` +
              `p99 ${percentile(restartMs, 99).toFixed(0)} ms; settles: ` +
              settleMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', '),
            '  kills by trigger:',
            ...killsBy.lines('    '),
            '  operations:',
            ...ops.lines('    '),
            '  final states:',
            ...byStatus.lines('    '),
            // Allowed (the gateway has no final state either), but worth a look when they appear.
            ...journal.attempts
              .filter((a) => a.status === 'needs-attention')
              .map((a) => {
                const order = gateway.orders.get(a.merchant_order_no)
                return (
                  `  needs attention: ${a.mode} ${a.merchant_order_no} (sale ${a.sale_id}), ` +
                  `gateway ${order === undefined ? 'has no such order' : `status ${order.transStatus}`}`
                )
              }),
            ...journal.refunds
              .filter((r) => r.status === 'needs-attention')
              .map((r) => `  needs attention: refund ${r.merchant_order_no} (sale ${r.sale_id})`)
          ].join('\n')
        )
        expect(integrity).toBe('ok')
        expect(history.length).toBe(kills)
        // The run tested what it claims: every operation reached the engine and the gateway,
        // and (in a run long enough for the weights to show) the kills landed in every window.
        const coverage: [string, number][] = [
          ['payments:startCpm answered ok', ops.get('payments:startCpm ok')],
          ['payments:startMpm answered ok', ops.get('payments:startMpm ok')],
          ['payments:cancel answered ok', ops.get('payments:cancel ok')],
          ['refunds:create answered ok', ops.get('refunds:create ok')],
          ['wallet Pay accepted', ops.get('wallet pay accepted')],
          [
            'CPM attempt paid',
            journal.attempts.filter((a) => a.mode === 'CPM' && a.status === 'paid').length
          ],
          [
            'MPM attempt paid',
            journal.attempts.filter((a) => a.mode === 'MPM' && a.status === 'paid').length
          ],
          [
            'attempt cancelled or reversed',
            journal.attempts.filter((a) => a.status === 'cancelled' || a.status === 'reversed')
              .length
          ],
          [
            'refund refunded at the gateway',
            [...gateway.refunds.values()].filter((r) => r.transStatus === 2).length
          ]
        ]
        if (kills >= 200) {
          coverage.push(
            ['kill after-send startCpm', killsBy.startingWith('after-send payments:startCpm')],
            ['kill after-send startMpm', killsBy.startingWith('after-send payments:startMpm')],
            ['kill after-send cancel', killsBy.startingWith('after-send payments:cancel')],
            ['kill after-send refunds:create', killsBy.startingWith('after-send refunds:create')],
            ['kill on-pending', killsBy.startingWith('on-pending (')],
            ['kill after a wallet Pay', killsBy.startingWith('after a wallet Pay')],
            ['kill during recovery', killsBy.startingWith('during recovery')],
            // Kills on a refund resend or query are planned too, but a few per 200 kills: they
            // show in the report and are not required, or the CI run would fail by chance.
            ['kill during a close', killsBy.startingWith('on-request order.revoker')]
          )
        }
        expect(coverage.filter(([, n]) => n === 0).map(([what]) => what)).toEqual([])
        rmSync(root, { recursive: true, force: true })
      } finally {
        if (current !== null && !current.exited()) await current.kill()
      }
    },
    120_000 + kills * 3_000
  )
})
