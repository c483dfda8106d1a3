import { afterEach, describe, expect, it, vi } from 'vitest'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()

type Handler = (...args: unknown[]) => unknown

interface MockWindow {
  readonly webContents: {
    readonly on: ReturnType<typeof vi.fn>
    readonly loadURL: ReturnType<typeof vi.fn>
  }
  readonly onceHandlers: Map<string, Handler>
  readonly setBounds: ReturnType<typeof vi.fn>
  isFullScreen(): boolean
}

interface MockDisplay {
  id: number
  label: string
  bounds: { x: number; y: number; width: number; height: number }
  size: { width: number; height: number }
  scaleFactor: number
}

function screenOf(id: number, x: number, width: number, height: number): MockDisplay {
  return {
    id,
    label: '',
    bounds: { x, y: 0, width, height },
    size: { width, height },
    scaleFactor: 1
  }
}

function electronMock(
  lock: boolean,
  displays = [{ ...screenOf(1, 0, 1920, 1080), label: 'Built-in' }],
  packaged = false
): Record<string, unknown> & {
  created: {
    options: Record<string, unknown>
    loadURL: ReturnType<typeof vi.fn>
    window: MockWindow
  }[]
  appHandlers: Map<string, Handler>
} {
  const created: {
    options: Record<string, unknown>
    loadURL: ReturnType<typeof vi.fn>
    window: MockWindow
  }[] = []
  const appHandlers = new Map<string, Handler>()
  let nextId = 1
  class BrowserWindow {
    readonly webContents = {
      id: nextId++,
      send: vi.fn(),
      isDestroyed: () => false,
      on: vi.fn(),
      loadURL: vi.fn(() => Promise.resolve())
    }
    readonly loadURL = vi.fn(() => Promise.resolve())
    readonly onceHandlers = new Map<string, Handler>()
    fullscreen = false
    constructor(options: Record<string, unknown>) {
      created.push({ options, loadURL: this.loadURL, window: this })
    }
    once = vi.fn((name: string, fn: Handler) => this.onceHandlers.set(name, fn))
    on = vi.fn()
    setBounds = vi.fn()
    showInactive = vi.fn()
    isDestroyed = (): boolean => false
    isFullScreen = (): boolean => this.fullscreen
    setFullScreen = vi.fn((flag: boolean) => {
      this.fullscreen = flag
    })
  }
  return {
    created,
    appHandlers,
    app: {
      isPackaged: packaged,
      requestSingleInstanceLock: vi.fn(() => lock),
      quit: vi.fn(),
      exit: vi.fn(),
      relaunch: vi.fn(),
      on: vi.fn((name: string, fn: Handler) => appHandlers.set(name, fn)),
      once: vi.fn((name: string, fn: Handler) => appHandlers.set(name, fn)),
      whenReady: vi.fn(() => Promise.resolve()),
      getPath: vi.fn(() => '/nonexistent')
    },
    BrowserWindow,
    // The template itself stands for the built menu.
    Menu: {
      setApplicationMenu: vi.fn(),
      buildFromTemplate: vi.fn((template: unknown) => template)
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    screen: {
      getAllDisplays: () => displays,
      getPrimaryDisplay: () => displays[0],
      on: vi.fn(),
      removeListener: vi.fn()
    },
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
  vi.restoreAllMocks()
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
        contextIsolation: true,
        devTools: true
      })
      expect(window.window.webContents.on).not.toHaveBeenCalledWith(
        'before-input-event',
        expect.anything()
      )
    }
    // A development build keeps Electron's menu: Reload and the developer tools.
    const menu = mock['Menu'] as { setApplicationMenu: ReturnType<typeof vi.fn> }
    expect(menu.setApplicationMenu).not.toHaveBeenCalled()
    const protocol = mock['protocol'] as Record<string, ReturnType<typeof vi.fn>>
    expect(protocol['registerSchemesAsPrivileged']).toHaveBeenCalled()
    expect(protocol['handle']).toHaveBeenCalledWith('qrtill', expect.any(Function))
    expect(mock.appHandlers.has('web-contents-created')).toBe(true)

    // The settings screen's choice of display lists Electron's screens through the till.
    const ipcHandle = (mock['ipcMain'] as { handle: ReturnType<typeof vi.fn> }).handle
    const list = ipcHandle.mock.calls.find((call) => call[0] === 'display:list')?.[1] as Handler
    const cashierFrame = { url: 'qrtill://app/cashier.html', parent: null }
    expect(await list({ sender: { id: 1 }, senderFrame: cashierFrame }, {})).toEqual({
      ok: true,
      value: {
        available: true,
        displays: [
          { id: 1, label: 'Built-in', width: 1920, height: 1080, primary: true, customer: true }
        ],
        chosenId: null,
        message: null
      }
    })

    // Quitting closes the till (journal, sandbox) before the process exits.
    const app = mock['app'] as { exit: ReturnType<typeof vi.fn> }
    mock.appHandlers.get('will-quit')?.({ preventDefault: vi.fn() })
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(0))
  })

  it('moves the customer display at once when a display is chosen in the settings', async () => {
    process.env['QR_TILL_DATA_DIR'] = tempDir()
    const laptop = { ...screenOf(1, 0, 1920, 1080), label: 'Built-in' }
    const right = screenOf(2, 1920, 1920, 1080)
    const farRight = screenOf(3, 3840, 1280, 1024)
    const mock = electronMock(true, [laptop, right, farRight])
    vi.doMock('electron', () => mock)
    const { startElectronApp } = await import('../../src/main/electron/app')
    startElectronApp()
    await vi.waitFor(() => expect(mock.created).toHaveLength(2))
    const customer = mock.created[1]!.window

    // Automatic: fullscreen on the first screen to the right of the main one.
    customer.onceHandlers.get('ready-to-show')?.()
    expect(customer.setBounds).toHaveBeenLastCalledWith(right.bounds)
    expect(customer.isFullScreen()).toBe(true)

    // settings:update from the cashier's screen writes settings.json; the watcher re-places.
    const ipcHandle = (mock['ipcMain'] as { handle: ReturnType<typeof vi.fn> }).handle
    const update = ipcHandle.mock.calls.find(
      (call) => call[0] === 'settings:update'
    )?.[1] as Handler
    const cashierFrame = { url: 'qrtill://app/cashier.html', parent: null }
    expect(
      await update(
        { sender: { id: 1 }, senderFrame: cashierFrame },
        { patch: { customerDisplay: { displayId: 3 } } }
      )
    ).toMatchObject({ ok: true })
    await vi.waitFor(() => expect(customer.setBounds).toHaveBeenLastCalledWith(farRight.bounds))
    expect(customer.isFullScreen()).toBe(true)

    customer.onceHandlers.get('closed')?.()
    const app = mock['app'] as { exit: ReturnType<typeof vi.fn> }
    mock.appHandlers.get('will-quit')?.({ preventDefault: vi.fn() })
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(0))
  })

  it('brings the customer display back when its window is closed, but not when the till quits', async () => {
    process.env['QR_TILL_DATA_DIR'] = tempDir()
    const mock = electronMock(true)
    vi.doMock('electron', () => mock)
    const { startElectronApp } = await import('../../src/main/electron/app')
    startElectronApp()
    await vi.waitFor(() => expect(mock.created).toHaveLength(2))
    const first = mock.created[1]!.window
    first.onceHandlers.get('ready-to-show')?.()

    // One display: the customer window sits on the cashier's, with a close button. Someone
    // closes it; it is the only place an MPM QR code shows, so it comes back, placed and shown.
    first.onceHandlers.get('closed')?.()
    expect(mock.created).toHaveLength(3)
    const again = mock.created[2]!
    expect(again.loadURL).toHaveBeenCalledWith('qrtill://app/customer.html')
    expect(again.options['focusable']).toBe(false)
    again.window.onceHandlers.get('ready-to-show')?.()
    expect(again.window.setBounds).toHaveBeenCalled()
    // And it hears the till's events as the customer display, and may read its state.
    const ipcHandle = (mock['ipcMain'] as { handle: ReturnType<typeof vi.fn> }).handle
    const get = ipcHandle.mock.calls.find((call) => call[0] === 'display:get')?.[1] as Handler
    const frame = { url: 'qrtill://app/customer.html', parent: null }
    expect(await get({ sender: again.window.webContents, senderFrame: frame }, {})).toMatchObject({
      ok: true,
      value: { screen: 'idle' }
    })

    // Quitting closes every window: nothing comes back then.
    mock.appHandlers.get('before-quit')?.()
    again.window.onceHandlers.get('closed')?.()
    expect(mock.created).toHaveLength(3)
    const app = mock['app'] as { exit: ReturnType<typeof vi.fn> }
    mock.appHandlers.get('will-quit')?.({ preventDefault: vi.fn() })
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(0))
  })

  it('reloads either screen when its renderer crashes', async () => {
    process.env['QR_TILL_DATA_DIR'] = tempDir()
    const mock = electronMock(true)
    vi.doMock('electron', () => mock)
    const { startElectronApp } = await import('../../src/main/electron/app')
    startElectronApp()
    await vi.waitFor(() => expect(mock.created).toHaveLength(2))

    for (const [index, role] of ['cashier', 'customer'].entries()) {
      const contents = mock.created[index]!.window.webContents
      const gone = contents.on.mock.calls.find((call) => call[0] === 'render-process-gone')?.[1] as
        Handler | undefined
      expect(gone).toBeDefined()
      gone?.({}, { reason: 'crashed', exitCode: 139 })
      expect(contents.loadURL).toHaveBeenCalledWith(`qrtill://app/${role}.html`)
    }

    const app = mock['app'] as { exit: ReturnType<typeof vi.fn> }
    mock.appHandlers.get('will-quit')?.({ preventDefault: vi.fn() })
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(0))
  })

  it('packaged: no menu with Reload or the developer tools, and no key reloads a screen', async () => {
    process.env['QR_TILL_DATA_DIR'] = tempDir()
    const mock = electronMock(true, undefined, true)
    vi.doMock('electron', () => mock)
    const { startElectronApp } = await import('../../src/main/electron/app')
    const { packagedMenu } = await import('../../src/main/electron/lockdown')
    startElectronApp()
    await vi.waitFor(() => expect(mock.created).toHaveLength(2))

    const menu = mock['Menu'] as { setApplicationMenu: ReturnType<typeof vi.fn> }
    expect(menu.setApplicationMenu).toHaveBeenCalledWith(packagedMenu(process.platform))
    for (const window of mock.created) {
      expect(window.options['webPreferences']).toMatchObject({ devTools: false })
      const guard = window.window.webContents.on.mock.calls.find(
        (call) => call[0] === 'before-input-event'
      )?.[1] as Handler
      const reload = { preventDefault: vi.fn() }
      guard(reload, {
        key: 'r',
        code: 'KeyR',
        control: true,
        meta: false,
        shift: false,
        alt: false
      })
      expect(reload.preventDefault).toHaveBeenCalled()
    }

    const app = mock['app'] as { exit: ReturnType<typeof vi.fn> }
    mock.appHandlers.get('will-quit')?.({ preventDefault: vi.fn() })
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(0))
  })
})

type FaultListener = (reason: unknown) => void

/**
 * The listeners fault.ts puts on the process, taken instead of installed: a test calls them as
 * Node would, and vitest's own report of unhandled rejections stays out of it.
 */
function takeFaultListeners(): Map<string, FaultListener> {
  const taken = new Map<string, FaultListener>()
  const on = process.on.bind(process)
  vi.spyOn(process, 'on').mockImplementation(((event: string, listener: FaultListener) => {
    if (event === 'unhandledRejection' || event === 'uncaughtException') {
      taken.set(event, listener)
      return process
    }
    return on(event, listener)
  }) as typeof process.on)
  return taken
}

describe('startElectronApp, on a fault nobody caught', () => {
  async function bootedApp(): Promise<{
    mock: ReturnType<typeof electronMock>
    app: Record<'quit' | 'exit' | 'relaunch', ReturnType<typeof vi.fn>>
    fault: FaultListener
  }> {
    process.env['QR_TILL_DATA_DIR'] = tempDir()
    const faults = takeFaultListeners()
    const mock = electronMock(true)
    vi.doMock('electron', () => mock)
    const { startElectronApp } = await import('../../src/main/electron/app')
    startElectronApp()
    await vi.waitFor(() => expect(mock.appHandlers.has('will-quit')).toBe(true))
    const app = mock['app'] as Record<'quit' | 'exit' | 'relaunch', ReturnType<typeof vi.fn>>
    return { mock, app, fault: faults.get('unhandledRejection')! }
  }

  /** Electron's quit, as app.quit() runs it: before-quit, then will-quit, then the exit. */
  function quitAsElectronDoes(mock: ReturnType<typeof electronMock>): void {
    mock.appHandlers.get('before-quit')?.()
    mock.appHandlers.get('will-quit')?.({ preventDefault: vi.fn() })
  }

  it('after the first minute: quits in order with a failure, and starts again', async () => {
    const { mock, app, fault } = await bootedApp()
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 61_000)
    fault(new Error('a poll loop died'))
    expect(app.relaunch).toHaveBeenCalledTimes(1)
    expect(app.quit).toHaveBeenCalledTimes(1)
    quitAsElectronDoes(mock)
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(1))
  })

  it('in the first minute: quits in order with a failure, and does not start again', async () => {
    const { mock, app, fault } = await bootedApp()
    fault(new Error('fails at every start'))
    expect(app.quit).toHaveBeenCalledTimes(1)
    quitAsElectronDoes(mock)
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(1))
    expect(app.relaunch).not.toHaveBeenCalled()
  })

  it('while the cashier is closing the till: it stays closed, and the close is not cut short', async () => {
    const { mock, app, fault } = await bootedApp()
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 8 * 3_600_000)
    // End of the day: the cashier closes the till, and something rejects while it closes.
    quitAsElectronDoes(mock)
    fault(new Error('a reply lost as the gateway client closed'))
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(1))
    expect(app.relaunch).not.toHaveBeenCalled()
    // A second quit would run will-quit again with nothing holding it: the process would end
    // before the journal closed.
    expect(app.quit).not.toHaveBeenCalled()
  })

  it('before the till is up: exits at once with a failure', async () => {
    const faults = takeFaultListeners()
    const mock = electronMock(true)
    const app = mock['app'] as Record<string, ReturnType<typeof vi.fn>>
    app['whenReady']!.mockReturnValue(new Promise(() => undefined))
    vi.doMock('electron', () => mock)
    const { startElectronApp } = await import('../../src/main/electron/app')
    startElectronApp()
    faults.get('uncaughtException')!(new Error('thrown from an event at start'))
    expect(app['exit']).toHaveBeenCalledWith(1)
    expect(app['relaunch']).not.toHaveBeenCalled()
  })
})
