import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { main as admin } from '../../src/main/admin/main'
import { openJournal } from '../../src/main/journal'
import { setLogSink } from '../../src/main/log'
import { createTill, dataFiles, type Till } from '../../src/main/till'
import { dispatch } from '../../src/main/till/dispatch'
import { pinKey, resetPinCommand } from '../../src/main/till/manager-pin'
import { generateSandboxCredentials, type SandboxCredentials } from '../../src/sandbox'
import type { SaleView } from '../../src/shared/order'
import { FakeClock } from '../support/fake-clock'
import { useTempDir } from '../support/temp-dir'

/**
 * Every refund is approved by the manager PIN, checked in main before the engine: over the real
 * till, its journal and the embedded sandbox gateway. A refused PIN refunds nothing anywhere.
 */

const tempDir = useTempDir()
let credentials: SandboxCredentials
const open: Till[] = []

beforeAll(async () => {
  credentials = await generateSandboxCredentials()
})

afterEach(async () => {
  for (const till of open.splice(0)) await till.close()
})

async function start(
  dataDir = tempDir(),
  clock = new FakeClock()
): Promise<{ till: Till; clock: FakeClock }> {
  const till = await createTill({ dataDir, clock, sandboxCredentials: credentials })
  open.push(till)
  return { till, clock }
}

/** A CPM sale the sandbox pays at once. */
async function paidSale(till: Till, minor: number): Promise<SaleView> {
  const sale = await till.handlers['sales:open']({ amount: { minor, currency: 'JPY' } })
  if (!sale.ok) throw new Error(sale.error.message)
  const attempt = await till.handlers['payments:startCpm']({
    saleId: sale.value.saleId,
    authCode: '134567890123456789',
    payMethodId: 'WeChatPay'
  })
  expect(attempt).toMatchObject({ ok: true, value: { status: 'paid' } })
  return saleOf(till, sale.value.saleId)
}

async function saleOf(till: Till, saleId: number): Promise<SaleView> {
  const sale = await till.handlers['sales:get']({ saleId })
  if (!sale.ok) throw new Error(sale.error.message)
  return sale.value
}

function refund(
  till: Till,
  saleId: number,
  minor: number,
  managerPin: string
): ReturnType<Till['handlers']['refunds:create']> {
  return till.handlers['refunds:create']({
    saleId,
    amount: { minor, currency: 'JPY' },
    reason: 'returned one item',
    managerPin
  })
}

describe('refunds need the manager PIN', () => {
  it('refuses every refund until a PIN is set', async () => {
    const { till } = await start()
    const sale = await paidSale(till, 1200)
    expect(await till.handlers['manager:status']({})).toEqual({
      ok: true,
      value: { pinSet: false, maxTries: 5, attemptsLeft: 5, lockedUntil: null, pinDamaged: false }
    })
    const answer = await refund(till, sale.saleId, 500, '1234')
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'PIN_REJECTED', message: /No manager PIN is set/ }
    })
    expect((await saleOf(till, sale.saleId)).refunds).toEqual([])
    expect(till.sandbox?.listRefunds()).toEqual([])
  })

  it('a wrong PIN refunds nothing; the right one refunds in part, then the rest', async () => {
    const { till } = await start()
    const sale = await paidSale(till, 1200)
    expect(await till.handlers['manager:setPin']({ newPin: '4826' })).toMatchObject({
      ok: true,
      value: { pinSet: true }
    })

    const wrong = await refund(till, sale.saleId, 500, '4827')
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'PIN_REJECTED', message: 'Wrong manager PIN: 4 of 5 tries left.' }
    })
    expect((await saleOf(till, sale.saleId)).refunds).toEqual([])
    expect(till.sandbox?.listRefunds()).toEqual([])
    expect(await till.handlers['manager:status']({})).toMatchObject({ value: { attemptsLeft: 4 } })

    const part = await refund(till, sale.saleId, 500, '4826')
    expect(part).toMatchObject({
      ok: true,
      value: { amount: { minor: 500 }, reason: 'returned one item' }
    })
    // The right PIN gives back the full count of tries.
    expect(await till.handlers['manager:status']({})).toMatchObject({ value: { attemptsLeft: 5 } })
    // More than is left is refused by the engine, PIN or not.
    expect(await refund(till, sale.saleId, 701, '4826')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' }
    })
    const rest = await refund(till, sale.saleId, 700, '4826')
    expect(rest).toMatchObject({ ok: true, value: { amount: { minor: 700 } } })

    const after = await saleOf(till, sale.saleId)
    expect(after.refunds.map((r) => r.amount.minor)).toEqual([500, 700])
    expect(after.refundedMinor).toBe(1200)
    expect(
      till.sandbox
        ?.listRefunds()
        .map((r) => r.merchantOrderNo)
        .sort()
    ).toEqual(after.refunds.map((r) => r.merchantOrderNo).sort())
  })

  it('locks after five wrong PINs, across a restart, and opens again after five minutes', async () => {
    const dataDir = tempDir()
    const clock = new FakeClock()
    const first = await start(dataDir, clock)
    const sale = await paidSale(first.till, 1200)
    await first.till.handlers['manager:setPin']({ newPin: '4826' })
    for (let i = 0; i < 5; i += 1) {
      expect(await refund(first.till, sale.saleId, 100, '0000')).toMatchObject({
        error: { code: 'PIN_REJECTED' }
      })
    }
    const lockedUntil = clock.now() + 5 * 60_000
    await first.till.close()
    open.splice(open.indexOf(first.till), 1)

    const { till } = await start(dataDir, clock)
    expect(await till.handlers['manager:status']({})).toMatchObject({
      value: { attemptsLeft: 0, lockedUntil }
    })
    expect(await refund(till, sale.saleId, 100, '4826')).toMatchObject({
      ok: false,
      error: { code: 'PIN_REJECTED', message: /locked until/ }
    })
    expect((await saleOf(till, sale.saleId)).refunds).toEqual([])
    clock.advance(5 * 60_000)
    expect(await refund(till, sale.saleId, 100, '4826')).toMatchObject({ ok: true })
  })

  it('changing the PIN needs the current one', async () => {
    const { till } = await start()
    await till.handlers['manager:setPin']({ newPin: '4826' })
    expect(await till.handlers['manager:setPin']({ newPin: '1357' })).toMatchObject({
      ok: false,
      error: { code: 'PIN_REJECTED', message: /needs the current PIN/ }
    })
    expect(
      await till.handlers['manager:setPin']({ currentPin: '4826', newPin: '1357' })
    ).toMatchObject({ ok: true })
  })

  it('a damaged PIN record refuses every refund until reset on the till machine', async () => {
    const { till } = await start()
    const sale = await paidSale(till, 1200)
    await till.handlers['manager:setPin']({ newPin: '4826' })
    // Damaged behind the till's back (a bad upgrade, a hand edit), while it runs.
    const other = openJournal(dataFiles(till.dataDir).journal)
    other.setSetting(pinKey, '{"algorithm":"md5"}')
    other.close()
    setLogSink(() => undefined, 'error')

    const damaged = {
      ok: false,
      error: {
        code: 'PIN_REJECTED',
        message: expect.stringContaining(`run \`${resetPinCommand}\``)
      }
    }
    for (const pin of ['4826', '0000', '1111', '2222', '3333', '4444']) {
      expect(await refund(till, sale.saleId, 500, pin)).toMatchObject(damaged)
    }
    // The screen cannot replace it, with or without a current PIN, and no try is counted.
    expect(await till.handlers['manager:setPin']({ newPin: '1357' })).toMatchObject(damaged)
    expect(
      await till.handlers['manager:setPin']({ currentPin: '4826', newPin: '1357' })
    ).toMatchObject(damaged)
    expect(await till.handlers['manager:status']({})).toMatchObject({
      value: { pinSet: true, attemptsLeft: 5, lockedUntil: null }
    })
    expect((await saleOf(till, sale.saleId)).refunds).toEqual([])

    // On the till machine, with the till still running.
    let said = ''
    const code = admin(['reset-manager-pin', '--data-dir', till.dataDir], {
      stdout: { write: (text: string) => (said += text) },
      stderr: { write: (text: string) => (said += text) },
      env: {},
      cwd: till.dataDir
    })
    expect({ code, said }).toMatchObject({ code: 0, said: /damaged manager PIN .* is cleared/ })
    expect(await till.handlers['manager:status']({})).toMatchObject({ value: { pinSet: false } })
    expect(await till.handlers['manager:setPin']({ newPin: '1357' })).toMatchObject({ ok: true })
    expect(await refund(till, sale.saleId, 500, '1357')).toMatchObject({
      ok: true,
      value: { amount: { minor: 500 } }
    })
  })

  it('the contract refuses a refund without a PIN, or with a PIN that is not 4–8 digits', async () => {
    const { till } = await start()
    const base = { saleId: 1, amount: { minor: 100, currency: 'JPY' }, reason: 'x' }
    for (const args of [
      base,
      { ...base, managerPin: '123' },
      { ...base, managerPin: '123456789' },
      { ...base, managerPin: '12a4' }
    ]) {
      expect(await dispatch(till.handlers, 'cashier', 'refunds:create', args)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: /managerPin/ }
      })
    }
    expect(
      await dispatch(till.handlers, 'customer', 'manager:setPin', { newPin: '1234' })
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' }
    })
  })
})

describe('history over the real till', () => {
  it('finds a paid sale by order number and status, and shows its timeline', async () => {
    const { till } = await start()
    const first = await paidSale(till, 1200)
    const second = await paidSale(till, 880)
    const orderNo = second.attempts[0]?.merchantOrderNo ?? ''
    const found = await dispatch(till.handlers, 'cashier', 'sales:history', {
      orderNo: orderNo.toLowerCase()
    })
    expect(found).toMatchObject({
      ok: true,
      value: { rows: [{ saleId: second.saleId, merchantOrderNo: orderNo }], next: null }
    })
    const paid = await dispatch(till.handlers, 'cashier', 'sales:history', { status: 'paid' })
    expect(paid).toMatchObject({
      ok: true,
      value: { rows: [{ saleId: second.saleId }, { saleId: first.saleId }] }
    })

    const timeline = await till.handlers['sales:timeline']({ saleId: second.saleId })
    if (!timeline.ok) throw new Error(timeline.error.message)
    expect(timeline.value.map((e) => e.kind)).toEqual(
      expect.arrayContaining([
        'sale.opened',
        'attempt.created',
        'gateway.request',
        'gateway.reply',
        'attempt.status'
      ])
    )
    // The full customer code is never in the journal; the timeline shows at most its last four.
    expect(JSON.stringify(timeline.value)).not.toContain('134567890123456789')
    expect(await till.handlers['sales:timeline']({ saleId: 999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' }
    })
  })
})
