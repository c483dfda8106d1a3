import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  dayRange,
  dayStart,
  emptyHistoryForm,
  historyQuery,
  localDate,
  refundArgs,
  refundableMinor,
  type RefundForm
} from '../../src/renderer/src/lib/history-forms'
import type { SaleView } from '../../src/shared/order'

const paidSale: SaleView = {
  saleId: 4,
  amount: { minor: 1250, currency: 'USD' },
  status: 'paid',
  createdAt: 0,
  updatedAt: 0,
  attempts: [],
  refunds: [],
  paidMinor: 1250,
  refundedMinor: 300
}

const tokyo = 'Asia/Tokyo'
const newYork = 'America/New_York'
const hour = 3_600_000

// The screen's browser runs on UTC while the shop is in Tokyo or New York: the days keyed must be
// the shop's, not the browser's.
let browserZone: string | undefined
beforeAll(() => {
  browserZone = process.env['TZ']
  process.env['TZ'] = 'UTC'
})
afterAll(() => {
  if (browserZone === undefined) delete process.env['TZ']
  else process.env['TZ'] = browserZone
})

describe('history filters', () => {
  it('shop days: a date keyed is the shop’s midnight, and the range ends the day after the last', () => {
    // 2026-11-26 00:00 in Tokyo is 15:00 UTC the day before.
    const start = dayStart('2026-11-26', tokyo)
    expect(start).toBe(Date.UTC(2026, 10, 25, 15))
    expect(dayStart('2026-11-26', tokyo, 1)).toBe(Date.UTC(2026, 10, 26, 15))
    // 00:30 in Tokyo is still the 25th in UTC: the shop's today is the 26th.
    expect(localDate(Date.UTC(2026, 10, 25, 15, 30), tokyo)).toBe('2026-11-26')
    expect(localDate(Date.UTC(2026, 10, 25, 14, 59), tokyo)).toBe('2026-11-25')
    expect(dayStart('2026-02-30', tokyo)).toBeNull()
    expect(dayStart('26/11/2026', tokyo)).toBeNull()
    expect(dayRange('2026-11-26', '2026-11-26', tokyo)).toEqual({
      ok: true,
      from: Date.UTC(2026, 10, 25, 15),
      to: Date.UTC(2026, 10, 26, 15)
    })
    expect(dayRange('2026-11-27', '2026-11-26', tokyo)).toEqual({ ok: false, problem: 'order' })
    expect(dayRange('', '2026-11-26', tokyo)).toEqual({ ok: false, problem: 'from' })
    expect(dayRange('2026-11-26', '', tokyo)).toEqual({ ok: false, problem: 'to' })
    // 366 days is a report; 367 is not, and says so rather than failing in the service.
    expect(dayRange('2024-01-01', '2024-12-31', tokyo)).toMatchObject({ ok: true })
    expect(dayRange('2024-01-01', '2025-01-01', tokyo)).toEqual({ ok: false, problem: 'too-long' })
  })

  it('a day across a daylight-saving change in New York is 23 or 25 hours, midnight to midnight', () => {
    expect(dayRange('2026-03-08', '2026-03-08', newYork)).toEqual({
      ok: true,
      from: Date.UTC(2026, 2, 8, 5),
      to: Date.UTC(2026, 2, 8, 5) + 23 * hour
    })
    expect(dayRange('2026-11-01', '2026-11-01', newYork)).toEqual({
      ok: true,
      from: Date.UTC(2026, 10, 1, 4),
      to: Date.UTC(2026, 10, 1, 4) + 25 * hour
    })
    // 23:30 on the fall-back day is 04:30 UTC the next day: still the 1st in New York.
    expect(localDate(Date.UTC(2026, 10, 2, 4, 30), newYork)).toBe('2026-11-01')
  })

  it('turns the form into the command’s filters, amounts in minor units', () => {
    expect(historyQuery(emptyHistoryForm, 'JPY', tokyo)).toEqual({ ok: true, query: {} })
    expect(
      historyQuery(
        {
          from: '2026-11-01',
          to: '2026-11-30',
          status: 'paid',
          method: 'PayPay',
          min: '12.5',
          max: '1,000.05',
          orderNo: ' qt2026 '
        },
        'USD',
        newYork
      )
    ).toEqual({
      ok: true,
      query: {
        // 1 November starts on summer time (UTC−4); 1 December on winter time (UTC−5).
        from: Date.UTC(2026, 10, 1, 4),
        to: Date.UTC(2026, 11, 1, 5),
        status: 'paid',
        payMethodId: 'PayPay',
        currency: 'USD',
        minMinor: 1250,
        maxMinor: 100005,
        orderNo: 'qt2026'
      }
    })
    expect(historyQuery({ ...emptyHistoryForm, min: '0' }, 'JPY', tokyo)).toEqual({
      ok: true,
      query: { currency: 'JPY', minMinor: 0 }
    })
  })

  it('names each field that is wrong', () => {
    expect(historyQuery({ ...emptyHistoryForm, min: '12.5', max: 'abc' }, 'JPY', tokyo)).toEqual({
      ok: false,
      errors: { min: 'amount', max: 'amount' }
    })
    expect(historyQuery({ ...emptyHistoryForm, min: '500', max: '400' }, 'JPY', tokyo)).toEqual({
      ok: false,
      errors: { max: 'amount-range' }
    })
    expect(
      historyQuery({ ...emptyHistoryForm, from: '2026-11-02', to: '2026-11-01' }, 'JPY', tokyo)
    ).toEqual({ ok: false, errors: { to: 'date-range' } })
    expect(historyQuery({ ...emptyHistoryForm, orderNo: 'QT-12' }, 'JPY', tokyo)).toEqual({
      ok: false,
      errors: { orderNo: 'order-no' }
    })
  })

  it('reads an order number typed full-width with a Japanese input method', () => {
    expect(
      historyQuery({ ...emptyHistoryForm, orderNo: '\u3000ＱＴ２０２６ａｂ\u3000' }, 'JPY', tokyo)
    ).toEqual({
      ok: true,
      query: { orderNo: 'QT2026ab' }
    })
  })
})

describe('the refund form', () => {
  const form = (patch: Partial<RefundForm>): RefundForm => ({
    kind: 'full',
    amountText: '',
    reason: 'Returned',
    pin: '4826',
    ...patch
  })

  it('refunds what is left, paid less refunded or in flight; nothing for a sale not paid', () => {
    expect(refundableMinor(paidSale)).toBe(950)
    expect(refundableMinor({ ...paidSale, status: 'abandoned' })).toBe(0)
  })

  it('full: the rest; partial: the amount keyed, never more than the rest', () => {
    expect(refundArgs(form({}), paidSale)).toEqual({
      ok: true,
      args: { amount: { minor: 950, currency: 'USD' }, reason: 'Returned', managerPin: '4826' }
    })
    expect(refundArgs(form({ kind: 'partial', amountText: '2.05' }), paidSale)).toMatchObject({
      ok: true,
      args: { amount: { minor: 205, currency: 'USD' } }
    })
    expect(refundArgs(form({ kind: 'partial', amountText: '9.51' }), paidSale)).toEqual({
      ok: false,
      errors: { amount: 'too-high' }
    })
    expect(refundArgs(form({ kind: 'partial', amountText: '' }), paidSale)).toEqual({
      ok: false,
      errors: { amount: 'empty' }
    })
  })

  it('needs a reason and a PIN of 4 to 8 digits', () => {
    expect(refundArgs(form({ reason: '   ', pin: '123' }), paidSale)).toEqual({
      ok: false,
      errors: { reason: 'empty', pin: 'invalid' }
    })
    expect(refundArgs(form({ pin: '123456789' }), paidSale)).toMatchObject({
      errors: { pin: 'invalid' }
    })
    expect(refundArgs(form({}), { ...paidSale, refundedMinor: 1250 })).toEqual({
      ok: false,
      errors: { amount: 'too-high' }
    })
  })
})
