import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => ({}))

const { customerPlacement, pageUrl, windowOptions } =
  await import('../../src/main/electron/windows')

describe('windowOptions', () => {
  it.each(['cashier', 'customer'] as const)('sandboxes the %s window', (role) => {
    const options = windowOptions(role, '/app/out/preload')
    expect(options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      preload: `/app/out/preload/${role}.js`
    })
    expect(pageUrl(role)).toBe(`qrtill://app/${role}.html`)
  })

  it('never lets the customer display take focus', () => {
    expect(windowOptions('customer', '/p').focusable).toBe(false)
    expect(windowOptions('cashier', '/p').focusable).toBeUndefined()
  })
})

describe('customerPlacement', () => {
  const primary = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }
  const second = { id: 2, bounds: { x: 1920, y: 0, width: 1024, height: 768 } }

  it('goes fullscreen on the display that is not the primary one', () => {
    expect(customerPlacement([primary, second], 1)).toEqual({
      bounds: second.bounds,
      fullscreen: true
    })
    expect(customerPlacement([second, primary], 1)).toEqual({
      bounds: second.bounds,
      fullscreen: true
    })
  })

  it('falls back to a window on the primary display when there is one display', () => {
    const placement = customerPlacement([primary], 1)
    expect(placement.fullscreen).toBe(false)
    expect(placement.bounds).toEqual({ x: 40, y: 40, width: 1024, height: 768 })
  })
})
