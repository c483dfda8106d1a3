import { afterEach, describe, expect, it, vi } from 'vitest'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()

type Handler = (...args: unknown[]) => unknown

function electronMock(lock: boolean): Record<string, unknown> & {
  created: { options: Record<string, unknown>; loadURL: ReturnType<typeof vi.fn> }[]
  appHandlers: Map<string, Handler>
} {
  const created: { options: Record<string, unknown>; loadURL: ReturnType<typeof vi.fn> }[] = []
  const appHandlers = new Map<string, Handler>()
  let nextId = 1
  class BrowserWindow {
    readonly webContents = { id: nextId++, send: vi.fn(), isDestroyed: () => false }
    readonly loadURL = vi.fn(() => Promise.resolve())
    constructor(options: Record<string, unknown>) {
      created.push({ options, loadURL: this.loadURL })
    }
    once = vi.fn()
    on = vi.fn()
    setBounds = vi.fn()
  }
  const display = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }
  return {
    created,
    appHandlers,
    app: {
      requestSingleInstanceLock: vi.fn(() => lock),
      quit: vi.fn(),
      exit: vi.fn(),
      on: vi.fn((name: string, fn: Handler) => appHandlers.set(name, fn)),
      once: vi.fn((name: string, fn: Handler) => appHandlers.set(name, fn)),
      whenReady: vi.fn(() => Promise.resolve()),
      getPath: vi.fn(() => '/nonexistent')
    },
    BrowserWindow,
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    screen: { getAllDisplays: () => [display], getPrimaryDisplay: () => display },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        setDevicePermissionHandler: vi.fn()
      }
    },
    dialog: { showErrorBox: vi.fn() },
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: vi.fn(),
      decryptString: vi.fn()
    }
  }
}

afterEach(() => {
  vi.resetModules()
  vi.doUnmock('electron')
  delete process.env['QR_TILL_DATA_DIR']
})

describe('startElectronApp', () => {
  it('leaves at once when another QR Till holds the single-instance lock', async () => {
    const mock = electronMock(false)
    vi.doMock('electron', () => mock)
    const { startElectronApp } = await import('../../src/main/electron/app')
    startElectronApp()
    expect((mock['app'] as { quit: ReturnType<typeof vi.fn> }).quit).toHaveBeenCalled()
    expect(
      (mock['app'] as { whenReady: ReturnType<typeof vi.fn> }).whenReady
    ).not.toHaveBeenCalled()
  })

  it('boots the till and opens both screens from our own origin, sandboxed', async () => {
    process.env['QR_TILL_DATA_DIR'] = tempDir()
    const mock = electronMock(true)
    vi.doMock('electron', () => mock)
    const { startElectronApp } = await import('../../src/main/electron/app')
    startElectronApp()

    await vi.waitFor(() => expect(mock.created).toHaveLength(2))
    expect(mock.created.map((w) => w.loadURL.mock.calls[0]?.[0])).toEqual([
      'qrtill://app/cashier.html',
      'qrtill://app/customer.html'
    ])
    for (const window of mock.created) {
      expect(window.options['webPreferences']).toMatchObject({
        sandbox: true,
        contextIsolation: true
      })
    }
    const protocol = mock['protocol'] as Record<string, ReturnType<typeof vi.fn>>
    expect(protocol['registerSchemesAsPrivileged']).toHaveBeenCalled()
    expect(protocol['handle']).toHaveBeenCalledWith('qrtill', expect.any(Function))
    expect(mock.appHandlers.has('web-contents-created')).toBe(true)

    // Quitting closes the till (journal, sandbox) before the process exits.
    const app = mock['app'] as { exit: ReturnType<typeof vi.fn> }
    mock.appHandlers.get('will-quit')?.({ preventDefault: vi.fn() })
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(0))
  })
})
