import type { RefusalMeaning, TransErrorMeaning } from '../main/gateway/types'

/**
 * Every non-"0" `code` the sandbox answers, in one table. PayCloud's own code values are unknown
 * (API.md §3, unknowns 3): these are ours, chosen to say plainly what went wrong. `httpStatus` is
 * 200 for business refusals, as the gateway answers them (§1.3); a body that is not a request at
 * all gets a 4xx, and a failure of the sandbox itself a 500.
 */
export const sandboxErrors = {
  REQUEST_MALFORMED: { httpStatus: 400, msg: 'The body is not a JSON object or a form' },
  REQUEST_TOO_LARGE: { httpStatus: 413, msg: 'The body is too large' },
  MEDIA_TYPE_UNSUPPORTED: {
    httpStatus: 415,
    msg: 'Send application/json or application/x-www-form-urlencoded'
  },
  PARAM_INVALID: { httpStatus: 200, msg: 'A parameter is missing or invalid' },
  APP_ID_INVALID: { httpStatus: 200, msg: 'Unknown app_id' },
  SIGN_INVALID: { httpStatus: 200, msg: 'The signature does not verify with the app public key' },
  TIMESTAMP_EXPIRED: { httpStatus: 200, msg: 'timestamp is more than 15 minutes off' },
  MERCHANT_INVALID: { httpStatus: 200, msg: 'merchant_no or store_no does not belong to this app' },
  METHOD_UNSUPPORTED: { httpStatus: 200, msg: 'The sandbox does not support this method' },
  PAY_METHOD_UNSUPPORTED: {
    httpStatus: 200,
    msg: 'pay_method_id is unknown or does not support this QR mode'
  },
  ORDER_DUPLICATE: { httpStatus: 200, msg: 'merchant_order_no has already been used' },
  ORDER_NOT_FOUND: { httpStatus: 200, msg: 'No such order' },
  CANCEL_TOO_EARLY: {
    httpStatus: 200,
    msg: 'An order can be cancelled no earlier than 15 seconds after it was created'
  },
  CANCEL_WINDOW_CLOSED: {
    httpStatus: 200,
    msg: 'An order can be cancelled only within 1 day of its creation; refund it instead'
  },
  ORDER_NOT_CANCELLABLE: {
    httpStatus: 200,
    msg: 'This wallet cannot reverse a paid order; refund it instead'
  },
  ORDER_REFUNDED: {
    httpStatus: 200,
    msg: 'The order has refunds; it can no longer be cancelled'
  },
  REFUND_DUPLICATE: { httpStatus: 200, msg: 'The refund merchant_order_no has already been used' },
  REFUND_NOT_FOUND: { httpStatus: 200, msg: 'No such refund' },
  ORDER_NOT_PAID: { httpStatus: 200, msg: 'Only a paid order can be refunded' },
  CURRENCY_MISMATCH: {
    httpStatus: 200,
    msg: 'price_currency differs from the original order'
  },
  REFUND_AMOUNT_EXCEEDED: {
    httpStatus: 200,
    msg: 'The refunds would exceed the amount paid'
  },
  REFUND_LIMIT_REACHED: {
    httpStatus: 200,
    msg: 'The order has reached the maximum number of partial refunds'
  },
  /** What PayCloud answers when it cannot say (§3, §5.2): the outcome is unknown to the caller. */
  SYSTEM_ERROR: { httpStatus: 200, msg: 'System error' },
  /**
   * A refusal in words that do not say "System error" after which the order was made all the
   * same (scenario `reply-unlisted-refusal`): PayCloud's codes are unknown (§3), so a till must
   * query before it believes any refusal it was not told is final.
   */
  PROCESSING_ERROR: { httpStatus: 200, msg: '決済処理中にエラーが発生しました' },
  /** A bug in the sandbox itself, never a simulated fault. */
  INTERNAL_ERROR: { httpStatus: 500, msg: 'The sandbox failed to handle the request' }
} as const satisfies Record<string, { httpStatus: number; msg: string }>

export type SandboxErrorCode = keyof typeof sandboxErrors

/**
 * The sandbox's refusals after which it has done nothing: no order or refund created, nothing
 * paid, cancelled or refunded. A till on the sandbox lists them as its `definiteRefusalCodes`;
 * on PayCloud the codes are unknown (API.md §3), so there a refusal is checked by a query.
 * Not here: a duplicate number (an earlier request with it exists, and may have done anything),
 * "System error" (§5.2) and the sandbox's own failure.
 */
export const sandboxDefiniteRefusals = [
  'PARAM_INVALID',
  'APP_ID_INVALID',
  'SIGN_INVALID',
  'TIMESTAMP_EXPIRED',
  'MERCHANT_INVALID',
  'METHOD_UNSUPPORTED',
  'PAY_METHOD_UNSUPPORTED',
  'ORDER_NOT_FOUND',
  'CANCEL_TOO_EARLY',
  'CANCEL_WINDOW_CLOSED',
  'ORDER_NOT_CANCELLABLE',
  'ORDER_REFUNDED',
  'REFUND_NOT_FOUND',
  'ORDER_NOT_PAID',
  'CURRENCY_MISMATCH',
  'REFUND_AMOUNT_EXCEEDED',
  'REFUND_LIMIT_REACHED'
] as const satisfies readonly SandboxErrorCode[]

/**
 * What the sandbox's refusals mean to a till (`GatewayConfig.refusalMeanings`). On PayCloud the
 * codes are unknown (API.md §3), so a till there has none until PayCloud names them.
 */
export const sandboxRefusalMeanings = {
  unknownNumber: ['ORDER_NOT_FOUND', 'REFUND_NOT_FOUND'],
  cancelTooEarly: ['CANCEL_TOO_EARLY'],
  cannotCancel: ['ORDER_NOT_CANCELLABLE', 'ORDER_REFUNDED', 'CANCEL_WINDOW_CLOSED'],
  refundNumberUsed: ['REFUND_DUPLICATE']
} as const satisfies Readonly<Record<RefusalMeaning, readonly SandboxErrorCode[]>>

/**
 * What the sandbox's `trans_error_code` values on a closed order mean to a till
 * (`transErrorMeanings` of its payment engine): on PayCloud they are unknown (API.md §5.5).
 */
export const sandboxTransErrorMeanings = {
  cancelled: ['ORDER_CANCELLED'],
  reversed: ['ORDER_REVERSED'],
  expired: ['ORDER_EXPIRED']
} as const satisfies Readonly<Record<TransErrorMeaning, readonly TransErrorCode[]>>

/**
 * The `trans_error_code` values an order or refund in status 1 carries (API.md §5.5, §5.6). Also
 * ours: PayCloud's values are unknown. Scenario rules may use others.
 */
export const transErrors = {
  INSUFFICIENT_BALANCE: 'Insufficient balance',
  AUTH_CODE_EXPIRED: 'Payment code expired, ask for a fresh one',
  AUTH_CODE_USED: 'Payment code already used, ask for a fresh one',
  RISK_CONTROL: "Declined by the wallet's risk control",
  USER_CANCELLED: 'The customer cancelled the payment in the wallet',
  USER_DECLINED: 'The customer declined the payment on the wallet page',
  ORDER_EXPIRED: 'The customer did not confirm before the order expired',
  ORDER_CANCELLED: 'Closed by a cancel request before it was paid',
  ORDER_REVERSED: 'Paid, then reversed by a cancel request',
  MERCHANT_BALANCE_INSUFFICIENT: 'The merchant balance is too low for this refund',
  DECLINED: 'Declined by the wallet'
} as const satisfies Record<string, string>

export type TransErrorCode = keyof typeof transErrors
