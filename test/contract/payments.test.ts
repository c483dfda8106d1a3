import { afterEach, describe, expect, it } from 'vitest'
import { RawJson } from '../../src/main/gateway'
import { startSandbox } from '../../src/sandbox'
import { code, ok, orderNo, paidCode, startContract, type Contract } from './support'

let contract: Contract | undefined
afterEach(async () => {
  await contract?.close()
  contract = undefined
})

async function open(overrides: Parameters<typeof startContract>[0] = {}): Promise<Contract> {
  contract = await startContract(overrides)
  return contract
}

async function statusOf(c: Contract, no: string): Promise<Record<string, unknown>> {
  return ok(await c.query(no))
}

describe('CPM: bscanc.pay.submit and order.query (API.md §5.2, §5.5)', () => {
  it('pays at once: signed §3 envelope, paid fields, query by either number', async () => {
    const c = await open()
    const { no, reply } = await c.pay({ attach: 'till-7' })
    expect(reply.status).toBe(200)
    expect(Object.keys(reply.fields ?? {})).toEqual(['code', 'msg', 'psn', 'data', 'sign'])
    const data = ok(reply)
    expect(data).toMatchObject({ trans_status: 2, paid_amount: 1200, trans_amount: 1200 })
    expect(data['trans_end_time']).toBe('2026-01-15 03:00:00')
    const byNo = await statusOf(c, no)
    expect(byNo).toMatchObject({
      trans_no: data['trans_no'],
      trans_type: 1,
      trans_status: 2,
      merchant_order_no: no,
      pay_scenario: 'BSCANQR_PAY',
      pay_method_id: 'WeChatPay',
      attach: 'till-7',
      store_no: c.keys.storeNo
    })
    const byTransNo = ok(await c.call('order.query', { trans_no: String(data['trans_no']) }))
    expect(byTransNo['merchant_order_no']).toBe(no)
  })

  it('accepts form bodies and any /api/entry/* path (§1.2, §1.3)', async () => {
    const c = await open()
    const no = orderNo()
    const reply = await c.call(
      'bscanc.pay.submit',
      {
        merchant_order_no: no,
        auth_code: paidCode,
        pay_method_id: 'UnionPay',
        price_currency: 'USD',
        order_amount: '12.30',
        description: 'Café & cake = 2+1'
      },
      { encoding: 'form', path: '/api/entry/cpm' }
    )
    expect(ok(reply)['trans_status']).toBe(2)
    expect(c.sandbox.getOrder(no)).toMatchObject({ orderAmountMinor: 1230, priceCurrency: 'USD' })
    const queried = await c.call(
      'order.query',
      { merchant_order_no: no },
      { path: '/api/entry/orderquery' }
    )
    expect(queried.body).toContain('\\"order_amount\\":12.30')
  })

  it('answers ORDER_NOT_FOUND for an unknown order', async () => {
    const c = await open()
    expect(await c.query('NOSUCHORDER')).toMatchObject({ code: 'ORDER_NOT_FOUND', verified: true })
    expect(await c.call('order.query', { trans_no: 'SB0' })).toMatchObject({
      code: 'ORDER_NOT_FOUND'
    })
  })
})

describe('CPM scenarios by auth_code suffix (docs/sandbox.md)', () => {
  // [suffix, status at submit, then [advance ms, expected status, trans_error_code]...]
  const table: [string, number, [number, number, string?][]][] = [
    ['6789', 2, []],
    ['0051', 1, [[0, 1, 'INSUFFICIENT_BALANCE']]],
    ['0052', 1, [[0, 1, 'AUTH_CODE_EXPIRED']]],
    ['0054', 1, [[0, 1, 'RISK_CONTROL']]],
    [
      '0061',
      0,
      [
        [2_999, 0],
        [1, 2]
      ]
    ],
    [
      '0062',
      0,
      [
        [29_999, 0],
        [1, 2]
      ]
    ],
    [
      '0063',
      0,
      [
        [4_999, 0],
        [1, 1, 'USER_CANCELLED']
      ]
    ],
    [
      '0064',
      0,
      [
        [59_999, 0],
        [1, 1, 'ORDER_EXPIRED']
      ]
    ]
  ]
  it.each(table)('%s: submit answers %i, then on the clock %j', async (suffix, first, steps) => {
    const c = await open()
    const { no, reply } = await c.pay({ auth_code: code(suffix) })
    expect(ok(reply)['trans_status']).toBe(first)
    for (const [advance, status, errorCode] of steps) {
      c.clock.advance(advance)
      const data = await statusOf(c, no)
      expect(data['trans_status']).toBe(status)
      if (errorCode !== undefined) expect(data['trans_error_code']).toBe(errorCode)
      else expect(data).not.toHaveProperty('trans_error_code')
      if (status === 2) expect(data['paid_amount']).toBe(1200)
    }
  })

  it('closes an order whose later success comes after expires (§6.1)', async () => {
    const c = await open()
    const { no } = await c.pay({ auth_code: code('0062'), expires: 20 })
    c.clock.advance(20_000)
    expect(await statusOf(c, no)).toMatchObject({
      trans_status: 1,
      trans_error_code: 'ORDER_EXPIRED'
    })
    c.clock.advance(20_000)
    expect((await statusOf(c, no))['trans_status']).toBe(1)
  })

  it('refuses a single-use code the second time (0053), and every code with singleUseCodes', async () => {
    const c = await open()
    expect(ok((await c.pay({ auth_code: code('0053') })).reply)['trans_status']).toBe(2)
    const again = await c.pay({ auth_code: code('0053') })
    expect(ok(again.reply)['trans_status']).toBe(1)
    expect((await statusOf(c, again.no))['trans_error_code']).toBe('AUTH_CODE_USED')
    // Without the option, an ordinary code may be scanned again (the till's tests rely on it).
    expect(ok((await c.pay()).reply)['trans_status']).toBe(2)
    expect(ok((await c.pay()).reply)['trans_status']).toBe(2)
    await c.close()
    const strict = await open({ singleUseCodes: true })
    expect(ok((await strict.pay()).reply)['trans_status']).toBe(2)
    expect(ok((await strict.pay()).reply)['trans_status']).toBe(1)
  })

  it('0071: a signed "System error", and the payment succeeds', async () => {
    const c = await open()
    const { no, reply } = await c.pay({ auth_code: code('0071') })
    expect(reply).toMatchObject({
      status: 200,
      code: 'SYSTEM_ERROR',
      msg: 'System error',
      verified: true,
      data: undefined
    })
    expect((await statusOf(c, no))['trans_status']).toBe(2)
  })

  it('0072: no reply before the client gives up, and the payment succeeds', async () => {
    const c = await open()
    const no = orderNo()
    await expect(
      c.call(
        'bscanc.pay.submit',
        {
          merchant_order_no: no,
          auth_code: code('0072'),
          pay_method_id: 'WeChatPay',
          price_currency: 'JPY',
          order_amount: 500
        },
        { timeoutMs: 300 }
      )
    ).rejects.toThrow()
    expect((await statusOf(c, no))['trans_status']).toBe(2)
  })

  it('0072: the held reply arrives after holdReplyMs, and close() never waits for it', async () => {
    const c = await open({ holdReplyMs: 50 })
    const { reply } = await c.pay({ auth_code: code('0072') })
    expect(ok(reply)['trans_status']).toBe(2)
    await c.close()
    const held = await open()
    const pending = held.pay({ auth_code: code('0072') })
    pending.catch(() => undefined)
    await expect.poll(() => held.sandbox.listOrders().length).toBe(1)
    const started = performance.now()
    await held.close()
    expect(performance.now() - started).toBeLessThan(1000)
    await expect(pending).rejects.toThrow()
    contract = undefined
  })

  it('0073: processed, then the connection is dropped without a reply', async () => {
    const c = await open()
    const no = orderNo()
    await expect(c.pay({ merchant_order_no: no, auth_code: code('0073') })).rejects.toThrow()
    expect((await statusOf(c, no))['trans_status']).toBe(2)
  })

  it('0075: a "0" reply whose signature does not verify', async () => {
    const c = await open()
    const { no, reply } = await c.pay({ auth_code: code('0075') })
    expect(reply).toMatchObject({ code: '0', verified: false })
    expect(reply.data?.['trans_status']).toBe(2)
    expect((await statusOf(c, no))['trans_status']).toBe(2)
  })

  it('0076: a reply that is not JSON', async () => {
    const c = await open()
    const { no, reply } = await c.pay({ auth_code: code('0076') })
    expect(reply.status).toBe(200)
    expect(reply.fields).toBeUndefined()
    expect(() => JSON.parse(reply.body) as unknown).toThrow()
    expect((await statusOf(c, no))['trans_status']).toBe(2)
  })

  it('0074: paid as the cancel arrives — reversed (3) for WeChatPay CPM', async () => {
    const c = await open()
    const { no, reply } = await c.pay({ auth_code: code('0074') })
    expect(ok(reply)['trans_status']).toBe(0)
    c.clock.advance(15_000)
    expect((await statusOf(c, no))['trans_status']).toBe(0)
    expect(ok(await c.cancel(no))).toEqual({})
    expect((await statusOf(c, no))['trans_status']).toBe(3)
  })

  it('0074: paid as the cancel arrives — the cancel is refused for PayPay, the order stays paid', async () => {
    const c = await open()
    const { no } = await c.pay({ auth_code: code('0074'), pay_method_id: 'PayPay' })
    c.clock.advance(15_000)
    expect(await c.cancel(no)).toMatchObject({ code: 'ORDER_NOT_CANCELLABLE', verified: true })
    expect(await statusOf(c, no)).toMatchObject({ trans_status: 2, paid_amount: 1200 })
  })
})

describe('MPM: cscanb.pay.getqrcode (API.md §5.1) and scenarios by amount', () => {
  it('creates an order in 9 with a wallet-page qrcode_url, no trans_status, closed at expires', async () => {
    const c = await open()
    const { no, reply } = await c.qr({ expires: 90 })
    const data = ok(reply)
    expect(Object.keys(data).sort()).toEqual(['qrcode_url', 'trans_amount', 'trans_no'])
    expect(data['qrcode_url']).toMatch(
      new RegExp(`^${c.sandbox.url.replace(/\./g, '\\.')}/wallet/[A-Za-z0-9_-]{24}$`)
    )
    expect(await statusOf(c, no)).toMatchObject({
      trans_status: 9,
      pay_scenario: 'SCANQR_PAY',
      pay_method_id: 'PayPay'
    })
    c.clock.advance(89_999)
    expect((await statusOf(c, no))['trans_status']).toBe(9)
    c.clock.advance(1)
    expect(await statusOf(c, no)).toMatchObject({
      trans_status: 1,
      trans_error_code: 'ORDER_EXPIRED'
    })
  })

  it('gives every order its own unguessable token', async () => {
    const c = await open()
    const urls = new Set<unknown>()
    for (let i = 0; i < 5; i++) urls.add(ok((await c.qr()).reply)['qrcode_url'])
    expect(urls.size).toBe(5)
  })

  it('takes the QR base from publicUrl, for a phone on the LAN', async () => {
    const c = await open({ publicUrl: 'http://192.168.1.20:8787/' })
    expect(c.sandbox.publicUrl).toBe('http://192.168.1.20:8787')
    const data = ok((await c.qr()).reply)
    expect(data['qrcode_url']).toMatch(/^http:\/\/192\.168\.1\.20:8787\/wallet\//)
  })

  const table: [string, [number, number, string?][]][] = [
    [
      '1060',
      [
        [1_999, 9],
        [1, 2]
      ]
    ],
    [
      '1061',
      [
        [2_000, 0],
        [5_999, 0],
        [1, 2]
      ]
    ],
    [
      '1063',
      [
        [2_000, 0],
        [6_000, 1, 'USER_CANCELLED']
      ]
    ],
    [
      '1051',
      [
        [2_000, 0],
        [2_000, 1, 'INSUFFICIENT_BALANCE']
      ]
    ],
    ['1054', [[2_000, 1, 'RISK_CONTROL']]],
    [
      '1200',
      [
        [60_000, 9],
        [30_000, 1, 'ORDER_EXPIRED']
      ]
    ]
  ]
  it.each(table)('amount ¥%s: on the clock %j', async (amount, steps) => {
    const c = await open()
    const { no, reply } = await c.qr({ order_amount: RawJson.number(amount) })
    ok(reply)
    for (const [advance, status, errorCode] of steps) {
      c.clock.advance(advance)
      const data = await statusOf(c, no)
      expect(data['trans_status']).toBe(status)
      if (errorCode !== undefined) expect(data['trans_error_code']).toBe(errorCode)
    }
  })

  it('reply faults by amount: 071 System error, 072 held, 073 dropped, 075 bad sign, 076 malformed — all paid 2 s later', async () => {
    const c = await open({ holdReplyMs: 20 })
    const system = await c.qr({ order_amount: RawJson.number('1071') })
    expect(system.reply).toMatchObject({
      code: 'SYSTEM_ERROR',
      msg: 'System error',
      verified: true
    })
    const held = await c.qr({ order_amount: RawJson.number('1072') })
    expect(held.reply.code).toBe('0')
    const dropped = orderNo()
    await expect(
      c.qr({ merchant_order_no: dropped, order_amount: RawJson.number('1073') })
    ).rejects.toThrow()
    const badSign = await c.qr({ order_amount: RawJson.number('1075') })
    expect(badSign.reply).toMatchObject({ code: '0', verified: false })
    const malformed = await c.qr({ order_amount: RawJson.number('1076') })
    expect(malformed.reply.fields).toBeUndefined()
    for (const no of [system.no, held.no, dropped, badSign.no, malformed.no]) {
      expect((await statusOf(c, no))['trans_status']).toBe(9)
    }
    c.clock.advance(2_000)
    for (const no of [system.no, held.no, dropped, badSign.no, malformed.no]) {
      expect((await statusOf(c, no))['trans_status']).toBe(2)
    }
  })

  it('074: paid as the cancel arrives — reversed for Alipay+, refused for WeChatPay MPM', async () => {
    const c = await open()
    const alipay = await c.qr({ order_amount: RawJson.number('1074'), pay_method_id: 'Alipay+' })
    const wechat = await c.qr({ order_amount: RawJson.number('1074'), pay_method_id: 'WeChatPay' })
    c.clock.advance(15_000)
    expect((await statusOf(c, alipay.no))['trans_status']).toBe(0)
    ok(await c.cancel(alipay.no))
    expect((await statusOf(c, alipay.no))['trans_status']).toBe(3)
    expect(await c.cancel(wechat.no)).toMatchObject({ code: 'ORDER_NOT_CANCELLABLE' })
    expect((await statusOf(c, wechat.no))['trans_status']).toBe(2)
  })

  it('refuses MerPay for MPM (CPM only, §8.1) and unknown wallets', async () => {
    const c = await open()
    expect((await c.qr({ pay_method_id: 'MerPay' })).reply.code).toBe('PAY_METHOD_UNSUPPORTED')
    expect((await c.qr({ pay_method_id: 'LinePay' })).reply.code).toBe('PAY_METHOD_UNSUPPORTED')
    expect(ok((await c.pay({ pay_method_id: 'MerPay' })).reply)['trans_status']).toBe(2)
  })
})

describe('duplicates (§6.4)', () => {
  it('refuses a reused merchant_order_no across CPM and MPM, keeping the first order', async () => {
    const c = await open()
    const { no, reply } = await c.pay()
    const first = ok(reply)
    expect((await c.pay({ merchant_order_no: no, auth_code: code('0051') })).reply).toMatchObject({
      code: 'ORDER_DUPLICATE',
      verified: true
    })
    expect((await c.qr({ merchant_order_no: no })).reply.code).toBe('ORDER_DUPLICATE')
    expect(await statusOf(c, no)).toMatchObject({ trans_no: first['trans_no'], trans_status: 2 })
  })

  it('never crashes on a sandbox started with broken keys: it refuses to start', async () => {
    const c = await open()
    await expect(
      startSandbox({ ...c.options, gatewayPrivateKeyPem: 'not a key' })
    ).rejects.toThrow()
  })
})
