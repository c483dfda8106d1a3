import type { TransStatus } from '../main/gateway/types'
import { transErrors } from './codes'

/**
 * How the customer's wallet and the gateway behave for one order (API.md §11 "scenario switches"),
 * as data. A CPM submit picks its rule by the end of the scanned `auth_code`; an MPM order by the
 * end of its amount in minor units; a refund by the end of the refund amount. First match wins.
 */

/** Something wrong with the reply itself, while the order is processed as its steps say. */
export type ReplyFault =
  /** A signed non-"0" `code` "System error" (§3, §5.2): the caller cannot know the outcome. */
  | 'system-error'
  /**
   * A signed non-"0" `code` that no till lists as final, in words that do not say "System error"
   * (PayCloud's codes are unknown, §3): the caller must query, not decline.
   */
  | 'unlisted-refusal'
  /** No reply until `holdReplyMs` has passed: the client times out first (§1.3: 30 s). */
  | 'hold'
  /** The connection is destroyed without any response. */
  | 'drop'
  /** A `code` "0" reply whose `sign` does not verify (§4.4). */
  | 'bad-signature'
  /** A reply that is not a JSON object. */
  | 'malformed'

export interface ScenarioStep {
  /** After creation, on the sandbox clock. */
  readonly afterMs: number
  readonly transStatus: 0 | 1 | 2
  readonly errorCode?: string
  readonly errorMessage?: string
}

export interface ScenarioRule {
  /** Shown in the sandbox's order record, e.g. `insufficient-balance`. */
  readonly name: string
  /** CPM: matches an `auth_code` that ends with this; "" matches every code. */
  readonly authCodeSuffix?: string
  /** MPM: matches an order whose amount in minor units, as digits, ends with this. */
  readonly amountSuffix?: string
  /** The status at creation: 2 paid, 1 declined, 0 customer confirming, 9 created (MPM). */
  readonly transStatus: 0 | 1 | 2 | 9
  /** `trans_error_code` / `trans_error_msg` for a decline (§5.5: present when the status is 1). */
  readonly errorCode?: string
  readonly errorMessage?: string
  /** One later step (kept for rules written before `steps`). */
  readonly then?: ScenarioStep
  /**
   * Later steps on the sandbox clock. Without a final one, the order closes when `expires` runs
   * out (§6.1) unless the wallet page or a cancel settles it first.
   */
  readonly steps?: readonly ScenarioStep[]
  readonly reply?: ReplyFault
  /** CPM: the code is refused (status 1, AUTH_CODE_USED) when it was used before. */
  readonly singleUse?: boolean
  /** The wallet completes the payment just as a cancel arrives; the cancel then meets a paid order. */
  readonly paidOnCancel?: boolean
  /** One line for the scenario table (docs/sandbox.md). */
  readonly summary?: string
}

export interface RefundRule {
  readonly name: string
  /** Matches a refund whose amount in minor units, as digits, ends with this. */
  readonly amountSuffix: string
  readonly transStatus: 1 | 2
  readonly errorCode?: string
  readonly errorMessage?: string
  readonly summary?: string
}

function decline(code: keyof typeof transErrors): { errorCode: string; errorMessage: string } {
  return { errorCode: code, errorMessage: transErrors[code] }
}

const paidAt = (afterMs: number): ScenarioStep => ({ afterMs, transStatus: 2 })

/** CPM faults: the payment is made at once, only the reply goes wrong. */
function cpmFault(suffix: string, reply: ReplyFault, summary: string): ScenarioRule {
  return { name: `reply-${reply}`, authCodeSuffix: suffix, transStatus: 2, reply, summary }
}

/** MPM faults: the order is created (9) and the customer pays 2 s later. */
function mpmFault(suffix: string, reply: ReplyFault, summary: string): ScenarioRule {
  return {
    name: `mpm-reply-${reply}`,
    amountSuffix: suffix,
    transStatus: 9,
    steps: [paidAt(2000)],
    reply,
    summary
  }
}

/** The defaults. A CPM code matching none is paid at once; an MPM order waits for the wallet page. */
export const defaultScenarios: readonly ScenarioRule[] = [
  {
    name: 'insufficient-balance',
    authCodeSuffix: '0051',
    transStatus: 1,
    ...decline('INSUFFICIENT_BALANCE'),
    summary: 'Declined at once: insufficient funds'
  },
  {
    name: 'code-expired',
    authCodeSuffix: '0052',
    transStatus: 1,
    ...decline('AUTH_CODE_EXPIRED'),
    summary: 'Declined at once: the payment code expired'
  },
  {
    name: 'single-use-code',
    authCodeSuffix: '0053',
    transStatus: 2,
    singleUse: true,
    summary: 'Paid the first time; the same code again is declined (AUTH_CODE_USED)'
  },
  {
    name: 'declined',
    authCodeSuffix: '0054',
    transStatus: 1,
    ...decline('RISK_CONTROL'),
    summary: "Declined at once with the wallet's code and message"
  },
  {
    // The wallet asks for a password (§5.2): processing, then paid 3 s later.
    name: 'customer-confirms',
    authCodeSuffix: '0061',
    transStatus: 0,
    then: paidAt(3000),
    summary: 'User paying (0) for 3 s, then paid'
  },
  {
    name: 'customer-confirms-slowly',
    authCodeSuffix: '0062',
    transStatus: 0,
    steps: [paidAt(30_000)],
    summary: 'User paying (0) for 30 s, then paid'
  },
  {
    name: 'customer-declines',
    authCodeSuffix: '0063',
    transStatus: 0,
    steps: [{ afterMs: 5000, transStatus: 1, ...decline('USER_CANCELLED') }],
    summary: 'User paying (0) for 5 s, then declined'
  },
  {
    name: 'never-confirms',
    authCodeSuffix: '0064',
    transStatus: 0,
    summary: 'User paying (0) until `expires` runs out, then closed (ORDER_EXPIRED)'
  },
  cpmFault('0071', 'system-error', 'Replies "System error" (non-"0" code); the payment succeeds'),
  cpmFault('0072', 'hold', 'No reply until the client times out; the payment succeeds'),
  cpmFault('0073', 'drop', 'Paid, then the connection is dropped without a reply'),
  {
    name: 'paid-on-cancel',
    authCodeSuffix: '0074',
    transStatus: 0,
    paidOnCancel: true,
    summary:
      'User paying (0); the payment completes as a cancel arrives: reversed (3) where the ' +
      'wallet can reverse, else the cancel is refused and the order stays paid'
  },
  cpmFault('0075', 'bad-signature', 'Paid; the reply signature does not verify'),
  cpmFault('0076', 'malformed', 'Paid; the reply is not JSON'),
  cpmFault(
    '0077',
    'unlisted-refusal',
    'Replies with a signed code no till lists as final (PROCESSING_ERROR); the payment succeeds'
  ),

  {
    name: 'mpm-insufficient-balance',
    amountSuffix: '051',
    transStatus: 9,
    steps: [
      { afterMs: 2000, transStatus: 0 },
      { afterMs: 4000, transStatus: 1, ...decline('INSUFFICIENT_BALANCE') }
    ],
    summary: 'Scanned after 2 s, declined at 4 s: insufficient funds'
  },
  {
    name: 'mpm-declined',
    amountSuffix: '054',
    transStatus: 9,
    steps: [{ afterMs: 2000, transStatus: 1, ...decline('RISK_CONTROL') }],
    summary: "Declined after 2 s with the wallet's code and message"
  },
  {
    name: 'mpm-paid',
    amountSuffix: '060',
    transStatus: 9,
    steps: [paidAt(2000)],
    summary: 'Scanned and paid 2 s after the QR was issued (9 → 2)'
  },
  {
    name: 'mpm-customer-confirms',
    amountSuffix: '061',
    transStatus: 9,
    steps: [{ afterMs: 2000, transStatus: 0 }, paidAt(8000)],
    summary: 'Scanned after 2 s, user paying (0) until 8 s, then paid'
  },
  {
    name: 'mpm-customer-declines',
    amountSuffix: '063',
    transStatus: 9,
    steps: [
      { afterMs: 2000, transStatus: 0 },
      { afterMs: 8000, transStatus: 1, ...decline('USER_CANCELLED') }
    ],
    summary: 'Scanned after 2 s, user paying (0) until 8 s, then declined'
  },
  mpmFault('071', 'system-error', 'Replies "System error"; the customer pays 2 s later'),
  mpmFault('072', 'hold', 'No reply until the client times out; the customer pays 2 s later'),
  mpmFault('073', 'drop', 'Order created, connection dropped; the customer pays 2 s later'),
  {
    name: 'mpm-paid-on-cancel',
    amountSuffix: '074',
    transStatus: 9,
    steps: [{ afterMs: 2000, transStatus: 0 }],
    paidOnCancel: true,
    summary: 'Scanned after 2 s, user paying (0); the payment completes as a cancel arrives'
  },
  mpmFault('075', 'bad-signature', 'Reply signature does not verify; the customer pays 2 s later'),
  mpmFault('076', 'malformed', 'Reply is not JSON; the customer pays 2 s later'),
  mpmFault(
    '077',
    'unlisted-refusal',
    'Replies with a signed code no till lists as final; the customer pays 2 s later'
  )
]

export const defaultRefundScenarios: readonly RefundRule[] = [
  {
    name: 'refund-fails',
    amountSuffix: '051',
    transStatus: 1,
    ...decline('MERCHANT_BALANCE_INSUFFICIENT'),
    summary: 'Refunding (0), then failed (1): merchant balance too low (§5.4)'
  }
]

export const paidAtOnce: ScenarioRule = {
  name: 'paid',
  authCodeSuffix: '',
  transStatus: 2,
  summary: 'Paid at once'
}

export const walletPage: ScenarioRule = {
  name: 'wallet-page',
  amountSuffix: '',
  transStatus: 9,
  summary: 'Created (9) until Pay or Decline on the wallet page, or until `expires` (1)'
}

export const refundSucceeds: RefundRule = {
  name: 'refunded',
  amountSuffix: '',
  transStatus: 2,
  summary: 'Refunding (0), then refunded (2) after `refundDelayMs`'
}

export function scenarioFor(authCode: string, rules: readonly ScenarioRule[]): ScenarioRule {
  return (
    rules.find(
      (rule) => rule.authCodeSuffix !== undefined && authCode.endsWith(rule.authCodeSuffix)
    ) ?? paidAtOnce
  )
}

export function mpmScenarioFor(amountMinor: number, rules: readonly ScenarioRule[]): ScenarioRule {
  const digits = String(amountMinor)
  return (
    rules.find((rule) => rule.amountSuffix !== undefined && digits.endsWith(rule.amountSuffix)) ??
    walletPage
  )
}

export function refundScenarioFor(amountMinor: number, rules: readonly RefundRule[]): RefundRule {
  const digits = String(amountMinor)
  return rules.find((rule) => digits.endsWith(rule.amountSuffix)) ?? refundSucceeds
}

/** Why a step happened: scenario steps never move a final status; actions may (2 → 3). */
export type StepCause = 'scenario' | 'wallet' | 'cancel'

/** One change of status at an absolute time on the sandbox clock. */
export interface Step {
  readonly at: number
  readonly transStatus: TransStatus
  readonly errorCode: string | null
  readonly errorMessage: string | null
  readonly cause: StepCause
}

/** A rule's timeline from `createdAt`, stored with the order so a restart replays it exactly. */
export function stepsOf(rule: ScenarioRule, createdAt: number): Step[] {
  const first: Step = {
    at: createdAt,
    transStatus: rule.transStatus,
    errorCode: rule.transStatus === 1 ? (rule.errorCode ?? 'DECLINED') : null,
    errorMessage: rule.transStatus === 1 ? (rule.errorMessage ?? transErrors.DECLINED) : null,
    cause: 'scenario'
  }
  const later = [...(rule.then === undefined ? [] : [rule.then]), ...(rule.steps ?? [])]
  return [
    first,
    ...later
      .map((step) => ({
        at: createdAt + step.afterMs,
        transStatus: step.transStatus,
        errorCode: step.transStatus === 1 ? (step.errorCode ?? 'DECLINED') : null,
        errorMessage: step.transStatus === 1 ? (step.errorMessage ?? transErrors.DECLINED) : null,
        cause: 'scenario' as const
      }))
      .sort((a, b) => a.at - b.at)
  ]
}

export interface Outcome {
  readonly transStatus: TransStatus
  readonly errorCode: string | null
  readonly errorMessage: string | null
  /** When the order reached its current final state (epoch ms), or null while it has not. */
  readonly endedAt: number | null
  /** When it was paid, if it ever was (it stays set after a reversal to 3). */
  readonly paidAt: number | null
}

export function isPending(status: TransStatus): boolean {
  return status === 9 || status === 0
}

/**
 * The state at `now`, derived from the stored steps rather than kept up to date: the sandbox clock
 * can jump (tests advance it), and nothing has to run in the background for an order to move.
 * §6.1: a pending order whose `expires` ran out is closed (1); a step later than that never applies.
 */
export function outcomeAt(steps: readonly Step[], expiresAt: number, now: number): Outcome {
  let current: Step | undefined
  let paidAt: number | null = null
  for (const step of steps) {
    if (step.at > now) break
    if (current !== undefined) {
      if (isPending(current.transStatus) && step.at > expiresAt) break
      if (!isPending(current.transStatus) && step.cause === 'scenario') continue
    }
    current = step
    if (step.transStatus === 2) paidAt = step.at
  }
  if (current === undefined) {
    return { transStatus: 9, errorCode: null, errorMessage: null, endedAt: null, paidAt: null }
  }
  if (isPending(current.transStatus)) {
    if (now >= expiresAt) {
      return {
        transStatus: 1,
        errorCode: 'ORDER_EXPIRED',
        errorMessage: transErrors.ORDER_EXPIRED,
        endedAt: expiresAt,
        paidAt: null
      }
    }
    return {
      transStatus: current.transStatus,
      errorCode: null,
      errorMessage: null,
      endedAt: null,
      paidAt: null
    }
  }
  return {
    transStatus: current.transStatus,
    errorCode: current.errorCode,
    errorMessage: current.errorMessage,
    endedAt: current.at,
    paidAt
  }
}
