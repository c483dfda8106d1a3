export type { Classification, MethodRule, PayMethod, QrMode } from './types'
export { aimAllows, classify, isAim, methodRuleSchema, methodRulesSchema } from './classify'
export { cpmMethods, findPayMethod, payMethodCatalog } from './catalog'
export {
  methodRuleOverridesSchema,
  methodRulesSettingSchema,
  resolveMethodRules,
  type MethodRuleOverrides,
  type MethodRulesSetting,
  type ResolvedRules
} from './overrides'
