import type { Money } from '../../shared/money'

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
   * Path after `/api/entry` per method (API.md §1.2), e.g. `{ 'bscanc.pay.submit': 'cpm' }`;
   * a missing or empty suffix posts to the bare `/api/entry`.
   */
  readonly pathSuffixes?: Partial<Record<GatewayMethod, string>>
  readonly bodyEncoding?: 'json' | 'form'
  /** Whole-request deadline in ms (API.md §1.3: the SDK uses 30 s). */
  readonly timeoutMs?: number
}

/**
 * The closed set of ways a gateway call fails (issue 3). For calls that move money, every kind but
 * `rejected` with a valid signature means the outcome is unknown (API.md §3, §10).
 */
export type GatewayError =
  | {
      readonly kind: 'rejected'
      readonly code: string
      readonly message: string
      readonly psn: string | null
      /** True when the rejection carried a gateway signature that verified. */
      readonly signed: boolean
    }
  | { readonly kind: 'signature-invalid'; readonly message: string }
  | { readonly kind: 'timeout'; readonly message: string }
  | { readonly kind: 'network'; readonly message: string }
  | { readonly kind: 'malformed'; readonly message: string }

export type GatewayResult<T> =
  | { readonly ok: true; readonly value: T; readonly psn: string | null }
  | { readonly ok: false; readonly error: GatewayError }

/** `trans_status` (API.md §6.1): 9 created, 0 processing, 1 closed, 2 completed, 3 cancelled. */
export type TransStatus = 0 | 1 | 2 | 3 | 9

export interface SubmitCpmRequest {
  readonly merchantOrderNo: string
  readonly authCode: string
  readonly payMethodId: string
  readonly amount: Money
  readonly description: string
  readonly expiresSeconds: number
  readonly notifyUrl?: string
}

export interface SubmitCpmReply {
  readonly transNo: string
  readonly transStatus: TransStatus
  /** Every field of `data`, as received, for the journal's event log. */
  readonly raw: Readonly<Record<string, unknown>>
}

export interface OrderQueryRequest {
  readonly merchantOrderNo: string
}

export interface OrderQueryReply {
  readonly transNo: string
  readonly transStatus: TransStatus
  readonly merchantOrderNo: string
  /** In our minor units, converted at the boundary; null when the reply had no usable amount. */
  readonly orderAmountMinor: number | null
  readonly payMethodId: string | null
  readonly errorCode: string | null
  readonly errorMessage: string | null
  readonly raw: Readonly<Record<string, unknown>>
}

/** What the payment engine needs from a gateway. The full six-API client grows in issue 3. */
export interface Gateway {
  submitCpm(request: SubmitCpmRequest): Promise<GatewayResult<SubmitCpmReply>>
  queryOrder(request: OrderQueryRequest): Promise<GatewayResult<OrderQueryReply>>
}
