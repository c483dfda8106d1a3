import { mkdirSync, writeFileSync } from 'node:fs'
import { connect as netConnect } from 'node:net'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { WireMessage } from '../../src/shared/contract/wire'
import { createTill, type Till } from '../../src/main/till'
import { resolveInside } from '../../src/main/web/static'
import { startWebHost, type WebHost } from '../../src/main/web/server'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()
const tokens = { cashier: 'cashier-token-0123456789', customer: 'customer-token-0123456789' }

let till: Till
let host: WebHost
let rendererDir: string

beforeEach(async () => {
  const dir = tempDir()
  rendererDir = join(dir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(join(rendererDir, 'cashier.html'), '<!doctype html><title>cashier</title>')
  writeFileSync(join(dir, 'secret.txt'), 'not for the web')
  till = await createTill({ dataDir: join(dir, 'data') })
  host = await startWebHost({ till, rendererDir, tokens })
})

afterEach(async () => {
  await host.close()
  await till.close()
})

/** A socket client that records every message; `request` resolves with the matching result. */
async function connect(
  token: string | null,
  headers: Record<string, string> = {}
): Promise<{
  ws: WebSocket
  messages: WireMessage[]
  request: (channel: string, args?: unknown) => Promise<unknown>
}> {
  const wsUrl = `${host.origin.replace('http', 'ws')}/ws${token === null ? '' : `?token=${token}`}`
  const ws = new WebSocket(wsUrl, { headers: { origin: host.origin, ...headers } })
  const messages: WireMessage[] = []
  const waiters = new Map<number, (result: unknown) => void>()
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as WireMessage
    messages.push(message)
    if (message.kind === 'result') waiters.get(message.id)?.(message.result)
  })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('unexpected-response', (_req, res) => reject(new Error(String(res.statusCode))))
    ws.once('error', reject)
  })
  let nextId = 1
  return {
    ws,
    messages,
    request: (channel, args = {}) =>
      new Promise((resolve) => {
        const id = nextId++
        waiters.set(id, resolve)
        ws.send(JSON.stringify({ id, channel, args }))
      })
  }
}

describe('web host sockets', () => {
  it('refuses to listen on every address, naming what to give instead', async () => {
    for (const everywhere of ['0.0.0.0', '::', '[::]', '0:0:0:0:0:0:0:0']) {
      await expect(startWebHost({ till, rendererDir, tokens, host: everywhere })).rejects.toThrow(
        /listens on every address.*this machine's own address/
      )
    }
  })

  it('refuses a socket without the token, with a wrong token, or from another site', async () => {
    await expect(connect(null)).rejects.toThrow('401')
    await expect(connect('guess')).rejects.toThrow('401')
    await expect(connect(tokens.cashier, { origin: 'http://evil.example' })).rejects.toThrow('403')
  })

  it('gives the customer display only its part of the contract', async () => {
    const customer = await connect(tokens.customer)
    expect(await customer.request('display:get')).toMatchObject({
      ok: true,
      value: { screen: 'idle' }
    })
    expect(
      await customer.request('sales:open', { amount: { minor: 100, currency: 'JPY' } })
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    customer.ws.close()
  })

  it('validates arguments before any service runs', async () => {
    const cashier = await connect(tokens.cashier)
    for (const args of [
      { amount: { minor: -5, currency: 'JPY' } },
      { amount: { minor: 1.5, currency: 'JPY' } },
      { amount: { minor: 100, currency: 'XXX' } },
      { amount: { minor: 100, currency: 'JPY' }, extra: true },
      null
    ]) {
      expect(await cashier.request('sales:open', args)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT' }
      })
    }
    expect(await cashier.request('sales:nonsense')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' }
    })
    cashier.ws.close()
  })

  it('pushes events only to the roles that receive them', async () => {
    const cashier = await connect(tokens.cashier)
    const customer = await connect(tokens.customer)
    const displayed = new Promise<void>((resolve) =>
      customer.ws.on('message', (data) => {
        if (String(data).includes('awaiting-code')) resolve()
      })
    )
    expect(
      await cashier.request('sales:open', { amount: { minor: 1200, currency: 'JPY' } })
    ).toMatchObject({ ok: true, value: { status: 'open', amount: { minor: 1200 } } })
    await displayed
    expect(cashier.messages.some((m) => m.kind === 'event' && m.channel === 'sales:changed')).toBe(
      true
    )
    expect(customer.messages.some((m) => m.kind === 'event' && m.channel === 'sales:changed')).toBe(
      false
    )
    cashier.ws.close()
    customer.ws.close()
  })

  it('closes a socket that sends a malformed frame', async () => {
    const cashier = await connect(tokens.cashier)
    const closed = new Promise<number>((resolve) =>
      cashier.ws.once('close', (code) => resolve(code))
    )
    cashier.ws.send('{"id": "one"')
    expect(await closed).toBe(1007)
  })
})

/** A WebSocket handshake for `target`, written by hand: no client library would send it. */
function handshake(target: string): string {
  return [
    `GET ${target} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    '',
    ''
  ].join('\r\n')
}

/** Sends `text` on a raw connection; resolves with what came back once the server closes it. */
function rawExchange(text: string): Promise<string> {
  const { hostname, port } = new URL(host.origin)
  return new Promise((resolve, reject) => {
    let reply = ''
    const socket = netConnect(Number(port), hostname, () => socket.write(text))
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString()))
    socket.on('close', () => resolve(reply))
    socket.on('error', reject)
  })
}

describe('web host sockets, against a peer that is not a browser', () => {
  // Anyone who can reach the port can send these, before any token is checked: the LAN
  // listener is the same code. An exception here used to end the whole till process.
  it('refuses a socket request whose address cannot be read, and keeps serving', async () => {
    for (const target of ['//[', 'http://[', '//host:99999/ws']) {
      expect(await rawExchange(handshake(target)), target).toMatch(/^HTTP\/1\.1 400 /)
    }
    expect((await fetch(`${host.origin}/cashier.html`)).status).toBe(200)
  })

  it('keeps serving when a peer resets the connection before its refusal is written', async () => {
    const { hostname, port } = new URL(host.origin)
    for (let i = 0; i < 20; i += 1) {
      await new Promise<void>((resolve) => {
        const socket = netConnect(Number(port), hostname, () => {
          socket.write(handshake('/ws?token=guess'))
          socket.resetAndDestroy()
        })
        socket.on('error', () => undefined)
        socket.on('close', () => resolve())
      })
    }
    expect((await fetch(`${host.origin}/cashier.html`)).status).toBe(200)
  })
})

describe('web host pages', () => {
  it('serves the screens with a strict content security policy', async () => {
    const response = await fetch(`${host.origin}/cashier.html`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
  })

  it('never serves a file outside the built screens', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%5csecret.txt'
    ]) {
      const response = await fetch(`${host.origin}${path}`)
      expect(response.status, path).toBe(404)
      expect(await response.text()).not.toContain('not for the web')
    }
    expect((await fetch(`${host.origin}/cashier.html`, { method: 'POST' })).status).toBe(405)
  })

  it('resolves request paths inside the root only', () => {
    const root = '/srv/screens'
    const cases: [string, string | null][] = [
      ['/cashier.html', '/srv/screens/cashier.html'],
      ['/assets/a.js', '/srv/screens/assets/a.js'],
      ['/../etc/passwd', '/srv/screens/etc/passwd'],
      ['/%2e%2e/%2e%2e/etc/passwd', '/srv/screens/etc/passwd'],
      ['/a/../../b', '/srv/screens/b'],
      ['/..%5c..%5cwin.ini', null],
      ['/%00.html', null],
      ['/%E0%A4%A', null]
    ]
    for (const [input, expected] of cases) expect(resolveInside(root, input), input).toBe(expected)
  })
})
