import { describe, expect, it } from 'vitest'
import { isDisplayState, isSaleView } from '../../src/renderer/src/lib/views'
import { maxFrameChars, parseResult, parseServerFrame } from '../../src/renderer/src/bridge/frames'

describe('isDisplayState', () => {
  it('accepts every screen the contract declares', () => {
    const amount = { minor: 1200, currency: 'JPY' }
    expect(isDisplayState({ screen: 'idle', shopName: 'Kissa' })).toBe(true)
    for (const screen of ['awaiting-code', 'processing', 'paid', 'closing', 'expired']) {
      expect(isDisplayState({ screen, shopName: 'Kissa', amount })).toBe(true)
    }
    for (const mode of ['MPM', 'CPM']) {
      expect(isDisplayState({ screen: 'declined', shopName: 'Kissa', amount, mode })).toBe(true)
    }
  })

  it('refuses a decline that does not say how the customer paid: its advice depends on it', () => {
    const amount = { minor: 1200, currency: 'JPY' }
    expect(isDisplayState({ screen: 'declined', shopName: 'Kissa', amount })).toBe(false)
    expect(isDisplayState({ screen: 'declined', shopName: 'Kissa', amount, mode: 'QR' })).toBe(
      false
    )
  })

  it('refuses what a screen could not render', () => {
    expect(isDisplayState(null)).toBe(false)
    expect(isDisplayState({ screen: 'qr', shopName: 'Kissa' })).toBe(false)
    expect(isDisplayState({ screen: 'paid', shopName: 'Kissa' })).toBe(false)
    expect(
      isDisplayState({ screen: 'paid', shopName: 'Kissa', amount: { minor: 1, currency: 'XXX' } })
    ).toBe(false)
    expect(isDisplayState({ screen: 'idle' })).toBe(false)
  })
})

describe('isSaleView', () => {
  const sale = {
    saleId: 1,
    amount: { minor: 1200, currency: 'JPY' },
    status: 'open',
    createdAt: 1,
    updatedAt: 1,
    attempts: []
  }

  it('accepts a sale and refuses a malformed one', () => {
    expect(isSaleView(sale)).toBe(true)
    expect(isSaleView({ ...sale, status: 'gone' })).toBe(false)
    expect(isSaleView({ ...sale, attempts: [{ attemptId: 1 }] })).toBe(false)
    expect(isSaleView({ ...sale, saleId: '1' })).toBe(false)
  })
})

describe('frames', () => {
  it('reads the result envelope strictly', () => {
    expect(parseResult({ ok: true, value: 0 })).toEqual({ ok: true, value: 0 })
    expect(parseResult({ ok: true })).toBeNull()
    expect(parseResult({ ok: false, error: { code: 'DECLINED', message: 'no' } })).toEqual({
      ok: false,
      error: { code: 'DECLINED', message: 'no' }
    })
    expect(parseResult({ ok: false, error: { code: 'declined', message: 'no' } })).toBeNull()
    expect(parseResult({ ok: false, error: { code: 'DECLINED' } })).toBeNull()
  })

  it('keeps what a refusal says when the screens know it, and drops it otherwise', () => {
    for (const said of [
      { key: 'key-too-short', which: 'app-private', bits: 1024, minimum: 2048 },
      { key: 'amount-above-gateway-max', max: { minor: 10_000_000, currency: 'JPY' } },
      { key: 'currency-not-enabled', currency: 'EUR' }
    ]) {
      expect(
        parseResult({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'm', said } })
      ).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'm', said } })
    }
    for (const bad of [
      { key: 'key-too-short', which: 'app-private', bits: '1024', minimum: 2048 },
      { key: 'key-too-short', which: 'someone', bits: 1024, minimum: 2048 },
      { key: 'no-such-key' },
      { key: 'currency-while-open', saleIds: [1.5] },
      { key: 'amount-above-gateway-max', max: { minor: -1, currency: 'JPY' } },
      { key: 'amount-above-gateway-max', max: { minor: 100, currency: 'XXX' } },
      { key: 'amount-above-gateway-max', max: 100 },
      { key: 'currency-not-enabled', currency: '<b>JPY</b>' },
      'keys-first'
    ]) {
      expect(
        parseResult({ ok: false, error: { code: 'CONFLICT', message: 'm', said: bad } }),
        JSON.stringify(bad)
      ).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'm' } })
    }
  })

  it('drops events too large to be a till’s, and settles a result that large with why', () => {
    const payload = 'x'.repeat(maxFrameChars)
    expect(
      parseServerFrame(JSON.stringify({ kind: 'event', channel: 'sales:changed', payload }))
    ).toBeNull()
    const result = { ok: true, value: { filename: 'qr-till-sales.csv', csv: payload } }
    expect(parseServerFrame(JSON.stringify({ kind: 'result', id: 42, result }))).toEqual({
      kind: 'result',
      id: 42,
      result: {
        ok: false,
        error: {
          code: 'INTERNAL',
          message: 'The reply was too large for this screen to read',
          said: { key: 'reply-too-large' }
        }
      }
    })
  })

  it('reads a day of 10,000 sales as CSV: about 1.5 MB', () => {
    const csv = 'x'.repeat(1_500_000)
    const frame = JSON.stringify({ kind: 'result', id: 7, result: { ok: true, value: { csv } } })
    expect(parseServerFrame(frame)).toEqual({
      kind: 'result',
      id: 7,
      result: { ok: true, value: { csv } }
    })
  })
})
