import { chmodSync, mkdirSync } from 'node:fs'
import {
  fail,
  ok,
  refuse,
  type EventChannel,
  type EventPayload,
  type Result,
  type TillInfo
} from '../../shared/contract'
import { createGatewayClient } from '../gateway'
import {
  startNotificationReceiver,
  type NotificationReceiver,
  type NotificationReceiverDeps
} from '../gateway/notify'
import type { Gateway, GatewayConfig, TransErrorMeanings } from '../gateway/types'
import { openJournal, type Journal } from '../journal'
import { lockDataDir, type TillLock } from './till-lock'
import { createLogger } from '../log'
import {
  createPaymentEngine,
  defaultPaymentSettings,
  systemClock,
  type Clock,
  type PaymentEngine
} from '../payments'
import { createReports } from '../reports'
import {
  createScannerReader,
  loadNodeHidTransport,
  noScanner,
  type HidTransport
} from '../scanners'
import {
  generateSandboxCredentials,
  loadOrCreateKeyFiles,
  sandboxDefiniteRefusals,
  sandboxRefusalMeanings,
  sandboxTransErrorMeanings,
  startSandbox,
  type Sandbox,
  type SandboxCredentials
} from '../../sandbox'
import { createCustomerDisplay } from './customer-display'
import type { CommandHandlers } from './dispatch'
import { listDisplays, type DisplayProvider } from './displays'
import {
  createManagerHandlers,
  type ManagerHandlers,
  type SettingsChange
} from './manager-handlers'
import { dataDirEnv, dataFiles, type DataFiles } from './paths'
import { createFileSecretStore, secretsDirOf, type SecretStore } from './secrets'
import { createSettingsAdmin } from './settings-admin'
import { createSettingsStore } from './settings-store'
import { createStatusMonitor, type StatusMonitor } from './status'
import { loadSettings, type TillSettings } from './settings'

const log = createLogger('till')

export interface TillConfig {
  /** The per-user data folder (journal, settings, keys). */
  readonly dataDir: string
  readonly clock?: Clock
  /** Replaces the gateway built from settings (tests inject faults here). */
  readonly gateway?: Gateway
  /** With `gateway`: what its closed orders' codes mean (else settings.json's). */
  readonly transErrorMeanings?: TransErrorMeanings
  /**
   * Keys for the embedded sandbox instead of fresh ones, so a test can generate them once and
   * sign notifications as the gateway. Unused when settings.json configures a real gateway.
   */
  readonly sandboxCredentials?: SandboxCredentials
  /**
   * A persistent embedded sandbox: its state in a SQLite file, its keys in a folder (reused if
   * present), on a fixed port, so it survives the till's restart with every order it had. The
   * crash tests run the till this way; by default the sandbox is fresh and in memory.
   */
  /**
   * Where imported gateway keys are kept: Electron passes the OS keychain's (safeStorage); by
   * default owner-only files in <data>/secrets.
   */
  readonly secrets?: SecretStore
  readonly sandbox?: {
    readonly storeFile?: string
    readonly keysDir?: string
    readonly port?: number
  }
  /**
   * Where HID-POS scanners come from: node-hid when absent, a fake transport in tests, null for
   * none (the status then always says 'none'; keyboard-wedge scanners need nothing from main).
   */
  readonly scanners?: HidTransport | null
  /**
   * The screens the customer display can be placed on (`display:list`): the Electron app passes
   * one built on Electron's `screen`; the web host none, and the list says placement is for the
   * desktop app.
   */
  readonly displays?: DisplayProvider
}

export type TillEventListener = <E extends EventChannel>(
  channel: E,
  payload: EventPayload<E>
) => void

export interface Till {
  readonly info: TillInfo
  readonly handlers: CommandHandlers
  /** The embedded sandbox gateway, when no credentials are configured. */
  readonly sandbox: Sandbox | null
  readonly dataDir: string
  /** Where the notification receiver listens, or null when it is off (docs/notifications.md). */
  readonly notificationsUrl: string | null
  subscribe(listener: TillEventListener): () => void
  /**
   * The manager PIN check of `settings:update`, for a change from the settings screen that an
   * adapter carries out itself (the web host's `display:unpairLan`): the same lockout counts it.
   */
  approveSettingsChange(change: SettingsChange): Promise<Result<null>>
  /**
   * Resolves once no payment step is running: tests on a virtual clock wait on it after advancing
   * time or posting a notification, instead of guessing how long the loopback gateway takes.
   */
  idle(): Promise<void>
  close(): Promise<void>
}

/**
 * Makes the data folder, the till user's alone: mkdir's mode does nothing to a folder that was
 * already there (a hand install makes keys/ first). A folder the till cannot write (read-only
 * disk, another user's, immutable) stops the start here, saying which folder and why, since the
 * journal must be written before anything is sent.
 */
function prepareDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    chmodSync(dir, 0o700)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(
      `The data folder ${dir} cannot be written (${reason}). The order journal lives there ` +
        'and is written before any payment is sent. Check that the disk is not full or ' +
        'read-only and that the folder belongs to the user running QR Till, or choose another ' +
        `folder (--data-dir, or ${dataDirEnv}).`,
      { cause: error }
    )
  }
}

/**
 * The composition root (CONVENTIONS.md §6). Boot order: settings, journal (migrated), gateway
 * (the embedded sandbox when no credentials are configured), payment engine, the notification
 * receiver when enabled, the HID-POS scanner reader, recovery of unfinished attempts. The
 * screens come after, through an adapter.
 */
export async function createTill(config: TillConfig): Promise<Till> {
  const clock = config.clock ?? systemClock
  const files = dataFiles(config.dataDir)
  prepareDataDir(files.dir)
  const secrets = config.secrets ?? createFileSecretStore(secretsDirOf(files.dir))
  const settings = loadSettings(files, secrets)

  // One till per journal (till-lock.ts): taken before the journal opens, let go when it closes.
  const lock = lockDataDir(files.dir)
  let status: StatusMonitor | null = null
  let journal: Journal
  try {
    journal = openJournal(files.journal)
  } catch (error) {
    lock.release()
    throw error
  }
  let sandbox: Sandbox | null = null
  let receiver: NotificationReceiver | null = null
  try {
    let gateway = config.gateway
    let identity: GatewayIdentity | null = settings.gateway
    if (gateway === undefined) {
      const built = await buildGateway(settings, clock, config)
      gateway = built.gateway
      sandbox = built.sandbox
      identity = built.identity
    }
    status = createStatusMonitor({
      baseUrl: sandbox?.url ?? settings.gateway?.baseUrl ?? 'http://127.0.0.1:9',
      now: () => clock.now()
    })
    gateway = status.observeGateway(gateway)
    const engine = createPaymentEngine({
      journal: status.observeJournal(journal),
      gateway,
      clock,
      settings: settings.payments,
      notifyUrl: () => receiver?.notifyUrl ?? null,
      // The embedded sandbox's codes are known; PayCloud's are what settings.json says.
      ...transErrorMeaningsFor(sandbox, settings, config)
    })
    receiver = await startNotifications(settings, identity, {
      journal,
      checkNow: (merchantOrderNo) => engine.checkNow(merchantOrderNo),
      now: () => clock.now(),
      timers: clock
    })
    const reports = createReports({
      journal,
      gateway,
      now: () => clock.now(),
      timeZone: settings.timeZone
    })
    const manager = createManagerHandlers({ journal, engine, now: () => clock.now() })
    const till = assemble({
      settings,
      journal,
      engine,
      reports,
      manager,
      sandbox,
      receiver,
      dataDir: files.dir,
      files,
      secrets,
      status,
      clock,
      scanners: config.scanners === undefined ? loadNodeHidTransport : config.scanners,
      displays: config.displays,
      lock
    })
    // A gateway injected by a test has no address to probe: its exchanges alone tell.
    if (config.gateway === undefined) status.start()
    engine.resume()
    log.info(
      sandbox === null
        ? `started on the PayCloud gateway at ${settings.gateway?.baseUrl ?? '(injected)'}`
        : `started on the embedded sandbox gateway at ${sandbox.url}`
    )
    return till
  } catch (error) {
    status?.stop()
    await receiver?.close()
    journal.close()
    await sandbox?.close()
    lock.release()
    throw error
  }
}

/** Who the till is at the gateway: what the notification receiver checks a notification against. */
interface GatewayIdentity {
  readonly merchantNo: string
  readonly gatewayPublicKeyPem: string
}

/**
 * Starts the receiver when settings.json enables it. A receiver that cannot start (its port is
 * taken, say) does not stop the till: polling is the truth at the counter (DESIGN.md), so the
 * till takes payments without notifications, sends no notify_url, and says why in the log.
 */
async function startNotifications(
  settings: TillSettings,
  identity: GatewayIdentity | null,
  deps: Pick<NotificationReceiverDeps, 'journal' | 'checkNow' | 'now' | 'timers'>
): Promise<NotificationReceiver | null> {
  const notifications = settings.notifications
  if (notifications === null) return null
  if (identity === null) {
    log.warn('notifications are enabled but no gateway identity is known; the receiver is off')
    return null
  }
  try {
    return await startNotificationReceiver({
      ...deps,
      settings: notifications,
      merchantNo: identity.merchantNo,
      gatewayPublicKeyPem: identity.gatewayPublicKeyPem
    })
  } catch (error) {
    log.error(
      `the notification receiver could not start on ${notifications.host}:${notifications.port} ` +
        `(${error instanceof Error ? error.message : String(error)}); payments are confirmed by ` +
        'polling alone'
    )
    return null
  }
}

function transErrorMeaningsFor(
  sandbox: Sandbox | null,
  settings: TillSettings,
  config: Pick<TillConfig, 'transErrorMeanings'>
): { transErrorMeanings?: TransErrorMeanings } {
  const meanings =
    config.transErrorMeanings ??
    (sandbox === null ? settings.gateway?.transErrorMeanings : sandboxTransErrorMeanings)
  return meanings === undefined ? {} : { transErrorMeanings: meanings }
}

async function buildGateway(
  settings: TillSettings,
  clock: Clock,
  config: Pick<TillConfig, 'sandboxCredentials' | 'sandbox'>
): Promise<{ gateway: Gateway; sandbox: Sandbox | null; identity: GatewayIdentity }> {
  if (settings.gateway !== null) {
    const gatewayConfig: GatewayConfig = settings.gateway
    return {
      gateway: createGatewayClient(gatewayConfig),
      sandbox: null,
      identity: settings.gateway
    }
  }
  // The sandbox is the embedded default (DESIGN.md "Decisions"): fresh keys every start, unless
  // a test brings keys it generated once (TillConfig.sandboxCredentials).
  const keysDir = config.sandbox?.keysDir
  const credentials =
    config.sandboxCredentials ??
    (keysDir === undefined
      ? await generateSandboxCredentials()
      : (await loadOrCreateKeyFiles(keysDir)).credentials)
  // The embedded sandbox lives on the till's clock, so a test's virtual time moves both.
  const now = (): number => clock.now()
  const sandbox = await startSandbox({
    appId: credentials.appId,
    merchantNo: credentials.merchantNo,
    storeNo: credentials.storeNo,
    appPublicKeyPem: credentials.appPublicKeyPem,
    gatewayPrivateKeyPem: credentials.gatewayPrivateKeyPem,
    now,
    ...(config.sandbox?.storeFile === undefined ? {} : { storeFile: config.sandbox.storeFile }),
    ...(config.sandbox?.port === undefined ? {} : { port: config.sandbox.port })
  })
  const gateway = createGatewayClient(
    {
      baseUrl: sandbox.url,
      appId: credentials.appId,
      merchantNo: credentials.merchantNo,
      storeNo: credentials.storeNo,
      appPrivateKeyPem: credentials.appPrivateKeyPem,
      gatewayPublicKeyPem: credentials.gatewayPublicKeyPem,
      definiteRefusalCodes: sandboxDefiniteRefusals,
      refusalMeanings: sandboxRefusalMeanings
    },
    { now }
  )
  return { gateway, sandbox, identity: credentials }
}

function assemble(parts: {
  settings: TillSettings
  journal: Journal
  engine: PaymentEngine
  reports: ReturnType<typeof createReports>
  manager: ManagerHandlers
  sandbox: Sandbox | null
  receiver: NotificationReceiver | null
  dataDir: string
  files: DataFiles
  secrets: SecretStore
  status: StatusMonitor
  clock: Clock
  scanners: HidTransport | (() => Promise<HidTransport>) | null
  displays: DisplayProvider | undefined
  lock: TillLock
}): Till {
  const { settings, journal, engine, reports, sandbox, receiver, status } = parts
  const listeners = new Set<TillEventListener>()
  // Replaced, never mutated, when settings change live (settings:update): screens compare it.
  let info: TillInfo = {
    shopName: settings.shopName,
    currency: settings.currency,
    language: settings.language,
    timeZone: settings.timeZone,
    sandbox: sandbox !== null,
    methodRules: settings.methodRules,
    wedge: settings.wedge,
    cpmWindowMs: settings.payments.pollWindowMs ?? defaultPaymentSettings.pollWindowMs
  }

  function emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void {
    for (const listener of listeners) listener(channel, payload)
  }

  const display = createCustomerDisplay({
    shopName: settings.shopName,
    working: journal.currentSale(),
    emit: (state) => emit('display:changed', state),
    now: () => parts.clock.now()
  })

  /**
   * The cashier starts paying this sale: the display follows it (a sale taken up again after a
   * restart, say). One the engine will refuse to take a payment for is left where it is.
   */
  function follow(saleId: number): void {
    const sale = engine.getSale(saleId)
    if (sale.ok && (sale.value.status === 'open' || sale.value.status === 'declined')) {
      display.follow(sale.value)
    }
  }

  // HID-POS scans go to the cashier screen as events, into the same handler as wedge scans.
  const scanners =
    parts.scanners === null
      ? null
      : createScannerReader({
          transport: parts.scanners,
          clock: parts.clock,
          onScan: (scan) => emit('scanner:scan', scan),
          onStatus: (status) => emit('scanner:status', status)
        })
  void scanners?.start()

  engine.onSaleChanged((sale) => {
    emit('sales:changed', sale)
    display.saleChanged(sale)
  })

  status.onChange((current) => emit('status:changed', current))
  const admin = createSettingsAdmin({
    files: parts.files,
    store: createSettingsStore(parts.files),
    secrets: parts.secrets,
    startedCustomerDisplay: settings.customerDisplay,
    startedGateway:
      settings.gateway === null
        ? null
        : {
            baseUrl: settings.gateway.baseUrl,
            appId: settings.gateway.appId,
            merchantNo: settings.gateway.merchantNo,
            storeNo: settings.gateway.storeNo
          },
    openSales: () =>
      journal.db
        .prepare<[], { id: number }>(
          "SELECT id FROM sales WHERE status IN ('open', 'paying') ORDER BY id"
        )
        .all()
        .map((row) => row.id),
    applyLive(live) {
      engine.updateSettings(live.payments)
      info = {
        ...info,
        shopName: live.shopName,
        currency: live.currency,
        language: live.language,
        methodRules: live.methodRules,
        wedge: live.wedge,
        cpmWindowMs: live.payments.pollWindowMs ?? defaultPaymentSettings.pollWindowMs
      }
      emit('settings:changed', info)
      display.renamed(info.shopName)
    }
  })

  const handlers: CommandHandlers = {
    'settings:info': async () => ok(info),
    'settings:get': async () => admin.get(),
    'settings:update': async ({ patch, managerPin }) => {
      const approved = await parts.manager.approveSettingsChange({
        command: 'settings:update',
        managerPin,
        patch
      })
      return approved.ok ? admin.update(patch) : approved
    },
    'settings:importKey': async ({ managerPin, ...keys }) => {
      const approved = await parts.manager.approveSettingsChange({
        command: 'settings:importKey',
        managerPin
      })
      return approved.ok ? admin.importKey(keys) : approved
    },
    'status:get': async () => ok(status.current()),
    'sales:open': async ({ amount, lines, tender }) => {
      const opened = engine.openSale(amount, lines)
      if (opened.ok) display.follow(opened.value, tender ?? 'cpm')
      return opened
    },
    'sales:abandon': async ({ saleId }) => engine.abandonSale(saleId),
    'sales:get': async ({ saleId }) => engine.getSale(saleId),
    'sales:current': async () => ok(journal.currentSale() ?? null),
    'sales:leave': async ({ saleId }) => {
      display.leave(saleId)
      return ok(null)
    },
    'sales:chooseTender': async ({ saleId, tender }) => {
      const sale = engine.getSale(saleId)
      if (!sale.ok) return sale
      if (sale.value.status !== 'open' && sale.value.status !== 'declined') {
        return fail('CONFLICT', `Sale ${saleId} is ${sale.value.status}: it takes no other tender.`)
      }
      display.follow(sale.value, tender)
      return ok(null)
    },
    'payments:startCpm': async (args) => {
      follow(args.saleId)
      return engine.startCpm(args)
    },
    'payments:startMpm': async (args) => {
      follow(args.saleId)
      return engine.startMpm(args)
    },
    'payments:cancel': async ({ saleId }) => engine.cancel(saleId),
    'payments:checkNow': async ({ merchantOrderNo }) => engine.checkNowAndWait(merchantOrderNo),
    'refunds:create': async (args) => {
      const created = await parts.manager['refunds:create'](args)
      // A refund made at the till is for the customer at the counter: they see it come back
      // (docs/engine.md, refunds). One resumed in the background after a restart is not.
      const sale = created.ok ? engine.getSale(args.saleId) : null
      if (sale?.ok) display.follow(sale.value)
      return created
    },
    'sales:history': parts.manager['sales:history'],
    'sales:timeline': parts.manager['sales:timeline'],
    'manager:status': parts.manager['manager:status'],
    'manager:setPin': parts.manager['manager:setPin'],
    'reports:endOfDay': async (range) => ok(reports.endOfDay(range)),
    'reports:reconcile': async (range) => ok(await reports.reconcile(range)),
    'reports:exportCsv': async (args) => ok(await reports.exportCsv(args)),
    'display:get': async () => ok(display.current()),
    'display:list': async () => {
      // The saved choice, read from settings.json: the file is what the Electron shell follows.
      const saved = admin.get()
      if (!saved.ok) return { ok: false, error: saved.error }
      return ok(listDisplays(parts.displays, saved.value.customerDisplay.displayId))
    },
    // The web host answers this itself when the LAN customer display is on (web/server.ts).
    'display:pairLan': async () => refuse('CONFLICT', { key: 'lan-display-off' }),
    // Nothing is paired with the LAN display off: nothing to unpair, and no PIN try spent on it.
    'display:unpairLan': async () => refuse('CONFLICT', { key: 'lan-display-off' }),
    'scanner:status': async () => ok(scanners?.status() ?? noScanner)
  }

  return {
    get info() {
      return info
    },
    handlers,
    sandbox,
    dataDir: parts.dataDir,
    notificationsUrl: receiver?.url ?? null,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    approveSettingsChange: (change) => parts.manager.approveSettingsChange(change),
    idle: () => engine.idle(),
    async close() {
      await scanners?.close()
      // The receiver writes to the journal, so it stops first.
      await receiver?.close()
      status.stop()
      engine.stop()
      listeners.clear()
      journal.close()
      await sandbox?.close()
      parts.lock.release()
    }
  }
}
