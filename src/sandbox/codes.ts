/**
 * Every non-"0" `code` the sandbox answers, in one table. PayCloud's own code values are unknown
 * (API.md §3, unknowns 3): these are ours, chosen to say plainly what went wrong. `httpStatus` is
 * 200 for business refusals, as the gateway answers them (§1.3); a body that is not a request at
 * all gets a 4xx.
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
  ORDER_DUPLICATE: { httpStatus: 200, msg: 'merchant_order_no has already been used' },
  ORDER_NOT_FOUND: { httpStatus: 200, msg: 'No such order' },
  SYSTEM_ERROR: { httpStatus: 500, msg: 'System error' }
} as const satisfies Record<string, { httpStatus: number; msg: string }>

export type SandboxErrorCode = keyof typeof sandboxErrors
