import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { gatewayMethods } from '../gateway/rules'
import type { GatewayMethod } from '../gateway/types'
import { currencySchema } from '../../shared/contract/schemas'
import type { MethodRule } from '../../shared/methods'
import {
  methodRulesSchema,
  methodRulesSettingSchema,
  resolveMethodRules
} from '../../shared/methods'
import type { CurrencyCode } from '../../shared/money'
import { wedgeSettingsSchema } from '../../shared/wedge'
import defaultRules from '../../../resources/payment-methods.json'
import {
  defaultNotificationHost,
  defaultNotificationPath,
  type NotificationSettings
} from '../gateway/notify'
import type { DataFiles } from './paths'

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
    answerCase: z.enum(['lower', 'upper']).optional()
  })
  .refine((value) => !value.enabled || value.port !== undefined, {
    message: 'is required when notifications are enabled',
    path: ['port']
  })

/**
 * `settings.json` in the data folder. Every field is optional; what is missing takes the default.
 * Secrets are not here: the gateway keys are PEM files in `keys/`.
 */
const settingsFileSchema = z.strictObject({
  shopName: z.string().min(1).max(80).optional(),
  currency: currencySchema.optional(),
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
            z.string().regex(/^[A-Za-z0-9_-]*$/, { message: 'a path suffix is letters and digits' })
          )
        ])
        .optional(),
      bodyEncoding: z.enum(['json', 'form']).optional(),
      /** The whole call's deadline; connect and read have their own (the SDK uses 30 s each). */
      timeoutMs: z.number().int().min(1000).max(120_000).optional(),
      connectTimeoutMs: z.number().int().min(500).max(60_000).optional(),
      readTimeoutMs: z.number().int().min(1000).max(120_000).optional()
    })
    .optional(),
  /** A whole table, or `{ add, set }` changes to the defaults (src/shared/methods/overrides.ts). */
  methodRules: methodRulesSettingSchema.optional(),
  // Every number of the payment flow (API.md §10 defaults in payments/engine.ts). The bounds keep
  // a typo from polling a gateway to death or from cancelling before §5.3's 15 s.
  payments: z
    .strictObject({
      pollIntervalMs: z.number().int().min(1000).max(60_000).optional(),
      pollWindowMs: z.number().int().min(10_000).max(600_000).optional(),
      mpmWindowMs: z.number().int().min(15_000).max(600_000).optional(),
      reconcileIntervalMs: z.number().int().min(5_000).max(3_600_000).optional(),
      orderExpiresSeconds: z.number().int().min(15).max(3_600).optional(),
      mpmExpiresSeconds: z.number().int().min(15).max(3_600).optional(),
      unclearQueryDelayMs: z.number().int().min(1_000).max(60_000).optional(),
      minCancelDelayMs: z.number().int().min(15_000).max(600_000).optional(),
      cancelTries: z.number().int().min(1).max(20).optional(),
      cancelRetryIntervalMs: z.number().int().min(1_000).max(60_000).optional(),
      refundPollIntervalMs: z.number().int().min(1_000).max(60_000).optional(),
      refundPollWindowMs: z.number().int().min(10_000).max(3_600_000).optional(),
      refundSubmitTries: z.number().int().min(1).max(10).optional(),
      autoRefundReason: z.string().min(1).max(200).optional(),
      orderDescription: z.string().min(1).max(128).optional()
    })
    .optional(),
  wedge: wedgeSettingsSchema.optional(),
  notifications: notificationsSchema.optional()
})

export type SettingsFile = z.infer<typeof settingsFileSchema>

export interface TillSettings {
  readonly shopName: string
  readonly currency: CurrencyCode
  readonly gateway: (NonNullable<SettingsFile['gateway']> & GatewayKeys) | null
  readonly methodRules: readonly MethodRule[]
  readonly payments: NonNullable<SettingsFile['payments']>
  readonly wedge: NonNullable<SettingsFile['wedge']>
  /** The notification receiver (API.md §7), or null when it is off (the default). */
  readonly notifications: NotificationSettings | null
}

export interface GatewayKeys {
  readonly appPrivateKeyPem: string
  readonly gatewayPublicKeyPem: string
}

export const defaultMethodRules: readonly MethodRule[] = methodRulesSchema.parse(defaultRules)

export class SettingsError extends Error {
  override readonly name = 'SettingsError'
}

/** Reads `settings.json` (absent: every default) and, with gateway credentials, the two key files. */
export function loadSettings(files: DataFiles): TillSettings {
  const file = readSettingsFile(files.settings)
  let gateway: TillSettings['gateway'] = null
  if (file.gateway !== undefined) {
    gateway = {
      ...file.gateway,
      appPrivateKeyPem: readKey(join(files.keysDir, 'app-private.pem')),
      gatewayPublicKeyPem: readKey(join(files.keysDir, 'gateway-public.pem'))
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
    gateway,
    methodRules: methodRules.value,
    payments: file.payments ?? {},
    wedge: file.wedge ?? {},
    notifications: notificationSettings(file.notifications)
  }
}

function notificationSettings(file: SettingsFile['notifications']): NotificationSettings | null {
  if (file === undefined || !file.enabled || file.port === undefined) return null
  return {
    host: file.host ?? defaultNotificationHost,
    port: file.port,
    path: file.path ?? defaultNotificationPath,
    publicUrl: file.publicUrl ?? null,
    answerCase: file.answerCase ?? 'lower'
  }
}

function readSettingsFile(path: string): SettingsFile {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new SettingsError(`Cannot read ${path}: ${(error as Error).message}`)
  }
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
