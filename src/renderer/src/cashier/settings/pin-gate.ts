import type { CommandArgs, CommandResult, ManagerStatus, Result } from '../../../../shared/contract'
import type { Messages } from '../../i18n'
import { formatClock } from '../history/format'

/**
 * A write from the settings view, with the manager PIN added by the view: the result, or null
 * when it was held back for the PIN or the PIN was refused (the PIN field then says why).
 */
export type SettingsWrite = <
  C extends 'settings:update' | 'settings:importKey' | 'display:unpairLan'
>(
  channel: C,
  args: Omit<CommandArgs<C>, 'managerPin'>
) => Promise<Result<CommandResult<C>> | null>

const pinPattern = /^\d{4,8}$/

/** Why a write from the settings view waits for the manager PIN instead of going to the till. */
export type PinProblem = 'needed' | 'invalid' | 'damaged'

export type PinGate =
  | { readonly send: true; readonly args: { readonly managerPin?: string } }
  | { readonly send: false; readonly problem: PinProblem }

/**
 * What a settings write carries: the PIN typed once the till says one is set, nothing while
 * none is (or for a change the till lets through without one). The till decides either way;
 * this only saves the manager a refusal they could see coming, and a wrong try for a typo.
 */
export function settingsPinGate(
  status: ManagerStatus | null,
  typed: string,
  needsPin: boolean
): PinGate {
  if (!needsPin || status === null || !status.pinSet) return { send: true, args: {} }
  // No PIN matches a damaged record: sending one would only be refused.
  if (status.pinDamaged === true) return { send: false, problem: 'damaged' }
  if (typed === '') return { send: false, problem: 'needed' }
  if (!pinPattern.test(typed)) return { send: false, problem: 'invalid' }
  return { send: true, args: { managerPin: typed } }
}

/**
 * The words by the PIN field for a PIN refused by the till, or held back here: from the manager
 * status read after the refusal, since the till's own message is English for the log.
 */
export function pinProblemText(
  t: Messages,
  problem: PinProblem | { readonly refusedWith: 'pin' | 'nothing' },
  status: ManagerStatus | null,
  timeZone: string
): string {
  if (problem === 'invalid') return t.settings.pin.invalid
  if (problem === 'damaged' || status?.pinDamaged === true) return t.refund.pinDamaged
  // Sent without a PIN and refused: one was set since this view last asked.
  if (problem === 'needed' || problem.refusedWith === 'nothing') return t.settings.pin.needed
  if (status === null) return t.errors.byCode.PIN_REJECTED
  if (status.lockedUntil !== null) {
    return t.refund.locked(formatClock(status.lockedUntil, t.locale, timeZone))
  }
  return t.refund.wrongPin(status.attemptsLeft)
}
