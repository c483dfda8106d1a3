import { beforeEach, describe, expect, it } from 'vitest'
import type { CommandChannel, Result } from '../../src/shared/contract'
import type { AttemptView, SaleView } from '../../src/shared/order'
import type { ScreenClient } from '../../src/renderer/src/bridge/types'
import { derivePhase } from '../../src/renderer/src/lib/sale-flow'
import { provideTillClient } from '../../src/renderer/src/stores/client'
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
    retrying: state.retrying
  })
}

const api = (): ReturnType<typeof useSaleStore.getState>['api'] => useSaleStore.getState().api

beforeEach(() => {
  useSaleStore.setState({
    amountText: '',
    sale: null,
    busy: null,
    picker: null,
    retrying: false,
    tender: 'cpm',
    error: null,
    notice: null
  })
})

describe('the sale store', () => {
  it('opens a sale for the keyed amount, in minor units', async () => {
    const { client, calls } = fakeClient({ 'sales:open': () => ({ ok: true, value: openSale }) })
    provideTillClient(client)
    api().setAmountText('1,200', 'JPY')
    await api().openSale('JPY')
    expect(calls).toEqual([
      { channel: 'sales:open', args: { amount: { minor: 1200, currency: 'JPY' } } }
    ])
    expect(phase()).toBe('awaiting-code')
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
