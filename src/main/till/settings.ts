import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { gatewayMethods } from '../gateway/rules'
import { keyProblem } from '../gateway/sign'
import {
  refusalMeaningNames,
  transErrorMeaningNames,
  type GatewayMethod,
  type RefusalMeaning,
  type TransErrorMeaning
} from '../gateway/types'
import { customerDisplaySettingsSchema, defaultLanPort } from '../../shared/contract/display'
import { currencySchema } from '../../shared/contract/schemas'
import { languages, type Language } from '../../shared/contract/settings'
import { paymentNumbersSchema, type SecretStorage } from '../../shared/contract/settings-admin'
import type { MethodRule } from '../../shared/methods'
import {
  methodRulesSchema,
  methodRulesSettingSchema,
  resolveMethodRules
} from '../../shared/methods'
import { currencyCodes, maxMinorAmount, type CurrencyCode } from '../../shared/money'
import { wedgeSettingsSchema } from '../../shared/wedge'
import { knownTimeZone, systemTimeZone } from '../../shared/zone'
import defaultRules from '../../../resources/payment-methods.json'
import {
  defaultNotificationHost,
  defaultNotificationPath,
  defaultRecordLimit,
  defaultRecordWindowSeconds,
  type NotificationSettings
} from '../gateway/notify'
import type { DataFiles } from './paths'

const languageSchema = z.enum(languages)

/**
 * The shop's IANA time zone: where its days start and end, and the clock its times are shown and
 * exported in. Checked against the zones Intl knows, so a typo stops the till at start instead of
 * quietly counting days in UTC.
 */
const timeZoneSchema = z
  .string()
  .max(64)
  .superRefine((name, context) => {
    if (knownTimeZone(name) === null) {
      context.addIssue({
        code: 'custom',
        message:
          `${JSON.stringify(name)} is not a time zone this system knows; ` +
          'use an IANA name such as "Asia/Tokyo" or "America/New_York"'
      })
    }
  })

/**
 * Gateway codes (refusals, closed orders' `trans_error_code`), as settings.json lists them: their
 * values are unknown (API.md §3).
 */
const gatewayCodesSchema = z
  .array(
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'a code is letters, digits, _ . or -' })
      .refine((code) => code !== '0', { message: '"0" is success, not a refusal' })
  )
  .max(200)

/** API.md §7: an absolute http(s) URL with a path, and no query (PayCloud advises against one). */
const notifyUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(512)
  .refine((text) => {
    const url = new URL(text)
    return url.pathname !== '/' && url.search === '' && url.hash === ''
  }, 'must be an absolute http(s) URL with a path and no query or fragment (API.md §7)')

/** The notification receiver (API.md §7); see docs/notifications.md. */
const notificationsSchema = z
  .strictObject({
    /** Off unless asked for: a till usually has no public URL (DESIGN.md). */
    enabled: z.boolean(),
    host: z.string().min(1).max(255).optional(),
    /** Required when enabled; 0 takes any free port (tests), a relay needs a fixed one. */
    port: z.number().int().min(0).max(65_535).optional(),
    path: z
      .string()
      .max(200)
      .regex(/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/, 'must be a URL path starting with /')
      .optional(),
    /** The `notify_url` sent to PayCloud, when a relay forwards to the receiver. */
    publicUrl: notifyUrlSchema.optional(),
    answerCase: z.enum(['lower', 'upper']).optional(),
    /**
     * The flood bound (notify.ts): notifications not acted on journaled one by one per window.
     * At least one, so a flood always leaves an example of itself.
     */
    recordLimit: z.number().int().min(1).max(1000).optional(),
    recordWindowSeconds: z.number().int().min(10).max(3600).optional()
  })
  .refine((value) => !value.enabled || value.port !== undefined, {
    message: 'is required when notifications are enabled',
    path: ['port']
  })

/**
 * `settings.json` in the data folder. Every field is optional; what is missing takes the default.
 * Secrets are not here: the gateway keys are PEM files in `keys/`.
 */
export const settingsFileSchema = z
  .strictObject({
    shopName: z.string().min(1).max(80).optional(),
    currency: currencySchema.optional(),
    /** The screens' language (issue 6). */
    language: languageSchema.optional(),
    /** Where the shop's days start and end (end of day, history, CSV); default: the machine's. */
    timeZone: timeZoneSchema.optional(),
    gateway: z
      .strictObject({
        baseUrl: z.url({ protocol: /^https?$/ }),
        appId: z.string().min(1).max(64),
        merchantNo: z.string().min(1).max(64),
        storeNo: z.string().min(1).max(64),
        // `'doc'`: the per-operation paths of API.md §1.2 (`/api/entry/cpm`, …); default: bare entry.
        pathSuffixes: z
          .union([
            z.literal('doc'),
            z.partialRecord(
              z.enum(gatewayMethods as [GatewayMethod, ...GatewayMethod[]]),
              z
                .string()
                .regex(/^[A-Za-z0-9_-]*$/, { message: 'a path suffix is letters and digits' })
            )
          ])
          .optional(),
        bodyEncoding: z.enum(['json', 'form']).optional(),
        /** The whole call's deadline; connect and read have their own (the SDK uses 30 s each). */
        timeoutMs: z.number().int().min(1000).max(120_000).optional(),
        connectTimeoutMs: z.number().int().min(500).max(60_000).optional(),
        readTimeoutMs: z.number().int().min(1000).max(120_000).optional(),
        /**
         * The most one payment may be, in minor units, per currency: a guard against a mistyped
         * amount, in place of the client's `defaultMaxAmountMinor` (¥10,000,000, $100,000, …).
         */
        maxAmountMinor: z
          .partialRecord(z.enum(currencyCodes), z.number().int().positive().max(maxMinorAmount))
          .optional(),
        /** The currencies this PayCloud account takes; default: every currency the till knows. */
        currencies: z.array(z.enum(currencyCodes)).min(1).max(currencyCodes.length).optional(),
        /**
         * Refusal codes PayCloud has told this merchant mean "nothing happened"; any other refusal
         * of a payment, cancel or refund is checked by a query before it is believed (API.md §3).
         */
        definiteRefusalCodes: gatewayCodesSchema.optional(),
        /**
         * Refusal codes PayCloud has told this merchant mean more than "refused" (API.md §3);
         * each key is a `RefusalMeaning` (gateway/types.ts), each code under one key at most.
         */
        refusalMeanings: z
          .strictObject({
            unknownNumber: gatewayCodesSchema.optional(),
            cancelTooEarly: gatewayCodesSchema.optional(),
            cannotCancel: gatewayCodesSchema.optional(),
            refundNumberUsed: gatewayCodesSchema.optional()
          } satisfies Record<RefusalMeaning, unknown>)
          .superRefine((meanings, context) =>
            oneMeaningEach(meanings, refusalMeaningNames, context)
          )
          .optional(),
        /**
         * The `trans_error_code` values PayCloud has told this merchant mark a closed order as
         * cancelled, reversed or expired (§5.5; `TransErrorMeaning`, gateway/types.ts).
         */
        transErrorMeanings: z
          .strictObject({
            cancelled: gatewayCodesSchema.optional(),
            reversed: gatewayCodesSchema.optional(),
            expired: gatewayCodesSchema.optional()
          } satisfies Record<TransErrorMeaning, unknown>)
          .superRefine((meanings, context) =>
            oneMeaningEach(meanings, transErrorMeaningNames, context)
          )
          .optional()
      })
      .optional(),
    /** A whole table, or `{ add, set }` changes to the defaults (src/shared/methods/overrides.ts). */
    methodRules: methodRulesSettingSchema.optional(),
    // Shared with settings:update and the settings screen (contract/settings-admin.ts).
    payments: paymentNumbersSchema.optional(),
    wedge: wedgeSettingsSchema.optional(),
    notifications: notificationsSchema.optional(),
    customerDisplay: customerDisplaySettingsSchema.optional()
  })
  // A till whose sales are in a currency its PayCloud account does not take would start, and
  // then refuse every payment: it is refused here, naming both.
  .superRefine((file, context) => {
    const accepted = file.gateway?.currencies
    const currency = file.currency ?? 'JPY'
    if (accepted !== undefined && !accepted.includes(currency)) {
      context.addIssue({
        code: 'custom',
        path: ['currency'],
        message: `${currency} is not one of gateway.currencies (${accepted.join(', ')})`
      })
    }
  })

export type SettingsFile = z.infer<typeof settingsFileSchema>

/** Codes listed by meaning: a code under two meanings would make the till guess between them. */
function oneMeaningEach<Name extends string>(
  meanings: Readonly<Partial<Record<Name, readonly string[]>>>,
  names: readonly Name[],
  context: z.RefinementCtx
): void {
  const seen = new Map<string, string>()
  for (const name of names) {
    for (const code of meanings[name] ?? []) {
      const earlier = seen.get(code)
      if (earlier !== undefined && earlier !== name) {
        context.addIssue({
          code: 'custom',
          path: [name],
          message: `${code} is listed under ${earlier} too; a code has one meaning`
        })
      }
      seen.set(code, name)
    }
  }
}

export interface TillSettings {
  readonly shopName: string
  readonly currency: CurrencyCode
  readonly language: Language
  /** The shop's IANA time zone, canonical (`Asia/Tokyo`): the file's, else the machine's. */
  readonly timeZone: string
  readonly gateway: (NonNullable<SettingsFile['gateway']> & GatewayKeys) | null
  readonly methodRules: readonly MethodRule[]
  readonly payments: NonNullable<SettingsFile['payments']>
  readonly wedge: NonNullable<SettingsFile['wedge']>
  /** The notification receiver (API.md §7), or null when it is off (the default). */
  readonly notifications: NotificationSettings | null
  /** The customer display: the chosen Electron display, and the LAN tablet (off by default). */
  readonly customerDisplay: {
    readonly displayId: number | null
    readonly lan: boolean
    readonly lanHost: string | null
    readonly lanPort: number
  }
}

export interface GatewayKeys {
  readonly appPrivateKeyPem: string
  readonly gatewayPublicKeyPem: string
}

export const defaultMethodRules: readonly MethodRule[] = methodRulesSchema.parse(defaultRules)

export class SettingsError extends Error {
  override readonly name = 'SettingsError'
  /** The settings refused, by path, when the error is about some of them. */
  readonly fields: readonly string[]

  constructor(message: string, fields: readonly string[] = []) {
    super(message)
    this.fields = fields
  }
}

/**
 * Reads `settings.json` (absent: every default) and, with gateway credentials, the two keys: from
 * the secret store when imported there (settings:importKey), else the PEM files in `keys/` that
 * earlier versions and hand installs use.
 */
export function loadSettings(files: DataFiles, secrets?: KeySource): TillSettings {
  return resolveSettings(readSettingsFile(files.settings), files, secrets)
}

/** The keys imported through the settings screen, by their secret names (see secrets.ts). */
export interface KeySource {
  get(name: KeyName): string | null
  /** Where they are kept, to name it when a key there cannot be used. */
  readonly storage?: SecretStorage
}

type KeyName = 'app-private-key' | 'gateway-public-key'

/** Settings as the till runs them, from a file already parsed. */
export function resolveSettings(
  file: SettingsFile,
  files: DataFiles,
  secrets?: KeySource
): TillSettings {
  let gateway: TillSettings['gateway'] = null
  if (file.gateway !== undefined) {
    gateway = {
      ...file.gateway,
      appPrivateKeyPem: usableKey('app-private-key', files, secrets),
      gatewayPublicKeyPem: usableKey('gateway-public-key', files, secrets)
    }
  }
  const methodRules = resolveMethodRules(defaultMethodRules, file.methodRules)
  if (!methodRules.ok) {
    throw new SettingsError(
      `${files.settings} has invalid settings: methodRules: ${methodRules.error.message}`
    )
  }
  return {
    shopName: file.shopName ?? 'QR Till',
    currency: file.currency ?? 'JPY',
    language: file.language ?? 'en',
    timeZone:
      (file.timeZone === undefined ? null : knownTimeZone(file.timeZone)) ?? systemTimeZone(),
    gateway,
    methodRules: methodRules.value,
    payments: file.payments ?? {},
    wedge: file.wedge ?? {},
    notifications: notificationSettings(file.notifications),
    customerDisplay: {
      displayId: file.customerDisplay?.displayId ?? null,
      lan: file.customerDisplay?.lan ?? false,
      lanHost: file.customerDisplay?.lanHost ?? null,
      lanPort: file.customerDisplay?.lanPort ?? defaultLanPort
    }
  }
}

function notificationSettings(file: SettingsFile['notifications']): NotificationSettings | null {
  if (file === undefined || !file.enabled || file.port === undefined) return null
  return {
    host: file.host ?? defaultNotificationHost,
    port: file.port,
    path: file.path ?? defaultNotificationPath,
    publicUrl: file.publicUrl ?? null,
    answerCase: file.answerCase ?? 'lower',
    recordLimit: file.recordLimit ?? defaultRecordLimit,
    recordWindowSeconds: file.recordWindowSeconds ?? defaultRecordWindowSeconds
  }
}

export function readSettingsFile(path: string): SettingsFile {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new SettingsError(`Cannot read ${path}: ${(error as Error).message}`)
  }
  return parseSettingsText(text, path)
}

/** Parses the text of `settings.json`; `path` names it in the message when it is refused. */
export function parseSettingsText(text: string, path: string): SettingsFile {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new SettingsError(`${path} is not valid JSON.`)
  }
  const parsed = settingsFileSchema.safeParse(json)
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ')
    throw new SettingsError(`${path} has invalid settings: ${problems}`)
  }
  return parsed.data
}

/**
 * A key from the secret store, else from its file in `keys/`, checked here so that a bad one
 * stops the till with a message naming where it is and what is wrong with it, rather than with
 * the crypto library's words from deep in the gateway client.
 */
function usableKey(name: KeyName, files: DataFiles, secrets: KeySource | undefined): string {
  const imported = secrets?.get(name) ?? null
  const path = files.keyFiles[name]
  const text = imported ?? readKey(path)
  const problem = keyProblem(text, name === 'app-private-key' ? 'private' : 'public')
  if (problem === null) return text
  const what = name === 'app-private-key' ? 'app private key' : 'gateway public key'
  const where =
    imported === null
      ? path
      : `the secret ${name} imported in Settings` +
        (secrets?.storage === undefined ? '' : ` (in ${secrets.storage.dir})`)
  throw new SettingsError(
    `The ${what} in ${where} cannot be used: ${problem}. ` +
      (imported !== null
        ? `Import the keys again, or remove ${name} from that folder to use the ones in keys/.`
        : name === 'app-private-key'
          ? "That file must hold your app's RSA 2048 private key, in PEM."
          : 'That file must hold the gateway public key from the PayCloud console, in PEM.')
  )
}

function readKey(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw new SettingsError(
      `Gateway credentials are configured but the key file ${path} cannot be read ` +
        `(${(error as NodeJS.ErrnoException).code ?? 'error'}).`
    )
  }
}
