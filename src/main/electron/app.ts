import { join } from 'node:path'
import { BrowserWindow, app, dialog, ipcMain, protocol, screen, session } from 'electron'
import type { Role } from '../../shared/contract'
import { createLogger } from '../log'
import { createTill, dataDirEnv, type Till } from '../till'
import { registerIpc } from './ipc'
import { appSchemePrivileges, registerAppProtocol } from './protocol'
import { hardenSession, installSecurity } from './security'
import { customerPlacement, pageUrl, windowOptions } from './windows'

const log = createLogger('electron')

/** The Electron shell: one till service, a cashier window and a customer display. */
export function startElectronApp(): void {
  protocol.registerSchemesAsPrivileged([appSchemePrivileges])
  if (!app.requestSingleInstanceLock()) {
    // A second till on the same journal would race the first: hand over and leave.
    app.quit()
    return
  }
  installSecurity(app)
  app.on('window-all-closed', () => app.quit())
  app
    .whenReady()
    .then(boot)
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error)
      log.error('start failed', { error: message })
      dialog.showErrorBox('QR Till could not start', message)
      app.exit(1)
    })
}

async function boot(): Promise<void> {
  hardenSession(session.defaultSession)
  registerAppProtocol(protocol, join(__dirname, '../renderer'))
  const dataDir = process.env[dataDirEnv] || app.getPath('userData')
  const till = await createTill({ dataDir })

  const roles = new Map<number, Role>()
  const windows = new Map<Role, BrowserWindow>()
  const open = (role: Role): BrowserWindow => {
    const window = new BrowserWindow(windowOptions(role, join(__dirname, '../preload')))
    roles.set(window.webContents.id, role)
    windows.set(role, window)
    window.on('closed', () => windows.delete(role))
    void window.loadURL(pageUrl(role))
    return window
  }

  const unregister = registerIpc(
    ipcMain,
    till,
    (contents) => roles.get(contents.id),
    () => [...windows.values()].map((window) => window.webContents)
  )

  const cashier = open('cashier')
  cashier.once('ready-to-show', () => cashier.show())

  const customer = open('customer')
  const placement = customerPlacement(screen.getAllDisplays(), screen.getPrimaryDisplay().id)
  customer.setBounds(placement.bounds)
  customer.once('ready-to-show', () => {
    customer.showInactive()
    if (placement.fullscreen) customer.setFullScreen(true)
  })
  cashier.on('closed', () => app.quit())

  app.on('second-instance', () => {
    if (cashier.isDestroyed()) return
    if (cashier.isMinimized()) cashier.restore()
    cashier.focus()
  })
  app.once('will-quit', (event) => {
    event.preventDefault()
    unregister()
    void shutdown(till).finally(() => app.exit(0))
  })
}

async function shutdown(till: Till): Promise<void> {
  try {
    await till.close()
  } catch (error) {
    log.error('shutdown failed', { error: String(error) })
  }
}
