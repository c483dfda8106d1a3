import type { Device } from 'node-hid'
import type { Clock } from '../../src/main/payments'
import type { HidConnection, HidTransport } from '../../src/main/scanners'

/** An open fake device: the test pushes reports and errors the way node-hid emits them. */
export class FakeConnection implements HidConnection {
  closed = false
  private readonly data: ((report: Uint8Array) => void)[] = []
  private readonly errors: ((error: unknown) => void)[] = []

  constructor(
    readonly path: string,
    private readonly descriptor: Uint8Array | null,
    private readonly closeError: Error | null = null
  ) {}

  on(event: 'data', listener: (report: Uint8Array) => void): void
  on(event: 'error', listener: (error: unknown) => void): void
  on(event: 'data' | 'error', listener: (value: never) => void): void {
    if (event === 'data') this.data.push(listener as (report: Uint8Array) => void)
    else this.errors.push(listener as (error: unknown) => void)
  }

  report(bytes: readonly number[] | Uint8Array): void {
    for (const listener of this.data) listener(Uint8Array.from(bytes))
  }

  fail(error: unknown): void {
    for (const listener of this.errors) listener(error)
  }

  close(): Promise<void> {
    this.closed = true
    return this.closeError === null ? Promise.resolve() : Promise.reject(this.closeError)
  }

  reportDescriptor(): Promise<Uint8Array | null> {
    return Promise.resolve(this.descriptor)
  }
}

/** The USB bus as a test arranges it: what enumerates, what opens, and when it was asked. */
export class FakeHid implements HidTransport {
  devices: Device[] = []
  /** Paths whose open fails, with the error node-hid would give. */
  readonly openErrors = new Map<string, Error>()
  readonly descriptors = new Map<string, Uint8Array>()
  readonly enumeratedAt: number[] = []
  readonly connections: FakeConnection[] = []
  failEnumeration: Error | null = null
  closeError: Error | null = null

  constructor(private readonly clock: Clock) {}

  enumerate(): Promise<readonly Device[]> {
    this.enumeratedAt.push(this.clock.now())
    if (this.failEnumeration !== null) return Promise.reject(this.failEnumeration)
    return Promise.resolve(this.devices.map((device) => ({ ...device })))
  }

  open(path: string): Promise<HidConnection> {
    const error = this.openErrors.get(path)
    if (error !== undefined) return Promise.reject(error)
    const connection = new FakeConnection(path, this.descriptors.get(path) ?? null, this.closeError)
    this.connections.push(connection)
    return Promise.resolve(connection)
  }

  /** The connection opened last on a path. */
  last(path: string): FakeConnection {
    const found = this.connections.filter((c) => c.path === path).at(-1)
    if (found === undefined) throw new Error(`${path} was never opened`)
    return found
  }
}

/** A Honeywell Voyager in HID-POS mode as node-hid enumerates it, with its keyboard interface. */
export const voyagerPos: Device = {
  vendorId: 0x0c2e,
  productId: 0x0b87,
  path: '/dev/hidraw3',
  product: 'Voyager 1450g',
  manufacturer: 'Honeywell',
  release: 1,
  interface: 1,
  usagePage: 0x8c,
  usage: 0x02
}

/** The same model in keyboard mode (its factory default): a keyboard and nothing else. */
export const voyagerKeyboard: Device = {
  vendorId: 0x0c2e,
  productId: 0x0b81,
  path: '/dev/hidraw4',
  product: 'Voyager 1450g',
  manufacturer: 'Honeywell',
  release: 1,
  interface: 0,
  usagePage: 0x01,
  usage: 0x06
}

/** An ordinary keyboard, which must never count as a scanner. */
export const plainKeyboard: Device = {
  vendorId: 0x046d,
  productId: 0xc31c,
  path: '/dev/hidraw0',
  product: 'USB Keyboard',
  manufacturer: 'Logitech',
  release: 1,
  interface: 0,
  usagePage: 0x01,
  usage: 0x06
}

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0))

/** One 64-byte report in the common layout carrying a whole code (at most 56 bytes). */
export function codeReport(code: string, aim = ']Q1'): Uint8Array {
  const report = new Uint8Array(64)
  report.set([0x02, code.length, ...ascii(aim), ...ascii(code)])
  return report
}

/**
 * A code longer than one report, as a Honeywell sends it: 56-byte parts in 64-byte reports, the
 * continued bit (bit 0 of the last byte) set on every report but the last.
 */
export function codeReports(code: string, aim = ']Q1'): Uint8Array[] {
  const bytes = ascii(code)
  const reports: Uint8Array[] = []
  for (let at = 0; at < bytes.length; at += 56) {
    const part = bytes.slice(at, at + 56)
    const report = new Uint8Array(64)
    report.set([0x02, part.length, ...ascii(aim), ...part])
    report[63] = at + 56 < bytes.length ? 1 : 0
    reports.push(report)
  }
  return reports
}
