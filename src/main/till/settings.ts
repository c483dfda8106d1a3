import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { currencySchema } from '../../shared/contract/schemas'
import type { MethodRule } from '../../shared/methods'
import { methodRulesSchema } from '../../shared/methods'
import type { CurrencyCode } from '../../shared/money'
import defaultRules from '../../../resources/payment-methods.json'
import type { DataFiles } from './paths'

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
      pathSuffixes: z.record(z.string(), z.string()).optional(),
      bodyEncoding: z.enum(['json', 'form']).optional(),
      timeoutMs: z.number().int().min(1000).max(120_000).optional()
    })
    .optional(),
  methodRules: methodRulesSchema.optional(),
  payments: z
    .strictObject({
      pollIntervalMs: z.number().int().min(1000).max(60_000).optional(),
      pollWindowMs: z.number().int().min(10_000).max(600_000).optional(),
      reconcileIntervalMs: z.number().int().min(5_000).max(3_600_000).optional()
    })
    .optional(),
  wedge: z
    .strictObject({
      maxGapMs: z.number().int().min(5).max(500).optional(),
      minLength: z.number().int().min(1).max(256).optional(),
      terminators: z.array(z.string().min(1)).max(4).optional()
    })
    .optional()
})

export type SettingsFile = z.infer<typeof settingsFileSchema>

export interface TillSettings {
  readonly shopName: string
  readonly currency: CurrencyCode
  readonly gateway: (NonNullable<SettingsFile['gateway']> & GatewayKeys) | null
  readonly methodRules: readonly MethodRule[]
  readonly payments: NonNullable<SettingsFile['payments']>
  readonly wedge: NonNullable<SettingsFile['wedge']>
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
  return {
    shopName: file.shopName ?? 'QR Till',
    currency: file.currency ?? 'JPY',
    gateway,
    methodRules: file.methodRules ?? defaultMethodRules,
    payments: file.payments ?? {},
    wedge: file.wedge ?? {}
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
