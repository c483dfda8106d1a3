import type { KeyObject } from 'node:crypto'
import { RawJson, writeJsonObject } from '../main/gateway/json'
import type { Fields, RawValue } from '../main/gateway/json'
import { loadPrivateKey, loadPublicKey, signFields, verifyFields } from '../main/gateway/sign'
import type { GatewayMethod, TransStatus } from '../main/gateway/types'
import {
  exponentOf,
  fromMajor,
  isCurrencyCode,
  maxMinorAmount,
  toMajorString
} from '../shared/money'
import type { CurrencyCode } from '../shared/money'
import { sandboxErrors, type SandboxErrorCode } from './codes'
import { defaultScenarios, outcomeAt, scenarioFor, type ScenarioRule } from './scenarios'

/** One CPM order as the sandbox holds it; the admin endpoint serves this shape as JSON. */
export interface SandboxOrder {
  readonly merchantOrderNo: string
  readonly transNo: string
  /** `BSCANQR_PAY`: customer-presented (API.md §6.3). */
  readonly payScenario: 'BSCANQR_PAY'
  readonly payMethodId: string
  readonly priceCurrency: CurrencyCode
  readonly orderAmountMinor: number
  readonly storeNo: string | null
  readonly description: string | null
  readonly attach: string | null
  readonly notifyUrl: string | null
  /** Never the whole scanned code, even here: only what a receipt would show. */
  readonly authCodeLast4: string
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
}

export interface GatewayCoreOptions {
  readonly appId: string
  readonly merchantNo: string
  readonly storeNo: string
  readonly appPublicKeyPem: string
  readonly gatewayPrivateKeyPem: string
  readonly now?: () => number
  /** Replaces `defaultScenarios` (spread them in to extend the defaults). */
  readonly scenarios?: readonly ScenarioRule[]
}

/** A reply ready for the wire: HTTP status and the signed §3 envelope. */
export interface EntryReply {
  readonly httpStatus: number
  readonly body: string
  readonly code: string
}

export interface GatewayCore {
  handle(fields: Readonly<Record<string, RawValue>>): EntryReply
  refuse(code: SandboxErrorCode, msg?: string): EntryReply
  getOrder(merchantOrderNo: string): SandboxOrder | undefined
  listOrders(): SandboxOrder[]
}

/** §2: the gateway refuses a `timestamp` more than 15 minutes from its own clock. */
const timestampSkewMs = 15 * 60 * 1000
/** When a submit has no `expires`; the JP test sends 60 for CPM (§5.1). */
const defaultExpiresSeconds = 60
/** `merchant_order_no`: at most 32 alphanumerics (§5.1). */
const orderNoPattern = /^[A-Za-z0-9]{1,32}$/

/** A refusal raised while checking a request; it becomes a signed non-"0" reply. */
class Refusal extends Error {
  constructor(
    readonly code: SandboxErrorCode,
    message?: string
  ) {
    super(message ?? sandboxErrors[code].msg)
  }
}

interface OrderRecord {
  readonly merchantOrderNo: string
  readonly transNo: string
  readonly payMethodId: string
  readonly priceCurrency: CurrencyCode
  readonly orderAmountMinor: number
  readonly storeNo: string | null
  readonly description: string | null
  readonly attach: string | null
  readonly notifyUrl: string | null
  readonly authCodeLast4: string
  readonly rule: ScenarioRule
  readonly createdAt: number
  readonly expiresAt: number
  readonly serial: string
}

/** The request's fields with typed, refusing accessors; values are as transmitted. */
class Params {
  constructor(private readonly fields: Readonly<Record<string, RawValue>>) {}

  /** A string field; "" and null count as absent (§4.2 step 2). */
  text(key: string): string | undefined {
    const value = this.fields[key]
    if (value === undefined || value === '') return undefined
    if (value instanceof RawJson) {
      if (value.text === 'null') return undefined
      throw new Refusal('PARAM_INVALID', `${key} must be a string`)
    }
    return value
  }

  required(key: string): string {
    const value = this.text(key)
    if (value === undefined) throw new Refusal('PARAM_INVALID', `${key} is required`)
    return value
  }

  /** A number field: a JSON number literal, or the numeric text a form body carries. */
  number(key: string): string | undefined {
    const value = this.fields[key]
    if (value === undefined || value === '') return undefined
    const text = value instanceof RawJson ? value.text : value
    if (text === 'null') return undefined
    if (!/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)) {
      throw new Refusal('PARAM_INVALID', `${key} must be a number`)
    }
    return text
  }

  strings(): [string, string][] {
    return Object.entries(this.fields).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string'
    )
  }
}

type Handler = (params: Params) => Fields

/**
 * The simulated PayCloud gateway (API.md §11), free of HTTP: checks a request the way the gateway
 * does, runs the method, and signs the reply with the gateway key.
 */
export function createGatewayCore(options: GatewayCoreOptions): GatewayCore {
  const now = options.now ?? Date.now
  const rules = options.scenarios ?? defaultScenarios
  const appKey: KeyObject = loadPublicKey(options.appPublicKeyPem)
  const gatewayKey: KeyObject = loadPrivateKey(options.gatewayPrivateKeyPem)
  const orders = new Map<string, OrderRecord>()
  const byTransNo = new Map<string, OrderRecord>()
  let serial = 0

  function nextSerial(): string {
    serial += 1
    return String(serial).padStart(6, '0')
  }

  /** The §3 envelope, `data` as a JSON string, signed over every other top-level field (§4.4). */
  function envelope(code: string, msg: string, httpStatus: number, data?: Fields): EntryReply {
    const stamp = utcStamp(now())
    const fields: Record<string, string> = {
      code,
      msg,
      // Separators keep digit runs short: the till's log redacts long digit runs as codes.
      psn: `PSN-${stamp.slice(0, 8)}-${stamp.slice(8)}-${nextSerial()}`,
      ...(data === undefined ? {} : { data: writeJsonObject(data) })
    }
    fields['sign'] = signFields(fields, gatewayKey)
    return { httpStatus, body: writeJsonObject(fields), code }
  }

  function refuse(code: SandboxErrorCode, msg?: string): EntryReply {
    return envelope(code, msg ?? sandboxErrors[code].msg, sandboxErrors[code].httpStatus)
  }

  const submit: Handler = (params) => {
    const merchantOrderNo = orderNo(params, 'merchant_order_no')
    const authCode = params.required('auth_code')
    const payMethodId = params.required('pay_method_id')
    const currency = params.required('price_currency')
    if (!isCurrencyCode(currency)) {
      throw new Refusal('PARAM_INVALID', `price_currency ${currency} is not supported`)
    }
    const amountText = params.number('order_amount')
    if (amountText === undefined) throw new Refusal('PARAM_INVALID', 'order_amount is required')
    const minor = /^\d+(?:\.\d+)?$/.test(amountText) ? fromMajor(amountText, currency) : null
    if (minor === null || minor <= 0 || minor > maxMinorAmount) {
      throw new Refusal(
        'PARAM_INVALID',
        `order_amount must be a positive ${currency} amount in major units ` +
          `with at most ${exponentOf(currency)} decimals`
      )
    }
    const expiresText = params.number('expires') ?? String(defaultExpiresSeconds)
    const expires = Number(expiresText)
    if (!/^\d+$/.test(expiresText) || expires < 1 || expires > 86_400) {
      throw new Refusal('PARAM_INVALID', 'expires must be a whole number of seconds, 1 to 86400')
    }
    const notifyUrl = params.text('notify_url') ?? null
    if (notifyUrl !== null && !isHttpUrl(notifyUrl)) {
      throw new Refusal('PARAM_INVALID', 'notify_url must be an absolute http(s) URL')
    }
    // §6.4: one payment attempt per merchant_order_no.
    if (orders.has(merchantOrderNo)) throw new Refusal('ORDER_DUPLICATE')

    const createdAt = now()
    const serial = nextSerial()
    const record: OrderRecord = {
      merchantOrderNo,
      transNo: `SB${utcStamp(createdAt).slice(0, 8)}T${serial}`,
      payMethodId,
      priceCurrency: currency,
      orderAmountMinor: minor,
      storeNo: params.text('store_no') ?? null,
      description: params.text('description') ?? null,
      attach: params.text('attach') ?? null,
      notifyUrl,
      authCodeLast4: authCode.slice(-4),
      rule: scenarioFor(authCode, rules),
      createdAt,
      expiresAt: createdAt + expires * 1000,
      serial
    }
    orders.set(merchantOrderNo, record)
    byTransNo.set(record.transNo, record)

    // §5.2: submit answers the status, and the payment details only once paid.
    const order = snapshot(record)
    return {
      trans_no: order.transNo,
      trans_status: order.transStatus,
      ...(order.transStatus === 2 ? paidFields(order) : {})
    }
  }

  const query: Handler = (params) => {
    const merchantOrderNo = params.text('merchant_order_no')
    const transNo = params.text('trans_no')
    let record: OrderRecord | undefined
    if (merchantOrderNo !== undefined) {
      record = orders.get(orderNo(params, 'merchant_order_no'))
    } else if (transNo !== undefined) {
      record = byTransNo.get(transNo)
    } else {
      throw new Refusal('PARAM_INVALID', 'merchant_order_no or trans_no is required')
    }
    if (record === undefined) throw new Refusal('ORDER_NOT_FOUND')
    const order = snapshot(record)
    // §5.5: the payment details when paid, the error when closed.
    return {
      trans_no: order.transNo,
      trans_type: 1,
      trans_status: order.transStatus,
      merchant_order_no: order.merchantOrderNo,
      price_currency: order.priceCurrency,
      order_amount: amountOf(order),
      trans_amount: amountOf(order),
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

  // The methods this sandbox runs; the other §1.2 methods answer METHOD_UNSUPPORTED for now.
  const handlers = new Map<string, Handler>([
    ['bscanc.pay.submit', submit],
    ['order.query', query]
  ] satisfies [GatewayMethod, Handler][])

  function snapshot(record: OrderRecord): SandboxOrder {
    const outcome = outcomeAt(record.rule, record.createdAt, record.expiresAt, now())
    return {
      merchantOrderNo: record.merchantOrderNo,
      transNo: record.transNo,
      payScenario: 'BSCANQR_PAY',
      payMethodId: record.payMethodId,
      priceCurrency: record.priceCurrency,
      orderAmountMinor: record.orderAmountMinor,
      storeNo: record.storeNo,
      description: record.description,
      attach: record.attach,
      notifyUrl: record.notifyUrl,
      authCodeLast4: record.authCodeLast4,
      scenario: record.rule.name,
      createdAt: record.createdAt,
      expiresAt: record.expiresAt,
      transStatus: outcome.transStatus,
      transErrorCode: outcome.errorCode,
      transErrorMsg: outcome.errorMessage,
      transEndTime: outcome.endedAt === null ? null : utcDateTime(outcome.endedAt),
      payChannelTransNo:
        outcome.transStatus === 2
          ? `CH${utcStamp(record.createdAt).slice(0, 8)}T${record.serial}`
          : null
    }
  }

  function handle(fields: Readonly<Record<string, RawValue>>): EntryReply {
    const params = new Params(fields)
    try {
      checkEnvelope(params, fields)
      const method = params.required('method')
      const handler = handlers.get(method)
      if (handler === undefined) {
        throw new Refusal('METHOD_UNSUPPORTED', `The sandbox does not support ${method}`)
      }
      return envelope('0', 'Success', 200, handler(params))
    } catch (error) {
      if (error instanceof Refusal) return refuse(error.code, error.message)
      throw error
    }
  }

  /** §2 and §4: who is calling, is it really them, and is the request fresh. */
  function checkEnvelope(params: Params, fields: Readonly<Record<string, RawValue>>): void {
    for (const key of ['app_id', 'method', 'format', 'charset', 'sign_type', 'version', 'sign']) {
      params.required(key)
    }
    if (params.required('app_id') !== options.appId) throw new Refusal('APP_ID_INVALID')
    if (params.required('sign_type') !== 'RSA2') {
      throw new Refusal('PARAM_INVALID', 'sign_type must be RSA2')
    }
    // §4.2 over the fields exactly as they were sent.
    if (!verifyFields(fields, params.required('sign'), appKey)) throw new Refusal('SIGN_INVALID')
    const timestamp = params.number('timestamp')
    if (timestamp === undefined) throw new Refusal('PARAM_INVALID', 'timestamp is required')
    if (!/^\d{1,16}$/.test(timestamp)) {
      throw new Refusal('PARAM_INVALID', 'timestamp must be epoch milliseconds')
    }
    if (Math.abs(Number(timestamp) - now()) > timestampSkewMs) {
      throw new Refusal('TIMESTAMP_EXPIRED')
    }
    const expected = { format: 'JSON', charset: 'UTF-8', version: '1.0' } as const
    for (const [key, value] of Object.entries(expected)) {
      if (params.required(key) !== value)
        throw new Refusal('PARAM_INVALID', `${key} must be ${value}`)
    }
    if (params.required('merchant_no') !== options.merchantNo) throw new Refusal('MERCHANT_INVALID')
    const storeNo = params.text('store_no')
    if (storeNo !== undefined && storeNo !== options.storeNo) throw new Refusal('MERCHANT_INVALID')
    // §1.3: only characters of 1–3 UTF-8 bytes; a surrogate means a 4-byte character (or a broken one).
    for (const [key, value] of params.strings()) {
      if (/[\uD800-\uDFFF]/.test(value)) {
        throw new Refusal('PARAM_INVALID', `${key} has a character outside the 3-byte UTF-8 range`)
      }
    }
  }

  return {
    handle,
    refuse,
    getOrder: (merchantOrderNo) => {
      const record = orders.get(merchantOrderNo)
      return record === undefined ? undefined : snapshot(record)
    },
    listOrders: () => [...orders.values()].map(snapshot)
  }
}

function orderNo(params: Params, key: string): string {
  const value = params.required(key)
  if (!orderNoPattern.test(value)) {
    throw new Refusal('PARAM_INVALID', `${key} must be 1 to 32 letters and digits`)
  }
  return value
}

function amountOf(order: SandboxOrder): RawJson {
  // §9: major units as a JSON number, written as its exact decimal literal.
  return RawJson.number(
    toMajorString({ minor: order.orderAmountMinor, currency: order.priceCurrency })
  )
}

function paidFields(order: SandboxOrder): Fields {
  return {
    pay_channel_trans_no: order.payChannelTransNo,
    pay_user_account_id: `sandbox-user-${order.authCodeLast4}`,
    trans_amount: amountOf(order),
    paid_amount: amountOf(order),
    trans_end_time: order.transEndTime
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}

/** `YYYYMMDDHHmmss` in UTC. */
function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14)
}

/** `YYYY-MM-DD HH:mm:ss` in UTC+0, as `trans_end_time` (§9). */
function utcDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
}
