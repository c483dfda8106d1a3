import { command, event } from './spec'
import { noArgs } from './schemas'

/** One line of the status bar: a state, when it was last learnt, and why in words when bad. */
export interface StatusItem<S extends string> {
  readonly state: S
  /** Epoch ms of the observation, or null before the first one. */
  readonly at: number | null
  readonly detail: string | null
}

/**
 * The till's health as the cashier's status bar shows it. Learnt from what the till does anyway
 * (every gateway exchange, every journal write) plus a cheap probe: never a paid gateway call.
 */
export interface TillStatus {
  /** Did the gateway answer the last exchange or probe (any answer, even a refusal)? */
  readonly gateway: StatusItem<'unknown' | 'reachable' | 'unreachable'>
  /** Did the journal take its last write? */
  readonly journal: StatusItem<'healthy' | 'failing'>
}

export const statusCommands = {
  'status:get': command<TillStatus>()(noArgs, ['cashier'])
}

export const statusEvents = {
  /** Pushed whenever an item of the status changes state. */
  'status:changed': event<TillStatus>()(['cashier'])
}
