import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openJournal } from '../../src/main/journal'
import { createPaymentEngine } from '../../src/main/payments'
import { generateSandboxCredentials, type SandboxCredentials } from '../../src/sandbox'
import type { RefundView, SaleView } from '../../src/shared/order'
import { FakeClock } from '../support/fake-clock'
import { fieldsOf, scriptedServer, signedEnvelope, scriptedClient } from '../gateway/helpers'

/**
 * DESIGN.md: "Nothing is marked paid without a verified signature and a matching amount". A
 * gateway whose every reply is signed says here whatever a test scripts, and the engine, with a
 * real journal, must not mark a ¥1,200 sale paid (or a ¥500 refund refunded) on an amount that
 * is another currency's, unreadable, or missing (gateway/amount.ts).
 */

let keys: SandboxCredentials
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  keys = await generateSandboxCredentials()
})

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

interface Script {
  /** `data` of every order.query reply. */
  readonly query: string
  /** `data` of every order.refund.query reply. */
  readonly refundQuery?: string
}

const paidSubmit = '{"trans_no":"T1","trans_status":2,"trans_amount":1200}'
const paidQuery =
  '{"trans_no":"T1","trans_status":2,"price_currency":"JPY","order_amount":1200,' +
  '"trans_amount":1200}'

interface Rig {
  readonly sale: () => SaleView
  /** Refunds ¥500 of the sale and lets the engine query it once. */
  readonly refund: () => Promise<RefundView>
}

/**
 * A ¥1,200 CPM sale against a signed gateway answering `script`, after the first query. The
 * submit answers 0 by default, so the query decides.
 */
async function rig(script: Script, submit = '{"trans_no":"T1","trans_status":0}'): Promise<Rig> {
  const server = await scriptedServer((body, _request, response) => {
    const method = fieldsOf(body)['method']
    const data =
      method === 'bscanc.pay.submit'
        ? submit
        : method === 'order.refund.submit'
          ? '{"trans_no":"R1"}'
          : method === 'order.refund.query'
            ? (script.refundQuery ?? '{"trans_no":"R1","trans_status":0}')
            : script.query
    response.writeHead(200, { 'Content-Type': 'application/json' })
    response.end(
      signedEnvelope({ code: '0', msg: 'Success', psn: 'P1', data }, keys.gatewayPrivateKeyPem)
    )
  })
  const clock = new FakeClock()
  const gateway = scriptedClient(server.url, keys, () => clock.now())
  const journal = openJournal(':memory:')
  const engine = createPaymentEngine({ journal, gateway, clock })
  cleanups.push(async () => {
    engine.stop()
    journal.close()
    await server.close()
  })

  const opened = engine.openSale({ minor: 1200, currency: 'JPY' })
  if (!opened.ok) throw new Error(opened.error.message)
  const saleId = opened.value.saleId
  await engine.startCpm({ saleId, authCode: '134567890123456789', payMethodId: 'WeChatPay' })
  clock.advance(5_000)
  await engine.idle()

  const sale = (): SaleView => {
    const found = journal.getSale(saleId)
    if (found === undefined) throw new Error('no sale')
    return found
  }
  const refund = async (): Promise<RefundView> => {
    const created = await engine.createRefund({
      saleId,
      amount: { minor: 500, currency: 'JPY' },
      reason: 'Returned'
    })
    if (!created.ok) throw new Error(created.error.message)
    clock.advance(5_000)
    await engine.idle()
    const found = journal.getRefund(created.value.refundId)
    if (found === undefined) throw new Error('no refund')
    return found
  }
  return { sale, refund }
}

async function saleAfter(query: string): Promise<SaleView> {
  return (await rig({ query })).sale()
}

function expectNeedsAttention(sale: SaleView): void {
  expect(sale.status).toBe('needs-attention')
  expect(sale.paidMinor).toBe(0)
  expect(sale.attempts.at(-1)?.reason).toMatch(/^Needs attention: .*different amount/)
}

describe('order.query says paid for a ¥1,200 sale (API.md §5.5, §9)', () => {
  it('pays on 1200 JPY, as the sandbox states it', async () => {
    const sale = await saleAfter(paidQuery)
    expect(sale.status).toBe('paid')
    expect(sale.paidMinor).toBe(1200)
  })

  it('pays on an integral decimal, on a string, without a currency, or on trans_amount alone', async () => {
    for (const query of [
      '{"trans_no":"T1","trans_status":2,"price_currency":"JPY","order_amount":1200.0}',
      '{"trans_no":"T1","trans_status":2,"price_currency":"JPY","order_amount":"1200"}',
      '{"trans_no":"T1","trans_status":2,"order_amount":1200}',
      '{"trans_no":"T1","trans_status":2,"price_currency":"JPY","trans_amount":1200}'
    ]) {
      expect((await saleAfter(query)).status, query).toBe('paid')
    }
  })

  it('does not pay on 12.00 USD, the same count of minor units in another currency', async () => {
    expectNeedsAttention(
      await saleAfter(
        '{"trans_no":"T1","trans_status":2,"price_currency":"USD","order_amount":12.00}'
      )
    )
  })

  it('does not pay on a currency code the till does not know', async () => {
    expectNeedsAttention(
      await saleAfter(
        '{"trans_no":"T1","trans_status":2,"price_currency":"XXX","order_amount":1200}'
      )
    )
  })

  it('does not pay on amounts that are not a yen amount', async () => {
    for (const amount of [
      '"1200.5"',
      '"12,000"',
      '1e22',
      '1.2e3',
      '" 1200"',
      'true',
      '{"v":1200}'
    ]) {
      const query = `{"trans_no":"T1","trans_status":2,"price_currency":"JPY","order_amount":${amount}}`
      expectNeedsAttention(await saleAfter(query))
    }
  })

  it('reads the amount as transmitted: 1200.00000000000001 is not ¥1,200 though a float says so', async () => {
    expectNeedsAttention(
      await saleAfter(
        '{"trans_no":"T1","trans_status":2,"price_currency":"JPY","order_amount":1200.00000000000001}'
      )
    )
  })

  it('does not pay when the reply states no amount at all', async () => {
    expectNeedsAttention(
      await saleAfter('{"trans_no":"T1","trans_status":2,"price_currency":"JPY"}')
    )
    expectNeedsAttention(await saleAfter('{"trans_no":"T1","trans_status":2,"order_amount":null}'))
  })

  it('does not let trans_amount stand in for an order_amount that is sent and unreadable', async () => {
    expectNeedsAttention(
      await saleAfter(
        '{"trans_no":"T1","trans_status":2,"price_currency":"JPY","order_amount":"1200.5",' +
          '"trans_amount":1200}'
      )
    )
  })

  it('does not pay on another amount without a currency', async () => {
    expectNeedsAttention(await saleAfter('{"trans_no":"T1","trans_status":2,"order_amount":99999}'))
  })

  it('still reads a decline with odd amount fields as a decline', async () => {
    const sale = await saleAfter(
      '{"trans_no":"T1","trans_status":1,"price_currency":7,"order_amount":"n/a",' +
        '"trans_error_code":"INSUFFICIENT_BALANCE","trans_error_msg":"Insufficient balance"}'
    )
    expect(sale.status).toBe('declined')
    expect(sale.attempts.at(-1)?.reason).toMatch(/Insufficient balance/)
  })
})

describe('order.refund.query says refunded for a ¥500 refund (API.md §5.6)', () => {
  async function refundAfter(refundQuery: string): Promise<RefundView> {
    const till = await rig({ query: paidQuery, refundQuery }, paidSubmit)
    expect(till.sale().status).toBe('paid')
    return till.refund()
  }

  function expectRefundNeedsAttention(refund: RefundView): void {
    expect(refund.status).toBe('needs-attention')
    expect(refund.failure).toMatch(/different amount/)
  }

  it('refunds on 500 JPY', async () => {
    const refund = await refundAfter(
      '{"trans_no":"R1","trans_status":2,"price_currency":"JPY","order_amount":500}'
    )
    expect(refund.status).toBe('refunded')
  })

  it('does not refund on 5.00 USD', async () => {
    expectRefundNeedsAttention(
      await refundAfter(
        '{"trans_no":"R1","trans_status":2,"price_currency":"USD","order_amount":5.00}'
      )
    )
  })

  it('does not refund on "500.7" yen, nor on an unknown currency', async () => {
    expectRefundNeedsAttention(
      await refundAfter(
        '{"trans_no":"R1","trans_status":2,"price_currency":"JPY","order_amount":"500.7"}'
      )
    )
    expectRefundNeedsAttention(
      await refundAfter(
        '{"trans_no":"R1","trans_status":2,"price_currency":"XXX","order_amount":500}'
      )
    )
  })

  it('does not refund on another trans_amount, nor without an amount', async () => {
    expectRefundNeedsAttention(
      await refundAfter(
        '{"trans_no":"R1","trans_status":2,"price_currency":"JPY","trans_amount":99999}'
      )
    )
    expectRefundNeedsAttention(
      await refundAfter('{"trans_no":"R1","trans_status":2,"price_currency":"JPY"}')
    )
  })

  it('still reads a failed refund with an odd amount as failed', async () => {
    const refund = await refundAfter(
      '{"trans_no":"R1","trans_status":1,"price_currency":"JPY","order_amount":"500.7",' +
        '"trans_error_msg":"Insufficient balance"}'
    )
    expect(refund.status).toBe('failed')
    expect(refund.failure).toMatch(/Insufficient balance/)
  })
})

describe('bscanc.pay.submit says paid for a ¥1,200 sale (API.md §5.2)', () => {
  /** The sale after a submit that says `submit`, with every query saying `query`. */
  async function afterSubmit(submit: string, query = paidQuery): Promise<SaleView> {
    return (await rig({ query }, submit)).sale()
  }

  it('pays on its trans_amount 1200, at once', async () => {
    const sale = await afterSubmit(paidSubmit, '{"trans_no":"T1","trans_status":0}')
    // Paid on the submit alone: the query (still 0) was never needed.
    expect(sale).toMatchObject({ status: 'paid', paidMinor: 1200 })
  })

  it('does not pay on a submit that states ¥1, nor 12.00 USD', async () => {
    expectNeedsAttention(
      await afterSubmit('{"trans_no":"T1","trans_status":2,"trans_amount":1,"paid_amount":1}')
    )
    expectNeedsAttention(
      await afterSubmit(
        '{"trans_no":"T1","trans_status":2,"price_currency":"USD","order_amount":12.00}'
      )
    )
  })

  it('confirms a submit that states no amount with a query that does', async () => {
    expect(await afterSubmit('{"trans_no":"T1","trans_status":2}')).toMatchObject({
      status: 'paid',
      paidMinor: 1200
    })
    expectNeedsAttention(
      await afterSubmit(
        '{"trans_no":"T1","trans_status":2}',
        '{"trans_no":"T1","trans_status":2,"price_currency":"JPY","order_amount":1}'
      )
    )
    // The query has not settled yet: the payment is polled, not believed on the submit's word.
    const polling = await afterSubmit(
      '{"trans_no":"T1","trans_status":2}',
      '{"trans_no":"T1","trans_status":0}'
    )
    expect(polling).toMatchObject({ status: 'paying', paidMinor: 0 })
  })
})
