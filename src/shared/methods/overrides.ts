import { z } from 'zod'
import { payMethodIdSchema } from '../contract/schemas'
import { methodRulesSchema } from './classify'
import type { MethodRule } from './types'

/**
 * Changes to the default table that keep it: new rows tried before the defaults, and default rows
 * switched on or off, each named by its `payMethodId` and `pattern`. A till configured this way
 * still gets the defaults' later corrections; a full table in settings does not.
 */
export const methodRuleOverridesSchema = z.strictObject({
  add: methodRulesSchema.optional(),
  set: z
    .array(
      z.strictObject({
        payMethodId: payMethodIdSchema,
        pattern: z.string().max(512),
        enabled: z.boolean()
      })
    )
    .max(200)
    .optional()
})

export type MethodRuleOverrides = z.infer<typeof methodRuleOverridesSchema>

/** `methodRules` in settings.json: a whole table (replaces the defaults) or overrides of them. */
export const methodRulesSettingSchema = z.union([methodRulesSchema, methodRuleOverridesSchema])

export type MethodRulesSetting = z.infer<typeof methodRulesSettingSchema>

export type ResolvedRules =
  | { readonly ok: true; readonly value: readonly MethodRule[] }
  | {
      readonly ok: false
      readonly error: { readonly code: 'unknown-default-rule'; readonly message: string }
    }

/** The table a till classifies with: the defaults, as settings change them. */
export function resolveMethodRules(
  defaults: readonly MethodRule[],
  setting: MethodRulesSetting | undefined
): ResolvedRules {
  if (setting === undefined) return { ok: true, value: defaults }
  if (Array.isArray(setting)) return { ok: true, value: setting }
  const overrides: MethodRuleOverrides = setting
  let rows = [...defaults]
  for (const change of overrides.set ?? []) {
    const found = rows.some(
      (row) => row.payMethodId === change.payMethodId && row.pattern === change.pattern
    )
    if (!found) {
      // A typo here would otherwise leave a rule silently on (or off) at the counter.
      return {
        ok: false,
        error: {
          code: 'unknown-default-rule',
          message: `no default rule ${change.payMethodId} ${change.pattern} to switch ${
            change.enabled ? 'on' : 'off'
          }`
        }
      }
    }
    rows = rows.map((row) =>
      row.payMethodId === change.payMethodId && row.pattern === change.pattern
        ? { ...row, enabled: change.enabled }
        : row
    )
  }
  return { ok: true, value: [...(overrides.add ?? []), ...rows] }
}
