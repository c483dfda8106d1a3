import type { Device } from 'node-hid'

/** The USB HID usage page of point-of-sale barcode scanners (pos-anchors.md §4.5). */
export const hidPosUsagePage = 0x8c

export interface HidPosScanner {
  readonly path: string
  readonly vendorId: number
  readonly productId: number
  readonly product: string | null
  readonly manufacturer: string | null
}

/**
 * The HID-POS scanners among enumerated HID devices. A composite scanner lists one entry per
 * interface (keyboard, vendor, POS); only the usage-page 0x8C one can deliver scans, and only
 * once per path (node-hid #280).
 */
export function findHidPosScanners(devices: readonly Device[]): HidPosScanner[] {
  const byPath = new Map<string, HidPosScanner>()
  for (const device of devices) {
    if (device.usagePage !== hidPosUsagePage || device.path === undefined) continue
    if (byPath.has(device.path)) continue
    byPath.set(device.path, {
      path: device.path,
      vendorId: device.vendorId,
      productId: device.productId,
      product: device.product ?? null,
      manufacturer: device.manufacturer ?? null
    })
  }
  return [...byPath.values()]
}

export interface HidEnumerator {
  devicesAsync(): Promise<Device[]>
}

/**
 * Enumerates once, asynchronously (enumeration is a USB round trip: never in a hot loop). A
 * failure to load or enumerate is reported, not thrown: a till without HID-POS still takes
 * keyboard-wedge scans.
 */
export async function listHidPosScanners(
  hid?: HidEnumerator
): Promise<{ ok: true; scanners: HidPosScanner[] } | { ok: false; message: string }> {
  try {
    const enumerator = hid ?? ((await import('node-hid')) as HidEnumerator)
    return { ok: true, scanners: findHidPosScanners(await enumerator.devicesAsync()) }
  } catch (error) {
    return {
      ok: false,
      message: `HID-POS scanners cannot be listed: ${error instanceof Error ? error.message : String(error)}`
    }
  }
}

/**
 * USB vendors whose keyboards are barcode scanners, as usb.ids (Debian's usb.ids 2025.07.26)
 * names them. A scanner switched to HID-POS usually changes its product ID too (Newland's
 * HR200 is 0103 as a keyboard, 0110 as HID POS), so only the vendor is matched.
 */
export const scannerVendors: ReadonlyMap<number, string> = new Map([
  [0x0c2e, 'Honeywell (Metrologic)'],
  [0x0536, 'Honeywell (Hand Held Products)'],
  [0x067e, 'Honeywell (Intermec)'],
  [0x05e0, 'Zebra (Symbol)'],
  [0x05f9, 'Datalogic (PSC)'],
  [0x080c, 'Datalogic'],
  [0x1eab, 'Newland'],
  [0x27dd, 'Mindeo']
])

/** Generic Desktop page, Keyboard usage: how a scanner in keyboard mode enumerates. */
const keyboardUsagePage = 0x01
const keyboardUsage = 0x06

export interface KeyboardModeScanner {
  readonly vendorId: number
  readonly productId: number
  readonly product: string | null
  readonly manufacturer: string | null
}

/**
 * Scanners that type as keyboards: a known scanner vendor's device that offers the keyboard
 * usage and no usage-page 0x8C interface. node-hid cannot read them (the OS owns keyboards,
 * node-hid #302, #469); the cashier can switch them to HID-POS, or use them as a wedge.
 */
export function findKeyboardModeScanners(devices: readonly Device[]): KeyboardModeScanner[] {
  const withPos = new Set(
    devices
      .filter((device) => device.usagePage === hidPosUsagePage)
      .map((device) => `${device.vendorId}:${device.productId}`)
  )
  const found = new Map<string, KeyboardModeScanner>()
  for (const device of devices) {
    const key = `${device.vendorId}:${device.productId}`
    if (!scannerVendors.has(device.vendorId) || withPos.has(key) || found.has(key)) continue
    if (device.usagePage !== keyboardUsagePage || device.usage !== keyboardUsage) continue
    found.set(key, {
      vendorId: device.vendorId,
      productId: device.productId,
      product: device.product ?? null,
      manufacturer: device.manufacturer ?? null
    })
  }
  return [...found.values()]
}
