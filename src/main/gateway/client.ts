import type { KeyObject } from 'node:crypto'
import { z } from 'zod'
import {
  currencyCodes,
  isCurrencyCode,
  toMajorString,
  type CurrencyCode,
  type Money
} from '../../shared/money'
import { createLogger } from '../log'
import { amountMismatch, statedAmountOf, statedMinor } from './amount'
import { httpTransport, type Transport, type TransportLimits } from './http'
import { fieldText, RawJson, scanTopLevel, writeJsonObject } from './json'
import type { FieldValue, Fields, RawValue } from './json'
import {
  cleanText,
  codeMeanings,
  defaultMaxAmountMinor,
  docPathSuffixes,
  isGatewayMethod,
  isGatewayText,
  systemError
} from './rules'
import { loadPrivateKey, loadPublicKey, signFieldsOffThread, verifyFields } from './sign'
import type {
  AmountStatement,
  CancelOrderReply,
  CancelOrderRequest,
  Gateway,
  GatewayConfig,
  GatewayError,
  GatewayMethod,
  GatewayResult,
  GetQrCodeReply,
  GetQrCodeRequest,
  OrderQueryReply,
  OrderQueryRequest,
  OrderRef,
  PreparedCall,
  RefusalMeaning,
  RefundQueryReply,
  RefundQueryRequest,
  SubmitCpmReply,
  SubmitCpmRequest,
  SubmitRefundReply,
  SubmitRefundRequest
} from './types'
import { refusalMeaningNames, UnpayableAmountError } from './types'

const log = createLogger('gateway')

/** API.md §10 lists a 30 s request timeout; the SDK never retries on its own, neither do we. */
const defaultTimeoutMs = 30_000
/** A handshake to a healthy gateway takes well under a second; 10 s means the route is down. */
const defaultConnectTimeoutMs = 10_000
/** §1.3: the SDK's socket read timeout. */
const defaultReadTimeoutMs = 30_000
/** Far above any PayCloud reply; a bigger body is not a reply we could trust anyway. */
const maxReplyBytes = 1024 * 1024

export interface GatewayClientDeps {
  /** The HTTP exchange; tests wrap `httpTransport` to watch what is sent. */
  readonly transport?: Transport
  /** Epoch ms for `timestamp` (API.md §2); the gateway refuses a clock 15 min off. */
  readonly now?: () => number
}

/**
 * What the method table may check before anything is sent. Every failure is a caller bug and
 * throws a `RangeError`, which `call` turns into a rejected promise.
 */
interface Checks {
  /**
   * §9: a payable amount in an enabled currency, as the decimal major-unit literal that is signed.
   * A refund gives back money already taken: the configured ceiling and currency list (a guard
   * for new sales) do not hold it back; only the default ceiling, against a unit bug, does.
   */
  amount(field: string, amount: Money, use?: 'payment' | 'refund'): RawJson
  /** An identifier or code: present, and only characters PayCloud carries (§1.3). */
  required(field: string, value: string): string
  /** As `required`, but may be absent. */
  optional(field: string, value: string | undefined): string | undefined
  /** Free text for people: cleaned of 4-byte characters (§1.3); null when nothing is left. */
  label(value: string | undefined): string | null
}

/**
 * One row of the method table: how a request becomes business fields and how `data` becomes a
 * reply. Everything else (envelope, signing, transport, verification) is shared by every method.
 */
interface MethodSpec<Request, Data, Reply> {
  readonly method: GatewayMethod
  /** Business fields in the gateway's names (API.md §5), added to the envelope (§2). */
  readonly fields: (request: Request, check: Checks) => Fields
  /** What the log may show of a request: never the full auth code. */
  readonly summary: (request: Request) => Record<string, unknown>
  /** `data` of a `code == "0"` reply; absent or empty `data` arrives here as `undefined`. */
  readonly data: z.ZodType<Data>
  /**
   * `raw` is `data` as JSON.parse reads it, for the journal; `sent` is its top-level fields as
   * transmitted (`scanTopLevel`), for what a number cannot carry faithfully: the amounts (§9).
   */
  readonly reply: (
    data: Data,
    raw: Readonly<Record<string, unknown>>,
    request: Request,
    sent: Readonly<Record<string, RawValue>>
  ) => Checked<Reply>
}

type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string }

function defineMethod<Request, Data, Reply>(
  spec: MethodSpec<Request, Data, Reply>
): MethodSpec<Request, Data, Reply> {
  return spec
}

// `trans_status` is an integer (§6.1) that some deployments send as a numeric string (§9).
const transStatusSchema = z
  .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
  .pipe(z.literal([0, 1, 2, 3, 9]))

/** A free-text field: a string (or a number from a lax deployment), with "" and null as absent. */
const optionalTextSchema = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((value) =>
    value === null || value === undefined || value === '' ? null : String(value)
  )

const getQrCode = defineMethod({
  method: 'cscanb.pay.getqrcode',
  fields: (request: GetQrCodeRequest, check) => ({
    merchant_order_no: check.required('merchant_order_no', request.merchantOrderNo),
    pay_method_id: check.required('pay_method_id', request.payMethodId),
    price_currency: request.amount.currency,
    order_amount: check.amount('order_amount', request.amount),
    description: requiredLabel(check, request.description),
    expires: wholeSeconds(request.expiresSeconds),
    notify_url: check.optional('notify_url', request.notifyUrl),
    // Echoed byte for byte in queries and notifications (§5.1): refused, never rewritten.
    attach: check.optional('attach', request.attach)
  }),
  summary: (request: GetQrCodeRequest) => ({
    merchant_order_no: request.merchantOrderNo,
    pay_method_id: request.payMethodId,
    amount: amountText(request.amount)
  }),
  // §5.1: no `trans_status` here; the order starts at 9 and is polled.
  data: z.object({ trans_no: z.string().min(1), qrcode_url: z.string().min(1) }),
  reply: (data, raw): Checked<GetQrCodeReply> => ({
    ok: true,
    value: { transNo: data.trans_no, qrcodeUrl: data.qrcode_url, raw }
  })
})

const submitCpm = defineMethod({
  method: 'bscanc.pay.submit',
  fields: (request: SubmitCpmRequest, check) => ({
    merchant_order_no: check.required('merchant_order_no', request.merchantOrderNo),
    auth_code: check.required('auth_code', request.authCode),
    pay_method_id: check.required('pay_method_id', request.payMethodId),
    price_currency: request.amount.currency,
    order_amount: check.amount('order_amount', request.amount),
    description: requiredLabel(check, request.description),
    expires: wholeSeconds(request.expiresSeconds),
    notify_url: check.optional('notify_url', request.notifyUrl)
  }),
  summary: (request: SubmitCpmRequest) => ({
    merchant_order_no: request.merchantOrderNo,
    pay_method_id: request.payMethodId,
    amount: amountText(request.amount),
    // The last four characters identify a scan for support without making it replayable.
    auth_code_tail: `…${request.authCode.slice(-4)}`
  }),
  data: z.object({ trans_no: z.string().min(1), trans_status: transStatusSchema }),
  reply: (data, raw, _request, sent): Checked<SubmitCpmReply> => ({
    ok: true,
    value: { transNo: data.trans_no, transStatus: data.trans_status, ...statement(sent), raw }
  })
})

const cancelOrder = defineMethod({
  method: 'order.revoker',
  fields: (request: CancelOrderRequest, check) => ({
    merchant_order_no: check.required('merchant_order_no', request.merchantOrderNo)
  }),
  summary: (request: CancelOrderRequest) => ({ merchant_order_no: request.merchantOrderNo }),
  // §5.3: no business fields; whatever a deployment adds is kept for the journal.
  data: z.union([z.undefined(), z.record(z.string(), z.unknown())]),
  reply: (_data, raw): Checked<CancelOrderReply> => ({ ok: true, value: { raw } })
})

const submitRefund = defineMethod({
  method: 'order.refund.submit',
  fields: (request: SubmitRefundRequest, check) => {
    const byOrderNo = nonEmpty(request.origMerchantOrderNo)
    const byTransNo = nonEmpty(request.origTransNo)
    if (byOrderNo === byTransNo) {
      throw new RangeError('A refund names its payment by origMerchantOrderNo or origTransNo.')
    }
    return {
      orig_merchant_order_no: check.optional('orig_merchant_order_no', request.origMerchantOrderNo),
      orig_trans_no: check.optional('orig_trans_no', request.origTransNo),
      merchant_order_no: check.required('merchant_order_no', request.merchantOrderNo),
      price_currency: request.amount.currency,
      // §5.4: the refund amount goes in `order_amount`; the legacy `trans_amount` is not sent.
      order_amount: check.amount('order_amount', request.amount, 'refund'),
      description: check.label(request.reason),
      notify_url: check.optional('notify_url', request.notifyUrl)
    }
  },
  summary: (request: SubmitRefundRequest) => ({
    merchant_order_no: request.merchantOrderNo,
    orig_merchant_order_no: request.origMerchantOrderNo,
    orig_trans_no: request.origTransNo,
    amount: amountText(request.amount)
  }),
  data: z.object({ trans_no: z.string().min(1) }),
  reply: (data, raw): Checked<SubmitRefundReply> => ({
    ok: true,
    value: { transNo: data.trans_no, raw }
  })
})

const queryOrder = defineMethod({
  method: 'order.query',
  fields: (request: OrderQueryRequest, check) => refFields(request, check),
  summary: (request: OrderQueryRequest) => refSummary(request),
  // The §5.5 fields the till acts on; the rest stays in `raw`. The amount and its currency are
  // read as transmitted (`statement`), whatever their type: an odd amount must not hide a status.
  data: z.object({
    trans_no: z.string().min(1),
    trans_status: transStatusSchema,
    merchant_order_no: z.string().nullish(),
    pay_method_id: optionalTextSchema,
    trans_error_code: optionalTextSchema,
    trans_error_msg: optionalTextSchema
  }),
  reply: (data, raw, request, sent): Checked<OrderQueryReply> => {
    const answered = answeredFor(request, data, 'order')
    if (!answered.ok) return answered
    const stated = statement(sent)
    return {
      ok: true,
      value: {
        transNo: data.trans_no,
        transStatus: data.trans_status,
        merchantOrderNo: answered.value,
        ...stated,
        orderAmountMinor: statedMinor(stated.stated),
        payMethodId: data.pay_method_id,
        errorCode: data.trans_error_code,
        errorMessage: data.trans_error_msg,
        raw
      }
    }
  }
})

const queryRefund = defineMethod({
  method: 'order.refund.query',
  fields: (request: RefundQueryRequest, check) => refFields(request, check),
  summary: (request: RefundQueryRequest) => refSummary(request),
  // §5.6; the refund's amount is `order_amount`, with `trans_amount` from older deployments,
  // read as transmitted (`statement`).
  data: z.object({
    trans_no: z.string().min(1),
    orig_trans_no: optionalTextSchema,
    trans_status: transStatusSchema,
    merchant_order_no: z.string().nullish(),
    trans_error_code: optionalTextSchema,
    trans_error_msg: optionalTextSchema
  }),
  reply: (data, raw, request, sent): Checked<RefundQueryReply> => {
    const answered = answeredFor(request, data, 'refund')
    if (!answered.ok) return answered
    const stated = statement(sent)
    return {
      ok: true,
      value: {
        transNo: data.trans_no,
        origTransNo: data.orig_trans_no,
        transStatus: data.trans_status,
        merchantOrderNo: answered.value,
        ...stated,
        amountMinor: statedMinor(stated.stated),
        errorCode: data.trans_error_code,
        errorMessage: data.trans_error_msg,
        raw
      }
    }
  }
})

/**
 * The PayCloud client (API.md §2–§4). Every call resolves to a `GatewayResult`; it rejects, with a
 * `RangeError` and before anything is sent, only for a caller bug: an amount that is not a whole
 * positive number of minor units, above the currency's maximum or in a currency not enabled; an
 * empty or unsendable identifier; `expires` not a positive whole number; a refund naming its
 * payment both ways or neither. Throws a `TypeError` at construction for a key that cannot be
 * read, a base URL that is not HTTPS, or settings that cannot work (unknown method, bad suffix).
 */
export function createGatewayClient(config: GatewayConfig, deps: GatewayClientDeps = {}): Gateway {
  const transport = deps.transport ?? httpTransport
  const now = deps.now ?? Date.now
  const privateKey = loadPrivateKey(config.appPrivateKeyPem)
  const gatewayKey = loadPublicKey(config.gatewayPublicKeyPem)
  const limits: TransportLimits = {
    timeoutMs: positiveMs('timeoutMs', config.timeoutMs, defaultTimeoutMs),
    connectTimeoutMs: positiveMs(
      'connectTimeoutMs',
      config.connectTimeoutMs,
      defaultConnectTimeoutMs
    ),
    readTimeoutMs: positiveMs('readTimeoutMs', config.readTimeoutMs, defaultReadTimeoutMs),
    maxReplyBytes
  }
  const encoding = config.bodyEncoding ?? 'json'
  const entry = entryUrl(config.baseUrl)
  // Checked here so that a bad setting stops the boot, not the first payment.
  const suffixes = pathSuffixes(config.pathSuffixes)
  const check = checks(config)
  const refusals: Refusals = {
    definite: definiteCodes(config.definiteRefusalCodes),
    meanings: codeMeanings(config.refusalMeanings, refusalMeaningNames, 'refusalMeanings')
  }

  function urlFor(method: GatewayMethod): string {
    const suffix = suffixes.get(method) ?? ''
    return suffix === '' ? entry : `${entry}/${suffix}`
  }

  /**
   * Builds the request and starts its signature on the thread pool now; connects and sends on
   * `send()`. Throws a RangeError, before anything is signed, for a caller bug (see above). Every
   * call goes this way, so no RSA signature blocks the main thread (Electron's main process).
   */
  function prepare<Request, Data, Reply>(
    spec: MethodSpec<Request, Data, Reply>,
    request: Request
  ): PreparedCall<Reply> {
    const fields: Record<string, FieldValue> = {
      app_id: config.appId,
      method: spec.method,
      format: 'JSON',
      charset: 'UTF-8',
      sign_type: 'RSA2',
      version: '1.0',
      timestamp: Math.trunc(now()),
      merchant_no: config.merchantNo,
      store_no: config.storeNo,
      ...spec.fields(request, check)
    }
    const signature = signFieldsOffThread(fields, privateKey)
    // `send` reports a failed signature; a call never sent must not leave it unhandled.
    signature.catch(() => undefined)
    const url = urlFor(spec.method)
    let used = false
    return {
      async send() {
        if (used) throw new Error(`${spec.method}: a prepared call is sent once.`)
        used = true
        fields['sign'] = await signature
        const summary = { method: spec.method, ...spec.summary(request) }
        const started = performance.now()
        log.info('request', { ...summary, url, encoding })

        const answer = await post(transport, url, encoding, fields, limits)
        const result = answer.ok
          ? interpret(spec, request, answer.body, gatewayKey, refusals)
          : ({ ok: false, error: answer.error } as const)

        const ms = Math.round(performance.now() - started)
        if (result.ok) {
          log.info('reply', {
            ...summary,
            ms,
            psn: result.psn,
            outcome: describeValue(result.value)
          })
        } else {
          log.warn('call failed', { ...summary, ms, error: result.error })
        }
        return result
      },
      abandon() {
        used = true
      }
    }
  }

  async function call<Request, Data, Reply>(
    spec: MethodSpec<Request, Data, Reply>,
    request: Request
  ): Promise<GatewayResult<Reply>> {
    return prepare(spec, request).send()
  }

  return {
    getQrCode: (request) => call(getQrCode, request),
    submitCpm: (request) => call(submitCpm, request),
    cancelOrder: (request) => call(cancelOrder, request),
    submitRefund: (request) => call(submitRefund, request),
    queryOrder: (request) => call(queryOrder, request),
    queryRefund: (request) => call(queryRefund, request),
    prepare: {
      getQrCode: (request) => prepare(getQrCode, request),
      submitCpm: (request) => prepare(submitCpm, request)
    }
  }
}

function checks(config: GatewayConfig): Checks {
  const enabled = new Set<string>(config.currencies ?? currencyCodes)
  for (const currency of enabled) {
    if (!isCurrencyCode(currency)) throw new TypeError(`Unknown currency ${currency}.`)
  }
  const maxima: Record<CurrencyCode, number> = { ...defaultMaxAmountMinor }
  for (const [currency, max] of Object.entries(config.maxAmountMinor ?? {})) {
    if (!isCurrencyCode(currency)) throw new TypeError(`Unknown currency ${currency}.`)
    if (max === undefined) continue
    if (!Number.isSafeInteger(max) || max <= 0) {
      throw new TypeError(`The maximum amount for ${currency} must be a positive whole number.`)
    }
    maxima[currency] = max
  }
  const required = (field: string, value: string): string => {
    if (typeof value !== 'string' || value === '') throw new RangeError(`${field} is required.`)
    if (!isGatewayText(value) || hasControlCharacter(value)) {
      throw new RangeError(`${field} has characters PayCloud cannot carry (API.md §1.3).`)
    }
    return value
  }
  return {
    amount(field, amount, use = 'payment') {
      // Runtime checks for what the types promise: the command line and JSON reach this too.
      const currency: string = amount.currency
      const refund = use === 'refund'
      if (!isCurrencyCode(currency) || (!refund && !enabled.has(currency))) {
        throw new UnpayableAmountError(
          `The currency ${currency} is not enabled for this gateway.`,
          {
            kind: 'currency-not-enabled',
            currency
          }
        )
      }
      if (!Number.isSafeInteger(amount.minor) || amount.minor <= 0) {
        throw new RangeError(`${field}: not a payable amount in minor units: ${amount.minor}`)
      }
      const max = refund
        ? Math.max(maxima[currency], defaultMaxAmountMinor[currency])
        : maxima[currency]
      if (amount.minor > max) {
        throw new UnpayableAmountError(
          `${field}: ${amountText(amount)} is above the maximum of ` +
            `${amountText({ minor: max, currency })} per call.`,
          { kind: 'above-max', max: { minor: max, currency } }
        )
      }
      // §9: decimal major units, sent as the literal that is signed (`12.30`, never `12.3`).
      return RawJson.number(toMajorString(amount))
    },
    required,
    optional: (field, value) =>
      value === undefined || value === '' ? undefined : required(field, value),
    label(value) {
      if (value === undefined) return null
      const cleaned = cleanText(value)
      return cleaned === '' ? null : cleaned
    }
  }
}

/** `description` is required on a payment (§5.1 [INF]); emoji alone is no description. */
function requiredLabel(check: Checks, value: string): string {
  const label = check.label(value)
  if (label === null) {
    throw new RangeError('description needs text PayCloud can carry, not only emoji (§1.3).')
  }
  return label
}

function refFields(request: OrderRef, check: Checks): Fields {
  const byOrderNo = nonEmpty(request.merchantOrderNo)
  const byTransNo = nonEmpty(request.transNo)
  if (byOrderNo === byTransNo) {
    throw new RangeError('Name the order by merchantOrderNo or by transNo, not both or neither.')
  }
  return {
    merchant_order_no: check.optional('merchant_order_no', request.merchantOrderNo),
    trans_no: check.optional('trans_no', request.transNo)
  }
}

function refSummary(request: OrderRef): Record<string, unknown> {
  return request.transNo === undefined
    ? { merchant_order_no: request.merchantOrderNo }
    : { trans_no: request.transNo }
}

/**
 * The `merchant_order_no` a query answer is about. An answer about another order must never
 * settle this one. An answer that does not say which order it is about is taken as about the one
 * asked for by number (§5.5 lists the field, but refusing every reply of a deployment that omits
 * it would leave each payment unknown); asked by `trans_no`, the number must come back.
 */
function answeredFor(
  request: OrderRef,
  data: { readonly trans_no: string; readonly merchant_order_no?: string | null | undefined },
  what: 'order' | 'refund'
): Checked<string> {
  const named = data.merchant_order_no ?? null
  if (request.transNo === undefined) {
    const answered = named ?? request.merchantOrderNo
    return answered === request.merchantOrderNo
      ? { ok: true, value: answered }
      : {
          ok: false,
          reason: `The gateway answered about ${what} ${answered}, not ${request.merchantOrderNo}.`
        }
  }
  if (data.trans_no !== request.transNo) {
    return {
      ok: false,
      reason: `The gateway answered about trans_no ${data.trans_no}, not ${request.transNo}.`
    }
  }
  return named === null || named === ''
    ? { ok: false, reason: `The gateway did not say which ${what} trans_no ${data.trans_no} is.` }
    : { ok: true, value: named }
}

/**
 * The amount a reply states (§5.2, §5.5, §5.6, §9) and its judge, the same rules as for a
 * notification (amount.ts). A missing amount is a mismatch here: a reply is what marks money paid.
 */
function statement(sent: Readonly<Record<string, RawValue>>): AmountStatement {
  const stated = statedAmountOf(sent)
  return { stated, amountMismatch: (expected) => amountMismatch(stated, expected) }
}

type Exchange =
  | { readonly ok: true; readonly body: string }
  | { readonly ok: false; readonly error: GatewayError }

async function post(
  transport: Transport,
  url: string,
  encoding: 'json' | 'form',
  fields: Fields,
  limits: TransportLimits
): Promise<Exchange> {
  // §1.3: a flat JSON object, or the form encoding the Java SDKs use; either way each value is
  // the same text that was signed.
  const body = encoding === 'form' ? formBody(fields) : writeJsonObject(fields)
  const contentType = encoding === 'form' ? 'application/x-www-form-urlencoded' : 'application/json'
  const answer = await transport({ url, contentType, body }, limits)
  if (!answer.ok) return answer
  // §1.3: business results come with HTTP 200; anything else is not a PayCloud answer.
  if (answer.status !== 200) {
    return { ok: false, error: malformed(`The gateway answered HTTP ${answer.status}.`) }
  }
  try {
    return { ok: true, body: new TextDecoder('utf-8', { fatal: true }).decode(answer.body) }
  } catch {
    return { ok: false, error: malformed('The gateway reply is not UTF-8 text.') }
  }
}

function interpret<Request, Data, Reply>(
  spec: MethodSpec<Request, Data, Reply>,
  request: Request,
  body: string,
  gatewayKey: KeyObject,
  refusals: Refusals
): GatewayResult<Reply> {
  const scanned = scanTopLevel(body)
  if (!scanned.ok) {
    return {
      ok: false,
      error: malformed(`The gateway reply is not a JSON object (${scanned.reason}).`)
    }
  }
  const fields = scanned.fields
  const code = codeOf(fields['code'])
  if (code === null) return { ok: false, error: malformed('The gateway reply has no code.') }
  const sign = fields['sign']
  const signature = typeof sign === 'string' && sign !== '' ? sign : null
  const msg = fields['msg']
  const psnValue = fields['psn']
  const psn = typeof psnValue === 'string' && psnValue !== '' ? psnValue : null

  // §4.4: the signature covers the top-level values as transmitted, `data` still a raw string.
  const verified = signature !== null && verifyFields(fields, signature, gatewayKey)
  if (code !== '0') {
    const message = typeof msg === 'string' && msg !== '' ? msg : `code ${code}`
    // Only a signed refusal is believed, and never one that says "System error" (§5.2).
    const believed = verified && !systemError.test(message)
    return {
      ok: false,
      error: {
        kind: 'rejected',
        code,
        message,
        psn,
        signed: verified,
        definite: believed && refusals.definite.has(code),
        meaning: believed ? (refusals.meanings.get(code) ?? null) : null
      }
    }
  }
  // §4.4: an unsigned success is refused; it could say anything about the money.
  if (!verified) {
    return {
      ok: false,
      error: {
        kind: 'signature-invalid',
        message:
          signature === null
            ? 'The gateway reply is unsigned.'
            : 'The gateway reply signature does not verify with the gateway public key.'
      }
    }
  }

  const data = parseData(fields['data'])
  if (!data.ok) return { ok: false, error: malformed(data.reason) }
  const parsed = spec.data.safeParse(data.value)
  if (!parsed.success && data.value === undefined) {
    return { ok: false, error: malformed('The gateway reply has no data.') }
  }
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'data'}: ${issue.message}`)
      .join('; ')
    return { ok: false, error: malformed(`The gateway reply data is not usable (${problems}).`) }
  }
  const raw = isRecord(data.value) ? data.value : {}
  const reply = spec.reply(parsed.data, raw, request, data.sent)
  if (!reply.ok) return { ok: false, error: malformed(reply.reason) }
  return { ok: true, value: reply.value, psn }
}

/**
 * `data` is a JSON-encoded string (§3); an object is accepted too (§3, unknown 5). Read twice: by
 * JSON.parse for the schema and the journal, and by `scanTopLevel` for its fields as transmitted
 * (`sent`), which also refuses a repeated key the two readings could disagree on.
 */
function parseData(value: RawValue | undefined):
  | {
      readonly ok: true
      readonly value: unknown
      readonly sent: Readonly<Record<string, RawValue>>
    }
  | { readonly ok: false; readonly reason: string } {
  // `null` reads as no data (§2: keys with null may be omitted, so null and absent agree).
  if (value === undefined || value === '' || (value instanceof RawJson && value.text === 'null')) {
    return { ok: true, value: undefined, sent: {} }
  }
  const text = value instanceof RawJson ? value.text : value
  let parsed: unknown
  try {
    parsed = JSON.parse(text) as unknown
  } catch {
    return { ok: false, reason: 'The gateway reply data is not JSON.' }
  }
  if (!isRecord(parsed)) return { ok: true, value: parsed, sent: {} }
  const scanned = scanTopLevel(text)
  if (!scanned.ok) {
    return { ok: false, reason: `The gateway reply data is not usable (${scanned.reason}).` }
  }
  return { ok: true, value: parsed, sent: scanned.fields }
}

/** `code` is a string (§3); a lax deployment sending the number 0 still means "0". */
function codeOf(value: RawValue | undefined): string | null {
  if (typeof value === 'string') return value === '' ? null : value
  if (value instanceof RawJson && /^-?\d+$/.test(value.text)) return value.text
  return null
}

function formBody(fields: Fields): string {
  const form = new URLSearchParams()
  for (const [key, value] of Object.entries(fields)) {
    const text = fieldText(value)
    if (text !== null) form.append(key, text)
  }
  return form.toString()
}

function wholeSeconds(seconds: number): number {
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new RangeError(`expires must be a positive whole number of seconds: ${seconds}`)
  }
  return seconds
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code < 0x20 || code === 0x7f) return true
  }
  return false
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value !== ''
}

function amountText(amount: Money): string {
  return `${toMajorString(amount)} ${amount.currency}`
}

interface Refusals {
  readonly definite: ReadonlySet<string>
  readonly meanings: ReadonlyMap<string, RefusalMeaning>
}

function definiteCodes(codes: GatewayConfig['definiteRefusalCodes']): ReadonlySet<string> {
  for (const code of codes ?? []) {
    if (code === '0' || code.trim() === '') {
      throw new TypeError(`definiteRefusalCodes cannot list ${JSON.stringify(code)}.`)
    }
  }
  return new Set(codes)
}

function positiveMs(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive whole number of milliseconds.`)
  }
  return value
}

function pathSuffixes(setting: GatewayConfig['pathSuffixes']): Map<GatewayMethod, string> {
  const suffixes = new Map<GatewayMethod, string>()
  const table: Readonly<Record<string, string | undefined>> =
    setting === 'doc' ? docPathSuffixes : (setting ?? {})
  for (const [method, raw] of Object.entries(table)) {
    // A misspelt method would otherwise be ignored and post that call to the wrong path.
    if (!isGatewayMethod(method)) throw new TypeError(`pathSuffixes: unknown method ${method}.`)
    const suffix = (raw ?? '').replace(/^\/+|\/+$/g, '')
    if (!/^[A-Za-z0-9._~/-]*$/.test(suffix)) {
      throw new TypeError(`The path suffix for ${method} has characters a URL path cannot carry.`)
    }
    suffixes.set(method, suffix)
  }
  return suffixes
}

/** `{base}/api/entry` (§1.2). HTTPS only (§1.3), except plain HTTP to this machine's sandbox. */
function entryUrl(baseUrl: string): string {
  const url = new URL(baseUrl)
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new TypeError(`The gateway must be reached over HTTPS: ${url.origin}`)
  }
  if (url.search !== '' || url.hash !== '') {
    throw new TypeError('The gateway base URL must not carry a query or a fragment.')
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/api/entry`
}

function malformed(message: string): GatewayError {
  return { kind: 'malformed', message }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function describeValue(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) return {}
  const { transNo, transStatus } = value
  return { trans_no: transNo, trans_status: transStatus }
}
