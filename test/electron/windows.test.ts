import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => ({}))

const { electronDisplaySource, followDisplays, pageUrl, windowOptions } =
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

  it.each(['cashier', 'customer'] as const)(
    'has developer tools only in a development build (%s)',
    (role) => {
      expect(windowOptions(role, '/p').webPreferences?.devTools).toBe(true)
      expect(windowOptions(role, '/p', { packaged: true }).webPreferences?.devTools).toBe(false)
    }
  )

  it('never lets the customer display take focus', () => {
    expect(windowOptions('customer', '/p').focusable).toBe(false)
    expect(windowOptions('cashier', '/p').focusable).toBeUndefined()
  })
})

type Listener = () => void

/** Electron's `screen` as far as placement uses it: displays, the primary, and its events. */
interface FakeScreen {
  getAllDisplays(): { id: number; bounds: Rect }[]
  getPrimaryDisplay(): { id: number; bounds: Rect }
  on(name: string, listener: Listener): void
  removeListener(name: string, listener: Listener): void
  plug(next: { id: number; bounds: Rect }[], event: string): void
  listenerCount(): number
}

function fakeScreen(initial: { id: number; bounds: Rect }[]): FakeScreen {
  let displays = initial
  const listeners = new Map<string, Set<Listener>>()
  return {
    getAllDisplays: () => displays,
    getPrimaryDisplay: () => displays[0]!,
    on(name: string, listener: Listener) {
      if (!listeners.has(name)) listeners.set(name, new Set())
      listeners.get(name)!.add(listener)
    },
    removeListener(name: string, listener: Listener) {
      listeners.get(name)?.delete(listener)
    },
    plug(next: { id: number; bounds: Rect }[], event: string) {
      displays = next
      for (const listener of listeners.get(event) ?? []) listener()
    },
    listenerCount: () => [...listeners.values()].reduce((n, set) => n + set.size, 0)
  }
}

interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** A window that records what placement did to it. */
interface FakeWindow {
  calls: string[]
  isDestroyed(): boolean
  isFullScreen(): boolean
  setFullScreen: ReturnType<typeof vi.fn>
  setBounds: ReturnType<typeof vi.fn>
  show: ReturnType<typeof vi.fn>
  focus: ReturnType<typeof vi.fn>
}

function fakeWindow(): FakeWindow {
  const calls: string[] = []
  let fullscreen = false
  return {
    calls,
    isDestroyed: () => false,
    isFullScreen: () => fullscreen,
    setFullScreen: vi.fn((flag: boolean) => {
      fullscreen = flag
      calls.push(`fullscreen:${flag}`)
    }),
    setBounds: vi.fn((bounds: Rect) => calls.push(`bounds:${bounds.x},${bounds.y}`)),
    // Placement must never show or focus the customer display.
    show: vi.fn(),
    focus: vi.fn()
  }
}

describe('followDisplays with Electron screen events', () => {
  const primary = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }
  const second = { id: 2, bounds: { x: 1920, y: 0, width: 1024, height: 768 } }

  it('goes fullscreen on the second display, to a window on unplug, and back on replug', () => {
    const screen = fakeScreen([primary, second])
    const window = fakeWindow()
    const source = electronDisplaySource(
      screen as unknown as Parameters<typeof electronDisplaySource>[0]
    )
    const follower = followDisplays(source, window as never, () => 2)
    expect(window.calls).toEqual(['bounds:1920,0', 'fullscreen:true'])

    window.calls.length = 0
    screen.plug([primary], 'display-removed')
    expect(window.calls).toEqual(['fullscreen:false', 'bounds:40,40'])
    expect(follower.current()).toMatchObject({ kind: 'window', displayId: 1 })

    window.calls.length = 0
    screen.plug([primary, second], 'display-added')
    expect(window.calls).toEqual(['bounds:1920,0', 'fullscreen:true'])
    expect(window.show).not.toHaveBeenCalled()
    expect(window.focus).not.toHaveBeenCalled()
  })

  it('does nothing when a change leaves the placement as it was, and stops listening', () => {
    const screen = fakeScreen([primary, second])
    const window = fakeWindow()
    const source = electronDisplaySource(
      screen as unknown as Parameters<typeof electronDisplaySource>[0]
    )
    const follower = followDisplays(source, window as never, () => null)
    expect(screen.listenerCount()).toBe(3)
    window.calls.length = 0
    screen.plug([primary, second], 'display-metrics-changed')
    expect(window.calls).toEqual([])
    follower.stop()
    expect(screen.listenerCount()).toBe(0)
    screen.plug([primary], 'display-removed')
    expect(window.calls).toEqual([])
  })

  it('moves to a newly chosen display when the settings change', () => {
    const third = { id: 3, bounds: { x: 2944, y: 0, width: 1280, height: 800 } }
    const screen = fakeScreen([primary, second, third])
    const window = fakeWindow()
    let chosen: number | null = null
    const source = electronDisplaySource(
      screen as unknown as Parameters<typeof electronDisplaySource>[0]
    )
    const follower = followDisplays(source, window as never, () => chosen)
    expect(follower.current().displayId).toBe(2)
    chosen = 3
    window.calls.length = 0
    follower.refresh()
    expect(window.calls).toEqual(['fullscreen:false', 'bounds:2944,0', 'fullscreen:true'])
  })
})
