import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Journal } from '../journal'
import { createLogger } from '../log'
import type { RawValue } from './json'
import { scanTopLevel } from './json'
import { budgetedVerdicts, RecordBudget, type UnrecordedWindow } from './notify-budget'
import {
  judgeNotification,
  NotificationMemory,
  type Judgement,
  type NotificationVerdict
} from './notify-judge'
import { loadPublicKey } from './sign'

export { NotificationMemory, type NotificationVerdict } from './notify-judge'

const log = createLogger('notify')

/** `notifications` in settings.json, defaults applied (see settings.ts). */
export interface NotificationSettings {
  /** Where the receiver listens; loopback unless a relay on another machine forwards to it. */
  readonly host: string
  /** 0 picks a free port (tests); a relay needs a fixed one. */
  readonly port: number
  readonly path: string
  /** The absolute `notify_url` sent to PayCloud (a relay in front of the till), or null. */
  readonly publicUrl: string | null
  /** §7: n-age documents `success`; one integration answers `SUCCESS`. */
  readonly answerCase: 'lower' | 'upper'
  /**
   * How many notifications not acted on (forged, malformed, wrong-merchant, duplicate) are
   * journaled one by one per window; the rest of the window's are counted in one summary event.
   */
  readonly recordLimit: number
  readonly recordWindowSeconds: number
}

export const defaultNotificationHost = '127.0.0.1'
export const defaultNotificationPath = '/paycloud/notify'
/**
 * Half a notification a second, each a few hundred bytes: a flood costs the journal ~20 MB a day,
 * while the repeats §7 makes of a genuine notification (15 over ~12 h) are all recorded.
 */
export const defaultRecordLimit = 30
export const defaultRecordWindowSeconds = 60

/** What `PaymentEngine.checkNow` answers; declared here so the gateway needs no engine import. */
export type CheckNow = (merchantOrderNo: string) => 'scheduled' | 'final' | 'unknown'

export interface NotificationReceiverDeps {
  readonly settings: NotificationSettings
  /** The merchant this till is, as configured (API.md §2). */
  readonly merchantNo: string
  /** The gateway public key (§4.1) that signs replies and notifications alike. */
  readonly gatewayPublicKeyPem: string
  readonly journal: Pick<
    Journal,
    'attemptByMerchantOrderNo' | 'refundByMerchantOrderNo' | 'appendEvent'
  >
  /** The only thing a notification may cause (DESIGN.md "Polling is the truth at the counter"). */
  readonly checkNow: CheckNow
  readonly now: () => number
  /** Ends a window of the record budget on time; the till's clock, so tests drive it. */
  readonly timers?: NotificationTimers
}

/** The timer half of the payments `Clock`, declared here so the gateway needs no engine import. */
export interface NotificationTimers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const systemTimers: NotificationTimers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms)
    // The end of a window must not keep a shutting-down process alive; close() settles it.
    handle.unref()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout)
}

export interface NotificationReceiver {
  /** Where the receiver listens, e.g. `http://127.0.0.1:8731/paycloud/notify`. */
  readonly url: string
  /** What the till sends as `notify_url`: the public URL if configured, else `url`. */
  readonly notifyUrl: string
  close(): Promise<void>
}

const fieldName = /^[A-Za-z][A-Za-z0-9_]{0,39}$/

/** Notifications are a few hundred bytes (§7); anything far larger is refused unread. */
export const maxNotificationBytes = 16 * 1024

/**
 * The transaction-result notification receiver (API.md §7). It answers within the 5 s deadline
 * because everything it does after reading the body is synchronous and local: verify, look up the
 * journal, append one event, schedule a query. It never waits for the gateway.
 *
 * What it answers, and why (§7: `success` ends PayCloud's 15 deliveries over ~12 h; anything
 * else, or silence, keeps them coming):
 * - verified, duplicate, refund, unknown-order, amount-mismatch → `success`. The notification is
 *   PayCloud's own (its signature verified) and is now durably in the event log; a repeat carries
 *   the same signed fields, so it cannot change the verdict. An unknown order stays unknown:
 *   every attempt is journaled before its request leaves (DESIGN.md "Journal first"), so the
 *   order was not made by this till. An amount mismatch is a warning for a person, not something
 *   a retry resolves; the sale is decided by the query, whose own amount check refuses an amount
 *   that is not ours (engine.ts). Refunds cannot be matched before issue 4.
 * - wrong-merchant → 422, no `success`. The gateway key signs for every merchant, so this is a
 *   genuine notification meant for someone else (a misrouting relay, or a replay). Acknowledging
 *   it would tell PayCloud that merchant was notified and end the retries that merchant needs.
 * - forged → 403: not from PayCloud, so there is no delivery to acknowledge.
 * - malformed → 400, 413 or 415: not a notification.
 * - the journal cannot record it → 503: the one case a retry helps, which is what §7's schedule
 *   is for.
 *
 * Anyone who can reach the relay can post, so what a flood writes is bounded (notify-budget.ts):
 * beyond `recordLimit` a window, notifications not acted on are answered as judged but only
 * counted, and one `notification.unrecorded` event stands for them when the window ends. A
 * verified first delivery is always recorded, so the flood cannot starve PayCloud. Nothing is
 * answered 429: verification (~0.03 ms) comes before the budget, so refusing earlier would save
 * no disk, and refusing unread bodies could refuse PayCloud's own retries.
 */
export async function startNotificationReceiver(
  deps: NotificationReceiverDeps
): Promise<NotificationReceiver> {
  const { settings, journal } = deps
  const gatewayKey = loadPublicKey(deps.gatewayPublicKeyPem)
  const memory = new NotificationMemory()
  const answer = settings.answerCase === 'upper' ? 'SUCCESS' : 'success'
  const timers = deps.timers ?? systemTimers
  const budget = new RecordBudget(settings.recordLimit, settings.recordWindowSeconds * 1000)
  let windowTimer: unknown = null

  const server = createServer((request, response) => {
    receive(request, response).catch((error: unknown) => {
      log.error('notification handling failed', { error: String(error) })
      if (!response.headersSent) reply(response, 500, 'error')
      else response.destroy()
    })
  })
  // A relay is the only expected client; slow or idle connections are cut well inside §7's 5 s.
  server.headersTimeout = 5_000
  server.requestTimeout = 5_000
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else socket.destroy()
  })

  async function receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = pathOf(request.url)
    if (path !== settings.path) {
      log.warn('refused a request to an unknown path', { path: path?.slice(0, 100) ?? null })
      return reply(response, 404, 'not found')
    }
    if (request.method !== 'POST') {
      // §7: PayCloud POSTs. Anything else is not a notification, and is not journaled.
      log.warn('refused a request that is not a POST', { method: request.method })
      response.setHeader('Allow', 'POST')
      return reply(response, 405, 'POST only')
    }
    const encoding = encodingOf(request.headers['content-type'])
    const body = await readBody(request)
    if (body === 'aborted') return
    settleWindow(false)
    if (encoding === null) {
      return refuseMalformed(response, 415, 'The body is neither JSON nor a form.', null)
    }
    if (body === 'too-large') {
      response.setHeader('Connection', 'close')
      return refuseMalformed(
        response,
        413,
        `The body is over ${maxNotificationBytes} bytes.`,
        encoding
      )
    }
    const parsed = parseFields(encoding, body)
    if (!parsed.ok) return refuseMalformed(response, 400, parsed.reason, encoding)

    const judgement = judgeNotification(parsed.fields, {
      merchantNo: deps.merchantNo,
      gatewayKey,
      attemptByMerchantOrderNo: (merchantOrderNo) =>
        journal.attemptByMerchantOrderNo(merchantOrderNo),
      refundByMerchantOrderNo: (merchantOrderNo) =>
        journal.refundByMerchantOrderNo(merchantOrderNo),
      memory
    })
    const status = judgement.acknowledge ? 200 : judgement.verdict === 'forged' ? 403 : 422
    if (budgetedVerdicts.has(judgement.verdict) && !admit(judgement.verdict)) {
      // Counted, not recorded: none of these verdicts asks for a check or remembers anything.
      return reply(
        response,
        status,
        judgement.acknowledge ? answer : `refused: ${judgement.verdict}`
      )
    }
    if (!record(judgement, status, encoding, Object.keys(parsed.fields))) {
      return reply(response, 503, 'retry later')
    }
    judgement.remember()
    logJudgement(judgement)
    // After the event is durable, and never awaited: the query runs on the engine's timers.
    if (judgement.check && judgement.facts.merchantOrderNo !== null) {
      let check: ReturnType<CheckNow>
      try {
        check = deps.checkNow(judgement.facts.merchantOrderNo)
      } catch (error) {
        // The notification is journaled and remembered, so its retry would be a duplicate: the
        // answer stays as judged, and the attempt's own polling (the truth) finds the state.
        log.error('the check a notification asked for could not be started', {
          error: String(error)
        })
        return reply(
          response,
          status,
          judgement.acknowledge ? answer : `refused: ${judgement.verdict}`
        )
      }
      log.debug('check requested', { check })
      const attempt = judgement.attempt
      if (check === 'final' && judgement.facts.transStatus === 2 && attempt?.status !== 'paid') {
        // Signed, ours, our amount, and paid: for an attempt the till closed unpaid. Final states
        // stay; the manager's "Check against the gateway" lists it for a refund or a sale.
        log.warn(
          `order ${judgement.facts.merchantOrderNo} is paid at the gateway, but the till closed ` +
            `it as ${attempt?.status ?? 'unknown'}: see End of day, Check against the gateway`
        )
      }
    }
    reply(response, status, judgement.acknowledge ? answer : `refused: ${judgement.verdict}`)
  }

  /** Appends the event; false when the journal cannot take it. */
  function record(
    judgement: Judgement,
    status: number,
    encoding: Encoding,
    fieldNames: readonly string[]
  ): boolean {
    const { facts, attempt } = judgement
    return append({
      ...(attempt === undefined ? {} : { saleId: attempt.saleId, attemptId: attempt.attemptId }),
      detail: {
        verdict: judgement.verdict,
        reason: judgement.reason,
        answer: status === 200 ? answer : status,
        check: judgement.check,
        ...(judgement.stale ? { stale: true } : {}),
        merchantNo: facts.merchantNo,
        merchantOrderNo: facts.merchantOrderNo,
        transNo: facts.transNo,
        transStatus: facts.transStatus,
        transType: facts.transType,
        amount: facts.amount,
        amountField: facts.amountField,
        priceCurrency: facts.priceCurrency,
        attemptStatus: attempt?.status ?? null,
        encoding,
        // The names only: the format is unknown (API.md Unknowns 4) and worth seeing; the values
        // of other fields, `sign` above all, stay out of the journal. Names are the sender's
        // text too: only ones shaped like field names, so a customer's code cannot ride in one.
        fields: fieldNames
          .filter((name) => name !== 'sign' && fieldName.test(name))
          .sort()
          .slice(0, 50)
      }
    })
  }

  function refuseMalformed(
    response: ServerResponse,
    status: number,
    reason: string,
    encoding: Encoding | null
  ): void {
    if (!admit('malformed')) return reply(response, status, 'refused: malformed')
    log.warn('refused a malformed notification', { status, reason })
    append({
      detail: {
        verdict: 'malformed' satisfies NotificationVerdict,
        reason,
        answer: status,
        encoding
      }
    })
    reply(response, status, 'refused: malformed')
  }

  function append(event: {
    kind?: 'notification.received' | 'notification.unrecorded'
    saleId?: number
    attemptId?: number
    detail: Readonly<Record<string, unknown>>
  }): boolean {
    try {
      journal.appendEvent({ at: deps.now(), kind: 'notification.received', ...event })
      return true
    } catch (error) {
      log.error('could not record a notification', { error: String(error) })
      return false
    }
  }

  /** True: record this one in full; false: it is counted in the window's summary instead. */
  function admit(verdict: NotificationVerdict): boolean {
    const now = deps.now()
    const taken = budget.take(verdict, now)
    if (taken === 'record') return true
    if (taken === 'first-count') {
      log.warn(
        `more than ${budget.limit} notifications not acted on within ${settings.recordWindowSeconds} s: ` +
          'the rest of this window are answered as judged and counted, not journaled one by one'
      )
      const end = budget.windowEnd ?? now
      windowTimer = timers.setTimeout(() => {
        windowTimer = null
        settleWindow(true)
      }, end - now)
    }
    return false
  }

  /** Journals the summary of a window that is over (or `force`d over), if it left any unrecorded. */
  function settleWindow(force: boolean): void {
    const closed = budget.settle(deps.now(), force)
    if (budget.windowEnd === null && windowTimer !== null) {
      timers.clearTimeout(windowTimer)
      windowTimer = null
    }
    if (closed !== null) recordUnrecorded(closed)
  }

  function recordUnrecorded(window: UnrecordedWindow): void {
    const detail = {
      from: window.from,
      to: window.to,
      recorded: window.recorded,
      unrecorded: window.unrecorded,
      verdicts: window.verdicts
    }
    log.info('notifications answered but not journaled one by one', detail)
    append({ kind: 'notification.unrecorded', detail })
  }

  const listened = await listen(server, settings.host, settings.port)
  // A wildcard bind is reachable on loopback; it is not an address anyone can post to.
  const urlHost = ['0.0.0.0', '::', ''].includes(settings.host) ? '127.0.0.1' : settings.host
  const url = `http://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${listened.port}${settings.path}`
  log.info('notification receiver listening', {
    url,
    notifyUrl: settings.publicUrl ?? url
  })
  return {
    url,
    notifyUrl: settings.publicUrl ?? url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          // Before the journal closes (create-till.ts): what the last window counted is kept.
          settleWindow(true)
          resolve()
        })
        server.closeAllConnections()
      })
  }
}

function logJudgement(judgement: Judgement): void {
  const fields = {
    verdict: judgement.verdict,
    reason: judgement.reason,
    merchantOrderNo: judgement.facts.merchantOrderNo,
    transNo: judgement.facts.transNo,
    transStatus: judgement.facts.transStatus
  }
  switch (judgement.verdict) {
    case 'verified':
    case 'duplicate':
    case 'refund':
      return log.info('notification', fields)
    default:
      return log.warn('notification not acted on', fields)
  }
}

type Encoding = 'json' | 'form'

/** §1.3 and API.md Unknowns 4: JSON is expected, form encoding is what the Java SDKs send. */
function encodingOf(contentType: string | undefined): Encoding | null {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (mediaType === 'application/json') return 'json'
  if (mediaType === 'application/x-www-form-urlencoded') return 'form'
  return null
}

type Parsed =
  | { readonly ok: true; readonly fields: Readonly<Record<string, RawValue>> }
  | { readonly ok: false; readonly reason: string }

/** The top-level fields as transmitted (§4.5 verifies over those, not over a re-encoding). */
function parseFields(encoding: Encoding, body: Buffer): Parsed {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body)
  } catch {
    return { ok: false, reason: 'The body is not UTF-8.' }
  }
  if (encoding === 'json') {
    const scanned = scanTopLevel(text)
    return scanned.ok
      ? scanned
      : { ok: false, reason: `The body is not a JSON object (${scanned.reason}).` }
  }
  const fields = Object.create(null) as Record<string, string>
  for (const [key, value] of new URLSearchParams(text)) {
    // A repeated key could be signed one way and read another: refuse it, as scanTopLevel does.
    if (Object.hasOwn(fields, key)) return { ok: false, reason: 'The form repeats a field.' }
    fields[key] = value
  }
  return { ok: true, fields }
}

/** The body, or why not; an oversized body is drained, not kept, so the client reads the 413. */
function readBody(request: IncomingMessage): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = Number(request.headers['content-length'] ?? 0) > maxNotificationBytes
    request.on('data', (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > maxNotificationBytes) tooLarge = true
      if (!tooLarge) chunks.push(chunk)
    })
    request.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)))
    request.on('error', () => resolve('aborted'))
    request.on('aborted', () => resolve('aborted'))
  })
}

function reply(response: ServerResponse, status: number, text: string): void {
  // §7: the acknowledgement is the fixed plain-text body, nothing around it.
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store'
  })
  response.end(text)
}

function pathOf(url: string | undefined): string | null {
  try {
    return new URL(url ?? '/', 'http://receiver.invalid').pathname
  } catch {
    return null
  }
}

function listen(
  server: ReturnType<typeof createServer>,
  host: string,
  port: number
): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      // After start, a server error is logged rather than thrown at the process.
      server.on('error', (error) => log.error('receiver error', { error: error.message }))
      resolve(server.address() as AddressInfo)
    })
  })
}
