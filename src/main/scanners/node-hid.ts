import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { HidConnection, HidTransport } from './reader'

/**
 * The reader's transport on node-hid: the hidraw driver on Linux (node-hid's default there),
 * `devicesAsync` and `HIDAsync`, so no USB work blocks the main process or the libuv pool
 * (node-hid README, "sync API limited by UV_THREADPOOL_SIZE"). Loaded lazily: a till whose
 * node-hid binary is missing still starts, without HID-POS scanners.
 */
export async function loadNodeHidTransport(): Promise<HidTransport> {
  const hid = await import('node-hid')
  return {
    enumerate: () => hid.devicesAsync(),
    async open(path) {
      const device = await hid.HIDAsync.open(path)
      const connection: HidConnection = {
        on(event: 'data' | 'error', listener: (value: never) => void) {
          device.on(event, listener as (value: unknown) => void)
        },
        close: () => device.close(),
        reportDescriptor: () => reportDescriptorOf(device, path)
      }
      return connection
    }
  }
}

/**
 * node-hid 3.4 has no call for the report descriptor; newer ones add `getReportDescriptor`.
 * On Linux the kernel publishes it in sysfs, readable without the udev rule.
 */
async function reportDescriptorOf(device: object, path: string): Promise<Uint8Array | null> {
  const withCall = device as { getReportDescriptor?: () => Promise<Buffer> }
  if (typeof withCall.getReportDescriptor === 'function') {
    return new Uint8Array(await withCall.getReportDescriptor())
  }
  if (process.platform === 'linux' && /^\/dev\/hidraw\d+$/.test(path)) {
    return new Uint8Array(
      await readFile(`/sys/class/hidraw/${basename(path)}/device/report_descriptor`)
    )
  }
  return null
}
