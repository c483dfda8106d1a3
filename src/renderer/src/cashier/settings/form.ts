import type {
  EditableSettings,
  Language,
  PaymentNumberKey,
  SettingsPatch
} from '../../../../shared/contract'
import {
  gatewayAccountSchema,
  paymentNumbersSchema,
  settingsPatchSchema,
  wedgeSettingsSchema
} from '../../../../shared/contract/settings-admin'
import { aimAllows, methodRuleSchema, type MethodRule } from '../../../../shared/methods'
import type { CurrencyCode } from '../../../../shared/money'

/** The timeouts the form edits, in screen order, with the unit each is shown in. */
export const paymentNumberFields: readonly {
  key: PaymentNumberKey
  unit: 'ms' | 'seconds' | 'tries'
}[] = [
  { key: 'pollIntervalMs', unit: 'ms' },
  { key: 'pollWindowMs', unit: 'ms' },
  { key: 'mpmWindowMs', unit: 'ms' },
  { key: 'orderExpiresSeconds', unit: 'seconds' },
  { key: 'mpmExpiresSeconds', unit: 'seconds' },
  { key: 'unclearQueryDelayMs', unit: 'ms' },
  { key: 'minCancelDelayMs', unit: 'ms' },
  { key: 'cancelTries', unit: 'tries' },
  { key: 'cancelRetryIntervalMs', unit: 'ms' },
  { key: 'reconcileIntervalMs', unit: 'ms' },
  { key: 'refundPollIntervalMs', unit: 'ms' },
  { key: 'refundPollWindowMs', unit: 'ms' },
  { key: 'refundSubmitTries', unit: 'tries' }
]

/** A number field's bounds, read from the shared schema so the screen and the till agree. */
export function boundsOf(key: PaymentNumberKey): { min: number; max: number } {
  const schema = paymentNumbersSchema.shape[key].unwrap()
  return { min: schema.minValue ?? 0, max: schema.maxValue ?? Number.MAX_SAFE_INTEGER }
}

export type Terminator = 'Enter' | 'Tab' | 'none'

export interface RuleDraft {
  /** A key for React and focus, stable while rows move. */
  readonly id: number
  readonly payMethodId: string
  readonly pattern: string
  readonly aim: string
  readonly enabled: boolean
  readonly confirmed: boolean
  readonly note?: string
}

/** The form as typed: text for every field, so a half-typed number is kept, not lost. */
export interface Draft {
  readonly shopName: string
  readonly currency: CurrencyCode
  readonly language: Language
  readonly gatewayMode: 'sandbox' | 'paycloud'
  readonly baseUrl: string
  readonly appId: string
  readonly merchantNo: string
  readonly storeNo: string
  readonly payments: Readonly<Record<PaymentNumberKey, string>>
  readonly methodRules: readonly RuleDraft[]
  readonly maxGapMs: string
  readonly minLength: string
  readonly terminator: Terminator
  /** The screen the customer display goes to in the desktop app; null: automatic. */
  readonly displayId: number | null
}

let nextRuleId = 1
export function newRuleId(): number {
  nextRuleId += 1
  return nextRuleId
}

export function draftOf(settings: EditableSettings): Draft {
  const payments = {} as Record<PaymentNumberKey, string>
  for (const { key } of paymentNumberFields) payments[key] = String(settings.payments[key])
  const first = settings.wedge.terminators[0]
  return {
    shopName: settings.shopName,
    currency: settings.currency,
    language: settings.language,
    gatewayMode: settings.gateway === null ? 'sandbox' : 'paycloud',
    baseUrl: settings.gateway?.baseUrl ?? '',
    appId: settings.gateway?.appId ?? '',
    merchantNo: settings.gateway?.merchantNo ?? '',
    storeNo: settings.gateway?.storeNo ?? '',
    payments,
    methodRules: settings.methodRules.map((rule) => ({
      id: newRuleId(),
      payMethodId: rule.payMethodId,
      pattern: rule.pattern,
      aim: rule.aim ?? '',
      enabled: rule.enabled,
      confirmed: rule.confirmed,
      ...(rule.note === undefined ? {} : { note: rule.note })
    })),
    maxGapMs: String(settings.wedge.maxGapMs),
    minLength: String(settings.wedge.minLength),
    terminator: first === 'Enter' || first === 'Tab' ? first : 'none',
    displayId: settings.customerDisplay.displayId
  }
}

export function ruleOf(draft: RuleDraft): MethodRule {
  return {
    payMethodId: draft.payMethodId.trim(),
    pattern: draft.pattern,
    ...(draft.aim.trim() === '' ? {} : { aim: draft.aim.trim() }),
    enabled: draft.enabled,
    confirmed: draft.confirmed,
    ...(draft.note === undefined ? {} : { note: draft.note })
  }
}

/** Field problems by field path (`shopName`, `payments.cancelTries`, `methodRules.2.pattern`). */
export type FieldErrors = Readonly<Record<string, FieldProblem>>

export type FieldProblem =
  | { readonly kind: 'required' }
  | { readonly kind: 'too-long'; readonly max: number }
  | { readonly kind: 'whole-number' }
  | { readonly kind: 'out-of-range'; readonly min: number; readonly max: number }
  | { readonly kind: 'bad-url' }
  | { readonly kind: 'bad-pattern' }
  | { readonly kind: 'unanchored' }
  | { readonly kind: 'bad-method-id' }
  | { readonly kind: 'bad-aim' }

function wholeNumber(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null
}

/**
 * The patch that turns `base` into `draft`, with only what changed, or the problems that keep it
 * from being saved. The same schemas as the till's check every value, so what passes here passes
 * there (the till checks again; the screen is never trusted).
 */
export function buildPatch(
  base: EditableSettings,
  draft: Draft
): { readonly patch: SettingsPatch; readonly errors: FieldErrors } {
  const errors: Record<string, FieldProblem> = {}
  const patch: {
    -readonly [K in keyof SettingsPatch]: SettingsPatch[K]
  } = {}

  const shopName = draft.shopName.trim()
  if (shopName === '') errors['shopName'] = { kind: 'required' }
  else if (shopName.length > 80) errors['shopName'] = { kind: 'too-long', max: 80 }
  else if (shopName !== base.shopName) patch.shopName = shopName
  if (draft.currency !== base.currency) patch.currency = draft.currency
  if (draft.language !== base.language) patch.language = draft.language

  if (draft.gatewayMode === 'sandbox') {
    if (base.gateway !== null) patch.gateway = null
  } else {
    const account = {
      baseUrl: draft.baseUrl.trim(),
      appId: draft.appId.trim(),
      merchantNo: draft.merchantNo.trim(),
      storeNo: draft.storeNo.trim()
    }
    for (const key of ['appId', 'merchantNo', 'storeNo'] as const) {
      if (account[key] === '') errors[`gateway.${key}`] = { kind: 'required' }
      else if (account[key].length > 64) errors[`gateway.${key}`] = { kind: 'too-long', max: 64 }
    }
    if (account.baseUrl === '') errors['gateway.baseUrl'] = { kind: 'required' }
    else if (!gatewayAccountSchema.shape.baseUrl.safeParse(account.baseUrl).success) {
      errors['gateway.baseUrl'] = { kind: 'bad-url' }
    }
    if (JSON.stringify(account) !== JSON.stringify(base.gateway)) patch.gateway = account
  }

  const payments: Record<string, number> = {}
  for (const { key } of paymentNumberFields) {
    const value = wholeNumber(draft.payments[key])
    const { min, max } = boundsOf(key)
    if (value === null) errors[`payments.${key}`] = { kind: 'whole-number' }
    else if (value < min || value > max)
      errors[`payments.${key}`] = { kind: 'out-of-range', min, max }
    else if (value !== base.payments[key]) payments[key] = value
  }
  if (Object.keys(payments).length > 0) patch.payments = payments

  const rules = draft.methodRules.map(ruleOf)
  rules.forEach((rule, index) => {
    const parsed = methodRuleSchema.safeParse(rule)
    if (parsed.success) return
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0])
      const path = `methodRules.${index}.${field}`
      if (errors[path] !== undefined) continue
      if (field === 'pattern') {
        errors[path] = { kind: compiles(rule.pattern) ? 'unanchored' : 'bad-pattern' }
      } else if (field === 'payMethodId') errors[path] = { kind: 'bad-method-id' }
      else if (field === 'aim') errors[path] = { kind: 'bad-aim' }
    }
  })
  if (JSON.stringify(rules) !== JSON.stringify(base.methodRules)) patch.methodRules = rules

  const wedge: Record<string, unknown> = {}
  const maxGap = wholeNumber(draft.maxGapMs)
  const maxGapSchema = wedgeSettingsSchema.shape.maxGapMs.unwrap()
  const minLength = wholeNumber(draft.minLength)
  const minLengthSchema = wedgeSettingsSchema.shape.minLength.unwrap()
  if (maxGap === null) errors['wedge.maxGapMs'] = { kind: 'whole-number' }
  else if (!maxGapSchema.safeParse(maxGap).success) {
    errors['wedge.maxGapMs'] = {
      kind: 'out-of-range',
      min: maxGapSchema.minValue ?? 0,
      max: maxGapSchema.maxValue ?? 0
    }
  } else if (maxGap !== base.wedge.maxGapMs) wedge['maxGapMs'] = maxGap
  if (minLength === null) errors['wedge.minLength'] = { kind: 'whole-number' }
  else if (!minLengthSchema.safeParse(minLength).success) {
    errors['wedge.minLength'] = {
      kind: 'out-of-range',
      min: minLengthSchema.minValue ?? 0,
      max: minLengthSchema.maxValue ?? 0
    }
  } else if (minLength !== base.wedge.minLength) wedge['minLength'] = minLength
  const terminators = draft.terminator === 'none' ? [] : [draft.terminator]
  const baseFirst = base.wedge.terminators[0]
  const baseTerminator: Terminator =
    baseFirst === 'Enter' || baseFirst === 'Tab' ? baseFirst : 'none'
  if (draft.terminator !== baseTerminator) wedge['terminators'] = terminators
  if (Object.keys(wedge).length > 0) patch.wedge = wedge
  // Only the display: the LAN tablet switch saves on its own (DisplaySection.tsx).
  if (draft.displayId !== base.customerDisplay.displayId) {
    patch.customerDisplay = { displayId: draft.displayId }
  }

  if (Object.keys(errors).length === 0 && !settingsPatchSchema.safeParse(patch).success) {
    // The shared schema has a rule the fields above do not mirror: say so on the form as a whole.
    errors['form'] = { kind: 'required' }
  }
  return { patch, errors }
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern)
    return true
  } catch {
    return false
  }
}

/**
 * Which rows (1-based) of the draft table an enabled rule matches `code` with, for a scan that
 * reported `aim` (none: every rule's AIM is let through, as `classify` does).
 */
export function matchingRows(code: string, rules: readonly RuleDraft[], aim?: string): number[] {
  const rows: number[] = []
  rules.forEach((rule, index) => {
    if (!rule.enabled || !aimAllows(ruleOf(rule).aim, aim)) return
    try {
      if (new RegExp(rule.pattern).test(code)) rows.push(index + 1)
    } catch {
      // A pattern that does not compile matches nothing; the field shows the error.
    }
  })
  return rows
}
