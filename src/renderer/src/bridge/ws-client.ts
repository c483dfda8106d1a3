import type {
  CommandArgs,
  CommandChannel,
  CommandResult,
  EventChannel,
  EventPayload,
  Result
} from '../../../shared/contract'
import { unpairedCloseCode, type WireRequest } from '../../../shared/contract/wire'
import { lostConnection, notConnected, parseServerFrame } from './frames'
import type { ConnectionState, ScreenClient } from './types'

/** The socket as the client uses it; `openWebSocket` adapts the platform's `WebSocket` to it. */
export interface SocketPort {
  send(text: string): void
  close(): void
}

export interface SocketHandlers {
  onOpen(): void
  onMessage(data: unknown): void
  /**
   * Called once, whether the socket closed, failed to open, or errored; `code` is the close
   * frame's, when the server sent one.
   */
  onClose(code?: number): void
}

export type OpenSocket = (url: string, handlers: SocketHandlers) => SocketPort

/** The global `WebSocket` (browsers, and Node 22+ for the tests). */
export const openWebSocket: OpenSocket = (url, handlers) => {
  const socket = new WebSocket(url)
  let closed = false
  const closeOnce = (code?: number): void => {
    if (closed) return
    closed = true
    handlers.onClose(code)
  }
  socket.onopen = () => handlers.onOpen()
  socket.onmessage = (event) => handlers.onMessage(event.data)
  socket.onerror = () => {
    closeOnce()
    socket.close()
  }
  socket.onclose = (event) => closeOnce(event.code)
  return {
    send: (text) => socket.send(text),
    close: () => socket.close()
  }
}

export interface Backoff {
  /** Delay before the first reconnect (ms). */
  readonly initialMs: number
  /** The delay doubles per failed try up to this (ms). */
  readonly maxMs: number
  /** Up to this fraction of the delay is added at random, so screens do not reconnect in step. */
  readonly jitter: number
}

export const defaultBackoff: Backoff = { initialMs: 250, maxMs: 5_000, jitter: 0.2 }

export interface WsClientOptions {
  readonly url: string
  readonly hasToken?: boolean
  readonly backoff?: Backoff
  readonly openSocket?: OpenSocket
  readonly random?: () => number
}

/** The delay before reconnect number `tries` (0 for the first): capped exponential with jitter. */
export function reconnectDelay(tries: number, backoff: Backoff, random: () => number): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(tries, 30))
  return Math.round(base * (1 + backoff.jitter * random()))
}

export interface WsTillClient extends ScreenClient {
  /** Stops reconnecting and closes the socket; pending commands resolve as lost. */
  close(): void
}

type Settle = (result: Result<unknown>) => void
type Listener = (payload: unknown) => void

/**
 * The till contract over the web host's WebSocket (src/main/web). Commands never reject: a command
 * in flight when the socket drops resolves as a lost connection, because the cashier's screen must
 * always get an answer to act on. Event listeners belong to the client, not to a socket, so they
 * survive reconnects; screens re-fetch their state when the connection comes back.
 */
export function createWsClient(options: WsClientOptions): WsTillClient {
  const backoff = options.backoff ?? defaultBackoff
  const openSocket = options.openSocket ?? openWebSocket
  const random = options.random ?? Math.random
  const listeners = new Map<EventChannel, Set<Listener>>()
  const connectionListeners = new Set<(state: ConnectionState) => void>()
  /** Requests sent on the current socket, by id. */
  const inFlight = new Map<number, Settle>()
  /** Requests made while the socket was still opening, sent once it is open. */
  let queued: { frame: string; id: number; settle: Settle }[] = []
  let nextId = 1
  let state: ConnectionState = 'connecting'
  let socket: SocketPort | null = null
  let tries = 0
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let stopped = false

  function setState(next: ConnectionState): void {
    if (next === state) return
    state = next
    for (const listener of [...connectionListeners]) safely(() => listener(next))
  }

  function connect(): void {
    retryTimer = null
    if (stopped) return
    setState('connecting')
    let current: SocketPort | null = null
    let open = false
    const handlers: SocketHandlers = {
      onOpen() {
        if (socket !== current) return
        open = true
        tries = 0
        const waiting = queued
        queued = []
        for (const request of waiting) {
          inFlight.set(request.id, request.settle)
          current?.send(request.frame)
        }
        setState('connected')
      },
      onMessage(data) {
        if (socket !== current || !open) return
        receive(data)
      },
      onClose(code) {
        if (socket !== current) return
        socket = null
        dropAll()
        if (code === unpairedCloseCode) {
          // The manager unpaired this tablet: its token is gone, so a reconnect can only fail.
          stopped = true
          setState('unpaired')
          return
        }
        setState('disconnected')
        scheduleReconnect()
      }
    }
    try {
      current = openSocket(options.url, handlers)
      socket = current
    } catch {
      socket = null
      dropAll()
      setState('disconnected')
      scheduleReconnect()
    }
  }

  function scheduleReconnect(): void {
    if (stopped || retryTimer !== null) return
    retryTimer = setTimeout(connect, reconnectDelay(tries, backoff, random))
    tries += 1
  }

  function dropAll(): void {
    const settles = [...inFlight.values(), ...queued.map((request) => request.settle)]
    inFlight.clear()
    queued = []
    for (const settle of settles) settle(lostConnection())
  }

  function receive(data: unknown): void {
    const frame = parseServerFrame(data)
    if (frame === null) return
    if (frame.kind === 'result') {
      const settle = inFlight.get(frame.id)
      if (!settle) return
      inFlight.delete(frame.id)
      settle(frame.result)
      return
    }
    const subscribed = listeners.get(frame.channel)
    if (!subscribed) return
    for (const listener of [...subscribed]) safely(() => listener(frame.payload))
  }

  function invoke<K extends CommandChannel>(
    channel: K,
    args: CommandArgs<K>
  ): Promise<Result<CommandResult<K>>> {
    return new Promise((resolve) => {
      const settle = resolve as Settle
      if (stopped || socket === null) {
        settle(notConnected())
        return
      }
      const id = nextId++
      const request: WireRequest = { id, channel, args }
      let frame: string
      try {
        frame = JSON.stringify(request)
      } catch {
        settle({
          ok: false,
          error: { code: 'INVALID_ARGUMENT', message: 'Arguments not sendable' }
        })
        return
      }
      if (state === 'connected') {
        inFlight.set(id, settle)
        try {
          socket.send(frame)
        } catch {
          inFlight.delete(id)
          settle(lostConnection())
        }
      } else {
        queued.push({ frame, id, settle })
      }
    })
  }

  function on<E extends EventChannel>(
    channel: E,
    listener: (payload: EventPayload<E>) => void
  ): () => void {
    const wrapped: Listener = (payload) => listener(payload as EventPayload<E>)
    let set = listeners.get(channel)
    if (!set) {
      set = new Set()
      listeners.set(channel, set)
    }
    set.add(wrapped)
    return () => {
      listeners.get(channel)?.delete(wrapped)
    }
  }

  connect()

  return {
    invoke,
    on,
    get connection() {
      return state
    },
    hasToken: options.hasToken ?? true,
    onConnection(listener) {
      connectionListeners.add(listener)
      return () => {
        connectionListeners.delete(listener)
      }
    },
    close() {
      stopped = true
      if (retryTimer !== null) clearTimeout(retryTimer)
      retryTimer = null
      const closing = socket
      socket = null
      dropAll()
      closing?.close()
      setState('disconnected')
    }
  }
}

/** A listener that throws must not stop the others or the socket: report it and carry on. */
function safely(run: () => void): void {
  try {
    run()
  } catch (error) {
    queueMicrotask(() => {
      throw error
    })
  }
}
