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
  type SandboxOrder
} from './gateway'

const log = createLogger('sandbox')

/** Far above any PayCloud request; anything bigger is refused without being buffered. */
const maxBodyBytes = 64 * 1024

export interface SandboxOptions extends GatewayCoreOptions {
  /** Default `127.0.0.1`: the sandbox is for this machine. */
  readonly host?: string
  /** Default 0: any free port, read it back from `url`. */
  readonly port?: number
}

export interface Sandbox {
  /** The base URL for `GatewayConfig.baseUrl`, e.g. `http://127.0.0.1:41234`. */
  readonly url: string
  close(): Promise<void>
  getOrder(merchantOrderNo: string): SandboxOrder | undefined
  listOrders(): SandboxOrder[]
}

/**
 * Starts the local PayCloud gateway (API.md §11) over HTTP: POST JSON or form bodies to
 * `/api/entry` or `/api/entry/{anything}`, dispatched on `method` (§1.2). Read-only admin routes
 * for tests and the wallet page: `GET /sandbox/health`, `GET /sandbox/orders/{merchant_order_no}`.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const core = createGatewayCore(options)
  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      // A bug, not a request problem: answer once, and never take the sandbox down.
      log.error('request failed', { error: error instanceof Error ? error.message : String(error) })
      try {
        if (response.headersSent) response.destroy()
        else send(response, reply(core.refuse('SYSTEM_ERROR')))
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
      if (answer !== null) send(response, answer)
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      if (path?.startsWith('/sandbox/') !== true)
        return sendJson(response, 404, { error: 'Not found' })
      response.setHeader('Allow', 'GET, HEAD')
      return sendJson(response, 405, { error: 'GET only' })
    }
    if (path === '/sandbox/health') return sendJson(response, 200, { ok: true })
    const orderNo = path?.startsWith('/sandbox/orders/') === true ? path.slice(16) : null
    if (orderNo !== null) {
      const order = decode(orderNo)
      const found = order === null ? undefined : core.getOrder(order)
      if (found === undefined) return sendJson(response, 404, { error: 'No such order' })
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

  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  // After start, a server error (a socket limit, say) is logged rather than thrown at the process.
  server.on('error', (error) => log.error('server error', { error: error.message }))
  const { port } = server.address() as AddressInfo
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  log.info('sandbox gateway listening', { url })

  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)))
        // Keep-alive sockets would hold `close` open until they time out.
        server.closeAllConnections()
      }),
    getOrder: (merchantOrderNo) => core.getOrder(merchantOrderNo),
    listOrders: () => core.listOrders()
  }
}

interface Answer {
  readonly status: number
  readonly body: string
  readonly close: boolean
}

function reply(entryReply: EntryReply, close = false): Answer {
  return { status: entryReply.httpStatus, body: entryReply.body, close }
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
