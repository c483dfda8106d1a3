import { afterEach, describe, expect, it } from 'vitest'
import { RawJson } from '../../src/main/gateway'
import { ok, startContract, startReceiver, type Contract, type Receiver } from './support'

let contract: Contract | undefined
let receiver: Receiver | undefined
afterEach(async () => {
  await contract?.close()
  await receiver?.close()
  contract = undefined
  receiver = undefined
})

async function open(overrides: Parameters<typeof startContract>[0] = {}): Promise<Contract> {
  contract = await startContract({ merchantName: 'Café <Kissa> & Co', ...overrides })
  return contract
}

const csp =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; " +
  "base-uri 'none'; frame-ancestors 'none'"

/** No script anywhere, no inline style: what the CSP would block must not be needed. */
function expectStrictHtml(html: string): void {
  expect(html).not.toMatch(/<script/i)
  expect(html).not.toMatch(/<style/i)
  // Inside real tags only: escaped merchant text may well read ` onerror=`.
  expect(html).not.toMatch(/<[^>]*\s(?:style|on[a-z]+)=/i)
  expect(html).toContain('<link rel="stylesheet" href="/sandbox/style.css">')
}

async function form(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual'
  })
}

describe('the MPM wallet page (the QR content)', () => {
  it('shows merchant, amount, currency, wallet and time left; Pay makes it 2 and notifies', async () => {
    receiver = await startReceiver()
    const c = await open({ notifyTimeScale: 0.001, sweepIntervalMs: 10 })
    const { no, reply } = await c.qr({
      notify_url: receiver.url,
      order_amount: RawJson.number('1234'),
      description: 'Two coffees',
      expires: 90
    })
    const url = String(ok(reply)['qrcode_url'])
    c.clock.advance(10_000)
    const page = await fetch(url)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toBe(csp)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    const html = await page.text()
    expectStrictHtml(html)
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">')
    expect(html).toContain('Café &lt;Kissa&gt; &amp; Co')
    expect(html).toContain('1234 JPY')
    expect(html).toContain('Two coffees')
    expect(html).toContain('Pay with PayPay')
    expect(html).toContain('Time left: 80 s')
    const token = url.split('/wallet/')[1] ?? ''
    expect(html).toContain(
      `<form method="post" action="/wallet/pay"><input type="hidden" name="token" value="${token}">`
    )
    expect(html).toContain('action="/wallet/decline"')

    const paid = await form(`${c.sandbox.url}/wallet/pay`, { token })
    expect(paid.status).toBe(303)
    expect(paid.headers.get('location')).toBe(`/wallet/${token}`)
    expect(ok(await c.query(no))).toMatchObject({ trans_status: 2, paid_amount: 1234 })
    const after = await (await fetch(url)).text()
    expect(after).toContain('Paid. Thank you!')
    expect(after).not.toContain('action="/wallet/pay"')
    const [notified] = await receiver.waitFor(1)
    expect(JSON.parse(notified?.body ?? '{}')).toMatchObject({
      merchant_order_no: no,
      trans_status: 2,
      pay_scenario: 'SCANQR_PAY'
    })
    // A second Pay changes nothing.
    expect((await form(`${c.sandbox.url}/wallet/pay`, { token })).status).toBe(303)
    expect(c.sandbox.getOrder(no)?.transStatus).toBe(2)
  })

  it('goes 9 → 0 → 2 with walletConfirmMs', async () => {
    const c = await open({ walletConfirmMs: 4000 })
    const { no, reply } = await c.qr()
    const token = String(ok(reply)['qrcode_url']).split('/wallet/')[1] ?? ''
    await form(`${c.sandbox.url}/wallet/pay`, { token })
    expect(ok(await c.query(no))['trans_status']).toBe(0)
    expect(await (await fetch(`${c.sandbox.url}/wallet/${token}`)).text()).toContain(
      'Confirming the payment'
    )
    c.clock.advance(4000)
    expect(ok(await c.query(no))['trans_status']).toBe(2)
  })

  it('Decline closes the order (1 USER_DECLINED)', async () => {
    const c = await open()
    const { no, reply } = await c.qr()
    const token = String(ok(reply)['qrcode_url']).split('/wallet/')[1] ?? ''
    expect((await form(`${c.sandbox.url}/wallet/decline`, { token })).status).toBe(303)
    expect(ok(await c.query(no))).toMatchObject({
      trans_status: 1,
      trans_error_code: 'USER_DECLINED'
    })
    expect(await (await fetch(`${c.sandbox.url}/wallet/${token}`)).text()).toContain('Not paid')
  })

  it('says so after expiry, and Pay no longer pays', async () => {
    const c = await open()
    const { no, reply } = await c.qr({ expires: 30 })
    const url = String(ok(reply)['qrcode_url'])
    c.clock.advance(30_000)
    const html = await (await fetch(url)).text()
    expect(html).toContain('This payment request has expired.')
    expect(html).not.toContain('action="/wallet/pay"')
    await form(`${c.sandbox.url}/wallet/pay`, { token: url.split('/wallet/')[1] ?? '' })
    expect(ok(await c.query(no))['trans_status']).toBe(1)
  })

  it('answers 404 to an unknown token, and refuses GET on the actions', async () => {
    const c = await open()
    const missing = await fetch(`${c.sandbox.url}/wallet/AAAAAAAAAAAAAAAAAAAAAAAA`)
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-security-policy')).toBe(csp)
    expect((await form(`${c.sandbox.url}/wallet/pay`, { token: 'nope' })).status).toBe(404)
    expect((await form(`${c.sandbox.url}/wallet/pay`, {})).status).toBe(404)
    expect((await fetch(`${c.sandbox.url}/wallet/pay`)).status).toBe(405)
  })

  it('serves its stylesheet as CSS', async () => {
    const c = await open()
    const css = await fetch(`${c.sandbox.url}/sandbox/style.css`)
    expect(css.status).toBe(200)
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect(await css.text()).toContain('.pay')
  })
})

describe('the inspection page and its JSON', () => {
  it('lists orders, refunds and notifications, newest first, statuses in words, all escaped', async () => {
    receiver = await startReceiver(() => ({ status: 500, body: '<b>down</b>' }))
    const c = await open({ notifyTimeScale: 1, sweepIntervalMs: 10, refundDelayMs: 0 })
    const evil = '<script>alert("x")</script>'
    const first = await c.pay({ description: evil, attach: '"><img src=x onerror=alert(1)>' })
    c.clock.advance(1000)
    const second = await c.qr({ notify_url: receiver.url, expires: 30 })
    c.clock.advance(1000)
    await c.refund(first.no, '200', { description: `${evil} refund` })
    c.clock.advance(30_000)
    await receiver.waitFor(1)
    await expect.poll(() => c.sandbox.listNotifications()[0]?.attempts.length).toBe(1)

    const response = await fetch(`${c.sandbox.url}/sandbox`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toBe(csp)
    const html = await response.text()
    expectStrictHtml(html)
    expect(html).toContain('<meta http-equiv="refresh" content="3">')
    expect(html).not.toContain(evil)
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;b&gt;down&lt;/b&gt;')
    expect(html).toContain('Paid (2)')
    expect(html).toContain('Closed (1)')
    expect(html).toContain('ORDER_EXPIRED')
    expect(html).toContain('Refunded (2)')
    expect(html).toContain('pending after 1 of 15')
    expect(html.indexOf(second.no)).toBeLessThan(html.indexOf(first.no))

    const orders = (await (await fetch(`${c.sandbox.url}/sandbox/orders`)).json()) as {
      merchantOrderNo: string
    }[]
    expect(orders.map((order) => order.merchantOrderNo)).toEqual([second.no, first.no])
    const refunds = (await (await fetch(`${c.sandbox.url}/sandbox/refunds`)).json()) as {
      merchantOrderNo: string
      origMerchantOrderNo: string
    }[]
    expect(refunds[0]?.origMerchantOrderNo).toBe(first.no)
    const one = await fetch(`${c.sandbox.url}/sandbox/refunds/${refunds[0]?.merchantOrderNo ?? ''}`)
    expect(await one.json()).toMatchObject({ transStatus: 2, refundAmountMinor: 200 })
    expect((await fetch(`${c.sandbox.url}/sandbox/refunds/NOSUCH`)).status).toBe(404)
    expect((await fetch(`${c.sandbox.url}/sandbox/orders/${second.no}`)).status).toBe(200)
  })
})
