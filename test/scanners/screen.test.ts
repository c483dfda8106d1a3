import { afterEach, describe, expect, it } from 'vitest'
import type {
  EventChannel,
  ScannerDevice,
  ScannerDeviceState,
  ScannerScan,
  ScannerStatus
} from '../../src/shared/contract'
import type { ConnectionState, ScreenClient } from '../../src/renderer/src/bridge/types'
import { en } from '../../src/renderer/src/i18n/en'
import { jaScanner } from '../../src/renderer/src/i18n/ja/scanner'
import {
  connectScannerEvents,
  deliverHidScan,
  onHidScan,
  type ScannedCode
} from '../../src/renderer/src/lib/hid-scans'
import { scannerLine } from '../../src/renderer/src/lib/scanner-line'
import { provideTillClient } from '../../src/renderer/src/stores/client'
import { useScannerStore } from '../../src/renderer/src/stores/scanner-store'

interface FakeClient {
  readonly client: ScreenClient
  readonly invoked: string[]
  push(channel: EventChannel, payload: unknown): void
  connect(state: ConnectionState): void
  /** How many listeners are subscribed, events and connection together. */
  listening(): number
}

/** A screen's link to the till, driven by the test: it pushes events and connection changes. */
function fakeClient(status: ScannerStatus | null = null): FakeClient {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const connections = new Set<(state: ConnectionState) => void>()
  const invoked: string[] = []
  const client = {
    connection: 'connected' as ConnectionState,
    hasToken: true,
    onConnection(listener: (state: ConnectionState) => void) {
      connections.add(listener)
      return () => connections.delete(listener)
    },
    on(channel: EventChannel, listener: (payload: unknown) => void) {
      const set = listeners.get(channel) ?? new Set()
      set.add(listener)
      listeners.set(channel, set)
      return () => set.delete(listener)
    },
    invoke: async (channel: string) => {
      invoked.push(channel)
      return status === null
        ? { ok: false, error: { code: 'INTERNAL', message: 'down' } }
        : { ok: true, value: status }
    }
  } as unknown as ScreenClient
  return {
    client,
    invoked,
    push: (channel: EventChannel, payload: unknown) =>
      listeners.get(channel)?.forEach((listener) => listener(payload)),
    connect: (state: ConnectionState) => connections.forEach((listener) => listener(state)),
    listening: () => [...listeners.values()].reduce((n, set) => n + set.size, 0) + connections.size
  }
}

const ready: ScannerStatus = {
  kind: 'hid-pos',
  devices: [
    { name: 'Honeywell Voyager 1450g', vendorId: 0x0c2e, productId: 0x0b87, state: 'ready' }
  ],
  message: null
}
const scan = (code: string): ScannerScan => ({
  code,
  symbology: 'qr',
  aim: ']Q1',
  source: 'hid-pos'
})

const undo: (() => void)[] = []
afterEach(() => {
  for (const stop of undo.splice(0)) stop()
})

interface Seen {
  statuses: ScannerStatus[]
  loads: number
}

function wire(fake: FakeClient): Seen {
  const seen: Seen = { statuses: [], loads: 0 }
  undo.push(
    connectScannerEvents(fake.client, {
      applyStatus: (status) => seen.statuses.push(status),
      loadStatus: () => {
        seen.loads += 1
      }
    })
  )
  return seen
}

describe('connectScannerEvents', () => {
  it('hands a HID-POS code to the handler the screen registered, and only while registered', () => {
    const fake = fakeClient()
    wire(fake)
    const scans: ScannedCode[] = []
    const stop = onHidScan((scanned) => scans.push(scanned))
    fake.push('scanner:scan', scan('281234567890123456'))
    // The AIM goes with the code: method rules may require one (audit E).
    expect(scans).toEqual([{ code: '281234567890123456', aim: ']Q1' }])
    stop()
    fake.push('scanner:scan', scan('134567890123456789'))
    expect(scans).toHaveLength(1)
  })

  it('says whether a screen took the code', () => {
    expect(deliverHidScan({ code: '281234567890123456', aim: null })).toBe(false)
    undo.push(onHidScan(() => undefined))
    expect(deliverHidScan({ code: '281234567890123456', aim: null })).toBe(true)
  })

  it('loads the status at once and on every reconnect, and applies status events', () => {
    const fake = fakeClient()
    const seen = wire(fake)
    expect(seen.loads).toBe(1)
    fake.connect('disconnected')
    fake.connect('connected')
    expect(seen.loads).toBe(2)
    fake.push('scanner:status', ready)
    expect(seen.statuses).toEqual([ready])
  })

  it('waits for the connection before loading, and unsubscribes everything', () => {
    const fake = fakeClient()
    ;(fake.client as { connection: ConnectionState }).connection = 'connecting'
    const seen = wire(fake)
    expect(seen.loads).toBe(0)
    expect(fake.listening()).toBe(3)
    for (const stop of undo.splice(0)) stop()
    expect(fake.listening()).toBe(0)
  })
})

describe('useScannerStore', () => {
  it('loads scanner:status, and keeps the last status when the fetch fails', async () => {
    const up = fakeClient(ready)
    provideTillClient(up.client)
    await useScannerStore.getState().api.load()
    expect(up.invoked).toEqual(['scanner:status'])
    expect(useScannerStore.getState().status).toEqual(ready)
    provideTillClient(fakeClient(null).client)
    await useScannerStore.getState().api.load()
    expect(useScannerStore.getState().status).toEqual(ready)
  })
})

describe('scannerLine', () => {
  const device = (name: string, state: ScannerDeviceState): ScannerDevice => ({
    name,
    vendorId: 1,
    productId: 2,
    state
  })
  it.each<[ScannerStatus, string, boolean]>([
    [{ kind: 'none', devices: [], message: null }, 'Scanner: keyboard-wedge', false],
    [ready, 'Scanner: HID-POS ready (Honeywell Voyager 1450g)', false],
    [
      {
        kind: 'hid-pos',
        devices: [device('A', 'unavailable'), device('B', 'ready')],
        message: 'x'
      },
      en.scanner.unavailable('A'),
      true
    ],
    [
      { kind: 'hid-pos', devices: [device('A', 'unplugged')], message: 'x' },
      'Scanner: A is unplugged — plug it in again; until then its scans do not reach the till',
      true
    ],
    [
      {
        kind: 'hid-pos',
        devices: [device('B', 'ready'), device('A', 'unplugged')],
        message: 'x'
      },
      en.scanner.unplugged('A'),
      true
    ],
    [
      { kind: 'hid-pos', devices: [device('A', 'opening')], message: null },
      'Scanner: connecting to A…',
      false
    ],
    [
      { kind: 'hid-pos', devices: [device('A', 'unavailable')], message: 'x' },
      en.scanner.unavailable('A'),
      true
    ],
    [
      { kind: 'keyboard-mode', devices: [device('Voyager', 'keyboard-mode')], message: 'x' },
      en.scanner.keyboardMode('Voyager'),
      true
    ]
  ])('%j reads as the right line', (status, text, attention) => {
    expect(scannerLine(status, en.scanner)).toEqual({ text, attention })
  })

  it('tells the cashier how to switch a keyboard-mode scanner, in English and Japanese', () => {
    expect(en.scanner.keyboardMode('X')).toContain('“USB HID-POS”')
    expect(jaScanner.keyboardMode('X')).toContain('「USB HID-POS」')
    expect(Object.keys(jaScanner).sort()).toEqual(Object.keys(en.scanner).sort())
  })
})
