import type { WebContents } from 'electron'
import { createLogger } from '../log'

const log = createLogger('screens')

/** The few webContents calls and events recovery uses. */
export type RecoverableContents = Pick<
  WebContents,
  'on' | 'isDestroyed' | 'loadURL' | 'reload' | 'forcefullyCrashRenderer'
>

export interface RecoveryOptions {
  /** How long a screen may stay hung after Chromium reports it unresponsive before it is killed. */
  readonly hungForMs?: number
  /** At most this many restarts of one screen within `perMs`: past that it is a crash loop. */
  readonly maxRestarts?: number
  readonly perMs?: number
  readonly now?: () => number
}

/**
 * Brings a screen back when its renderer dies or hangs. The truth lives in main (the journal, the
 * engine), so a reloaded screen loses nothing: it asks again (`sales:current`, `display:get`).
 * Without this a crashed cashier window stays blank mid-sale, and a crashed customer display stops
 * showing the MPM QR code, until someone restarts the till.
 *
 * A hung screen is killed and reloaded in a new process, as Electron documents for
 * `forcefullyCrashRenderer`. A screen that keeps dying (a page that crashes on load) is left
 * alone after `maxRestarts` in `perMs`, rather than reloaded in a loop that eats the till's CPU.
 */
export function recoverScreen(
  contents: RecoverableContents,
  url: string,
  name: string,
  { hungForMs = 10_000, maxRestarts = 3, perMs = 60_000, now = Date.now }: RecoveryOptions = {}
): void {
  let restarts: number[] = []
  let hung: ReturnType<typeof setTimeout> | null = null
  // Set while the process we killed for hanging is going: its render-process-gone is expected.
  let killing = false

  const mayRestart = (): boolean => {
    const at = now()
    restarts = restarts.filter((time) => at - time < perMs)
    if (restarts.length >= maxRestarts) {
      log.error(`the ${name} screen failed ${restarts.length} times in a row: not reloading it`)
      return false
    }
    restarts.push(at)
    return true
  }
  const stopWaiting = (): void => {
    if (hung !== null) clearTimeout(hung)
    hung = null
  }

  contents.on('render-process-gone', (_event, details) => {
    stopWaiting()
    if (killing) {
      killing = false
      return
    }
    // clean-exit: the renderer ended normally, as it does when its window closes.
    if (details.reason === 'clean-exit' || contents.isDestroyed()) return
    log.warn(`the ${name} screen's process ended (${details.reason}): reloading it`)
    if (!mayRestart()) return
    contents.loadURL(url).catch((error: unknown) => {
      log.error(`the ${name} screen did not load again`, { error: String(error) })
    })
  })
  contents.on('unresponsive', () => {
    if (hung !== null) return
    hung = setTimeout(() => {
      hung = null
      if (contents.isDestroyed() || !mayRestart()) return
      log.warn(`the ${name} screen hung for ${hungForMs} ms: reloading it in a new process`)
      killing = true
      contents.forcefullyCrashRenderer()
      contents.reload()
    }, hungForMs)
  })
  contents.on('responsive', stopWaiting)
  contents.on('destroyed', stopWaiting)
}
