import { createHash, type KeyObject } from 'node:crypto'
import type { AttemptView, RefundView } from '../../shared/order'
import { amountMismatch, statedAmountOf, type AmountField, type StatedAmount } from './amount'
import { RawJson, scanTopLevel, type RawValue } from './json'
import { buildSignString, verifyFields } from './sign'

/**
 * What the receiver makes of one notification (API.md §7). A notification is only ever a hint
 * that an order may have moved: the verdict decides whether the till asks the gateway now, never
 * what state a sale is in (DESIGN.md "Polling is the truth at the counter").
 */
export type NotificationVerdict =
  /** Signed by PayCloud, about one of this till's attempts, amount ours: ask the gateway now. */
  | 'verified'
  /** A repeat of a verified notification (same signed body, or same trans_no and status). */
  | 'duplicate'
  /** About a refund; refunds join the journal with issue 4, so it is recorded and left there. */
  | 'refund'
  /** Signed by PayCloud for our merchant, but no attempt of this till has that order number. */
  | 'unknown-order'
  /** Signed by PayCloud, our order, but the amount or currency is not the attempt's. */
  | 'amount-mismatch'
  /** Signed by PayCloud, for another merchant. */
  | 'wrong-merchant'
  /** No signature, or one the gateway key does not verify: not from PayCloud. */
  | 'forged'
  /** Not a notification at all: an unreadable, oversized or wrongly typed body. */
  | 'malformed'

/** The fields of a notification the event log keeps. Never `sign`, never a customer's code. */
export interface NotificationFacts {
  readonly merchantNo: string | null
  readonly merchantOrderNo: string | null
  readonly transNo: string | null
  /** `trans_status` as a number when it is one (§6.1), else the text received. */
  readonly transStatus: number | string | null
  readonly transType: number | string | null
  /** The amount compared, in major units as received (§9), and which field carried it. */
  readonly amount: string | null
  readonly amountField: AmountField | null
  readonly priceCurrency: string | null
}

export interface Judgement {
  readonly verdict: NotificationVerdict
  /** One sentence for the event log and the manager. */
  readonly reason: string
  readonly facts: NotificationFacts
  /** The attempt the notification names, when the journal has it (for the event's ids). */
  readonly attempt: AttemptView | undefined
  /** True: answer `success`; false: refuse, so that PayCloud keeps the notification undelivered. */
  readonly acknowledge: boolean
  /** True only for `verified`: the one thing a notification may cause is an immediate query. */
  readonly check: boolean
  /** For a `verified` notification whose status is older than one already seen (reordering). */
  readonly stale: boolean
  /** Marks the notification as seen; call it once its event is durably in the journal. */
  readonly remember: () => void
}

export interface JudgeContext {
  readonly merchantNo: string
  readonly gatewayKey: KeyObject
  readonly attemptByMerchantOrderNo: (merchantOrderNo: string) => AttemptView | undefined
  /** A refund of this till by its own merchant_order_no (API.md §5.4: each refund has one). */
  readonly refundByMerchantOrderNo?: (merchantOrderNo: string) => RefundView | undefined
  readonly memory: NotificationMemory
}

/** Longest text the event log keeps from one field: an unverified body is anyone's text. */
const maxFieldText = 64

/**
 * Verifies and classifies one notification, given its top-level fields exactly as transmitted
 * (`scanTopLevel` for JSON, the decoded pairs for a form). Pure but for the journal lookup.
 */
export function judgeNotification(
  fields: Readonly<Record<string, RawValue>>,
  context: JudgeContext
): Judgement {
  const sign = fields['sign']
  // §4.5: the signature covers whatever top-level fields arrived, `sign` excluded. Verification
  // comes first; nothing in an unverified body is believed, only recorded.
  const verified = typeof sign === 'string' && verifyFields(fields, sign, context.gatewayKey)
  const business = businessFields(fields)
  // Judged untruncated; `facts` keeps what the event log may show.
  const stated = statedAmountOf(business)
  const facts = factsOf(business, stated)
  const attempt =
    facts.merchantOrderNo === null
      ? undefined
      : context.attemptByMerchantOrderNo(facts.merchantOrderNo)
  const judged = (
    verdict: NotificationVerdict,
    reason: string,
    extra: { check?: boolean; stale?: boolean; remember?: () => void } = {}
  ): Judgement => ({
    verdict,
    reason,
    facts,
    attempt,
    acknowledge: verdict !== 'forged' && verdict !== 'wrong-merchant' && verdict !== 'malformed',
    check: extra.check ?? false,
    stale: extra.stale ?? false,
    remember: extra.remember ?? ((): void => undefined)
  })
  const duplicate = (): Judgement =>
    judged('duplicate', 'Already received; answered again without a second check.')

  if (!verified) {
    return judged(
      'forged',
      typeof sign === 'string' && sign !== ''
        ? 'The signature does not verify with the gateway public key.'
        : 'The notification is not signed.'
    )
  }
  // The gateway key signs for every merchant on the platform, so a valid signature alone does
  // not make a notification ours. A notification without merchant_no is judged by its order
  // number: ours are random (merchant-order-no.ts) and it can only trigger a query anyway.
  if (facts.merchantNo !== null && facts.merchantNo !== context.merchantNo) {
    return judged('wrong-merchant', `The notification is for merchant ${facts.merchantNo}.`)
  }
  // Any signed body already recorded is a repeat, whatever it was judged first: a captured
  // notification for another till of this merchant (unknown-order here) replayed in a loop
  // must be a duplicate, which the receiver records within a budget, not a new verdict each time.
  const keys = dedupeKeys(fields, facts)
  if (context.memory.seenBody(keys.body)) return duplicate()
  const rememberBody = (): void => context.memory.rememberBody(keys.body)
  if (isRefund(business, facts)) {
    const refund =
      facts.merchantOrderNo === null
        ? undefined
        : context.refundByMerchantOrderNo?.(facts.merchantOrderNo)
    if (refund === undefined) {
      return judged('refund', 'A refund notification for no refund of this till; recorded.', {
        remember: rememberBody
      })
    }
    const refundProblem = amountMismatch(stated, refund.amount, { allowMissing: true })
    if (refundProblem !== null) {
      return judged('amount-mismatch', refundProblem, { remember: rememberBody })
    }
    if (context.memory.seen(keys)) return duplicate()
    // Like a payment's: the refund query that follows decides, never the notification.
    return judged('refund', 'Signed by the gateway, for a refund of this till.', {
      check: true,
      remember: () => context.memory.remember(keys, facts.transStatus)
    })
  }
  if (attempt === undefined) {
    return judged(
      'unknown-order',
      facts.merchantOrderNo === null
        ? 'The notification has no merchant_order_no.'
        : 'No attempt of this till has this merchant_order_no.',
      { remember: rememberBody }
    )
  }
  // A notification only triggers a query, so one without an amount is not a mismatch: the query
  // that follows must carry ours (DESIGN.md "Polling is the truth").
  const amountProblem = amountMismatch(stated, attempt.amount, { allowMissing: true })
  if (amountProblem !== null) {
    return judged('amount-mismatch', amountProblem, { remember: rememberBody })
  }

  if (context.memory.seen(keys)) return duplicate()
  const stale = context.memory.isStale(keys.transaction, facts.transStatus)
  const remember = (): void => context.memory.remember(keys, facts.transStatus)
  if (stale) {
    // §7 gives no ordering guarantee. An older status after a newer one is recorded and answered,
    // and asks nothing: the query decides, and it already has (or is about to).
    return judged('verified', 'An older status than one already received; nothing to do.', {
      stale: true,
      remember
    })
  }
  return judged(
    'verified',
    facts.amount !== null
      ? 'Signed by the gateway, for an attempt of this till, with its amount.'
      : 'Signed by the gateway, for an attempt of this till; it carries no amount to compare.',
    { check: true, remember }
  )
}

/**
 * Which notifications have been seen, in memory and bounded. After a restart the first repeat is
 * judged afresh: at worst one more query of an attempt that is probably final already.
 */
export class NotificationMemory {
  /** Keys of verified notifications already recorded: the signed content, and trans_no+status. */
  private readonly keys = new Map<string, true>()
  /** The most advanced status rank seen per transaction, to spot reordering. */
  private readonly ranks = new Map<string, number>()

  constructor(private readonly capacity = 10_000) {}

  seen(keys: DedupeKeys): boolean {
    return this.seenBody(keys.body) || (keys.event !== null && this.keys.has(keys.event))
  }

  seenBody(body: string): boolean {
    return this.keys.has(body)
  }

  /**
   * The signed content alone, for a notification that asked nothing (unknown order, amount
   * mismatch): its trans_no and status must not make a later, different notification a repeat.
   */
  rememberBody(body: string): void {
    bounded(this.keys, this.capacity).set(body, true)
  }

  isStale(transaction: string | null, status: number | string | null): boolean {
    if (transaction === null) return false
    const seen = this.ranks.get(transaction)
    const rank = statusRank(status)
    return seen !== undefined && rank !== null && rank < seen
  }

  remember(keys: DedupeKeys, status: number | string | null): void {
    bounded(this.keys, this.capacity).set(keys.body, true)
    if (keys.event !== null) bounded(this.keys, this.capacity).set(keys.event, true)
    const rank = statusRank(status)
    if (keys.transaction !== null && rank !== null) {
      const seen = this.ranks.get(keys.transaction) ?? -1
      bounded(this.ranks, this.capacity).set(keys.transaction, Math.max(seen, rank))
    }
  }
}

interface DedupeKeys {
  readonly body: string
  readonly event: string | null
  readonly transaction: string | null
}

function dedupeKeys(
  fields: Readonly<Record<string, RawValue>>,
  facts: NotificationFacts
): DedupeKeys {
  // The signed content, not the raw bytes: a relay may re-serialise, the signed text survives.
  const body = `body:${createHash('sha256').update(buildSignString(fields)).digest('base64')}`
  const transaction =
    facts.transNo !== null
      ? `trans:${facts.transNo}`
      : facts.merchantOrderNo !== null
        ? `order:${facts.merchantOrderNo}`
        : null
  const event =
    transaction === null || facts.transStatus === null
      ? null
      : `${transaction}#${String(facts.transStatus)}`
  return { body, event, transaction }
}

/** §6.1: 9 created, then 0 processing, then a final 1, 2 or 3. Unknown values have no rank. */
function statusRank(status: number | string | null): number | null {
  switch (status) {
    case 9:
      return 0
    case 0:
      return 1
    case 1:
    case 2:
    case 3:
      return 2
    default:
      return null
  }
}

function bounded<K, V>(map: Map<K, V>, capacity: number): Map<K, V> {
  // Maps iterate in insertion order: the first key is the oldest.
  while (map.size >= capacity) {
    const oldest = map.keys().next()
    if (oldest.done === true) break
    map.delete(oldest.value)
  }
  return map
}

/**
 * The business fields: top-level as §7 expects, or inside `data` if a deployment wraps them the
 * way §3 wraps replies (API.md Unknowns 4). The signature is checked over the top level either way.
 */
function businessFields(
  fields: Readonly<Record<string, RawValue>>
): Readonly<Record<string, RawValue>> {
  if (fields['merchant_order_no'] !== undefined) return fields
  const data = fields['data']
  const text =
    typeof data === 'string'
      ? data
      : data instanceof RawJson && data.text.startsWith('{')
        ? data.text
        : null
  if (text === null) return fields
  const inner = scanTopLevel(text)
  // Top-level fields win: they are the ones the signature was checked over as transmitted.
  return inner.ok ? { ...inner.fields, ...fields } : fields
}

function factsOf(
  fields: Readonly<Record<string, RawValue>>,
  stated: StatedAmount
): NotificationFacts {
  return {
    merchantNo: textOf(fields['merchant_no']),
    merchantOrderNo: textOf(fields['merchant_order_no']),
    transNo: textOf(fields['trans_no']),
    transStatus: integerOrText(textOf(fields['trans_status'])),
    transType: integerOrText(textOf(fields['trans_type'])),
    // Read as a query's are (`statedAmountOf`): order_amount first, trans_amount only without it.
    amount: clipped(stated.amount),
    amountField: stated.field,
    priceCurrency: clipped(stated.currency)
  }
}

/** §6.2: trans_type 3 is a refund; a refund also names its original (§5.4, §5.6). */
function isRefund(fields: Readonly<Record<string, RawValue>>, facts: NotificationFacts): boolean {
  return (
    facts.transType === 3 ||
    textOf(fields['orig_merchant_order_no']) !== null ||
    textOf(fields['orig_trans_no']) !== null
  )
}

/** A field's text as transmitted (§4.2 step 3): strings as-is, numbers as their literal. */
function textOf(value: RawValue | undefined): string | null {
  if (value === undefined || value === '') return null
  const text = value instanceof RawJson ? value.text : value
  if (text === 'null' && value instanceof RawJson) return null
  return clipped(text)
}

function clipped(text: string | null): string | null {
  if (text === null) return null
  return text.length > maxFieldText ? `${text.slice(0, maxFieldText)}…` : text
}

function integerOrText(text: string | null): number | string | null {
  if (text === null) return null
  return /^\d{1,9}$/.test(text) ? Number(text) : text
}
