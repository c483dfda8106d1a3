import type { Language } from '../i18n/languages'
import { useLocaleStore } from '../stores/locale-store'
import {
  classify,
  cpmMethods,
  findPayMethod,
  payMethodCatalog,
  type MethodRule
} from '../../../shared/methods'

/** What the payment screen does with a scanned code. */
export type ScanDecision =
  | { readonly kind: 'submit'; readonly payMethodId: string }
  | {
      readonly kind: 'pick'
      readonly reason: 'ambiguous' | 'unknown'
      readonly candidates: readonly string[]
    }

/**
 * One rule matches: submit. Several: the cashier picks among them. None: the cashier picks among
 * every method that takes scanned codes (DESIGN.md "A payment, end to end", step 2). A rule with
 * an AIM applies only to scans whose AIM starts with it; a scan with no AIM (a keyboard wedge's)
 * is judged by the patterns alone.
 */
export function decideMethod(
  code: string,
  rules: readonly MethodRule[],
  aim: string | null = null
): ScanDecision {
  const classification = classify(code, rules, aim ?? undefined)
  switch (classification.kind) {
    case 'match':
      return { kind: 'submit', payMethodId: classification.payMethodId }
    case 'ambiguous':
      return { kind: 'pick', reason: 'ambiguous', candidates: classification.candidates }
    case 'none':
      return {
        kind: 'pick',
        reason: 'unknown',
        candidates: cpmMethods().map((method) => method.id)
      }
  }
}

/**
 * Whether `code` has the shape of some wallet's code by the rules (one match or several): what
 * the wedge detector asks before it joins the parts of a code a stall cut (shared/wedge).
 */
export function isWalletCode(code: string, rules: readonly MethodRule[]): boolean {
  return classify(code, rules).kind !== 'none'
}

/**
 * The name a cashier (or customer) knows a method by, in the screens' language (the catalog's
 * `labelJa` in Japanese); the gateway's id when the catalog does not know it. Components that
 * call it also call `useT()`, so a language switch re-renders them with the new name.
 */
export function methodLabel(
  payMethodId: string,
  language: Language = useLocaleStore.getState().language
): string {
  const method = findPayMethod(payMethodId)
  if (method === undefined) return payMethodId
  return language === 'ja' ? method.labelJa : method.label
}

/** The wallets that can show the customer a QR to scan (MPM), in the catalog's order. */
export function mpmMethodIds(): readonly string[] {
  return payMethodCatalog.filter((method) => method.modes.includes('MPM')).map((m) => m.id)
}
