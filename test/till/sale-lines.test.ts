import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createTill, type Till } from '../../src/main/till'
import { dispatch } from '../../src/main/till/dispatch'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()
let till: Till | null = null

afterEach(async () => {
  await till?.close()
  till = null
})

async function start(): Promise<Till> {
  till = await createTill({ dataDir: join(tempDir(), 'data') })
  return till
}

const lines = [
  { description: 'Flat white', unitPriceMinor: 450, quantity: 2 },
  { description: 'Croissant', unitPriceMinor: 300, quantity: 1 }
]

describe('sales:open with lines', () => {
  it('journals the lines with the sale and shows them on the customer display', async () => {
    const t = await start()
    const opened = await dispatch(t.handlers, 'cashier', 'sales:open', {
      amount: { minor: 1200, currency: 'JPY' },
      lines
    })
    expect(opened).toMatchObject({ ok: true, value: { amount: { minor: 1200 }, lines } })
    expect(await t.handlers['display:get']({})).toMatchObject({
      ok: true,
      value: { screen: 'awaiting-code', amount: { minor: 1200 }, lines }
    })
    const saleId = (opened as { value: { saleId: number } }).value.saleId
    expect(await t.handlers['sales:get']({ saleId })).toMatchObject({ value: { lines } })
  })

  it('still opens a sale for an amount alone, with no lines on either screen', async () => {
    const t = await start()
    const opened = await dispatch(t.handlers, 'cashier', 'sales:open', {
      amount: { minor: 500, currency: 'JPY' }
    })
    expect(opened).toMatchObject({ ok: true, value: { lines: [] } })
    const display = await t.handlers['display:get']({})
    expect(display.ok && 'lines' in display.value).toBe(false)
  })

  it.each([
    ['lines that do not add up to the amount', { minor: 1300, currency: 'JPY' }, lines],
    [
      'a quantity of 0',
      { minor: 450, currency: 'JPY' },
      [{ description: 'Tea', unitPriceMinor: 450, quantity: 0 }]
    ],
    [
      'a price that is not whole minor units',
      { minor: 451, currency: 'JPY' },
      [{ description: 'Tea', unitPriceMinor: 450.5, quantity: 2 }]
    ],
    [
      'a description of 81 characters',
      { minor: 450, currency: 'JPY' },
      [{ description: 'x'.repeat(81), unitPriceMinor: 450, quantity: 1 }]
    ],
    [
      'a blank description',
      { minor: 450, currency: 'JPY' },
      [{ description: '   ', unitPriceMinor: 450, quantity: 1 }]
    ],
    ['an empty list', { minor: 450, currency: 'JPY' }, []],
    [
      'an unknown field',
      { minor: 450, currency: 'JPY' },
      [{ description: 'Tea', unitPriceMinor: 450, quantity: 1, discount: 10 }]
    ]
  ])('refuses %s and opens nothing', async (_label, amount, badLines) => {
    const t = await start()
    const refused = await dispatch(t.handlers, 'cashier', 'sales:open', {
      amount,
      lines: badLines
    })
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(await t.handlers['display:get']({})).toMatchObject({ value: { screen: 'idle' } })
  })
})
