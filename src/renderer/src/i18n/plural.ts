const rules = new Map<string, Intl.PluralRules>()

/**
 * The words for `count` by the language's plural rules (Intl.PluralRules), for message functions:
 * English has "one" and "other"; Japanese has only "other", so its messages need no forms at all.
 */
export function plural(
  locale: string,
  count: number,
  forms: Partial<Record<Intl.LDMLPluralRule, string>> & { readonly other: string }
): string {
  let rule = rules.get(locale)
  if (rule === undefined) {
    rule = new Intl.PluralRules(locale)
    rules.set(locale, rule)
  }
  return forms[rule.select(count)] ?? forms.other
}
