import type { App, Session, WebContents } from 'electron'

/** The origin our screens are served from (see protocol.ts): never `file://`, never remote. */
export const appScheme = 'qrtill'
export const appOrigin = `${appScheme}://app`

/**
 * True only for URLs of our own screens. Parsed and compared by exact origin (CONVENTIONS.md §9):
 * no prefix or substring tests, which `qrtill://app.evil` or `qrtill://app@evil` would pass.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return (
    parsed.protocol === `${appScheme}:` &&
    parsed.host === 'app' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === ''
  )
}

/**
 * Denies everything a page could use to leave its box: navigation, redirects, new windows,
 * webviews, and every permission request (camera, notifications, HID from the page, …).
 */
export function hardenWebContents(contents: WebContents): void {
  // The screens are single pages: no navigation is ever legitimate.
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  // Web Bluetooth asks no permission handler: unhandled, Electron connects the page to the first
  // device it finds (webContents "select-bluetooth-device"). An empty id cancels the request.
  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault()
    callback('')
  })
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}

export function installSecurity(app: App): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))
}
