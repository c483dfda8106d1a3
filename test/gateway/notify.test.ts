import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { RawJson, writeJsonObject, type FieldValue } from '../../src/main/gateway/json'
import {
  startNotificationReceiver,
  type NotificationReceiver,
  type NotificationSettings
} from '../../src/main/gateway/notify'
import { signFields } from '../../src/main/gateway/sign'
import { setLogSink } from '../../src/main/log'
import { openJournal, type Journal, type JournalEvent } from '../../src/main/journal'
import { generateSandboxCredentials, type SandboxCredentials } from '../../src/sandbox'
import type { AttemptView } from '../../src/shared/order'
import { FakeClock } from '../support/fake-clock'
import { useTempDir } from '../support/temp-dir'

/**
 * The receiver on its own, over real HTTP, with a real journal and a recording `checkNow`: the
 * signature rules of API.md §4.5 and the edges of §7. The flows through a whole till (the query
 * that follows, the sandbox's notify_url) are in test/till/notifications.test.ts.
 */

const tempDir = useTempDir()

let credentials: SandboxCredentials
let journal: Journal
let receiver: NotificationReceiver
let checks: string[]
let attempt: AttemptView
/** Events appended through the receiver, in order, as the journal received them. */
let appended: JournalEvent[]
let journalDown: boolean
let checkFails: boolean
let clock: FakeClock
let journalDir: string

const settings: NotificationSettings = {
  host: '127.0.0.1',
  port: 0,
  path: '/paycloud/notify',
  publicUrl: null,
  answerCase: 'lower',
  recordLimit: 30,
  recordWindowSeconds: 60
}

beforeAll(async () => {
  credentials = await generateSandboxCredentials()
})

beforeEach(async () => {
  journalDir = tempDir()
  journal = openJournal(join(journalDir, 'journal.sqlite'))
  const sale = journal.createSale(1234, 'JPY', 1_000)
  attempt = journal.createAttempt({
    saleId: sale.saleId,
    mode: 'CPM',
    merchantOrderNo: 'QT20261126090000ABCDEFGH',
    payMethodId: 'WeChatPay',
    authCode: '134567890123450061',
    at: 1_000
  })
  checks = []
  appended = []
  journalDown = false
  checkFails = false
  clock = new FakeClock(2_000)
  receiver = await start(settings)
})

afterEach(async () => {
  await receiver.close()
  journal.close()
})

function start(options: NotificationSettings): Promise<NotificationReceiver> {
  return startNotificationReceiver({
    settings: options,
    merchantNo: credentials.merchantNo,
    gatewayPublicKeyPem: credentials.gatewayPublicKeyPem,
    journal: {
      attemptByMerchantOrderNo: (no) => journal.attemptByMerchantOrderNo(no),
      refundByMerchantOrderNo: (no) => journal.refundByMerchantOrderNo(no),
      appendEvent: (event) => {
        if (journalDown) throw new Error('disk full')
        journal.appendEvent(event)
        appended.push(event)
      }
    },
    checkNow: (merchantOrderNo) => {
      if (checkFails) throw new Error('the journal could not be read')
      checks.push(merchantOrderNo)
      // As the engine answers: nothing more to ask about an attempt that is final.
      const status = journal.attemptByMerchantOrderNo(merchantOrderNo)?.status
      return status === 'paid' || status === 'declined' || status === 'cancelled'
        ? 'final'
        : 'scheduled'
    },
    now: () => clock.now(),
    timers: clock
  })
}

function fields(overrides: Record<string, FieldValue> = {}): Record<string, FieldValue> {
  return {
    merchant_no: credentials.merchantNo,
    merchant_order_no: attempt.merchantOrderNo,
    trans_no: 'SB20261126T000001',
    trans_type: 1,
    trans_status: 2,
    price_currency: 'JPY',
    order_amount: 1234,
    ...overrides
  }
}

function signed(body: Record<string, FieldValue>): string {
  return writeJsonObject({ ...body, sign: signFields(body, credentials.gatewayPrivateKeyPem) })
}

async function post(
  body: string,
  contentType = 'application/json'
): Promise<{ status: number; text: string }> {
  const response = await fetch(receiver.url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body
  })
  return { status: response.status, text: await response.text() }
}

function lastDetail(): Readonly<Record<string, unknown>> {
  const last = appended[appended.length - 1]
  if (last === undefined) throw new Error('nothing recorded')
  return last.detail
}

describe('signature (API.md §4.5)', () => {
  it('verifies over number literals as transmitted, not as JSON.parse reads them', async () => {
    // 1234.0 is signed as "1234.0"; a re-encoded 1234 would not verify.
    const body = fields({ order_amount: RawJson.number('1234.0') })
    expect(await post(signed(body))).toEqual({ status: 200, text: 'success' })
    expect(lastDetail()).toMatchObject({ verdict: 'verified', amount: '1234.0' })
    expect(checks).toEqual([attempt.merchantOrderNo])
  })

  it('covers whatever fields arrive, including ones PayCloud adds later', async () => {
    const body = fields({ settlement_currency: 'JPY', brand_new_field: 'x y z' })
    expect((await post(signed(body))).text).toBe('success')
    expect(lastDetail()['fields']).toContain('brand_new_field')

    // The same signature without one of the signed fields no longer verifies.
    const sign = signFields(body, credentials.gatewayPrivateKeyPem)
    const withoutIt = writeJsonObject({ ...body, brand_new_field: undefined, sign })
    expect((await post(withoutIt)).status).toBe(403)
    expect(lastDetail()).toMatchObject({ verdict: 'forged' })
    expect(checks).toHaveLength(1)
  })

  it('refuses a signature that is not Base64, and a sign that is not a string', async () => {
    expect((await post(writeJsonObject({ ...fields(), sign: 'not base64!' }))).status).toBe(403)
    expect((await post(writeJsonObject({ ...fields(), sign: 12 }))).status).toBe(403)
    expect(checks).toEqual([])
  })

  it('reads business fields wrapped in data, as the reply envelope wraps them (Unknowns 4)', async () => {
    const body = { code: '0', msg: 'Success', data: writeJsonObject(fields()) }
    expect((await post(signed(body))).text).toBe('success')
    expect(lastDetail()).toMatchObject({
      verdict: 'verified',
      merchantOrderNo: attempt.merchantOrderNo
    })
    expect(checks).toEqual([attempt.merchantOrderNo])
  })
})

describe('matching against the journal', () => {
  it('takes the amount from trans_amount when order_amount is absent', async () => {
    const body = fields({ order_amount: undefined, trans_amount: RawJson.number('1234') })
    expect((await post(signed(body))).text).toBe('success')
    expect(lastDetail()).toMatchObject({ verdict: 'verified', amountField: 'trans_amount' })
  })

  it('treats another currency, or an amount that is not one, as a mismatch', async () => {
    expect((await post(signed(fields({ price_currency: 'USD' })))).text).toBe('success')
    expect(lastDetail()).toMatchObject({ verdict: 'amount-mismatch', priceCurrency: 'USD' })
    expect((await post(signed(fields({ order_amount: RawJson.number('1234.5') })))).text).toBe(
      'success'
    )
    expect(lastDetail()).toMatchObject({ verdict: 'amount-mismatch' })
    expect(checks).toEqual([])
  })

  it('asks for a check of a refund of this till, once, when its amount matches', async () => {
    journal.updateAttempt(attempt.attemptId, { status: 'paid', at: 1_500 }, 'paid')
    const refund = journal.createRefund({
      saleId: attempt.saleId,
      merchantOrderNo: 'QTR20261126090000REFUND1',
      amountMinor: 400,
      currency: 'JPY',
      reason: 'Returned',
      at: 1_600
    })
    const notification = fields({
      trans_type: 3,
      merchant_order_no: refund.merchantOrderNo,
      orig_merchant_order_no: attempt.merchantOrderNo,
      order_amount: 400
    })
    expect(await post(signed(notification))).toEqual({ status: 200, text: 'success' })
    expect(lastDetail()).toMatchObject({ verdict: 'refund', check: true })
    await post(signed(notification))
    expect(lastDetail()).toMatchObject({ verdict: 'duplicate' })
    await post(signed({ ...notification, order_amount: 401 }))
    expect(lastDetail()).toMatchObject({ verdict: 'amount-mismatch' })
    expect(checks).toEqual([refund.merchantOrderNo])
  })

  it('records refund notifications that name no refund of this till, and asks nothing', async () => {
    await post(signed(fields({ trans_type: 3, merchant_order_no: 'QT20261126090000REFUND01' })))
    expect(lastDetail()).toMatchObject({ verdict: 'refund', check: false })
    const byOrigin = fields({ orig_merchant_order_no: attempt.merchantOrderNo })
    expect(await post(signed(byOrigin))).toEqual({ status: 200, text: 'success' })
    expect(lastDetail()).toMatchObject({ verdict: 'refund', check: false })
    expect(checks).toEqual([])
  })

  it('attaches the sale and attempt it names', async () => {
    await post(signed(fields()))
    expect(appended[0]).toMatchObject({
      kind: 'notification.received',
      saleId: attempt.saleId,
      attemptId: attempt.attemptId,
      at: 2_000
    })
    expect(journal.events({ attemptId: attempt.attemptId }).map((e) => e.kind)).toContain(
      'notification.received'
    )
  })
})

describe('a payment for an attempt the till closed unpaid', () => {
  it('is recorded, acknowledged, and said in a warning that points to reconciliation', async () => {
    journal.updateAttempt(attempt.attemptId, { status: 'declined', at: 1_500 }, 'declined')
    const warnings: string[] = []
    setLogSink(({ level, message }) => {
      if (level === 'warn') warnings.push(message)
    }, 'debug')
    try {
      expect(await post(signed(fields()))).toEqual({ status: 200, text: 'success' })
    } finally {
      setLogSink(() => undefined, 'error')
    }
    expect(lastDetail()).toMatchObject({ verdict: 'verified', attemptStatus: 'declined' })
    expect(warnings).toEqual([
      `order ${attempt.merchantOrderNo} is paid at the gateway, but the till closed it as ` +
        'declined: see End of day, Check against the gateway'
    ])
  })
})

describe('a check that cannot start', () => {
  it('still answers as judged, with the notification journaled', async () => {
    checkFails = true
    setLogSink(() => undefined, 'error')
    expect(await post(signed(fields()))).toEqual({ status: 200, text: 'success' })
    expect(lastDetail()).toMatchObject({ verdict: 'verified' })
  })
})

describe('idempotence', () => {
  it('checks once per notification, whatever the order of repeats', async () => {
    const paying = signed(fields({ trans_status: 0 }))
    const paid = signed(fields({ trans_status: 2 }))
    for (const body of [paying, paid, paying, paid, paying]) {
      expect((await post(body)).text).toBe('success')
    }
    expect(appended.map((event) => event.detail['verdict'])).toEqual([
      'verified',
      'verified',
      'duplicate',
      'duplicate',
      'duplicate'
    ])
    expect(checks).toHaveLength(2)
  })

  it('judges a repeat of any signed body a duplicate, whatever the first was judged', async () => {
    // A captured notification of another till of this merchant, replayed: unknown here.
    const elsewhere = signed(fields({ merchant_order_no: 'QT20261126090000ELSEWHRE' }))
    const mismatched = signed(fields({ order_amount: 99 }))
    for (const body of [elsewhere, elsewhere, mismatched, mismatched]) {
      expect((await post(body)).text).toBe('success')
    }
    // Only the signed content is remembered for those: the same trans_no and status with our
    // amount is a different notification, and it is believed.
    expect((await post(signed(fields()))).text).toBe('success')
    expect(appended.map((event) => event.detail['verdict'])).toEqual([
      'unknown-order',
      'duplicate',
      'amount-mismatch',
      'duplicate',
      'verified'
    ])
    expect(checks).toEqual([attempt.merchantOrderNo])
  })

  it('does not check for an older status than one already seen', async () => {
    await post(signed(fields({ trans_status: 2 })))
    await post(signed(fields({ trans_status: 9 })))
    expect(lastDetail()).toMatchObject({ verdict: 'verified', stale: true, check: false })
    expect(checks).toHaveLength(1)
  })

  it('answers 503 while the journal cannot record, and handles the retry in full', async () => {
    journalDown = true
    const body = signed(fields())
    expect(await post(body)).toEqual({ status: 503, text: 'retry later' })
    expect(checks).toEqual([])
    journalDown = false
    // §7's retry schedule brings it again; it was never remembered, so it is not a duplicate.
    expect((await post(body)).text).toBe('success')
    expect(lastDetail()).toMatchObject({ verdict: 'verified' })
    expect(checks).toHaveLength(1)
  })
})

describe('HTTP', () => {
  it('refuses a form that repeats a field', async () => {
    const answer = await post(
      'merchant_no=1&merchant_no=2&sign=AAAA',
      'application/x-www-form-urlencoded'
    )
    expect(answer.status).toBe(400)
    expect(lastDetail()).toMatchObject({ verdict: 'malformed', encoding: 'form' })
  })

  it('refuses a body that is not UTF-8', async () => {
    const response = await fetch(receiver.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from([0x7b, 0xff, 0x7d])
    })
    expect(response.status).toBe(400)
  })

  it('answers in upper case when configured, at the configured path', async () => {
    await receiver.close()
    receiver = await start({ ...settings, path: '/hooks/pc', answerCase: 'upper' })
    expect(receiver.url).toMatch(/\/hooks\/pc$/)
    expect(receiver.notifyUrl).toBe(receiver.url)
    expect(await post(signed(fields()))).toEqual({ status: 200, text: 'SUCCESS' })
  })

  it('advertises the public URL as notify_url, and listens on its own', async () => {
    await receiver.close()
    const publicUrl = 'https://relay.example.jp/till-3/notify'
    receiver = await start({ ...settings, publicUrl })
    expect(receiver.notifyUrl).toBe(publicUrl)
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/paycloud\/notify$/)
    await vi.waitFor(async () => expect((await post(signed(fields()))).text).toBe('success'))
  })
})

describe('a flood (the record budget)', () => {
  const forged = (n: number): string =>
    writeJsonObject({ ...fields({ trans_no: `FORGED${n}` }), sign: 'AAAA' })

  function verdicts(): unknown[] {
    return appended.map((event) =>
      event.kind === 'notification.unrecorded' ? 'summary' : event.detail['verdict']
    )
  }

  async function restart(limit: number): Promise<void> {
    await receiver.close()
    receiver = await start({ ...settings, recordLimit: limit, recordWindowSeconds: 60 })
  }

  it('records the budget in full, counts the rest, and still believes PayCloud', async () => {
    await restart(5)
    const warnings: string[] = []
    setLogSink(({ level, message }) => {
      if (level === 'warn') warnings.push(message)
    }, 'debug')
    try {
      for (let n = 0; n < 20; n++) expect((await post(forged(n))).status).toBe(403)
      expect((await post('{', 'application/json')).status).toBe(400)
      expect((await post('x', 'text/plain')).status).toBe(415)
      clock.advance(10_000)
      // Genuine and new, in the middle of the flood: recorded, and the check it asks for runs.
      expect(await post(signed(fields()))).toEqual({ status: 200, text: 'success' })
      const elsewhere = signed(fields({ merchant_no: '312199999999' }))
      for (let n = 0; n < 4; n++) expect((await post(elsewhere)).status).toBe(422)
      for (let n = 20; n < 30; n++) expect((await post(forged(n))).status).toBe(403)
    } finally {
      setLogSink(() => undefined, 'error')
    }
    expect(checks).toEqual([attempt.merchantOrderNo])
    expect(verdicts()).toEqual(['forged', 'forged', 'forged', 'forged', 'forged', 'verified'])
    // One warning for the five recorded forgeries each, and one for the window, not per request.
    expect(warnings).toHaveLength(6)
    expect(warnings[5]).toMatch(/more than 5 notifications not acted on within 60 s/)

    clock.advance(50_000)
    expect(appended).toHaveLength(7)
    expect(appended[6]).toEqual({
      at: 62_000,
      kind: 'notification.unrecorded',
      detail: {
        from: 2_000,
        to: 62_000,
        recorded: 5,
        unrecorded: 15 + 2 + 4 + 10,
        verdicts: { forged: 25, malformed: 2, 'wrong-merchant': 4 }
      }
    })
    // What is on disk, not what passed through the harness.
    const db = new Database(join(journalDir, 'journal.sqlite'), { readonly: true })
    try {
      const row = db
        .prepare("SELECT count(*) AS n FROM events WHERE kind LIKE 'notification.%'")
        .get() as { n: number }
      expect(row.n).toBe(7)
    } finally {
      db.close()
    }
  })

  it('refills in the next window', async () => {
    await restart(2)
    for (let n = 0; n < 4; n++) await post(forged(n))
    clock.advance(60_000)
    expect(verdicts()).toEqual(['forged', 'forged', 'summary'])
    for (let n = 4; n < 7; n++) await post(forged(n))
    expect(verdicts()).toEqual(['forged', 'forged', 'summary', 'forged', 'forged'])
    clock.advance(60_000)
    expect(appended[5]).toMatchObject({
      kind: 'notification.unrecorded',
      detail: { from: 62_000, to: 122_000, recorded: 2, unrecorded: 1, verdicts: { forged: 1 } }
    })
    // A window the budget covered leaves no summary.
    await post(forged(7))
    clock.advance(60_000)
    expect(appended).toHaveLength(7)
  })

  it('counts repeats of a genuine notification beyond the budget, answering each', async () => {
    await restart(3)
    const genuine = signed(fields())
    for (let n = 0; n < 10; n++) {
      expect(await post(genuine)).toEqual({ status: 200, text: 'success' })
    }
    expect(verdicts()).toEqual(['verified', 'duplicate', 'duplicate', 'duplicate'])
    expect(checks).toHaveLength(1)
    clock.advance(60_000)
    expect(appended[4]?.detail).toMatchObject({ unrecorded: 6, verdicts: { duplicate: 6 } })
  })

  it('keeps what the last window counted when the receiver closes', async () => {
    await restart(1)
    for (let n = 0; n < 3; n++) await post(forged(n))
    clock.advance(5_000)
    await receiver.close()
    expect(appended[1]).toMatchObject({
      at: 7_000,
      kind: 'notification.unrecorded',
      detail: { from: 2_000, to: 7_000, recorded: 1, unrecorded: 2 }
    })
    expect(clock.pending).toBe(0)
  })
})
