import { createHash, randomBytes, type KeyObject } from 'node:crypto'
import { RawJson, writeJsonObject } from '../main/gateway/json'
import type { Fields, RawValue } from '../main/gateway/json'
import { loadPrivateKey, loadPublicKey, signFields, verifyFields } from '../main/gateway/sign'
import type { GatewayMethod, TransStatus } from '../main/gateway/types'
import { toMajorString } from '../shared/money'
import type { CurrencyCode } from '../shared/money'
import { sandboxErrors, transErrors, type SandboxErrorCode } from './codes'
import {
  defaultRefundScenarios,
  defaultScenarios,
  isPending,
  mpmScenarioFor,
  outcomeAt,
  refundScenarioFor,
  scenarioFor,
  stepsOf,
  type Outcome,
  type RefundRule,
  type ReplyFault,
  type ScenarioRule,
  type Step
} from './scenarios'
import {
  memoryStore,
  type NotificationRecord,
  type OrderRecord,
  type RefundRecord,
  type SandboxStore
} from './store'
import {
  envelopeRules,
  isGatewayMethod,
  Params,
  Refusal,
  validate,
  type Values
} from './validation'
import { defaultWallets, type QrMode, type WalletRule } from './wallets'

/** One order as the sandbox holds it; the admin endpoint serves this shape as JSON. */
export interface SandboxOrder {
  readonly merchantOrderNo: string
  readonly transNo: string
  readonly mode: QrMode
  /** `BSCANQR_PAY` customer-presented, `SCANQR_PAY` merchant-presented (API.md §6.3). */
  readonly payScenario: 'BSCANQR_PAY' | 'SCANQR_PAY'
  readonly payMethodId: string
  readonly priceCurrency: CurrencyCode
  readonly orderAmountMinor: number
  readonly storeNo: string | null
  readonly description: string | null
  readonly attach: string | null
  readonly notifyUrl: string | null
  /** CPM: never the whole scanned code, even here: only what a receipt would show. */
  readonly authCodeLast4: string | null
  /** MPM: the QR content, the wallet page of this order. */
  readonly qrcodeUrl: string | null
  /** The scenario rule that decides this order (see `scenarios.ts`). */
  readonly scenario: string
  readonly createdAt: number
  readonly expiresAt: number
  readonly transStatus: TransStatus
  readonly transErrorCode: string | null
  readonly transErrorMsg: string | null
  /** UTC `YYYY-MM-DD HH:mm:ss` (API.md §9), once the order is final. */
  readonly transEndTime: string | null
  readonly payChannelTransNo: string | null
  /** Refunds not failed (pending or done), in minor units, and how many. */
  readonly refundedMinor: number
  readonly refundCount: number
}

export interface SandboxRefund {
  readonly merchantOrderNo: string
  readonly transNo: string
  readonly origMerchantOrderNo: string
  readonly origTransNo: string
  readonly priceCurrency: CurrencyCode
  readonly refundAmountMinor: number
  readonly description: string | null
  readonly notifyUrl: string | null
  readonly scenario: string
  readonly createdAt: number
  readonly transStatus: TransStatus
  readonly transErrorCode: string | null
  readonly transErrorMsg: string | null
  readonly transEndTime: string | null
}

export type SandboxNotification = Readonly<NotificationRecord>

export interface GatewayCoreOptions {
  readonly appId: string
  readonly merchantNo: string
  readonly storeNo: string
  readonly appPublicKeyPem: string
  readonly gatewayPrivateKeyPem: string
  readonly now?: () => number
  /** Replaces `defaultScenarios` (spread them in to extend the defaults). */
  readonly scenarios?: readonly ScenarioRule[]
  /** Replaces `defaultRefundScenarios`. */
  readonly refundScenarios?: readonly RefundRule[]
  /** Replaces `defaultWallets`: which `pay_method_id`s exist and what a cancel may do (§5.3). */
  readonly wallets?: Readonly<Record<string, WalletRule>>
  /** §5.3: no cancel earlier than this after creation. Default 15 000. */
  readonly minCancelDelayMs?: number
  /** §5.3: no cancel later than this after creation. Default 1 day. */
  readonly cancelWindowMs?: number
  /** The status an unpaid order gets from a cancel: 1 or 3 (unknown, API.md unknowns 8). Default 1. */
  readonly unpaidCancelStatus?: 1 | 3
  /** The status a paid order gets from a reversing cancel (unknowns 8). Default 3. */
  readonly paidCancelStatus?: 1 | 3
  /**
   * A cancel of a paid order the wallet cannot reverse (§5.3): `refuse` answers
   * `ORDER_NOT_CANCELLABLE`; `accept` answers "0" and leaves the order paid, as a gateway whose
   * cancel "closes an unpaid order" may (unknowns 8: the real answer is unknown). Default `refuse`.
   */
  readonly unreversibleCancel?: 'refuse' | 'accept'
  /** §5.4 (AddPay): at most this many refunds per order. Default 50. */
  readonly maxPartialRefunds?: number
  /** How long a refund stays 0 (refunding) before its final status. Default 2000. */
  readonly refundDelayMs?: number
  /** Every CPM code is single-use, as Alipay codes are. Default false: only the 0053 scenario. */
  readonly singleUseCodes?: boolean
  /** After Pay on the wallet page: 0 (confirming) for this long, then 2. Default 0: straight to 2. */
  readonly walletConfirmMs?: number
  /** Shown on the wallet page. Default `Sandbox Shop`. */
  readonly merchantName?: string
  /** When a request sends no `expires`. Default 60 (the JP test sends 60 for CPM, §5.1). */
  readonly defaultExpiresSeconds?: number
}

/** What the HTTP layer needs from its host: storage, its public address, notification delivery. */
export interface GatewayCoreDeps {
  readonly store?: SandboxStore
  /** The base of `qrcode_url`, e.g. `http://192.168.1.20:8787`. */
  readonly publicUrl?: () => string
  readonly notify?: (notification: NotificationRecord) => void
}

/** A reply ready for the wire: HTTP status, the body, and how to deliver it. */
export interface EntryReply {
  readonly httpStatus: number
  readonly body: string
  readonly code: string
  /** `hold`: answer only after `holdReplyMs`; `drop`: destroy the connection instead. */
  readonly delivery?: 'hold' | 'drop'
}

export type WalletAction = 'pay' | 'decline'

export interface GatewayCore {
  handle(fields: Readonly<Record<string, RawValue>>): EntryReply
  refuse(code: SandboxErrorCode, msg?: string): EntryReply
  getOrder(merchantOrderNo: string): SandboxOrder | undefined
  listOrders(): SandboxOrder[]
  getRefund(merchantOrderNo: string): SandboxRefund | undefined
  listRefunds(): SandboxRefund[]
  listNotifications(): SandboxNotification[]
  /** The notifications a restart must carry on delivering. */
  pendingNotifications(): NotificationRecord[]
  orderByWalletToken(token: string): SandboxOrder | undefined
  /** The customer presses Pay or Decline on the wallet page; false when the order is not payable. */
  walletAct(token: string, action: WalletAction): boolean
  readonly merchantName: string
  now(): number
  /** Sends the notifications of orders and refunds that reached a final state since last time. */
  sweep(): void
}

const day = 24 * 60 * 60 * 1000

interface HandlerResult {
  readonly data: Fields
  readonly reply?: ReplyFault | null
}

type Handler = (values: Values) => HandlerResult

/**
 * The simulated PayCloud gateway (API.md §11), free of HTTP: checks a request the way the gateway
 * does, runs the method, and signs the reply with the gateway key.
 */
export function createGatewayCore(
  options: GatewayCoreOptions,
  deps: GatewayCoreDeps = {}
): GatewayCore {
  const now = options.now ?? Date.now
  const rules = options.scenarios ?? defaultScenarios
  const refundRules = options.refundScenarios ?? defaultRefundScenarios
  const wallets = options.wallets ?? defaultWallets
  const minCancelDelayMs = options.minCancelDelayMs ?? 15_000
  const cancelWindowMs = options.cancelWindowMs ?? day
  const unpaidCancelStatus = options.unpaidCancelStatus ?? 1
  const paidCancelStatus = options.paidCancelStatus ?? 3
  const unreversibleCancel = options.unreversibleCancel ?? 'refuse'
  const maxPartialRefunds = options.maxPartialRefunds ?? 50
  const refundDelayMs = options.refundDelayMs ?? 2000
  const walletConfirmMs = options.walletConfirmMs ?? 0
  const defaultExpiresSeconds = options.defaultExpiresSeconds ?? 60
  const store = deps.store ?? memoryStore()
  const publicUrl = deps.publicUrl ?? ((): string => 'http://127.0.0.1')
  const appKey: KeyObject = loadPublicKey(options.appPublicKeyPem)
  const gatewayKey: KeyObject = loadPrivateKey(options.gatewayPrivateKeyPem)

  const state = store.load()
  const orders = new Map<string, OrderRecord>()
  const byTransNo = new Map<string, OrderRecord>()
  const byToken = new Map<string, OrderRecord>()
  const refunds = new Map<string, RefundRecord>()
  const refundsByTransNo = new Map<string, RefundRecord>()
  const refundsOf = new Map<string, RefundRecord[]>()
  const notifications = new Map<string, NotificationRecord>()
  const usedCodes = new Set<string>(state.usedCodes)
  let serial = state.serial
  for (const order of state.orders) indexOrder(order)
  for (const refund of state.refunds) indexRefund(refund)
  for (const notification of state.notifications) notifications.set(notification.id, notification)

  function indexOrder(order: OrderRecord): void {
    orders.set(order.merchantOrderNo, order)
    byTransNo.set(order.transNo, order)
    if (order.walletToken !== null) byToken.set(order.walletToken, order)
  }

  function indexRefund(refund: RefundRecord): void {
    refunds.set(refund.merchantOrderNo, refund)
    refundsByTransNo.set(refund.transNo, refund)
    const list = refundsOf.get(refund.origMerchantOrderNo) ?? []
    list.push(refund)
    refundsOf.set(refund.origMerchantOrderNo, list)
  }

  function nextSerial(): string {
    serial += 1
    store.saveSerial(serial)
    return String(serial).padStart(6, '0')
  }

  /** The §3 envelope, `data` as a JSON string, signed over every other top-level field (§4.4). */
  function envelope(code: string, msg: string, httpStatus: number, data?: Fields): EntryReply {
    const fields = envelopeFields(code, msg, data)
    fields['sign'] = signFields(fields, gatewayKey)
    return { httpStatus, body: writeJsonObject(fields), code }
  }

  function envelopeFields(code: string, msg: string, data?: Fields): Record<string, string> {
    const stamp = utcStamp(now())
    return {
      code,
      msg,
      // Separators keep digit runs short: the till's log redacts long digit runs as codes.
      psn: `PSN-${stamp.slice(0, 8)}-${stamp.slice(8)}-${nextSerial()}`,
      ...(data === undefined ? {} : { data: writeJsonObject(data) })
    }
  }

  function refuse(code: SandboxErrorCode, msg?: string): EntryReply {
    return envelope(code, msg ?? sandboxErrors[code].msg, sandboxErrors[code].httpStatus)
  }

  /** A scenario's fault applied to a successful reply (scenarios.ts `ReplyFault`). */
  function faulty(fault: ReplyFault | null | undefined, data: Fields): EntryReply {
    switch (fault) {
      case 'system-error':
        return refuse('SYSTEM_ERROR')
      case 'unlisted-refusal':
        return refuse('PROCESSING_ERROR')
      case 'bad-signature': {
        const fields = envelopeFields('0', 'Success', data)
        // A real signature, over other text: it decodes and has the right length, and fails.
        fields['sign'] = signFields({ ...fields, msg: 'Tampered' }, gatewayKey)
        return { httpStatus: 200, body: writeJsonObject(fields), code: '0' }
      }
      case 'malformed': {
        const body = envelope('0', 'Success', 200, data).body
        return { httpStatus: 200, body: body.slice(0, Math.floor(body.length / 2)), code: '0' }
      }
      case 'hold':
      case 'drop':
        return { ...envelope('0', 'Success', 200, data), delivery: fault }
      default:
        return envelope('0', 'Success', 200, data)
    }
  }

  /** §6.4: a merchant_order_no names one payment or one refund, ever. */
  function isUsedNumber(merchantOrderNo: string): boolean {
    return orders.has(merchantOrderNo) || refunds.has(merchantOrderNo)
  }

  function wallet(payMethodId: string, mode: QrMode): WalletRule {
    const rule = Object.hasOwn(wallets, payMethodId) ? wallets[payMethodId] : undefined
    if (rule === undefined) {
      throw new Refusal('PAY_METHOD_UNSUPPORTED', `pay_method_id ${payMethodId} is unknown`)
    }
    if (!rule.modes.includes(mode)) {
      throw new Refusal('PAY_METHOD_UNSUPPORTED', `${payMethodId} does not support ${mode}`)
    }
    return rule
  }

  function newOrder(values: Values, mode: QrMode): Omit<OrderRecord, 'steps' | 'scenario'> {
    const merchantOrderNo = values.must('merchant_order_no')
    const payMethodId = values.must('pay_method_id')
    wallet(payMethodId, mode)
    if (isUsedNumber(merchantOrderNo)) throw new Refusal('ORDER_DUPLICATE')
    const createdAt = now()
    const orderSerial = nextSerial()
    return {
      merchantOrderNo,
      transNo: `SB${utcStamp(createdAt).slice(0, 8)}T${orderSerial}`,
      mode,
      payMethodId,
      priceCurrency: values.currency(),
      orderAmountMinor: values.number('order_amount') ?? 0,
      storeNo: values.text('store_no') ?? options.storeNo,
      description: values.text('description'),
      attach: values.text('attach'),
      notifyUrl: values.text('notify_url'),
      authCodeLast4: null,
      reply: null,
      paidOnCancel: false,
      walletToken: null,
      createdAt,
      expiresAt: createdAt + (values.number('expires') ?? defaultExpiresSeconds) * 1000,
      serial: orderSerial,
      notified: []
    }
  }

  function save(order: OrderRecord): void {
    store.saveOrder(order)
  }

  const submit: Handler = (values) => {
    const base = newOrder(values, 'CPM')
    const authCode = values.must('auth_code')
    const rule = scenarioFor(authCode, rules)
    // A hash, never the code: the sandbox's file must not hold customer codes either.
    const hash = createHash('sha256').update(authCode).digest('hex')
    const reused =
      usedCodes.has(hash) && (rule.singleUse === true || options.singleUseCodes === true)
    if (!usedCodes.has(hash)) {
      usedCodes.add(hash)
      store.saveUsedCode(hash)
    }
    const order: OrderRecord = {
      ...base,
      authCodeLast4: authCode.slice(-4),
      scenario: reused ? `${rule.name} (code reused)` : rule.name,
      reply: reused ? null : (rule.reply ?? null),
      paidOnCancel: !reused && rule.paidOnCancel === true,
      steps: reused
        ? [
            {
              at: base.createdAt,
              transStatus: 1,
              errorCode: 'AUTH_CODE_USED',
              errorMessage: transErrors.AUTH_CODE_USED,
              cause: 'scenario'
            }
          ]
        : stepsOf(rule, base.createdAt)
    }
    indexOrder(order)
    save(order)
    // §5.2: submit answers the status, and the payment details only once paid.
    const snap = snapshot(order)
    return {
      data: {
        trans_no: snap.transNo,
        trans_status: snap.transStatus,
        ...(snap.transStatus === 2 ? paidFields(snap) : {})
      },
      reply: order.reply as ReplyFault | null
    }
  }

  const getQrCode: Handler = (values) => {
    const base = newOrder(values, 'MPM')
    const rule = mpmScenarioFor(base.orderAmountMinor, rules)
    // 144 random bits: the QR is the only way to the page, so it must not be guessable.
    const token = randomBytes(18).toString('base64url')
    const order: OrderRecord = {
      ...base,
      scenario: rule.name,
      reply: rule.reply ?? null,
      paidOnCancel: rule.paidOnCancel === true,
      walletToken: token,
      steps: stepsOf(rule, base.createdAt)
    }
    indexOrder(order)
    save(order)
    // §5.1: no trans_status; the order starts at 9 and is polled.
    return {
      data: {
        trans_no: order.transNo,
        qrcode_url: walletUrl(token),
        trans_amount: amountOf(order.orderAmountMinor, order.priceCurrency)
      },
      reply: order.reply as ReplyFault | null
    }
  }

  function walletUrl(token: string): string {
    return `${publicUrl().replace(/\/+$/, '')}/wallet/${token}`
  }

  function findOrder(values: Values): OrderRecord {
    const merchantOrderNo = values.text('merchant_order_no')
    const transNo = values.text('trans_no')
    const order =
      merchantOrderNo !== null
        ? orders.get(merchantOrderNo)
        : transNo !== null
          ? byTransNo.get(transNo)
          : undefined
    if (order === undefined) throw new Refusal('ORDER_NOT_FOUND')
    return order
  }

  /** Replaces what the scenario still had in store with what happens now. */
  function settle(order: OrderRecord | RefundRecord, steps: Step[]): void {
    const at = now()
    order.steps = [...order.steps.filter((step) => step.at <= at), ...steps]
  }

  function activeRefunds(order: OrderRecord): RefundRecord[] {
    return (refundsOf.get(order.merchantOrderNo) ?? []).filter(
      (refund) => refundOutcome(refund).transStatus !== 1
    )
  }

  const revoke: Handler = (values) => {
    const order = findOrder(values)
    const at = now()
    if (at - order.createdAt < minCancelDelayMs) throw new Refusal('CANCEL_TOO_EARLY')
    if (at - order.createdAt > cancelWindowMs) throw new Refusal('CANCEL_WINDOW_CLOSED')
    let current = orderOutcome(order).transStatus
    if (isPending(current) && order.paidOnCancel) {
      // The wallet completes while the cancel is on its way: the cancel meets a paid order.
      settle(order, [step(at, 2, null, 'wallet')])
      save(order)
      sweep()
      current = 2
    }
    if (isPending(current)) {
      settle(order, [step(at, unpaidCancelStatus, 'ORDER_CANCELLED', 'cancel')])
    } else if (current === 2) {
      if (activeRefunds(order).length > 0) throw new Refusal('ORDER_REFUNDED')
      if (!wallet(order.payMethodId, order.mode).reversePaid.includes(order.mode)) {
        if (unreversibleCancel === 'accept') {
          save(order)
          return { data: {} }
        }
        throw new Refusal(
          'ORDER_NOT_CANCELLABLE',
          `${order.payMethodId} cannot reverse a paid ${order.mode} order; refund it instead`
        )
      }
      settle(order, [step(at, paidCancelStatus, 'ORDER_REVERSED', 'cancel')])
    }
    // 1 and 3 are final: a repeated cancel succeeds and changes nothing (§5.3: "cancel again").
    save(order)
    return { data: {} }
  }

  const query: Handler = (values) => ({ data: orderData(snapshot(findOrder(values))) })

  const refund: Handler = (values) => {
    const merchantOrderNo = values.must('merchant_order_no')
    // §6.4: a refund has its own new number; reusing any number, the order's own included, fails.
    if (isUsedNumber(merchantOrderNo)) throw new Refusal('REFUND_DUPLICATE')
    const origNo = values.text('orig_merchant_order_no')
    const origTransNo = values.text('orig_trans_no')
    const order = origNo !== null ? orders.get(origNo) : byTransNo.get(origTransNo ?? '')
    if (order === undefined) throw new Refusal('ORDER_NOT_FOUND', 'No such original order')
    if (origNo !== null && origTransNo !== null && order.transNo !== origTransNo) {
      throw new Refusal('PARAM_INVALID', 'orig_trans_no is not the trans_no of that order')
    }
    const currency = values.currency()
    if (currency !== order.priceCurrency) throw new Refusal('CURRENCY_MISMATCH')
    if (orderOutcome(order).transStatus !== 2) throw new Refusal('ORDER_NOT_PAID')
    const amount = values.number('order_amount') ?? 0
    const active = activeRefunds(order)
    if (active.length >= maxPartialRefunds) {
      throw new Refusal(
        'REFUND_LIMIT_REACHED',
        `The order already has ${active.length} refunds (at most ${maxPartialRefunds})`
      )
    }
    const refunded = active.reduce((sum, item) => sum + item.refundAmountMinor, 0)
    if (refunded + amount > order.orderAmountMinor) {
      throw new Refusal(
        'REFUND_AMOUNT_EXCEEDED',
        `Refundable: ${toMajorString({ minor: order.orderAmountMinor - refunded, currency })}`
      )
    }
    const rule = refundScenarioFor(amount, refundRules)
    const createdAt = now()
    const refundSerial = nextSerial()
    const record: RefundRecord = {
      merchantOrderNo,
      transNo: `SR${utcStamp(createdAt).slice(0, 8)}T${refundSerial}`,
      origMerchantOrderNo: order.merchantOrderNo,
      origTransNo: order.transNo,
      priceCurrency: currency,
      refundAmountMinor: amount,
      description: values.text('description'),
      notifyUrl: values.text('notify_url'),
      scenario: rule.name,
      createdAt,
      serial: refundSerial,
      // §5.4: refunds may be asynchronous; a query first sees 0 (refunding).
      steps: [
        step(createdAt, 0, null, 'scenario'),
        {
          ...step(createdAt + refundDelayMs, rule.transStatus, null, 'scenario'),
          ...(rule.transStatus === 1
            ? {
                errorCode: rule.errorCode ?? 'DECLINED',
                errorMessage: rule.errorMessage ?? transErrors.DECLINED
              }
            : {})
        }
      ],
      notified: []
    }
    indexRefund(record)
    store.saveRefund(record)
    return {
      data: {
        trans_no: record.transNo,
        trans_amount: amountOf(amount, currency),
        trans_fee_c: amountOf(0, currency)
      }
    }
  }

  function findRefund(values: Values): RefundRecord {
    const merchantOrderNo = values.text('merchant_order_no')
    const transNo = values.text('trans_no')
    const found =
      merchantOrderNo !== null
        ? refunds.get(merchantOrderNo)
        : transNo !== null
          ? refundsByTransNo.get(transNo)
          : undefined
    if (found === undefined) throw new Refusal('REFUND_NOT_FOUND')
    return found
  }

  const refundQuery: Handler = (values) => ({
    data: refundData(refundSnapshot(findRefund(values)))
  })

  const handlers: Record<GatewayMethod, Handler> = {
    'cscanb.pay.getqrcode': getQrCode,
    'bscanc.pay.submit': submit,
    'order.revoker': revoke,
    'order.refund.submit': refund,
    'order.query': query,
    'order.refund.query': refundQuery
  }

  function orderOutcome(order: OrderRecord): Outcome {
    return outcomeAt(order.steps, order.expiresAt, now())
  }

  function refundOutcome(record: RefundRecord): Outcome {
    return outcomeAt(record.steps, Number.POSITIVE_INFINITY, now())
  }

  function snapshot(order: OrderRecord): SandboxOrder {
    const outcome = orderOutcome(order)
    const active = activeRefunds(order)
    return {
      merchantOrderNo: order.merchantOrderNo,
      transNo: order.transNo,
      mode: order.mode,
      payScenario: order.mode === 'CPM' ? 'BSCANQR_PAY' : 'SCANQR_PAY',
      payMethodId: order.payMethodId,
      priceCurrency: order.priceCurrency,
      orderAmountMinor: order.orderAmountMinor,
      storeNo: order.storeNo,
      description: order.description,
      attach: order.attach,
      notifyUrl: order.notifyUrl,
      authCodeLast4: order.authCodeLast4,
      qrcodeUrl: order.walletToken === null ? null : walletUrl(order.walletToken),
      scenario: order.scenario,
      createdAt: order.createdAt,
      expiresAt: order.expiresAt,
      transStatus: outcome.transStatus,
      transErrorCode: outcome.transStatus === 1 ? outcome.errorCode : null,
      transErrorMsg: outcome.transStatus === 1 ? outcome.errorMessage : null,
      transEndTime: outcome.endedAt === null ? null : utcDateTime(outcome.endedAt),
      payChannelTransNo:
        outcome.transStatus === 2
          ? `CH${utcStamp(order.createdAt).slice(0, 8)}T${order.serial}`
          : null,
      refundedMinor: active.reduce((sum, item) => sum + item.refundAmountMinor, 0),
      refundCount: active.length
    }
  }

  function refundSnapshot(record: RefundRecord): SandboxRefund {
    const outcome = refundOutcome(record)
    return {
      merchantOrderNo: record.merchantOrderNo,
      transNo: record.transNo,
      origMerchantOrderNo: record.origMerchantOrderNo,
      origTransNo: record.origTransNo,
      priceCurrency: record.priceCurrency,
      refundAmountMinor: record.refundAmountMinor,
      description: record.description,
      notifyUrl: record.notifyUrl,
      scenario: record.scenario,
      createdAt: record.createdAt,
      transStatus: outcome.transStatus,
      transErrorCode: outcome.transStatus === 1 ? outcome.errorCode : null,
      transErrorMsg: outcome.transStatus === 1 ? outcome.errorMessage : null,
      transEndTime: outcome.endedAt === null ? null : utcDateTime(outcome.endedAt)
    }
  }

  /** §5.5: the payment details when paid, the error when closed. */
  function orderData(order: SandboxOrder): Fields {
    return {
      trans_no: order.transNo,
      trans_type: 1,
      trans_status: order.transStatus,
      merchant_order_no: order.merchantOrderNo,
      price_currency: order.priceCurrency,
      order_amount: amountOf(order.orderAmountMinor, order.priceCurrency),
      trans_amount: amountOf(order.orderAmountMinor, order.priceCurrency),
      store_no: order.storeNo,
      pay_scenario: order.payScenario,
      pay_method_id: order.payMethodId,
      attach: order.attach,
      ...(order.transStatus === 2 ? paidFields(order) : {}),
      ...(order.transStatus === 1
        ? { trans_error_code: order.transErrorCode, trans_error_msg: order.transErrorMsg }
        : {})
    }
  }

  /** §5.6, plus `trans_type` 3 (§6.2) and the original's number so a notification can be matched. */
  function refundData(record: SandboxRefund): Fields {
    return {
      trans_no: record.transNo,
      trans_type: 3,
      orig_trans_no: record.origTransNo,
      orig_merchant_order_no: record.origMerchantOrderNo,
      trans_status: record.transStatus,
      merchant_order_no: record.merchantOrderNo,
      price_currency: record.priceCurrency,
      order_amount: amountOf(record.refundAmountMinor, record.priceCurrency),
      trans_amount: amountOf(record.refundAmountMinor, record.priceCurrency),
      ...(record.transStatus === 2
        ? {
            pay_channel_trans_no: `CR${record.transNo.slice(2)}`,
            trans_end_time: record.transEndTime
          }
        : {}),
      ...(record.transStatus === 1
        ? { trans_error_code: record.transErrorCode, trans_error_msg: record.transErrorMsg }
        : {})
    }
  }

  /**
   * §7 "probable fields": the query `data` fields plus `merchant_no`, `app_id` and `sign_type`,
   * flat, signed with the gateway key over every top-level field but `sign` (§4.5).
   */
  function notificationBody(data: Fields): string {
    const fields: Record<string, Fields[string]> = {
      ...data,
      merchant_no: options.merchantNo,
      app_id: options.appId,
      sign_type: 'RSA2'
    }
    fields['sign'] = signFields(fields, gatewayKey)
    return writeJsonObject(fields)
  }

  function createNotification(
    kind: 'payment' | 'refund',
    merchantOrderNo: string,
    transNo: string,
    transStatus: TransStatus,
    notifyUrl: string,
    data: Fields
  ): void {
    const notification: NotificationRecord = {
      id: `NT${nextSerial()}`,
      kind,
      merchantOrderNo,
      transNo,
      transStatus,
      notifyUrl,
      body: notificationBody(data),
      createdAt: now(),
      state: 'pending',
      attempts: []
    }
    notifications.set(notification.id, notification)
    store.saveNotification(notification)
    deps.notify?.(notification)
  }

  /**
   * §7: a payment or a refund that reaches a final state is notified, whatever the state (the
   * Sadad copy: "regardless of success"); a paid order later reversed is notified again.
   */
  function sweep(): void {
    // Every order and refund, on every call: only the status is read here; the whole snapshot
    // (strings, refund sums) is built only for one about to be notified.
    for (const order of orders.values()) {
      if (order.notifyUrl === null) continue
      const status = orderOutcome(order).transStatus
      if (isPending(status) || order.notified.includes(status)) continue
      const snap = snapshot(order)
      order.notified.push(snap.transStatus)
      save(order)
      createNotification(
        'payment',
        snap.merchantOrderNo,
        snap.transNo,
        snap.transStatus,
        order.notifyUrl,
        orderData(snap)
      )
    }
    for (const record of refunds.values()) {
      if (record.notifyUrl === null) continue
      const status = refundOutcome(record).transStatus
      if (isPending(status) || record.notified.includes(status)) continue
      const snap = refundSnapshot(record)
      record.notified.push(snap.transStatus)
      store.saveRefund(record)
      createNotification(
        'refund',
        snap.merchantOrderNo,
        snap.transNo,
        snap.transStatus,
        record.notifyUrl,
        refundData(snap)
      )
    }
  }

  function handle(fields: Readonly<Record<string, RawValue>>): EntryReply {
    const params = new Params(fields)
    try {
      checkEnvelope(params, fields)
      const method = params.required('method')
      if (!isGatewayMethod(method)) {
        throw new Refusal('METHOD_UNSUPPORTED', `The sandbox does not support ${method}`)
      }
      const result = handlers[method](validate(method, params))
      sweep()
      return faulty(result.reply, result.data)
    } catch (error) {
      if (error instanceof Refusal) return refuse(error.code, error.message)
      throw error
    }
  }

  /** §2 and §4: who is calling, is it really them, and is the request fresh. */
  function checkEnvelope(params: Params, fields: Readonly<Record<string, RawValue>>): void {
    for (const key of envelopeRules.required) params.required(key)
    if (params.required('app_id') !== options.appId) throw new Refusal('APP_ID_INVALID')
    if (params.required('sign_type') !== envelopeRules.fixed.sign_type) {
      throw new Refusal('PARAM_INVALID', 'sign_type must be RSA2')
    }
    // §4.2 over the fields exactly as they were sent.
    if (!verifyFields(fields, params.required('sign'), appKey)) throw new Refusal('SIGN_INVALID')
    const timestamp = params.number('timestamp')
    if (timestamp === undefined) throw new Refusal('PARAM_INVALID', 'timestamp is required')
    if (!/^\d{1,16}$/.test(timestamp)) {
      throw new Refusal('PARAM_INVALID', 'timestamp must be epoch milliseconds')
    }
    if (Math.abs(Number(timestamp) - now()) > envelopeRules.timestampSkewMs) {
      throw new Refusal('TIMESTAMP_EXPIRED')
    }
    for (const [key, value] of Object.entries(envelopeRules.fixed)) {
      if (params.required(key) !== value) {
        throw new Refusal('PARAM_INVALID', `${key} must be ${value}`)
      }
    }
    if (params.required(envelopeRules.merchant) !== options.merchantNo) {
      throw new Refusal('MERCHANT_INVALID')
    }
    const storeNo = params.text(envelopeRules.store)
    if (storeNo !== undefined && storeNo !== options.storeNo) throw new Refusal('MERCHANT_INVALID')
    // §1.3: only characters of 1–3 UTF-8 bytes; a surrogate means a 4-byte character (or a broken one).
    for (const [key, value] of params.strings()) {
      if (/[\uD800-\uDFFF]/.test(value)) {
        throw new Refusal('PARAM_INVALID', `${key} has a character outside the 3-byte UTF-8 range`)
      }
    }
  }

  function walletAct(token: string, action: WalletAction): boolean {
    const order = byToken.get(token)
    if (order === undefined || !isPending(orderOutcome(order).transStatus)) return false
    const at = now()
    if (action === 'decline') {
      settle(order, [step(at, 1, 'USER_DECLINED', 'wallet')])
    } else if (walletConfirmMs > 0) {
      settle(order, [step(at, 0, null, 'wallet'), step(at + walletConfirmMs, 2, null, 'wallet')])
    } else {
      settle(order, [step(at, 2, null, 'wallet')])
    }
    save(order)
    sweep()
    return true
  }

  return {
    handle,
    refuse,
    getOrder: (merchantOrderNo) => {
      const order = orders.get(merchantOrderNo)
      return order === undefined ? undefined : snapshot(order)
    },
    listOrders: () => [...orders.values()].map(snapshot),
    getRefund: (merchantOrderNo) => {
      const record = refunds.get(merchantOrderNo)
      return record === undefined ? undefined : refundSnapshot(record)
    },
    listRefunds: () => [...refunds.values()].map(refundSnapshot),
    listNotifications: () => [...notifications.values()],
    pendingNotifications: () =>
      [...notifications.values()].filter((notification) => notification.state === 'pending'),
    orderByWalletToken: (token) => {
      const order = byToken.get(token)
      return order === undefined ? undefined : snapshot(order)
    },
    walletAct,
    merchantName: options.merchantName ?? 'Sandbox Shop',
    now,
    sweep
  }
}

function step(
  at: number,
  transStatus: TransStatus,
  errorCode: keyof typeof transErrors | null,
  cause: Step['cause']
): Step {
  return {
    at,
    transStatus,
    errorCode,
    errorMessage: errorCode === null ? null : transErrors[errorCode],
    cause
  }
}

function amountOf(minor: number, currency: CurrencyCode): RawJson {
  // §9: major units as a JSON number, written as its exact decimal literal.
  return RawJson.number(toMajorString({ minor, currency }))
}

function paidFields(order: SandboxOrder): Fields {
  return {
    pay_channel_trans_no: order.payChannelTransNo,
    pay_user_account_id: `sandbox-user-${order.authCodeLast4 ?? order.transNo.slice(-4)}`,
    trans_amount: amountOf(order.orderAmountMinor, order.priceCurrency),
    paid_amount: amountOf(order.orderAmountMinor, order.priceCurrency),
    trans_end_time: order.transEndTime
  }
}

/** `YYYYMMDDHHmmss` in UTC. */
function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14)
}

/** `YYYY-MM-DD HH:mm:ss` in UTC+0, as `trans_end_time` (§9). */
export function utcDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
}
