export {
  sandboxDefiniteRefusals,
  sandboxErrors,
  sandboxRefusalMeanings,
  sandboxTransErrorMeanings,
  transErrors
} from './codes'
export type { SandboxErrorCode, TransErrorCode } from './codes'
export type { SandboxNotification, SandboxOrder, SandboxRefund } from './gateway'
export { generateSandboxCredentials, loadOrCreateKeyFiles } from './keys'
export type { SandboxCredentials, SandboxKeyFiles } from './keys'
export { notifyRetryDelaysMs } from './notifier'
export { defaultRefundScenarios, defaultScenarios } from './scenarios'
export type { RefundRule, ReplyFault, ScenarioRule, ScenarioStep } from './scenarios'
export { startSandbox } from './server'
export type { Sandbox, SandboxOptions } from './server'
export { defaultWallets } from './wallets'
export type { QrMode, WalletRule } from './wallets'
