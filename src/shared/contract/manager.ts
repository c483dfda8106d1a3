import { z } from 'zod'
import { command } from './spec'
import { noArgs } from './schemas'

/** Whether refunds can be approved now, and how many wrong PINs are left before entry locks. */
export interface ManagerStatus {
  readonly pinSet: boolean
  readonly maxTries: number
  /** Wrong PINs still allowed before entry locks; 0 while locked. */
  readonly attemptsLeft: number
  /** While locked: when PIN entry opens again (epoch ms); null when not locked. */
  readonly lockedUntil: number | null
  /**
   * The stored PIN cannot be read: no PIN approves a refund or a settings change, or changes the
   * PIN, until it is reset on the till machine (`npm run admin -- reset-manager-pin`). Absent from older services.
   */
  readonly pinDamaged?: boolean
}

/** A manager PIN: 4 to 8 digits, never stored (only its scrypt hash, src/main/till/manager-pin.ts). */
export const managerPinSchema = z
  .string()
  .regex(/^\d{4,8}$/, { message: 'a manager PIN is 4 to 8 digits' })

export const managerCommands = {
  'manager:status': command<ManagerStatus>()(noArgs, ['cashier']),
  /**
   * Sets the first manager PIN, or changes it: a change needs the current PIN, which counts
   * towards the lockout like any other wrong PIN (`PIN_REJECTED`). A stored PIN that cannot be
   * read is never replaced here (`PIN_REJECTED`, not counted): only on the till machine.
   */
  'manager:setPin': command<ManagerStatus>()(
    z.strictObject({ currentPin: managerPinSchema.optional(), newPin: managerPinSchema }),
    ['cashier']
  )
}
