import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createTill, type Till } from '../../src/main/till'
import { dispatch } from '../../src/main/till/dispatch'
import { useTempDir } from '../support/temp-dir'

/** The report commands' ranges, checked at the edge by dispatch() before the reports module runs. */

const tempDir = useTempDir()
let till: Till | null = null

afterEach(async () => {
  await till?.close()
  till = null
})

const day = 24 * 3_600_000
const now = Date.UTC(2026, 0, 15, 3, 0, 0)

const reports = [
  ['reports:endOfDay', {}],
  ['reports:reconcile', {}],
  ['reports:exportCsv', { kind: 'sales' }],
  ['reports:exportCsv', { kind: 'refunds' }]
] as const

describe.each(reports)('%s %j', (channel, extra) => {
  it.each([
    ['a range of the whole epoch and beyond', { from: 0, to: 1e15 }],
    ['a range that ends before it starts', { from: 2e12, to: 1 }],
    ['an empty range', { from: now, to: now }],
    ['one day more than 366', { from: now - 367 * day, to: now }],
    [
      '366 days and more than the hour of a clock change',
      { from: now - 366 * day - 3_600_001, to: now }
    ]
  ])('refuses %s with INVALID_ARGUMENT', async (_, range) => {
    till = await createTill({ dataDir: join(tempDir(), 'data') })
    expect(await dispatch(till.handlers, 'cashier', channel, { ...range, ...extra })).toMatchObject(
      { ok: false, error: { code: 'INVALID_ARGUMENT' } }
    )
  })

  it('answers a day, and a range of exactly 366 days', async () => {
    till = await createTill({ dataDir: join(tempDir(), 'data') })
    for (const range of [
      { from: now - day, to: now },
      { from: now - 366 * day, to: now },
      // 366 local days across the autumn clock change (Sydney, New York…) last an hour longer.
      { from: now - 366 * day - 3_600_000, to: now }
    ]) {
      expect(
        await dispatch(till.handlers, 'cashier', channel, { ...range, ...extra })
      ).toMatchObject({ ok: true })
    }
  })
})
