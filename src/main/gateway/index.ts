export { amountMismatch, statedAmountOf, statedMinor } from './amount'
export type { AmountField, AmountRule, StatedAmount } from './amount'
export { createGatewayClient } from './client'
export type { GatewayClientDeps } from './client'
export { httpTransport } from './http'
export type { HttpPost, Transport, TransportLimits, TransportResult } from './http'
export { fieldText, RawJson, scanTopLevel, writeJsonObject } from './json'
export type { FieldValue, Fields, RawValue, ScanResult } from './json'
export {
  cleanText,
  defaultMaxAmountMinor,
  docPathSuffixes,
  gatewayMethods,
  isGatewayMethod,
  isGatewayText,
  moneyMovingMethods,
  outcomeUnknown
} from './rules'
export { buildSignString, loadPrivateKey, loadPublicKey, signFields, verifyFields } from './sign'
export type * from './types'
export { UnpayableAmountError } from './types'
