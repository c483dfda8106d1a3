import safeRegex from 'safe-regex2'
import { z } from 'zod'
import { payMethodIdSchema } from '../contract/schemas'
import type { Classification, MethodRule } from './types'

/**
 * Compiled patterns by source. Rules come from data and a till classifies every scan against the
 * same few patterns, so each is compiled once; `null` remembers a pattern that does not compile.
 */
const compiled = new Map<string, RegExp | null>()
/** Settings can be edited at run time; a bound keeps abandoned patterns from piling up. */
const maxCompiled = 256

/**
 * `u`: the strict syntax, so a sloppy escape is an error at load time instead of a silent literal.
 * No `g`/`y`: `test()` must not carry `lastIndex` from one code to the next.
 */
function compile(pattern: string): RegExp | null {
  const cached = compiled.get(pattern)
  if (cached !== undefined) return cached
  let regex: RegExp | null
  try {
    regex = new RegExp(pattern, 'u')
  } catch {
    regex = null
  }
  if (compiled.size >= maxCompiled) compiled.clear()
  compiled.set(pattern, regex)
  return regex
}

/**
 * True when `pattern` is `^…$` with no `|` outside a group: `^1\d{17}|62\d{17}$` starts with `^`
 * and ends with `$`, yet matches any text containing `62` and 17 digits at its end.
 */
function isAnchored(pattern: string): boolean {
  if (pattern.length < 2 || !pattern.startsWith('^') || !pattern.endsWith('$')) return false
  const end = pattern.length - 1
  let depth = 0
  let inClass = false
  for (let i = 1; i < end; i++) {
    const char = pattern[i]
    if (char === '\\') {
      // `\$` at the end is a literal dollar, not an anchor.
      if (i + 1 >= end) return false
      i++
    } else if (inClass) {
      if (char === ']') inClass = false
    } else if (char === '[') {
      inClass = true
    } else if (char === '(') {
      depth++
    } else if (char === ')') {
      depth--
    } else if (char === '|' && depth === 0) {
      return false
    }
  }
  return true
}

/**
 * Which wallet a scanned CPM code belongs to (API.md §8.2). Every enabled rule is tried, not just
 * the first match: two rules of different wallets matching one code mean the table is wrong for
 * that code, and the cashier must pick rather than the till guess (a wrong guess can burn a
 * single-use code, pos-anchors.md §3.1).
 *
 * `aim` is the scan's AIM symbology identifier (e.g. `]C0`), when the scanner reports one. A rule
 * with `aim` set then requires it as a prefix; without one (wedge scanners usually send none, and
 * an empty string counts as none) the rule still applies.
 */
export function classify(code: string, rules: readonly MethodRule[], aim?: string): Classification {
  const candidates: string[] = []
  for (const rule of rules) {
    if (!rule.enabled) continue
    if (!aimAllows(rule.aim, aim)) continue
    // A pattern that does not compile matches nothing: the till keeps working, and the schema
    // rejects such a table where it is loaded.
    if (compile(rule.pattern)?.test(code) !== true) continue
    if (!candidates.includes(rule.payMethodId)) candidates.push(rule.payMethodId)
  }
  const [first] = candidates
  if (first === undefined) return { kind: 'none' }
  if (candidates.length === 1) return { kind: 'match', payMethodId: first }
  return { kind: 'ambiguous', candidates }
}

/** Whether a rule requiring `ruleAim` (if any) applies to a scan that reported `aim` (if any). */
export function aimAllows(ruleAim: string | undefined, aim: string | undefined): boolean {
  return ruleAim === undefined || aim === undefined || aim === '' || aim.startsWith(ruleAim)
}

const patternSchema = z
  .string()
  .max(512)
  .refine((pattern) => compile(pattern) !== null, {
    message: 'not a valid JavaScript regular expression'
  })
  .refine(isAnchored, {
    message: 'must match whole codes: start with ^, end with $, no | outside a group'
  })
  // Every scan is tested against every rule on the cashier's screen: a repetition inside a
  // repetition, like ^(a+)+$, can backtrack for minutes on one unlucky code and freeze it.
  .refine((pattern) => compile(pattern) === null || safeRegex(pattern), {
    message:
      'has a repetition inside a repetition, like (a+)+, that can freeze the till on one scan'
  })

/** ISO/IEC 15424: `]`, a symbology letter, optionally the modifier (pos-anchors.md §4.5). */
const aimSchema = z
  .string()
  .regex(/^\][A-Za-z][0-9A-Za-z]?$/, { message: 'an AIM identifier such as ]C or ]Q1' })

/** Whether `text` is an AIM identifier as a rule's `aim` must be. */
export function isAim(text: string): boolean {
  return aimSchema.safeParse(text).success
}

export const methodRuleSchema = z.strictObject({
  // The contract's own rule for `pay_method_id`, so a classified code is always one that
  // `payments:pay` accepts.
  payMethodId: payMethodIdSchema,
  pattern: patternSchema,
  aim: aimSchema.optional(),
  enabled: z.boolean(),
  confirmed: z.boolean(),
  note: z.string().max(500).optional()
}) satisfies z.ZodType<MethodRule>

/** The classification table as read from resources/payment-methods.json or settings. */
export const methodRulesSchema = z.array(methodRuleSchema).max(200) satisfies z.ZodType<
  MethodRule[]
>
