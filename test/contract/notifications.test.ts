import { afterEach, describe, expect, it } from 'vitest'
import { scanTopLevel, verifyFields } from '../../src/main/gateway'
import { notifyRetryDelaysMs } from '../../src/sandbox'
import { code, ok, startContract, startReceiver, type Contract, type Receiver } from './support'

let contract: Contract | undefined
let receiver: Receiver | undefined
afterEach(async () => {
  await contract?.close()
  await receiver?.close()
  contract = undefined
  receiver = undefined
})

async function open(
  overrides: Parameters<typeof startContract>[0] = {},
  respond?: Parameters<typeof startReceiver>[0]
): Promise<{ c: Contract; r: Receiver }> {
  receiver = await startReceiver(respond)
  contract = await startContract({ notifyTimeScale: 0.001, sweepIntervalMs: 10, ...overrides })
  return { c: contract, r: receiver }
}

/** The body's fields as transmitted, and whether `sign` verifies with the gateway key (§4.5). */
function notification(
  c: Contract,
  body: string
): { fields: Record<string, unknown>; verified: boolean } {
  const scanned = scanTopLevel(body)
  if (!scanned.ok) throw new Error(`not JSON: ${body}`)
  const sign = scanned.fields['sign']
  return {
    fields: JSON.parse(body) as Record<string, unknown>,
    verified:
      typeof sign === 'string' && verifyFields(scanned.fields, sign, c.keys.gatewayPublicKeyPem)
  }
}

describe('notifications (API.md §7)', () => {
  it('posts a signed JSON notification with the query fields once paid, and stops at success', async () => {
    const { c, r } = await open()
    const { no, reply } = await c.pay({ notify_url: r.url, attach: 'till-7' })
    const [first] = await r.waitFor(1)
    expect(first?.headers['content-type']).toMatch(/^application\/json/)
    expect(first?.path).toBe('/paycloud/notify')
    const { fields, verified } = notification(c, first?.body ?? '')
    expect(verified).toBe(true)
    expect(fields).toMatchObject({
      trans_no: ok(reply)['trans_no'],
      trans_type: 1,
      trans_status: 2,
      merchant_order_no: no,
      price_currency: 'JPY',
      order_amount: 1200,
      paid_amount: 1200,
      pay_method_id: 'WeChatPay',
      attach: 'till-7',
      trans_end_time: '2026-01-15 03:00:00',
      merchant_no: c.keys.merchantNo,
      app_id: c.keys.appId,
      sign_type: 'RSA2'
    })
    // Nothing scheduled or in flight: a retry after the success would have been sent by now.
    await c.sandbox.notificationsSettled()
    const [record] = c.sandbox.listNotifications()
    expect(record?.state).toBe('delivered')
    expect(record?.attempts).toEqual([
      { at: c.clock.now, httpStatus: 200, bodyExcerpt: 'success', error: null, acknowledged: true }
    ])
    expect(r.received).toHaveLength(1)
  })

  it('retries on the §7 schedule, time-scaled, until the first success', async () => {
    const { c, r } = await open({}, (_request, index) =>
      index < 4 ? { status: 500, body: 'error' } : { status: 200, body: 'success' }
    )
    await c.pay({ notify_url: r.url })
    const received = await r.waitFor(5)
    const gaps = received.slice(1).map((item, i) => item.at - (received[i]?.at ?? 0))
    // 5 s, 10 s, 15 s, 30 s at 0.001: 5, 10, 15, 30 ms (timers never fire early).
    gaps.forEach((gap, i) =>
      expect(gap).toBeGreaterThanOrEqual((notifyRetryDelaysMs[i] ?? 0) * 0.001 - 1)
    )
    await c.sandbox.notificationsSettled()
    expect(c.sandbox.listNotifications()[0]?.state).toBe('delivered')
    const attempts = c.sandbox.listNotifications()[0]?.attempts ?? []
    expect(attempts.map((a) => [a.httpStatus, a.acknowledged])).toEqual([
      [500, false],
      [500, false],
      [500, false],
      [500, false],
      [200, true]
    ])
    expect(attempts[0]?.bodyExcerpt).toBe('error')
    const bodies = new Set(received.map((item) => item.body))
    expect(bodies.size).toBe(1)
  })

  it('gives up after 15 deliveries (the whole 12-hour schedule, compressed)', async () => {
    expect(notifyRetryDelaysMs).toHaveLength(14)
    const { c, r } = await open({ notifyTimeScale: 0.00002 }, () => ({ status: 200, body: 'ok' }))
    await c.pay({ notify_url: r.url })
    await r.waitFor(15, 15_000)
    // Nothing scheduled or in flight: a 16th delivery would have been sent by now.
    await c.sandbox.notificationsSettled()
    expect(c.sandbox.listNotifications()[0]?.state).toBe('failed')
    expect(c.sandbox.listNotifications()[0]?.attempts).toHaveLength(15)
    expect(r.received).toHaveLength(15)
  })

  it('"success" is case-sensitive by default, configurable', async () => {
    const strict = await open({}, (_request, index) => ({
      status: 200,
      body: index === 0 ? 'SUCCESS' : 'success\n'
    }))
    await strict.c.pay({ notify_url: strict.r.url })
    await strict.r.waitFor(2)
    await strict.c.sandbox.notificationsSettled()
    expect(strict.c.sandbox.listNotifications()[0]?.state).toBe('delivered')
    expect(strict.c.sandbox.listNotifications()[0]?.attempts.map((a) => a.acknowledged)).toEqual([
      false,
      true
    ])
    await strict.c.close()
    await strict.r.close()
    const lax = await open({ notifyAckCaseSensitive: false }, () => ({
      status: 200,
      body: 'SUCCESS'
    }))
    await lax.c.pay({ notify_url: lax.r.url })
    await lax.c.sandbox.notificationsSettled()
    expect(lax.c.sandbox.listNotifications()[0]?.state).toBe('delivered')
    expect(lax.r.received).toHaveLength(1)
  })

  it('counts an answer later than the deadline as failed, and a non-200 "success" too', async () => {
    const { c, r } = await open({ notifyDeadlineMs: 100 }, (_request, index) =>
      index === 0
        ? 'hang'
        : index === 1
          ? { status: 201, body: 'success' }
          : { status: 200, body: 'success' }
    )
    await c.pay({ notify_url: r.url })
    await r.waitFor(3)
    await c.sandbox.notificationsSettled()
    expect(c.sandbox.listNotifications()[0]?.state).toBe('delivered')
    const attempts = c.sandbox.listNotifications()[0]?.attempts ?? []
    expect(attempts[0]).toMatchObject({ httpStatus: null, error: 'No answer within 100 ms' })
    expect(attempts[1]).toMatchObject({ httpStatus: 201, acknowledged: false })
  })

  it('records a refused connection as an error and keeps trying', async () => {
    const { c } = await open({ notifyTimeScale: 0.0001 })
    await c.pay({ notify_url: 'http://127.0.0.1:9/notify' })
    await expect
      .poll(() => c.sandbox.listNotifications()[0]?.attempts.length ?? 0)
      .toBeGreaterThan(1)
    expect(c.sandbox.listNotifications()[0]?.attempts[0]).toMatchObject({
      httpStatus: null,
      error: expect.stringMatching(/ECONNREFUSED/)
    })
  })

  it('notifies when the clock brings an order to a final state, not before', async () => {
    const { c, r } = await open()
    const { no } = await c.pay({ notify_url: r.url, auth_code: code('0061') })
    // The reply comes after the sandbox's sweep for final states (gateway.ts): a notification due
    // now exists already, and once the notifier has settled it has been sent too.
    await c.sandbox.notificationsSettled()
    expect(c.sandbox.listNotifications()).toEqual([])
    expect(r.received).toHaveLength(0)
    c.clock.advance(3_000)
    const [first] = await r.waitFor(1)
    expect(notification(c, first?.body ?? '').fields).toMatchObject({
      merchant_order_no: no,
      trans_status: 2,
      trans_end_time: '2026-01-15 03:00:03'
    })
  })

  it('notifies declines and expiries too (final, "regardless of success")', async () => {
    const { c, r } = await open()
    await c.pay({ notify_url: r.url, auth_code: code('0051') })
    await c.qr({ notify_url: r.url, expires: 30 })
    await r.waitFor(1)
    c.clock.advance(30_000)
    const received = await r.waitFor(2)
    const statuses = received.map((item) => notification(c, item.body).fields)
    expect(statuses.map((f) => [f['trans_status'], f['trans_error_code']])).toEqual([
      [1, 'INSUFFICIENT_BALANCE'],
      [1, 'ORDER_EXPIRED']
    ])
  })

  it('notifies a paid order, then its reversal', async () => {
    const { c, r } = await open()
    const { no } = await c.pay({ notify_url: r.url, auth_code: code('0074') })
    c.clock.advance(15_000)
    ok(await c.cancel(no))
    const received = await r.waitFor(2)
    expect(received.map((item) => notification(c, item.body).fields['trans_status'])).toEqual([
      2, 3
    ])
  })

  it('notifies a refund when it reaches its final state (trans_type 3)', async () => {
    const { c, r } = await open()
    const paid = await c.pay()
    const { no } = await c.refund(paid.no, '300', { notify_url: r.url })
    // The reply comes after the sandbox's sweep for final states (gateway.ts): a notification due
    // now exists already, and once the notifier has settled it has been sent too.
    await c.sandbox.notificationsSettled()
    expect(c.sandbox.listNotifications()).toEqual([])
    expect(r.received).toHaveLength(0)
    c.clock.advance(2_000)
    const [first] = await r.waitFor(1)
    const { fields, verified } = notification(c, first?.body ?? '')
    expect(verified).toBe(true)
    expect(fields).toMatchObject({
      trans_type: 3,
      trans_status: 2,
      merchant_order_no: no,
      orig_merchant_order_no: paid.no,
      order_amount: 300,
      merchant_no: c.keys.merchantNo
    })
    await c.sandbox.notificationsSettled()
    expect(c.sandbox.listNotifications()[0]?.kind).toBe('refund')
  })

  it('serves notifications with their attempts as JSON, newest first', async () => {
    const { c, r } = await open()
    await c.pay({ notify_url: r.url })
    c.clock.advance(1000)
    await c.pay({ notify_url: r.url, auth_code: code('0051') })
    await r.waitFor(2)
    await c.sandbox.notificationsSettled()
    const list = (await (await fetch(`${c.sandbox.url}/sandbox/notifications`)).json()) as {
      transStatus: number
      attempts: unknown[]
    }[]
    expect(list.map((item) => [item.transStatus, item.attempts.length])).toEqual([
      [1, 1],
      [2, 1]
    ])
  })
})
