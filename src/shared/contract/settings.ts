import type { CurrencyCode } from '../money'
import type { MethodRule } from '../methods'
import type { WedgeSettings } from '../wedge'
import { command } from './spec'
import { noArgs } from './schemas'

/** The languages the screens speak (issue 6); `settings.json` `language`, 'en' by default. */
export const languages = ['en', 'ja'] as const
export type Language = (typeof languages)[number]

/** What the screens need to know about this till; never a secret. */
export interface TillInfo {
  readonly shopName: string
  readonly currency: CurrencyCode
  readonly language: Language
  /**
   * The shop's IANA time zone (settings.json `timeZone`, else the service machine's): the screens
   * count days and show times in it, not in the zone of the browser or machine showing them.
   */
  readonly timeZone: string
  /** True while the embedded sandbox gateway is in use: no real money moves. */
  readonly sandbox: boolean
  readonly methodRules: readonly MethodRule[]
  /** Resolved per screen by `resolveWedgeOptions`. */
  readonly wedge: WedgeSettings
  /**
   * CPM: how long the till waits for the customer to confirm in their wallet before it closes the
   * order (the engine's `pollWindowMs`): the cashier's countdown. Absent from older services.
   */
  readonly cpmWindowMs?: number
}

export const settingsCommands = {
  'settings:info': command<TillInfo>()(noArgs, ['cashier', 'customer'])
}
