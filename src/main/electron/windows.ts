import { join } from 'node:path'
import type { BrowserWindowConstructorOptions, Display, Rectangle } from 'electron'
import type { Role } from '../../shared/contract'
import { appOrigin } from './security'

/** Every window: sandboxed, isolated, no Node, no remote content (DESIGN.md "Security is code"). */
export function windowOptions(role: Role, preloadDir: string): BrowserWindowConstructorOptions {
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
      navigateOnDragDrop: false
    }
  }
  if (role === 'cashier') return { ...common, width: 1280, height: 800, title: 'QR Till' }
  // The customer display never takes focus, so it never takes the scanner's keystrokes.
  return { ...common, width: 1024, height: 768, title: 'QR Till — customer', focusable: false }
}

export function pageUrl(role: Role): string {
  return `${appOrigin}/${role}.html`
}

/**
 * Where the customer display goes: fullscreen on the first display that is not the primary one,
 * else a window on the primary display. (Remembering the chosen display and following unplug and
 * replug is the customer-display issue's work.)
 */
export function customerPlacement(
  displays: readonly Pick<Display, 'id' | 'bounds'>[],
  primaryId: number
): { bounds: Rectangle; fullscreen: boolean } {
  const secondary = displays.find((display) => display.id !== primaryId)
  if (secondary !== undefined) return { bounds: secondary.bounds, fullscreen: true }
  const primary = displays.find((display) => display.id === primaryId) ?? displays[0]
  const area = primary?.bounds ?? { x: 0, y: 0, width: 1024, height: 768 }
  return {
    bounds: {
      x: area.x + 40,
      y: area.y + 40,
      width: Math.min(1024, area.width - 80),
      height: Math.min(768, area.height - 80)
    },
    fullscreen: false
  }
}
