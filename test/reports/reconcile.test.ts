import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createGatewayClient } from '../../src/main/gateway/client'
import type { Gateway } from '../../src/main/gateway/types'
import { openJournal, type Journal } from '../../src/main/journal'
import { createReports } from '../../src/main/reports'
import type { CurrencyCode } from '../../src/shared/money'
import type { AttemptStatus, AttemptView } from '../../src/shared/order'
import { generateSandboxCredentials } from '../../src/sandbox'
import { FakeClock } from '../support/fake-clock'
import { scriptedServer, signedEnvelope, scriptedClient } from '../gateway/helpers'
import { startSandboxGateway, type SandboxGateway } from '../support/sandbox-gateway'
import { hour, orderNo, ringUp } from './support'

const clock = new FakeClock()
const now = (): number => clock.now()
let sandbox: SandboxGateway
const opened: Journal[] = []

beforeAll(async () => {
  sandbox = await startSandboxGateway(now)
})
afterAll(async () => {
  await sandbox.close()
})
afterEach(() => {
  for (const journal of opened.splice(0)) journal.close()
})

function journal(): Journal {
  const created = openJournal(':memory:')
  opened.push(created)
  return created
}

let codeSeq = 0
/** A CPM code (10–32 digits) ending in `ending`: the sandbox picks its scenario by the end. */
function code(ending = '9999'): string {
  codeSeq += 1
  return `28${String(codeSeq).padStart(12, '0')}${ending}`
}

/**
 * A real CPM payment on the sandbox over HTTP, and the journal's record of it as paid, the way
 * the engine writes one (whatever the gateway said: the tests then make the two disagree).
 */
async function pay(
  j: Journal,
  spec: {
    minor: number
    currency?: CurrencyCode
    method?: string
    ending?: string
    status?: AttemptStatus
  }
): Promise<AttemptView> {
  const merchantOrderNo = orderNo()
  const currency = spec.currency ?? 'JPY'
  const sent = await sandbox.gateway.submitCpm({
    merchantOrderNo,
    authCode: code(spec.ending),
    payMethodId: spec.method ?? 'WeChatPay',
    amount: { minor: spec.minor, currency },
    description: 'QR Till test',
    expiresSeconds: 60
  })
  if (!sent.ok) throw new Error(`the sandbox refused the payment: ${JSON.stringify(sent.error)}`)
  const recorded = ringUp(j, {
    minor: spec.minor,
    currency,
    method: spec.method ?? 'WeChatPay',
    at: clock.now(),
    merchantOrderNo,
    ...(spec.status === undefined ? {} : { status: spec.status })
  })
  // The gateway's number for it, as the engine keeps it from the submit's reply.
  j.db
    .prepare('UPDATE attempts SET trans_no = ? WHERE id = ?')
    .run(sent.value.transNo, recorded.attemptId)
  return recorded
}

const range = (): { from: number; to: number } => ({
  from: clock.now() - hour,
  to: clock.now() + hour
})

describe('reconciliation against order.query on the sandbox', () => {
  it('matches paid attempts the gateway has as paid, for the same amount', async () => {
    const j = journal()
    await pay(j, { minor: 1200 })
    await pay(j, { minor: 1234, currency: 'USD', method: 'Alipay+' })
    const reports = createReports({ journal: j, gateway: sandbox.gateway, now })

    const report = await reports.reconcile(range())

    expect(report).toEqual({ ...range(), checked: 2, matched: 2, differences: [] })
  })

  it('lists an amount the journal has wrong, and a status the gateway never reached', async () => {
    const j = journal()
    const changed = await pay(j, { minor: 1500 })
    // The journal disagrees: written directly, as a bug or a bad restore would leave it.
    j.db.prepare('UPDATE attempts SET amount_minor = 1600 WHERE id = ?').run(changed.attemptId)
    // The gateway declined this one (RISK_CONTROL), but the journal says paid.
    const declined = await pay(j, { minor: 900, ending: '0054' })
    await pay(j, { minor: 700 })
    const reports = createReports({ journal: j, gateway: sandbox.gateway, now })

    const report = await reports.reconcile(range())

    expect(report.checked).toBe(3)
    expect(report.matched).toBe(1)
    expect(report.differences).toEqual([
      {
        merchantOrderNo: changed.merchantOrderNo,
        kind: 'amount',
        till: 'JPY 1600',
        gateway: 'JPY 1500',
        tillSays: {
          status: 'paid',
          amount: { minor: 1600, currency: 'JPY' },
          transNo: expect.stringMatching(/^SB/)
        },
        gatewaySays: { said: 'amount', amount: { minor: 1500, currency: 'JPY' }, asSent: null }
      },
      {
        merchantOrderNo: declined.merchantOrderNo,
        kind: 'status',
        till: 'paid',
        gateway: 'closed unpaid (trans_status 1, RISK_CONTROL)',
        tillSays: {
          status: 'paid',
          amount: { minor: 900, currency: 'JPY' },
          transNo: expect.stringMatching(/^SB/)
        },
        gatewaySays: { said: 'status', transStatus: 1, errorCode: 'RISK_CONTROL' }
      }
    ])
  })

  it('lists a gateway transaction number that is not the one the till recorded', async () => {
    const j = journal()
    const renumbered = await pay(j, { minor: 1800 })
    await pay(j, { minor: 500 })
    j.db
      .prepare("UPDATE attempts SET trans_no = 'SB-NOT-THIS-ONE' WHERE id = ?")
      .run(renumbered.attemptId)
    const reports = createReports({ journal: j, gateway: sandbox.gateway, now })

    const report = await reports.reconcile(range())

    expect(report.checked).toBe(2)
    expect(report.matched).toBe(1)
    expect(report.differences).toEqual([
      {
        merchantOrderNo: renumbered.merchantOrderNo,
        kind: 'trans-no',
        till: 'trans_no SB-NOT-THIS-ONE',
        gateway: expect.stringMatching(/^trans_no SB\d{8}T\d{6}$/),
        tillSays: {
          status: 'paid',
          amount: { minor: 1800, currency: 'JPY' },
          transNo: 'SB-NOT-THIS-ONE'
        },
        gatewaySays: { said: 'trans-no', transNo: expect.stringMatching(/^SB\d{8}T\d{6}$/) }
      }
    ])
  })

  it('lists a payment the gateway reversed after the journal recorded it paid', async () => {
    const j = journal()
    const reversed = await pay(j, { minor: 2500, method: 'UnionPay' })
    clock.advance(16_000) // a cancel is refused in the first 15 s (API.md §5.3)
    const cancel = await sandbox.gateway.cancelOrder({ merchantOrderNo: reversed.merchantOrderNo })
    expect(cancel.ok).toBe(true)
    const reports = createReports({ journal: j, gateway: sandbox.gateway, now })

    const report = await reports.reconcile(range())

    expect(report.differences).toEqual([
      {
        merchantOrderNo: reversed.merchantOrderNo,
        kind: 'status',
        till: 'paid',
        gateway: expect.stringMatching(/^cancelled or reversed \(trans_status 3/),
        tillSays: expect.objectContaining({ status: 'paid' }),
        gatewaySays: { said: 'status', transStatus: 3, errorCode: null }
      }
    ])
  })

  it('lists an order the gateway does not know, and leaves other rows out of range alone', async () => {
    const j = journal()
    const ghost = ringUp(j, { minor: 4200, at: clock.now() })
    // Paid two hours ago: outside the range, never queried (it is unknown to the gateway too).
    ringUp(j, { minor: 1, at: clock.now() - 2 * hour })
    // Declined and unknown to the gateway: asked too, and the two agree.
    ringUp(j, { minor: 300, at: clock.now(), status: 'declined' })
    const reports = createReports({ journal: j, gateway: sandbox.gateway, now })

    const report = await reports.reconcile(range())

    expect(report.checked).toBe(2)
    expect(report.matched).toBe(1)
    expect(report.differences).toEqual([
      {
        merchantOrderNo: ghost.merchantOrderNo,
        kind: 'unknown-at-gateway',
        till: 'paid JPY 4200',
        gateway: expect.stringMatching(/^no such order \(ORDER_NOT_FOUND/),
        tillSays: { status: 'paid', amount: { minor: 4200, currency: 'JPY' }, transNo: null },
        gatewaySays: { said: 'no-such-order', code: 'ORDER_NOT_FOUND' }
      }
    ])
  })

  it('lists a payment the gateway took for an attempt the till closed unpaid', async () => {
    const j = journal()
    // The till called these declined and cancelled; the gateway has them paid: money taken that
    // no sale shows (a payment that landed after the till gave up on it).
    const declined = await pay(j, { minor: 800, status: 'declined' })
    const cancelled = await pay(j, { minor: 650, status: 'cancelled' })
    // Declined by the wallet, and so at the gateway too: no difference.
    await pay(j, { minor: 900, ending: '0054', status: 'declined' })
    const reports = createReports({ journal: j, gateway: sandbox.gateway, now })

    const report = await reports.reconcile(range())

    expect(report.checked).toBe(3)
    expect(report.matched).toBe(1)
    expect(report.differences).toEqual([
      {
        merchantOrderNo: declined.merchantOrderNo,
        kind: 'status',
        till: 'declined, nothing taken',
        gateway: 'paid (trans_status 2)',
        tillSays: expect.objectContaining({
          status: 'declined',
          amount: { minor: 800, currency: 'JPY' }
        }),
        gatewaySays: { said: 'status', transStatus: 2, errorCode: null }
      },
      {
        merchantOrderNo: cancelled.merchantOrderNo,
        kind: 'status',
        till: 'cancelled, nothing taken',
        gateway: 'paid (trans_status 2)',
        tillSays: expect.objectContaining({ status: 'cancelled' }),
        gatewaySays: { said: 'status', transStatus: 2, errorCode: null }
      }
    ])
  })

  it('asks at most four at a time', async () => {
    const j = journal()
    for (let i = 0; i < 10; i += 1) await pay(j, { minor: 100 + i })
    let inFlight = 0
    let most = 0
    const counting: Gateway = {
      ...sandbox.gateway,
      queryOrder: async (request) => {
        inFlight += 1
        most = Math.max(most, inFlight)
        try {
          return await sandbox.gateway.queryOrder(request)
        } finally {
          inFlight -= 1
        }
      }
    }
    const reports = createReports({ journal: j, gateway: counting, now })

    const report = await reports.reconcile(range())

    expect(report).toMatchObject({ checked: 10, matched: 10, differences: [] })
    expect(most).toBe(4)
    expect(inFlight).toBe(0)
  })

  it('reports every paid attempt as a failed query when the gateway is down', async () => {
    const j = journal()
    const down = await startSandboxGateway(now)
    await down.close()
    const first = ringUp(j, { minor: 500, at: clock.now() })
    const second = ringUp(j, { minor: 600, at: clock.now() })
    const reports = createReports({ journal: j, gateway: down.gateway, now })

    const report = await reports.reconcile(range())

    expect(report.checked).toBe(2)
    expect(report.matched).toBe(0)
    expect(report.differences).toEqual([
      {
        merchantOrderNo: first.merchantOrderNo,
        kind: 'query-failed',
        till: 'paid JPY 500',
        gateway: expect.stringMatching(/^unreachable: /),
        tillSays: { status: 'paid', amount: { minor: 500, currency: 'JPY' }, transNo: null },
        gatewaySays: { said: 'no-answer', why: 'network', code: null }
      },
      {
        merchantOrderNo: second.merchantOrderNo,
        kind: 'query-failed',
        till: 'paid JPY 600',
        gateway: expect.stringMatching(/^unreachable: /),
        tillSays: { status: 'paid', amount: { minor: 600, currency: 'JPY' }, transNo: null },
        gatewaySays: { said: 'no-answer', why: 'network', code: null }
      }
    ])
  })

  it('turns a gateway that throws into a failed query, not a failed report', async () => {
    const j = journal()
    const attempt = ringUp(j, { minor: 800, at: clock.now() })
    const broken: Gateway = {
      ...sandbox.gateway,
      queryOrder: () => Promise.reject(new RangeError('bad order number'))
    }
    const reports = createReports({ journal: j, gateway: broken, now })

    const report = await reports.reconcile(range())

    expect(report.differences).toEqual([
      {
        merchantOrderNo: attempt.merchantOrderNo,
        kind: 'query-failed',
        till: 'paid JPY 800',
        gateway: 'query not sent: bad order number',
        tillSays: { status: 'paid', amount: { minor: 800, currency: 'JPY' }, transNo: null },
        gatewaySays: { said: 'no-answer', why: 'not-sent', code: null }
      }
    ])
  })
})

describe('reconciliation against a gateway that has stopped answering', () => {
  it('stops asking once every query in flight went unanswered, and lists the rest as not asked', async () => {
    const keys = await generateSandboxCredentials()
    // Takes each request and never answers: a gateway behind a link that has gone quiet.
    const silent = await scriptedServer(() => undefined)
    try {
      const j = journal()
      const paid = Array.from({ length: 12 }, (_, i) =>
        ringUp(j, { minor: 100 + i, at: clock.now() + i })
      )
      const gateway = createGatewayClient(
        {
          baseUrl: silent.url,
          appId: keys.appId,
          merchantNo: keys.merchantNo,
          storeNo: keys.storeNo,
          appPrivateKeyPem: keys.appPrivateKeyPem,
          gatewayPublicKeyPem: keys.gatewayPublicKeyPem,
          timeoutMs: 300
        },
        { now }
      )
      const report = await createReports({ journal: j, gateway, now }).reconcile(range())

      // Four in flight; each worker may start one more before the fourth silence is counted.
      expect(silent.bodies.length).toBeLessThanOrEqual(7)
      expect(report).toMatchObject({ checked: 12, matched: 0 })
      expect(report.differences.map((d) => d.merchantOrderNo)).toEqual(
        paid.map((attempt) => attempt.merchantOrderNo)
      )
      const said = report.differences.map((d) => d.gatewaySays)
      expect(said.filter((s) => s.said === 'no-answer' && s.why === 'timeout')).toHaveLength(
        silent.bodies.length
      )
      const skipped = report.differences.filter(
        (d) => d.gatewaySays.said === 'no-answer' && d.gatewaySays.why === 'skipped'
      )
      expect(skipped).toHaveLength(12 - silent.bodies.length)
      expect(skipped[0]).toMatchObject({
        kind: 'query-failed',
        till: expect.stringMatching(/^paid JPY /),
        gateway: 'not asked: the gateway had stopped answering'
      })
    } finally {
      await silent.close()
    }
  })
})

describe('reconciliation reads the amount as the engine does', () => {
  it('lists a reply in another currency with the same count of minor units', async () => {
    const keys = await generateSandboxCredentials()
    const server = await scriptedServer((_body, _request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end(
        signedEnvelope(
          {
            code: '0',
            msg: 'Success',
            psn: 'P1',
            data: '{"trans_no":"T1","trans_status":2,"price_currency":"USD","order_amount":12.00}'
          },
          keys.gatewayPrivateKeyPem
        )
      )
    })
    try {
      const j = journal()
      const paid = ringUp(j, { minor: 1200, at: clock.now() })
      const gateway = scriptedClient(server.url, keys, now)
      const report = await createReports({ journal: j, gateway, now }).reconcile(range())
      expect(report.differences).toEqual([
        {
          merchantOrderNo: paid.merchantOrderNo,
          kind: 'amount',
          till: 'JPY 1200',
          gateway: 'USD 12.00 (as sent)',
          tillSays: { status: 'paid', amount: { minor: 1200, currency: 'JPY' }, transNo: null },
          gatewaySays: {
            said: 'amount',
            amount: null,
            asSent: { amount: '12.00', currency: 'USD' }
          }
        }
      ])
    } finally {
      await server.close()
    }
  })
})
