import { fail, ok, type Result } from '../../shared/contract'
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
>

/**
 * The history screen's commands and the manager's approval of refunds (issue 6). Every refund
 * passes the manager PIN check here, in main, before the engine sees it: the screen only carries
 * the PIN, it never decides.
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
        'The stored manager PIN is damaged: no PIN approves a refund, and it cannot be changed ' +
          `here. On the till machine, run \`${resetPinCommand}\`, then set a new PIN in Settings.`
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
