import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { httpTransport, type Transport } from '../../src/main/gateway'
import { openJournal, type Journal } from '../../src/main/journal'
import { createPaymentEngine, type PaymentEngine } from '../../src/main/payments'
import type { AttemptView, SaleView } from '../../src/shared/order'
import { generateSandboxCredentials, type SandboxCredentials } from '../../src/sandbox'
import { FakeClock } from '../support/fake-clock'
import { startSandboxGateway, type SandboxGateway } from '../support/sandbox-gateway'
import { useTempDir } from '../support/temp-dir'
import { fieldsOf, scriptedServer, signedEnvelope, scriptedClient } from '../gateway/helpers'

/**
 * Races and outages the fault matrix does not reach: a cashier's cancel while the first request
 * is still on its way, and a gateway that is down and comes back. The network is real: a held
 * request reaches the sandbox only when released, and "down" is a real refused connection (the
 * discard port), both through the client's own HTTP transport.
 */

const paidCode = '134567890123456789'
const tempDir = useTempDir()

let clock: FakeClock
let gw: SandboxGateway
let journal: Journal
let engine: PaymentEngine
let network: ReturnType<typeof switchableNetwork>

function switchableNetwork(): {
  transport: Transport
  down: boolean
  holdNext(): { release: () => void; arrived: Promise<void> }
} {
  let held: { release: Promise<void>; arrive: () => void } | null = null
  const state = {
    down: false,
    transport: (async (post, limits) => {
      if (state.down) return httpTransport({ ...post, url: 'http://127.0.0.1:9/api/entry' }, limits)
      const wait = held
      held = null
      if (wait !== null) {
        wait.arrive()
        await wait.release
      }
      return httpTransport(post, limits)
    }) as Transport,
    /**
     * Holds the next request until `release`; `arrived` says it reached the network (its
     * signature is made on the thread pool, so it can leave after requests made later).
     */
    holdNext() {
      let release!: () => void
      let arrive!: () => void
      const arrived = new Promise<void>((resolve) => (arrive = resolve))
      held = { release: new Promise<void>((resolve) => (release = resolve)), arrive }
      return { release, arrived }
    }
  }
  return state
}

beforeEach(async () => {
  clock = new FakeClock()
  network = switchableNetwork()
  gw = await startSandboxGateway(() => clock.now(), { transport: network.transport })
  journal = openJournal(':memory:')
  engine = createPaymentEngine({ journal, gateway: gw.gateway, clock })
})

afterEach(async () => {
  engine.stop()
  await engine.idle()
  journal.close()
  await gw.close()
})

async function runFor(ms: number, step = 1_000): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += step) {
    clock.advance(step)
    await engine.idle()
  }
}

function openSale(minor = 1200): SaleView {
  const result = engine.openSale({ minor, currency: 'JPY' })
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

function attemptOf(saleId: number, index = 0): AttemptView {
  const attempt = journal.getSale(saleId)?.attempts[index]
  if (attempt === undefined) throw new Error(`sale ${saleId} has no attempt ${index}`)
  return attempt
}

/** Every order the gateway holds as paid is one the journal holds as paid. */
function paidAtGatewayButNotInJournal(): string[] {
  return gw.sandbox
    .listOrders()
    .filter((order) => order.transStatus === 2)
    .map((order) => order.merchantOrderNo)
    .filter((no) => journal.attemptByMerchantOrderNo(no)?.status !== 'paid')
}

describe("the cashier's cancel while the payment request is on its way", () => {
  it('waits for the request instead of concluding "never arrived" from an empty gateway', async () => {
    const sale = openSale()
    const { release, arrived } = network.holdNext()
    const started = engine.startCpm({
      saleId: sale.saleId,
      authCode: paidCode,
      payMethodId: 'WeChatPay'
    })
    await arrived
    await runFor(1_000)
    expect((await engine.cancel(sale.saleId)).ok).toBe(true)

    // Past the 15 s before a cancel may be sent: the gateway has no order yet, and the till
    // must not call the attempt cancelled and the sale open for another payment.
    await runFor(20_000)
    expect(gw.sandbox.listOrders()).toEqual([])
    expect(attemptOf(sale.saleId).status).toBe('cancelling')
    expect(journal.getSale(sale.saleId)?.status).toBe('paying')

    // The request arrives and the customer's wallet pays it at once; the close then meets a
    // paid order, and the cashier's cancel reverses it (WeChat Pay can).
    release()
    await started
    await runFor(30_000)
    const attempt = attemptOf(sale.saleId)
    expect(gw.sandbox.getOrder(attempt.merchantOrderNo)?.transStatus).toBe(3)
    expect(attempt.status).toBe('reversed')
    expect(journal.getSale(sale.saleId)?.status).toBe('open')
    expect(paidAtGatewayButNotInJournal()).toEqual([])
  })
})

describe('a check while a refund is on its way', () => {
  it('does not send the same refund number a second time', async () => {
    const sale = openSale()
    const paid = await engine.startCpm({
      saleId: sale.saleId,
      authCode: paidCode,
      payMethodId: 'WeChatPay'
    })
    expect(paid).toMatchObject({ ok: true, value: { status: 'paid' } })

    const { release, arrived } = network.holdNext()
    const refunding = engine.createRefund({
      saleId: sale.saleId,
      amount: { minor: 1200, currency: 'JPY' },
      reason: 'wrong item'
    })
    // The submit, not the query below, is the request held (a race on a busy machine before).
    await arrived
    // The manager presses "Check now" while the submit is held: the gateway has no such refund.
    const refundNo = journal.getSale(sale.saleId)?.refunds[0]?.merchantOrderNo
    if (refundNo === undefined) throw new Error('the refund was not journaled first')
    await engine.checkNowAndWait(refundNo)
    expect(gw.sandbox.getRefund(refundNo)).toBeUndefined()

    release()
    const created = await refunding
    if (!created.ok) throw new Error(created.error.message)
    await runFor(30_000)
    const submits = journal
      .events({ refundId: created.value.refundId })
      .filter((e) => e.kind === 'gateway.request' && e.detail['method'] === 'order.refund.submit')
    expect(submits).toHaveLength(1)
    expect(journal.getRefund(created.value.refundId)?.status).toBe('refunded')
  })
})

describe('a gateway that is down, then back', () => {
  it('closes a payment it never received as "never arrived" once it answers again', async () => {
    network.down = true
    const sale = openSale()
    await engine.startCpm({ saleId: sale.saleId, authCode: paidCode, payMethodId: 'WeChatPay' })
    await runFor(90_000)
    expect(attemptOf(sale.saleId).status).toBe('needs-attention')

    network.down = false
    await runFor(3 * 60_000, 10_000)
    const attempt = attemptOf(sale.saleId)
    expect(gw.sandbox.getOrder(attempt.merchantOrderNo)).toBeUndefined()
    expect(attempt.status).toBe('cancelled')
    expect(attempt.reason).toMatch(/never reached the gateway/)
    // The sale is free for another payment.
    const again = await engine.startCpm({
      saleId: sale.saleId,
      authCode: '134567890123456780',
      payMethodId: 'WeChatPay'
    })
    expect(again).toMatchObject({ ok: true, value: { status: 'paid' } })
  })

  it('sends a refund made during the outage when the gateway is back', async () => {
    const sale = openSale()
    const paid = await engine.startCpm({
      saleId: sale.saleId,
      authCode: paidCode,
      payMethodId: 'WeChatPay'
    })
    expect(paid).toMatchObject({ ok: true, value: { status: 'paid' } })

    network.down = true
    const refund = await engine.createRefund({
      saleId: sale.saleId,
      amount: { minor: 1200, currency: 'JPY' },
      reason: 'wrong item'
    })
    if (!refund.ok) throw new Error(refund.error.message)
    await runFor(120_000)
    expect(journal.getRefund(refund.value.refundId)?.status).toBe('needs-attention')

    network.down = false
    await runFor(5 * 60_000, 10_000)
    const after = journal.getRefund(refund.value.refundId)
    expect(gw.sandbox.getRefund(refund.value.merchantOrderNo)?.transStatus).toBe(2)
    expect(after?.status).toBe('refunded')
    expect(journal.getSale(sale.saleId)?.refundedMinor).toBe(1200)
  })
})

describe('a scripted gateway that answers as PayCloud might', () => {
  let keys: SandboxCredentials
  beforeAll(async () => {
    keys = await generateSandboxCredentials()
  })

  /** An engine on a real journal file, paying through a signed gateway that says `answer`. */
  async function scriptedPayment(
    journalFile: string,
    answer: (method: string) => string
  ): Promise<{
    calls: string[]
    saleId: number
    result: Awaited<ReturnType<PaymentEngine['startCpm']>>
  }> {
    const calls: string[] = []
    const server = await scriptedServer((body, _request, response) => {
      const method = String(fieldsOf(body)['method'])
      calls.push(method)
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end(answer(method))
    })
    const own = openJournal(journalFile)
    const scripted = createPaymentEngine({
      journal: own,
      clock,
      gateway: scriptedClient(server.url, keys, () => clock.now())
    })
    try {
      const opened = scripted.openSale({ minor: 1200, currency: 'JPY' })
      if (!opened.ok) throw new Error(opened.error.message)
      const result = await scripted.startCpm({
        saleId: opened.value.saleId,
        authCode: paidCode,
        payMethodId: 'WeChatPay'
      })
      return { calls, saleId: opened.value.saleId, result }
    } finally {
      scripted.stop()
      await scripted.idle()
      own.close()
      await server.close()
    }
  }

  const signed = (fields: Parameters<typeof signedEnvelope>[0]): string =>
    signedEnvelope(fields, keys.gatewayPrivateKeyPem)

  it('a cancel closed with a code the till was not told of: cancelled, not declined', async () => {
    // PayCloud's trans_error_code values are unknown (API.md §5.5, unknowns 3 and 8).
    let revoked = false
    const server = await scriptedServer((body, _request, response) => {
      const method = String(fieldsOf(body)['method'])
      if (method === 'order.revoker') revoked = true
      const data =
        method === 'order.revoker'
          ? {}
          : {
              data: revoked
                ? '{"trans_no":"T1","trans_status":1,"trans_error_code":"E7701","trans_error_msg":"Closed"}'
                : '{"trans_no":"T1","trans_status":0}'
            }
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end(signed({ code: '0', msg: 'Success', psn: 'P1', ...data }))
    })
    engine.stop()
    await engine.idle()
    engine = createPaymentEngine({
      journal,
      clock,
      gateway: scriptedClient(server.url, keys, () => clock.now())
    })
    try {
      const sale = openSale()
      await engine.startCpm({ saleId: sale.saleId, authCode: paidCode, payMethodId: 'WeChatPay' })
      expect((await engine.cancel(sale.saleId)).ok).toBe(true)
      await runFor(30_000)
      expect(revoked).toBe(true)
      expect(attemptOf(sale.saleId)).toMatchObject({ status: 'cancelled' })
      expect(journal.getSale(sale.saleId)?.status).toBe('open')
    } finally {
      engine.stop()
      await engine.idle()
      await server.close()
    }
  })

  it('a submit that says closed, and a query that says paid: the query is believed', async () => {
    const file = join(tempDir(), 'journal.sqlite')
    const { calls, saleId, result } = await scriptedPayment(file, (method) =>
      signed({
        code: '0',
        msg: 'Success',
        psn: 'P1',
        data:
          method === 'bscanc.pay.submit'
            ? '{"trans_no":"T1","trans_status":1}'
            : '{"trans_no":"T1","trans_status":2,"price_currency":"JPY","order_amount":1200}'
      })
    )
    expect(calls).toEqual(['bscanc.pay.submit', 'order.query'])
    expect(result).toMatchObject({ ok: true, value: { status: 'paid', transNo: 'T1' } })
    const reopened = openJournal(file)
    try {
      expect(reopened.getSale(saleId)).toMatchObject({ status: 'paid', paidMinor: 1200 })
    } finally {
      reopened.close()
    }
  })

  it.each([
    ['in the words of a refusal', { code: 'E401', msg: `auth_code ${paidCode} is invalid` }],
    [
      'among the fields of a success',
      {
        code: '0',
        msg: 'Success',
        data: JSON.stringify({
          trans_no: 'T1',
          trans_status: 2,
          auth_code: paidCode,
          note: paidCode
        })
      }
    ]
  ])('a gateway that echoes the customer code %s: it is written nowhere', async (_, fields) => {
    const dir = tempDir()
    const file = join(dir, 'journal.sqlite')
    const { result, saleId } = await scriptedPayment(file, () => signed({ psn: 'P1', ...fields }))
    expect(result.ok).toBe(true)
    expect(JSON.stringify(result)).not.toContain(paidCode)
    // Every byte the journal wrote: the database, and its WAL if any is left.
    for (const name of readdirSync(dir)) {
      expect({ name, found: readFileSync(join(dir, name)).includes(paidCode) }).toEqual({
        name,
        found: false
      })
    }
    const reopened = openJournal(file)
    try {
      expect(JSON.stringify(reopened.events({ saleId }))).toContain('…6789')
    } finally {
      reopened.close()
    }
  })
})
