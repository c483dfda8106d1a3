import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { fail, ok, refuse, type KeyRole, type Result } from '../../shared/contract'
import type {
  EditableSettings,
  GatewayAccount,
  KeyStatus,
  SettingName,
  SettingsUpdateResult
} from '../../shared/contract/settings-admin'
import { defaultLanPort } from '../../shared/contract/display'
import { defaultWedgeOptions } from '../../shared/wedge'
import { createLogger } from '../log'
import { defaultPaymentSettings } from '../payments'
import type { DataFiles } from './paths'
import { SecretStoreError, type SecretName, type SecretStore } from './secrets'
import { resolveMethodRules } from '../../shared/methods'
import { defaultMethodRules, SettingsError, type SettingsFile, type TillSettings } from './settings'
import { applyPatch, type ParsedSettingsPatch, type SettingsStore } from './settings-store'

const log = createLogger('settings')

/** The settings the running till can change without a restart. */
export type LiveSettings = Pick<
  TillSettings,
  'shopName' | 'currency' | 'language' | 'methodRules' | 'payments' | 'wedge'
>

const liveNames = [
  'shopName',
  'currency',
  'language',
  'methodRules',
  'payments',
  'wedge'
] as const satisfies readonly (keyof LiveSettings & SettingName)[]

export interface SettingsAdminDeps {
  readonly files: DataFiles
  readonly store: SettingsStore
  readonly secrets: SecretStore
  /** The gateway account the till started with; null on the sandbox. */
  readonly startedGateway: GatewayAccount | null
  /** The LAN customer display the web host started with (it listens from the start only). */
  readonly startedCustomerDisplay?: TillSettings['customerDisplay']
  /**
   * The sales open or paying now: the currency may not change under them. A sale that needs
   * attention keeps its own currency in the journal and does not hold the setting back.
   */
  readonly openSales: () => readonly number[]
  /** Puts changed live settings to use (the till's info, the display, the engine). */
  readonly applyLive: (settings: LiveSettings) => void
}

export interface SettingsAdmin {
  get(): Result<EditableSettings>
  update(patch: ParsedSettingsPatch): Result<SettingsUpdateResult>
  importKey(keys: {
    appPrivateKeyPem: string
    gatewayPublicKeyPem: string
  }): Result<EditableSettings['keys']>
}

export function liveSettingsOf(file: SettingsFile): LiveSettings {
  // A whole table, or `{ add, set }` changes to the defaults (shared/methods/overrides.ts).
  const methodRules = resolveMethodRules(defaultMethodRules, file.methodRules)
  if (!methodRules.ok) {
    throw new SettingsError(`methodRules: ${methodRules.error.message}`, ['methodRules'])
  }
  return {
    shopName: file.shopName ?? 'QR Till',
    currency: file.currency ?? 'JPY',
    language: file.language ?? 'en',
    methodRules: methodRules.value,
    payments: file.payments ?? {},
    wedge: file.wedge ?? {}
  }
}

/** settings.json `customerDisplay` with its defaults (the same as settings.ts resolves). */
function customerDisplayOf(file: SettingsFile): EditableSettings['customerDisplay'] {
  return {
    displayId: file.customerDisplay?.displayId ?? null,
    lan: file.customerDisplay?.lan ?? false,
    lanHost: file.customerDisplay?.lanHost ?? null,
    lanPort: file.customerDisplay?.lanPort ?? defaultLanPort
  }
}

/** The `settings:get`, `settings:update` and `settings:importKey` commands. */
export function createSettingsAdmin(deps: SettingsAdminDeps): SettingsAdmin {
  const { store, secrets } = deps
  let keysImported = false

  function keyPem(name: SecretName): { pem: string; source: KeyStatus['source'] } | null {
    const stored = secrets.get(name)
    if (stored !== null) return { pem: stored, source: 'secret-store' }
    const file = deps.files.keyFiles[name]
    if (!existsSync(file)) return null
    return { pem: readFileSync(file, 'utf8'), source: 'key-file' }
  }

  function keyStatus(name: SecretName): KeyStatus {
    let found: ReturnType<typeof keyPem>
    try {
      found = keyPem(name)
    } catch (error) {
      log.warn(`${name} cannot be read`, { error: (error as Error).message })
      return { present: false, fingerprint: null, source: null }
    }
    if (found === null) return { present: false, fingerprint: null, source: null }
    let fingerprint: string | null = null
    try {
      fingerprint = fingerprintOf(
        name === 'app-private-key' ? createPrivateKey(found.pem) : createPublicKey(found.pem)
      )
    } catch {
      // A key file the till cannot parse: present, but the gateway will say so at start.
    }
    return { present: true, fingerprint, source: found.source }
  }

  function keys(): EditableSettings['keys'] {
    return {
      appPrivateKey: keyStatus('app-private-key'),
      gatewayPublicKey: keyStatus('gateway-public-key'),
      storage: secrets.storage
    }
  }

  function restartRequired(file: SettingsFile): SettingName[] {
    const names: SettingName[] = []
    if (!sameAccount(accountOf(file), deps.startedGateway)) names.push('gateway')
    if (keysImported && file.gateway !== undefined) names.push('keys')
    const display = customerDisplayOf(file)
    const started = deps.startedCustomerDisplay
    if (
      started !== undefined &&
      (display.lan !== started.lan ||
        display.lanHost !== started.lanHost ||
        display.lanPort !== started.lanPort)
    ) {
      names.push('customerDisplay')
    }
    return names
  }

  function editable(file: SettingsFile): EditableSettings {
    const live = liveSettingsOf(file)
    return {
      shopName: live.shopName,
      currency: live.currency,
      language: live.language,
      gateway: accountOf(file),
      keys: keys(),
      payments: { ...defaultPaymentSettings, ...live.payments },
      methodRules: live.methodRules,
      wedge: {
        maxGapMs: live.wedge.maxGapMs ?? defaultWedgeOptions.maxGapMs,
        minLength: live.wedge.minLength ?? defaultWedgeOptions.minLength,
        terminators: live.wedge.terminators ?? defaultWedgeOptions.terminators
      },
      customerDisplay: customerDisplayOf(file),
      restartRequired: restartRequired(file)
    }
  }

  function readFile(): Result<SettingsFile> {
    try {
      return ok(store.read())
    } catch (error) {
      if (error instanceof SettingsError) {
        return fail('CONFLICT', error.message, { key: 'settings-file-broken' })
      }
      throw error
    }
  }

  return {
    get() {
      const file = readFile()
      return file.ok ? ok(editable(file.value)) : file
    },

    update(patch) {
      const current = readFile()
      if (!current.ok) return current
      const before = current.value
      const next = applyPatch(before, patch)
      if (patch.gateway) {
        const status = keys()
        if (!status.appPrivateKey.present || !status.gatewayPublicKey.present) {
          return refuse('INVALID_ARGUMENT', { key: 'keys-first' })
        }
      }
      const liveBefore = liveSettingsOf(before)
      const liveNext = liveSettingsOf(next)
      const changed = liveNames.filter(
        (name) => JSON.stringify(liveBefore[name]) !== JSON.stringify(liveNext[name])
      )
      if (changed.includes('currency')) {
        const open = deps.openSales()
        if (open.length > 0) {
          return refuse('CONFLICT', { key: 'currency-while-open', saleIds: open.slice(0, 50) })
        }
      }
      try {
        store.write(next)
      } catch (error) {
        if (error instanceof SettingsError) {
          return fail('INVALID_ARGUMENT', error.message, {
            key: 'invalid-fields',
            fields: error.fields.slice(0, 50)
          })
        }
        log.error('settings.json could not be written', { error: (error as Error).message })
        return fail('INTERNAL', `settings.json could not be written: ${(error as Error).message}`, {
          key: 'settings-not-written'
        })
      }
      if (changed.length > 0) deps.applyLive(liveNext)
      const settings = editable(next)
      log.info('settings saved', { changed, restartRequired: settings.restartRequired })
      return ok({ settings, applied: changed, restartRequired: settings.restartRequired })
    },

    importKey({ appPrivateKeyPem, gatewayPublicKeyPem }) {
      const checked = checkKeyPair(appPrivateKeyPem, gatewayPublicKeyPem)
      if (!checked.ok) return checked
      try {
        storePair(secrets, checked.value)
      } catch (error) {
        if (error instanceof SecretStoreError) {
          return fail('CONFLICT', error.message, {
            key: error.noEncryption ? 'key-store-no-encryption' : 'key-not-stored'
          })
        }
        log.error('a key could not be stored', { error: (error as Error).message })
        return fail('INTERNAL', `The key could not be stored: ${(error as Error).message}`, {
          key: 'key-not-stored'
        })
      }
      keysImported = true
      const status = keys()
      log.info('gateway keys imported', {
        appKey: status.appPrivateKey.fingerprint,
        gatewayKey: status.gatewayPublicKey.fingerprint
      })
      return ok(status)
    }
  }
}

function accountOf(file: SettingsFile): GatewayAccount | null {
  if (file.gateway === undefined) return null
  const { baseUrl, appId, merchantNo, storeNo } = file.gateway
  return { baseUrl, appId, merchantNo, storeNo }
}

function sameAccount(a: GatewayAccount | null, b: GatewayAccount | null): boolean {
  if (a === null || b === null) return a === b
  return (
    a.baseUrl === b.baseUrl &&
    a.appId === b.appId &&
    a.merchantNo === b.merchantNo &&
    a.storeNo === b.storeNo
  )
}

/** SHA-256 of the public key's SPKI DER, in the `SHA256:base64` form ssh-keygen prints. */
export function fingerprintOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key
  const der = publicKey.export({ type: 'spki', format: 'der' })
  return `SHA256:${createHash('sha256').update(der).digest('base64').replace(/=+$/, '')}`
}

/** API.md §4: RSA keys, 2048 bits or more (RSA2 is SHA256withRSA). */
const minimumRsaBits = 2048

/**
 * Checks both keys before anything is stored, and returns them in one canonical PEM form
 * (PKCS#8, SPKI). Messages never quote the key.
 */
export function checkKeyPair(
  appPrivateKeyPem: string,
  gatewayPublicKeyPem: string
): Result<{ appPrivateKeyPem: string; gatewayPublicKeyPem: string }> {
  if (!/-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----/.test(appPrivateKeyPem)) {
    return refuse('INVALID_ARGUMENT', { key: 'key-not-private-pem' })
  }
  if (/PRIVATE KEY-----/.test(gatewayPublicKeyPem)) {
    return refuse('INVALID_ARGUMENT', { key: 'key-public-is-private' })
  }
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(appPrivateKeyPem)
  } catch {
    return refuse('INVALID_ARGUMENT', { key: 'key-private-unreadable' })
  }
  let publicKey: KeyObject
  try {
    publicKey = createPublicKey(gatewayPublicKeyPem)
  } catch {
    return refuse('INVALID_ARGUMENT', { key: 'key-public-unreadable' })
  }
  const roles: readonly (readonly [KeyRole, KeyObject])[] = [
    ['app-private', privateKey],
    ['gateway-public', publicKey]
  ]
  for (const [which, key] of roles) {
    if (key.asymmetricKeyType !== 'rsa') {
      return refuse('INVALID_ARGUMENT', {
        key: 'key-not-rsa',
        which,
        type: key.asymmetricKeyType ?? null
      })
    }
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
    if (bits < minimumRsaBits) {
      return refuse('INVALID_ARGUMENT', {
        key: 'key-too-short',
        which,
        bits,
        minimum: minimumRsaBits
      })
    }
  }
  if (fingerprintOf(privateKey) === fingerprintOf(publicKey)) {
    return refuse('INVALID_ARGUMENT', { key: 'key-same-pair' })
  }
  return ok({
    appPrivateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    gatewayPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString()
  })
}

/**
 * Both keys, or neither: each is written atomically, but the pair is two files. If the public key
 * cannot be written, the private key goes back to what it was, so the till never signs with a new
 * private key while it checks replies with the old public one.
 */
function storePair(
  secrets: SecretStore,
  pair: { appPrivateKeyPem: string; gatewayPublicKeyPem: string }
): void {
  const previous = secrets.get('app-private-key')
  secrets.set('app-private-key', pair.appPrivateKeyPem)
  try {
    secrets.set('gateway-public-key', pair.gatewayPublicKeyPem)
  } catch (error) {
    try {
      if (previous === null) secrets.delete('app-private-key')
      else secrets.set('app-private-key', previous)
    } catch (restoring) {
      log.error('the previous app key could not be put back', {
        error: (restoring as Error).message
      })
    }
    throw error
  }
}
