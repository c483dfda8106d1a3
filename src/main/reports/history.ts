import type { HistoryFilter, HistoryPage, TimelineEntry } from '../../shared/contract/history'
import type { CurrencyCode } from '../../shared/money'
import { isReason, type SaleStatus } from '../../shared/order'
import type { Journal } from '../journal'
import { historySql, timelineSql, type HistoryShape } from './history-sql'

export interface History {
  /** A page of sales, newest first, with `next` when older ones match too. */
  page(filter: HistoryFilter): HistoryPage
  /** The sale's journal events with only the fields a person may read. */
  timeline(saleId: number): TimelineEntry[]
}

interface HistoryRowSql {
  sale_id: number
  created_at: number
  status: SaleStatus
  amount_minor: number
  currency: string
  paid_minor: number
  refunded_minor: number
  refunding_minor: number
  attempt_count: number
  pay_method_id: string | null
  merchant_order_no: string | null
}

interface EventRowSql {
  id: number
  at: number
  kind: string
  attempt_id: number | null
  refund_id: number | null
  detail: string
}

/**
 * The fields of an event's detail a screen may show. Everything else stays in the journal: a
 * gateway reply's raw fields, a notification's check, and anything a later event might carry.
 * The full customer code is never in the journal at all; its last four characters are.
 */
const shownFields = new Set([
  'mode',
  'merchantOrderNo',
  'origMerchantOrderNo',
  'payMethodId',
  'amountMinor',
  'currency',
  'authCodeLast4',
  'status',
  'saleStatus',
  'from',
  'to',
  'reason',
  'failure',
  'method',
  'ok',
  'verdict'
])

/**
 * The sales history and each sale's timeline (issue 6), read straight from the journal. One
 * statement is prepared per combination of filters, the first time it is used (at most 2^9).
 */
export function createHistory(journal: Journal): History {
  const db = journal.db
  const prepared = new Map<
    string,
    ReturnType<typeof db.prepare<Record<string, unknown>, HistoryRowSql>>
  >()
  const timeline = db.prepare<{ saleId: number }, EventRowSql>(timelineSql)

  function statementFor(
    shape: HistoryShape
  ): ReturnType<typeof db.prepare<Record<string, unknown>, HistoryRowSql>> {
    const key = Object.values(shape)
      .map((on) => (on ? '1' : '0'))
      .join('')
    let statement = prepared.get(key)
    if (statement === undefined) {
      statement = db.prepare<Record<string, unknown>, HistoryRowSql>(historySql(shape))
      prepared.set(key, statement)
    }
    return statement
  }

  return {
    page(filter) {
      const shape: HistoryShape = {
        from: filter.from !== undefined,
        to: filter.to !== undefined,
        status: filter.status !== undefined,
        method: filter.payMethodId !== undefined,
        currency: filter.currency !== undefined,
        minMinor: filter.minMinor !== undefined,
        maxMinor: filter.maxMinor !== undefined,
        orderNo: filter.orderNo !== undefined,
        after: filter.after !== undefined
      }
      const params: Record<string, unknown> = { limit: filter.limit + 1 }
      if (filter.from !== undefined) params['from'] = filter.from
      if (filter.to !== undefined) params['to'] = filter.to
      if (filter.status !== undefined) params['status'] = filter.status
      if (filter.payMethodId !== undefined) params['method'] = filter.payMethodId
      if (filter.currency !== undefined) params['currency'] = filter.currency
      if (filter.minMinor !== undefined) params['minMinor'] = filter.minMinor
      if (filter.maxMinor !== undefined) params['maxMinor'] = filter.maxMinor
      if (filter.orderNo !== undefined) {
        params['orderNo'] = filter.orderNo
        params['orderNoEnd'] = `${filter.orderNo}~`
      }
      if (filter.after !== undefined) {
        params['afterAt'] = filter.after.createdAt
        params['afterId'] = filter.after.saleId
      }
      const found = statementFor(shape).all(params)
      const rows = found.slice(0, filter.limit).map((row) => ({
        saleId: row.sale_id,
        createdAt: row.created_at,
        status: row.status,
        amount: { minor: row.amount_minor, currency: row.currency as CurrencyCode },
        paidMinor: row.paid_minor,
        refundedMinor: row.refunded_minor,
        refundingMinor: row.refunding_minor,
        payMethodId: row.pay_method_id,
        merchantOrderNo: row.merchant_order_no,
        attemptCount: row.attempt_count
      }))
      const last = rows.at(-1)
      return {
        rows,
        next:
          found.length > filter.limit && last !== undefined
            ? { createdAt: last.createdAt, saleId: last.saleId }
            : null
      }
    },
    timeline(saleId) {
      return timeline.all({ saleId }).map((row) => {
        const detail = parsedDetail(row.detail)
        const why = detail['why']
        return {
          id: row.id,
          at: row.at,
          kind: row.kind,
          attemptId: row.attempt_id,
          refundId: row.refund_id,
          detail: shownDetail(detail),
          // The reason a status change carries as data, when it is one the screens can word.
          ...(isReason(why) ? { why } : {})
        }
      })
    }
  }
}

/** An event's detail as the journal kept it; empty when it is not a JSON object. */
function parsedDetail(text: string): Record<string, unknown> {
  try {
    const detail: unknown = JSON.parse(text)
    return typeof detail === 'object' && detail !== null ? (detail as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

function shownDetail(
  detail: Record<string, unknown>
): Record<string, string | number | boolean | null> {
  const shown: Record<string, string | number | boolean | null> = {}
  for (const [key, value] of Object.entries(detail)) {
    if (!shownFields.has(key)) continue
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      shown[key] = value as string | number | boolean | null
    }
  }
  // A failed gateway call: what kind of failure, and the gateway's code; never its raw reply.
  const error = detail['error']
  if (typeof error === 'object' && error !== null) {
    const { kind, code } = error as Record<string, unknown>
    if (typeof kind === 'string') shown['errorKind'] = kind
    if (typeof code === 'string') shown['errorCode'] = code
  }
  return shown
}
