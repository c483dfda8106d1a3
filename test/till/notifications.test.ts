import { generateKeyPairSync } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { writeJsonObject, type FieldValue } from '../../src/main/gateway/json'
import { signFields } from '../../src/main/gateway/sign'
import { createTill, type Till } from '../../src/main/till'
import { generateSandboxCredentials, type SandboxCredentials } from '../../src/sandbox'
import type { AttemptView, SaleView } from '../../src/shared/order'
import { FakeClock } from '../support/fake-clock'
import { useTempDir } from '../support/temp-dir'

/**
 * The notification receiver in a real till (API.md §7): createTill on a temp data folder, the
 * embedded sandbox on the till's virtual clock, notifications posted over real HTTP and signed
 * with the sandbox's gateway key, exactly as PayCloud would sign them.
 */

const tempDir = useTempDir()

const slowCode = '134567890123450061' // the sandbox answers 0, then 2 three seconds after submit
const paidCode = '134567890123456789'

let credentials: SandboxCredentials
/** A key pair that is not the gateway's: what a forger has. */
let otherKey: string

beforeAll(async () => {
  credentials = await generateSandboxCredentials()
  otherKey = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' }
  }).privateKey
})

interface Rig {
  readonly till: Till
  readonly clock: FakeClock
  readonly dir: string
}

const open: Till[] = []

afterEach(async () => {
  for (const till of open.splice(0)) await till.close()
})

async function startTill(notifications?: Record<string, unknown>): Promise<Rig> {
  const dir = tempDir()
  if (notifications !== undefined) {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ notifications }))
  }
  const clock = new FakeClock()
  const till = await createTill({ dataDir: dir, clock, sandboxCredentials: credentials })
  open.push(till)
  return { till, clock, dir }
}

const enabled = { enabled: true, port: 0 }
/**
 * The sandbox delivers its own notifications to notify_url (§7). Tests that post their own point
 * notify_url at a relay that is not there, so that only their notifications reach the receiver.
 */
const behindRelay = { ...enabled, publicUrl: 'http://127.0.0.1:9/relay/notify' }

async function pay(rig: Rig, authCode = slowCode, minor = 1200): Promise<AttemptView> {
  const sale = await rig.till.handlers['sales:open']({ amount: { minor, currency: 'JPY' } })
  if (!sale.ok) throw new Error(sale.error.message)
  const attempt = await rig.till.handlers['payments:startCpm']({
    saleId: sale.value.saleId,
    authCode,
    payMethodId: 'WeChatPay'
  })
  if (!attempt.ok) throw new Error(attempt.error.message)
  return attempt.value
}

async function saleOf(rig: Rig, attempt: AttemptView): Promise<SaleView> {
  const sale = await rig.till.handlers['sales:get']({ saleId: attempt.saleId })
  if (!sale.ok) throw new Error(sale.error.message)
  return sale.value
}

/** The §7 fields PayCloud is expected to send for this attempt (API.md §7 "probable fields"). */
function notificationFor(
  rig: Rig,
  attempt: AttemptView,
  overrides: Record<string, FieldValue> = {}
): Record<string, FieldValue> {
  const order = rig.till.sandbox?.getOrder(attempt.merchantOrderNo)
  if (order === undefined) throw new Error('the sandbox has no such order')
  return {
    app_id: credentials.appId,
    sign_type: 'RSA2',
    merchant_no: credentials.merchantNo,
    merchant_order_no: order.merchantOrderNo,
    trans_no: order.transNo,
    trans_type: 1,
    trans_status: 2,
    pay_method_id: order.payMethodId,
    price_currency: 'JPY',
    order_amount: 1200,
    ...overrides
  }
}

function signed(
  fields: Record<string, FieldValue>,
  key = credentials.gatewayPrivateKeyPem
): string {
  return writeJsonObject({ ...fields, sign: signFields(fields, key) })
}

async function post(
  url: string,
  body: string,
  contentType = 'application/json',
  method = 'POST'
): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': contentType },
    ...(method === 'GET' ? {} : { body })
  })
  return { status: response.status, text: await response.text() }
}

function receiverUrl(rig: Rig): string {
  const url = rig.till.notificationsUrl
  if (url === null) throw new Error('the receiver is off')
  return url
}

interface LoggedEvent {
  kind: string
  saleId: number | null
  attemptId: number | null
  detail: Record<string, unknown>
  text: string
}

/** The journal's event log, read as a support engineer would: straight from the file. */
function events(rig: Rig, kind?: string): LoggedEvent[] {
  const db = new Database(join(rig.dir, 'journal.sqlite'), { readonly: true })
  try {
    const rows = db
      .prepare<
        [],
        { kind: string; sale_id: number | null; attempt_id: number | null; detail: string }
      >('SELECT kind, sale_id, attempt_id, detail FROM events ORDER BY id')
      .all()
    return rows
      .filter((row) => kind === undefined || row.kind === kind)
      .map((row) => ({
        kind: row.kind,
        saleId: row.sale_id,
        attemptId: row.attempt_id,
        detail: JSON.parse(row.detail) as Record<string, unknown>,
        text: row.detail
      }))
  } finally {
    db.close()
  }
}

function notifications(rig: Rig): LoggedEvent[] {
  return events(rig, 'notification.received')
}

function lastNotification(rig: Rig): LoggedEvent {
  const all = notifications(rig)
  const last = all[all.length - 1]
  if (last === undefined) throw new Error('no notification in the event log')
  return last
}

function queries(rig: Rig, attempt: AttemptView): number {
  return events(rig).filter(
    (event) =>
      event.attemptId === attempt.attemptId &&
      event.kind === 'gateway.reply' &&
      event.detail['method'] === 'order.query'
  ).length
}

/** Runs the timers due now (a check is scheduled at 0 ms) and waits for every check to end. */
async function runDue(rig: Rig): Promise<void> {
  rig.clock.advance(0)
  await rig.till.idle()
}

async function runChecks(rig: Rig, attempt: AttemptView, expectedQueries: number): Promise<void> {
  await runDue(rig)
  expect(queries(rig, attempt)).toBe(expectedQueries)
}

describe('settings and wiring', () => {
  it('is off by default: no receiver, and no notify_url is sent', async () => {
    const rig = await startTill()
    expect(rig.till.notificationsUrl).toBeNull()
    const attempt = await pay(rig, paidCode)
    expect(rig.till.sandbox?.getOrder(attempt.merchantOrderNo)?.notifyUrl).toBeNull()
  })

  it('when enabled, listens on loopback at the default path and sends its URL as notify_url', async () => {
    const rig = await startTill(enabled)
    expect(rig.till.notificationsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/paycloud\/notify$/)
    const attempt = await pay(rig, paidCode)
    expect(rig.till.sandbox?.getOrder(attempt.merchantOrderNo)?.notifyUrl).toBe(
      rig.till.notificationsUrl
    )
  })

  it('sends the public URL of a relay when one is configured', async () => {
    const rig = await startTill({ ...behindRelay, path: '/hook' })
    expect(rig.till.notificationsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hook$/)
    const attempt = await pay(rig, paidCode)
    expect(rig.till.sandbox?.getOrder(attempt.merchantOrderNo)?.notifyUrl).toBe(
      behindRelay.publicUrl
    )
  })

  it('still takes payments, without notify_url, when the receiver cannot start', async () => {
    const busy: Server = createServer()
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    try {
      const address = busy.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      const rig = await startTill({ enabled: true, port })
      expect(rig.till.notificationsUrl).toBeNull()
      const attempt = await pay(rig, paidCode)
      expect(attempt.status).toBe('paid')
      expect(rig.till.sandbox?.getOrder(attempt.merchantOrderNo)?.notifyUrl).toBeNull()
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()))
    }
  })
})

describe('a verified notification', () => {
  it('from the sandbox itself brings the payment in before the next poll', async () => {
    const rig = await startTill(enabled)
    const attempt = await pay(rig)
    // The customer confirms 3 s after submit; the sandbox then notifies (§7), well before the
    // engine's next poll at 5 s.
    rig.clock.advance(3_500)
    // The sandbox notices final states on a real-time sweep, which has no event; its delivery does.
    await vi.waitFor(() => expect(rig.till.sandbox?.listNotifications()).toHaveLength(1))
    await rig.till.sandbox?.notificationsSettled()
    expect(rig.till.sandbox?.listNotifications()[0]?.state).toBe('delivered')
    expect(notifications(rig).map((event) => event.detail['verdict'])).toEqual(['verified'])
    expect(lastNotification(rig)).toMatchObject({
      attemptId: attempt.attemptId,
      detail: { verdict: 'verified', check: true, transStatus: 2, answer: 'success' }
    })
    await runChecks(rig, attempt, 1)
    expect((await saleOf(rig, attempt)).status).toBe('paid')
    expect(rig.clock.now()).toBeLessThan(attempt.createdAt + 5_000)
  })

  it('answers success at once and asks the gateway now; the query pays the sale', async () => {
    const rig = await startTill(behindRelay)
    const attempt = await pay(rig)
    expect(attempt.status).toBe('processing')
    // The customer confirms 3 s after submit; the next poll would be at 5 s.
    rig.clock.advance(3_500)
    expect(queries(rig, attempt)).toBe(0)

    const answer = await post(receiverUrl(rig), signed(notificationFor(rig, attempt)))
    expect(answer).toEqual({ status: 200, text: 'success' })
    // Answered before any gateway call: the check is only scheduled (§7: within 5 s).
    expect(queries(rig, attempt)).toBe(0)
    expect((await saleOf(rig, attempt)).status).toBe('paying')
    expect(lastNotification(rig)).toMatchObject({
      saleId: attempt.saleId,
      attemptId: attempt.attemptId,
      detail: {
        verdict: 'verified',
        check: true,
        answer: 'success',
        merchantOrderNo: attempt.merchantOrderNo,
        transStatus: 2,
        amount: '1200',
        attemptStatus: 'processing'
      }
    })

    await runChecks(rig, attempt, 1)
    expect((await saleOf(rig, attempt)).status).toBe('paid')
    const kinds = events(rig)
      .filter((event) => event.attemptId === attempt.attemptId)
      .map((event) => event.kind)
    expect(kinds.slice(-4)).toEqual([
      'notification.received',
      'gateway.request',
      'gateway.reply',
      'attempt.status'
    ])
    expect(rig.clock.now()).toBeLessThan(attempt.createdAt + 5_000)
  })

  it('never decides the sale: "paid" in a notification is only a reason to ask', async () => {
    const rig = await startTill(behindRelay)
    const attempt = await pay(rig)
    rig.clock.advance(1_000) // the customer has not confirmed yet
    const answer = await post(receiverUrl(rig), signed(notificationFor(rig, attempt)))
    expect(answer.text).toBe('success')
    await runChecks(rig, attempt, 1)
    // The gateway says 0: the sale stays as it was, whatever the notification claimed.
    expect((await saleOf(rig, attempt)).status).toBe('paying')
    expect((await saleOf(rig, attempt)).attempts[0]?.status).toBe('processing')
  })

  it('accepts a form-encoded body, verified over the fields as sent', async () => {
    const rig = await startTill(behindRelay)
    const attempt = await pay(rig)
    rig.clock.advance(3_500)
    // A form carries text only: every value is signed as the text it arrives as (§4.2).
    const fields = Object.fromEntries(
      Object.entries(notificationFor(rig, attempt)).map(([key, value]) => [key, String(value)])
    )
    const form = new URLSearchParams({
      ...fields,
      sign: signFields(fields, credentials.gatewayPrivateKeyPem)
    })
    const answer = await post(
      receiverUrl(rig),
      form.toString(),
      'application/x-www-form-urlencoded'
    )
    expect(answer).toEqual({ status: 200, text: 'success' })
    expect(lastNotification(rig).detail).toMatchObject({ verdict: 'verified', encoding: 'form' })
    await runChecks(rig, attempt, 1)
    expect((await saleOf(rig, attempt)).status).toBe('paid')
  })

  it('answers SUCCESS when the deployment wants upper case', async () => {
    const rig = await startTill({ ...behindRelay, answerCase: 'upper' })
    const attempt = await pay(rig, paidCode)
    const answer = await post(receiverUrl(rig), signed(notificationFor(rig, attempt)))
    expect(answer).toEqual({ status: 200, text: 'SUCCESS' })
  })
})

describe('duplicates and reordering', () => {
  it('answers a duplicate again, records it, and does not check twice', async () => {
    const rig = await startTill(behindRelay)
    const attempt = await pay(rig)
    rig.clock.advance(1_000)
    const body = signed(notificationFor(rig, attempt, { trans_status: 0 }))
    expect((await post(receiverUrl(rig), body)).text).toBe('success')
    await runChecks(rig, attempt, 1)

    // The same body again, then the same trans_no and status with a field that differs per
    // delivery: both are the same notification.
    expect(await post(receiverUrl(rig), body)).toEqual({ status: 200, text: 'success' })
    const resent = signed(notificationFor(rig, attempt, { trans_status: 0, notify_time: '2' }))
    expect(await post(receiverUrl(rig), resent)).toEqual({ status: 200, text: 'success' })
    await runDue(rig)
    expect(queries(rig, attempt)).toBe(1)
    expect(notifications(rig).map((event) => event.detail['verdict'])).toEqual([
      'verified',
      'duplicate',
      'duplicate'
    ])
    expect(notifications(rig).map((event) => event.detail['check'])).toEqual([true, false, false])
  })

  it('changes nothing when an older status arrives after a newer one', async () => {
    const rig = await startTill(behindRelay)
    const attempt = await pay(rig)
    rig.clock.advance(3_500)
    await post(receiverUrl(rig), signed(notificationFor(rig, attempt, { trans_status: 2 })))
    await runChecks(rig, attempt, 1)
    expect((await saleOf(rig, attempt)).status).toBe('paid')

    const late = await post(
      receiverUrl(rig),
      signed(notificationFor(rig, attempt, { trans_status: 0 }))
    )
    expect(late).toEqual({ status: 200, text: 'success' })
    expect(lastNotification(rig).detail).toMatchObject({
      verdict: 'verified',
      stale: true,
      check: false,
      transStatus: 0
    })
    await runDue(rig)
    expect(queries(rig, attempt)).toBe(1)
    expect((await saleOf(rig, attempt)).status).toBe('paid')
  })
})

describe('notifications that are not acted on', () => {
  /** Posts, then proves the sale did not move and no query ran, and returns the answer. */
  async function postInert(
    rig: Rig,
    attempt: AttemptView,
    body: string
  ): Promise<{ status: number; text: string }> {
    const before = await saleOf(rig, attempt)
    const answer = await post(receiverUrl(rig), body)
    // The answer comes after the event is journaled and any check scheduled (notify.ts).
    await runDue(rig)
    expect(queries(rig, attempt)).toBe(0)
    expect(await saleOf(rig, attempt)).toEqual(before)
    return answer
  }

  it('refuses a notification signed with another key, and logs it against the order', async () => {
    const rig = await startTill(behindRelay)
    const attempt = await pay(rig)
    const answer = await postInert(rig, attempt, signed(notificationFor(rig, attempt), otherKey))
    expect(answer.status).toBe(403)
    expect(answer.text).not.toMatch(/success/i)
    expect(lastNotification(rig)).toMatchObject({
      attemptId: attempt.attemptId,
      detail: { verdict: 'forged', check: false, answer: 403, transStatus: 2 }
    })
  })

  it('refuses an unsigned notification', async () => {
    const rig = await startTill(behindRelay)
    const attempt = await pay(rig)
    const answer = await postInert(rig, attempt, writeJsonObject(notificationFor(rig, attempt)))
    expect(answer.status).toBe(403)
    expect(lastNotification(rig).detail).toMatchObject({
      verdict: 'forged',
      reason: 'The notification is not signed.'
    })
  })

  it('refuses a tampered amount under the original signature', async () => {
    const rig = await startTill(behindRelay)
    const attempt = await pay(rig)
    const genuine = notificationFor(rig, attempt)
    const sign = signFields(genuine, credentials.gatewayPrivateKeyPem)
    const tampered = writeJsonObject({ ...genuine, order_amount: 1, sign })
    const answer = await postInert(rig, attempt, tampered)
    expect(answer.status).toBe(403)
    expect(lastNotification(rig).detail).toMatchObject({ verdict: 'forged', amount: '1' })
  })

  it('records a signed amount that is not ours as a mismatch, and asks nothing', async () => {
    const rig = await startTill(behindRelay)
    const attempt = await pay(rig)
    const answer = await postInert(
      rig,
      attempt,
      signed(notificationFor(rig, attempt, { order_amount: 12 }))
    )
    // Authentic and recorded: a retry would carry the same amount (see notify.ts).
    expect(answer).toEqual({ status: 200, text: 'success' })
    expect(lastNotification(rig)).toMatchObject({
      attemptId: attempt.attemptId,
      detail: { verdict: 'amount-mismatch', check: false, amount: '12' }
    })
  })

  it('records a signed notification for an order this till never made', async () => {
    const rig = await startTill(behindRelay)
    const attempt = await pay(rig)
    const answer = await postInert(
      rig,
      attempt,
      signed(notificationFor(rig, attempt, { merchant_order_no: 'QT20261126090000UNKNOWN0' }))
    )
    expect(answer).toEqual({ status: 200, text: 'success' })
    expect(lastNotification(rig)).toMatchObject({
      saleId: null,
      attemptId: null,
      detail: { verdict: 'unknown-order', merchantOrderNo: 'QT20261126090000UNKNOWN0' }
    })
  })

  it('does not acknowledge a signed notification for another merchant', async () => {
    const rig = await startTill(behindRelay)
    const attempt = await pay(rig)
    const answer = await postInert(
      rig,
      attempt,
      signed(notificationFor(rig, attempt, { merchant_no: '312199999999' }))
    )
    expect(answer.status).toBe(422)
    expect(answer.text).not.toMatch(/success/i)
    expect(lastNotification(rig).detail).toMatchObject({
      verdict: 'wrong-merchant',
      merchantNo: '312199999999',
      check: false
    })
  })

  it('refuses an oversized body, another path, another method and another media type', async () => {
    const rig = await startTill(behindRelay)
    const attempt = await pay(rig)
    const url = receiverUrl(rig)
    const huge = signed(notificationFor(rig, attempt, { attach: 'x'.repeat(100_000) }))
    expect((await post(url, huge)).status).toBe(413)
    expect((await post(url.replace(/notify$/, 'other'), huge.slice(0, 10))).status).toBe(404)
    expect((await post(url, '', 'application/json', 'GET')).status).toBe(405)
    const body = signed(notificationFor(rig, attempt))
    expect((await post(url, body, 'text/plain')).status).toBe(415)
    expect((await post(url, '{"merchant_no":')).status).toBe(400)
    // A wrong path or method is not a notification; the bodies that reached the receiver are.
    expect(
      notifications(rig).map((event) => [event.detail['verdict'], event.detail['answer']])
    ).toEqual([
      ['malformed', 413],
      ['malformed', 415],
      ['malformed', 400]
    ])
    await runDue(rig)
    expect(queries(rig, attempt)).toBe(0)
  })
})

describe('notifications during a cancel and for refunds', () => {
  const neverConfirms = '134567890123450064' // the sandbox answers 0 until the order expires

  it('a signed "paid" during the cashier\'s cancel changes nothing: the close decides', async () => {
    const rig = await startTill(behindRelay)
    const attempt = await pay(rig, neverConfirms)
    rig.clock.advance(1_000)
    const cancelled = await rig.till.handlers['payments:cancel']({ saleId: attempt.saleId })
    expect(cancelled).toMatchObject({ ok: true })
    const answer = await post(receiverUrl(rig), signed(notificationFor(rig, attempt)))
    expect(answer).toEqual({ status: 200, text: 'success' })
    await runDue(rig)
    expect((await saleOf(rig, attempt)).attempts[0]?.status).toBe('cancelling')
    expect(lastNotification(rig)).toMatchObject({
      attemptId: attempt.attemptId,
      detail: { verdict: 'verified', transStatus: 2 }
    })
    // At 15 s the close goes out; the gateway says the order was closed unpaid.
    for (let i = 0; i < 20; i += 1) {
      rig.clock.advance(1_000)
      await rig.till.idle()
    }
    expect((await saleOf(rig, attempt)).attempts[0]?.status).toBe('cancelled')
    expect((await saleOf(rig, attempt)).status).toBe('open')
    expect(rig.till.sandbox?.getOrder(attempt.merchantOrderNo)?.transStatus).toBe(1)
  })

  it('a notification naming a refund number does not move the sale, and is logged', async () => {
    const rig = await startTill(behindRelay)
    const attempt = await pay(rig, paidCode)
    await rig.till.handlers['manager:setPin']({ newPin: '2468' })
    const refund = await rig.till.handlers['refunds:create']({
      saleId: attempt.saleId,
      amount: { minor: 200, currency: 'JPY' },
      reason: 'one item',
      managerPin: '2468'
    })
    if (!refund.ok) throw new Error(refund.error.message)
    const before = await saleOf(rig, attempt)
    const answer = await post(
      receiverUrl(rig),
      signed(
        notificationFor(rig, attempt, {
          merchant_order_no: refund.value.merchantOrderNo,
          trans_type: 3,
          order_amount: 200
        })
      )
    )
    expect(answer.status).toBe(200)
    await runDue(rig)
    const after = await saleOf(rig, attempt)
    expect(after.status).toBe('paid')
    expect(after.refunds[0]?.status).toBe(before.refunds[0]?.status)
    expect(lastNotification(rig).detail).toMatchObject({
      merchantOrderNo: refund.value.merchantOrderNo
    })
  })
})

describe('the event log', () => {
  it('holds every notification and never its signature or the customer code', async () => {
    const rig = await startTill(behindRelay)
    const attempt = await pay(rig)
    const fields = notificationFor(rig, attempt, { auth_code: slowCode })
    const body = signed(fields)
    const sign = signFields(fields, credentials.gatewayPrivateKeyPem)
    await post(receiverUrl(rig), body)
    // A forger may put a code anywhere, even in a field name.
    await post(receiverUrl(rig), signed({ ...fields, [slowCode]: 'x' }, otherKey))
    const logged = notifications(rig)
    expect(logged.map((event) => event.detail['verdict'])).toEqual(['verified', 'forged'])
    for (const event of logged) {
      expect(event.text).not.toContain(sign)
      expect(event.text).not.toContain(slowCode)
      expect(event.detail['fields']).toContain('auth_code')
      expect(event.detail['fields']).not.toContain('sign')
    }
  })
})
