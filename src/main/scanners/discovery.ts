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
