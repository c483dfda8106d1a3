import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import type { WireMessage } from '../../src/shared/contract/wire'
import { setLogSink } from '../../src/main/log'
import { createTill, type Till } from '../../src/main/till'
import { startWebHost, type WebHost } from '../../src/main/web/server'
import { generateSandboxCredentials, type SandboxCredentials } from '../../src/sandbox'
import { FakeClock } from '../support/fake-clock'
import { useTempDir } from '../support/temp-dir'
import { codeReport, FakeHid, voyagerKeyboard, voyagerPos } from './fake-hid'

/**
 * The whole way of a HID-POS scan: a report on the (fake) USB device, the real reader in the
 * real till, the web adapter's role filter, a WebSocket client as a screen. Only the USB side
 * is fake; real hardware was not available.
 */

const tempDir = useTempDir()
const tokens = { cashier: 'cashier-token-0123456789', customer: 'customer-token-0123456789' }
const walletCode = '281234567890123456'

let credentials: SandboxCredentials
beforeAll(async () => {
  credentials = await generateSandboxCredentials()
})

let till: Till | null = null
let host: WebHost | null = null
afterEach(async () => {
  await host?.close()
  await till?.close()
  host = null
  till = null
})

async function boot(hid: FakeHid | null, clock: FakeClock): Promise<WebHost> {
  const dir = tempDir()
  mkdirSync(join(dir, 'renderer'))
  till = await createTill({
    dataDir: join(dir, 'data'),
    clock,
    sandboxCredentials: credentials,
    scanners: hid
  })
  host = await startWebHost({ till, rendererDir: join(dir, 'renderer'), tokens })
  return host
}

interface Screen {
  readonly ws: WebSocket
  readonly events: { channel: string; payload: unknown }[]
  request(channel: string, args?: unknown): Promise<unknown>
  /** Resolves with the payload of the next event on `channel` (or one already received). */
  next(channel: string): Promise<unknown>
}

async function connect(web: WebHost, token: string): Promise<Screen> {
  const ws = new WebSocket(`${web.origin.replace('http', 'ws')}/ws?token=${token}`, {
    headers: { origin: web.origin }
  })
  const events: Screen['events'] = []
  const results = new Map<number, (result: unknown) => void>()
  const waiting: { channel: string; resolve: (payload: unknown) => void }[] = []
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as WireMessage
    if (message.kind === 'result') results.get(message.id)?.(message.result)
    if (message.kind === 'event') {
      events.push({ channel: message.channel, payload: message.payload })
      for (const waiter of waiting.filter((w) => w.channel === message.channel)) {
        waiting.splice(waiting.indexOf(waiter), 1)
        waiter.resolve(message.payload)
      }
    }
  })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  let id = 0
  return {
    ws,
    events,
    request: (channel, args = {}) =>
      new Promise((resolve) => {
        id += 1
        results.set(id, resolve)
        ws.send(JSON.stringify({ id, channel, args }))
      }),
    next: (channel) => new Promise((resolve) => waiting.push({ channel, resolve }))
  }
}

describe('HID-POS scans through the contract', () => {
  it('reach the cashier as scanner:scan and never the customer display', async () => {
    const logs: string[] = []
    setLogSink((record) => logs.push(JSON.stringify(record)), 'info')
    const clock = new FakeClock()
    const hid = new FakeHid(clock)
    hid.devices = [voyagerPos]
    const web = await boot(hid, clock)
    const cashier = await connect(web, tokens.cashier)
    const customer = await connect(web, tokens.customer)
    await vi.waitFor(() => expect(hid.connections).toHaveLength(1))

    expect(await cashier.request('scanner:status')).toEqual({
      ok: true,
      value: {
        kind: 'hid-pos',
        devices: [
          { name: 'Honeywell Voyager 1450g', vendorId: 0x0c2e, productId: 0x0b87, state: 'ready' }
        ],
        message: null
      }
    })
    expect(await customer.request('scanner:status')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' }
    })

    const scanned = cashier.next('scanner:scan')
    hid.last('/dev/hidraw3').report(codeReport(walletCode))
    expect(await scanned).toEqual({
      code: walletCode,
      symbology: 'qr',
      aim: ']Q1',
      source: 'hid-pos'
    })
    // A round trip on the customer's socket after the scan: anything pushed to it has arrived.
    await customer.request('display:get')
    expect(customer.events.map((e) => e.channel)).not.toContain('scanner:scan')
    expect(customer.events.map((e) => e.channel)).not.toContain('scanner:status')
    expect(logs.join('\n')).not.toContain(walletCode)

    // Unplugged: the cashier hears of it.
    const unplugged = cashier.next('scanner:status')
    hid.devices = []
    hid.last('/dev/hidraw3').fail(new Error('could not read from HID device'))
    expect(await unplugged).toMatchObject({
      kind: 'hid-pos',
      devices: [{ name: 'Honeywell Voyager 1450g', state: 'unplugged' }]
    })
    cashier.ws.close()
    customer.ws.close()
  })

  it('tells the cashier about a scanner in keyboard mode', async () => {
    const clock = new FakeClock()
    const hid = new FakeHid(clock)
    hid.devices = [voyagerKeyboard]
    const web = await boot(hid, clock)
    const cashier = await connect(web, tokens.cashier)
    await vi.waitFor(async () =>
      expect(await cashier.request('scanner:status')).toMatchObject({
        ok: true,
        value: { kind: 'keyboard-mode', devices: [{ state: 'keyboard-mode' }] }
      })
    )
    cashier.ws.close()
  })

  it('answers none when the till runs without scanners', async () => {
    const web = await boot(null, new FakeClock())
    const cashier = await connect(web, tokens.cashier)
    expect(await cashier.request('scanner:status')).toEqual({
      ok: true,
      value: { kind: 'none', devices: [], message: null }
    })
    cashier.ws.close()
  })
})
