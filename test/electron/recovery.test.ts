import { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => ({}))

const { recoverScreen } = await import('../../src/main/electron/recovery')

const url = 'qrtill://app/cashier.html'

/** A webContents as far as recovery uses it; its events are emitted as Electron would. */
function fakeContents(): EventEmitter & {
  loadURL: ReturnType<typeof vi.fn>
  reload: ReturnType<typeof vi.fn>
  forcefullyCrashRenderer: ReturnType<typeof vi.fn>
  destroyed: boolean
  isDestroyed(): boolean
} {
  return Object.assign(new EventEmitter(), {
    loadURL: vi.fn(() => Promise.resolve()),
    reload: vi.fn(),
    forcefullyCrashRenderer: vi.fn(),
    destroyed: false,
    isDestroyed(this: { destroyed: boolean }) {
      return this.destroyed
    }
  })
}

function gone(contents: EventEmitter, reason: string): void {
  contents.emit('render-process-gone', {}, { reason, exitCode: 1 })
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('recoverScreen', () => {
  it.each(['crashed', 'oom', 'killed', 'abnormal-exit'])(
    'reloads the screen when its renderer is gone (%s)',
    (reason) => {
      const contents = fakeContents()
      recoverScreen(contents as never, url, 'cashier')
      gone(contents, reason)
      expect(contents.loadURL).toHaveBeenCalledWith(url)
    }
  )

  it('leaves a renderer that ended cleanly, or a closed window, alone', () => {
    const contents = fakeContents()
    recoverScreen(contents as never, url, 'cashier')
    gone(contents, 'clean-exit')
    contents.destroyed = true
    gone(contents, 'crashed')
    expect(contents.loadURL).not.toHaveBeenCalled()
  })

  it('stops reloading a screen that keeps crashing, and tries again a minute later', () => {
    let now = 0
    const contents = fakeContents()
    recoverScreen(contents as never, url, 'cashier', { now: () => now })
    for (let crash = 0; crash < 5; crash += 1) {
      gone(contents, 'crashed')
      now += 1_000
    }
    expect(contents.loadURL).toHaveBeenCalledTimes(3)
    now += 60_000
    gone(contents, 'crashed')
    expect(contents.loadURL).toHaveBeenCalledTimes(4)
  })

  it('kills a screen hung past the grace period and reloads it in a new process, once', () => {
    const contents = fakeContents()
    recoverScreen(contents as never, url, 'customer', { hungForMs: 10_000 })
    contents.emit('unresponsive')
    vi.advanceTimersByTime(9_999)
    expect(contents.forcefullyCrashRenderer).not.toHaveBeenCalled()
    contents.emit('unresponsive')
    vi.advanceTimersByTime(1)
    expect(contents.forcefullyCrashRenderer).toHaveBeenCalledTimes(1)
    expect(contents.reload).toHaveBeenCalledTimes(1)
    // The process it killed reports itself gone: that is no second crash to reload for.
    gone(contents, 'killed')
    expect(contents.loadURL).not.toHaveBeenCalled()
    // A real crash later still is.
    gone(contents, 'crashed')
    expect(contents.loadURL).toHaveBeenCalledTimes(1)
  })

  it('leaves a screen that answers again within the grace period alone', () => {
    const contents = fakeContents()
    recoverScreen(contents as never, url, 'cashier', { hungForMs: 10_000 })
    contents.emit('unresponsive')
    vi.advanceTimersByTime(5_000)
    contents.emit('responsive')
    vi.advanceTimersByTime(60_000)
    expect(contents.forcefullyCrashRenderer).not.toHaveBeenCalled()
    expect(contents.reload).not.toHaveBeenCalled()
  })
})
