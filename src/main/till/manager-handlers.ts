import { fail, ok, type Result } from '../../shared/contract'
import { needsManagerPin, type SettingsPatch } from '../../shared/contract/settings-admin'
import type { Journal } from '../journal'
import { createLogger } from '../log'
import type { PaymentEngine } from '../payments'
import { createHistory } from '../reports/history'
import type { CommandHandlers } from './dispatch'
import {
  createManagerPin,
  resetPinCommand,
  type ManagerPin,
  type PinCheck,
  type PinPolicy
} from './manager-pin'

const log = createLogger('manager')

export type ManagerHandlers = Pick<
  CommandHandlers,
  'manager:status' | 'manager:setPin' | 'refunds:create' | 'sales:history' | 'sales:timeline'
> & {
  /**
   * Whether a settings change may go ahead (`settings:update` with its patch, `settings:importKey`
   * without one): the one place both ask, before anything is validated or saved.
   */
  approveSettingsChange(change: SettingsChange): Promise<Result<null>>
}

export interface SettingsChange {
  /** `display:unpairLan` is the web host's, asking through `Till.approveSettingsChange`. */
  readonly command: 'settings:update' | 'settings:importKey' | 'display:unpairLan'
  /** The PIN as the screen sent it; never logged. */
  readonly managerPin: string | undefined
  /** The patch of a `settings:update`: a language-only one needs no PIN. */
  readonly patch?: SettingsPatch
}

/**
 * The history screen's commands and the manager's approval of refunds (issue 6) and of settings
 * changes. Every refund and every settings change passes the manager PIN check here, in main,
 * before the engine or the settings file sees it: the screen only carries the PIN, it never
 * decides. Both share one `ManagerPin`, so wrong PINs count towards one lockout whichever asks.
 */
export function createManagerHandlers(deps: {
  readonly journal: Journal
  readonly engine: Pick<PaymentEngine, 'createRefund'>
  readonly now: () => number
  readonly policy?: PinPolicy
}): ManagerHandlers & { readonly pin: ManagerPin } {
  const pin = createManagerPin({ store: deps.journal, now: deps.now, ...optional(deps.policy) })
  const history = createHistory(deps.journal)
  return {
    pin,
    'manager:status': async () => ok(pin.status()),
    'manager:setPin': async ({ currentPin, newPin }) => {
      const checked = await pin.setPin({
        ...(currentPin === undefined ? {} : { currentPin }),
        newPin
      })
      return checked.ok ? ok(pin.status()) : refusal(checked)
    },
    'refunds:create': async ({ managerPin, ...refund }) => {
      const checked = await pin.verify(managerPin)
      if (!checked.ok) {
        log.warn('refund refused: manager PIN not accepted', {
          saleId: refund.saleId,
          reason: checked.reason
        })
        return refusal(checked)
      }
      return deps.engine.createRefund(refund)
    },
    async approveSettingsChange({ command, managerPin, patch }) {
      if (patch !== undefined && !needsManagerPin(patch)) return ok(null)
      const status = pin.status()
      // No PIN yet: the integrator sets the till up before the shop has a manager PIN, and
      // Settings offers to set the first one. A damaged record reads as set: it opens nothing.
      if (!status.pinSet) return ok(null)
      if (managerPin === undefined && status.pinDamaged !== true) {
        log.warn('settings change refused: no manager PIN sent', { command })
        return fail('PIN_REJECTED', 'The manager PIN is needed to change settings.')
      }
      // A damaged record is refused by `verify` whatever is typed, and the refusal names the fix.
      const checked = await pin.verify(managerPin ?? '')
      if (checked.ok) return ok(null)
      // Reset on the till machine between the two looks: the till is as open as on first install.
      if (checked.reason === 'not-set') return ok(null)
      log.warn('settings change refused: manager PIN not accepted', {
        command,
        reason: checked.reason
      })
      return refusal(checked)
    },
    'sales:history': async (filter) => ok(history.page(filter)),
    'sales:timeline': async ({ saleId }) => {
      if (deps.journal.getSale(saleId) === undefined) {
        return fail('NOT_FOUND', `There is no sale ${saleId}.`)
      }
      return ok(history.timeline(saleId))
    }
  }
}

function optional(policy: PinPolicy | undefined): { policy?: PinPolicy } {
  return policy === undefined ? {} : { policy }
}

function refusal(checked: Extract<PinCheck, { ok: false }>): Result<never> {
  const { status } = checked
  switch (checked.reason) {
    case 'not-set':
      return fail('PIN_REJECTED', 'No manager PIN is set: set one in Settings first.')
    case 'current-required':
      return fail('PIN_REJECTED', 'Changing the manager PIN needs the current PIN.')
    case 'damaged':
      return fail(
        'PIN_REJECTED',
        'The stored manager PIN is damaged: no PIN approves a refund or a settings change, and ' +
          `it cannot be changed here. On the till machine, run \`${resetPinCommand}\`, then set a ` +
          'new PIN in Settings.'
      )
    case 'locked':
    case 'wrong':
      return fail(
        'PIN_REJECTED',
        status.lockedUntil !== null
          ? `Too many wrong manager PINs: PIN entry is locked until ${new Date(status.lockedUntil).toISOString()}.`
          : `Wrong manager PIN: ${status.attemptsLeft} of ${status.maxTries} tries left.`
      )
  }
}
