import type { Input, MenuItemConstructorOptions, WebContents } from 'electron'

/**
 * A packaged till at the counter: nothing a stray key or a curious customer can press reloads a
 * screen or opens the developer tools. A reload drops whatever the screen holds (a payment's
 * screen comes back through `sales:current`, but the cashier loses their place), and the developer
 * tools reach past every guard the screens have. A development build keeps both.
 */

/** What `before-input-event` says about a key, as far as the guard reads it. */
export type KeyInput = Pick<Input, 'key' | 'code' | 'control' | 'meta' | 'shift' | 'alt'>

const devToolsLetters = new Set(['I', 'J', 'C'])

/**
 * Chromium's and Electron's keys for reloading a page and for the developer tools: F5, Ctrl+R and
 * Cmd+R (with Shift: ignoring the cache); F12, Ctrl+Shift+I/J/C and Cmd+Alt+I/J/C (the tools, their
 * console, the element picker). The letter is read from the physical key when there is one, so a
 * layout that types another letter there (Cyrillic, say) is caught too.
 * Ctrl with Alt is left alone: on Windows that is AltGr, which types letters (ć is AltGr+C in
 * Polish).
 */
export function isReloadOrDevToolsKey(input: KeyInput): boolean {
  if (input.key === 'F5' || input.key === 'F12') return true
  const letter = /^Key[A-Z]$/.test(input.code) ? input.code.slice(3) : input.key.toUpperCase()
  if (input.control && !input.alt) {
    return letter === 'R' || (input.shift && devToolsLetters.has(letter))
  }
  if (input.meta) {
    return input.alt ? devToolsLetters.has(letter) : letter === 'R'
  }
  return false
}

/** Swallows those keys before the page or any menu sees them (the screens use none of them). */
export function guardReloadAndDevTools(contents: Pick<WebContents, 'on'>): void {
  contents.on('before-input-event', (event, input) => {
    if (isReloadOrDevToolsKey(input)) event.preventDefault()
  })
}

/**
 * The application menu of a packaged till. Electron's default one carries Reload, Force Reload and
 * Toggle Developer Tools with their shortcuts, so it goes: no menu at all on Windows and Linux,
 * where the windows hide the bar anyway; on macOS, where editing keys (copy, paste into the
 * settings) and Quit live in the menu, only the app and Edit menus, which have neither.
 */
export function packagedMenu(platform: NodeJS.Platform): MenuItemConstructorOptions[] | null {
  return platform === 'darwin' ? [{ role: 'appMenu' }, { role: 'editMenu' }] : null
}
