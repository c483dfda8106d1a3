import { beforeEach, describe, expect, it } from 'vitest'
import type { CommandChannel, Result } from '../../src/shared/contract'
import type { AttemptView, SaleView } from '../../src/shared/order'
import type { ScreenClient } from '../../src/renderer/src/bridge/types'
import { derivePhase } from '../../src/renderer/src/lib/sale-flow'
import { provideTillClient } from '../../src/renderer/src/stores/client'
import { saleLocks } from '../../src/renderer/src/stores/nav-store'
import { useSaleStore } from '../../src/renderer/src/stores/sale-store'

type Handler = (args: unknown) => Result<unknown>

/** A till service in a box: answers from handlers the test sets, and records every call. */
function fakeClient(handlers: Partial<Record<CommandChannel, Handler>>): {
  client: ScreenClient
  calls: { channel: string; args: unknown }[]
} {
  const calls: { channel: string; args: unknown }[] = []
  const client = {
    connection: 'connected',
    hasToken: true,
    onConnection: () => () => undefined,
    on: () => () => undefined,
    invoke: async (channel: CommandChannel, args: unknown) => {
      calls.push({ channel, args })
      const handler = handlers[channel]
      return handler
        ? handler(args)
        : { ok: false, error: { code: 'INTERNAL', message: 'no handler' } }
    }
  } as unknown as ScreenClient
  return { client, calls }
}

const openSale: SaleView = {
  saleId: 5,
  amount: { minor: 1200, currency: 'JPY' },
  status: 'open',
  createdAt: 100,
  updatedAt: 100,
  attempts: [],
  refunds: [],
  paidMinor: 0,
  refundedMinor: 0
}

function attempt(overrides: Partial<AttemptView> = {}): AttemptView {
  return {
    attemptId: 9,
    saleId: 5,
    mode: 'CPM',
    merchantOrderNo: 'POS-9',
    payMethodId: 'WeChatPay',
    amount: { minor: 1200, currency: 'JPY' },
    status: 'paid',
    authCodeLast4: '6789',
    transNo: 'T1',
    reason: null,
    why: null,
    createdAt: 110,
    updatedAt: 120,
    qrContent: null,
    expiresAt: null,
    ...overrides
  }
}

function phase(): string {
  const state = useSaleStore.getState()
  return derivePhase({
    sale: state.sale,
    busy: state.busy,
    pickerOpen: state.picker !== null,
    retrying: state.retrying,
    tender: state.tender
  })
}

const api = (): ReturnType<typeof useSaleStore.getState>['api'] => useSaleStore.getState().api

beforeEach(() => {
  useSaleStore.setState({
    amountText: '',
    lines: [],
    lineProblem: null,
    leftSaleId: null,
    sale: null,
    busy: null,
    picker: null,
    retrying: false,
    tender: 'cpm',
    error: null,
    notice: null,
    dropped: null
  })
})

describe('the sale store', () => {
  it('opens a sale for the keyed amount, in minor units', async () => {
    const { client, calls } = fakeClient({ 'sales:open': () => ({ ok: true, value: openSale }) })
    provideTillClient(client)
    api().setAmountText('1,200', 'JPY')
    await api().openSale('JPY')
    expect(calls).toEqual([
      { channel: 'sales:open', args: { amount: { minor: 1200, currency: 'JPY' }, tender: 'cpm' } }
    ])
    expect(phase()).toBe('awaiting-code')
  })

  it('keeps the digits of an amount typed with kana, and says what it left out until a clean edit', () => {
    api().setAmountText('12せん', 'JPY')
    expect(useSaleStore.getState()).toMatchObject({
      amountText: '12',
      dropped: { field: 'amount', characters: 'せん' }
    })
    api().setAmountText('12.', 'JPY')
    expect(useSaleStore.getState()).toMatchObject({
      amountText: '12',
      dropped: { field: 'amount', characters: '.', refused: 'point' }
    })
    api().setAmountText('-12', 'JPY')
    expect(useSaleStore.getState()).toMatchObject({
      amountText: '12',
      dropped: { field: 'amount', characters: '-', refused: 'negative' }
    })
    api().setAmountText('123', 'JPY')
    expect(useSaleStore.getState()).toMatchObject({ amountText: '123', dropped: null })
    api().setAmountText('123x', 'JPY')
    api().pressKey('4', 'JPY')
    expect(useSaleStore.getState()).toMatchObject({ amountText: '1234', dropped: null })
  })

  it('does not open a sale for nothing, and says so', async () => {
    const { client, calls } = fakeClient({})
    provideTillClient(client)
    await api().openSale('JPY')
    expect(calls).toEqual([])
    expect(useSaleStore.getState().notice).toBe('amount-empty')
  })

  it('pays, and keeps no part of the customer code in the store', async () => {
    const { client, calls } = fakeClient({
      'sales:open': () => ({ ok: true, value: openSale }),
      'payments:startCpm': () => ({ ok: true, value: attempt() })
    })
    provideTillClient(client)
    api().setAmountText('1200', 'JPY')
    await api().openSale('JPY')
    await api().startCpm('134567890123456789', 'WeChatPay')

    expect(calls.at(-1)).toEqual({
      channel: 'payments:startCpm',
      args: { saleId: 5, authCode: '134567890123456789', payMethodId: 'WeChatPay' }
    })
    expect(phase()).toBe('paid')
    expect(JSON.stringify(useSaleStore.getState())).not.toContain('134567890123456789')
  })

  it('after a decline, waits for a fresh code on the same sale when the cashier asks', async () => {
    const declined = attempt({ status: 'declined', reason: 'The code has expired.' })
    const { client } = fakeClient({
      'sales:open': () => ({ ok: true, value: openSale }),
      'payments:startCpm': () => ({ ok: true, value: declined })
    })
    provideTillClient(client)
    api().setAmountText('1200', 'JPY')
    await api().openSale('JPY')
    await api().startCpm('134567890123456789', 'WeChatPay')
    expect(phase()).toBe('declined')
    api().askFreshCode()
    expect(phase()).toBe('awaiting-code')
    expect(useSaleStore.getState().sale?.saleId).toBe(5)
  })

  it('follows sales:changed for its own sale, and ignores older snapshots and other sales', async () => {
    const { client } = fakeClient({ 'sales:open': () => ({ ok: true, value: openSale }) })
    provideTillClient(client)
    api().setAmountText('1200', 'JPY')
    await api().openSale('JPY')

    api().applySale({ ...openSale, status: 'paying', updatedAt: 110 })
    expect(phase()).toBe('processing')
    api().applySale({ ...openSale, status: 'open', updatedAt: 105 })
    api().applySale({ ...openSale, saleId: 6, status: 'paid', updatedAt: 200 })
    api().applySale({ nonsense: true })
    expect(phase()).toBe('processing')
    api().applySale({ ...openSale, status: 'needs-attention', updatedAt: 130 })
    expect(phase()).toBe('needs-attention')
  })

  it('on a failed payment command, shows the error and asks the service where the sale stands', async () => {
    const { client, calls } = fakeClient({
      'sales:open': () => ({ ok: true, value: openSale }),
      'payments:startCpm': () => ({
        ok: false,
        error: { code: 'INTERNAL', message: 'Lost the connection to the till service' }
      }),
      'sales:get': () => ({ ok: true, value: { ...openSale, status: 'paying', updatedAt: 150 } })
    })
    provideTillClient(client)
    api().setAmountText('1200', 'JPY')
    await api().openSale('JPY')
    await api().startCpm('134567890123456789', 'WeChatPay')

    expect(calls.map((call) => call.channel)).toEqual([
      'sales:open',
      'payments:startCpm',
      'sales:get'
    ])
    expect(useSaleStore.getState().error?.code).toBe('INTERNAL')
    expect(phase()).toBe('processing')
  })

  it('cancels back to the amount, still keyed; a new sale clears it', async () => {
    const { client, calls } = fakeClient({
      'sales:open': () => ({ ok: true, value: openSale }),
      'sales:abandon': () => ({ ok: true, value: { ...openSale, status: 'abandoned' } })
    })
    provideTillClient(client)
    api().setAmountText('1200', 'JPY')
    await api().openSale('JPY')
    await api().cancelSale()
    expect(phase()).toBe('entry')
    expect(useSaleStore.getState().amountText).toBe('1200')
    expect(calls.at(-1)).toEqual({ channel: 'sales:abandon', args: { saleId: 5 } })

    await api().openSale('JPY')
    await api().newSale()
    expect(useSaleStore.getState().amountText).toBe('')
    expect(phase()).toBe('entry')
  })

  it('a new sale after Paid tells the service the cashier left it, so the customer display clears', async () => {
    const { client, calls } = fakeClient({
      'sales:open': () => ({ ok: true, value: openSale }),
      'payments:startCpm': () => ({ ok: true, value: attempt() }),
      'sales:leave': () => ({ ok: true, value: null })
    })
    provideTillClient(client)
    api().setAmountText('1200', 'JPY')
    await api().openSale('JPY')
    await api().startCpm('134567890123456789', 'WeChatPay')
    expect(phase()).toBe('paid')
    await api().newSale()
    expect(phase()).toBe('entry')
    expect(calls.at(-1)).toEqual({ channel: 'sales:leave', args: { saleId: 5 } })
  })

  it('tells the service the tender the cashier chose, so the customer display can follow', async () => {
    const declined = attempt({ status: 'declined', reason: 'The code has expired.' })
    const { client, calls } = fakeClient({
      'sales:open': () => ({ ok: true, value: openSale }),
      'payments:startCpm': () => ({ ok: true, value: declined }),
      'sales:chooseTender': () => ({ ok: true, value: null })
    })
    provideTillClient(client)
    api().setAmountText('1200', 'JPY')
    await api().openSale('JPY', 'mpm')
    expect(calls.at(-1)).toMatchObject({ channel: 'sales:open', args: { tender: 'mpm' } })
    expect(phase()).toBe('choosing-wallet')

    api().chooseTender('cpm')
    expect(calls.at(-1)).toEqual({
      channel: 'sales:chooseTender',
      args: { saleId: 5, tender: 'cpm' }
    })
    await api().startCpm('134567890123456789', 'WeChatPay')
    expect(phase()).toBe('declined')
    api().chooseTender('mpm')
    expect(calls.at(-1)).toEqual({
      channel: 'sales:chooseTender',
      args: { saleId: 5, tender: 'mpm' }
    })
    expect(phase()).toBe('choosing-wallet')
    api().askFreshCode()
    expect(phase()).toBe('awaiting-code')
    expect(calls.at(-1)).toEqual({
      channel: 'sales:chooseTender',
      args: { saleId: 5, tender: 'cpm' }
    })
  })

  it('keeps the sale when the service refuses to abandon it', async () => {
    const { client } = fakeClient({
      'sales:open': () => ({ ok: true, value: openSale }),
      'sales:abandon': () => ({ ok: false, error: { code: 'CONFLICT', message: 'in flight' } }),
      'sales:get': () => ({ ok: true, value: { ...openSale, status: 'paying', updatedAt: 150 } })
    })
    provideTillClient(client)
    api().setAmountText('1200', 'JPY')
    await api().openSale('JPY')
    await api().cancelSale()
    expect(useSaleStore.getState().error?.code).toBe('CONFLICT')
    expect(phase()).toBe('processing')
  })
})

/** A reply the test hands over when it chooses: the wire between the screen and the till. */
function later(): { reply: Promise<Result<unknown>>; answer(result: Result<unknown>): void } {
  let answer: (result: Result<unknown>) => void = () => undefined
  const reply = new Promise<Result<unknown>>((resolve) => (answer = resolve))
  return { reply, answer }
}

/** An MPM sale whose QR the customer has not scanned yet, as `sales:current` has it. */
const showingQr: SaleView = {
  ...openSale,
  status: 'paying',
  updatedAt: 130,
  attempts: [
    attempt({
      mode: 'MPM',
      status: 'processing',
      authCodeLast4: null,
      transNo: null,
      qrContent: 'https://wallet.example/pay/9',
      expiresAt: 60_130,
      updatedAt: 130
    })
  ]
}

describe('the sale store after a reload or a reconnect', () => {
  it('takes up the sale the service says the cashier was working on: its QR, and the lock', async () => {
    const { client, calls } = fakeClient({
      'sales:current': () => ({ ok: true, value: showingQr })
    })
    provideTillClient(client)
    await api().resume()

    expect(calls).toEqual([{ channel: 'sales:current', args: {} }])
    expect(phase()).toBe('showing-qr')
    expect(saleLocks('showing-qr')).toBe(true)
    expect(useSaleStore.getState()).toMatchObject({ tender: 'mpm', amountText: '1200' })

    // Its pushes are followed from there on, to the end.
    api().applySale({ ...showingQr, status: 'paid', updatedAt: 180 })
    expect(phase()).toBe('paid')
  })

  it('an open sale comes back waiting for a code, with the amount and lines as keyed', async () => {
    const lines = [
      { description: 'Tea', unitPriceMinor: 450, quantity: 2 },
      { description: 'Cake', unitPriceMinor: 300, quantity: 1 }
    ]
    const { client } = fakeClient({
      'sales:current': () => ({
        ok: true,
        value: { ...openSale, amount: { minor: 1200, currency: 'USD' }, lines }
      })
    })
    provideTillClient(client)
    await api().resume()
    expect(phase()).toBe('awaiting-code')
    const state = useSaleStore.getState()
    expect(state.amountText).toBe('12.00')
    expect(
      state.lines.map(({ description, priceText, quantityText }) => [
        description,
        priceText,
        quantityText
      ])
    ).toEqual([
      ['Tea', '4.50', '2'],
      ['Cake', '3.00', '1']
    ])
  })

  it('with no sale on the till, leaves the amount being keyed alone', async () => {
    const { client } = fakeClient({ 'sales:current': () => ({ ok: true, value: null }) })
    provideTillClient(client)
    api().setAmountText('35', 'JPY')
    await api().resume()
    expect(phase()).toBe('entry')
    expect(useSaleStore.getState().amountText).toBe('35')
  })

  it('holding a sale, asks for that sale again rather than for the current one', async () => {
    const { client, calls } = fakeClient({
      'sales:open': () => ({ ok: true, value: openSale }),
      'sales:get': () => ({ ok: true, value: { ...openSale, status: 'paying', updatedAt: 150 } })
    })
    provideTillClient(client)
    api().setAmountText('1200', 'JPY')
    await api().openSale('JPY')
    await api().resume()
    expect(calls.map((call) => call.channel)).toEqual(['sales:open', 'sales:get'])
    expect(phase()).toBe('processing')
  })

  it('never takes up again a sale the cashier left on this page, nor an older one', async () => {
    const unsettled: SaleView = {
      ...showingQr,
      status: 'needs-attention',
      updatedAt: 200,
      attempts: [attempt({ status: 'needs-attention', updatedAt: 200 })]
    }
    let current: SaleView = unsettled
    const { client } = fakeClient({ 'sales:current': () => ({ ok: true, value: current }) })
    provideTillClient(client)
    await api().resume()
    expect(phase()).toBe('needs-attention')
    await api().newSale() // the cashier has read it and moves on; the till keeps checking
    expect(phase()).toBe('entry')

    // The link drops and comes back: the till still has it as the newest unfinished sale.
    await api().resume()
    expect(phase()).toBe('entry')
    current = { ...openSale, saleId: 4 }
    await api().resume()
    expect(phase()).toBe('entry')

    // A newer sale (opened on another screen, or before a restart) is taken up.
    current = { ...openSale, saleId: 6 }
    await api().resume()
    expect(useSaleStore.getState().sale?.saleId).toBe(6)
  })

  it('does not replace a sale the cashier opened while the answer was on the wire', async () => {
    const wire = later()
    const { client } = fakeClient({
      'sales:current': () => wire.reply as unknown as Result<unknown>,
      'sales:open': () => ({ ok: true, value: { ...openSale, saleId: 6 } })
    })
    provideTillClient(client)
    const resumed = api().resume()
    api().setAmountText('1200', 'JPY')
    await api().openSale('JPY')
    wire.answer({ ok: true, value: showingQr })
    await resumed
    expect(useSaleStore.getState().sale?.saleId).toBe(6)
    expect(phase()).toBe('awaiting-code')
  })

  it('keeps a push that arrives while the answer is on the wire: the payment ends paid', async () => {
    const wire = later()
    const { client } = fakeClient({
      'sales:current': () => wire.reply as unknown as Result<unknown>
    })
    provideTillClient(client)
    const resumed = api().resume()
    api().applySale({ ...showingQr, status: 'paid', updatedAt: 180 })
    wire.answer({ ok: true, value: showingQr })
    await resumed
    expect(phase()).toBe('paid')
    expect(useSaleStore.getState().sale?.updatedAt).toBe(180)
  })
})
