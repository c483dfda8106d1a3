import type { TransStatus } from '../main/gateway/types'

/**
 * How the customer's wallet answers one CPM submit, chosen by the end of the scanned code
 * (API.md §11 "scenario switches"). Rules are data: tests and the wallet page pass their own table.
 */
export interface ScenarioRule {
  /** Shown in the sandbox's order record, e.g. `insufficient-balance`. */
  readonly name: string
  /** Matches a scanned `auth_code` that ends with this; "" matches every code. */
  readonly authCodeSuffix: string
  /** What submit answers (§5.2): 2 paid, 1 declined, 0 customer still confirming. */
  readonly transStatus: 0 | 1 | 2
  /** `trans_error_code` / `trans_error_msg` for a decline (§5.5: present when the status is 1). */
  readonly errorCode?: string
  readonly errorMessage?: string
  /**
   * For status 0: what the order becomes `afterMs` after submit on the sandbox clock. Without it
   * the customer never confirms and the order closes when `expires` runs out (§6.1).
   */
  readonly then?: {
    readonly afterMs: number
    readonly transStatus: 1 | 2
    readonly errorCode?: string
    readonly errorMessage?: string
  }
}

/** The defaults, first match wins; a code matching none is paid at once. */
export const defaultScenarios: readonly ScenarioRule[] = [
  {
    name: 'insufficient-balance',
    authCodeSuffix: '0051',
    transStatus: 1,
    errorCode: 'INSUFFICIENT_BALANCE',
    errorMessage: 'Insufficient balance'
  },
  {
    name: 'code-expired',
    authCodeSuffix: '0052',
    transStatus: 1,
    errorCode: 'AUTH_CODE_EXPIRED',
    errorMessage: 'Payment code expired, ask for a fresh one'
  },
  {
    // The wallet asks for a password (§5.2): processing, then paid 3 s later.
    name: 'customer-confirms',
    authCodeSuffix: '0061',
    transStatus: 0,
    then: { afterMs: 3000, transStatus: 2 }
  }
]

export const paidAtOnce: ScenarioRule = { name: 'paid', authCodeSuffix: '', transStatus: 2 }

export function scenarioFor(authCode: string, rules: readonly ScenarioRule[]): ScenarioRule {
  return rules.find((rule) => authCode.endsWith(rule.authCodeSuffix)) ?? paidAtOnce
}

export interface Outcome {
  readonly transStatus: TransStatus
  readonly errorCode: string | null
  readonly errorMessage: string | null
  /** When the order reached a final state (epoch ms), or null while it has not. */
  readonly endedAt: number | null
}

/**
 * The state of an order at `now`, derived from its rule rather than stored: the sandbox clock
 * can jump (tests advance it), and nothing has to run in the background for an order to move.
 */
export function outcomeAt(
  rule: ScenarioRule,
  createdAt: number,
  expiresAt: number,
  now: number
): Outcome {
  if (rule.transStatus !== 0) {
    return {
      transStatus: rule.transStatus,
      errorCode: rule.transStatus === 1 ? (rule.errorCode ?? 'DECLINED') : null,
      errorMessage: rule.transStatus === 1 ? (rule.errorMessage ?? 'Declined by the wallet') : null,
      endedAt: createdAt
    }
  }
  const then = rule.then
  if (
    then !== undefined &&
    createdAt + then.afterMs <= expiresAt &&
    now >= createdAt + then.afterMs
  ) {
    return {
      transStatus: then.transStatus,
      errorCode: then.transStatus === 1 ? (then.errorCode ?? 'DECLINED') : null,
      errorMessage: then.transStatus === 1 ? (then.errorMessage ?? 'Declined by the wallet') : null,
      endedAt: createdAt + then.afterMs
    }
  }
  if (now >= expiresAt) {
    // §6.1: an order whose `expires` ran out unpaid is closed (1).
    return {
      transStatus: 1,
      errorCode: 'ORDER_EXPIRED',
      errorMessage: 'The customer did not confirm before the order expired',
      endedAt: expiresAt
    }
  }
  return { transStatus: 0, errorCode: null, errorMessage: null, endedAt: null }
}
