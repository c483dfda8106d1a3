import { join } from 'node:path'
import type { BrowserWindow, BrowserWindowConstructorOptions, Screen } from 'electron'
import type { Role } from '../../shared/contract'
import {
  placeCustomerDisplay,
  placementChanged,
  type DisplayInfo,
  type Placement
} from './placement'
import { appOrigin } from './security'

/**
 * Every window: sandboxed, isolated, no Node, no remote content (DESIGN.md "Security is code").
 * A packaged till has no developer tools at all (lockdown.ts); a development build keeps them.
 */
export function windowOptions(
  role: Role,
  preloadDir: string,
  { packaged = false }: { readonly packaged?: boolean } = {}
): BrowserWindowConstructorOptions {
  const common: BrowserWindowConstructorOptions = {
    show: false,
    backgroundColor: '#0f172a',
    autoHideMenuBar: true,
    webPreferences: {
      preload: join(preloadDir, `${role}.js`),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      devTools: !packaged
    }
  }
  if (role === 'cashier') return { ...common, width: 1280, height: 800, title: 'QR Till' }
  // The customer display never takes focus, so it never takes the scanner's keystrokes.
  return { ...common, width: 1024, height: 768, title: 'QR Till — customer', focusable: false }
}

export function pageUrl(role: Role): string {
  return `${appOrigin}/${role}.html`
}

/** What placement needs from Electron's `screen`, and from nothing else. */
export interface DisplaySource {
  displays(): readonly DisplayInfo[]
  primaryId(): number
  /** Calls `listener` on every plug, unplug and resolution change; returns the unsubscribe. */
  onChange(listener: () => void): () => void
}

const screenEvents = ['display-added', 'display-removed', 'display-metrics-changed'] as const

/** Electron's `screen` as a DisplaySource. */
export function electronDisplaySource(
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay' | 'on' | 'removeListener'>
): DisplaySource {
  return {
    displays: () => screen.getAllDisplays(),
    primaryId: () => screen.getPrimaryDisplay().id,
    onChange(listener) {
      const handler = (): void => listener()
      for (const name of screenEvents) screen.on(name as 'display-added', handler)
      return () => {
        for (const name of screenEvents) screen.removeListener(name as 'display-added', handler)
      }
    }
  }
}

/** The few window calls placement makes. */
export type PlaceableWindow = Pick<
  BrowserWindow,
  'isDestroyed' | 'isFullScreen' | 'setFullScreen' | 'setBounds'
>

export interface DisplayFollower {
  /** The placement applied last. */
  current(): Placement
  /** Places again now: after the chosen display changed in the settings. */
  refresh(): void
  stop(): void
}

/**
 * Keeps the customer display where placement.ts says, now and on every display change: to the
 * chosen (or another) display fullscreen; back to a window on the primary when that display is
 * unplugged; and back to fullscreen there when it returns. It never shows or focuses the window:
 * the customer display is shown inactive once, by the caller, and must never take the keyboard.
 */
export function followDisplays(
  source: DisplaySource,
  window: PlaceableWindow,
  chosenId: () => number | null,
  onPlaced: (placement: Placement) => void = () => undefined
): DisplayFollower {
  let applied: Placement | null = null
  const place = (): Placement =>
    placeCustomerDisplay({
      displays: source.displays(),
      primaryId: source.primaryId(),
      chosenId: chosenId()
    })
  const apply = (): void => {
    const next = place()
    if (window.isDestroyed() || !placementChanged(applied, next)) return
    // A fullscreen window moves only once it is windowed again; then it fills its new display.
    if (window.isFullScreen()) window.setFullScreen(false)
    window.setBounds(next.bounds)
    if (next.kind === 'fullscreen') window.setFullScreen(true)
    applied = next
    onPlaced(next)
  }
  apply()
  const unsubscribe = source.onChange(apply)
  return {
    current: () => applied ?? place(),
    refresh: apply,
    stop: unsubscribe
  }
}
