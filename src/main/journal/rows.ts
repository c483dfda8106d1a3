import type { CurrencyCode } from '../../shared/money'
import type {
  AttemptStatus,
  AttemptView,
  PaymentMode,
  RefundStatus,
  RefundView
} from '../../shared/order'
import { decodeReason } from '../../shared/order/reasons'

/**
 * The columns of the `attempts` and `refunds` tables that make a view, and the one mapping from a
 * row to what the screens see. The journal and the reports module both read these tables.
 */
export interface AttemptViewRow {
  id: number
  sale_id: number
  mode: PaymentMode
  merchant_order_no: string
  pay_method_id: string
  amount_minor: number
  currency: string
  auth_code_last4: string | null
  trans_no: string | null
  status: AttemptStatus
  reason: string | null
  reason_code: string | null
  qr_content: string | null
  expires_at: number | null
  created_at: number
  updated_at: number
}

export interface RefundRow {
  id: number
  sale_id: number
  attempt_id: number
  merchant_order_no: string
  amount_minor: number
  currency: string
  reason: string
  status: RefundStatus
  trans_no: string | null
  failure: string | null
  failure_code: string | null
  created_at: number
  updated_at: number
}

export function toAttemptView(row: AttemptViewRow): AttemptView {
  return {
    attemptId: row.id,
    saleId: row.sale_id,
    mode: row.mode,
    merchantOrderNo: row.merchant_order_no,
    payMethodId: row.pay_method_id,
    amount: { minor: row.amount_minor, currency: row.currency as CurrencyCode },
    status: row.status,
    authCodeLast4: row.auth_code_last4,
    transNo: row.trans_no,
    reason: row.reason,
    why: decodeReason(row.reason_code),
    qrContent: row.qr_content,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
}

export function toRefundView(row: RefundRow): RefundView {
  return {
    refundId: row.id,
    saleId: row.sale_id,
    attemptId: row.attempt_id,
    merchantOrderNo: row.merchant_order_no,
    amount: { minor: row.amount_minor, currency: row.currency as CurrencyCode },
    reason: row.reason,
    status: row.status,
    transNo: row.trans_no,
    failure: row.failure,
    failureWhy: decodeReason(row.failure_code),
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
}
