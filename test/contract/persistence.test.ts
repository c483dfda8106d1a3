import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { RawJson } from '../../src/main/gateway'
import { useTempDir } from '../support/temp-dir'
import { code, ok, startContract, startReceiver, type Contract, type Receiver } from './support'

// Registered first, so it runs after the sandbox below is closed (hooks run as a stack).
const tempDir = useTempDir('qr-till-sandbox-')
let contract: Contract | undefined
let receiver: Receiver | undefined
afterEach(async () => {
  await contract?.close()
  await receiver?.close()
  contract = undefined
  receiver = undefined
})

describe('persistence in a SQLite file (storeFile)', () => {
  it('survives a restart with orders, refunds, tokens, used codes, serials and notifications', async () => {
    const file = join(tempDir(), 'sandbox.sqlite')
    let failing = true
    receiver = await startReceiver(() =>
      failing ? { status: 503, body: 'busy' } : { status: 200, body: 'success' }
    )
    const c = await startContract({
      storeFile: file,
      notifyTimeScale: 0.001,
      sweepIntervalMs: 10,
      notifyRetryDelaysMs: [5_000, 60_000_000]
    })
    contract = c
    const paid = await c.pay({ notify_url: receiver.url })
    const paidTransNo = ok(paid.reply)['trans_no']
    const slow = await c.pay({ auth_code: code('0061') })
    const single = await c.pay({ auth_code: code('0053') })
    const mpm = await c.qr({ order_amount: RawJson.number('1500') })
    const qrUrl = String(ok(mpm.reply)['qrcode_url'])
    const refund = await c.refund(paid.no, '200')
    await receiver.waitFor(2)
    await expect.poll(() => c.sandbox.listNotifications()[0]?.attempts.length).toBe(2)

    // The sandbox stops (as in the engine's crash tests) and starts again on the same file.
    await c.restart()
    expect(c.sandbox.getOrder(paid.no)).toMatchObject({ transNo: paidTransNo, transStatus: 2 })
    expect(c.sandbox.listOrders()).toHaveLength(4)
    expect(ok(await c.query(slow.no))['trans_status']).toBe(0)
    c.clock.advance(3_000)
    expect(ok(await c.query(slow.no))['trans_status']).toBe(2)
    expect(ok(await c.queryRefund(refund.no))['trans_status']).toBe(2)
    expect(c.sandbox.getOrder(paid.no)?.refundedMinor).toBe(200)
    // Numbers stay used, codes stay used, serials move on.
    expect((await c.pay({ merchant_order_no: paid.no })).reply.code).toBe('ORDER_DUPLICATE')
    expect((await c.refund(paid.no, '1', { merchant_order_no: refund.no })).reply.code).toBe(
      'REFUND_DUPLICATE'
    )
    const again = await c.pay({ auth_code: code('0053') })
    expect(ok(again.reply)['trans_status']).toBe(1)
    expect(single.no).not.toBe(again.no)
    const fresh = ok((await c.pay()).reply)
    const known = c.sandbox.listOrders().map((order) => order.transNo)
    expect(new Set(known).size).toBe(known.length)
    expect(fresh['trans_no']).not.toBe(paidTransNo)
    // The wallet page of an order issued before the restart still works.
    const page = await fetch(qrUrl.replace(/^http:\/\/[^/]+/, c.sandbox.url))
    expect(await page.text()).toContain('1500 JPY')
    // The pending notification carries on: its history kept, delivered once answered.
    failing = false
    await c.restart({ notifyRetryDelaysMs: [5_000, 5_000] })
    await receiver.waitFor(3)
    await expect
      .poll(() => c.sandbox.listNotifications().find((n) => n.merchantOrderNo === paid.no)?.state)
      .toBe('delivered')
    const history = c.sandbox.listNotifications().find((n) => n.merchantOrderNo === paid.no)
    expect(history?.attempts.map((a) => a.httpStatus)).toEqual([503, 503, 200])

    // The file never holds a customer's full code.
    await c.close()
    contract = undefined
    for (const name of [file, `${file}-wal`]) {
      if (!existsSync(name)) continue
      const text = readFileSync(name).toString('latin1')
      expect(text).not.toContain(code('0053'))
      expect(text).not.toContain('134567890123456789')
    }
  })

  it('keeps nothing without a file', async () => {
    const c = await startContract()
    contract = c
    await c.pay()
    await c.restart()
    expect(c.sandbox.listOrders()).toEqual([])
  })
})
