import type { Money } from '../../shared/money'
import type { AttemptStatus, AttemptView, SaleStatus, SaleView } from '../../shared/order'
import { fail, ok, type Result } from '../../shared/contract/result'
import type { Gateway, GatewayError, TransStatus } from '../gateway/types'
import { JournalUnavailableError, type Journal } from '../journal'
import { createLogger } from '../log'
import type { Clock } from './clock'
import { newMerchantOrderNo } from './merchant-order-no'

const log = createLogger('payments')

/** Every number of the payment flow, with the defaults of API.md §10. */
export interface PaymentSettings {
  /** Between two `order.query` calls while the outcome is open (§5.2: 5 s). */
  readonly pollIntervalMs: number
  /** How long after an attempt is created the till keeps polling at that pace (§5.2: 60 s). */
  readonly pollWindowMs: number
  /** After the window, the background reconciler asks at this slower pace until the gateway knows. */
  readonly reconcileIntervalMs: number
  /** `expires` sent with an order, in seconds. */
  readonly orderExpiresSeconds: number
  /** `description` sent with an order. */
  readonly orderDescription: string
}

export const defaultPaymentSettings: PaymentSettings = {
  pollIntervalMs: 5_000,
  pollWindowMs: 60_000,
  reconcileIntervalMs: 60_000,
  orderExpiresSeconds: 60,
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
}

export interface StartCpm {
  readonly saleId: number
  readonly authCode: string
  readonly payMethodId: string
}

export interface PaymentEngine {
  openSale(amount: Money): Result<SaleView>
  abandonSale(saleId: number): Result<SaleView>
  getSale(saleId: number): Result<SaleView>
  /** Resolves once the gateway has answered the submit (or failed to). */
  startCpm(request: StartCpm): Promise<Result<AttemptView>>
  /** Picks up every attempt that a previous run left without a final state. */
  resume(): void
  /**
   * Asks the gateway about an attempt now instead of at its next poll: a notification arrived,
   * or a person pressed "check now". Never changes a state by itself; the query does.
   */
  checkNow(merchantOrderNo: string): 'scheduled' | 'final' | 'unknown'
  /** Called with the whole sale after every change. */
  onSaleChanged(listener: (sale: SaleView) => void): () => void
  stop(): void
}

/** Sale statuses in which a new attempt may start: a fresh sale, or one whose last try was declined. */
const payableStatuses: readonly SaleStatus[] = ['open', 'declined']

export function createPaymentEngine(deps: PaymentEngineDeps): PaymentEngine {
  const { journal, gateway, clock } = deps
  const settings: PaymentSettings = { ...defaultPaymentSettings, ...deps.settings }
  const listeners = new Set<(sale: SaleView) => void>()
  const timers = new Map<number, unknown>()
  let stopped = false

  function publish(saleId: number): void {
    const sale = journal.getSale(saleId)
    if (sale === undefined) return
    for (const listener of listeners) listener(sale)
  }

  /** Journals an outcome; the sale's status follows the attempt's. */
  function settle(
    attempt: AttemptView,
    status: AttemptStatus,
    details: { transNo?: string | null; gatewayStatus?: number | null; reason?: string | null }
  ): AttemptView {
    const saleStatus: SaleStatus =
      status === 'paid'
        ? 'paid'
        : status === 'declined'
          ? 'declined'
          : status === 'needs-attention'
            ? 'needs-attention'
            : 'paying'
    const updated = journal.updateAttempt(
      attempt.attemptId,
      { status, at: clock.now(), ...details },
      saleStatus
    )
    log.info(`attempt ${attempt.merchantOrderNo}: ${attempt.status} -> ${status}`)
    publish(attempt.saleId)
    return updated
  }

  function schedulePoll(attempt: AttemptView, delayMs: number): void {
    if (stopped) return
    const previous = timers.get(attempt.attemptId)
    if (previous !== undefined) clock.clearTimeout(previous)
    timers.set(
      attempt.attemptId,
      clock.setTimeout(() => {
        timers.delete(attempt.attemptId)
        void poll(attempt.attemptId)
      }, delayMs)
    )
  }

  async function poll(attemptId: number): Promise<void> {
    const attempt = journal.getAttempt(attemptId)
    if (attempt === undefined || isFinal(attempt.status)) return
    const reply = await gateway.queryOrder({ merchantOrderNo: attempt.merchantOrderNo })
    try {
      journal.appendEvent({
        at: clock.now(),
        kind: 'gateway.reply',
        saleId: attempt.saleId,
        attemptId,
        detail: reply.ok
          ? { method: 'order.query', ok: true, psn: reply.psn, data: reply.value.raw }
          : { method: 'order.query', ok: false, error: reply.error }
      })
      const current = journal.getAttempt(attemptId)
      if (current === undefined || isFinal(current.status)) return
      if (reply.ok && reply.value.orderAmountMinor !== null) {
        if (reply.value.orderAmountMinor !== current.amount.minor) {
          // Never mark paid on an amount that is not ours (DESIGN.md "Polling is the truth").
          settle(current, 'needs-attention', {
            reason: `The gateway reports a different amount for order ${current.merchantOrderNo}.`
          })
          return
        }
      }
      const outcome = reply.ok
        ? fromStatus(reply.value.transStatus, reply.value.errorMessage)
        : null
      if (outcome !== null && outcome.status !== 'processing') {
        settle(current, outcome.status, {
          transNo: reply.ok ? reply.value.transNo : null,
          gatewayStatus: reply.ok ? reply.value.transStatus : null,
          reason: outcome.reason
        })
        return
      }
      const age = clock.now() - current.createdAt
      if (age < settings.pollWindowMs) {
        if (current.status === 'pending') {
          settle(current, 'processing', { reason: reasonWhileOpen(reply) })
        }
        schedulePoll(current, settings.pollIntervalMs)
        return
      }
      if (current.status !== 'needs-attention') {
        settle(current, 'needs-attention', {
          reason:
            'The gateway has not confirmed this payment within ' +
            `${Math.round(settings.pollWindowMs / 1000)} s. QR Till keeps checking in the background.`
        })
      }
      schedulePoll(current, settings.reconcileIntervalMs)
    } catch (error) {
      reportPollFailure(attemptId, error)
    }
  }

  function reportPollFailure(attemptId: number, error: unknown): void {
    log.error(`checking attempt ${attemptId} failed`, { error: String(error) })
    // The journal refused the write: try again later rather than lose track of the attempt.
    const attempt = safeGetAttempt(attemptId)
    if (attempt !== undefined) schedulePoll(attempt, settings.pollIntervalMs)
  }

  function safeGetAttempt(attemptId: number): AttemptView | undefined {
    try {
      return journal.getAttempt(attemptId)
    } catch {
      return undefined
    }
  }

  async function startCpm(request: StartCpm): Promise<Result<AttemptView>> {
    const sale = journal.getSale(request.saleId)
    if (sale === undefined) return fail('NOT_FOUND', `There is no sale ${request.saleId}.`)
    if (!payableStatuses.includes(sale.status)) {
      return fail('CONFLICT', conflictMessage(sale.status))
    }

    let attempt: AttemptView
    try {
      // Journal first: the attempt is durable before anything leaves the machine.
      attempt = journal.createAttempt({
        saleId: sale.saleId,
        mode: 'CPM',
        merchantOrderNo: newMerchantOrderNo(clock.now()),
        payMethodId: request.payMethodId,
        authCode: request.authCode,
        at: clock.now()
      })
      journal.appendEvent({
        at: clock.now(),
        kind: 'gateway.request',
        saleId: sale.saleId,
        attemptId: attempt.attemptId,
        detail: {
          method: 'bscanc.pay.submit',
          merchantOrderNo: attempt.merchantOrderNo,
          payMethodId: attempt.payMethodId,
          amountMinor: attempt.amount.minor,
          currency: attempt.amount.currency,
          authCodeLast4: attempt.authCodeLast4
        }
      })
    } catch (error) {
      return journalFailure(error)
    }
    publish(sale.saleId)

    const notifyUrl = deps.notifyUrl?.() ?? null
    const reply = await gateway.submitCpm({
      merchantOrderNo: attempt.merchantOrderNo,
      authCode: request.authCode,
      payMethodId: request.payMethodId,
      amount: attempt.amount,
      description: settings.orderDescription,
      expiresSeconds: settings.orderExpiresSeconds,
      ...(notifyUrl === null ? {} : { notifyUrl })
    })

    try {
      journal.appendEvent({
        at: clock.now(),
        kind: 'gateway.reply',
        saleId: sale.saleId,
        attemptId: attempt.attemptId,
        detail: reply.ok
          ? { method: 'bscanc.pay.submit', ok: true, psn: reply.psn, data: reply.value.raw }
          : { method: 'bscanc.pay.submit', ok: false, error: reply.error }
      })
      if (reply.ok) {
        const outcome = fromStatus(
          reply.value.transStatus,
          stringField(reply.value.raw, 'trans_error_msg')
        )
        if (outcome.status === 'declined' && outcome.reason === null) {
          // The submit reply carries no reason; the query does (API.md §10 CPM step 2).
          const query = await gateway.queryOrder({ merchantOrderNo: attempt.merchantOrderNo })
          if (query.ok) outcome.reason = query.value.errorMessage
        }
        const settled = settle(attempt, outcome.status, {
          transNo: reply.value.transNo,
          gatewayStatus: reply.value.transStatus,
          reason:
            outcome.reason ?? (outcome.status === 'declined' ? 'Declined by the wallet.' : null)
        })
        if (settled.status === 'processing') schedulePoll(settled, settings.pollIntervalMs)
        return ok(settled)
      }
      // Anything but a clear answer means the outcome is unknown: find out by querying (API.md §10).
      const settled = settle(attempt, 'processing', { reason: unclearReason(reply.error) })
      schedulePoll(settled, settings.pollIntervalMs)
      return ok(settled)
    } catch (error) {
      // The gateway answered but the journal could not record it: the reconciler must find out again.
      schedulePoll(attempt, settings.pollIntervalMs)
      return journalFailure(error)
    }
  }

  return {
    openSale(amount) {
      try {
        const sale = journal.createSale(amount.minor, amount.currency, clock.now())
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
    resume() {
      for (const attempt of journal.unfinishedAttempts()) {
        log.info(`resuming attempt ${attempt.merchantOrderNo} (${attempt.status})`)
        schedulePoll(attempt, 0)
      }
    },
    checkNow(merchantOrderNo) {
      const attempt = journal.attemptByMerchantOrderNo(merchantOrderNo)
      if (attempt === undefined) return 'unknown'
      if (isFinal(attempt.status)) return 'final'
      schedulePoll(attempt, 0)
      return 'scheduled'
    },
    onSaleChanged(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    stop() {
      stopped = true
      for (const handle of timers.values()) clock.clearTimeout(handle)
      timers.clear()
    }
  }
}

function isFinal(status: AttemptStatus): boolean {
  return status === 'paid' || status === 'declined'
}

/** Maps `trans_status` (API.md §6.1): only 2 is paid; 1 and 3 are final failures; 0 and 9 are open. */
function fromStatus(
  status: TransStatus,
  errorMessage: string | null
): { status: 'paid' | 'declined' | 'processing'; reason: string | null } {
  switch (status) {
    case 2:
      return { status: 'paid', reason: null }
    case 1:
    case 3:
      return { status: 'declined', reason: errorMessage }
    case 0:
    case 9:
      return { status: 'processing', reason: 'The customer is confirming in their wallet.' }
  }
}

function stringField(fields: Readonly<Record<string, unknown>>, key: string): string | null {
  const value = fields[key]
  return typeof value === 'string' && value !== '' ? value : null
}

function reasonWhileOpen(reply: { ok: boolean }): string {
  return reply.ok
    ? 'The customer is confirming in their wallet.'
    : 'Checking the payment with the gateway.'
}

function unclearReason(error: GatewayError): string {
  switch (error.kind) {
    case 'network':
      return 'The gateway could not be reached. Checking whether the payment went through.'
    case 'timeout':
      return 'The gateway did not answer in time. Checking whether the payment went through.'
    case 'rejected':
      return `The gateway answered "${error.message}". Checking whether the payment went through.`
    case 'signature-invalid':
    case 'malformed':
      return 'The gateway reply could not be trusted. Checking whether the payment went through.'
  }
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
        'recorded is lost. Check the disk, then restart QR Till.'
    )
  }
  throw error
}
