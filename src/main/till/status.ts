import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { StatusItem, TillStatus } from '../../shared/contract/status'
import type { Gateway, GatewayResult, PreparedCall } from '../gateway/types'
import { JournalUnavailableError, type Journal } from '../journal'

export interface StatusMonitorOptions {
  /** The gateway's base URL, for the reachability probe. */
  readonly baseUrl: string
  readonly now: () => number
  /** Between probes while the gateway answers; exchanges in between make probes unneeded. */
  readonly probeIntervalMs?: number
  /** The first wait after a failed probe; doubled per failure up to `probeIntervalMs`. */
  readonly retryMs?: number
  readonly probeTimeoutMs?: number
  /** Replaces the HTTP HEAD probe (tests). Resolves with null when reachable, else why not. */
  readonly probe?: (baseUrl: string) => Promise<string | null>
}

/**
 * The status bar's truth. The gateway is judged by what the till does anyway: every exchange the
 * engine makes says whether the gateway answered. When nothing was exchanged for a while, a HEAD
 * request to the base URL (free: it is no API call, API.md §1.2 takes POST only) keeps the judgement
 * fresh, with backoff while it fails. The journal is judged by its last write.
 */
export interface StatusMonitor {
  current(): TillStatus
  onChange(listener: (status: TillStatus) => void): () => void
  /** The gateway, reporting each exchange's outcome here. */
  observeGateway(gateway: Gateway): Gateway
  /** The journal, reporting each write's outcome here. */
  observeJournal(journal: Journal): Journal
  start(): void
  stop(): void
}

/** Failures that say nothing answered; every other outcome came from the gateway itself. */
const unreachableKinds = new Set(['timeout', 'network'])

export function createStatusMonitor(options: StatusMonitorOptions): StatusMonitor {
  const probeIntervalMs = options.probeIntervalMs ?? 30_000
  const retryMs = options.retryMs ?? 2_000
  const probe = options.probe ?? ((url) => headProbe(url, options.probeTimeoutMs ?? 5_000))
  const listeners = new Set<(status: TillStatus) => void>()
  let status: TillStatus = {
    gateway: { state: 'unknown', at: null, detail: null },
    journal: { state: 'healthy', at: null, detail: null }
  }
  let timer: ReturnType<typeof setTimeout> | null = null
  let running = false
  let failures = 0

  function set<K extends keyof TillStatus>(key: K, item: TillStatus[K]): void {
    const before = status[key] as StatusItem<string>
    status = { ...status, [key]: item }
    if (before.state !== item.state || before.detail !== item.detail) {
      for (const listener of listeners) listener(status)
    }
  }

  function gatewayAnswered(reachable: boolean, detail: string | null): void {
    failures = reachable ? 0 : failures + 1
    set('gateway', {
      state: reachable ? 'reachable' : 'unreachable',
      at: options.now(),
      detail
    })
  }

  function schedule(): void {
    if (!running) return
    if (timer !== null) clearTimeout(timer)
    const wait =
      failures === 0 ? probeIntervalMs : Math.min(probeIntervalMs, retryMs * 2 ** (failures - 1))
    timer = setTimeout(() => void runProbe(), wait)
    timer.unref()
  }

  async function runProbe(): Promise<void> {
    timer = null
    const last = status.gateway.at
    // An exchange since the last probe already told: no need to ask again yet.
    if (
      status.gateway.state === 'reachable' &&
      last !== null &&
      options.now() - last < probeIntervalMs
    ) {
      schedule()
      return
    }
    const problem = await probe(options.baseUrl)
    if (!running) return
    gatewayAnswered(problem === null, problem)
    schedule()
  }

  function observe<T>(result: Promise<GatewayResult<T>>): Promise<GatewayResult<T>> {
    return result.then((outcome) => {
      if (outcome.ok) gatewayAnswered(true, null)
      else if (unreachableKinds.has(outcome.error.kind))
        gatewayAnswered(false, outcome.error.message)
      else gatewayAnswered(true, null)
      return outcome
    })
  }

  function observePrepared<T>(call: PreparedCall<T>): PreparedCall<T> {
    return { send: () => observe(call.send()), abandon: () => call.abandon() }
  }

  return {
    current: () => status,
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    observeGateway(gateway) {
      return {
        getQrCode: (request) => observe(gateway.getQrCode(request)),
        submitCpm: (request) => observe(gateway.submitCpm(request)),
        cancelOrder: (request) => observe(gateway.cancelOrder(request)),
        submitRefund: (request) => observe(gateway.submitRefund(request)),
        queryOrder: (request) => observe(gateway.queryOrder(request)),
        queryRefund: (request) => observe(gateway.queryRefund(request)),
        prepare: {
          getQrCode: (request) => observePrepared(gateway.prepare.getQrCode(request)),
          submitCpm: (request) => observePrepared(gateway.prepare.submitCpm(request))
        }
      }
    },
    observeJournal(journal) {
      return new Proxy(journal, {
        get(target, property, receiver) {
          const value: unknown = Reflect.get(target, property, receiver)
          if (typeof value !== 'function' || !isWrite(property)) return value
          return (...args: unknown[]) => {
            try {
              const result: unknown = Reflect.apply(value, target, args)
              if (status.journal.state !== 'healthy') {
                set('journal', { state: 'healthy', at: options.now(), detail: null })
              }
              return result
            } catch (error) {
              if (error instanceof JournalUnavailableError) {
                set('journal', { state: 'failing', at: options.now(), detail: error.message })
              }
              throw error
            }
          }
        }
      })
    },
    start() {
      if (running) return
      running = true
      void runProbe()
    },
    stop() {
      running = false
      if (timer !== null) clearTimeout(timer)
      timer = null
      listeners.clear()
    }
  }
}

/** The journal's writing methods: `createSale`, `updateAttempt`, `appendEvent`, `atomically`, … */
function isWrite(property: string | symbol): boolean {
  return (
    typeof property === 'string' &&
    (/^(create|update|set|append)[A-Z]/.test(property) || property === 'atomically')
  )
}

/** Any HTTP answer means something listens at the gateway's address; only silence is a failure. */
export function headProbe(baseUrl: string, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    let url: URL
    try {
      url = new URL(baseUrl)
    } catch {
      resolve(`${baseUrl} is not a URL`)
      return
    }
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method: 'HEAD',
      timeout: timeoutMs
    })
    request.on('response', (response) => {
      response.resume()
      resolve(null)
    })
    request.on('timeout', () => {
      request.destroy()
      resolve(`no answer from ${url.host} within ${Math.round(timeoutMs / 1000)} s`)
    })
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve(`${url.host} cannot be reached (${error.code ?? error.message})`)
    )
    request.end()
  })
}
