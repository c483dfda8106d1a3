import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { KeyObject } from 'node:crypto'
import { isCurrencyCode, type CurrencyCode } from '../../../shared/money'
import { dataDirEnv, dataFiles, resolveDataDir } from '../../till/paths'
import { createFileSecretStore, secretNames, secretsDirOf } from '../../till/secrets'
import { loadSettings, SettingsError, type TillSettings } from '../../till/settings'
import { isGatewayMethod } from '../rules'
import { loadPrivateKey, loadPublicKey } from '../sign'
import type { GatewayConfig, GatewayMethod } from '../types'

/**
 * Where the command-line tool gets its gateway: the till's data folder (`--data-dir`, else
 * QR_TILL_DATA_DIR, else the per-user folder), read with the till's own `loadSettings`, with every
 * flag overriding the value it names. So the tool talks to exactly the gateway the till uses.
 */

/** A problem with the command line or the configuration: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** The flags that name gateway settings; all strings, as parseArgs hands them over. */
export interface GatewayFlags {
  readonly 'data-dir'?: string | undefined
  readonly 'base-url'?: string | undefined
  readonly 'app-id'?: string | undefined
  readonly 'merchant-no'?: string | undefined
  readonly 'store-no'?: string | undefined
  readonly 'private-key'?: string | undefined
  readonly 'gateway-public-key'?: string | undefined
  readonly 'path-suffixes'?: string | undefined
  readonly 'body-encoding'?: string | undefined
  readonly 'timeout-ms'?: string | undefined
  readonly 'connect-timeout-ms'?: string | undefined
  readonly 'read-timeout-ms'?: string | undefined
}

export interface ConfigContext {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
}

export interface ResolvedGateway {
  readonly config: GatewayConfig
  /** The till's currency, for amounts typed on the command line. */
  readonly currency: CurrencyCode
  /** For the user: where the settings came from. */
  readonly source: string
}

const connectionFlags = ['base-url', 'app-id', 'merchant-no', 'store-no'] as const
const keyFlags = ['private-key', 'gateway-public-key'] as const

/** The full gateway configuration for a command that calls the gateway. */
export function resolveGateway(flags: GatewayFlags, context: ConfigContext): ResolvedGateway {
  const allFlags = [...connectionFlags, ...keyFlags].every((name) => flags[name] !== undefined)
  // With every flag given the data folder is not read, so a broken one cannot get in the way.
  const till = allFlags ? null : tillSettings(flags, context)
  const gateway = till?.settings.gateway ?? null
  const missing = [...connectionFlags, ...keyFlags].filter(
    (name) => flags[name] === undefined && gateway === null
  )
  if (gateway === null && missing.length > 0) {
    const flagList = missing.map((m) => `--${m}`).join(' ')
    throw new UsageError(
      till?.noFolder !== undefined
        ? `${till.noFolder} Pass --data-dir, or the flags ${flagList}.`
        : `No gateway is configured in ${till?.files ?? 'the data folder'} (settings.json has no ` +
            `"gateway" section). Pass --data-dir, or the flags ${flagList}.`
    )
  }
  const privateKeyFile = flags['private-key']
  const publicKeyFile = flags['gateway-public-key']
  const suffixes = pathSuffixesFlag(flags['path-suffixes']) ?? gateway?.pathSuffixes
  const bodyEncoding = bodyEncodingFlag(flags['body-encoding']) ?? gateway?.bodyEncoding
  const timeoutMs = msFlag('timeout-ms', flags['timeout-ms']) ?? gateway?.timeoutMs
  const connectTimeoutMs =
    msFlag('connect-timeout-ms', flags['connect-timeout-ms']) ?? gateway?.connectTimeoutMs
  const readTimeoutMs =
    msFlag('read-timeout-ms', flags['read-timeout-ms']) ?? gateway?.readTimeoutMs
  const config: GatewayConfig = {
    baseUrl: flags['base-url'] ?? gateway?.baseUrl ?? '',
    appId: flags['app-id'] ?? gateway?.appId ?? '',
    merchantNo: flags['merchant-no'] ?? gateway?.merchantNo ?? '',
    storeNo: flags['store-no'] ?? gateway?.storeNo ?? '',
    appPrivateKeyPem:
      privateKeyFile === undefined
        ? (gateway?.appPrivateKeyPem ?? '')
        : readPrivateKeyFile(privateKeyFile, context).pem,
    gatewayPublicKeyPem:
      publicKeyFile === undefined
        ? (gateway?.gatewayPublicKeyPem ?? '')
        : readPublicKeyFile(publicKeyFile, context).pem,
    ...(suffixes === undefined ? {} : { pathSuffixes: suffixes }),
    ...(bodyEncoding === undefined ? {} : { bodyEncoding }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(connectTimeoutMs === undefined ? {} : { connectTimeoutMs }),
    ...(readTimeoutMs === undefined ? {} : { readTimeoutMs }),
    ...(gateway?.definiteRefusalCodes === undefined
      ? {}
      : { definiteRefusalCodes: gateway.definiteRefusalCodes }),
    ...(gateway?.refusalMeanings === undefined ? {} : { refusalMeanings: gateway.refusalMeanings })
  }
  return {
    config,
    currency: till?.settings.currency ?? 'JPY',
    source:
      till === null
        ? 'command-line flags'
        : `${till.files}${anyFlagUsed(flags) ? ' and command-line flags' : ''}`
  }
}

/** The app private key for `sign`: the flag's file, else the till's. */
export function resolvePrivateKey(
  flags: GatewayFlags,
  context: ConfigContext
): { key: KeyObject; source: string } {
  const file = flags['private-key']
  if (file !== undefined) {
    const read = readPrivateKeyFile(file, context)
    return { key: read.key, source: read.path }
  }
  const till = tillSettings(flags, context)
  if (till.settings.gateway === null) {
    throw new UsageError(
      `${till.noFolder ?? `No gateway is configured in ${till.files}.`} Pass --private-key FILE.`
    )
  }
  return { key: loadPrivateKey(till.settings.gateway.appPrivateKeyPem), source: till.files }
}

/** The gateway public key for `verify`: the flag's file, else the till's. */
export function resolvePublicKey(
  flags: GatewayFlags,
  context: ConfigContext
): { key: KeyObject; source: string } {
  const file = flags['gateway-public-key']
  if (file !== undefined) {
    const read = readPublicKeyFile(file, context)
    return { key: read.key, source: read.path }
  }
  const till = tillSettings(flags, context)
  if (till.settings.gateway === null) {
    throw new UsageError(
      `${till.noFolder ?? `No gateway is configured in ${till.files}.`} ` +
        'Pass --gateway-public-key FILE.'
    )
  }
  return { key: loadPublicKey(till.settings.gateway.gatewayPublicKeyPem), source: till.files }
}

/** `--currency`, upper-cased and checked against the currencies the till knows. */
export function currencyFlag(value: string | undefined): CurrencyCode | undefined {
  if (value === undefined) return undefined
  const upper = value.toUpperCase()
  if (!isCurrencyCode(upper)) throw new UsageError(`Unknown currency ${value}.`)
  return upper
}

function tillSettings(
  flags: GatewayFlags,
  context: ConfigContext
): {
  settings: TillSettings
  files: string
  /** Set when the folder does not exist: a mistyped --data-dir, or no till ever ran here. */
  noFolder?: string
} {
  const dir = resolve(context.cwd, flags['data-dir'] ?? resolveDataDir(context.env))
  const files = dataFiles(dir)
  if (!existsSync(dir)) {
    // "No gateway is configured in …/settings.json" would send someone to look for a file whose
    // folder is not there at all.
    const from =
      flags['data-dir'] !== undefined
        ? '--data-dir'
        : context.env[dataDirEnv]
          ? dataDirEnv
          : 'the per-user default: no till has run as this user'
    return {
      settings: loadSettings(files),
      files: files.settings,
      noFolder: `There is no till data folder at ${dir} (${from}).`
    }
  }
  // The keys the till itself signs with: imported in Settings first, keys/*.pem otherwise.
  const secrets = secretsDirOf(dir)
  const encrypted = secretNames.filter(
    (name) => existsSync(join(secrets, `${name}.enc`)) && !existsSync(join(secrets, name))
  )
  if (encrypted.length > 0 && flags['private-key'] === undefined) {
    throw new UsageError(
      `The keys in ${secrets} were imported in the desktop app and are encrypted for it alone ` +
        `(${encrypted.join(', ')}): this tool cannot read them, and keys/*.pem may be older. ` +
        'Pass --private-key and --gateway-public-key with the same keys.'
    )
  }
  try {
    return {
      settings: loadSettings(files, createFileSecretStore(secrets)),
      files: files.settings
    }
  } catch (error) {
    if (error instanceof SettingsError) throw new UsageError(error.message)
    throw error
  }
}

function anyFlagUsed(flags: GatewayFlags): boolean {
  return [...connectionFlags, ...keyFlags].some((name) => flags[name] !== undefined)
}

function readPrivateKeyFile(file: string, context: ConfigContext): ReturnType<typeof readKey> {
  return readKey(file, context, 'app private key', loadPrivateKey)
}

function readPublicKeyFile(file: string, context: ConfigContext): ReturnType<typeof readKey> {
  return readKey(file, context, 'gateway public key', loadPublicKey)
}

/** Reads and parses a key file; errors name the file, never its contents. */
function readKey(
  file: string,
  context: ConfigContext,
  what: string,
  load: (text: string) => KeyObject
): { pem: string; key: KeyObject; path: string } {
  const path = resolve(context.cwd, file)
  let pem: string
  try {
    pem = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    throw new UsageError(`Cannot read the ${what} file ${path} (${code}).`)
  }
  try {
    return { pem, key: load(pem), path }
  } catch {
    throw new UsageError(
      `${path} does not hold an RSA ${what} (PEM: PKCS#8, PKCS#1 or SPKI; or Base64 DER).`
    )
  }
}

/** `doc` (API.md §1.2 paths), `bare` (plain /api/entry), or a JSON object method → suffix. */
function pathSuffixesFlag(value: string | undefined): GatewayConfig['pathSuffixes'] | undefined {
  if (value === undefined) return undefined
  if (value === 'doc') return 'doc'
  if (value === 'bare') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    throw new UsageError('--path-suffixes takes doc, bare, or a JSON object of method: suffix.')
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError('--path-suffixes takes doc, bare, or a JSON object of method: suffix.')
  }
  const suffixes: Partial<Record<GatewayMethod, string>> = {}
  for (const [method, suffix] of Object.entries(parsed)) {
    if (!isGatewayMethod(method) || typeof suffix !== 'string') {
      throw new UsageError(`--path-suffixes: ${method} is not a PayCloud method with a suffix.`)
    }
    suffixes[method] = suffix
  }
  return suffixes
}

function bodyEncodingFlag(value: string | undefined): 'json' | 'form' | undefined {
  if (value === undefined || value === 'json' || value === 'form') return value
  throw new UsageError('--body-encoding takes json or form.')
}

function msFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^[1-9]\d{0,6}$/.test(value)) {
    throw new UsageError(`--${name} takes a whole number of milliseconds.`)
  }
  return Number(value)
}
