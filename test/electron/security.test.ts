import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => ({}))

const { hardenSession, hardenWebContents, isAppUrl } =
  await import('../../src/main/electron/security')

describe('isAppUrl', () => {
  const cases: [string, boolean][] = [
    ['qrtill://app/cashier.html', true],
    ['qrtill://app/customer.html#x', true],
    ['qrtill://app.evil.example/cashier.html', false],
    ['qrtill://app@evil.example/cashier.html', false],
    ['qrtill://evil@app/cashier.html', false],
    ['qrtill://app:8080/cashier.html', false],
    // Chromium lowercases the host of a standard scheme before we see it; anything else is refused.
    ['qrtill://APP/cashier.html', false],
    ['qrtillx://app/cashier.html', false],
    ['http://app/cashier.html', false],
    ['https://qrtill.app/cashier.html', false],
    ['file:///app/cashier.html', false],
    ['javascript:alert(1)//qrtill://app', false],
    ['data:text/html,qrtill://app', false],
    ['about:blank', false],
    ['', false],
    ['qrtill:app/cashier.html', false],
    [' qrtill://app/cashier.html', true] // the URL parser trims leading spaces, as Chromium does
  ]
  it.each(cases)('%s -> %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected)
  })
})

describe('hardenWebContents', () => {
  it('prevents every navigation, redirect and webview, and denies new windows', () => {
    const contents = Object.assign(new EventEmitter(), {
      setWindowOpenHandler: vi.fn()
    })
    hardenWebContents(contents as never)
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = { preventDefault: vi.fn() }
      contents.emit(name, event, 'qrtill://app/cashier.html')
      expect(event.preventDefault, name).toHaveBeenCalled()
    }
    const handler = contents.setWindowOpenHandler.mock.calls[0]?.[0] as () => unknown
    expect(handler()).toEqual({ action: 'deny' })
  })

  it('cancels a Web Bluetooth request instead of letting Electron pick the first device', () => {
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() })
    hardenWebContents(contents as never)
    const event = { preventDefault: vi.fn() }
    const choose = vi.fn()
    contents.emit(
      'select-bluetooth-device',
      event,
      [{ deviceId: 'aa:bb', deviceName: 'x' }],
      choose
    )
    expect(event.preventDefault).toHaveBeenCalled()
    expect(choose).toHaveBeenCalledWith('')
  })
})

describe('hardenSession', () => {
  it('refuses every permission', () => {
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn()
    }
    hardenSession(session as never)
    const request = session.setPermissionRequestHandler.mock.calls[0]?.[0] as (
      ...args: unknown[]
    ) => void
    const callback = vi.fn()
    request({}, 'media', callback)
    expect(callback).toHaveBeenCalledWith(false)
    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0] as () => boolean
    expect(check()).toBe(false)
    const device = session.setDevicePermissionHandler.mock.calls[0]?.[0] as () => boolean
    expect(device()).toBe(false)
  })
})
