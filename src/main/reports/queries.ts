/**
 * The SQL of the reports, in one place: `createReports` prepares each once, the plan tests
 * (test/journal/migration-0003.test.ts) check each one uses an index, and the benchmark
 * (bench/journal-scale.mjs) times these very strings on a journal of 1,000,000 sales. This file
 * has no imports so that the benchmark can load it with Node's type stripping.
 *
 * Every range is `[@from, @to)` in epoch ms. Money is summed per payment method and currency:
 * amounts of different currencies are never added together.
 */

/**
 * End of day: the paid attempts of the range, by the attempt's time (`attempts_by_status_time`):
 * a payment belongs to the day it was made, whenever its sale was opened.
 */
export const paidByMethodSql = `
  SELECT pay_method_id AS payMethodId, currency, count(*) AS count, sum(amount_minor) AS minor
  FROM attempts
  WHERE status = 'paid' AND created_at >= @from AND created_at < @to
  GROUP BY pay_method_id, currency`

/**
 * End of day: refunds that reached `refunded`, by the refund's own time (not the sale's), under
 * the payment method of the attempt they return money from (`refunds_by_time`).
 */
export const refundedByMethodSql = `
  SELECT a.pay_method_id AS payMethodId, r.currency AS currency, count(*) AS count,
    sum(r.amount_minor) AS minor
  FROM refunds r JOIN attempts a ON a.id = r.attempt_id
  WHERE r.created_at >= @from AND r.created_at < @to AND r.status = 'refunded'
  GROUP BY a.pay_method_id, r.currency`

/**
 * Attempts that need a person, started before the end of the range: an attempt stuck since an
 * earlier day still needs attention today (`attempts_by_status_time`).
 */
export const needsAttentionSql = `
  SELECT * FROM attempts
  WHERE status = 'needs-attention' AND created_at < @to
  ORDER BY created_at, id`

/** Refunds without a final state, started before the end of the range (`refunds_unfinished`). */
export const openRefundsSql = `
  SELECT * FROM refunds
  WHERE status IN ('pending', 'processing', 'needs-attention') AND created_at < @to
  ORDER BY created_at, id`

/** Reconciliation: every paid attempt of the range, oldest first (`attempts_by_status_time`). */
export const paidAttemptsSql = `
  SELECT id, merchant_order_no, pay_method_id, amount_minor, currency, trans_no
  FROM attempts
  WHERE status = 'paid' AND created_at >= @from AND created_at < @to
  ORDER BY created_at, id`

/**
 * Attempts the till closed without a payment (declined, cancelled, reversed): reconciliation asks
 * the gateway about them too, since a payment that landed after the till closed its attempt is
 * money taken that no sale shows (`attempts_by_status_time`).
 */
export const closedAttemptsSql = `
  SELECT id, merchant_order_no, pay_method_id, amount_minor, currency, trans_no, status
  FROM attempts
  WHERE status IN ('declined', 'cancelled', 'reversed') AND created_at >= @from AND created_at < @to
  ORDER BY created_at, id`

/**
 * Sales CSV: the sales of the range by the day rule end of day counts by (README, "End of day"):
 * a paid sale by its payment (the paid attempt's time), so a sale opened at 23:58 and paid at
 * 00:01 is in the new day's file as in its totals; a sale nothing was paid for by when it was
 * opened. Each with the attempt that decided it (the paid one, else the latest), how many
 * attempts it took and what refunds have returned. The paid sales come from
 * `attempts_by_status_time`, the others from `sales_by_time`; then `attempts_by_sale` and
 * `refunds_by_sale` per sale.
 */
export const salesExportSql = `
  SELECT s.id AS sale_id, s.created_at, s.status, s.amount_minor, s.currency,
    a.pay_method_id, a.mode, a.merchant_order_no, a.trans_no, a.auth_code_last4,
    a.status AS attempt_status,
    CASE WHEN a.status = 'paid' THEN a.created_at END AS paid_at,
    (SELECT count(*) FROM attempts c WHERE c.sale_id = s.id) AS attempt_count,
    (SELECT coalesce(sum(r.amount_minor), 0) FROM refunds r
      WHERE r.sale_id = s.id AND r.status = 'refunded') AS refunded_minor
  FROM sales s
  LEFT JOIN attempts a ON a.id = (
    SELECT d.id FROM attempts d WHERE d.sale_id = s.id
    ORDER BY d.status = 'paid' DESC, d.id DESC LIMIT 1)
  WHERE s.id IN (
    SELECT p.sale_id FROM attempts p
    WHERE p.status = 'paid' AND p.created_at >= @from AND p.created_at < @to
      AND p.id = (SELECT max(q.id) FROM attempts q WHERE q.sale_id = p.sale_id AND q.status = 'paid')
    UNION ALL
    SELECT u.id FROM sales u
    WHERE u.created_at >= @from AND u.created_at < @to
      AND NOT EXISTS (SELECT 1 FROM attempts n WHERE n.sale_id = u.id AND n.status = 'paid'))
  ORDER BY coalesce(paid_at, s.created_at), s.id`

/** Refunds CSV: each refund made in the range, with the payment it returns money from. */
export const refundsExportSql = `
  SELECT r.id AS refund_id, r.created_at, r.updated_at, r.status, r.amount_minor, r.currency,
    r.sale_id, a.pay_method_id, a.merchant_order_no AS payment_merchant_order_no,
    r.merchant_order_no AS refund_merchant_order_no, r.trans_no, r.reason, r.failure
  FROM refunds r JOIN attempts a ON a.id = r.attempt_id
  WHERE r.created_at >= @from AND r.created_at < @to
  ORDER BY r.created_at, r.id`

/**
 * The sales history page (for whoever builds it; benchmarked and plan-tested here): one status,
 * a time range, newest first, 50 at a time. `sales_by_status_time` yields the rows already in
 * order, so a page reads 50 index entries however large the journal is. Page on with
 * `@to = created_at of the last row` (and skip its ids), or an `OFFSET` for small depths.
 */
export const historyPageSql = `
  SELECT * FROM sales
  WHERE status = @status AND created_at >= @from AND created_at < @to
  ORDER BY created_at DESC, id DESC
  LIMIT @limit`

/** The attempts of the sales of one history page, given as a JSON array of sale ids. */
export const attemptsOfSalesSql = `
  SELECT * FROM attempts
  WHERE sale_id IN (SELECT value FROM json_each(@saleIds))
  ORDER BY sale_id, id`

/** The attempt with this order number (the UNIQUE index of `merchant_order_no`). */
export const attemptByOrderNoSql = `SELECT * FROM attempts WHERE merchant_order_no = @merchantOrderNo`
