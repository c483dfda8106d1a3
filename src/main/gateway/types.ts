import type { CurrencyCode, Money } from '../../shared/money'
import type { StatedAmount } from './amount'

/** The PayCloud operations (paycloud/API.md §1.2). */
export type GatewayMethod =
  | 'cscanb.pay.getqrcode'
  | 'bscanc.pay.submit'
  | 'order.revoker'
  | 'order.refund.submit'
  | 'order.query'
  | 'order.refund.query'

export interface GatewayConfig {
  /** e.g. `https://open.n-age.co.jp`, or the embedded sandbox's `http://127.0.0.1:PORT`. */
  readonly baseUrl: string
  readonly appId: string
  readonly merchantNo: string
  readonly storeNo: string
  /** PEM: PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`). Never logged. */
  readonly appPrivateKeyPem: string
  /** PEM: SPKI (`BEGIN PUBLIC KEY`) or PKCS#1 (`BEGIN RSA PUBLIC KEY`). */
  readonly gatewayPublicKeyPem: string
  /**
   * Path after `/api/entry` per method (API.md §1.2), e.g. `{ 'bscanc.pay.submit': 'cpm' }`, or
   * `'doc'` for the paths of the n-age API reference (`docPathSuffixes`). A missing or empty
   * suffix posts to the bare `/api/entry`, which the SDKs use for every method.
   */
  readonly pathSuffixes?: Partial<Record<GatewayMethod, string>> | 'doc'
  /** `json` (default, §1.3) or the form encoding the Java SDKs send. */
  readonly bodyEncoding?: 'json' | 'form'
  /**
   * Whole-call deadline in ms, connect to last byte (API.md §10 "request timeout 30 s"; the till's
   * settings.json `timeoutMs`). Default 30 s.
   */
  readonly timeoutMs?: number
  /** DNS, TCP and, for HTTPS, the TLS handshake, in ms. Default 10 s. */
  readonly connectTimeoutMs?: number
  /**
   * The longest silence once the request is sent: waiting for the reply to start, and between
   * its bytes (the Java SDK's 30 s socket read timeout, §1.3). Default 30 s.
   */
  readonly readTimeoutMs?: number
  /**
   * Largest amount per call in minor units, per currency, over `defaultMaxAmountMinor`. A guard
   * against unit bugs (yen sent as cents), not a wallet limit.
   */
  readonly maxAmountMinor?: Partial<Record<CurrencyCode, number>>
  /** The currencies this merchant account may use; default every currency the till knows. */
  readonly currencies?: readonly CurrencyCode[]
  /**
   * Signed refusal codes after which a call that moves money certainly did nothing at the gateway:
   * no order created, nothing charged, cancelled or refunded. PayCloud's code values are unknown
   * (API.md §3, unknowns 3), so by default there are none, and every refusal of a payment, a QR
   * order, a cancel or a refund is an unknown outcome the till queries before it believes it
   * (§3, §10 CPM 4). The sandbox's own codes are known (`sandboxDefiniteRefusals`).
   */
  readonly definiteRefusalCodes?: readonly string[]
  /**
   * Signed refusal codes that tell the till more than "refused" (`RefusalMeaning`). PayCloud's
   * codes are unknown (API.md §3, unknowns 3), so by default none has a meaning and the till
   * learns each outcome by a query; the sandbox's own are `sandboxRefusalMeanings`.
   */
  readonly refusalMeanings?: RefusalMeanings
}

/**
 * What a signed refusal may tell the till, where it calls (API.md unknowns 3):
 * - `unknownNumber`: a query found no order or refund under this `merchant_order_no`: the request
 *   that would have made it never arrived (§10 CPM 4).
 * - `cancelTooEarly`: `order.revoker` came before the gateway's minimum delay (§5.3): try later.
 * - `cannotCancel`: `order.revoker` can no longer act on this order (a paid order the wallet
 *   cannot reverse, a refunded order, past the cancel window): a paid order needs a refund.
 * - `refundNumberUsed`: `order.refund.submit` with a number already used: an earlier submit of
 *   this refund arrived (§6.4).
 */
export type RefusalMeaning =
  'unknownNumber' | 'cancelTooEarly' | 'cannotCancel' | 'refundNumberUsed'

export const refusalMeaningNames = [
  'unknownNumber',
  'cancelTooEarly',
  'cannotCancel',
  'refundNumberUsed'
] as const satisfies readonly RefusalMeaning[]

export type RefusalMeanings = Readonly<Partial<Record<RefusalMeaning, readonly string[]>>>

/**
 * What a closed order's `trans_error_code` (§5.5) tells the till; PayCloud's values are unknown
 * (unknowns 3, 8), the sandbox's are `sandboxTransErrorMeanings`:
 * - `cancelled`: closed unpaid by a cancel;
 * - `reversed`: a paid order whose money went back;
 * - `expired`: closed unpaid because its time (`expires`) ran out.
 */
export type TransErrorMeaning = 'cancelled' | 'reversed' | 'expired'

export const transErrorMeaningNames = [
  'cancelled',
  'reversed',
  'expired'
] as const satisfies readonly TransErrorMeaning[]

export type TransErrorMeanings = Readonly<Partial<Record<TransErrorMeaning, readonly string[]>>>

/**
 * The closed set of ways a gateway call fails (issue 3). For calls that move money, every failure
 * but a `definite` refusal means the outcome is unknown (API.md §3, §10).
 */
export type GatewayError =
  | {
      readonly kind: 'rejected'
      readonly code: string
      readonly message: string
      readonly psn: string | null
      /** True when the rejection carried a gateway signature that verified. */
      readonly signed: boolean
      /**
       * Signed, with a code the configuration lists as a refusal after which nothing happened
       * (`GatewayConfig.definiteRefusalCodes`), and not a "System error" (§5.2).
       */
      readonly definite: boolean
      /**
       * What the code means to the till (`GatewayConfig.refusalMeanings`): only for a signed
       * refusal that is not a "System error"; null otherwise.
       */
      readonly meaning: RefusalMeaning | null
    }
  | { readonly kind: 'signature-invalid'; readonly message: string }
  | {
      readonly kind: 'timeout'
      readonly message: string
      /** Which limit ran out: `connect` means the request was never written. */
      readonly phase: 'connect' | 'read' | 'total'
    }
  | { readonly kind: 'network'; readonly message: string }
  | { readonly kind: 'malformed'; readonly message: string }

export type GatewayResult<T> =
  | { readonly ok: true; readonly value: T; readonly psn: string | null }
  | { readonly ok: false; readonly error: GatewayError }

/** `trans_status` (API.md §6.1): 9 created, 0 processing, 1 closed, 2 completed, 3 cancelled. */
export type TransStatus = 0 | 1 | 2 | 3 | 9

/**
 * The amount a reply states and its judge. Before a reply marks money paid or refunded (status
 * 2), `amountMismatch(expected)` must return null (DESIGN.md "Nothing is marked paid without a
 * verified signature and a matching amount"). Other statuses mark nothing paid or refunded, so
 * their amount fields, however odd, do not change what they say.
 */
export interface AmountStatement {
  /** The amount fields as transmitted (`statedAmountOf`, amount.ts). */
  readonly stated: StatedAmount
  /**
   * Why the stated amount is not `expected`, or null when it is: the rules of `amountMismatch`
   * in amount.ts, a missing amount included as a mismatch.
   */
  readonly amountMismatch: (expected: Money) => string | null
}

export interface SubmitCpmRequest {
  readonly merchantOrderNo: string
  readonly authCode: string
  readonly payMethodId: string
  readonly amount: Money
  readonly description: string
  readonly expiresSeconds: number
  readonly notifyUrl?: string
}

/**
 * §5.2. A paid reply (2) states its amount in `trans_amount`, usually without `price_currency`:
 * check `amountMismatch` before believing it.
 */
export interface SubmitCpmReply extends AmountStatement {
  readonly transNo: string
  readonly transStatus: TransStatus
  /** Every field of `data`, as received, for the journal's event log. */
  readonly raw: Readonly<Record<string, unknown>>
}

/**
 * A payment order, named by our `merchant_order_no` or by the gateway's `trans_no` (API.md §5.5).
 * Exactly one of the two.
 */
export type OrderRef =
  | { readonly merchantOrderNo: string; readonly transNo?: undefined }
  | { readonly transNo: string; readonly merchantOrderNo?: undefined }

export type OrderQueryRequest = OrderRef

export interface OrderQueryReply extends AmountStatement {
  readonly transNo: string
  readonly transStatus: TransStatus
  readonly merchantOrderNo: string
  /**
   * The stated amount in minor units of the stated currency, for display (`statedMinor`); null
   * when the reply had no usable amount or currency. It forgets the currency: judge the money
   * with `amountMismatch`, never with this.
   */
  readonly orderAmountMinor: number | null
  readonly payMethodId: string | null
  readonly errorCode: string | null
  readonly errorMessage: string | null
  readonly raw: Readonly<Record<string, unknown>>
}

/** MPM (API.md §5.1): the gateway creates an order and returns the QR content to show. */
export interface GetQrCodeRequest {
  readonly merchantOrderNo: string
  readonly payMethodId: string
  readonly amount: Money
  /** Shown in the wallet; 4-byte characters (emoji) are removed (§1.3, `cleanText`). */
  readonly description: string
  readonly expiresSeconds: number
  readonly notifyUrl?: string
  /** Echoed untouched in queries and notifications, so it must already be 1–3-byte UTF-8. */
  readonly attach?: string
}

export interface GetQrCodeReply {
  readonly transNo: string
  /** The text to render as a QR code (`qrcode_url`). The order starts at status 9 (§5.1). */
  readonly qrcodeUrl: string
  readonly raw: Readonly<Record<string, unknown>>
}

/** §5.3: closes an unpaid order, or reverses a paid one where the wallet allows it. */
export interface CancelOrderRequest {
  readonly merchantOrderNo: string
}

/** `order.revoker` answers no business fields; the outcome is read with `queryOrder` (§5.3). */
export interface CancelOrderReply {
  readonly raw: Readonly<Record<string, unknown>>
}

/** The payment a refund returns money from (§5.4): exactly one of the two numbers. */
export type RefundOrigin =
  | { readonly origMerchantOrderNo: string; readonly origTransNo?: undefined }
  | { readonly origTransNo: string; readonly origMerchantOrderNo?: undefined }

export type SubmitRefundRequest = RefundOrigin & {
  /** A new number for this refund (§6.4); resend the same one to retry an unclear refund. */
  readonly merchantOrderNo: string
  /** The refund amount, in the original payment's currency (sent as `order_amount`). */
  readonly amount: Money
  /** Sent as `description`; 4-byte characters are removed (§1.3, `cleanText`). */
  readonly reason?: string
  readonly notifyUrl?: string
}

/** No status here: the refund's progress is read with `queryRefund` (§5.4, §5.6). */
export interface SubmitRefundReply {
  /** The refund's own transaction number. */
  readonly transNo: string
  readonly raw: Readonly<Record<string, unknown>>
}

/** A refund, by its own `merchant_order_no` or its own `trans_no` (§5.6). */
export type RefundQueryRequest = OrderRef

export interface RefundQueryReply extends AmountStatement {
  readonly transNo: string
  /** The payment refunded, when the gateway says. */
  readonly origTransNo: string | null
  /** 0 refunding, 2 refunded, 1 failed (§5.6). */
  readonly transStatus: TransStatus
  readonly merchantOrderNo: string
  /**
   * The refund amount in minor units of the stated currency, for display (`statedMinor`); null
   * when the reply had no usable amount or currency. Judge the money with `amountMismatch`.
   */
  readonly amountMinor: number | null
  readonly errorCode: string | null
  readonly errorMessage: string | null
  readonly raw: Readonly<Record<string, unknown>>
}

/**
 * The six PayCloud APIs (API.md §5). Every call resolves to a `GatewayResult`; it rejects with a
 * `RangeError` only for a caller bug found before anything is sent (see `createGatewayClient`).
 */
export interface Gateway {
  getQrCode(request: GetQrCodeRequest): Promise<GatewayResult<GetQrCodeReply>>
  submitCpm(request: SubmitCpmRequest): Promise<GatewayResult<SubmitCpmReply>>
  cancelOrder(request: CancelOrderRequest): Promise<GatewayResult<CancelOrderReply>>
  submitRefund(request: SubmitRefundRequest): Promise<GatewayResult<SubmitRefundReply>>
  queryOrder(request: OrderQueryRequest): Promise<GatewayResult<OrderQueryReply>>
  queryRefund(request: RefundQueryRequest): Promise<GatewayResult<RefundQueryReply>>
  /**
   * A new attempt's first call in two steps: built and signing (on the thread pool) now,
   * connected and sent only by `send()`. The engine writes the attempt to its journal in between:
   * the signature and the journal's commit overlap, and nothing leaves the machine before the
   * attempt is durable. Throws, as the one-step call rejects, for a caller bug.
   */
  readonly prepare: {
    getQrCode(request: GetQrCodeRequest): PreparedCall<GetQrCodeReply>
    submitCpm(request: SubmitCpmRequest): PreparedCall<SubmitCpmReply>
  }
}

/** A call built and being signed, not yet connected or sent (`Gateway.prepare`). */
export interface PreparedCall<Reply> {
  /** Sends it, once; resolves as the one-step call does. */
  send(): Promise<GatewayResult<Reply>>
  /** It will not be sent (the journal refused the attempt); `send` then throws. */
  abandon(): void
}

/** Why a sale cannot go to this gateway at all, as the engine tells the cashier. */
export type UnpayableAmount =
  | { readonly kind: 'above-max'; readonly max: Money }
  | { readonly kind: 'currency-not-enabled'; readonly currency: string }

/**
 * A payment the client will not build because this gateway cannot take its amount: above the
 * configured maximum per call, or in a currency not enabled. A RangeError like every other refusal
 * before anything is sent; this one is about the sale, not a bug, so it says which.
 */
export class UnpayableAmountError extends RangeError {
  override readonly name = 'UnpayableAmountError'

  constructor(
    message: string,
    readonly problem: UnpayableAmount
  ) {
    super(message)
  }
}
