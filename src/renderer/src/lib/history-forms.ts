import type { CommandArgs } from '../../../shared/contract'
import { maxReportMs } from '../../../shared/contract/schemas'
import type { CurrencyCode, Money } from '../../../shared/money'
import type { SaleStatus, SaleView } from '../../../shared/order'
import { dateIn, dayStartIn } from '../../../shared/zone'
import { checkAmount } from './amount'

/**
 * The history's and the refund's forms as pure functions: text as typed in, arguments for the
 * service out, or the problem of each field. Amounts go through lib/amount (minor units, never a
 * float); dates are the shop's calendar days, as `<input type="date">` gives them, in the shop's
 * time zone (`TillInfo.timeZone`), never the zone of the browser showing the screen.
 */

/** `YYYY-MM-DD` of a moment, in the shop's time zone. */
export function localDate(at: number, timeZone: string): string {
  return dateIn(at, timeZone)
}

/** The shop's midnight starting the day `YYYY-MM-DD` (`offset` days later); null when not a date. */
export function dayStart(text: string, timeZone: string, offset = 0): number | null {
  return dayStartIn(text, timeZone, offset)
}

/**
 * What is wrong with a report's days: no first day, no last day, the last before the first, or
 * more days than one report covers.
 */
export type DayRangeProblem = 'from' | 'to' | 'order' | 'too-long'

/** A day range as the reports take it: `from` the first day's start, `to` the day after the last. */
export function dayRange(
  fromText: string,
  toText: string,
  timeZone: string
): { ok: true; from: number; to: number } | { ok: false; problem: DayRangeProblem } {
  const from = dayStart(fromText, timeZone)
  const to = dayStart(toText, timeZone, 1)
  if (from === null) return { ok: false, problem: 'from' }
  if (to === null) return { ok: false, problem: 'to' }
  if (to <= from) return { ok: false, problem: 'order' }
  if (to - from > maxReportMs) return { ok: false, problem: 'too-long' }
  return { ok: true, from, to }
}

export interface HistoryForm {
  readonly from: string
  readonly to: string
  readonly status: '' | SaleStatus
  readonly method: string
  readonly min: string
  readonly max: string
  readonly orderNo: string
}

export const emptyHistoryForm: HistoryForm = {
  from: '',
  to: '',
  status: '',
  method: '',
  min: '',
  max: '',
  orderNo: ''
}

export type HistoryFormProblem = 'date-range' | 'amount' | 'amount-range' | 'order-no'
export type HistoryFormErrors = Partial<
  Record<'to' | 'min' | 'max' | 'orderNo', HistoryFormProblem>
>

export type HistoryQuery = Omit<CommandArgs<'sales:history'>, 'after' | 'limit'>

/** An amount filter: empty is no bound, zero is allowed, anything else must be an amount. */
function bound(text: string, currency: CurrencyCode): number | undefined | null {
  if (text.trim() === '') return undefined
  const check = checkAmount(text, currency)
  if (check.ok) return check.amount.minor
  return check.problem === 'zero' ? 0 : null
}

export function historyQuery(
  form: HistoryForm,
  currency: CurrencyCode,
  timeZone: string
): { ok: true; query: HistoryQuery } | { ok: false; errors: HistoryFormErrors } {
  const errors: HistoryFormErrors = {}
  const query: { -readonly [K in keyof HistoryQuery]: HistoryQuery[K] } = {}
  const from = form.from === '' ? undefined : dayStart(form.from, timeZone)
  const to = form.to === '' ? undefined : dayStart(form.to, timeZone, 1)
  if (from === null || to === null || (from !== undefined && to !== undefined && to <= from)) {
    errors.to = 'date-range'
  } else {
    if (from !== undefined) query.from = from
    if (to !== undefined) query.to = to
  }
  if (form.status !== '') query.status = form.status
  if (form.method !== '') query.payMethodId = form.method
  const min = bound(form.min, currency)
  const max = bound(form.max, currency)
  if (min === null) errors.min = 'amount'
  if (max === null) errors.max = 'amount'
  if (min !== null && max !== null && min !== undefined && max !== undefined && max < min) {
    errors.max = 'amount-range'
  }
  if (typeof min === 'number' || typeof max === 'number') query.currency = currency
  if (typeof min === 'number') query.minMinor = min
  if (typeof max === 'number') query.maxMinor = max
  // An order number read out and typed with a Japanese input method comes full-width (ＱＴ２０…):
  // NFKC makes it the ASCII the journal holds, as the amount fields already do.
  const orderNo = form.orderNo.normalize('NFKC').trim()
  if (orderNo !== '') {
    if (/^[A-Za-z0-9]{1,32}$/.test(orderNo)) query.orderNo = orderNo
    else errors.orderNo = 'order-no'
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, query }
}

/** What a refund may still return: paid less every refund done or in flight (as the engine counts). */
export function refundableMinor(sale: SaleView): number {
  return sale.status === 'paid' ? Math.max(0, sale.paidMinor - sale.refundedMinor) : 0
}

export interface RefundForm {
  readonly kind: 'full' | 'partial'
  readonly amountText: string
  readonly reason: string
  readonly pin: string
}

export type RefundFormErrors = Partial<{
  amount: 'empty' | 'invalid' | 'too-high'
  reason: 'empty'
  pin: 'invalid'
}>

export function refundArgs(
  form: RefundForm,
  sale: SaleView
):
  | { ok: true; args: { amount: Money; reason: string; managerPin: string } }
  | { ok: false; errors: RefundFormErrors } {
  const errors: RefundFormErrors = {}
  const currency = sale.amount.currency
  const left = refundableMinor(sale)
  let minor = left
  if (form.kind === 'partial') {
    const check = checkAmount(form.amountText, currency)
    if (check.ok) minor = check.amount.minor
    else errors.amount = check.problem === 'empty' || check.problem === 'zero' ? 'empty' : 'invalid'
  }
  if (errors.amount === undefined && minor > left) errors.amount = 'too-high'
  if (errors.amount === undefined && minor <= 0) errors.amount = 'too-high'
  const reason = form.reason.trim()
  if (reason === '') errors.reason = 'empty'
  if (!/^\d{4,8}$/.test(form.pin)) errors.pin = 'invalid'
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return { ok: true, args: { amount: { minor, currency }, reason, managerPin: form.pin } }
}
