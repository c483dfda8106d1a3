import { describe, expect, it } from 'vitest'
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

describe('history filters', () => {
  it('local days: a date keyed is its local midnight, and the range ends the day after the last', () => {
    const start = dayStart('2026-11-26')
    expect(start).toBe(new Date(2026, 10, 26).getTime())
    expect(dayStart('2026-11-26', 1)).toBe(new Date(2026, 10, 27).getTime())
    expect(localDate(new Date(2026, 10, 26, 23, 59).getTime())).toBe('2026-11-26')
    expect(dayStart('2026-02-30')).toBeNull()
    expect(dayStart('26/11/2026')).toBeNull()
    expect(dayRange('2026-11-26', '2026-11-26')).toEqual({
      ok: true,
      from: new Date(2026, 10, 26).getTime(),
      to: new Date(2026, 10, 27).getTime()
    })
    expect(dayRange('2026-11-27', '2026-11-26')).toEqual({ ok: false, problem: 'order' })
    expect(dayRange('', '2026-11-26')).toEqual({ ok: false, problem: 'from' })
    expect(dayRange('2026-11-26', '')).toEqual({ ok: false, problem: 'to' })
    // 366 days is a report; 367 is not, and says so rather than failing in the service.
    expect(dayRange('2024-01-01', '2024-12-31')).toMatchObject({ ok: true })
    expect(dayRange('2024-01-01', '2025-01-01')).toEqual({ ok: false, problem: 'too-long' })
  })

  it('turns the form into the command’s filters, amounts in minor units', () => {
    expect(historyQuery(emptyHistoryForm, 'JPY')).toEqual({ ok: true, query: {} })
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
        'USD'
      )
    ).toEqual({
      ok: true,
      query: {
        from: new Date(2026, 10, 1).getTime(),
        to: new Date(2026, 11, 1).getTime(),
        status: 'paid',
        payMethodId: 'PayPay',
        currency: 'USD',
        minMinor: 1250,
        maxMinor: 100005,
        orderNo: 'qt2026'
      }
    })
    expect(historyQuery({ ...emptyHistoryForm, min: '0' }, 'JPY')).toEqual({
      ok: true,
      query: { currency: 'JPY', minMinor: 0 }
    })
  })

  it('names each field that is wrong', () => {
    expect(historyQuery({ ...emptyHistoryForm, min: '12.5', max: 'abc' }, 'JPY')).toEqual({
      ok: false,
      errors: { min: 'amount', max: 'amount' }
    })
    expect(historyQuery({ ...emptyHistoryForm, min: '500', max: '400' }, 'JPY')).toEqual({
      ok: false,
      errors: { max: 'amount-range' }
    })
    expect(
      historyQuery({ ...emptyHistoryForm, from: '2026-11-02', to: '2026-11-01' }, 'JPY')
    ).toEqual({ ok: false, errors: { to: 'date-range' } })
    expect(historyQuery({ ...emptyHistoryForm, orderNo: 'QT-12' }, 'JPY')).toEqual({
      ok: false,
      errors: { orderNo: 'order-no' }
    })
  })

  it('reads an order number typed full-width with a Japanese input method', () => {
    expect(
      historyQuery({ ...emptyHistoryForm, orderNo: '\u3000ＱＴ２０２６ａｂ\u3000' }, 'JPY')
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
