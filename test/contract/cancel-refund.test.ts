import { afterEach, describe, expect, it } from 'vitest'
import { RawJson } from '../../src/main/gateway'
import { defaultWallets } from '../../src/sandbox'
import { code, ok, orderNo, startContract, type Contract } from './support'

let contract: Contract | undefined
afterEach(async () => {
  await contract?.close()
  contract = undefined
})

async function open(overrides: Parameters<typeof startContract>[0] = {}): Promise<Contract> {
  contract = await startContract(overrides)
  return contract
}

async function status(c: Contract, no: string): Promise<Record<string, unknown>> {
  return ok(await c.query(no))
}

const day = 24 * 60 * 60 * 1000

describe('order.revoker timing (API.md §5.3)', () => {
  it('refuses a cancel before 15 s, accepts it at 15 s, refuses it after 1 day', async () => {
    const c = await open()
    const pending = await c.pay({ auth_code: code('0064'), expires: 86_400 })
    c.clock.advance(14_999)
    expect(await c.cancel(pending.no)).toMatchObject({ code: 'CANCEL_TOO_EARLY', verified: true })
    expect((await status(c, pending.no))['trans_status']).toBe(0)
    c.clock.advance(1)
    expect(ok(await c.cancel(pending.no))).toEqual({})

    const paid = await c.pay()
    c.clock.advance(day + 1)
    expect(await c.cancel(paid.no)).toMatchObject({ code: 'CANCEL_WINDOW_CLOSED' })
    expect((await status(c, paid.no))['trans_status']).toBe(2)
  })

  it('minCancelDelayMs and cancelWindowMs are options', async () => {
    const c = await open({ minCancelDelayMs: 0, cancelWindowMs: 60_000 })
    const now = await c.pay({ auth_code: code('0064') })
    ok(await c.cancel(now.no))
    const late = await c.pay()
    c.clock.advance(60_001)
    expect((await c.cancel(late.no)).code).toBe('CANCEL_WINDOW_CLOSED')
  })
})

describe('order.revoker outcomes', () => {
  it('closes an unpaid CPM order (0) as 1 ORDER_CANCELLED, and the scenario never completes', async () => {
    const c = await open()
    const { no } = await c.pay({ auth_code: code('0062') })
    c.clock.advance(15_000)
    ok(await c.cancel(no))
    expect(await status(c, no)).toMatchObject({
      trans_status: 1,
      trans_error_code: 'ORDER_CANCELLED'
    })
    c.clock.advance(30_000)
    expect((await status(c, no))['trans_status']).toBe(1)
  })

  it('closes an unpaid MPM order (9), by trans_no too (unknowns 7)', async () => {
    const c = await open()
    const { reply } = await c.qr()
    const transNo = String(ok(reply)['trans_no'])
    c.clock.advance(15_000)
    ok(await c.call('order.revoker', { trans_no: transNo }))
    expect(ok(await c.call('order.query', { trans_no: transNo }))['trans_status']).toBe(1)
  })

  it('uses unpaidCancelStatus and paidCancelStatus (unknowns 8)', async () => {
    const c = await open({ unpaidCancelStatus: 3, paidCancelStatus: 1 })
    const unpaid = await c.pay({ auth_code: code('0064') })
    const paid = await c.pay()
    c.clock.advance(15_000)
    ok(await c.cancel(unpaid.no))
    ok(await c.cancel(paid.no))
    expect((await status(c, unpaid.no))['trans_status']).toBe(3)
    expect(await status(c, paid.no)).toMatchObject({
      trans_status: 1,
      trans_error_code: 'ORDER_REVERSED'
    })
  })

  it('a repeated cancel succeeds and changes nothing (§5.3 "cancel again")', async () => {
    const c = await open()
    const { no } = await c.pay()
    c.clock.advance(15_000)
    ok(await c.cancel(no))
    ok(await c.cancel(no))
    expect((await status(c, no))['trans_status']).toBe(3)
    const declined = await c.pay({ auth_code: code('0051') })
    c.clock.advance(15_000)
    ok(await c.cancel(declined.no))
    expect(await status(c, declined.no)).toMatchObject({
      trans_status: 1,
      trans_error_code: 'INSUFFICIENT_BALANCE'
    })
  })

  it('refuses to cancel an unknown order and a refunded one', async () => {
    const c = await open()
    expect((await c.cancel('NOSUCHORDER')).code).toBe('ORDER_NOT_FOUND')
    const { no } = await c.pay()
    ok((await c.refund(no, '100')).reply)
    c.clock.advance(15_000)
    expect((await c.cancel(no)).code).toBe('ORDER_REFUNDED')
  })

  it('unreversibleCancel accept: a paid PayPay order takes the cancel and stays paid (unknowns 8)', async () => {
    const c = await open({ unreversibleCancel: 'accept' })
    const { no } = await c.pay({ pay_method_id: 'PayPay' })
    c.clock.advance(15_000)
    expect(ok(await c.cancel(no))).toEqual({})
    expect((await status(c, no))['trans_status']).toBe(2)
    ok((await c.refund(no, '1200')).reply)
  })

  // The per-wallet table (wallets.ts, §5.3 and §8.1) over every wallet and mode.
  const cases = Object.entries(defaultWallets).flatMap(([wallet, rule]) =>
    rule.modes.map((mode) => [wallet, mode, rule.reversePaid.includes(mode)] as const)
  )
  it.each(cases)('a paid %s %s order: reversed to 3 = %s', async (wallet, mode, reversible) => {
    const c = await open()
    const { no } =
      mode === 'CPM'
        ? await c.pay({ pay_method_id: wallet })
        : await c.qr({ pay_method_id: wallet, order_amount: RawJson.number('1060') })
    c.clock.advance(15_000)
    expect((await status(c, no))['trans_status']).toBe(2)
    const reply = await c.cancel(no)
    if (reversible) {
      ok(reply)
      expect((await status(c, no))['trans_status']).toBe(3)
    } else {
      expect(reply).toMatchObject({ code: 'ORDER_NOT_CANCELLABLE', verified: true })
      expect(reply.msg).toMatch(/refund it instead/)
      expect((await status(c, no))['trans_status']).toBe(2)
      // The till refunds instead (§10 CPM step 5).
      ok((await c.refund(no, mode === 'CPM' ? '1200' : '1060')).reply)
    }
    // An unpaid order of the same wallet can always be closed.
    const unpaid =
      mode === 'CPM'
        ? await c.pay({ pay_method_id: wallet, auth_code: code('0064') })
        : await c.qr({ pay_method_id: wallet })
    c.clock.advance(15_000)
    ok(await c.cancel(unpaid.no))
    expect((await status(c, unpaid.no))['trans_status']).toBe(1)
  })
})

describe('order.refund.submit and order.refund.query (API.md §5.4, §5.6)', () => {
  it('is its own transaction: 0 (refunding), then 2 after refundDelayMs; the original stays 2', async () => {
    const c = await open()
    const paid = await c.pay({ order_amount: RawJson.number('1200') })
    const origTransNo = String(ok(paid.reply)['trans_no'])
    const { no, reply } = await c.refund(paid.no, '500')
    const data = ok(reply)
    expect(data).toMatchObject({ trans_no: expect.stringMatching(/^SR/), trans_amount: 500 })
    expect(ok(await c.queryRefund(no))).toEqual({
      trans_no: data['trans_no'],
      trans_type: 3,
      orig_trans_no: origTransNo,
      orig_merchant_order_no: paid.no,
      trans_status: 0,
      merchant_order_no: no,
      price_currency: 'JPY',
      order_amount: 500,
      trans_amount: 500
    })
    c.clock.advance(1_999)
    expect(ok(await c.queryRefund(no))['trans_status']).toBe(0)
    c.clock.advance(1)
    expect(ok(await c.queryRefund(no))).toMatchObject({
      trans_status: 2,
      trans_end_time: '2026-01-15 03:00:02',
      pay_channel_trans_no: expect.any(String)
    })
    const byTransNo = ok(await c.call('order.refund.query', { trans_no: String(data['trans_no']) }))
    expect(byTransNo['merchant_order_no']).toBe(no)
    expect((await status(c, paid.no))['trans_status']).toBe(2)
    expect(c.sandbox.getOrder(paid.no)).toMatchObject({ refundedMinor: 500, refundCount: 1 })
  })

  it('allows partial refunds up to the amount paid, by orig_trans_no too', async () => {
    const c = await open()
    const paid = await c.pay()
    const transNo = String(ok(paid.reply)['trans_no'])
    ok((await c.refund(paid.no, '500')).reply)
    ok(
      (
        await c.refund(paid.no, '700', {
          orig_merchant_order_no: undefined,
          orig_trans_no: transNo
        })
      ).reply
    )
    const over = await c.refund(paid.no, '1')
    expect(over.reply).toMatchObject({ code: 'REFUND_AMOUNT_EXCEEDED', verified: true })
    expect(over.reply.msg).toBe('Refundable: 0')
  })

  it('a refund scenario can fail (amount ending 051): 0, then 1, and it frees its amount', async () => {
    const c = await open()
    const paid = await c.pay({ order_amount: RawJson.number('2000') })
    const failing = await c.refund(paid.no, '1051')
    ok(failing.reply)
    expect(ok(await c.queryRefund(failing.no))['trans_status']).toBe(0)
    expect((await c.refund(paid.no, '1000')).reply.code).toBe('REFUND_AMOUNT_EXCEEDED')
    c.clock.advance(2_000)
    expect(ok(await c.queryRefund(failing.no))).toMatchObject({
      trans_status: 1,
      trans_error_code: 'MERCHANT_BALANCE_INSUFFICIENT'
    })
    ok((await c.refund(paid.no, '2000')).reply)
  })

  it('refuses a reused number: another refund, the original order, any order', async () => {
    const c = await open()
    const paid = await c.pay()
    const other = await c.pay()
    const first = await c.refund(paid.no, '100')
    for (const reused of [first.no, paid.no, other.no]) {
      expect((await c.refund(paid.no, '100', { merchant_order_no: reused })).reply).toMatchObject({
        code: 'REFUND_DUPLICATE',
        verified: true
      })
    }
    // And a payment cannot take a refund's number (§6.4).
    expect((await c.pay({ merchant_order_no: first.no })).reply.code).toBe('ORDER_DUPLICATE')
    expect(c.sandbox.listRefunds()).toHaveLength(1)
  })

  it('refunds only a paid order (2), in its currency', async () => {
    const c = await open()
    const declined = await c.pay({ auth_code: code('0051') })
    const pending = await c.pay({ auth_code: code('0064') })
    const mpm = await c.qr()
    const reversed = await c.pay()
    c.clock.advance(15_000)
    ok(await c.cancel(reversed.no))
    for (const no of [declined.no, pending.no, mpm.no, reversed.no]) {
      expect((await c.refund(no, '100')).reply.code).toBe('ORDER_NOT_PAID')
    }
    const paid = await c.pay()
    expect((await c.refund(paid.no, '1.00', { price_currency: 'USD' })).reply.code).toBe(
      'CURRENCY_MISMATCH'
    )
    expect((await c.refund('NOSUCHORDER', '100')).reply.code).toBe('ORDER_NOT_FOUND')
    const mismatch = await c.refund(paid.no, '100', { orig_trans_no: 'SB19990101T000001' })
    expect(mismatch.reply).toMatchObject({ code: 'PARAM_INVALID' })
    expect((await c.queryRefund('NOSUCHREFUND')).code).toBe('REFUND_NOT_FOUND')
    // A refund is not an order, and an order is not a refund.
    const refund = await c.refund(paid.no, '100')
    expect((await c.query(refund.no)).code).toBe('ORDER_NOT_FOUND')
    expect((await c.queryRefund(paid.no)).code).toBe('REFUND_NOT_FOUND')
  })

  it('allows at most maxPartialRefunds refunds (default 50; a failed one does not count)', async () => {
    const c = await open()
    const paid = await c.pay({ order_amount: RawJson.number('100') })
    for (let i = 0; i < 50; i++) ok((await c.refund(paid.no, '1')).reply)
    expect((await c.refund(paid.no, '1')).reply).toMatchObject({ code: 'REFUND_LIMIT_REACHED' })
    await c.close()
    const three = await open({ maxPartialRefunds: 3, refundDelayMs: 0 })
    const order = await three.pay({ order_amount: RawJson.number('5000') })
    ok((await three.refund(order.no, '1051')).reply)
    expect(
      ok(await three.queryRefund(three.sandbox.listRefunds()[0]?.merchantOrderNo ?? ''))[
        'trans_status'
      ]
    ).toBe(1)
    for (let i = 0; i < 3; i++) ok((await three.refund(order.no, '10')).reply)
    expect((await three.refund(order.no, '10')).reply.code).toBe('REFUND_LIMIT_REACHED')
  })

  it('with refundDelayMs 0 a refund is final at once', async () => {
    const c = await open({ refundDelayMs: 0 })
    const paid = await c.pay()
    const { no } = await c.refund(paid.no, '1200')
    expect(ok(await c.queryRefund(no))['trans_status']).toBe(2)
    expect(c.sandbox.getRefund(no)).toMatchObject({
      origMerchantOrderNo: paid.no,
      refundAmountMinor: 1200,
      transStatus: 2
    })
    expect(orderNo()).not.toBe(no)
  })
})
