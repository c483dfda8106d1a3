import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createLogger } from '../main/log'
import { scanTopLevel } from '../main/gateway/json'
import type { RawValue } from '../main/gateway/json'
import type { SandboxErrorCode } from './codes'
import {
  createGatewayCore,
  type EntryReply,
  type GatewayCoreOptions,
  type SandboxNotification,
  type SandboxOrder,
  type SandboxRefund,
  type WalletAction
} from './gateway'
import { createNotifier, notifyRetryDelaysMs } from './notifier'
import {
  contentSecurityPolicy,
  inspectionPage,
  stylesheet,
  stylesheetPath,
  walletNotFoundPage,
  walletPage
} from './pages'
import { memoryStore, sqliteStore } from './store'

const log = createLogger('sandbox')

/** Far above any PayCloud request; anything bigger is refused without being buffered. */
const maxBodyBytes = 64 * 1024

export interface SandboxOptions extends GatewayCoreOptions {
  /** Default `127.0.0.1`: the sandbox is for this machine. `0.0.0.0` lets a phone on the LAN in. */
  readonly host?: string
  /** Default 0: any free port, read it back from `url`. */
  readonly port?: number
  /** A SQLite file (WAL) for orders, refunds and notifications; default: memory only. */
  readonly storeFile?: string
  /**
   * The base of `qrcode_url` and wallet links, e.g. `http://192.168.1.20:8787` when listening on
   * 0.0.0.0 so a phone can open the QR. Default: `url`.
   */
  readonly publicUrl?: string
  /** Multiplies the §7 retry schedule: 0.001 runs it in about 43 s. Default 1. */
  readonly notifyTimeScale?: number
  /** §7: how long the merchant has to answer a notification (not scaled). Default 5000. */
  readonly notifyDeadlineMs?: number
  /** §7: whether `SUCCESS` also acknowledges. Default true: only `success`. */
  readonly notifyAckCaseSensitive?: boolean
  /** Replaces the §7 retry delays (before scaling); its length + 1 is the number of deliveries. */
  readonly notifyRetryDelaysMs?: readonly number[]
  /** The `hold` scenarios answer only after this (real time). Default 120 000: past any client. */
  readonly holdReplyMs?: number
  /** How often (real time) to look for orders that reached a final state, to notify. Default 200. */
  readonly sweepIntervalMs?: number
}

export interface Sandbox {
  /** The base URL for `GatewayConfig.baseUrl`, e.g. `http://127.0.0.1:41234`. */
  readonly url: string
  /** The base of `qrcode_url`: `publicUrl`, or `url`. */
  readonly publicUrl: string
  close(): Promise<void>
  getOrder(merchantOrderNo: string): SandboxOrder | undefined
  listOrders(): SandboxOrder[]
  getRefund(merchantOrderNo: string): SandboxRefund | undefined
  listRefunds(): SandboxRefund[]
  listNotifications(): SandboxNotification[]
  /** Resolves once no notification is waiting to be sent or being sent (tests). */
  notificationsSettled(): Promise<void>
}

/**
 * Starts the local PayCloud gateway (API.md §11) over HTTP: POST JSON or form bodies to
 * `/api/entry` or `/api/entry/{anything}`, dispatched on `method` (§1.2). Besides: the MPM wallet
 * page `GET /wallet/{token}`, the inspection page `GET /sandbox`, and read-only JSON under
 * `/sandbox/` (health, orders, refunds, notifications).
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const store = options.storeFile === undefined ? memoryStore() : sqliteStore(options.storeFile)
  let url = ''
  let publicUrl = ''
  const notifier = createNotifier({
    now: () => (options.now ?? Date.now)(),
    timeScale: options.notifyTimeScale ?? 1,
    deadlineMs: options.notifyDeadlineMs ?? 5000,
    ackCaseSensitive: options.notifyAckCaseSensitive ?? true,
    retryDelaysMs: options.notifyRetryDelaysMs ?? notifyRetryDelaysMs,
    save: (notification) => store.saveNotification(notification)
  })
  let core: ReturnType<typeof createGatewayCore>
  try {
    core = createGatewayCore(options, {
      store,
      publicUrl: () => publicUrl,
      notify: (notification) => notifier.start(notification)
    })
  } catch (error) {
    store.close()
    throw error
  }
  const holdReplyMs = options.holdReplyMs ?? 120_000
  const held = new Set<NodeJS.Timeout>()

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      // A bug, not a request problem: answer once, and never take the sandbox down.
      log.error('request failed', { error: error instanceof Error ? error.message : String(error) })
      try {
        if (response.headersSent) response.destroy()
        else send(response, reply(core.refuse('INTERNAL_ERROR')))
      } catch {
        response.destroy()
      }
    })
  })
  // Unparseable HTTP never reaches `route`; answer it plainly instead of leaving the socket open.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else socket.destroy()
  })

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = pathOf(request.url)
    if (path === '/api/entry' || path?.startsWith('/api/entry/') === true) {
      if (request.method !== 'POST') {
        response.setHeader('Allow', 'POST')
        return sendJson(response, 405, { error: 'POST only' })
      }
      const answer = await entry(request)
      if (answer !== null) deliver(request, response, answer)
      return
    }
    if (path === '/wallet/pay' || path === '/wallet/decline') {
      if (request.method !== 'POST') {
        response.setHeader('Allow', 'POST')
        return sendJson(response, 405, { error: 'POST only' })
      }
      return walletPost(request, response, path === '/wallet/pay' ? 'pay' : 'decline')
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      if (path?.startsWith('/sandbox') !== true && path?.startsWith('/wallet/') !== true) {
        return sendJson(response, 404, { error: 'Not found' })
      }
      response.setHeader('Allow', 'GET, HEAD')
      return sendJson(response, 405, { error: 'GET only' })
    }
    if (path?.startsWith('/wallet/') === true) {
      const token = decode(path.slice(8)) ?? ''
      const order = core.orderByWalletToken(token)
      if (order === undefined) return sendHtml(response, 404, walletNotFoundPage())
      return sendHtml(
        response,
        200,
        walletPage({ order, token, merchantName: core.merchantName, now: core.now() })
      )
    }
    core.sweep()
    switch (path) {
      case '/sandbox':
      case '/sandbox/':
        return sendHtml(
          response,
          200,
          inspectionPage({
            url,
            publicUrl,
            orders: core.listOrders(),
            refunds: core.listRefunds(),
            notifications: core.listNotifications(),
            now: core.now()
          })
        )
      case stylesheetPath:
        response.setHeader('Content-Type', 'text/css; charset=utf-8')
        response.setHeader('Cache-Control', 'max-age=300')
        response.setHeader('X-Content-Type-Options', 'nosniff')
        response.end(stylesheet)
        return
      case '/sandbox/health':
        return sendJson(response, 200, { ok: true })
      case '/sandbox/orders':
        return sendJson(response, 200, newestFirst(core.listOrders()))
      case '/sandbox/refunds':
        return sendJson(response, 200, newestFirst(core.listRefunds()))
      case '/sandbox/notifications':
        return sendJson(response, 200, newestFirst(core.listNotifications()))
    }
    const item = ((): { kind: 'orders' | 'refunds'; no: string | null } | null => {
      if (path?.startsWith('/sandbox/orders/') === true) {
        return { kind: 'orders', no: decode(path.slice(16)) }
      }
      if (path?.startsWith('/sandbox/refunds/') === true) {
        return { kind: 'refunds', no: decode(path.slice(17)) }
      }
      return null
    })()
    if (item !== null) {
      const found =
        item.no === null
          ? undefined
          : item.kind === 'orders'
            ? core.getOrder(item.no)
            : core.getRefund(item.no)
      if (found === undefined) {
        return sendJson(response, 404, {
          error: item.kind === 'orders' ? 'No such order' : 'No such refund'
        })
      }
      return sendJson(response, 200, found)
    }
    return sendJson(response, 404, { error: 'Not found' })
  }

  /** Reads, parses and answers one gateway call; null when the client went away mid-body. */
  async function entry(request: IncomingMessage): Promise<Answer | null> {
    const body = await readBody(request)
    if (body === 'aborted') return null
    if (body === 'too-large') return reply(core.refuse('REQUEST_TOO_LARGE'), true)
    const parsed = parseFields(request.headers['content-type'], body)
    if (!parsed.ok) return reply(core.refuse(parsed.code, parsed.reason))
    const answer = core.handle(parsed.fields)
    log.debug('call', { method: parsed.fields['method'], code: answer.code })
    return reply(answer)
  }

  /** A scenario may hold the reply past the client's timeout, or drop the connection. */
  function deliver(request: IncomingMessage, response: ServerResponse, answer: Answer): void {
    if (answer.delivery === 'drop') {
      request.socket.destroy()
      return
    }
    if (answer.delivery === 'hold') {
      const timer = setTimeout(() => {
        held.delete(timer)
        if (!response.destroyed && !response.writableEnded) send(response, answer)
      }, holdReplyMs)
      held.add(timer)
      response.once('close', () => {
        clearTimeout(timer)
        held.delete(timer)
      })
      return
    }
    send(response, answer)
  }

  /** Pay or Decline from the wallet page: a plain form POST carrying the order's token. */
  async function walletPost(
    request: IncomingMessage,
    response: ServerResponse,
    action: WalletAction
  ): Promise<void> {
    const body = await readBody(request)
    if (body === 'aborted') return
    const token =
      body === 'too-large' ? null : new URLSearchParams(body.toString('utf8')).get('token')
    if (token === null || core.orderByWalletToken(token) === undefined) {
      return sendHtml(response, 404, walletNotFoundPage())
    }
    core.walletAct(token, action)
    // Post/redirect/get: a reload of the result page does not pay twice.
    response.statusCode = 303
    response.setHeader('Location', `/wallet/${encodeURIComponent(token)}`)
    response.setHeader('Cache-Control', 'no-store')
    response.end()
  }

  const host = options.host ?? '127.0.0.1'
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    store.close()
    throw error
  }
  // After start, a server error (a socket limit, say) is logged rather than thrown at the process.
  server.on('error', (error) => log.error('server error', { error: error.message }))
  const { port } = server.address() as AddressInfo
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  publicUrl = (options.publicUrl ?? url).replace(/\/+$/, '')
  log.info('sandbox gateway listening', { url })

  // Orders move on the sandbox clock with nothing running; this notices the final states.
  const sweeper = setInterval(() => {
    try {
      core.sweep()
    } catch (error) {
      log.error('sweep failed', { error: error instanceof Error ? error.message : String(error) })
    }
  }, options.sweepIntervalMs ?? 200)
  sweeper.unref()
  for (const notification of core.pendingNotifications()) notifier.resume(notification)

  let closing: Promise<void> | null = null
  return {
    url,
    publicUrl,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        clearInterval(sweeper)
        for (const timer of held) clearTimeout(timer)
        held.clear()
        notifier.close()
        server.close((error) => {
          store.close()
          if (error === undefined) resolve()
          else reject(error)
        })
        // Keep-alive and held sockets would hold `close` open until they time out.
        server.closeAllConnections()
      })),
    getOrder: (merchantOrderNo) => core.getOrder(merchantOrderNo),
    listOrders: () => core.listOrders(),
    getRefund: (merchantOrderNo) => core.getRefund(merchantOrderNo),
    listRefunds: () => core.listRefunds(),
    listNotifications: () => core.listNotifications(),
    notificationsSettled: () => notifier.settled()
  }
}

function newestFirst<T extends { readonly createdAt: number }>(items: T[]): T[] {
  return items.sort((a, b) => b.createdAt - a.createdAt)
}

function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.statusCode = status
  response.setHeader('Content-Type', 'text/html; charset=utf-8')
  response.setHeader('Content-Security-Policy', contentSecurityPolicy)
  response.setHeader('X-Content-Type-Options', 'nosniff')
  // The wallet page's URL is its token: keep it out of Referer headers and caches.
  response.setHeader('Referrer-Policy', 'no-referrer')
  response.setHeader('Cache-Control', 'no-store')
  response.end(html)
}

interface Answer {
  readonly status: number
  readonly body: string
  readonly close: boolean
  readonly delivery?: 'hold' | 'drop'
}

function reply(entryReply: EntryReply, close = false): Answer {
  return {
    status: entryReply.httpStatus,
    body: entryReply.body,
    close,
    ...(entryReply.delivery === undefined ? {} : { delivery: entryReply.delivery })
  }
}

function send(response: ServerResponse, answer: Answer): void {
  response.statusCode = answer.status
  response.setHeader('Content-Type', 'application/json; charset=utf-8')
  if (answer.close) response.setHeader('Connection', 'close')
  response.end(answer.body)
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, { status, body: JSON.stringify(value), close: false })
}

/**
 * The body, or why not. A body over the limit is drained, not stored, so the client still reads
 * the 413 instead of a reset connection.
 */
function readBody(request: IncomingMessage): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = Number(request.headers['content-length'] ?? 0) > maxBodyBytes
    request.on('data', (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > maxBodyBytes) tooLarge = true
      if (!tooLarge) chunks.push(chunk)
    })
    request.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)))
    request.on('error', () => resolve('aborted'))
    request.on('aborted', () => resolve('aborted'))
  })
}

type Parsed =
  | { readonly ok: true; readonly fields: Readonly<Record<string, RawValue>> }
  | { readonly ok: false; readonly code: SandboxErrorCode; readonly reason?: string }

/** The top-level fields as transmitted: JSON or form (§1.3), UTF-8 only. */
function parseFields(contentType: string | undefined, body: Buffer): Parsed {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  const json = mediaType === 'application/json'
  if (!json && mediaType !== 'application/x-www-form-urlencoded') {
    return { ok: false, code: 'MEDIA_TYPE_UNSUPPORTED' }
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body)
  } catch {
    return { ok: false, code: 'REQUEST_MALFORMED', reason: 'The body is not UTF-8' }
  }
  if (json) {
    const scanned = scanTopLevel(text)
    if (scanned.ok) return scanned
    return {
      ok: false,
      code: 'REQUEST_MALFORMED',
      reason: `The body is not a JSON object (${scanned.reason})`
    }
  }
  const fields = Object.create(null) as Record<string, string>
  for (const [key, value] of new URLSearchParams(text)) {
    if (Object.hasOwn(fields, key)) {
      return { ok: false, code: 'REQUEST_MALFORMED', reason: `The form repeats ${key}` }
    }
    fields[key] = value
  }
  return { ok: true, fields }
}

function pathOf(url: string | undefined): string | null {
  try {
    return new URL(url ?? '/', 'http://sandbox.invalid').pathname
  } catch {
    return null
  }
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}
