import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws'
import type { ConnectionState } from '../../src/renderer/src/bridge/types'
import {
  createWsClient,
  openWebSocket,
  reconnectDelay,
  type WsTillClient
} from '../../src/renderer/src/bridge/ws-client'
import type { SaleView } from '../../src/shared/order'
import { unpairedCloseCode } from '../../src/shared/contract/wire'

interface Request {
  readonly id: number
  readonly channel: string
  readonly args: unknown
}

/** A real `ws` server standing in for the web host: it records requests and lets a test answer. */
class FakeHost {
  readonly sockets: ServerSocket[] = []
  readonly requests: Request[] = []
  readonly urls: string[] = []
  private waiters: (() => void)[] = []

  private constructor(readonly server: WebSocketServer) {
    server.on('connection', (socket, request) => {
      this.sockets.push(socket)
      this.urls.push(request.url ?? '')
      socket.on('message', (data) => {
        this.requests.push(JSON.parse(String(data)) as Request)
        this.notify()
      })
      this.notify()
    })
  }

  static async start(port = 0): Promise<FakeHost> {
    const server = new WebSocketServer({ host: '127.0.0.1', port })
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve)
      server.once('error', reject)
    })
    return new FakeHost(server)
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/ws?token=abc`
  }

  get socket(): ServerSocket {
    const socket = this.sockets.at(-1)
    if (!socket) throw new Error('no client connected')
    return socket
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
  }

  reply(request: Request, result: unknown): void {
    this.send({ kind: 'result', id: request.id, result })
  }

  /** Resolves once `check` holds, re-checked on every connection and message. */
  async until(check: () => boolean): Promise<void> {
    while (!check()) await new Promise<void>((resolve) => this.waiters.push(resolve))
  }

  async close(): Promise<void> {
    for (const socket of this.server.clients) socket.terminate()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private notify(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const resolve of waiters) resolve()
  }
}

const fastBackoff = { initialMs: 10, maxMs: 40, jitter: 0 }

function states(client: WsTillClient): ConnectionState[] {
  const seen: ConnectionState[] = [client.connection]
  client.onConnection((state) => seen.push(state))
  return seen
}

async function waitFor(client: WsTillClient, state: ConnectionState): Promise<void> {
  if (client.connection === state) return
  await new Promise<void>((resolve) => {
    const stop = client.onConnection((next) => {
      if (next !== state) return
      stop()
      resolve()
    })
  })
}

const sale: SaleView = {
  saleId: 7,
  amount: { minor: 1200, currency: 'JPY' },
  status: 'open',
  createdAt: 1,
  updatedAt: 1,
  attempts: [],
  refunds: [],
  paidMinor: 0,
  refundedMinor: 0
}

const hosts: FakeHost[] = []
const clients: WsTillClient[] = []

async function setup(): Promise<{ host: FakeHost; client: WsTillClient }> {
  const host = await FakeHost.start()
  hosts.push(host)
  const client = createWsClient({ url: host.url, backoff: fastBackoff })
  clients.push(client)
  return { host, client }
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  for (const host of hosts.splice(0)) await host.close()
})

describe('WebSocket till client', () => {
  it('connects with the token and matches each result to its request by id', async () => {
    const { host, client } = await setup()
    const info = client.invoke('settings:info', {})
    const opened = client.invoke('sales:open', { amount: { minor: 1200, currency: 'JPY' } })
    await host.until(() => host.requests.length === 2)

    expect(host.urls).toEqual(['/ws?token=abc'])
    const [first, second] = host.requests
    expect(first).toMatchObject({ channel: 'settings:info', args: {} })
    expect(second).toMatchObject({
      channel: 'sales:open',
      args: { amount: { minor: 1200, currency: 'JPY' } }
    })
    expect(first?.id).not.toBe(second?.id)

    // Answered out of order: each promise still gets its own result.
    host.reply(second as Request, { ok: true, value: sale })
    host.reply(first as Request, { ok: false, error: { code: 'FORBIDDEN', message: 'no' } })
    await expect(opened).resolves.toEqual({ ok: true, value: sale })
    await expect(info).resolves.toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'no' } })
  })

  it('delivers events to the listeners of their channel until they unsubscribe', async () => {
    const { host, client } = await setup()
    await waitFor(client, 'connected')
    const sales: unknown[] = []
    const displays: unknown[] = []
    const stopSales = client.on('sales:changed', (payload) => sales.push(payload))
    client.on('display:changed', (payload) => displays.push(payload))

    host.send({ kind: 'event', channel: 'sales:changed', payload: sale })
    host.send({
      kind: 'event',
      channel: 'display:changed',
      payload: { screen: 'idle', shopName: 'A' }
    })
    const probe = client.invoke('settings:info', {})
    await host.until(() => host.requests.length === 1)
    stopSales()
    host.send({ kind: 'event', channel: 'sales:changed', payload: { ...sale, saleId: 8 } })
    host.reply(host.requests[0] as Request, { ok: true, value: null })
    await probe

    expect(sales).toEqual([sale])
    expect(displays).toEqual([{ screen: 'idle', shopName: 'A' }])
  })

  it('ignores malformed frames and still settles a result whose envelope is unreadable', async () => {
    const { host, client } = await setup()
    const events: unknown[] = []
    client.on('sales:changed', (payload) => events.push(payload))
    const broken = client.invoke('settings:info', {})
    const fine = client.invoke('display:get', {})
    await host.until(() => host.requests.length === 2)
    const [first, second] = host.requests as [Request, Request]

    for (const junk of [
      'not json',
      '[]',
      'null',
      '{"kind":"result"}',
      { kind: 'result', id: 'one', result: { ok: true, value: 1 } },
      { kind: 'result', id: -1, result: { ok: true, value: 1 } },
      { kind: 'result', id: 9999, result: { ok: true, value: 1 } },
      { kind: 'event', channel: 'sales:deleteEverything', payload: {} },
      { kind: 'event', channel: 'sales:changed' },
      { kind: 'event', channel: 42, payload: {} },
      { kind: 'surprise', id: second.id, result: { ok: true, value: 1 } }
    ]) {
      host.send(junk)
    }
    host.socket.send(Buffer.from(JSON.stringify({ kind: 'result', id: second.id })), {
      binary: true
    })
    host.reply(first, { ok: 'yes', value: 1 })
    host.reply(second, { ok: false, error: { code: 'NOT_A_CODE', message: 'x' } })

    await expect(broken).resolves.toEqual({
      ok: false,
      error: {
        code: 'INTERNAL',
        message: 'The till service sent a reply this screen could not read'
      }
    })
    await expect(fine).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(events).toEqual([])
    expect(client.connection).toBe('connected')
  })

  it('resolves commands in flight when the socket drops, and never rejects', async () => {
    const { host, client } = await setup()
    const seen = states(client)
    const pending = [
      client.invoke('sales:get', { saleId: 7 }),
      client.invoke('payments:startCpm', {
        saleId: 7,
        authCode: '134567890123456789',
        payMethodId: 'WeChatPay'
      })
    ]
    await host.until(() => host.requests.length === 2)
    host.socket.terminate()

    const lost = {
      ok: false,
      error: { code: 'INTERNAL', message: 'Lost the connection to the till service' }
    }
    await expect(Promise.all(pending)).resolves.toEqual([lost, lost])
    expect(seen).toContain('disconnected')
  })

  it('fails fast while disconnected and queues commands while a socket is opening', async () => {
    const { host, client } = await setup()
    await waitFor(client, 'connected')
    host.socket.terminate()
    await waitFor(client, 'disconnected')
    await expect(client.invoke('settings:info', {})).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Not connected to the till service' }
    })

    await waitFor(client, 'connecting')
    const queued = client.invoke('settings:info', {})
    await host.until(() => host.requests.length === 1)
    host.reply(host.requests[0] as Request, { ok: true, value: 'after reconnect' })
    await expect(queued).resolves.toEqual({ ok: true, value: 'after reconnect' })
  })

  it('reconnects after a drop, with listeners still subscribed', async () => {
    const { host, client } = await setup()
    const seen = states(client)
    const events: unknown[] = []
    client.on('sales:changed', (payload) => events.push(payload))
    await waitFor(client, 'connected')

    host.socket.terminate()
    await host.until(() => host.sockets.length === 2)
    await waitFor(client, 'connected')
    host.send({ kind: 'event', channel: 'sales:changed', payload: sale })
    await new Promise<void>((resolve) => client.on('sales:changed', () => resolve()))

    expect(events).toEqual([sale])
    expect(seen).toEqual(['connecting', 'connected', 'disconnected', 'connecting', 'connected'])
  })

  it('stops for good, "unpaired", when the till closes it with the unpaired code', async () => {
    const host = await FakeHost.start()
    hosts.push(host)
    let heardClose: () => void = () => undefined
    const socketClosed = new Promise<void>((resolve) => (heardClose = resolve))
    const client = createWsClient({
      url: host.url,
      backoff: fastBackoff,
      openSocket: (url, handlers) =>
        openWebSocket(url, {
          ...handlers,
          onClose(code) {
            handlers.onClose(code)
            heardClose()
          }
        })
    })
    clients.push(client)
    const seen = states(client)
    await waitFor(client, 'connected')
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      host.socket.close(unpairedCloseCode, 'unpaired')
      await socketClosed
      expect(client.connection).toBe('unpaired')
      vi.advanceTimersByTime(fastBackoff.maxMs)
      expect(host.sockets.length).toBe(1)
      expect(seen).toEqual(['connecting', 'connected', 'unpaired'])
    } finally {
      vi.useRealTimers()
    }
    // Any other close code is a drop like any other: the client comes back.
    const other = createWsClient({ url: host.url, backoff: fastBackoff })
    clients.push(other)
    await waitFor(other, 'connected')
    host.socket.close(4000, 'something else')
    await host.until(() => host.sockets.length === 3)
    await waitFor(other, 'connected')
  })

  it('keeps trying until the till service comes up', async () => {
    const probe = await FakeHost.start()
    const port = probe.port
    await probe.close()
    const client = createWsClient({
      url: `ws://127.0.0.1:${port}/ws?token=t`,
      backoff: fastBackoff
    })
    clients.push(client)
    const seen = states(client)
    await waitFor(client, 'disconnected')
    await waitFor(client, 'connecting')

    const host = await FakeHost.start(port)
    hosts.push(host)
    await waitFor(client, 'connected')
    expect(seen.filter((state) => state === 'disconnected').length).toBeGreaterThanOrEqual(1)
    expect(seen.at(-1)).toBe('connected')
  })

  it('stops for good when closed', async () => {
    const host = await FakeHost.start()
    hosts.push(host)
    let opened = 0
    let heardClose: () => void = () => undefined
    const socketClosed = new Promise<void>((resolve) => (heardClose = resolve))
    const client = createWsClient({
      url: host.url,
      backoff: fastBackoff,
      // The real socket, counted, telling the test once the client has heard it close: the
      // moment a reconnect would be scheduled.
      openSocket: (url, handlers) => {
        opened += 1
        return openWebSocket(url, {
          ...handlers,
          onClose() {
            handlers.onClose()
            heardClose()
          }
        })
      }
    })
    clients.push(client)
    await waitFor(client, 'connected')
    // From here a reconnect timer, if the client sets one, fires only when the test advances time.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      client.close()
      expect(client.connection).toBe('disconnected')
      await expect(client.invoke('settings:info', {})).resolves.toMatchObject({ ok: false })
      await socketClosed
      // A reconnect left behind would be due within the longest backoff: run it now.
      vi.advanceTimersByTime(fastBackoff.maxMs)
      expect(opened).toBe(1)
      expect(host.sockets.length).toBe(1)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('reconnectDelay', () => {
  it('doubles from the first delay up to the cap, plus at most the jitter', () => {
    const backoff = { initialMs: 250, maxMs: 5000, jitter: 0.2 }
    const none = (): number => 0
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((n) => reconnectDelay(n, backoff, none))).toEqual([
      250, 500, 1000, 2000, 4000, 5000, 5000, 5000
    ])
    expect(reconnectDelay(10, backoff, () => 0.999)).toBeLessThanOrEqual(6000)
  })
})
