import type { KeyObject } from 'node:crypto'
import { z } from 'zod'
import { fromMajor, isCurrencyCode, isValidMinor, toMajorString } from '../../shared/money'
import type { Money } from '../../shared/money'
import { createLogger } from '../log'
import { fieldText, RawJson, scanTopLevel, writeJsonObject } from './json'
import type { FieldValue, Fields, RawValue } from './json'
import { loadPrivateKey, loadPublicKey, signFields, verifyFields } from './sign'
import type {
  Gateway,
  GatewayConfig,
  GatewayError,
  GatewayMethod,
  GatewayResult,
  OrderQueryReply,
  OrderQueryRequest,
  SubmitCpmReply,
  SubmitCpmRequest
} from './types'

const log = createLogger('gateway')

/** API.md §1.3: the SDK waits 30 s and never retries on its own; neither do we. */
const defaultTimeoutMs = 30_000
/** Far above any PayCloud reply; a bigger body is not a reply we could trust anyway. */
const maxReplyBytes = 1024 * 1024

export interface GatewayClientDeps {
  readonly fetch?: typeof fetch
  /** Epoch ms for `timestamp` (API.md §2); the gateway refuses a clock 15 min off. */
  readonly now?: () => number
}

/**
 * One row of the method table: how a request becomes business fields and how `data` becomes a
 * reply. Everything else (envelope, signing, transport, verification) is shared by every method.
 */
interface MethodSpec<Request, Data, Reply> {
  readonly method: GatewayMethod
  /** Business fields in the gateway's names (API.md §5), added to the envelope (§2). */
  readonly fields: (request: Request) => Fields
  /** What the log may show of a request: never the full auth code. */
  readonly summary: (request: Request) => Record<string, unknown>
  /** `data` of a `code == "0"` reply; absent or empty `data` arrives here as `undefined`. */
  readonly data: z.ZodType<Data>
  readonly reply: (
    data: Data,
    raw: Readonly<Record<string, unknown>>,
    request: Request
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

// Amounts are numbers in major units, or strings in some deployments (§9).
const amountSchema = z.union([z.number(), z.string()])

/** A free-text field: a string (or a number from a lax deployment), with "" and null as absent. */
const optionalTextSchema = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((value) =>
    value === null || value === undefined || value === '' ? null : String(value)
  )

const submitCpm = defineMethod({
  method: 'bscanc.pay.submit',
  fields: (request: SubmitCpmRequest) => ({
    merchant_order_no: request.merchantOrderNo,
    auth_code: request.authCode,
    pay_method_id: request.payMethodId,
    price_currency: request.amount.currency,
    order_amount: majorAmount(request.amount),
    description: request.description,
    expires: wholeSeconds(request.expiresSeconds),
    notify_url: request.notifyUrl
  }),
  summary: (request: SubmitCpmRequest) => ({
    merchant_order_no: request.merchantOrderNo,
    pay_method_id: request.payMethodId,
    amount: `${toMajorString(request.amount)} ${request.amount.currency}`,
    // The last four characters identify a scan for support without making it replayable.
    auth_code_tail: `…${request.authCode.slice(-4)}`
  }),
  data: z.object({ trans_no: z.string().min(1), trans_status: transStatusSchema }),
  reply: (data, raw): Checked<SubmitCpmReply> => ({
    ok: true,
    value: { transNo: data.trans_no, transStatus: data.trans_status, raw }
  })
})

const queryOrder = defineMethod({
  method: 'order.query',
  fields: (request: OrderQueryRequest) => ({ merchant_order_no: request.merchantOrderNo }),
  summary: (request: OrderQueryRequest) => ({ merchant_order_no: request.merchantOrderNo }),
  // The §5.5 fields the till acts on; the rest stays in `raw`.
  data: z.object({
    trans_no: z.string().min(1),
    trans_status: transStatusSchema,
    merchant_order_no: z.string().nullish(),
    price_currency: z.string().nullish(),
    order_amount: amountSchema.nullish(),
    pay_method_id: optionalTextSchema,
    trans_error_code: optionalTextSchema,
    trans_error_msg: optionalTextSchema
  }),
  reply: (data, raw, request): Checked<OrderQueryReply> => {
    // An answer about another order must never settle this one. (An answer that does not say
    // which order it is about is taken as about the one asked for: §5.5 lists the field, but
    // refusing every reply of a deployment that omits it would leave each payment unknown.)
    const answeredFor = data.merchant_order_no ?? request.merchantOrderNo
    if (answeredFor !== request.merchantOrderNo) {
      return {
        ok: false,
        reason: `The gateway answered about order ${answeredFor}, not ${request.merchantOrderNo}.`
      }
    }
    const currency = data.price_currency ?? null
    const amount = data.order_amount ?? null
    const orderAmountMinor =
      currency !== null && isCurrencyCode(currency) && amount !== null
        ? fromMajor(amount, currency)
        : null
    return {
      ok: true,
      value: {
        transNo: data.trans_no,
        transStatus: data.trans_status,
        merchantOrderNo: answeredFor,
        orderAmountMinor,
        payMethodId: data.pay_method_id,
        errorCode: data.trans_error_code,
        errorMessage: data.trans_error_msg,
        raw
      }
    }
  }
})

/**
 * The PayCloud client (API.md §2–§4). Every call resolves to a `GatewayResult`; it rejects only
 * for a caller bug (an amount that is not a whole number of minor units), before anything is sent.
 * Throws at construction for a key that cannot be read or a base URL that is not HTTPS.
 */
export function createGatewayClient(config: GatewayConfig, deps: GatewayClientDeps = {}): Gateway {
  const fetchImpl = deps.fetch ?? globalThis.fetch
  const now = deps.now ?? Date.now
  const privateKey = loadPrivateKey(config.appPrivateKeyPem)
  const gatewayKey = loadPublicKey(config.gatewayPublicKeyPem)
  const timeoutMs = config.timeoutMs ?? defaultTimeoutMs
  const encoding = config.bodyEncoding ?? 'json'
  const entry = entryUrl(config.baseUrl)
  // Checked here so that a bad suffix in the settings stops the boot, not the first payment.
  const suffixes = new Map<string, string>()
  for (const [method, raw] of Object.entries(config.pathSuffixes ?? {})) {
    const suffix = (raw ?? '').replace(/^\/+|\/+$/g, '')
    if (!/^[A-Za-z0-9._~/-]*$/.test(suffix)) {
      throw new TypeError(`The path suffix for ${method} has characters a URL path cannot carry.`)
    }
    suffixes.set(method, suffix)
  }

  function urlFor(method: GatewayMethod): string {
    const suffix = suffixes.get(method) ?? ''
    return suffix === '' ? entry : `${entry}/${suffix}`
  }

  async function call<Request, Data, Reply>(
    spec: MethodSpec<Request, Data, Reply>,
    request: Request
  ): Promise<GatewayResult<Reply>> {
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
      ...spec.fields(request)
    }
    fields['sign'] = signFields(fields, privateKey)
    const url = urlFor(spec.method)
    const summary = { method: spec.method, ...spec.summary(request) }
    const started = performance.now()
    log.info('request', { ...summary, url, encoding })

    const exchange = await post(fetchImpl, url, encoding, fields, timeoutMs)
    const result = exchange.ok
      ? interpret(spec, request, exchange.body, gatewayKey)
      : ({ ok: false, error: exchange.error } as const)

    const ms = Math.round(performance.now() - started)
    if (result.ok) {
      log.info('reply', { ...summary, ms, psn: result.psn, outcome: describeValue(result.value) })
    } else {
      log.warn('call failed', { ...summary, ms, error: result.error })
    }
    return result
  }

  return {
    submitCpm: (request) => call(submitCpm, request),
    queryOrder: (request) => call(queryOrder, request)
  }
}

type Exchange =
  | { readonly ok: true; readonly body: string }
  | { readonly ok: false; readonly error: GatewayError }

async function post(
  fetchImpl: typeof fetch,
  url: string,
  encoding: 'json' | 'form',
  fields: Fields,
  timeoutMs: number
): Promise<Exchange> {
  // §1.3: a flat JSON object, or the form encoding the Java SDKs use; either way each value is
  // the same text that was signed.
  const body = encoding === 'form' ? formBody(fields) : writeJsonObject(fields)
  const contentType = encoding === 'form' ? 'application/x-www-form-urlencoded' : 'application/json'
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  let bytes: Uint8Array | null
  try {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'Content-Type': contentType, Accept: 'application/json' },
      body,
      signal: controller.signal,
      // A redirected payment is not followed: its answer arrives as a non-200 status.
      redirect: 'manual'
    })
    // §1.3: business results come with HTTP 200; anything else is not a PayCloud answer.
    if (response.status !== 200) {
      await response.body?.cancel()
      return { ok: false, error: malformed(`The gateway answered HTTP ${response.status}.`) }
    }
    bytes = await readLimited(response, maxReplyBytes)
  } catch (error) {
    if (controller.signal.aborted) {
      return {
        ok: false,
        error: { kind: 'timeout', message: `The gateway did not answer within ${timeoutMs} ms.` }
      }
    }
    return { ok: false, error: { kind: 'network', message: networkMessage(error) } }
  } finally {
    clearTimeout(timer)
  }
  if (bytes === null) {
    return {
      ok: false,
      error: malformed(`The gateway reply is larger than ${maxReplyBytes} bytes.`)
    }
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return { ok: false, error: malformed('The gateway reply is not UTF-8 text.') }
  }
  return { ok: true, body: text }
}

function interpret<Request, Data, Reply>(
  spec: MethodSpec<Request, Data, Reply>,
  request: Request,
  body: string,
  gatewayKey: KeyObject
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
    return {
      ok: false,
      error: {
        kind: 'rejected',
        code,
        message: typeof msg === 'string' && msg !== '' ? msg : `code ${code}`,
        psn,
        signed: verified
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
  const reply = spec.reply(parsed.data, raw, request)
  if (!reply.ok) return { ok: false, error: malformed(reply.reason) }
  return { ok: true, value: reply.value, psn }
}

/** `data` is a JSON-encoded string (§3); an object is accepted too (§3, unknown 5). */
function parseData(
  value: RawValue | undefined
):
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string } {
  if (value === undefined || value === '') return { ok: true, value: undefined }
  if (value instanceof RawJson) return { ok: true, value: JSON.parse(value.text) as unknown }
  try {
    return { ok: true, value: JSON.parse(value) as unknown }
  } catch {
    return { ok: false, reason: 'The gateway reply data is not JSON.' }
  }
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

async function readLimited(response: Response, limit: number): Promise<Uint8Array | null> {
  if (response.body === null) return new Uint8Array()
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      return null
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}

/** §9: amounts leave the till as decimal major units, sent as the number literal that is signed. */
function majorAmount(amount: Money): RawJson {
  if (!isValidMinor(amount.minor)) {
    throw new RangeError(`Not a payable amount in minor units: ${amount.minor}`)
  }
  return RawJson.number(toMajorString(amount))
}

function wholeSeconds(seconds: number): number {
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new RangeError(`expires must be a positive whole number of seconds: ${seconds}`)
  }
  return seconds
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

function networkMessage(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined
  const code =
    cause !== null && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string'
      ? cause.code
      : null
  const detail = code ?? (error instanceof Error ? error.message : String(error))
  return `The gateway could not be reached (${detail}).`
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
