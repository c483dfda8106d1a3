import { classify, isAim, type Classification } from '../../../../shared/methods'
import { matchingRows, ruleOf, type RuleDraft } from './form'

/** What the settings' test box says for a code, and the AIM a HID-POS scanner would report. */
export type CodeTest =
  | { readonly kind: 'empty' }
  /** Not an AIM a rule could require: trying it would say nothing about the table. */
  | { readonly kind: 'bad-aim' }
  | {
      readonly kind: 'tried'
      readonly classification: Classification
      /** The rows (1-based) that matched, for the integrator to find. */
      readonly rows: readonly number[]
    }

/**
 * The code against the table as edited, unsaved rows included. Without an AIM a rule that
 * requires one still applies (a wedge scan reports none); with one, such a rule applies only to
 * a scan of its symbology, so two rules told apart by AIM can be tried here.
 */
export function tryCode(code: string, aimText: string, rules: readonly RuleDraft[]): CodeTest {
  const aim = aimText.trim()
  if (aim !== '' && !isAim(aim)) return { kind: 'bad-aim' }
  const trimmed = code.trim()
  if (trimmed === '') return { kind: 'empty' }
  const scanned = aim === '' ? undefined : aim
  return {
    kind: 'tried',
    classification: classify(trimmed, rules.map(ruleOf), scanned),
    rows: matchingRows(trimmed, rules, scanned)
  }
}
