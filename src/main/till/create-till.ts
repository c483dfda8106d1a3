import { mkdirSync } from 'node:fs'
import {
  ok,
  type DisplayState,
  type EventChannel,
  type EventPayload,
  type TillInfo
} from '../../shared/contract'
import type { SaleView } from '../../shared/order'
import { createGatewayClient } from '../gateway'
import type { Gateway, GatewayConfig } from '../gateway/types'
import { openJournal, type Journal } from '../journal'
import { createLogger } from '../log'
import { createPaymentEngine, systemClock, type Clock, type PaymentEngine } from '../payments'
import { listHidPosScanners } from '../scanners'
import { generateSandboxCredentials, startSandbox, type Sandbox } from '../../sandbox'
import type { CommandHandlers } from './dispatch'
import { dataFiles } from './paths'
import { loadSettings, type TillSettings } from './settings'

const log = createLogger('till')

export interface TillConfig {
  /** The per-user data folder (journal, settings, keys). */
  readonly dataDir: string
  readonly clock?: Clock
  /** Replaces the gateway built from settings (tests inject faults here). */
  readonly gateway?: Gateway
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
  subscribe(listener: TillEventListener): () => void
  close(): Promise<void>
}

/**
 * The composition root (CONVENTIONS.md §6). Boot order: settings, journal (migrated), gateway
 * (the embedded sandbox when no credentials are configured), payment engine, recovery of
 * unfinished attempts. The screens come after, through an adapter.
 */
export async function createTill(config: TillConfig): Promise<Till> {
  const clock = config.clock ?? systemClock
  const files = dataFiles(config.dataDir)
  mkdirSync(files.dir, { recursive: true, mode: 0o700 })
  const settings = loadSettings(files)

  const journal = openJournal(files.journal)
  let sandbox: Sandbox | null = null
  try {
    let gateway = config.gateway
    if (gateway === undefined) {
      const built = await buildGateway(settings)
      gateway = built.gateway
      sandbox = built.sandbox
    }
    const engine = createPaymentEngine({ journal, gateway, clock, settings: settings.payments })
    const till = assemble({ settings, journal, engine, sandbox, dataDir: files.dir })
    engine.resume()
    // Tell the integrator what is plugged in; keyboard-wedge scanners need nothing from main.
    void listHidPosScanners().then((found) =>
      found.ok
        ? log.info(`HID-POS scanners found: ${found.scanners.length}`, { scanners: found.scanners })
        : log.warn(found.message)
    )
    log.info(
      sandbox === null
        ? `started on the PayCloud gateway at ${settings.gateway?.baseUrl ?? '(injected)'}`
        : `started on the embedded sandbox gateway at ${sandbox.url}`
    )
    return till
  } catch (error) {
    journal.close()
    await sandbox?.close()
    throw error
  }
}

async function buildGateway(
  settings: TillSettings
): Promise<{ gateway: Gateway; sandbox: Sandbox | null }> {
  if (settings.gateway !== null) {
    const { pathSuffixes, bodyEncoding, timeoutMs, ...rest } = settings.gateway
    const gatewayConfig: GatewayConfig = {
      ...rest,
      ...(pathSuffixes === undefined ? {} : { pathSuffixes }),
      ...(bodyEncoding === undefined ? {} : { bodyEncoding }),
      ...(timeoutMs === undefined ? {} : { timeoutMs })
    }
    return { gateway: createGatewayClient(gatewayConfig), sandbox: null }
  }
  // The sandbox is the embedded default (DESIGN.md "Decisions"): fresh keys every start.
  const credentials = await generateSandboxCredentials()
  const sandbox = await startSandbox({
    appId: credentials.appId,
    merchantNo: credentials.merchantNo,
    storeNo: credentials.storeNo,
    appPublicKeyPem: credentials.appPublicKeyPem,
    gatewayPrivateKeyPem: credentials.gatewayPrivateKeyPem
  })
  const gateway = createGatewayClient({
    baseUrl: sandbox.url,
    appId: credentials.appId,
    merchantNo: credentials.merchantNo,
    storeNo: credentials.storeNo,
    appPrivateKeyPem: credentials.appPrivateKeyPem,
    gatewayPublicKeyPem: credentials.gatewayPublicKeyPem
  })
  return { gateway, sandbox }
}

function assemble(parts: {
  settings: TillSettings
  journal: Journal
  engine: PaymentEngine
  sandbox: Sandbox | null
  dataDir: string
}): Till {
  const { settings, journal, engine, sandbox } = parts
  const listeners = new Set<TillEventListener>()
  const info: TillInfo = {
    shopName: settings.shopName,
    currency: settings.currency,
    sandbox: sandbox !== null,
    methodRules: settings.methodRules,
    wedge: settings.wedge
  }

  // The customer display follows the sale the cashier opened last.
  let currentSale: SaleView | null = null
  let display: DisplayState = { screen: 'idle', shopName: settings.shopName }

  function emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void {
    for (const listener of listeners) listener(channel, payload)
  }

  engine.onSaleChanged((sale) => {
    emit('sales:changed', sale)
    if (currentSale === null || sale.saleId >= currentSale.saleId) {
      currentSale = sale
      display = displayFor(sale, settings.shopName)
      emit('display:changed', display)
    }
  })

  const handlers: CommandHandlers = {
    'settings:info': async () => ok(info),
    'sales:open': async ({ amount }) => engine.openSale(amount),
    'sales:abandon': async ({ saleId }) => engine.abandonSale(saleId),
    'sales:get': async ({ saleId }) => engine.getSale(saleId),
    'payments:startCpm': async (args) => engine.startCpm(args),
    'display:get': async () => ok(display)
  }

  return {
    info,
    handlers,
    sandbox,
    dataDir: parts.dataDir,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      engine.stop()
      listeners.clear()
      journal.close()
      await sandbox?.close()
    }
  }
}

/** What the customer sees for a sale: the amount, then the outcome; never the cashier's details. */
export function displayFor(sale: SaleView, shopName: string): DisplayState {
  switch (sale.status) {
    case 'open':
      return { screen: 'awaiting-code', shopName, amount: sale.amount }
    case 'paying':
    case 'needs-attention':
      return { screen: 'processing', shopName, amount: sale.amount }
    case 'paid':
      return { screen: 'paid', shopName, amount: sale.amount }
    case 'declined':
      return { screen: 'declined', shopName, amount: sale.amount }
    case 'abandoned':
      return { screen: 'idle', shopName }
  }
}
