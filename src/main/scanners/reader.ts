import type { Device } from 'node-hid'
import type {
  ScannerDevice,
  ScannerDeviceState,
  ScannerScan,
  ScannerStatus
} from '../../shared/contract'
import { createLogger } from '../log'
import type { Clock } from '../payments/clock'
import { findHidPosScanners, findKeyboardModeScanners, scannerVendors } from './discovery'
import {
  createAssembler,
  layoutFromDescriptor,
  parseReport,
  type Assembler,
  type ScannedDataLayout
} from './report'

const log = createLogger('scanners')

/** An open HID device, as the reader needs it; node-hid's `HIDAsync` behind it in the app. */
export interface HidConnection {
  on(event: 'data', listener: (report: Uint8Array) => void): void
  on(event: 'error', listener: (error: unknown) => void): void
  close(): Promise<void>
  /** The report descriptor, or null where the platform does not give it. */
  reportDescriptor(): Promise<Uint8Array | null>
}

/** What the reader asks of the USB side; tests pass a fake, the app node-hid (node-hid.ts). */
export interface HidTransport {
  enumerate(): Promise<readonly Device[]>
  open(path: string): Promise<HidConnection>
}

/**
 * Rescan timing (docs/scanners.md): enumeration is a USB round trip (node-hid README), so the
 * reader never polls fast. While something is missing or unopened it rescans after 1 s, then 2,
 * 4, 8, 16 and every 30 s; with every scanner open, every 30 s (a second one plugged in); an
 * unplug starts again at 1 s, since a replug is likely.
 */
export const defaultBackoff = { initialMs: 1_000, maxMs: 30_000 } as const

export interface ScannerReaderOptions {
  /** The transport, or how to load it (node-hid is loaded only when the reader starts). */
  readonly transport: HidTransport | (() => Promise<HidTransport>)
  readonly clock: Clock
  readonly onScan: (scan: ScannerScan) => void
  readonly onStatus: (status: ScannerStatus) => void
  readonly platform?: NodeJS.Platform
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number }
}

export interface ScannerReader {
  /** The first enumeration; later ones follow on their own. */
  start(): Promise<void>
  status(): ScannerStatus
  /**
   * Resolves once no search and no unplug is being handled: tests on a virtual clock wait on it
   * after advancing time or failing a device, instead of guessing how many turns that takes.
   */
  idle(): Promise<void>
  close(): Promise<void>
}

interface OpenScanner {
  readonly connection: HidConnection
  readonly layout: ScannedDataLayout | null
  readonly assembler: Assembler
}

interface Known {
  readonly name: string
  readonly vendorId: number
  readonly productId: number
  state: ScannerDeviceState
  reason: string | null
}

export const noScanner: ScannerStatus = { kind: 'none', devices: [], message: null }

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

const lastFour = (code: string): string => `…${code.slice(-4)}`

/**
 * Finds HID-POS scanners, opens them with the asynchronous API, and turns their reports into
 * `scanner:scan` payloads. Nothing here throws into the caller: a failed load, enumeration, open
 * or read becomes a status and a log line, and the reader tries again later (with backoff).
 */
export function createScannerReader(options: ScannerReaderOptions): ScannerReader {
  const { clock } = options
  const backoff = options.backoff ?? defaultBackoff
  const platform = options.platform ?? process.platform
  let transport: HidTransport | null = null
  let closed = false
  let scanning: Promise<void> | null = null
  let timer: unknown = null
  let attempt = 0
  let status: ScannerStatus = noScanner
  let announced = false
  /** HID-POS scanners by path, and the keyboard-mode ones, as last enumerated. */
  let posDevices = new Map<string, Known>()
  let keyboardDevices: Known[] = []
  /** The keyboard-mode models last listed, to tell one plugged in since from one still there. */
  let keyboardModels = new Set<string>()
  /**
   * HID-POS scanners that were open and went away, by vendor:product: the cashier must hear that
   * the scanner in use is gone, not that the till reads keystrokes as if none had been there.
   */
  const unplugged = new Map<string, Known>()
  const open = new Map<string, OpenScanner>()
  /** Searches and unplugs in progress, for `idle()`. */
  const busy = new Set<Promise<void>>()

  function track(work: Promise<void>): Promise<void> {
    busy.add(work)
    void work.finally(() => busy.delete(work))
    return work
  }

  function publish(): void {
    const devices: ScannerDevice[] = [
      ...posDevices.values(),
      ...unplugged.values(),
      ...keyboardDevices
    ].map(({ name, vendorId, productId, state }) => ({ name, vendorId, productId, state }))
    const kind: ScannerStatus['kind'] =
      posDevices.size > 0 || unplugged.size > 0
        ? 'hid-pos'
        : keyboardDevices.length > 0
          ? 'keyboard-mode'
          : 'none'
    const next: ScannerStatus = { kind, devices, message: messageFor(kind) }
    const changed = JSON.stringify(next) !== JSON.stringify(status)
    // The first answer is logged even when it is 'none', so the log says the reader looked.
    if (changed || !announced)
      log.info(`scanner status: ${kind}`, { devices, message: next.message })
    announced = true
    if (!changed) return
    status = next
    try {
      options.onStatus(next)
    } catch (error) {
      log.error('a scanner status listener failed', { error: errorText(error) })
    }
  }

  function messageFor(kind: ScannerStatus['kind']): string | null {
    if (kind === 'keyboard-mode') {
      const names = keyboardDevices.map((device) => device.name).join(', ')
      return (
        `${names} is in keyboard mode, so the till reads it as typing. To use it as a HID-POS ` +
        'scanner, scan the "USB HID-POS" (or "HID POS") programming barcode in its manual; or ' +
        'keep using it as a keyboard-wedge scanner.'
      )
    }
    if (kind !== 'hid-pos') return null
    const gone = [...unplugged.values()].map((device) => `${device.name} (${device.reason})`)
    const goneText =
      gone.length === 0
        ? null
        : `A HID-POS scanner was unplugged: ${gone.join('; ')}. Its scans do not reach the till ` +
          `until it is plugged in again; the till looks for it every ${backoff.maxMs / 1000} s at most.`
    const unavailable = [...posDevices.values()].filter((device) => device.state === 'unavailable')
    if (unavailable.length === 0) return goneText
    const reasons = unavailable.map((device) => `${device.name}: ${device.reason ?? 'unknown'}`)
    const hint =
      platform === 'linux'
        ? ' On Linux the till needs the udev rule it installs (README "HID-POS scanners"); ' +
          'unplug the scanner and plug it in again after installing.'
        : ''
    const cannot = `A HID-POS scanner cannot be opened (${reasons.join('; ')}).${hint}`
    return goneText === null ? cannot : `${goneText} ${cannot}`
  }

  function schedule(delayMs: number): void {
    if (closed) return
    if (timer !== null) clock.clearTimeout(timer)
    timer = clock.setTimeout(() => {
      timer = null
      void rescan()
    }, delayMs)
  }

  function scheduleBackoff(): void {
    const delay = Math.min(backoff.initialMs * 2 ** attempt, backoff.maxMs)
    attempt = Math.min(attempt + 1, 30)
    schedule(delay)
  }

  async function loadTransport(): Promise<HidTransport | null> {
    if (transport !== null) return transport
    const source = options.transport
    if (typeof source !== 'function') {
      transport = source
      return transport
    }
    try {
      transport = await source()
      return transport
    } catch (error) {
      // Without node-hid there are no HID-POS scans; keyboard-wedge scanners still work.
      log.warn(`HID-POS scanners are off: node-hid could not be loaded (${errorText(error)})`)
      return null
    }
  }

  /** Never rejects: a timer calls it, and a rejection there would end the main process. */
  function rescan(): Promise<void> {
    scanning ??= track(
      enumerateAndOpen()
        .catch((error: unknown) => {
          log.error('the scanner search failed', {
            error: error instanceof Error ? error.stack : String(error)
          })
          scheduleBackoff()
        })
        .finally(() => {
          scanning = null
        })
    )
    return scanning
  }

  async function enumerateAndOpen(): Promise<void> {
    const hid = await loadTransport()
    if (hid === null || closed) return
    let devices: readonly Device[]
    try {
      devices = await hid.enumerate()
    } catch (error) {
      log.warn(`HID devices cannot be listed: ${errorText(error)}`)
      scheduleBackoff()
      return
    }
    if (closed) return
    const pos = findHidPosScanners(devices)
    const previous = posDevices
    posDevices = new Map(
      pos.map((device) => [
        device.path,
        previous.get(device.path) ?? {
          name: nameOf(device),
          vendorId: device.vendorId,
          productId: device.productId,
          state: 'opening' as ScannerDeviceState,
          reason: null
        }
      ])
    )
    const keyboard = findKeyboardModeScanners(devices)
    keyboardDevices = keyboard.map((device) => ({
      name: nameOf(device),
      vendorId: device.vendorId,
      productId: device.productId,
      state: 'keyboard-mode',
      reason: null
    }))
    const previousKeyboard = keyboardModels
    keyboardModels = new Set(keyboard.map(modelOf))
    // A device that left the list without a read error (some platforms close quietly).
    for (const [path, known] of previous) {
      if (posDevices.has(path) || !open.has(path)) continue
      await drop(path)
      markUnplugged(known, 'it left the USB device list')
    }
    // Back, perhaps at another path or switched to keyboard mode (another product id): the
    // device's own status says the rest. Only a device that was not there before counts: a
    // shop's second scanner is often of the same maker, and it staying is no sign of the first.
    const arrived = [
      ...pos.filter((device) => !previous.has(device.path)),
      ...keyboard.filter((device) => !previousKeyboard.has(modelOf(device)))
    ]
    for (const device of arrived) {
      const sameMaker = [...unplugged.keys()].filter((key) => key.startsWith(`${device.vendorId}:`))
      const back = sameMaker.includes(modelOf(device)) ? modelOf(device) : sameMaker[0]
      if (back !== undefined) unplugged.delete(back)
    }
    // A new scanner shows as 'opening' at once: an open can take a while on a busy USB bus.
    if ([...posDevices.values()].some((known) => known.state === 'opening')) publish()
    for (const [path, known] of posDevices) {
      if (!open.has(path)) await openScanner(hid, path, known)
    }
    publish()
    const allOpen = posDevices.size > 0 && [...posDevices.keys()].every((path) => open.has(path))
    if (allOpen) {
      // A read error is the unplug signal, but nothing signals a second scanner plugged in
      // beside the first: look for one as seldom as a till without any scanner does.
      attempt = 0
      schedule(backoff.maxMs)
    } else scheduleBackoff()
  }

  async function openScanner(hid: HidTransport, path: string, known: Known): Promise<void> {
    let connection: HidConnection
    try {
      connection = await hid.open(path)
    } catch (error) {
      known.state = 'unavailable'
      known.reason = errorText(error)
      log.warn(`${known.name} cannot be opened at ${path}: ${known.reason}`)
      return
    }
    if (closed) {
      await closeQuietly(connection)
      return
    }
    const layout = await layoutOf(connection, known.name)
    const entry: OpenScanner = { connection, layout, assembler: createAssembler() }
    open.set(path, entry)
    known.state = 'ready'
    known.reason = null
    connection.on('data', (report) => onReport(path, known, entry, report))
    connection.on('error', (error) => void track(onReadError(path, known, entry, error)))
    log.info(
      `${known.name} is open at ${path} (${layout === null ? 'common layout' : 'layout from its report descriptor'})`
    )
  }

  async function layoutOf(
    connection: HidConnection,
    name: string
  ): Promise<ScannedDataLayout | null> {
    let descriptor: Uint8Array | null = null
    try {
      descriptor = await connection.reportDescriptor()
    } catch (error) {
      log.info(`${name}: no report descriptor (${errorText(error)}); using the common layout`)
    }
    if (descriptor === null) return null
    const parsed = layoutFromDescriptor(descriptor)
    if (parsed.ok) return parsed.value
    log.warn(`${name}: ${parsed.reason}; using the common layout`)
    return null
  }

  function onReport(path: string, known: Known, entry: OpenScanner, report: Uint8Array): void {
    if (open.get(path) !== entry) return
    try {
      const parsed = parseReport(report, entry.layout)
      if (!parsed.ok) {
        log.warn(`${known.name}: ignored ${parsed.reason}`)
        return
      }
      if (parsed.value.warning !== null) log.warn(`${known.name}: ${parsed.value.warning}`)
      const { scan, dropped } = entry.assembler.push(parsed.value, clock.now())
      if (dropped !== null) log.warn(`${known.name}: dropped ${dropped}`)
      if (scan === null) return
      log.info(
        `${known.name} scanned ${scan.symbology ?? 'an unknown symbology'} ` +
          `(${scan.code.length} characters, ending ${lastFour(scan.code)})`
      )
      options.onScan({
        code: scan.code,
        symbology: scan.symbology,
        aim: scan.aim,
        source: 'hid-pos'
      })
    } catch (error) {
      log.error(`${known.name}: a report could not be handled`, { error: errorText(error) })
    }
  }

  async function onReadError(
    path: string,
    known: Known,
    entry: OpenScanner,
    error: unknown
  ): Promise<void> {
    if (open.get(path) !== entry) return
    // node-hid says "could not read from HID device" on unplug (node-hid #199, #520).
    log.warn(`${known.name} stopped (${errorText(error)}); looking for it again`)
    await drop(path)
    posDevices.delete(path)
    markUnplugged(known, errorText(error))
    publish()
    attempt = 0
    scheduleBackoff()
  }

  function markUnplugged(known: Known, reason: string): void {
    unplugged.set(modelOf(known), {
      name: known.name,
      vendorId: known.vendorId,
      productId: known.productId,
      state: 'unplugged',
      reason
    })
  }

  async function drop(path: string): Promise<void> {
    const entry = open.get(path)
    if (entry === undefined) return
    open.delete(path)
    await closeQuietly(entry.connection)
  }

  async function closeQuietly(connection: HidConnection): Promise<void> {
    try {
      await connection.close()
    } catch (error) {
      log.debug('closing a scanner failed', { error: errorText(error) })
    }
  }

  return {
    start: () => rescan(),
    status: () => status,
    async idle() {
      while (busy.size > 0) await Promise.allSettled([...busy])
    },
    async close() {
      closed = true
      if (timer !== null) clock.clearTimeout(timer)
      timer = null
      await scanning
      for (const path of [...open.keys()]) await drop(path)
    }
  }
}

function nameOf(device: {
  vendorId: number
  productId: number
  product: string | null
  manufacturer: string | null
}): string {
  const vendor = device.manufacturer ?? scannerVendors.get(device.vendorId) ?? null
  const product = device.product
  const ids = `${hex4(device.vendorId)}:${hex4(device.productId)}`
  if (product !== null && product.trim() !== '') {
    return vendor !== null && !product.includes(vendor) ? `${vendor} ${product}` : product
  }
  return vendor === null ? `USB device ${ids}` : `${vendor} scanner ${ids}`
}

/** vendor:product, what the unplugged scanners are kept by. */
const modelOf = (device: { vendorId: number; productId: number }): string =>
  `${device.vendorId}:${device.productId}`

const hex4 = (n: number): string => n.toString(16).padStart(4, '0')
