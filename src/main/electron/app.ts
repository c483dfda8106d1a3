import { watch } from 'node:fs'
import { join } from 'node:path'
import {
  BrowserWindow,
  Menu,
  app,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  screen,
  session
} from 'electron'
import type { Role } from '../../shared/contract'
import { stopOnFault } from '../fault'
import { createLogger } from '../log'
import { createTill, dataDirEnv, type Till } from '../till'
import { dataFiles } from '../till/paths'
import { createSafeStorageSecretStore, secretsDirOf } from '../till/secrets'
import { readSettingsFile } from '../till/settings'
import { registerIpc } from './ipc'
import { appSchemePrivileges, registerAppProtocol } from './protocol'
import { hardenSession, installSecurity } from './security'
import { electronDisplayList } from './display-list'
import { guardReloadAndDevTools, packagedMenu } from './lockdown'
import { placeCustomerDisplay } from './placement'
import { recoverScreen } from './recovery'
import { electronDisplaySource, followDisplays, pageUrl, windowOptions } from './windows'

const log = createLogger('electron')

/** 1 once a fault stopped the till (fault.ts): the process then ends as a failure. */
let exitCode = 0
/** Set once the till service and the windows are up: from then on a fault closes them in order. */
let booted = false
/** A fault this soon after the start stops the till without starting it again. */
const relaunchAfterMs = 60_000
/** Set once the till is quitting (before-quit), whatever asked: a fault then only fails the exit. */
let quitting = false

/** The Electron shell: one till service, a cashier window and a customer display. */
export function startElectronApp(): void {
  protocol.registerSchemesAsPrivileged([appSchemePrivileges])
  if (!app.requestSingleInstanceLock()) {
    // A second till on the same journal would race the first: hand over and leave.
    app.quit()
    return
  }
  installSecurity(app)
  const startedAt = Date.now()
  stopOnFault(() => {
    exitCode = 1
    if (!booted) {
      // Nothing to close in order yet; the start's own failure path may be what failed.
      app.exit(1)
      return
    }
    // Already closing in order (the cashier closed the till, or a quit is under way): starting it
    // again would bring back a till someone closed, and a second quit would run will-quit again
    // with nothing holding it, ending the process before the journal closed.
    if (quitting) return
    // A desktop till has no service manager to start it again, so it starts itself again, once it
    // has run a while: a fault at every start would otherwise restart it without end.
    if (Date.now() - startedAt >= relaunchAfterMs) app.relaunch()
    app.quit()
  })
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
  // At the counter nothing reloads a screen or opens the developer tools (lockdown.ts).
  const packaged = app.isPackaged
  if (packaged) {
    const menu = packagedMenu(process.platform)
    Menu.setApplicationMenu(menu === null ? null : Menu.buildFromTemplate(menu))
  }
  registerAppProtocol(protocol, join(__dirname, '../renderer'))
  const dataDir = process.env[dataDirEnv] || app.getPath('userData')
  // Imported gateway keys are encrypted with the OS keychain, never kept in plain files.
  const till = await createTill({
    dataDir,
    secrets: createSafeStorageSecretStore(secretsDirOf(dataDir), safeStorage),
    // The settings screen's choice of display (display:list), listed from `screen` as it is now.
    displays: electronDisplayList(screen, () => chosenDisplayId(dataDir))
  })

  const roles = new Map<number, Role>()
  const windows = new Map<Role, BrowserWindow>()
  const open = (role: Role): BrowserWindow => {
    const window = new BrowserWindow(
      windowOptions(role, join(__dirname, '../preload'), { packaged })
    )
    if (packaged) guardReloadAndDevTools(window.webContents)
    // A crashed or hung screen comes back by itself: nobody at the counter can reload it.
    recoverScreen(window.webContents, pageUrl(role), role)
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

  app.once('before-quit', () => {
    quitting = true
  })
  const displays = electronDisplaySource(screen)
  const chosen = (): number | null => chosenDisplayId(dataDir)
  const openCustomer = (): void => {
    const customer = open('customer')
    let stopFollowing = (): void => undefined
    // Where it will go, before it is shown, so it never flashes on the cashier's display.
    customer.setBounds(
      placeCustomerDisplay({
        displays: displays.displays(),
        primaryId: displays.primaryId(),
        chosenId: chosen()
      }).bounds
    )
    customer.once('ready-to-show', () => {
      // Shown inactive, and not focusable (windows.ts): it never takes the scanner's keystrokes.
      customer.showInactive()
      const follower = followDisplays(displays, customer, chosen, (placement) =>
        log.info(`customer display: ${placement.kind} on display ${placement.displayId ?? '-'}`)
      )
      // A display chosen in the settings (settings:update, or settings.json by hand) applies at
      // once: the file is the truth, read again whenever it is written.
      const watcher = watch(dataDir, (_event, name) => {
        if (name === 'settings.json') follower.refresh()
      })
      stopFollowing = () => {
        follower.stop()
        watcher.close()
      }
    })
    customer.once('closed', () => {
      stopFollowing()
      // With one display it is a window on the cashier's, close button and all. It is the only
      // place an MPM QR code shows, and a replugged display must find it: it comes back.
      if (!quitting && !cashier.isDestroyed()) {
        log.warn('the customer display was closed: opening it again')
        openCustomer()
      }
    })
  }
  openCustomer()
  cashier.on('closed', () => app.quit())

  app.on('second-instance', () => {
    if (cashier.isDestroyed()) return
    if (cashier.isMinimized()) cashier.restore()
    cashier.focus()
  })
  app.once('will-quit', (event) => {
    event.preventDefault()
    unregister()
    void shutdown(till).finally(() => app.exit(exitCode))
  })
  booted = true
}

/** The display the shop chose, read afresh each time, so a choice saved in the settings applies. */
function chosenDisplayId(dataDir: string): number | null {
  try {
    return readSettingsFile(dataFiles(dataDir).settings).customerDisplay?.displayId ?? null
  } catch {
    // A settings file that does not parse stops the till at start; here it only means "automatic".
    return null
  }
}

async function shutdown(till: Till): Promise<void> {
  try {
    await till.close()
  } catch (error) {
    log.error('shutdown failed', { error: String(error) })
  }
}
