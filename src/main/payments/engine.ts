import type { Money } from '../../shared/money'
import type {
  AttemptStatus,
  AttemptView,
  Reason,
  RefundStatus,
  RefundView,
  SaleLine,
  SaleStatus,
  SaleView
} from '../../shared/order'
import { fail, ok, type Result } from '../../shared/contract/result'
import { findPayMethod } from '../../shared/methods'
import { codeMeanings, outcomeUnknown } from '../gateway/rules'
import {
  transErrorMeaningNames,
  UnpayableAmountError,
  type TransErrorMeanings
} from '../gateway/types'
import type {
  Gateway,
  GatewayError,
  GatewayMethod,
  GatewayResult,
  PreparedCall,
  OrderQueryReply,
  TransStatus
} from '../gateway/types'
import {
  JournalUnavailableError,
  RefundRefusedError,
  type CancelCause,
  type Journal
} from '../journal'
import { createLogger } from '../log'
import type { Clock } from './clock'
import { newMerchantOrderNo } from './merchant-order-no'
import { reasonForUnclear, reasons, sameReason } from './reasons'
import { withoutAuthCode, withoutEchoedCode } from './scrub'

const log = createLogger('payments')

/** Every number of the payment flow, with the defaults of API.md §10. */
export interface PaymentSettings {
  /** Between two `order.query` calls while the outcome is open (§5.2, §5.1: 5 s). */
  readonly pollIntervalMs: number
  /** CPM: how long after an attempt is created the till polls before closing it (§5.2: 60 s). */
  readonly pollWindowMs: number
  /** MPM: how long the QR stays up before the till closes the order (§5.1, §10 MPM: 60 s). */
  readonly mpmWindowMs: number
  /** After the window and the close, the background reconciler asks at this slower pace. */
  readonly reconcileIntervalMs: number
  /** CPM `expires` sent with an order, in seconds (§5.1; JP test: 60). */
  readonly orderExpiresSeconds: number
  /** MPM `expires`, in seconds: the QR stops working then even if the till is gone. */
  readonly mpmExpiresSeconds: number
  /** After a submit with an unknown outcome, wait this long before the first query (§5.2: 5 s). */
  readonly unclearQueryDelayMs: number
  /** `order.revoker` is never sent earlier than this after the order was created (§5.3: 15 s). */
  readonly minCancelDelayMs: number
  /** How many `order.revoker` calls before the attempt needs attention (§5.3: "cancel again"). */
  readonly cancelTries: number
  /** Between two cancel tries (pos-anchors §3.1: Alipay F2F 2 s; WeChat 5 s). */
  readonly cancelRetryIntervalMs: number
  /** Between two `order.refund.query` calls while a refund is open (§10 Refund: 5 s). */
  readonly refundPollIntervalMs: number
  /** How long a refund is polled at that pace before it needs attention (§10 Refund: 60 s). */
  readonly refundPollWindowMs: number
  /** How many times one refund number is submitted when the gateway has never seen it (§6.4). */
  readonly refundSubmitTries: number
  /** The reason of the refund made when a cancelled order was paid and cannot be reversed. */
  readonly autoRefundReason: string
  /** `description` sent with an order. */
  readonly orderDescription: string
}

export const defaultPaymentSettings: PaymentSettings = {
  pollIntervalMs: 5_000,
  pollWindowMs: 60_000,
  mpmWindowMs: 60_000,
  reconcileIntervalMs: 60_000,
  orderExpiresSeconds: 60,
  mpmExpiresSeconds: 90,
  unclearQueryDelayMs: 5_000,
  minCancelDelayMs: 15_000,
  cancelTries: 3,
  cancelRetryIntervalMs: 3_000,
  refundPollIntervalMs: 5_000,
  refundPollWindowMs: 60_000,
  refundSubmitTries: 3,
  autoRefundReason: 'paid after the cashier cancelled',
  orderDescription: 'QR Till sale'
}

export interface PaymentEngineDeps {
  readonly journal: Journal
  readonly gateway: Gateway
  readonly clock: Clock
  readonly settings?: Partial<PaymentSettings>
  /**
   * The `notify_url` for each order (API.md §7), or null to send none. Read at every submit: the
   * notification receiver starts after the engine (it needs `checkNow`), and one that could not
   * start must not be advertised.
   */
  readonly notifyUrl?: () => string | null
  /**
   * What a closed order's `trans_error_code` means (gateway `transErrorMeanings`); PayCloud's
   * codes are unknown, so none by default: a status-1 order the till sent a cancel for is then
   * read as closed by it, and any other as declined.
   */
  readonly transErrorMeanings?: TransErrorMeanings
}

export interface StartCpm {
  readonly saleId: number
  readonly authCode: string
  readonly payMethodId: string
}

export interface StartMpm {
  readonly saleId: number
  readonly payMethodId: string
}

export interface CreateRefund {
  readonly saleId: number
  readonly amount: Money
  readonly reason: string
}

export type CheckedOrder =
  | { readonly kind: 'attempt'; readonly attempt: AttemptView }
  | { readonly kind: 'refund'; readonly refund: RefundView }

export interface PaymentEngine {
  openSale(amount: Money, lines?: readonly SaleLine[]): Result<SaleView>
  abandonSale(saleId: number): Result<SaleView>
  getSale(saleId: number): Result<SaleView>
  /** Resolves once the gateway has answered the submit (or failed to). */
  startCpm(request: StartCpm): Promise<Result<AttemptView>>
  /** Resolves once the QR content is journaled and published (or the gateway refused). */
  startMpm(request: StartMpm): Promise<Result<AttemptView>>
  /**
   * Closes the attempt in flight on the gateway (never before §5.3's 15 s; it waits). Resolves at
   * once with the sale in `cancelling`; the outcome follows through `onSaleChanged`.
   */
  cancel(saleId: number): Promise<Result<SaleView>>
  /** Resolves once the gateway has answered the refund submit (or failed to). */
  createRefund(request: CreateRefund): Promise<Result<RefundView>>
  /** Picks up every attempt and refund that a previous run left without a final state. */
  resume(): void
  /**
   * Asks the gateway about an attempt or refund now instead of at its next poll: a notification
   * arrived. Never changes a state by itself; the query does.
   */
  checkNow(merchantOrderNo: string): 'scheduled' | 'final' | 'unknown'
  /** "Check now" for a person: queries at once and resolves with what the journal then says. */
  checkNowAndWait(merchantOrderNo: string): Promise<Result<CheckedOrder>>
  /** Called with the whole sale after every change. */
  onSaleChanged(listener: (sale: SaleView) => void): () => void
  /** Resolves once no step of the engine is running (tests on virtual time; shutdown). */
  idle(): Promise<void>
  /**
   * New payment numbers (settings:update): every later step uses them; a timer already running
   * keeps its wait. Absent numbers go back to their defaults.
   */
  updateSettings(next: Partial<PaymentSettings>): void
  stop(): void
}

/** Sale statuses in which a new attempt may start: a fresh sale, or one whose last try failed. */
const payableStatuses: readonly SaleStatus[] = ['open', 'declined']

const finalAttempt: readonly AttemptStatus[] = ['paid', 'declined', 'cancelled', 'reversed']
const finalRefund: readonly RefundStatus[] = ['refunded', 'failed']

/** What a query (or a submit) says about an order, once read. */
type Reading =
  | { readonly kind: 'paid'; readonly transNo: string | null; readonly gatewayStatus: number }
  | {
      readonly kind: 'final'
      readonly status: 'declined' | 'cancelled' | 'reversed'
      readonly reason: Reason
      readonly transNo: string | null
      readonly gatewayStatus: number
    }
  | { readonly kind: 'open'; readonly transStatus: TransStatus; readonly transNo: string | null }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'unclear'; readonly reason: Reason }
  | { readonly kind: 'mismatch' }

export function createPaymentEngine(deps: PaymentEngineDeps): PaymentEngine {
  const { journal, gateway, clock } = deps
  const settings: PaymentSettings = { ...defaultPaymentSettings, ...deps.settings }
  const transMeanings = codeMeanings(
    deps.transErrorMeanings,
    transErrorMeaningNames,
    'transErrorMeanings'
  )
  const listeners = new Set<(sale: SaleView) => void>()
  /** One timer per attempt (`a<id>`) and per refund (`r<id>`). */
  const timers = new Map<string, unknown>()
  /** Steps run one at a time per key; a request during a run makes it run once more. */
  const running = new Map<string, Promise<void>>()
  const again = new Set<string>()
  /** Attempts whose first request is in flight in this process (their status is `pending`). */
  const submitting = new Set<number>()
  /**
   * When an attempt's first request came back (answered, refused or timed out): the gateway made
   * the order no later than that, so a cancel waits 15 s from then, not from the attempt's
   * creation, when the request was slow on its way (§5.3). Lost on a restart; the attempt's
   * creation then stands, and a cancel refused as too early is tried again.
   */
  const firstCallBack = new Map<number, number>()
  /** Refund submits made by this process, per refund (bounded by `refundSubmitTries`). */
  const refundSubmits = new Map<number, number>()
  /**
   * Refunds whose submit is on its way: a query meanwhile may well find no such refund, and must
   * not send the same number a second time while the first is out.
   */
  const refundSending = new Set<number>()
  /** Every background step and automatic refund, so `idle()` can wait for them. */
  const inFlight = new Set<Promise<unknown>>()
  let stopped = false

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise)
    void promise.finally(() => inFlight.delete(promise)).catch(() => undefined)
    return promise
  }

  const windowSeconds = (ms: number): number => Math.round(ms / 1000)

  /** Sales changed inside `atomically`, published once the transaction is durable. */
  let batching = 0
  const toPublish = new Set<number>()

  /**
   * Several journal writes as one durable transaction. Listeners hear of the changes only after
   * the commit: no outcome is shown that is not journaled (DESIGN.md "Journal first").
   */
  function atomically<T>(run: () => T): T {
    batching += 1
    let result: T
    try {
      result = journal.atomically(run)
    } catch (error) {
      if (batching === 1) toPublish.clear()
      throw error
    } finally {
      batching -= 1
    }
    if (batching === 0) {
      const saleIds = [...toPublish]
      toPublish.clear()
      for (const saleId of saleIds) publish(saleId)
    }
    return result
  }

  function publish(saleId: number): void {
    if (stopped) return
    if (batching > 0) {
      toPublish.add(saleId)
      return
    }
    // Telling the screens is never part of the money's path: a read or a listener that fails
    // here is logged, and the payment, already journaled, goes on (a committed attempt whose
    // request was then never sent would wait for a restart).
    try {
      const sale = journal.getSale(saleId)
      if (sale === undefined) return
      for (const listener of listeners) {
        try {
          listener(sale)
        } catch (error) {
          log.error(`a listener failed on sale ${saleId}`, { error: String(error) })
        }
      }
    } catch (error) {
      log.error(`sale ${saleId} could not be read to publish`, { error: String(error) })
    }
  }

  function logEvent(
    kind: string,
    ids: { saleId: number; attemptId?: number; refundId?: number },
    detail: Readonly<Record<string, unknown>>
  ): void {
    journal.appendEvent({ at: clock.now(), kind, ...ids, detail })
  }

  function logReply<T extends { readonly raw: Readonly<Record<string, unknown>> }>(
    method: GatewayMethod,
    ids: { saleId: number; attemptId?: number; refundId?: number },
    reply: GatewayResult<T>
  ): void {
    const detail = reply.ok
      ? { method, ok: true, psn: reply.psn, data: reply.value.raw }
      : { method, ok: false, error: reply.error }
    // Whatever a gateway echoes of the customer's code is not kept (DESIGN.md: never stored).
    const last4 =
      ids.attemptId === undefined ? null : journal.getAttempt(ids.attemptId)?.authCodeLast4
    const attemptId = ids.attemptId
    logEvent(
      'gateway.reply',
      ids,
      last4 === null || last4 === undefined || attemptId === undefined
        ? detail
        : withoutEchoedCode(detail, last4, (candidate) =>
            journal.isAuthCodeOf(attemptId, candidate)
          )
    )
  }

  function saleStatusFor(attempt: AttemptView, status: AttemptStatus): SaleStatus {
    switch (status) {
      case 'paid':
        return 'paid'
      case 'declined':
        return 'declined'
      case 'needs-attention':
        return 'needs-attention'
      case 'cancelled':
      case 'reversed':
        // The cashier's own cancel leaves the sale open for another try; a close the till made
        // (window ran out) reads as a payment that did not go through.
        return journal.closeState(attempt.attemptId).cancelCause === 'cashier' ? 'open' : 'declined'
      case 'pending':
      case 'processing':
      case 'cancelling':
        return 'paying'
    }
  }

  /**
   * Journals an outcome; the sale's status follows the attempt's. A final state is never left:
   * whatever answer arrives later (a slow submit reply after a poll settled it) changes nothing.
   */
  function settle(
    attempt: AttemptView,
    status: AttemptStatus,
    details: {
      transNo?: string | null
      gatewayStatus?: number | null
      reason?: Reason | null
      qrContent?: string
      expiresAt?: number
      cancelRequestedAt?: number
      cancelCause?: CancelCause
      cancelTried?: boolean
    }
  ): AttemptView {
    const current = journal.getAttempt(attempt.attemptId) ?? attempt
    if (finalAttempt.includes(current.status)) return current
    const unchanged =
      current.status === status &&
      (details.reason === undefined || sameReason(details.reason, current.why)) &&
      details.qrContent === undefined &&
      details.cancelRequestedAt === undefined &&
      details.cancelTried !== true &&
      (details.transNo ?? current.transNo) === current.transNo
    if (unchanged) return current
    const updated = journal.updateAttempt(
      attempt.attemptId,
      {
        at: clock.now(),
        // No reason keeps the attempt's own; an explicit null clears the last "checking" words
        // from a paid attempt.
        ...details,
        status
      },
      saleStatusFor(current, status)
    )
    if (current.status !== status) {
      log.info(`attempt ${attempt.merchantOrderNo}: ${current.status} -> ${status}`)
    }
    if (finalAttempt.includes(status)) firstCallBack.delete(attempt.attemptId)
    publish(attempt.saleId)
    return updated
  }

  // ---- the per-order driver -----------------------------------------------------------------

  function schedule(key: string, delayMs: number): void {
    if (stopped) return
    const previous = timers.get(key)
    if (previous !== undefined) clock.clearTimeout(previous)
    timers.set(
      key,
      clock.setTimeout(
        () => {
          timers.delete(key)
          void run(key)
        },
        Math.max(0, delayMs)
      )
    )
  }

  function run(key: string): Promise<void> {
    const existing = running.get(key)
    if (existing !== undefined) {
      again.add(key)
      return existing
    }
    const id = Number(key.slice(1))
    const task = (async (): Promise<void> => {
      do {
        again.delete(key)
        if (stopped) return
        try {
          await (key.startsWith('a') ? stepAttempt(id) : stepRefund(id))
        } catch (error) {
          // The journal refused a write: try again later rather than lose track of the order.
          log.error(`checking ${key} failed`, { error: String(error) })
          schedule(key, settings.pollIntervalMs)
        }
      } while (again.has(key) && !stopped)
    })().finally(() => running.delete(key))
    running.set(key, task)
    return track(task)
  }

  // ---- payments -----------------------------------------------------------------------------

  async function queryOrder(attempt: AttemptView): Promise<GatewayResult<OrderQueryReply>> {
    const ids = { saleId: attempt.saleId, attemptId: attempt.attemptId }
    logEvent('gateway.request', ids, {
      method: 'order.query',
      merchantOrderNo: attempt.merchantOrderNo
    })
    const reply = await gateway.queryOrder({ merchantOrderNo: attempt.merchantOrderNo })
    if (!stopped) logReply('order.query', ids, reply)
    return reply
  }

  /** Reads `order.query` (API.md §6.1): only 2 is paid; 1 and 3 final; 0 and 9 open. */
  function read(attempt: AttemptView, reply: GatewayResult<OrderQueryReply>): Reading {
    if (!reply.ok) {
      const error = reply.error
      if (error.kind === 'rejected' && error.meaning === 'unknownNumber') {
        return { kind: 'not-found' }
      }
      return { kind: 'unclear', reason: reasonForUnclear(error) }
    }
    const value = reply.value
    // Never paid without our amount in our currency, as transmitted (DESIGN.md "Polling is the
    // truth"; the rules are in gateway/amount.ts). Another status marks nothing paid: odd
    // amount fields on a decline do not make it anything but a decline.
    if (value.transStatus === 2 && value.amountMismatch(attempt.amount) !== null) {
      return { kind: 'mismatch' }
    }
    return readStatus(
      attempt,
      value.transStatus,
      value.transNo,
      value.errorCode,
      value.errorMessage
    )
  }

  function readStatus(
    attempt: AttemptView,
    transStatus: TransStatus,
    transNo: string | null,
    errorCode: string | null,
    errorMessage: string | null
  ): Reading {
    const cause = journal.closeState(attempt.attemptId).cancelCause
    switch (transStatus) {
      case 2:
        return { kind: 'paid', transNo, gatewayStatus: 2 }
      case 0:
      case 9:
        return { kind: 'open', transStatus, transNo }
      case 1:
      case 3: {
        const base = { kind: 'final' as const, transNo, gatewayStatus: transStatus }
        // §6.1: 1 is closed (unpaid), 3 is "cancelled/reversed (paid order revoked, money
        // returned)", and §5.5 sends an error code only with 1. Which one a gateway uses for an
        // unpaid close, and its codes, are unknown (unknowns 3, 8): a code configured as
        // "cancelled" wins. With no codes configured, a closed order the till itself sent a
        // cancel for was closed by it, not declined by the wallet.
        const meaning = errorCode === null ? undefined : transMeanings.get(errorCode)
        if (meaning === 'cancelled') {
          return { ...base, status: 'cancelled', reason: reasons.cancelled(cause) }
        }
        if (transStatus === 3 || meaning === 'reversed') {
          return { ...base, status: 'reversed', reason: reasons.reversed() }
        }
        if (meaning === 'expired') {
          return { ...base, status: 'cancelled', reason: reasons.cancelled('timeout') }
        }
        if (transMeanings.size === 0 && journal.closeState(attempt.attemptId).cancelTries > 0) {
          return { ...base, status: 'cancelled', reason: reasons.cancelled(cause) }
        }
        return { ...base, status: 'declined', reason: reasons.declined(errorMessage) }
      }
    }
  }

  /** The moment the till stops waiting and closes the order (§10 CPM 5, MPM 3). */
  function windowEnd(attempt: AttemptView): number {
    if (attempt.mode === 'CPM') return attempt.createdAt + settings.pollWindowMs
    const end = attempt.createdAt + settings.mpmWindowMs
    return attempt.expiresAt === null ? end : Math.min(end, attempt.expiresAt)
  }

  /** Applies a final reading or a paid one; true when the attempt is settled by it. */
  function applyFinal(attempt: AttemptView, reading: Reading, paidReason: Reason | null): boolean {
    if (reading.kind === 'paid') {
      settle(attempt, 'paid', {
        transNo: reading.transNo,
        gatewayStatus: reading.gatewayStatus,
        reason: paidReason
      })
      return true
    }
    if (reading.kind === 'final') {
      settle(attempt, reading.status, {
        transNo: reading.transNo,
        gatewayStatus: reading.gatewayStatus,
        reason: reading.reason
      })
      return true
    }
    if (reading.kind === 'mismatch') {
      settle(attempt, 'needs-attention', {
        reason: reasons.amountMismatch(attempt.merchantOrderNo)
      })
      return true
    }
    return false
  }

  function beginClose(attempt: AttemptView, cause: CancelCause, reason?: Reason): AttemptView {
    return settle(attempt, 'cancelling', {
      cancelRequestedAt: clock.now(),
      cancelCause: cause,
      reason: reason ?? reasons.closing(cause, windowSeconds(settings.pollWindowMs))
    })
  }

  async function stepAttempt(attemptId: number): Promise<void> {
    const attempt = journal.getAttempt(attemptId)
    if (attempt === undefined || finalAttempt.includes(attempt.status)) return
    if (attempt.status === 'cancelling') return closeStep(attempt)
    if (attempt.mode === 'MPM' && attempt.qrContent === null && !submitting.has(attemptId)) {
      // A QR request whose reply never got journaled (a crash, or a lost reply): nobody saw
      // the code, but the order may exist, so close it before anything else (§10 MPM 3).
      return closeStep(beginClose(attempt, 'unclear'))
    }
    const reply = await queryOrder(attempt)
    if (stopped) return
    const current = journal.getAttempt(attemptId)
    if (current === undefined || finalAttempt.includes(current.status)) return
    if (current.status === 'cancelling') return closeStep(current)
    const reading = read(current, reply)
    const cause = journal.closeState(attemptId).cancelCause
    if (reading.kind === 'paid' && cause === 'cashier') {
      // The reconciler found that an order the cashier cancelled was paid after all: the money
      // goes back (§5.3: refund where a cancel cannot reverse); never silently kept.
      paidDespiteCancel(current, reading)
      return
    }
    if (applyFinal(current, reading, null)) return
    if (current.status === 'needs-attention') {
      if (reading.kind === 'not-found' && !submitting.has(attemptId)) {
        // The gateway has no such order now that it answers (§10 CPM 4): close it to be safe
        // (cancel, then query), which ends in "never arrived" and frees the sale.
        return closeStep(
          settle(current, 'cancelling', {
            cancelRequestedAt: clock.now(),
            cancelCause: cause ?? 'unclear',
            reason: reasons.closing(cause ?? 'unclear', windowSeconds(settings.pollWindowMs))
          }),
          { beyondTries: true }
        )
      }
      schedule(`a${attemptId}`, settings.reconcileIntervalMs)
      return
    }
    if (clock.now() < windowEnd(current)) {
      const reason =
        reading.kind === 'unclear'
          ? reading.reason
          : current.mode === 'MPM' && reading.kind === 'open' && reading.transStatus === 9
            ? reasons.showingQr()
            : reasons.confirming()
      settle(current, 'processing', { reason })
      schedule(`a${attemptId}`, settings.pollIntervalMs)
      return
    }
    // §10: still open after the window: close the order (the customer must not pay later).
    return closeStep(beginClose(current, 'timeout'))
  }

  /**
   * Closes an order (API.md §5.3): not before 15 s after creation; query, cancel, query again;
   * a bounded number of tries; a payment that lands meanwhile is honoured (the till's own close)
   * or reversed / refunded (the cashier's cancel).
   */
  async function closeStep(
    attempt: AttemptView,
    options: { beyondTries?: boolean } = {}
  ): Promise<void> {
    const key = `a${attempt.attemptId}`
    const state = journal.closeState(attempt.attemptId)
    const cause: CancelCause = state.cancelCause ?? 'timeout'
    const earliest =
      Math.max(attempt.createdAt, firstCallBack.get(attempt.attemptId) ?? 0) +
      settings.minCancelDelayMs
    if (clock.now() < earliest) {
      // The display says "closing" meanwhile: the QR is down, the order is not closed yet.
      schedule(key, earliest - clock.now())
      return
    }
    if (submitting.has(attempt.attemptId)) {
      // The first request is still on its way: a cancel or a query now could meet no order and
      // conclude "never arrived" just before the request creates it and the customer pays. The
      // close goes on when its answer (or the client's timeout) comes back (startCpm, startMpm).
      return
    }
    // `beyondTries`: one more close of an order the gateway says it does not have (see stepAttempt).
    if (state.cancelTries >= settings.cancelTries && options.beyondTries !== true) {
      settle(attempt, 'needs-attention', {
        reason: reasons.closeFailed(state.cancelTries)
      })
      schedule(key, settings.reconcileIntervalMs)
      return
    }

    // The cancel must follow the last query immediately (pos-anchors §3.1): query first.
    const before = read(attempt, await queryOrder(attempt))
    if (stopped) return
    let current = journal.getAttempt(attempt.attemptId)
    if (current === undefined || finalAttempt.includes(current.status)) return
    if (before.kind === 'final' || before.kind === 'mismatch') {
      applyFinal(current, before, null)
      return
    }
    if (before.kind === 'paid' && cause !== 'cashier') {
      applyFinal(current, before, reasons.paidLate())
      return
    }
    if (before.kind === 'paid' && !reversesPaid(current)) {
      // §5.3: a cancel cannot give this wallet's payment back; the cashier wanted it cancelled.
      paidDespiteCancel(current, before)
      return
    }

    const ids = { saleId: current.saleId, attemptId: current.attemptId }
    logEvent('gateway.request', ids, {
      method: 'order.revoker',
      merchantOrderNo: current.merchantOrderNo,
      try: state.cancelTries + 1
    })
    current = settle(current, 'cancelling', { cancelTried: true })
    const revoked = await gateway.cancelOrder({ merchantOrderNo: current.merchantOrderNo })
    if (stopped) return
    logReply('order.revoker', ids, revoked)
    const refusal = !revoked.ok && revoked.error.kind === 'rejected' ? revoked.error.meaning : null
    if (refusal === 'cancelTooEarly') {
      schedule(key, settings.cancelRetryIntervalMs)
      return
    }

    const after = read(current, await queryOrder(current))
    if (stopped) return
    current = journal.getAttempt(attempt.attemptId)
    if (current === undefined || finalAttempt.includes(current.status)) return
    if (after.kind === 'paid') {
      if (cause !== 'cashier') {
        applyFinal(current, after, reasons.paidLate())
        return
      }
      if (refusal === 'cannotCancel' || !reversesPaid(current)) {
        // §5.3: the gateway says this order can no longer be cancelled, or this wallet cannot
        // reverse a paid order (whatever the cancel's answer); the cashier wanted it cancelled,
        // so the money goes back as a refund.
        paidDespiteCancel(current, after)
        return
      }
      // A wallet that reverses paid orders: the reversal may still be on its way; ask again.
      schedule(key, settings.cancelRetryIntervalMs)
      return
    }
    if (applyFinal(current, after, null)) return
    if (after.kind === 'not-found') {
      // Cancelled to be safe and still unknown at the gateway: the request never arrived (§10 4).
      settle(current, 'cancelled', { reason: reasons.neverArrived() })
      return
    }
    settle(current, 'cancelling', {
      reason:
        after.kind === 'unclear'
          ? after.reason
          : reasons.closing(cause, windowSeconds(settings.pollWindowMs))
    })
    schedule(key, settings.cancelRetryIntervalMs)
  }

  /**
   * Whether a cancel can give a paid order's money back (§5.3: "Cancellation" is listed only for
   * some wallets). A method the catalog does not know is given the benefit of the doubt: the
   * close cancels again, and the reconciler refunds if it stays paid.
   */
  function reversesPaid(attempt: AttemptView): boolean {
    return findPayMethod(attempt.payMethodId)?.reversesPaid.includes(attempt.mode) ?? true
  }

  /**
   * A payment the cashier had cancelled landed and cannot be reversed (§5.3): the attempt is
   * paid and, in the same transaction, a refund of what is left is journaled, so a crash between
   * the two cannot keep the money (resume() sends a journaled refund). Then it is submitted.
   */
  function paidDespiteCancel(attempt: AttemptView, reading: Reading): void {
    const refund = atomically(() => {
      applyFinal(attempt, reading, reasons.paidDespiteCancel())
      const sale = journal.getSale(attempt.saleId)
      if (sale === undefined) return undefined
      const left = sale.paidMinor - sale.refundedMinor
      if (left <= 0) return undefined
      return journal.createRefund({
        saleId: sale.saleId,
        merchantOrderNo: newMerchantOrderNo(clock.now()),
        amountMinor: left,
        currency: attempt.amount.currency,
        reason: settings.autoRefundReason,
        at: clock.now()
      })
    })
    if (refund === undefined) return
    log.warn(`refunding ${attempt.merchantOrderNo}: paid after the cashier cancelled`)
    void track(
      submitRefund(refund).catch((error: unknown) => {
        log.error(`automatic refund ${refund.merchantOrderNo} not sent`, { error: String(error) })
        schedule(`r${refund.refundId}`, settings.refundPollIntervalMs)
      })
    )
  }

  function checkSale(saleId: number): Result<SaleView> {
    const sale = journal.getSale(saleId)
    if (sale === undefined) return fail('NOT_FOUND', `There is no sale ${saleId}.`)
    if (!payableStatuses.includes(sale.status))
      return fail('CONFLICT', conflictMessage(sale.status))
    return ok(sale)
  }

  /**
   * Journal first: the attempt and its request event are durable, in one transaction, before
   * anything leaves the machine. The gateway call is prepared before the write (built, its
   * signature started on the thread pool), so the signature is made while the journal commits;
   * the caller sends it only after the commit, and a write that fails abandons it unsent. Then the
   * screens hear of the attempt.
   */
  function journalNewAttempt<Reply>(
    saleId: number,
    attempt: { mode: 'CPM' | 'MPM'; payMethodId: string; authCode: string | null },
    method: 'bscanc.pay.submit' | 'cscanb.pay.getqrcode',
    detail: Readonly<Record<string, unknown>>,
    prepare: (order: { merchantOrderNo: string; amount: Money }) => PreparedCall<Reply>
  ): Result<{ attempt: AttemptView; call: PreparedCall<Reply> }> {
    const checked = checkSale(saleId)
    if (!checked.ok) return checked
    const merchantOrderNo = newMerchantOrderNo(clock.now())
    let call: PreparedCall<Reply>
    try {
      call = prepare({ merchantOrderNo, amount: checked.value.amount })
    } catch (error) {
      if (error instanceof UnpayableAmountError) return unpayable(error)
      throw error
    }
    let created: AttemptView
    try {
      created = atomically(() => {
        const row = journal.createAttempt({
          saleId,
          mode: attempt.mode,
          merchantOrderNo,
          payMethodId: attempt.payMethodId,
          authCode: attempt.authCode,
          at: clock.now()
        })
        logEvent(
          'gateway.request',
          { saleId, attemptId: row.attemptId },
          {
            method,
            merchantOrderNo: row.merchantOrderNo,
            payMethodId: row.payMethodId,
            amountMinor: row.amount.minor,
            currency: row.amount.currency,
            ...detail
          }
        )
        return row
      })
    } catch (error) {
      call.abandon()
      return journalFailure(error)
    }
    publish(saleId)
    return ok({ attempt: created, call })
  }

  /**
   * The gateway cannot take this sale's amount (above its maximum per payment, or a currency it is
   * not set up for): nothing was journaled or sent, and the sale stays open for another tender.
   */
  function unpayable(error: UnpayableAmountError): Result<never> {
    log.warn(`not sent: ${error.message}`)
    const message = `PayCloud cannot take this payment: ${error.message}`
    const { problem } = error
    return problem.kind === 'above-max'
      ? fail('INVALID_ARGUMENT', message, { key: 'amount-above-gateway-max', max: problem.max })
      : fail('INVALID_ARGUMENT', message, {
          key: 'currency-not-enabled',
          currency: problem.currency
        })
  }

  async function startCpm(request: StartCpm): Promise<Result<AttemptView>> {
    const notifyUrl = deps.notifyUrl?.() ?? null
    const journaled = journalNewAttempt(
      request.saleId,
      { mode: 'CPM', payMethodId: request.payMethodId, authCode: request.authCode },
      'bscanc.pay.submit',
      { authCodeLast4: request.authCode.slice(-4) },
      (order) =>
        gateway.prepare.submitCpm({
          merchantOrderNo: order.merchantOrderNo,
          authCode: request.authCode,
          payMethodId: request.payMethodId,
          amount: order.amount,
          description: settings.orderDescription,
          expiresSeconds: settings.orderExpiresSeconds,
          ...(notifyUrl === null ? {} : { notifyUrl })
        })
    )
    if (!journaled.ok) return journaled
    const { attempt, call } = journaled.value

    submitting.add(attempt.attemptId)
    const sent = await call.send().finally(() => {
      submitting.delete(attempt.attemptId)
      firstCallBack.set(attempt.attemptId, clock.now())
    })
    // Whatever the gateway echoes of the customer's code stays out of the journal and reasons.
    const reply = withoutAuthCode(sent, request.authCode)
    const key = `a${attempt.attemptId}`

    try {
      if (stopped) return ok(attempt)
      const ids = { saleId: attempt.saleId, attemptId: attempt.attemptId }
      const current = journal.getAttempt(attempt.attemptId) ?? attempt
      const open = !finalAttempt.includes(current.status) && current.status !== 'cancelling'
      if (open && reply.ok) {
        const said = readStatus(
          current,
          reply.value.transStatus,
          reply.value.transNo,
          stringField(reply.value.raw, 'trans_error_code'),
          stringField(reply.value.raw, 'trans_error_msg')
        )
        // A paid submit counts only with our amount (DESIGN.md "Polling is the truth"): another
        // one needs attention; none stated at all is confirmed by a query, which must state it.
        const unstated = said.kind === 'paid' && reply.value.stated.amount === null
        const reading: Reading =
          said.kind === 'paid' && !unstated && reply.value.amountMismatch(current.amount) !== null
            ? { kind: 'mismatch' }
            : said
        const wordless =
          reading.kind === 'final' && stringField(reply.value.raw, 'trans_error_msg') === null
        if (unstated || wordless) {
          // The submit reply lacks the amount or the reason; the query has them (§10 CPM 2).
          logReply('bscanc.pay.submit', ids, reply)
          const queried = read(current, await queryOrder(current))
          if (stopped) return ok(current)
          // The query is the later and fuller word: a payment it finds (or an amount that is not
          // ours) wins over the submit's "closed"; anything unclear keeps the submit's answer,
          // and a payment not yet confirmed is polled like any other.
          const settled =
            queried.kind === 'final' || queried.kind === 'paid' || queried.kind === 'mismatch'
          if (settled || reading.kind === 'final') {
            applyFinal(current, settled ? queried : reading, null)
          } else {
            settle(current, 'processing', {
              transNo: reply.value.transNo,
              gatewayStatus: reply.value.transStatus,
              reason: reasons.confirming()
            })
            schedule(key, settings.pollIntervalMs)
          }
          return ok(journal.getAttempt(attempt.attemptId) ?? current)
        }
        // The reply and the outcome in one durable write (the hot path: one fsync).
        return ok(
          atomically(() => {
            logReply('bscanc.pay.submit', ids, reply)
            if (applyFinal(current, reading, null)) {
              return journal.getAttempt(attempt.attemptId) ?? current
            }
            const settled = settle(current, 'processing', {
              transNo: reply.value.transNo,
              gatewayStatus: reply.value.transStatus,
              reason: reasons.confirming()
            })
            schedule(key, settings.pollIntervalMs)
            return settled
          })
        )
      }
      logReply('bscanc.pay.submit', ids, reply)
      if (!open) {
        // Settled meanwhile (a check), or the cashier cancelled while the submit was out:
        // finish the close.
        if (current.status === 'cancelling') void run(key)
        return ok(current)
      }
      if (reply.ok) return ok(current)
      if (!outcomeUnknown('bscanc.pay.submit', reply.error)) {
        // A signed refusal (an unknown wallet, a bad field): nothing happened at the gateway.
        const message = reply.error.kind === 'rejected' ? reply.error.message : 'refused'
        return ok(settle(current, 'declined', { reason: reasons.declined(message) }))
      }
      // Anything but a clear answer means the outcome is unknown: wait, then query (§5.2, §10 4).
      // The same attempt keeps its merchant_order_no; nothing is resubmitted.
      const settled = settle(current, 'processing', { reason: reasonForUnclear(reply.error) })
      schedule(key, settings.unclearQueryDelayMs)
      return ok(settled)
    } catch (error) {
      // The gateway answered but the journal could not record it: the reconciler finds out again.
      schedule(key, settings.pollIntervalMs)
      return sentNotSaved(error)
    }
  }

  async function startMpm(request: StartMpm): Promise<Result<AttemptView>> {
    const notifyUrl = deps.notifyUrl?.() ?? null
    const sentAt = clock.now()
    const journaled = journalNewAttempt(
      request.saleId,
      { mode: 'MPM', payMethodId: request.payMethodId, authCode: null },
      'cscanb.pay.getqrcode',
      { expiresSeconds: settings.mpmExpiresSeconds },
      (order) =>
        gateway.prepare.getQrCode({
          merchantOrderNo: order.merchantOrderNo,
          payMethodId: request.payMethodId,
          amount: order.amount,
          description: settings.orderDescription,
          expiresSeconds: settings.mpmExpiresSeconds,
          ...(notifyUrl === null ? {} : { notifyUrl })
        })
    )
    if (!journaled.ok) return journaled
    const { attempt, call } = journaled.value

    submitting.add(attempt.attemptId)
    const reply = await call.send().finally(() => {
      submitting.delete(attempt.attemptId)
      firstCallBack.set(attempt.attemptId, clock.now())
    })
    const key = `a${attempt.attemptId}`

    try {
      if (stopped) return ok(attempt)
      const ids = { saleId: attempt.saleId, attemptId: attempt.attemptId }
      const current = journal.getAttempt(attempt.attemptId) ?? attempt
      if (reply.ok && !finalAttempt.includes(current.status)) {
        // The reply and the QR in one durable write, before anyone sees the QR; listeners hear
        // of it after the commit (display: show-qr).
        const shown = atomically(() => {
          logReply('cscanb.pay.getqrcode', ids, reply)
          return settle(current, current.status === 'cancelling' ? 'cancelling' : 'processing', {
            transNo: reply.value.transNo,
            qrContent: reply.value.qrcodeUrl,
            // The QR is good until the gateway's `expires` or the till's close at the end of its
            // window, whichever comes first: that is the countdown the customer sees.
            expiresAt: Math.min(
              sentAt + settings.mpmExpiresSeconds * 1000,
              current.createdAt + settings.mpmWindowMs
            ),
            ...(current.status === 'cancelling' ? {} : { reason: reasons.showingQr() })
          })
        })
        if (shown.status === 'cancelling') void run(key)
        else schedule(key, settings.pollIntervalMs)
        return ok(shown)
      }
      logReply('cscanb.pay.getqrcode', ids, reply)
      if (reply.ok || finalAttempt.includes(current.status)) return ok(current)
      if (!outcomeUnknown('cscanb.pay.getqrcode', reply.error)) {
        const message = reply.error.kind === 'rejected' ? reply.error.message : 'refused'
        return ok(settle(current, 'declined', { reason: reasons.declined(message) }))
      }
      // No QR, but the order may exist and could be paid (§10 MPM 3): close it; a payment found
      // meanwhile is honoured (rules.ts `moneyMovingMethods`).
      const closing =
        current.status === 'cancelling'
          ? current
          : beginClose(current, 'unclear', reasonForUnclear(reply.error))
      void run(key)
      return ok(closing)
    } catch (error) {
      schedule(key, settings.pollIntervalMs)
      return journalFailure(error)
    }
  }

  async function cancel(saleId: number): Promise<Result<SaleView>> {
    const sale = journal.getSale(saleId)
    if (sale === undefined) return fail('NOT_FOUND', `There is no sale ${saleId}.`)
    const inFlight = [...sale.attempts]
      .reverse()
      .find((a) => a.status === 'pending' || a.status === 'processing' || a.status === 'cancelling')
    if (inFlight === undefined) {
      if (sale.status === 'needs-attention') {
        return fail(
          'CONFLICT',
          'The gateway has not confirmed this payment yet; use "Check now" before anything else.'
        )
      }
      if (sale.status === 'paid') {
        return fail('CONFLICT', 'This sale is paid: refund it instead of cancelling.')
      }
      return ok(sale)
    }
    if (inFlight.status !== 'cancelling') {
      try {
        beginClose(inFlight, 'cashier')
      } catch (error) {
        return journalFailure(error)
      }
    }
    void run(`a${inFlight.attemptId}`)
    return ok(journal.getSale(saleId) ?? sale)
  }

  // ---- refunds ------------------------------------------------------------------------------

  function settleRefund(
    refund: RefundView,
    status: RefundStatus,
    details: { transNo?: string | null; failure?: Reason | null }
  ): RefundView {
    const current = journal.getRefund(refund.refundId) ?? refund
    if (finalRefund.includes(current.status)) return current
    if (
      current.status === status &&
      sameReason(details.failure ?? null, current.failureWhy) &&
      (details.transNo ?? current.transNo) === current.transNo
    ) {
      return current
    }
    const updated = journal.updateRefund(refund.refundId, { at: clock.now(), status, ...details })
    if (current.status !== status) {
      log.info(`refund ${refund.merchantOrderNo}: ${current.status} -> ${status}`)
    }
    publish(refund.saleId)
    return updated
  }

  async function submitRefund(refund: RefundView): Promise<RefundView> {
    const attempt = journal.getAttempt(refund.attemptId)
    if (attempt === undefined) throw new Error(`refund ${refund.refundId} has no attempt`)
    const ids = { saleId: refund.saleId, attemptId: refund.attemptId, refundId: refund.refundId }
    const tries = (refundSubmits.get(refund.refundId) ?? 0) + 1
    refundSubmits.set(refund.refundId, tries)
    logEvent('gateway.request', ids, {
      method: 'order.refund.submit',
      merchantOrderNo: refund.merchantOrderNo,
      origMerchantOrderNo: attempt.merchantOrderNo,
      amountMinor: refund.amount.minor,
      currency: refund.amount.currency,
      try: tries
    })
    const notifyUrl = deps.notifyUrl?.() ?? null
    let reply: Awaited<ReturnType<Gateway['submitRefund']>>
    refundSending.add(refund.refundId)
    try {
      reply = await gateway.submitRefund({
        origMerchantOrderNo: attempt.merchantOrderNo,
        merchantOrderNo: refund.merchantOrderNo,
        amount: refund.amount,
        reason: refund.reason,
        ...(notifyUrl === null ? {} : { notifyUrl })
      })
    } catch (error) {
      if (!(error instanceof UnpayableAmountError)) throw error
      // The client will not build it (an amount above its ceiling per call): nothing was sent,
      // nothing moved. The refund fails in words, and its amount is free again.
      log.warn(`refund ${refund.merchantOrderNo} not sent: ${error.message}`)
      return settleRefund(refund, 'failed', {
        failure: reasons.refundFailed(`not sent: ${error.message}`)
      })
    } finally {
      refundSending.delete(refund.refundId)
    }
    if (stopped) return refund
    logReply('order.refund.submit', ids, reply)
    const key = `r${refund.refundId}`
    if (reply.ok) {
      const updated = settleRefund(refund, 'processing', { transNo: reply.value.transNo })
      schedule(key, settings.refundPollIntervalMs)
      return updated
    }
    const error = reply.error
    if (error.kind === 'rejected' && error.meaning === 'refundNumberUsed') {
      // Our own earlier submit of this number got through (§6.4): read its state.
      schedule(key, 0)
      return journal.getRefund(refund.refundId) ?? refund
    }
    if (!outcomeUnknown('order.refund.submit', error)) {
      const message = error.kind === 'rejected' ? error.message : null
      return settleRefund(refund, 'failed', { failure: reasons.refundRefused(message) })
    }
    // Unknown: query the refund by its number; resubmitting that number is the safe retry (§6.4).
    schedule(key, settings.unclearQueryDelayMs)
    return journal.getRefund(refund.refundId) ?? refund
  }

  /**
   * A refund whose submit never left: every submit is logged before it is sent (journal first),
   * so one with no logged submit, no `trans_no` and none on its way was never sent.
   */
  function neverSent(refund: RefundView): boolean {
    if (refund.transNo !== null || refundSending.has(refund.refundId)) return false
    return !journal
      .events({ refundId: refund.refundId })
      .some(
        (event) =>
          event.kind === 'gateway.request' && event.detail['method'] === 'order.refund.submit'
      )
  }

  async function stepRefund(refundId: number): Promise<void> {
    const refund = journal.getRefund(refundId)
    if (refund === undefined || finalRefund.includes(refund.status)) return
    if (neverSent(refund)) {
      // Journaled, and its submit never left (a crash, or a full disk, before its request was
      // logged): sending it now is its first send, whatever the gateway's codes mean.
      await submitRefund(refund)
      return
    }
    const key = `r${refundId}`
    const ids = { saleId: refund.saleId, attemptId: refund.attemptId, refundId }
    logEvent('gateway.request', ids, {
      method: 'order.refund.query',
      merchantOrderNo: refund.merchantOrderNo
    })
    const reply = await gateway.queryRefund({ merchantOrderNo: refund.merchantOrderNo })
    if (stopped) return
    logReply('order.refund.query', ids, reply)
    const current = journal.getRefund(refundId)
    if (current === undefined || finalRefund.includes(current.status)) return
    let unclear: GatewayError | null = null
    if (reply.ok) {
      const value = reply.value
      // Refunded only with the refund's amount in its currency (gateway/amount.ts); a refund
      // still running or failed has returned nothing, whatever amount it states.
      if (value.transStatus === 2 && value.amountMismatch(current.amount) !== null) {
        settleRefund(current, 'needs-attention', {
          failure: reasons.refundAmountMismatch(current.merchantOrderNo)
        })
        schedule(key, settings.reconcileIntervalMs)
        return
      }
      if (value.transStatus === 2) {
        settleRefund(current, 'refunded', { transNo: value.transNo, failure: null })
        return
      }
      if (value.transStatus === 1 || value.transStatus === 3) {
        settleRefund(current, 'failed', {
          transNo: value.transNo,
          failure: reasons.refundFailed(value.errorMessage ?? value.errorCode)
        })
        return
      }
    } else if (reply.error.kind === 'rejected' && reply.error.meaning === 'unknownNumber') {
      // The submit never arrived: send the same number again (§6.4; a copy that did arrive is
      // refused as a duplicate). Within the window a few times; once the refund needs attention
      // (the gateway was down), at the reconciler's pace for as long as the gateway lacks it, so
      // a refund made during an outage is sent when the gateway is back, not left blocking the
      // amount. A refund the gateway has acknowledged (a trans_no) is never sent again.
      const unsent =
        current.transNo === null &&
        !refundSending.has(refundId) &&
        (current.status === 'needs-attention' ||
          (current.status === 'pending' &&
            (refundSubmits.get(refundId) ?? 0) < settings.refundSubmitTries))
      if (unsent) {
        await submitRefund(current)
        return
      }
    } else {
      unclear = reply.error
    }
    if (current.status === 'needs-attention') {
      schedule(key, settings.reconcileIntervalMs)
      return
    }
    if (clock.now() - current.createdAt < settings.refundPollWindowMs) {
      if (reply.ok && current.status === 'pending') settleRefund(current, 'processing', {})
      schedule(key, settings.refundPollIntervalMs)
      return
    }
    settleRefund(current, 'needs-attention', {
      failure:
        unclear !== null && (unclear.kind === 'network' || unclear.kind === 'timeout')
          ? reasons.refundUnreachable()
          : reasons.refundUnconfirmed(windowSeconds(settings.refundPollWindowMs))
    })
    schedule(key, settings.reconcileIntervalMs)
  }

  async function createRefund(request: CreateRefund): Promise<Result<RefundView>> {
    const sale = journal.getSale(request.saleId)
    if (sale === undefined) return fail('NOT_FOUND', `There is no sale ${request.saleId}.`)
    if (sale.status !== 'paid') return fail('CONFLICT', 'Only a paid sale can be refunded.')
    let refund: RefundView
    try {
      // Journal first, with the check of what is left to refund in the same transaction.
      refund = journal.createRefund({
        saleId: sale.saleId,
        merchantOrderNo: newMerchantOrderNo(clock.now()),
        amountMinor: request.amount.minor,
        currency: request.amount.currency,
        reason: request.reason,
        at: clock.now()
      })
    } catch (error) {
      if (error instanceof RefundRefusedError) return fail('CONFLICT', error.message)
      return journalFailure(error)
    }
    publish(sale.saleId)
    try {
      return ok(await submitRefund(refund))
    } catch (error) {
      schedule(`r${refund.refundId}`, settings.refundPollIntervalMs)
      return refundNotSaved(error)
    }
  }

  // ---- check now ----------------------------------------------------------------------------

  function find(merchantOrderNo: string): { key: string; final: boolean } | undefined {
    const attempt = journal.attemptByMerchantOrderNo(merchantOrderNo)
    if (attempt !== undefined) {
      return { key: `a${attempt.attemptId}`, final: finalAttempt.includes(attempt.status) }
    }
    const refund = journal.refundByMerchantOrderNo(merchantOrderNo)
    if (refund !== undefined) {
      return { key: `r${refund.refundId}`, final: finalRefund.includes(refund.status) }
    }
    return undefined
  }

  return {
    openSale(amount, lines) {
      try {
        const sale = journal.createSale(amount.minor, amount.currency, clock.now(), lines)
        publish(sale.saleId)
        return ok(sale)
      } catch (error) {
        return journalFailure(error)
      }
    },
    abandonSale(saleId) {
      const sale = journal.getSale(saleId)
      if (sale === undefined) return fail('NOT_FOUND', `There is no sale ${saleId}.`)
      if (sale.status === 'abandoned') return ok(sale)
      if (!payableStatuses.includes(sale.status))
        return fail('CONFLICT', conflictMessage(sale.status))
      try {
        journal.setSaleStatus(saleId, 'abandoned', clock.now())
      } catch (error) {
        return journalFailure(error)
      }
      publish(saleId)
      return ok(journal.getSale(saleId) as SaleView)
    },
    getSale(saleId) {
      const sale = journal.getSale(saleId)
      return sale === undefined ? fail('NOT_FOUND', `There is no sale ${saleId}.`) : ok(sale)
    },
    startCpm,
    startMpm,
    cancel,
    createRefund,
    resume() {
      for (const attempt of journal.unfinishedAttempts()) {
        log.info(`resuming attempt ${attempt.merchantOrderNo} (${attempt.status})`)
        schedule(`a${attempt.attemptId}`, 0)
      }
      for (const refund of journal.unfinishedRefunds()) {
        log.info(`resuming refund ${refund.merchantOrderNo} (${refund.status})`)
        schedule(`r${refund.refundId}`, 0)
      }
    },
    checkNow(merchantOrderNo) {
      const found = find(merchantOrderNo)
      if (found === undefined) return 'unknown'
      if (found.final) return 'final'
      schedule(found.key, 0)
      return 'scheduled'
    },
    async checkNowAndWait(merchantOrderNo) {
      const found = find(merchantOrderNo)
      if (found === undefined) {
        return fail('NOT_FOUND', `QR Till has no payment or refund ${merchantOrderNo}.`)
      }
      if (!found.final) {
        const pending = timers.get(found.key)
        if (pending !== undefined) clock.clearTimeout(pending)
        timers.delete(found.key)
        await run(found.key)
      }
      const attempt = journal.attemptByMerchantOrderNo(merchantOrderNo)
      if (attempt !== undefined) return ok({ kind: 'attempt', attempt })
      const refund = journal.refundByMerchantOrderNo(merchantOrderNo)
      if (refund !== undefined) return ok({ kind: 'refund', refund })
      return fail('NOT_FOUND', `QR Till has no payment or refund ${merchantOrderNo}.`)
    },
    onSaleChanged(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight])
    },
    updateSettings(next) {
      Object.assign(settings, defaultPaymentSettings, next)
    },
    stop() {
      stopped = true
      for (const handle of timers.values()) clock.clearTimeout(handle)
      timers.clear()
    }
  }
}

function stringField(fields: Readonly<Record<string, unknown>>, key: string): string | null {
  const value = fields[key]
  return typeof value === 'string' && value !== '' ? value : null
}

function conflictMessage(status: SaleStatus): string {
  switch (status) {
    case 'paying':
      return 'A payment for this sale is already in progress.'
    case 'paid':
      return 'This sale is already paid.'
    case 'needs-attention':
      return 'This sale has a payment the gateway has not confirmed yet; check it before trying again.'
    case 'abandoned':
      return 'This sale was closed.'
    case 'open':
    case 'declined':
      return 'This sale cannot change now.'
  }
}

function journalFailure<T>(error: unknown): Result<T> {
  if (error instanceof JournalUnavailableError) {
    log.error('journal unavailable', { error: error.message })
    return fail(
      'JOURNAL_UNAVAILABLE',
      'The order journal cannot be written, so QR Till is not taking payments. Nothing already ' +
        'recorded is lost. Check the disk: once the journal can be written again (space freed, ' +
        'write access back) the till takes payments again without a restart.'
    )
  }
  throw error
}

/**
 * A refund journaled, then a journal write around its submit failed (before it left, or with the
 * gateway's answer): either way it is recorded and will be sent or confirmed by the reconciler.
 * The manager must not give the money back another way meanwhile.
 */
function refundNotSaved<T>(error: unknown): Result<T> {
  if (error instanceof JournalUnavailableError) {
    log.error('journal unavailable around a refund submit', { error: error.message })
    return fail(
      'JOURNAL_UNAVAILABLE',
      'The refund is recorded, but the order journal could not record its progress: it may ' +
        'already be on its way. QR Till keeps asking the gateway and records the outcome once ' +
        'the journal can be written; do not refund this sale again in any other way.',
      { key: 'refund-not-saved' }
    )
  }
  throw error
}

/**
 * The customer's code went to the gateway, and the journal could not record the answer: the
 * customer may well have paid. The cashier must hear that, not only "not taking payments", or
 * the sale is paid twice (the wallet, then cash); the reconciler records the outcome once the
 * journal can be written.
 */
function sentNotSaved<T>(error: unknown): Result<T> {
  if (error instanceof JournalUnavailableError) {
    log.error('journal unavailable after the payment was sent', { error: error.message })
    return fail(
      'JOURNAL_UNAVAILABLE',
      'The payment reached the gateway, but the order journal could not record its answer. ' +
        'QR Till keeps asking the gateway and records the outcome once the journal can be ' +
        'written; until then it takes no other payment for this sale, or any new one.',
      { key: 'payment-sent-not-saved' }
    )
  }
  throw error
}
