import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { createLogger } from '../main/log'
import type { DeliveryAttempt, NotificationRecord } from './store'

const log = createLogger('sandbox')

/**
 * API.md §7: a notification is re-sent after 5 s, 10 s, 15 s, 30 s, 60 s, 3 min, 10 min, 15 min,
 * 30 min ×3 and 3 h ×3 until answered `success`: 15 deliveries in all.
 */
export const notifyRetryDelaysMs: readonly number[] = [
  5_000,
  10_000,
  15_000,
  30_000,
  60_000,
  3 * 60_000,
  10 * 60_000,
  15 * 60_000,
  30 * 60_000,
  30 * 60_000,
  30 * 60_000,
  3 * 3_600_000,
  3 * 3_600_000,
  3 * 3_600_000
]

/** What a delivery keeps of the merchant's answer, for the inspection page. */
const excerptBytes = 200
/** What it reads at most: an answer is a word, not a download. */
const readLimitBytes = 4096

export interface NotifierOptions {
  readonly now: () => number
  /** Multiplies the retry delays; 0.001 runs the 12-hour schedule in about 43 s. */
  readonly timeScale: number
  /** §7: the merchant must answer within 5 s. Not scaled: a fast machine still needs real time. */
  readonly deadlineMs: number
  /** §7: the answer is `success`; n-age writes it lower case, one integration sends `SUCCESS`. */
  readonly ackCaseSensitive: boolean
  readonly retryDelaysMs: readonly number[]
  save(notification: NotificationRecord): void
}

export interface Notifier {
  /** Sends now, then on the schedule until acknowledged or out of attempts. */
  start(notification: NotificationRecord): void
  /** After a restart: continues a pending notification where its attempts left off. */
  resume(notification: NotificationRecord): void
  /** Stops every timer and aborts deliveries in flight; an aborted attempt is not recorded. */
  close(): void
  /**
   * Resolves once no delivery is scheduled or in flight: a test that says "no more deliveries"
   * waits on this rather than on a guess of how long the scaled schedule takes.
   */
  settled(): Promise<void>
}

export function createNotifier(options: NotifierOptions): Notifier {
  const timers = new Set<NodeJS.Timeout>()
  const inFlight = new Set<AbortController>()
  const settledWaiters: (() => void)[] = []
  let closed = false

  function wakeIfSettled(): void {
    if (timers.size > 0 || inFlight.size > 0) return
    for (const resolve of settledWaiters.splice(0)) resolve()
  }

  function schedule(notification: NotificationRecord, delayMs: number): void {
    if (closed) return
    const timer = setTimeout(() => {
      timers.delete(timer)
      void deliver(notification).finally(wakeIfSettled)
    }, delayMs)
    timers.add(timer)
  }

  function retryDelay(attemptsMade: number): number | null {
    const delay = options.retryDelaysMs[attemptsMade - 1]
    return delay === undefined ? null : Math.max(0, Math.round(delay * options.timeScale))
  }

  function isAck(text: string): boolean {
    // Surrounding whitespace is forgiven: many frameworks append a newline to a text body.
    const answer = text.trim()
    return options.ackCaseSensitive ? answer === 'success' : answer.toLowerCase() === 'success'
  }

  async function deliver(notification: NotificationRecord): Promise<void> {
    if (closed || notification.state !== 'pending') return
    const controller = new AbortController()
    inFlight.add(controller)
    let timedOut = false
    const deadline = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, options.deadlineMs)
    let attempt: DeliveryAttempt
    try {
      const response = await postOnce(notification.notifyUrl, notification.body, controller.signal)
      const text = response.text
      attempt = {
        at: options.now(),
        httpStatus: response.status,
        bodyExcerpt: text.slice(0, excerptBytes),
        error: null,
        acknowledged: response.status === 200 && isAck(text)
      }
    } catch (error) {
      attempt = {
        at: options.now(),
        httpStatus: null,
        bodyExcerpt: null,
        error: timedOut ? `No answer within ${options.deadlineMs} ms` : describe(error),
        acknowledged: false
      }
    } finally {
      clearTimeout(deadline)
      inFlight.delete(controller)
    }
    if (closed) return
    notification.attempts.push(attempt)
    if (attempt.acknowledged) {
      notification.state = 'delivered'
    } else {
      const delay = retryDelay(notification.attempts.length)
      if (delay === null) notification.state = 'failed'
      else schedule(notification, delay)
    }
    log.debug('notification attempt', {
      id: notification.id,
      attempt: notification.attempts.length,
      httpStatus: attempt.httpStatus,
      state: notification.state
    })
    options.save(notification)
  }

  return {
    start: (notification) => schedule(notification, 0),
    resume: (notification) => {
      if (notification.state !== 'pending') return
      const made = notification.attempts.length
      schedule(notification, made === 0 ? 0 : (retryDelay(made) ?? 0))
    },
    close: () => {
      closed = true
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      for (const controller of inFlight) controller.abort()
      inFlight.clear()
      wakeIfSettled()
    },
    settled: () =>
      timers.size === 0 && inFlight.size === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => settledWaiters.push(resolve))
  }
}

/**
 * One POST with node:http, not fetch: fetch refuses "bad ports" and pools connections, and a
 * gateway does neither. No redirects are followed. Reads at most `readLimitBytes` of the answer.
 */
function postOnce(
  url: string,
  body: string,
  signal: AbortSignal
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest
    const request = send(
      target,
      {
        method: 'POST',
        signal,
        agent: false,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': 'PayCloud-Sandbox/1.0'
        }
      },
      (response) => {
        const chunks: Buffer[] = []
        let size = 0
        const finish = (): void => {
          const text = new TextDecoder().decode(Buffer.concat(chunks).subarray(0, readLimitBytes))
          resolve({ status: response.statusCode ?? 0, text })
          response.destroy()
        }
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk)
          size += chunk.byteLength
          if (size >= readLimitBytes) finish()
        })
        response.on('end', finish)
        response.on('error', reject)
      }
    )
    request.on('error', reject)
    request.end(body)
  })
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message
  }
  return String(error)
}
