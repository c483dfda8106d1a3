import { beforeEach, describe, expect, it } from 'vitest'
import type { CommandChannel, Result } from '../../src/shared/contract'
import type { SaleView } from '../../src/shared/order'
import type { ScreenClient } from '../../src/renderer/src/bridge/types'
import {
  checkLines,
  editQuantityText,
  linesSoFar,
  type LineDraft
} from '../../src/renderer/src/lib/sale-lines'
import { isDisplayState } from '../../src/renderer/src/lib/views'
import { provideTillClient } from '../../src/renderer/src/stores/client'
import { useSaleStore } from '../../src/renderer/src/stores/sale-store'

function draft(description: string, priceText: string, quantityText = '1'): LineDraft {
  return { key: Math.random(), description, priceText, quantityText }
}

describe('editQuantityText', () => {
  it('keeps the digits, at most four, and names what else was typed as it was typed', () => {
    expect(editQuantityText('x2')).toEqual({ text: '2', dropped: 'x' })
    expect(editQuantityText('３こ')).toEqual({ text: '3', dropped: 'こ' })
    expect(editQuantityText('2個')).toEqual({ text: '2', dropped: '個' })
    expect(editQuantityText('12')).toEqual({ text: '12', dropped: '' })
    expect(editQuantityText('123456')).toEqual({ text: '1234', dropped: '' })
  })

  it('refuses a decimal point or a minus as a whole: left out, 1.5 would be 15 and -2 would be 2', () => {
    expect(editQuantityText('1.5')).toEqual({ text: null, dropped: '.', refused: 'point' })
    expect(editQuantityText('１．５')).toEqual({ text: null, dropped: '．', refused: 'point' })
    expect(editQuantityText('-2')).toEqual({ text: null, dropped: '-', refused: 'negative' })
  })
})

describe('checkLines', () => {
  it('turns keyed lines into minor units and adds them up', () => {
    expect(checkLines([draft('Coffee', '4.50', '2'), draft(' Cake ', '3')], 'USD')).toEqual({
      ok: true,
      lines: [
        { description: 'Coffee', unitPriceMinor: 450, quantity: 2 },
        { description: 'Cake', unitPriceMinor: 300, quantity: 1 }
      ],
      amount: { minor: 1200, currency: 'USD' }
    })
    expect(checkLines([draft('おにぎり', '180', '3')], 'JPY')).toMatchObject({
      ok: true,
      amount: { minor: 540, currency: 'JPY' }
    })
  })

  it('names the first line that is not right, and why', () => {
    const good = draft('Tea', '2')
    expect(checkLines([good, draft('  ', '2')], 'USD')).toEqual({
      ok: false,
      index: 1,
      problem: 'description'
    })
    expect(checkLines([draft('x'.repeat(81), '2')], 'USD')).toMatchObject({
      problem: 'description'
    })
    expect(checkLines([draft('Tea', '')], 'USD')).toMatchObject({ problem: 'price' })
    expect(checkLines([draft('Tea', '0')], 'USD')).toMatchObject({ problem: 'price' })
    expect(checkLines([draft('Tea', '2', '0')], 'USD')).toMatchObject({ problem: 'quantity' })
    expect(checkLines([draft('Tea', '2', '1.5')], 'USD')).toMatchObject({ problem: 'quantity' })
    expect(checkLines([draft('Tea', '99999999', '9999')], 'JPY')).toMatchObject({
      problem: 'too-large'
    })
  })

  it('shows a running total while lines are half keyed', () => {
    expect(linesSoFar([draft('Tea', '2.5', '2'), draft('', '', '')], 'USD')).toEqual({
      minor: 500,
      currency: 'USD'
    })
  })
})

describe('the customer display’s lines', () => {
  it('accepts a display with lines and ignores one with malformed lines', () => {
    const base = { screen: 'awaiting-code', shopName: 'S', amount: { minor: 5, currency: 'JPY' } }
    expect(
      isDisplayState({ ...base, lines: [{ description: 'a', unitPriceMinor: 5, quantity: 1 }] })
    ).toBe(true)
    expect(isDisplayState({ ...base, lines: [{ description: 'a', quantity: 1 }] })).toBe(false)
    expect(isDisplayState({ ...base, lines: 'a' })).toBe(false)
  })
})

describe('opening a sale with lines', () => {
  const calls: { channel: string; args: unknown }[] = []
  const opened: SaleView = {
    saleId: 3,
    amount: { minor: 540, currency: 'JPY' },
    status: 'open',
    createdAt: 1,
    updatedAt: 1,
    attempts: [],
    refunds: [],
    paidMinor: 0,
    refundedMinor: 0
  }

  beforeEach(() => {
    calls.length = 0
    provideTillClient({
      connection: 'connected',
      hasToken: true,
      onConnection: () => () => undefined,
      on: () => () => undefined,
      invoke: async (channel: CommandChannel, args: unknown): Promise<Result<unknown>> => {
        calls.push({ channel, args })
        return { ok: true, value: opened }
      }
    } as unknown as ScreenClient)
    useSaleStore.setState({
      amountText: '999',
      lines: [],
      lineProblem: null,
      sale: null,
      dropped: null
    })
  })

  it('sends the lines and their total as the amount, not the amount keyed before', async () => {
    const api = useSaleStore.getState().api
    api.addLine()
    const [line] = useSaleStore.getState().lines
    api.updateLine(
      line!.key,
      { description: 'Onigiri', priceText: '180', quantityText: '3' },
      'JPY'
    )
    await api.openSale('JPY')
    expect(calls).toEqual([
      {
        channel: 'sales:open',
        args: {
          amount: { minor: 540, currency: 'JPY' },
          lines: [{ description: 'Onigiri', unitPriceMinor: 180, quantity: 3 }],
          tender: 'cpm'
        }
      }
    ])
  })

  it('refuses a price that is not an amount as it is typed, and opens nothing for a bad line', async () => {
    const api = useSaleStore.getState().api
    api.addLine()
    const [line] = useSaleStore.getState().lines
    api.updateLine(line!.key, { priceText: '1.5' }, 'JPY')
    api.updateLine(line!.key, { quantityText: 'x2' }, 'JPY')
    expect(useSaleStore.getState().lines[0]).toMatchObject({ priceText: '', quantityText: '2' })
    await api.openSale('JPY')
    expect(calls).toEqual([])
    expect(useSaleStore.getState().lineProblem).toEqual({ index: 0, problem: 'description' })
    api.removeLine(line!.key)
    expect(useSaleStore.getState().lines).toEqual([])
  })

  it('says which line and field left out what was typed, keeping the digits', () => {
    const api = useSaleStore.getState().api
    api.addLine()
    api.addLine()
    const [, second] = useSaleStore.getState().lines
    api.updateLine(second!.key, { priceText: '1,2OO' }, 'JPY')
    expect(useSaleStore.getState().lines[1]).toMatchObject({ priceText: '12' })
    expect(useSaleStore.getState().dropped).toEqual({
      field: { lineKey: second!.key, part: 'price' },
      characters: 'OO'
    })
    api.updateLine(second!.key, { quantityText: '3こ' }, 'JPY')
    expect(useSaleStore.getState().lines[1]).toMatchObject({ quantityText: '3' })
    expect(useSaleStore.getState().dropped).toEqual({
      field: { lineKey: second!.key, part: 'quantity' },
      characters: 'こ'
    })
    api.updateLine(second!.key, { quantityText: '31' }, 'JPY')
    expect(useSaleStore.getState().dropped).toBeNull()
  })

  it('keeps a line as it was when its price is negative or its quantity not whole, and says why', () => {
    const api = useSaleStore.getState().api
    api.addLine()
    const [line] = useSaleStore.getState().lines
    api.updateLine(line!.key, { description: 'Tea', priceText: '300', quantityText: '2' }, 'JPY')
    // A discount typed as a negative price must not become a charge of the same amount.
    api.updateLine(line!.key, { priceText: '-50' }, 'JPY')
    expect(useSaleStore.getState().lines[0]).toMatchObject({ priceText: '300' })
    expect(useSaleStore.getState().dropped).toEqual({
      field: { lineKey: line!.key, part: 'price' },
      characters: '-',
      refused: 'negative'
    })
    api.updateLine(line!.key, { quantityText: '1.5' }, 'JPY')
    expect(useSaleStore.getState().lines[0]).toMatchObject({ quantityText: '2' })
    expect(useSaleStore.getState().dropped).toEqual({
      field: { lineKey: line!.key, part: 'quantity' },
      characters: '.',
      refused: 'point'
    })
    expect(checkLines(useSaleStore.getState().lines, 'JPY')).toMatchObject({
      ok: true,
      amount: { minor: 600 }
    })
  })

  it('takes a price and a quantity typed in full-width digits (the Japanese input method)', () => {
    const api = useSaleStore.getState().api
    api.addLine()
    const [line] = useSaleStore.getState().lines
    api.updateLine(line!.key, { priceText: '１８０', quantityText: '３' }, 'JPY')
    expect(useSaleStore.getState().lines[0]).toMatchObject({ priceText: '180', quantityText: '3' })
  })
})
