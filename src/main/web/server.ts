import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { events, isEventChannel, ok, type Role } from '../../shared/contract'
import { isUnspecifiedAddress } from '../../shared/contract/display'
import {
  tokenParam,
  unpairedCloseCode,
  wireRequestSchema,
  wsPath,
  type WireMessage
} from '../../shared/contract/wire'
import { createLogger } from '../log'
import { dispatch, type CommandHandlers } from '../till/dispatch'
import type { Till } from '../till'
import { authoriseLan, pairPath, serveLanDisplay } from './lan'
import { createLanPairing } from './pairing'
import { serveStatic } from './static'

const log = createLogger('web')

export interface WebHostOptions {
  readonly till: Till
  /** The built screens (out/renderer). */
  readonly rendererDir: string
  /** Loopback by default; anything else exposes the till to the network. */
  readonly host?: string
  readonly port?: number
  /** Fixed tokens, for tests; otherwise fresh random ones every run. */
  readonly tokens?: Readonly<Record<Role, string>>
  /**
   * The LAN customer display (settings.json `customerDisplay.lan`), off when absent: a second
   * listener on this address serving the customer display only, to tablets paired by a code the
   * cashier screen shows (`display:pairLan`).
   */
  readonly lan?: { readonly host: string; readonly port?: number } | null
  /** For tests: the clock pairing codes expire by. */
  readonly now?: () => number
}

export interface WebHost {
  readonly origin: string
  readonly cashierUrl: string
  readonly customerUrl: string
  /** The LAN listener's origin, or null when the LAN customer display is off. */
  readonly lanOrigin: string | null
  close(): Promise<void>
}

/** Largest frame a screen may send: commands are small; anything bigger is an attack or a bug. */
const maxFrameBytes = 64 * 1024

/**
 * The web host (DESIGN.md "One service, two ways in"): the built screens over HTTP and the same
 * commands and events as Electron IPC over a WebSocket. A socket needs the per-run token of its
 * role, and a browser's Origin must be this host.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1'
  // The screens are let in only from the origin they were loaded from (CSWSH). Listening on
  // "every address" would print a 0.0.0.0 URL no browser can open, and refuse the machine's real
  // address as a foreign origin: the integrator would only ever see "not connected".
  if (isUnspecifiedAddress(host)) {
    throw new Error(
      `--host ${host} listens on every address, but the screens are let in only from the address ` +
        "they load from: give this machine's own address instead (e.g. its LAN address " +
        '192.168.1.20), or leave the default 127.0.0.1 for this machine alone.'
    )
  }
  const tokens = options.tokens ?? {
    cashier: randomBytes(24).toString('base64url'),
    customer: randomBytes(24).toString('base64url')
  }
  const now = options.now ?? Date.now
  let lan: Listener | null = null
  // A ninth tablet's pairing forgets the oldest token: that tablet is cut off then, not at its
  // next reconnect.
  const pairing = options.lan
    ? createLanPairing({
        now,
        onForget: () => {
          const closed = lan?.revalidate() ?? 0
          if (closed > 0) log.warn(`the oldest LAN tablet unpaired: ${closed} connection(s) closed`)
        }
      })
    : null
  const handlers: CommandHandlers = {
    ...options.till.handlers,
    'display:pairLan': async (args) => {
      if (pairing === null || lan === null) return options.till.handlers['display:pairLan'](args)
      const { code, expiresAt } = pairing.issue()
      const pairAddress = `${lan.origin}${pairPath}`
      return ok({ code, expiresAt, pairAddress, url: `${pairAddress}?code=${code}` })
    },
    'display:unpairLan': async (args) => {
      if (pairing === null || lan === null) return options.till.handlers['display:unpairLan'](args)
      const approved = await options.till.approveSettingsChange({
        command: 'display:unpairLan',
        managerPin: args.managerPin
      })
      if (!approved.ok) return approved
      pairing.unpairAll()
      // Only paired tokens open a socket on the LAN listener: every one there used an old token.
      // The loopback listener, with the cashier's screens, is not touched.
      const closed = lan.disconnectAll(unpairedClose.code, unpairedClose.reason)
      log.warn(`every LAN tablet unpaired by the manager: ${closed} connection(s) closed`)
      return handlers['display:pairLan']({})
    }
  }

  const main = await listen({
    till: options.till,
    handlers,
    host,
    port: options.port ?? 0,
    serve: (request, response) => serveStatic(options.rendererDir, request, response),
    authorise: (request, origin) => authorise(request, tokens, origin)
  })
  try {
    if (options.lan && pairing !== null) {
      lan = await listen({
        till: options.till,
        handlers,
        host: options.lan.host,
        port: options.lan.port ?? 0,
        serve: (request, response) =>
          serveLanDisplay(options.rendererDir, pairing, request, response),
        authorise: (request, origin) => authoriseLan(request, pairing, origin)
      })
      log.info(`LAN customer display listening at ${lan.origin}`)
    }
  } catch (error) {
    await main.close()
    throw error
  }

  return {
    origin: main.origin,
    cashierUrl: `${main.origin}/cashier.html#${tokenParam}=${tokens.cashier}`,
    customerUrl: `${main.origin}/customer.html#${tokenParam}=${tokens.customer}`,
    lanOrigin: lan?.origin ?? null,
    async close() {
      await lan?.close()
      await main.close()
    }
  }
}

interface Listener {
  readonly origin: string
  /** Closes every socket open on this listener now; returns how many there were. */
  disconnectAll(code: number, reason: string): number
  /**
   * Asks `authorise` again for every open socket, as it asked when the socket opened, and closes
   * each it now refuses (a tablet whose token was forgotten); returns how many.
   */
  revalidate(): number
  close(): Promise<void>
}

/**
 * The close frame an unpaired tablet gets (an application code, RFC 6455 §7.4.2). A LAN socket
 * with a token no pairing gave (a tablet unpaired while asleep, or paired before the till
 * restarted) gets the same close at once (`authoriseLan`), so its page says "Unpaired" rather
 * than "Connecting…" for ever.
 */
export const unpairedClose = { code: unpairedCloseCode, reason: 'unpaired' } as const

/** One HTTP server with its WebSocket: the screens' files, and the contract for `authorise`d roles. */
async function listen(options: {
  till: Till
  handlers: CommandHandlers
  host: string
  port: number
  serve: (request: IncomingMessage, response: ServerResponse) => Promise<void>
  authorise: (request: SocketRequest, origin: string) => Role | Refusal
}): Promise<Listener> {
  const sockets = new Map<WebSocket, Role>()
  /** What each socket was opened with, for `revalidate`. */
  const opened = new Map<WebSocket, SocketRequest>()
  /** Sockets told to close (`disconnectAll`) whose peer has not answered yet. */
  const closing = new Set<WebSocket>()
  let origin = ''

  const server = createServer((request, response) => {
    options.serve(request, response).catch((error: unknown) => {
      log.error('static file failed', { error: String(error) })
      if (!response.headersSent) response.writeHead(500).end()
    })
  })
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes })

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The http server stops watching a socket once it is upgraded: an error on it (a peer that
    // reset before its refusal was written) with no listener would end the till.
    socket.on('error', () => socket.destroy())
    const role = authoriseOrRefuse(options.authorise, request, origin)
    if (typeof role !== 'string') {
      log.warn(`refused a socket: ${role.reason}`)
      const closeCode = role.closeCode
      if (closeCode !== undefined) {
        wss.handleUpgrade(request, socket, head, (ws) => {
          ws.on('error', () => ws.terminate())
          ws.close(closeCode, unpairedClose.reason)
        })
        return
      }
      socket.end(`HTTP/1.1 ${role.status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.set(ws, role)
      opened.set(ws, { url: request.url, headers: { origin: request.headers.origin } })
      const forget = (): void => {
        sockets.delete(ws)
        opened.delete(ws)
      }
      ws.on('message', (data, isBinary) => void onMessage(ws, role, data, isBinary))
      ws.on('close', forget)
      ws.on('error', forget)
    })
  })

  async function onMessage(
    ws: WebSocket,
    role: Role,
    data: RawData,
    isBinary: boolean
  ): Promise<void> {
    if (isBinary) return ws.close(1003, 'text frames only')
    let request
    try {
      request = wireRequestSchema.parse(JSON.parse(data.toString()))
    } catch {
      return ws.close(1007, 'malformed frame')
    }
    const result = await dispatch(options.handlers, role, request.channel, request.args)
    send(ws, { kind: 'result', id: request.id, result })
  }

  /**
   * Off the list at once, so no event reaches it during its close handshake; `ws` ends a socket
   * whose peer never answers the close (a tablet gone from the network).
   */
  function closeNow(ws: WebSocket, code: number, reason: string): void {
    sockets.delete(ws)
    opened.delete(ws)
    closing.add(ws)
    ws.once('close', () => closing.delete(ws))
    ws.close(code, reason)
  }

  function send(ws: WebSocket, message: WireMessage): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message))
  }

  const unsubscribe = options.till.subscribe((channel, payload) => {
    if (!isEventChannel(channel)) return
    const roles = events[channel].roles
    for (const [ws, role] of sockets) {
      if (roles.includes(role)) send(ws, { kind: 'event', channel, payload })
    }
  })

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port, options.host, () => resolve())
    })
  } catch (error) {
    unsubscribe()
    throw error
  }
  const { port } = server.address() as AddressInfo
  origin = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`

  return {
    origin,
    disconnectAll(code, reason) {
      const open = [...sockets.keys()]
      for (const ws of open) closeNow(ws, code, reason)
      return open.length
    },
    revalidate() {
      let closed = 0
      for (const [ws, request] of [...opened]) {
        const now = authoriseOrRefuse(options.authorise, request, origin)
        if (typeof now === 'string') continue
        closeNow(ws, now.closeCode ?? 1008, now.closeCode === undefined ? now.reason : 'unpaired')
        closed += 1
      }
      return closed
    },
    async close() {
      unsubscribe()
      for (const ws of [...sockets.keys(), ...closing]) ws.terminate()
      wss.close()
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      // A screen's keep-alive connection would hold close() open until the browser lets go.
      server.closeAllConnections()
      await closed
    }
  }
}

/** What a socket's request says of who opens it: its URL (the token) and its Origin. */
type SocketRequest = Pick<IncomingMessage, 'url' | 'headers'>

/**
 * Why a socket is refused: an HTTP status at the upgrade, or, with `closeCode`, a socket opened
 * and closed at once with that code and nothing sent on it, for a page that must learn why (a
 * browser's WebSocket cannot see an HTTP status).
 */
export type Refusal = { status: string; reason: string; closeCode?: number }

/**
 * `authorise`, for anyone who can reach the port, before any token is checked: whatever it throws
 * on (a request target `new URL` cannot read, `//[`) is a refusal, never an exception out of the
 * server's 'upgrade' event, which would end the till.
 */
function authoriseOrRefuse(
  authorise: (request: SocketRequest, origin: string) => Role | Refusal,
  request: SocketRequest,
  origin: string
): Role | Refusal {
  try {
    return authorise(request, origin)
  } catch {
    return { status: '400 Bad Request', reason: 'a request it could not read' }
  }
}

/** Which role a socket request may take, or why it is refused. */
export function authorise(
  request: Pick<IncomingMessage, 'url' | 'headers'>,
  tokens: Readonly<Record<Role, string>>,
  expectedOrigin: string
): Role | Refusal {
  const url = new URL(request.url ?? '/', 'http://localhost')
  if (url.pathname !== wsPath) return { status: '404 Not Found', reason: `path ${url.pathname}` }
  // A page on another site can open a socket to loopback; only our own pages may (CSWSH).
  const origin = request.headers.origin
  if (origin !== undefined && origin !== expectedOrigin) {
    return { status: '403 Forbidden', reason: `origin ${origin}` }
  }
  const token = url.searchParams.get(tokenParam) ?? ''
  for (const role of ['cashier', 'customer'] as const) {
    if (sameSecret(token, tokens[role])) return role
  }
  return { status: '401 Unauthorized', reason: 'missing or wrong token' }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
