export type { Classification, MethodRule } from './types'
export { classify, methodRulesSchema } from './classify'
