import { z } from 'zod'
import type { CurrencyCode } from '../money'
import { methodRulesSchema, type MethodRule } from '../methods'
import { customerDisplaySettingsSchema } from './display'
import { wedgeSettingsSchema } from '../wedge'
import { managerPinSchema } from './manager'
import { command, event } from './spec'
import { currencySchema, noArgs } from './schemas'
import { languages, type Language, type TillInfo } from './settings'
import { cleanText } from '../gateway-text'

/**
 * Every number of the payment flow (API.md §10 defaults in payments/engine.ts). The bounds keep a
 * typo from polling a gateway to death or from cancelling before §5.3's 15 s. One schema for
 * settings.json, `settings:update` and the settings screen's own field checks.
 */
export const paymentNumbersSchema = z.strictObject({
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
  /** Sent as every order's `description`: it must still say something once emoji are removed. */
  orderDescription: z
    .string()
    .min(1)
    .max(128)
    .refine((text) => cleanText(text) !== '', {
      message: 'needs text PayCloud can carry, not only emoji (API.md §1.3)'
    })
    .optional()
})
export type PaymentNumbers = z.infer<typeof paymentNumbersSchema>
export type PaymentNumberKey = {
  [K in keyof PaymentNumbers]-?: NonNullable<PaymentNumbers[K]> extends number ? K : never
}[keyof PaymentNumbers]

/** The keyboard-wedge detector's settings (src/shared/wedge). */
// The wedge section is the detector's own schema (src/shared/wedge/settings.ts): one definition
// for settings.json, settings:update and the settings screen.
export { wedgeSettingsSchema, type WedgeSettings } from '../wedge'

const textField = z.string().trim().min(1).max(64)

/** The PayCloud account, as the settings screen edits it; the keys come with `settings:importKey`. */
export const gatewayAccountSchema = z.strictObject({
  baseUrl: z.url({ protocol: /^https?$/ }).max(300),
  appId: textField,
  merchantNo: textField,
  storeNo: textField
})
export type GatewayAccount = z.infer<typeof gatewayAccountSchema>

/** A change to some settings; what is absent stays as it is. `gateway: null` is the sandbox. */
export const settingsPatchSchema = z.strictObject({
  shopName: z.string().trim().min(1).max(80).optional(),
  currency: currencySchema.optional(),
  language: z.enum(languages).optional(),
  gateway: gatewayAccountSchema.nullable().optional(),
  payments: paymentNumbersSchema.optional(),
  methodRules: methodRulesSchema.optional(),
  wedge: wedgeSettingsSchema.optional(),
  /** The customer display (contract/display.ts): the chosen display, the LAN tablet. */
  customerDisplay: customerDisplaySettingsSchema.optional()
})
export type SettingsPatch = z.input<typeof settingsPatchSchema>

/**
 * Whether a change needs the manager PIN (once one is set): every one but a patch that only
 * switches the screens' language, which a cashier may do alone since it touches nothing about
 * money. A key sent as `undefined` (IPC keeps them) changes nothing, so it does not count.
 */
export function needsManagerPin(patch: SettingsPatch): boolean {
  const changed = Object.entries(patch).filter(([, value]) => value !== undefined)
  return !(changed.length === 1 && changed[0]?.[0] === 'language')
}

/** Whether a key is installed, and which one: never the key itself. */
/**
 * Where imported keys are kept: files only the till's user can read (the web host), or encrypted
 * with the operating system's keychain (Electron's safeStorage); `dir` is the folder.
 */
export interface SecretStorage {
  readonly kind: 'owner-only-files' | 'os-keychain'
  readonly dir: string
}

export interface KeyStatus {
  readonly present: boolean
  /** SHA-256 of the public key (SPKI DER), hex in pairs, for comparing with PayCloud's portal. */
  readonly fingerprint: string | null
  /** Imported through the settings screen, or a PEM file in the data folder's keys/. */
  readonly source: 'secret-store' | 'key-file' | null
}

/** The settings a manager may edit, with every default filled in, and no secret. */
export interface EditableSettings {
  readonly shopName: string
  readonly currency: CurrencyCode
  readonly language: Language
  /** The PayCloud account, or null for the embedded sandbox. */
  readonly gateway: GatewayAccount | null
  readonly keys: {
    readonly appPrivateKey: KeyStatus
    readonly gatewayPublicKey: KeyStatus
    /** Where imported keys are kept. */
    readonly storage: SecretStorage
  }
  readonly payments: Required<PaymentNumbers>
  readonly methodRules: readonly MethodRule[]
  readonly wedge: {
    readonly maxGapMs: number
    readonly minLength: number
    readonly terminators: readonly string[]
  }
  /** The customer display: the chosen Electron display, and the LAN tablet (off by default). */
  readonly customerDisplay: {
    readonly displayId: number | null
    readonly lan: boolean
    readonly lanHost: string | null
    readonly lanPort: number
  }
  /** Saved settings the running till does not use yet: they apply at the next start. */
  readonly restartRequired: readonly SettingName[]
}

export type SettingName = keyof z.infer<typeof settingsPatchSchema> | 'keys'

export interface SettingsUpdateResult {
  readonly settings: EditableSettings
  /** What changed and is in use now. */
  readonly applied: readonly SettingName[]
  /** What changed and waits for the next start. */
  readonly restartRequired: readonly SettingName[]
}

/** PEM text: a private key up to 8192 bits fits easily. */
const pemSchema = z.string().trim().min(1).max(16_384)

export const settingsAdminCommands = {
  /** The editable settings, without secrets. */
  'settings:get': command<EditableSettings>()(noArgs, ['cashier']),
  /**
   * Validates and saves a change to settings.json, and applies at once what can be: the shop
   * name, the currency (refused while a sale is open), the language, the method rules, the
   * scanner options and the payment numbers. A gateway change applies at the next start.
   *
   * Once a manager PIN is set (or its record is damaged), the change needs `managerPin`, checked
   * before anything is validated or saved and counted towards the same lockout as a refund's;
   * a refusal is `PIN_REJECTED` and writes nothing. Two exceptions: a patch that only changes
   * the language (`needsManagerPin`), and a till with no PIN yet, which the integrator sets up.
   */
  'settings:update': command<SettingsUpdateResult>()(
    z.strictObject({ patch: settingsPatchSchema, managerPin: managerPinSchema.optional() }),
    ['cashier']
  ),
  /**
   * Installs the app's RSA private key (2048 bits or more) and PayCloud's public key, both PEM,
   * into the secret store. Both are checked with node:crypto first; neither is ever sent back.
   * Needs `managerPin` once a manager PIN is set, exactly as `settings:update` does.
   */
  'settings:importKey': command<EditableSettings['keys']>()(
    z.strictObject({
      appPrivateKeyPem: pemSchema,
      gatewayPublicKeyPem: pemSchema,
      managerPin: managerPinSchema.optional()
    }),
    ['cashier']
  )
}

export const settingsAdminEvents = {
  /** What the screens show changed (shop name, currency, language, rules, scanner options). */
  'settings:changed': event<TillInfo>()(['cashier', 'customer'])
}
