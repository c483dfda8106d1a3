/**
 * The SQL of the sales history (`sales:history`), built from which filters are set. Like
 * queries.ts it has no imports, so that bench/journal-scale.mjs times this very text on a
 * journal of 1,000,000 sales, and test/reports/history.test.ts checks each shape's plan.
 *
 * Every shape walks an index already in time order, newest first, and stops at the page's
 * limit: `sales_by_status_time` with a status, else `sales_by_time`; an order number starts
 * from the UNIQUE indexes of `merchant_order_no` instead. The other filters are checked on the
 * rows the walk meets (a method through `attempts_by_sale`). Paging is by keyset: the next page
 * starts strictly after the last row's (created_at, id), so a page deep in the history costs
 * what the first one does.
 */

export interface HistoryShape {
  readonly from: boolean
  readonly to: boolean
  readonly status: boolean
  readonly method: boolean
  readonly currency: boolean
  readonly minMinor: boolean
  readonly maxMinor: boolean
  readonly orderNo: boolean
  readonly after: boolean
}

/** The page's rows with what the list shows; the caller passes `@limit` (one more than shown). */
export function historySql(shape: HistoryShape): string {
  const where: string[] = []
  // With an order number, the few sales it names are the place to start: a unary + keeps the
  // planner from walking the status or time index of the whole journal instead (it would, to
  // avoid sorting; the sort is of a handful of rows).
  const status = shape.orderNo ? '+s.status' : 's.status'
  const createdAt = shape.orderNo ? '+s.created_at' : 's.created_at'
  if (shape.status) where.push(`${status} = @status`)
  if (shape.from) where.push(`${createdAt} >= @from`)
  if (shape.to) where.push(`${createdAt} < @to`)
  if (shape.after) {
    where.push(`${createdAt} <= @afterAt`, `(s.created_at < @afterAt OR s.id < @afterId)`)
  }
  if (shape.currency) where.push('s.currency = @currency')
  if (shape.minMinor) where.push('s.amount_minor >= @minMinor')
  if (shape.maxMinor) where.push('s.amount_minor <= @maxMinor')
  if (shape.method) {
    where.push(
      'EXISTS (SELECT 1 FROM attempts m WHERE m.sale_id = s.id AND m.pay_method_id = @method)'
    )
  }
  if (shape.orderNo) {
    // `@orderNoEnd` is the prefix followed by '~', above every letter and digit: a range on the
    // UNIQUE index, so a prefix search reads only the numbers that start with it.
    where.push(`s.id IN (
      SELECT o.sale_id FROM attempts o
        WHERE o.merchant_order_no >= @orderNo AND o.merchant_order_no < @orderNoEnd
      UNION
      SELECT q.sale_id FROM refunds q
        WHERE q.merchant_order_no >= @orderNo AND q.merchant_order_no < @orderNoEnd)`)
  }
  return `
  SELECT s.id AS sale_id, s.created_at, s.status, s.amount_minor, s.currency,
    (SELECT coalesce(sum(p.amount_minor), 0) FROM attempts p
      WHERE p.sale_id = s.id AND p.status = 'paid') AS paid_minor,
    (SELECT coalesce(sum(r.amount_minor), 0) FROM refunds r
      WHERE r.sale_id = s.id AND r.status = 'refunded') AS refunded_minor,
    (SELECT coalesce(sum(r.amount_minor), 0) FROM refunds r
      WHERE r.sale_id = s.id AND r.status NOT IN ('refunded', 'failed')) AS refunding_minor,
    (SELECT count(*) FROM attempts c WHERE c.sale_id = s.id) AS attempt_count,
    d.pay_method_id, d.merchant_order_no
  FROM sales s
  LEFT JOIN attempts d ON d.id = (
    SELECT e.id FROM attempts e WHERE e.sale_id = s.id
    ORDER BY e.status = 'paid' DESC, e.id DESC LIMIT 1)
  ${where.length === 0 ? '' : `WHERE ${where.join('\n    AND ')}`}
  ORDER BY s.created_at DESC, s.id DESC
  LIMIT @limit`
}

/** A sale's journal events, oldest first (`events_by_sale`, migration 4). */
export const timelineSql = `SELECT * FROM events WHERE sale_id = @saleId ORDER BY id`
