import type { CurrencyCode } from '../money'
import type { MethodRule } from '../methods'
import type { WedgeSettings } from '../wedge'
import { command } from './spec'
import { noArgs } from './schemas'

/** What the screens need to know about this till; never a secret. */
export interface TillInfo {
  readonly shopName: string
  readonly currency: CurrencyCode
  /** True while the embedded sandbox gateway is in use: no real money moves. */
  readonly sandbox: boolean
  readonly methodRules: readonly MethodRule[]
  /** Resolved per screen by `resolveWedgeOptions`. */
  readonly wedge: WedgeSettings
}

export const settingsCommands = {
  'settings:info': command<TillInfo>()(noArgs, ['cashier', 'customer'])
}
