import type { Device } from 'node-hid'
import { describe, expect, it } from 'vitest'
import {
  findHidPosScanners,
  findKeyboardModeScanners,
  listHidPosScanners
} from '../../src/main/scanners'

const device = (over: Partial<Device>): Device => ({
  vendorId: 0x0c2e,
  productId: 0x0b61,
  release: 1,
  interface: 0,
  ...over
})

describe('findHidPosScanners', () => {
  it('keeps only the usage-page 0x8C interface of a composite scanner, once per path', () => {
    const devices = [
      device({ path: '/dev/hidraw0', usagePage: 0x01, usage: 6, product: 'Keyboard' }),
      device({ path: '/dev/hidraw1', usagePage: 0x8c, usage: 2, product: 'Voyager 1450g' }),
      device({ path: '/dev/hidraw1', usagePage: 0x8c, usage: 0x12 }),
      device({ path: '/dev/hidraw2', usagePage: 0xff00 }),
      device({ usagePage: 0x8c }) // no path: cannot be opened
    ]
    expect(findHidPosScanners(devices)).toEqual([
      {
        path: '/dev/hidraw1',
        vendorId: 0x0c2e,
        productId: 0x0b61,
        product: 'Voyager 1450g',
        manufacturer: null
      }
    ])
  })

  it('finds nothing among keyboards and mice', () => {
    expect(findHidPosScanners([device({ path: '/dev/hidraw0', usagePage: 1 })])).toEqual([])
  })
})

describe('listHidPosScanners', () => {
  it('enumerates through the real node-hid binding (needs libusb-1.0 on Linux)', async () => {
    const result = await listHidPosScanners()
    expect(result.ok, result.ok ? '' : result.message).toBe(true)
  })

  it('reports an enumeration failure instead of throwing', async () => {
    const result = await listHidPosScanners({
      devicesAsync: () => Promise.reject(new Error('could not read from HID device'))
    })
    expect(result).toEqual({
      ok: false,
      message: 'HID-POS scanners cannot be listed: could not read from HID device'
    })
  })
})

describe('findKeyboardModeScanners', () => {
  it('finds a scanner vendor keyboard with no 0x8C interface, once per model', () => {
    const devices = [
      device({ path: '/dev/hidraw0', usagePage: 0x01, usage: 6, product: 'Voyager 1450g' }),
      device({ path: '/dev/hidraw1', usagePage: 0x01, usage: 6, product: 'Voyager 1450g' }),
      device({ vendorId: 0x046d, path: '/dev/hidraw2', usagePage: 0x01, usage: 6 }),
      device({
        vendorId: 0x1eab,
        productId: 0x0103,
        path: '/dev/hidraw3',
        usagePage: 0x01,
        usage: 2
      })
    ]
    expect(findKeyboardModeScanners(devices)).toEqual([
      { vendorId: 0x0c2e, productId: 0x0b61, product: 'Voyager 1450g', manufacturer: null }
    ])
  })

  it('does not count a composite scanner whose HID-POS interface is there', () => {
    const devices = [
      device({ path: '/dev/hidraw0', usagePage: 0x01, usage: 6 }),
      device({ path: '/dev/hidraw1', usagePage: 0x8c, usage: 2 })
    ]
    expect(findKeyboardModeScanners(devices)).toEqual([])
  })
})
