import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ScannerScan, ScannerStatus } from '../../src/shared/contract'
import { setLogSink, type LogLevel } from '../../src/main/log'
import { createScannerReader, type ScannerReader } from '../../src/main/scanners'
import { FakeClock } from '../support/fake-clock'
import { noIdsContinuedFirst } from '../fixtures/hid/descriptors'
import {
  codeReport,
  codeReports,
  FakeHid,
  plainKeyboard,
  voyagerKeyboard,
  voyagerPos
} from './fake-hid'

const walletCode = '281234567890123456'

let logs: { level: LogLevel; message: string; fields?: Record<string, unknown> }[]
let clock: FakeClock
let hid: FakeHid
let scans: ScannerScan[]
let statuses: ScannerStatus[]
let reader: ScannerReader | null

beforeEach(() => {
  logs = []
  setLogSink((record) => logs.push(record), 'debug')
  clock = new FakeClock()
  hid = new FakeHid(clock)
  scans = []
  statuses = []
  reader = null
})

afterEach(async () => {
  await reader?.close()
})

function start(
  transport: FakeHid | (() => Promise<FakeHid>) = hid,
  platform: NodeJS.Platform = 'linux'
): ScannerReader {
  reader = createScannerReader({
    transport,
    clock,
    platform,
    onScan: (scan) => scans.push(scan),
    onStatus: (status) => statuses.push(status)
  })
  return reader
}

/** Waits until the reader has finished what it started (enumerate, open, close). */
async function settle(): Promise<void> {
  await reader?.idle()
}

/** Advances virtual time second by second, letting each rescan finish before the next. */
async function advance(ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= 1000) {
    clock.advance(Math.min(1000, left))
    await settle()
  }
}

const summary = (status: ScannerStatus): string =>
  `${status.kind}: ${status.devices.map((device) => device.state).join(', ')}`

const gaps = (times: readonly number[]): number[] => times.slice(1).map((t, n) => t - times[n]!)

describe('the scanner reader over a fake transport', () => {
  it('finds the 0x8C interface of a composite scanner, opens it, and delivers its scans', async () => {
    hid.devices = [
      plainKeyboard,
      { ...voyagerPos, path: '/dev/hidraw2', usagePage: 0x01, usage: 6 },
      voyagerPos
    ]
    await start().start()
    expect(hid.connections.map((c) => c.path)).toEqual(['/dev/hidraw3'])
    expect(reader?.status()).toEqual({
      kind: 'hid-pos',
      devices: [
        { name: 'Honeywell Voyager 1450g', vendorId: 0x0c2e, productId: 0x0b87, state: 'ready' }
      ],
      message: null
    })
    expect(statuses.map(summary)).toEqual(['hid-pos: opening', 'hid-pos: ready'])

    hid.last('/dev/hidraw3').report(codeReport(walletCode))
    expect(scans).toEqual([{ code: walletCode, symbology: 'qr', aim: ']Q1', source: 'hid-pos' }])
    // The log has the symbology and the last 4 characters, never the code.
    const text = JSON.stringify(logs)
    expect(text).toContain('…3456')
    expect(text).not.toContain(walletCode)
    expect(text).not.toContain(walletCode.slice(0, 12))
  })

  it('reads with the layout from the report descriptor when the platform gives one', async () => {
    hid.devices = [voyagerPos]
    hid.descriptors.set('/dev/hidraw3', Uint8Array.from(noIdsContinuedFirst))
    await start().start()
    const connection = hid.last('/dev/hidraw3')
    const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0))
    // The common layout would read this report as report ID 0x00 and ignore it.
    connection.report([0x01, ...ascii(']C0'), ...ascii('28123456789012345678')])
    connection.report([0x00, ...ascii(']C0'), ...ascii('90'), ...new Array<number>(18).fill(0)])
    expect(scans).toEqual([
      { code: '2812345678901234567890', symbology: 'code128', aim: ']C0', source: 'hid-pos' }
    ])
  })

  it('ignores a garbage report with a logged reason and keeps reading', async () => {
    hid.devices = [voyagerPos]
    await start().start()
    const connection = hid.last('/dev/hidraw3')
    connection.report([0, 0, 37, 0, 0, 0, 0, 0])
    connection.report(codeReport(walletCode))
    expect(scans.map((s) => s.code)).toEqual([walletCode])
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message:
          'Honeywell Voyager 1450g: ignored report ID 0x00 is not the scanned-data report (0x02)'
      })
    )
  })

  it('reads a code too long to pay with as nothing: none of its reports is a code', async () => {
    hid.devices = [voyagerPos]
    await start().start()
    const connection = hid.last('/dev/hidraw3')
    // A 4.2 kB QR code whose last report holds what looks like a wallet code.
    const long = codeReports(`${'A'.repeat(4200 - walletCode.length)}${walletCode}`)
    for (const report of long) connection.report(report)
    expect(scans).toEqual([])
    connection.report(codeReport(walletCode))
    expect(scans.map((s) => s.code)).toEqual([walletCode])
    expect(logs.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      'Honeywell Voyager 1450g: dropped a code over 4096 bytes'
    ])
  })

  it('never reads the rest of a code that stalled as a code of its own', async () => {
    hid.devices = [voyagerPos]
    await start().start()
    const connection = hid.last('/dev/hidraw3')
    const [head, tail] = codeReports(`https://qr.example/pay?order=${'0'.repeat(26)}${walletCode}`)
    connection.report(head!)
    clock.advance(1500)
    connection.report(tail!)
    expect(scans).toEqual([])
    connection.report(codeReport(walletCode))
    expect(scans.map((s) => s.code)).toEqual([walletCode])
  })

  it('after an unplug rescans with backoff, bounded, and reopens on replug', async () => {
    hid.devices = [voyagerPos]
    await start().start()
    expect(hid.enumeratedAt).toHaveLength(1)
    // Open and healthy: one enumeration every 30 s (a second scanner), however long it runs.
    await advance(600_000)
    expect(gaps(hid.enumeratedAt)).toEqual(new Array<number>(20).fill(30_000))
    expect(hid.connections).toHaveLength(1)
    const before = hid.enumeratedAt.length

    const first = hid.last('/dev/hidraw3')
    hid.devices = []
    const unpluggedAt = clock.now()
    first.fail(new Error('could not read from HID device'))
    await settle()
    expect(first.closed).toBe(true)
    // The cashier hears that the scanner in use is gone, not that none was ever there.
    expect(reader?.status()).toEqual({
      kind: 'hid-pos',
      devices: [
        { name: 'Honeywell Voyager 1450g', vendorId: 0x0c2e, productId: 0x0b87, state: 'unplugged' }
      ],
      message:
        'A HID-POS scanner was unplugged: Honeywell Voyager 1450g (could not read from HID ' +
        'device). Its scans do not reach the till until it is plugged in again; the till looks ' +
        'for it every 30 s at most.'
    })

    await advance(600_000)
    const after = hid.enumeratedAt.slice(before)
    expect(after[0]! - unpluggedAt).toBe(1_000)
    expect(gaps(after)).toEqual([
      2_000,
      4_000,
      8_000,
      16_000,
      ...new Array<number>(18).fill(30_000)
    ])
    expect(after).toHaveLength(23) // 10 minutes unplugged: 23 enumerations, not thousands

    hid.devices = [voyagerPos]
    await advance(30_000)
    expect(hid.connections).toHaveLength(2)
    expect(reader?.status().devices[0]?.state).toBe('ready')
    expect(statuses.map(summary)).toEqual([
      'hid-pos: opening',
      'hid-pos: ready',
      'hid-pos: unplugged',
      'hid-pos: opening',
      'hid-pos: ready'
    ])
    hid.last('/dev/hidraw3').report(codeReport('134567890123456789', ']C0'))
    expect(scans.at(-1)).toMatchObject({ code: '134567890123456789', symbology: 'code128' })
    // The old connection is dead: a late report on it is not a scan.
    first.report(codeReport('999999999999999999'))
    expect(scans).toHaveLength(1)
  })

  it('with two scanners, says which one was unplugged and keeps reading the other', async () => {
    const second = { ...voyagerPos, path: '/dev/hidraw7', productId: 0x0b88, product: 'Xenon 1900' }
    hid.devices = [voyagerPos, second]
    await start().start()
    expect(reader?.status().devices.map((d) => d.state)).toEqual(['ready', 'ready'])
    hid.devices = [second]
    hid.last('/dev/hidraw3').fail(new Error('could not read from HID device'))
    await settle()
    expect(reader?.status().devices).toEqual([
      expect.objectContaining({ name: 'Honeywell Xenon 1900', state: 'ready' }),
      expect.objectContaining({ name: 'Honeywell Voyager 1450g', state: 'unplugged' })
    ])
    hid.last('/dev/hidraw7').report(codeReport(walletCode))
    expect(scans.map((s) => s.code)).toEqual([walletCode])

    // Plugged back in, at another hidraw node as Linux often gives it.
    hid.devices = [second, { ...voyagerPos, path: '/dev/hidraw9' }]
    await advance(1_000)
    expect(reader?.status()).toMatchObject({ kind: 'hid-pos', message: null })
    expect(reader?.status().devices.map((d) => d.state)).toEqual(['ready', 'ready'])
  })

  it('keeps saying a scanner is unplugged while another of its maker still reads', async () => {
    // A shop's two scanners are often of one maker: the one left is not the one that went.
    const second = { ...voyagerPos, path: '/dev/hidraw7', productId: 0x0b88, product: 'Xenon 1900' }
    const twin = { ...voyagerPos, path: '/dev/hidraw8' }
    hid.devices = [voyagerPos, second, twin]
    await start().start()
    hid.devices = [second, twin]
    hid.last('/dev/hidraw3').fail(new Error('could not read from HID device'))
    await settle()
    await advance(60_000)
    expect(reader?.status().devices.map((d) => `${d.name} ${d.state}`)).toEqual([
      'Honeywell Xenon 1900 ready',
      'Honeywell Voyager 1450g ready',
      'Honeywell Voyager 1450g unplugged'
    ])
    expect(reader?.status().message).toMatch(/^A HID-POS scanner was unplugged: Honeywell Voyager/)

    hid.devices = [second, twin, { ...voyagerPos, path: '/dev/hidraw9' }]
    await advance(30_000)
    expect(reader?.status().devices.map((d) => d.state)).toEqual(['ready', 'ready', 'ready'])
    expect(reader?.status().message).toBeNull()
  })

  it('finds a second scanner plugged in while the first one is open', async () => {
    hid.devices = [voyagerPos]
    await start().start()
    const second = { ...voyagerPos, path: '/dev/hidraw7', productId: 0x0b88, product: 'Xenon 1900' }
    hid.devices = [voyagerPos, second]
    await advance(30_000)
    expect(reader?.status().devices).toEqual([
      expect.objectContaining({ name: 'Honeywell Voyager 1450g', state: 'ready' }),
      expect.objectContaining({ name: 'Honeywell Xenon 1900', state: 'ready' })
    ])
    hid.last('/dev/hidraw7').report(codeReport(walletCode))
    expect(scans.map((s) => s.code)).toEqual([walletCode])
    expect(hid.connections).toHaveLength(2)
  })

  it('survives read errors: a second error, a failing close and a throwing listener', async () => {
    hid.devices = [voyagerPos]
    hid.closeError = new Error('already gone')
    let throwNext = true
    reader = createScannerReader({
      transport: hid,
      clock,
      onScan: (scan) => {
        if (throwNext) {
          throwNext = false
          throw new Error('listener broke')
        }
        scans.push(scan)
      },
      onStatus: () => {
        throw new Error('status listener broke')
      }
    })
    await reader.start()
    const connection = hid.last('/dev/hidraw3')
    connection.report(codeReport(walletCode))
    connection.report(codeReport(walletCode))
    expect(scans).toHaveLength(1)
    expect(() => {
      connection.fail(new Error('could not read from HID device'))
      connection.fail(new Error('could not read from HID device'))
    }).not.toThrow()
    await settle()
    // Gone until the next enumeration, 1 s later, finds it still plugged in (a glitch, not an unplug).
    expect(reader.status().devices.map((d) => d.state)).toEqual(['unplugged'])
    await advance(1_000)
    expect(hid.connections).toHaveLength(2)
    expect(reader.status().devices.map((d) => d.state)).toEqual(['ready'])
    expect(logs.filter((l) => l.message.includes('stopped (could not read'))).toHaveLength(1)
  })

  it('recognises a scanner in keyboard mode and tells the cashier how to switch it', async () => {
    hid.devices = [plainKeyboard, voyagerKeyboard]
    await start().start()
    expect(hid.connections).toHaveLength(0)
    const status = reader?.status()
    expect(status).toMatchObject({
      kind: 'keyboard-mode',
      devices: [
        {
          name: 'Honeywell Voyager 1450g',
          vendorId: 0x0c2e,
          productId: 0x0b81,
          state: 'keyboard-mode'
        }
      ]
    })
    expect(status?.message).toContain('"USB HID-POS"')
    expect(status?.message).toContain('keyboard-wedge')

    // The cashier scans the programming code: the scanner re-enumerates as HID-POS.
    hid.devices = [plainKeyboard, voyagerPos]
    await advance(1_000)
    expect(reader?.status()).toMatchObject({ kind: 'hid-pos', devices: [{ state: 'ready' }] })
  })

  it('says a HID-POS scanner cannot be opened, with the udev hint on Linux, and retries', async () => {
    hid.devices = [voyagerPos]
    hid.openErrors.set('/dev/hidraw3', new Error('cannot open device with path /dev/hidraw3'))
    await start().start()
    expect(reader?.status()).toMatchObject({
      kind: 'hid-pos',
      devices: [{ state: 'unavailable' }]
    })
    expect(reader?.status().message).toContain('udev rule')
    hid.openErrors.clear()
    await advance(1_000)
    expect(reader?.status()).toEqual({
      kind: 'hid-pos',
      devices: [expect.objectContaining({ state: 'ready' })],
      message: null
    })
  })

  it('leaves out the udev hint elsewhere', async () => {
    hid.devices = [voyagerPos]
    hid.openErrors.set('/dev/hidraw3', new Error('access denied'))
    await start(hid, 'win32').start()
    expect(reader?.status().message).toBe(
      'A HID-POS scanner cannot be opened (Honeywell Voyager 1450g: access denied).'
    )
  })

  it('reports none with a logged reason when node-hid cannot load, and schedules nothing', async () => {
    await start(() =>
      Promise.reject(new Error('libusb-1.0.so.0: cannot open shared object'))
    ).start()
    expect(reader?.status()).toEqual({ kind: 'none', devices: [], message: null })
    expect(clock.pending).toBe(0)
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message:
          'HID-POS scanners are off: node-hid could not be loaded (libusb-1.0.so.0: cannot open shared object)'
      })
    )
  })

  it('backs off when enumeration itself fails', async () => {
    hid.failEnumeration = new Error('enumeration failed')
    await start().start()
    await advance(60_000)
    expect(gaps(hid.enumeratedAt)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000])
    expect(reader?.status().kind).toBe('none')
  })

  it('never rejects, even when the transport answers nonsense, and tries again later', async () => {
    const nonsense = {
      enumerate: () => Promise.resolve(null as never),
      open: () => Promise.reject(new Error('unused'))
    }
    reader = createScannerReader({
      transport: nonsense,
      clock,
      onScan: () => undefined,
      onStatus: () => undefined
    })
    await expect(reader.start()).resolves.toBeUndefined()
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'the scanner search failed' })
    )
    expect(clock.pending).toBe(1)
  })

  it('closes its devices and its timer', async () => {
    hid.devices = [voyagerPos, { ...voyagerKeyboard, vendorId: 0x1eab }]
    hid.openErrors.set('/dev/hidraw9', new Error('x'))
    hid.devices.push({ ...voyagerPos, path: '/dev/hidraw9' })
    await start().start()
    expect(clock.pending).toBe(1)
    await reader?.close()
    expect(hid.connections.every((c) => c.closed)).toBe(true)
    expect(clock.pending).toBe(0)
  })
})
