import { isCurrencyCode, toMajorString, type CurrencyCode } from '../../shared/money'
import { systemTimeZone } from '../../shared/zone'
import type {
  AttemptStatus,
  EndOfDayReport,
  MethodTotals,
  ReconciliationDifference,
  ReconciliationGatewaySays,
  ReconciliationReport,
  ReconciliationTillSays
} from '../../shared/order'
import type { Gateway, GatewayError, OrderQueryReply, TransStatus } from '../gateway/types'
import type { Journal } from '../journal'
import { createLogger } from '../log'
import { csvFile, csvLines, type Cell, type NumericCell } from './csv'
import { inWindows } from './windows'
import {
  needsAttentionSql,
  openRefundsSql,
  paidAttemptsSql,
  closedAttemptsSql,
  paidByMethodSql,
  refundedByMethodSql,
  refundsExportSql,
  salesExportSql
} from './queries'

export { guardFormula, quoteField, toCsv } from './csv'
import { toAttemptView, toRefundView, type AttemptViewRow, type RefundRow } from '../journal/rows'

const log = createLogger('reports')

/** `[from, to)` in epoch ms, as `rangeSchema` checked it. */
export interface ReportRange {
  readonly from: number
  readonly to: number
}

export interface CsvExport {
  readonly filename: string
  readonly csv: string
}

export interface Reports {
  /** Counts and totals per payment method and currency, refunds, net, and what needs a person. */
  endOfDay(range: ReportRange): EndOfDayReport
  /** Each paid attempt of the range checked against `order.query`; every difference listed. */
  reconcile(range: ReportRange): Promise<ReconciliationReport>
  /**
   * The sales or the refunds of the range as a CSV file for a spreadsheet, by the days end of
   * day counts them in: a paid sale by its payment, another by its opening, a refund by its own.
   * Read a day at a time, letting the till's payments run between days: a year's export must
   * not hold up a payment for the seconds it takes.
   */
  exportCsv(request: ReportRange & { readonly kind: 'sales' | 'refunds' }): Promise<CsvExport>
}

export interface ReportsDeps {
  readonly journal: Journal
  readonly gateway: Gateway
  readonly now: () => number
  /** How many `order.query` calls reconciliation keeps in flight at once. Default 4. */
  readonly concurrency?: number
  /**
   * The IANA time zone of the shop, for the CSV's local-time column and the file name's date.
   * Default: the system's.
   */
  readonly timeZone?: string
}

interface TotalsRow {
  payMethodId: string
  currency: string
  count: number
  minor: number
}

type AttemptRow = AttemptViewRow

interface PaidAttemptRow {
  id: number
  merchant_order_no: string
  pay_method_id: string
  amount_minor: number
  currency: string
  trans_no: string | null
}

interface ClosedAttemptRow extends PaidAttemptRow {
  status: 'declined' | 'cancelled' | 'reversed'
}

interface SaleExportRow {
  sale_id: number
  created_at: number
  status: string
  amount_minor: number
  currency: string
  pay_method_id: string | null
  mode: string | null
  merchant_order_no: string | null
  trans_no: string | null
  auth_code_last4: string | null
  attempt_status: string | null
  paid_at: number | null
  attempt_count: number
  refunded_minor: number
}

interface RefundExportRow {
  refund_id: number
  created_at: number
  updated_at: number
  status: string
  amount_minor: number
  currency: string
  sale_id: number
  pay_method_id: string
  payment_merchant_order_no: string
  refund_merchant_order_no: string
  trans_no: string | null
  reason: string
  failure: string | null
}

type RangeParams = { from: number; to: number }

export const salesCsvHeader = [
  'sale_id',
  'created_at_utc',
  'created_at_local',
  'status',
  'amount',
  'currency',
  'refunded',
  'pay_method',
  'mode',
  'merchant_order_no',
  'trans_no',
  'auth_code_last4',
  'attempt_status',
  'attempts',
  // Last, so that a spreadsheet made for the columns before them reads them where it did: the
  // time of the payment, which puts a paid sale in its day (queries.ts, salesExportSql).
  'paid_at_utc',
  'paid_at_local'
] as const

export const refundsCsvHeader = [
  'refund_id',
  'created_at_utc',
  'created_at_local',
  'updated_at_utc',
  'status',
  'amount',
  'currency',
  'sale_id',
  'pay_method',
  'payment_merchant_order_no',
  'refund_merchant_order_no',
  'trans_no',
  'reason',
  'failure'
] as const

/**
 * The end-of-day, reconciliation and export reports (issue 4 §6), read straight from the journal
 * with statements prepared once. Reads only: every write stays with the journal's methods.
 */
export function createReports(deps: ReportsDeps): Reports {
  const db = deps.journal.db
  const concurrency = Math.max(1, deps.concurrency ?? 4)
  const timeZone = deps.timeZone ?? systemTimeZone()
  const local = localTimeFormatter(timeZone)

  const statements = {
    paidByMethod: db.prepare<RangeParams, TotalsRow>(paidByMethodSql),
    refundedByMethod: db.prepare<RangeParams, TotalsRow>(refundedByMethodSql),
    needsAttention: db.prepare<{ to: number }, AttemptRow>(needsAttentionSql),
    openRefunds: db.prepare<{ to: number }, RefundRow>(openRefundsSql),
    paidAttempts: db.prepare<RangeParams, PaidAttemptRow>(paidAttemptsSql),
    closedAttempts: db.prepare<RangeParams, ClosedAttemptRow>(closedAttemptsSql),
    salesExport: db.prepare<RangeParams, SaleExportRow>(salesExportSql),
    refundsExport: db.prepare<RangeParams, RefundExportRow>(refundsExportSql)
  }

  function endOfDay(range: ReportRange): EndOfDayReport {
    const params = { from: range.from, to: range.to }
    // One read transaction: the four queries see the same journal even while payments go on.
    return db.transaction(() => {
      const byMethod = mergeTotals(
        statements.paidByMethod.all(params),
        statements.refundedByMethod.all(params)
      )
      return {
        from: range.from,
        to: range.to,
        byMethod,
        totals: totalsPerCurrency(byMethod),
        needsAttention: statements.needsAttention.all({ to: range.to }).map(toAttempt),
        openRefunds: statements.openRefunds.all({ to: range.to }).map(toRefund)
      }
    })()
  }

  async function reconcile(range: ReportRange): Promise<ReconciliationReport> {
    const started = deps.now()
    const paid = statements.paidAttempts.all({ from: range.from, to: range.to })
    const closed = statements.closedAttempts.all({ from: range.from, to: range.to })
    const checks: Check[] = [
      ...paid.map((attempt) => ({
        ask: () => check(attempt),
        skip: () =>
          difference(
            attempt.merchant_order_no,
            'query-failed',
            [
              `paid ${describeAmount(attempt.amount_minor, attempt.currency)}`,
              tillSays(attempt, 'paid')
            ],
            skipped
          )
      })),
      ...closed.map((attempt) => ({
        ask: () => checkClosed(attempt),
        skip: () =>
          difference(
            attempt.merchant_order_no,
            'query-failed',
            [attempt.status, tillSays(attempt, attempt.status)],
            skipped
          )
      }))
    ]
    const found: ReconciliationDifference[][] = new Array<ReconciliationDifference[]>(checks.length)
    let next = 0
    // Queries in a row that got no answer at all (a timeout, no connection). Once every query in
    // flight has gone unanswered the gateway has stopped answering: asking the rest would keep
    // the manager waiting a timeout for each (30 s by default) to learn the same thing.
    let unanswered = 0
    let skippedCount = 0
    const worker = async (): Promise<void> => {
      while (next < checks.length) {
        const index = next++
        const item = checks[index] as Check
        if (unanswered >= concurrency) {
          found[index] = [item.skip()]
          skippedCount += 1
          continue
        }
        const list = await item.ask()
        found[index] = list
        unanswered = list.some(isUnanswered) ? unanswered + 1 : 0
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, checks.length) }, worker))
    const differences = found.flat()
    const matched = found.filter((list) => list.length === 0).length
    if (skippedCount > 0) {
      log.warn('reconciliation stopped asking: the gateway has stopped answering', {
        skipped: skippedCount
      })
    }
    log.info('reconciled', {
      from: range.from,
      to: range.to,
      checked: checks.length,
      differences: differences.length,
      ms: deps.now() - started
    })
    return { from: range.from, to: range.to, checked: checks.length, matched, differences }
  }

  /**
   * An attempt the till closed unpaid: a difference only when the gateway says it was paid after
   * all (the customer was charged, no sale shows it), or when the gateway could not be asked.
   * "No such order" agrees with a request that never arrived or was refused.
   */
  async function checkClosed(attempt: ClosedAttemptRow): Promise<ReconciliationDifference[]> {
    const orderNo = attempt.merchant_order_no
    const till = tillSays(attempt, attempt.status)
    let result: Awaited<ReturnType<Gateway['queryOrder']>>
    try {
      result = await deps.gateway.queryOrder({ merchantOrderNo: orderNo })
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error)
      return [difference(orderNo, 'query-failed', [attempt.status, till], notSent(text))]
    }
    if (!result.ok) {
      const { error } = result
      if (error.kind === 'rejected' && error.meaning === 'unknownNumber') return []
      return [difference(orderNo, 'query-failed', [attempt.status, till], noAnswer(error))]
    }
    if (result.value.transStatus !== 2) return []
    return [
      difference(
        orderNo,
        'status',
        [`${attempt.status}, nothing taken`, till],
        statusSaid(2, result.value.errorCode)
      )
    ]
  }

  async function check(attempt: PaidAttemptRow): Promise<ReconciliationDifference[]> {
    const orderNo = attempt.merchant_order_no
    const paid: [string, ReconciliationTillSays] = [
      `paid ${describeAmount(attempt.amount_minor, attempt.currency)}`,
      tillSays(attempt, 'paid')
    ]
    let result: Awaited<ReturnType<Gateway['queryOrder']>>
    try {
      result = await deps.gateway.queryOrder({ merchantOrderNo: orderNo })
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error)
      return [difference(orderNo, 'query-failed', paid, notSent(text))]
    }
    if (!result.ok) {
      const { error } = result
      if (error.kind === 'rejected' && error.meaning === 'unknownNumber') {
        return [
          difference(orderNo, 'unknown-at-gateway', paid, [
            describeRejection(error),
            { said: 'no-such-order', code: error.code }
          ])
        ]
      }
      return [difference(orderNo, 'query-failed', paid, noAnswer(error))]
    }
    return compare(attempt, result.value)
  }

  function compare(attempt: PaidAttemptRow, reply: OrderQueryReply): ReconciliationDifference[] {
    const orderNo = attempt.merchant_order_no
    const till = tillSays(attempt, 'paid')
    const list: ReconciliationDifference[] = []
    if (reply.transStatus !== 2) {
      list.push(
        difference(
          orderNo,
          'status',
          ['paid', till],
          statusSaid(reply.transStatus, reply.errorCode)
        )
      )
    }
    // The gateway's own number for the payment, as the till recorded it from an earlier reply. A
    // different one for the same merchant_order_no is not ours to settle (a close could reverse a
    // real payment); it is listed for a person to take up with PayCloud.
    if (attempt.trans_no !== null && reply.transNo !== '' && reply.transNo !== attempt.trans_no) {
      list.push(
        difference(
          orderNo,
          'trans-no',
          [`trans_no ${attempt.trans_no}`, till],
          [`trans_no ${reply.transNo}`, { said: 'trans-no', transNo: reply.transNo }]
        )
      )
    }
    // The engine's rule (gateway/amount.ts): our amount, in our currency, as transmitted.
    const expected = { minor: attempt.amount_minor, currency: attempt.currency as CurrencyCode }
    if (reply.amountMismatch(expected) !== null) {
      const { stated } = reply
      const currency = stated.currency ?? attempt.currency
      const gateway: [string, ReconciliationGatewaySays] =
        stated.amount === null
          ? ['no usable amount in the reply', { said: 'amount', amount: null, asSent: null }]
          : reply.orderAmountMinor !== null && currency === attempt.currency
            ? [
                describeAmount(reply.orderAmountMinor, attempt.currency),
                {
                  said: 'amount',
                  amount: { minor: reply.orderAmountMinor, currency },
                  asSent: null
                }
              ]
            : [
                `${currency} ${stated.amount} (as sent)`,
                { said: 'amount', amount: null, asSent: { amount: stated.amount, currency } }
              ]
      list.push(
        difference(
          orderNo,
          'amount',
          [describeAmount(attempt.amount_minor, attempt.currency), till],
          gateway
        )
      )
    }
    return list
  }

  async function exportCsv(
    request: ReportRange & { readonly kind: 'sales' | 'refunds' }
  ): Promise<CsvExport> {
    const filename = `qr-till-${request.kind}-${fileDates(request, timeZone)}.csv`
    if (request.kind === 'sales') {
      // A sale is read by its day (its payment's, else its opening's), and a payment made while
      // the export lets the event loop go moves an open sale from a window already read into a
      // later one: only its last reading, the newer, is written, so it is in the file once.
      const read = await inWindows(request, (window) =>
        statements.salesExport.all(window).map((row) => ({
          saleId: row.sale_id,
          line: csvLines([
            [
              row.sale_id,
              isoUtc(row.created_at),
              local(row.created_at),
              row.status,
              amount(row.amount_minor, row.currency),
              row.currency,
              amount(row.refunded_minor, row.currency),
              row.pay_method_id,
              row.mode,
              row.merchant_order_no,
              row.trans_no,
              lastFour(row.auth_code_last4),
              row.attempt_status,
              row.attempt_count,
              row.paid_at === null ? null : isoUtc(row.paid_at),
              row.paid_at === null ? null : local(row.paid_at)
            ]
          ])
        }))
      )
      const last = new Map(read.map(({ saleId }, i) => [saleId, i]))
      const parts = read.filter(({ saleId }, i) => last.get(saleId) === i).map(({ line }) => line)
      return { filename, csv: csvFile(salesCsvHeader, parts) }
    }
    const parts = await inWindows(request, (window) => [
      csvLines(
        statements.refundsExport
          .all(window)
          .map((row): Cell[] => [
            row.refund_id,
            isoUtc(row.created_at),
            local(row.created_at),
            isoUtc(row.updated_at),
            row.status,
            amount(row.amount_minor, row.currency),
            row.currency,
            row.sale_id,
            row.pay_method_id,
            row.payment_merchant_order_no,
            row.refund_merchant_order_no,
            row.trans_no,
            row.reason,
            row.failure
          ])
      )
    ])
    return { filename, csv: csvFile(refundsCsvHeader, parts) }
  }

  return { endOfDay, reconcile, exportCsv }
}

/** Paid and refunded rows merged per method and currency, net = paid − refunded; sorted. */
function mergeTotals(paid: readonly TotalsRow[], refunded: readonly TotalsRow[]): MethodTotals[] {
  const byKey = new Map<string, MethodTotals>()
  const add = (row: TotalsRow, sign: 1 | -1): void => {
    const key = `${row.payMethodId}\u0000${row.currency}`
    const sum = byKey.get(key)
    byKey.set(key, {
      payMethodId: row.payMethodId,
      currency: row.currency,
      paidCount: (sum?.paidCount ?? 0) + (sign === 1 ? row.count : 0),
      paidMinor: (sum?.paidMinor ?? 0) + (sign === 1 ? row.minor : 0),
      refundCount: (sum?.refundCount ?? 0) + (sign === -1 ? row.count : 0),
      refundedMinor: (sum?.refundedMinor ?? 0) + (sign === -1 ? row.minor : 0),
      netMinor: (sum?.netMinor ?? 0) + sign * row.minor
    })
  }
  for (const row of paid) add(row, 1)
  for (const row of refunded) add(row, -1)
  return [...byKey.values()].sort(
    (a, b) => compareText(a.currency, b.currency) || compareText(a.payMethodId, b.payMethodId)
  )
}

function totalsPerCurrency(byMethod: readonly MethodTotals[]): Omit<MethodTotals, 'payMethodId'>[] {
  const byCurrency = new Map<string, Omit<MethodTotals, 'payMethodId'>>()
  for (const row of byMethod) {
    const sum = byCurrency.get(row.currency)
    byCurrency.set(row.currency, {
      currency: row.currency,
      paidCount: (sum?.paidCount ?? 0) + row.paidCount,
      paidMinor: (sum?.paidMinor ?? 0) + row.paidMinor,
      refundCount: (sum?.refundCount ?? 0) + row.refundCount,
      refundedMinor: (sum?.refundedMinor ?? 0) + row.refundedMinor,
      netMinor: (sum?.netMinor ?? 0) + row.netMinor
    })
  }
  return [...byCurrency.values()].sort((a, b) => compareText(a.currency, b.currency))
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

const toAttempt = toAttemptView
const toRefund = toRefundView

/** One attempt to check: ask the gateway, or list it as not asked. */
interface Check {
  readonly ask: () => Promise<ReconciliationDifference[]>
  readonly skip: () => ReconciliationDifference
}

const skipped: [string, ReconciliationGatewaySays] = [
  'not asked: the gateway had stopped answering',
  { said: 'no-answer', why: 'skipped', code: null }
]

/** A query that got no answer at all: no connection, or none in time. */
function isUnanswered(found: ReconciliationDifference): boolean {
  const says = found.gatewaySays
  return says.said === 'no-answer' && (says.why === 'timeout' || says.why === 'network')
}

/** Each side in English words (the log's, an integrator's) and as data (for the screens). */
function difference(
  merchantOrderNo: string,
  kind: ReconciliationDifference['kind'],
  [till, tillData]: readonly [string, ReconciliationTillSays],
  [gateway, gatewayData]: readonly [string, ReconciliationGatewaySays]
): ReconciliationDifference {
  return { merchantOrderNo, kind, till, gateway, tillSays: tillData, gatewaySays: gatewayData }
}

function tillSays(attempt: PaidAttemptRow, status: AttemptStatus): ReconciliationTillSays {
  return {
    status,
    amount: { minor: attempt.amount_minor, currency: attempt.currency },
    transNo: attempt.trans_no
  }
}

function statusSaid(
  status: TransStatus,
  errorCode: string | null
): [string, ReconciliationGatewaySays] {
  return [describeStatus(status, errorCode), { said: 'status', transStatus: status, errorCode }]
}

function notSent(text: string): [string, ReconciliationGatewaySays] {
  return [`query not sent: ${text}`, { said: 'no-answer', why: 'not-sent', code: null }]
}

function noAnswer(error: GatewayError): [string, ReconciliationGatewaySays] {
  const why = error.kind === 'rejected' ? 'refused' : error.kind
  const code = error.kind === 'rejected' ? error.code : null
  return [describeFailure(error), { said: 'no-answer', why, code }]
}

const statusWords: Record<TransStatus, string> = {
  9: 'created, not paid',
  0: 'processing, not paid yet',
  1: 'closed unpaid',
  2: 'paid',
  3: 'cancelled or reversed'
}

function describeStatus(status: TransStatus, errorCode: string | null): string {
  const words = statusWords[status] ?? 'an unknown status'
  return `${words} (trans_status ${status}${errorCode === null ? '' : `, ${errorCode}`})`
}

function describeRejection(error: Extract<GatewayError, { kind: 'rejected' }>): string {
  return `no such order (${error.code}: ${error.message})`
}

function describeFailure(error: GatewayError): string {
  switch (error.kind) {
    case 'rejected':
      return `query refused (${error.code}: ${error.message})${error.signed ? '' : ', unsigned'}`
    case 'timeout':
      return `no answer: ${error.phase} timeout (${error.message})`
    case 'network':
      return `unreachable: ${error.message}`
    case 'signature-invalid':
      return `reply signature did not verify: ${error.message}`
    case 'malformed':
      return `unreadable reply: ${error.message}`
  }
}

function describeAmount(minor: number, currency: string): string {
  return isCurrencyCode(currency)
    ? `${currency} ${toMajorString({ minor, currency })}`
    : `${minor} minor units of ${currency}`
}

/** An amount cell in major units (JPY `1200`, USD `12.00`): computed by the till, never guarded. */
function amount(minor: number, currency: string): NumericCell {
  return { numeric: isCurrencyCode(currency) ? toMajorString({ minor, currency }) : String(minor) }
}

/** Never more than the last four characters of a customer's code, whatever the row holds. */
function lastFour(code: string | null): string | null {
  return code === null ? null : code.slice(-4)
}

function isoUtc(ms: number): string {
  return new Date(ms).toISOString()
}

/** `2026-11-26T18:00:00+09:00`: the shop's wall clock, with its offset so it stays exact. */
function localTimeFormatter(timeZone: string): (ms: number) => string {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset'
  })
  return (ms) => {
    const part = partsOf(format, ms)
    const offset = part('timeZoneName').replace(/^GMT/, '') || '+00:00'
    return `${localDate(part)}T${part('hour')}:${part('minute')}:${part('second')}${offset}`
  }
}

type PartOf = (type: Intl.DateTimeFormatPartTypes) => string

function partsOf(format: Intl.DateTimeFormat, ms: number): PartOf {
  const parts = format.formatToParts(new Date(ms))
  return (type) => parts.find((part) => part.type === type)?.value ?? ''
}

function localDate(part: PartOf): string {
  return `${part('year')}-${part('month')}-${part('day')}`
}

/** `2026-11-26` for one local day, `2026-11-01_2026-11-30` for a longer range. */
function fileDates(range: ReportRange, timeZone: string): string {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit'
  })
  const first = localDate(partsOf(format, range.from))
  const last = localDate(partsOf(format, Math.max(range.from, range.to - 1)))
  return first === last ? first : `${first}_${last}`
}
