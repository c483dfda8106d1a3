import { beforeEach, describe, expect, it } from 'vitest'
import type { CommandChannel, Result } from '../../src/shared/contract'
import { reasonText, type AttemptView, type Reason, type SaleView } from '../../src/shared/order'
import { en } from '../../src/renderer/src/i18n/en'
import { ja } from '../../src/renderer/src/i18n/ja'
import type { ScreenClient } from '../../src/renderer/src/bridge/types'
import { mpmMethodIds } from '../../src/renderer/src/lib/methods'
import {
  attemptDeadline,
  canCancelPayment,
  declineDetail,
  derivePhase,
  reasonKind
} from '../../src/renderer/src/lib/sale-flow'
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
  amount: { minor: 1500, currency: 'JPY' },
  status: 'open',
  createdAt: 100,
  updatedAt: 100,
  attempts: [],
  refunds: [],
  paidMinor: 0,
  refundedMinor: 0
}

// The engine's reasons (src/main/payments/reasons.ts), as data and in the journal's English.
const showingQr: Reason = { code: 'showing-qr' }
const confirming: Reason = { code: 'confirming' }
const said = (why: Reason): Pick<AttemptView, 'reason' | 'why'> => ({
  reason: reasonText(why),
  why
})

function mpmAttempt(overrides: Partial<AttemptView> = {}): AttemptView {
  return {
    attemptId: 9,
    saleId: 5,
    mode: 'MPM',
    merchantOrderNo: 'POS-9',
    payMethodId: 'WeChatPay',
    amount: { minor: 1500, currency: 'JPY' },
    status: 'processing',
    authCodeLast4: null,
    transNo: 'T1',
    ...said(showingQr),
    createdAt: 110,
    updatedAt: 120,
    qrContent: 'http://127.0.0.1:1/wallet/abc',
    expiresAt: 60_110,
    ...overrides
  }
}

function withAttempt(attempt: AttemptView, status: SaleView['status'] = 'paying'): SaleView {
  return { ...openSale, status, attempts: [attempt], updatedAt: attempt.updatedAt }
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
    sale: null,
    busy: null,
    picker: null,
    retrying: false,
    tender: 'cpm',
    error: null,
    notice: null
  })
})

describe('the phases of an attempt in flight', () => {
  const facts = { busy: null, pickerOpen: false, retrying: false } as const

  it('tells a QR on show, a customer confirming, a check and a close apart', () => {
    expect(derivePhase({ ...facts, sale: withAttempt(mpmAttempt()) })).toBe('showing-qr')
    expect(derivePhase({ ...facts, sale: withAttempt(mpmAttempt(said(confirming))) })).toBe(
      'confirming'
    )
    const cpm = mpmAttempt({ mode: 'CPM', qrContent: null, expiresAt: null, ...said(confirming) })
    expect(derivePhase({ ...facts, sale: withAttempt(cpm) })).toBe('confirming')
    const unclear = mpmAttempt(said({ code: 'checking', why: 'untrusted' }))
    expect(derivePhase({ ...facts, sale: withAttempt(unclear) })).toBe('processing')
    expect(derivePhase({ ...facts, sale: withAttempt(mpmAttempt({ status: 'pending' })) })).toBe(
      'processing'
    )
    expect(derivePhase({ ...facts, sale: withAttempt(mpmAttempt({ status: 'cancelling' })) })).toBe(
      'cancelling'
    )
  })

  it('asks for a wallet when the cashier chose to show a QR, on an open or declined sale', () => {
    expect(derivePhase({ ...facts, sale: openSale, tender: 'mpm' })).toBe('choosing-wallet')
    const declined = withAttempt(mpmAttempt({ status: 'declined' }), 'declined')
    expect(derivePhase({ ...facts, sale: declined, tender: 'mpm' })).toBe('declined')
    expect(derivePhase({ ...facts, sale: declined, tender: 'mpm', retrying: true })).toBe(
      'choosing-wallet'
    )
    expect(derivePhase({ ...facts, sale: openSale, busy: 'requesting-qr', tender: 'mpm' })).toBe(
      'requesting-qr'
    )
  })

  it('allows a cancel only once the gateway has the order, and never a paid one', () => {
    const showing = withAttempt(mpmAttempt())
    expect(canCancelPayment('showing-qr', showing)).toBe(true)
    expect(canCancelPayment('confirming', showing)).toBe(true)
    expect(canCancelPayment('processing', withAttempt(mpmAttempt({ status: 'pending' })))).toBe(
      false
    )
    expect(canCancelPayment('cancelling', withAttempt(mpmAttempt({ status: 'cancelling' })))).toBe(
      false
    )
    expect(canCancelPayment('paid', withAttempt(mpmAttempt({ status: 'paid' }), 'paid'))).toBe(
      false
    )
  })
})

describe('the words around a decline', () => {
  it('keeps only the wallet’s words from a decline, and words any other reason in the screen’s language', () => {
    const declined = (wallet: string | null): AttemptView =>
      mpmAttempt({ status: 'declined', ...said({ code: 'declined', wallet }) })
    expect(declineDetail(declined('Insufficient balance'), en.reasons)).toBe('Insufficient balance')
    expect(declineDetail(declined(null), en.reasons)).toBeNull()
    expect(declineDetail(declined('  '), en.reasons)).toBeNull()
    const timedOut = mpmAttempt({
      status: 'cancelled',
      ...said({ code: 'cancelled', cause: 'timeout' })
    })
    expect(declineDetail(timedOut, en.reasons)).toMatch(/^Cancelled: the customer did not complete/)
    expect(declineDetail(timedOut, ja.reasons)).toMatch(/^取消済み: お客様が時間内に/)
    // Journaled before reasons had codes: the English it was kept in.
    const old = mpmAttempt({ status: 'cancelled', reason: 'Cancelled: old words.', why: null })
    expect(declineDetail(old, ja.reasons)).toBe('Cancelled: old words.')
    expect(declineDetail(null, en.reasons)).toBeNull()
  })

  it('sorts the engine’s reasons by what the cashier is waiting for', () => {
    expect(reasonKind(confirming)).toBe('confirming')
    expect(reasonKind(showingQr)).toBe('showing-qr')
    expect(reasonKind({ code: 'unreachable' })).toBe('checking')
    expect(reasonKind({ code: 'checking', why: 'slow' })).toBe('checking')
    expect(reasonKind({ code: 'closing', cause: 'timeout', windowSeconds: 60 })).toBe('checking')
    expect(reasonKind({ code: 'declined', wallet: 'x' })).toBe('declined')
    expect(reasonKind({ code: 'paid-late' })).toBe('other')
    expect(reasonKind(null)).toBe('other')
  })

  it('counts down to the QR’s expiry, or to the end of the CPM window when it is known', () => {
    expect(attemptDeadline(mpmAttempt(), 60_000)).toBe(60_110)
    const cpm = mpmAttempt({ mode: 'CPM', expiresAt: null })
    expect(attemptDeadline(cpm, 60_000)).toBe(60_110)
    expect(attemptDeadline(cpm, null)).toBeNull()
  })
})

describe('MPM in the sale store', () => {
  it('opens the sale to show a QR, asks for it for the chosen wallet, then shows it', async () => {
    const { client, calls } = fakeClient({
      'sales:open': () => ({ ok: true, value: openSale }),
      'payments:startMpm': () => ({ ok: true, value: mpmAttempt() })
    })
    provideTillClient(client)
    api().setAmountText('1500', 'JPY')
    await api().openSale('JPY', 'mpm')
    expect(phase()).toBe('choosing-wallet')
    expect(mpmMethodIds()).toContain('WeChatPay')
    expect(mpmMethodIds()).not.toContain('MerPay')

    const asked = api().startMpm('WeChatPay')
    expect(phase()).toBe('requesting-qr')
    await asked
    expect(calls.at(-1)).toEqual({
      channel: 'payments:startMpm',
      args: { saleId: 5, payMethodId: 'WeChatPay' }
    })
    expect(phase()).toBe('showing-qr')
  })

  it('cancels the payment in flight and follows the service back to an open sale', async () => {
    const closing = withAttempt(mpmAttempt({ status: 'cancelling', updatedAt: 130 }))
    const { client, calls } = fakeClient({
      'sales:open': () => ({ ok: true, value: openSale }),
      'payments:startMpm': () => ({ ok: true, value: mpmAttempt() }),
      'payments:cancel': () => ({ ok: true, value: closing })
    })
    provideTillClient(client)
    api().setAmountText('1500', 'JPY')
    await api().openSale('JPY', 'mpm')
    await api().startMpm('WeChatPay')
    await api().cancelPayment()
    expect(calls.at(-1)).toEqual({ channel: 'payments:cancel', args: { saleId: 5 } })
    expect(phase()).toBe('cancelling')

    api().applySale({
      ...withAttempt(mpmAttempt({ status: 'cancelled', updatedAt: 150 }), 'open'),
      updatedAt: 150
    })
    expect(phase()).toBe('choosing-wallet')
  })

  it('on a refused cancel, shows why and asks the service where the sale stands', async () => {
    const { client, calls } = fakeClient({
      'sales:open': () => ({ ok: true, value: openSale }),
      'payments:startMpm': () => ({ ok: true, value: mpmAttempt() }),
      'payments:cancel': () => ({
        ok: false,
        error: { code: 'CONFLICT', message: 'This sale is paid: refund it instead of cancelling.' }
      }),
      'sales:get': () => ({
        ok: true,
        value: withAttempt(mpmAttempt({ status: 'paid', updatedAt: 200 }), 'paid')
      })
    })
    provideTillClient(client)
    api().setAmountText('1500', 'JPY')
    await api().openSale('JPY', 'mpm')
    await api().startMpm('WeChatPay')
    await api().cancelPayment()
    expect(calls.map((call) => call.channel).slice(-2)).toEqual(['payments:cancel', 'sales:get'])
    expect(useSaleStore.getState().error?.code).toBe('CONFLICT')
    expect(phase()).toBe('paid')
  })

  it('after a decline, lets the cashier try the other way on the same sale', async () => {
    const declined = mpmAttempt({ status: 'declined', ...said({ code: 'declined', wallet: 'x' }) })
    const { client } = fakeClient({
      'sales:open': () => ({ ok: true, value: openSale }),
      'payments:startMpm': () => ({ ok: true, value: declined })
    })
    provideTillClient(client)
    api().setAmountText('1500', 'JPY')
    await api().openSale('JPY', 'mpm')
    await api().startMpm('PayPay')
    expect(phase()).toBe('declined')
    api().askFreshCode()
    expect(phase()).toBe('awaiting-code')
    api().chooseTender('mpm')
    expect(phase()).toBe('choosing-wallet')
    api().chooseTender('cpm')
    expect(phase()).toBe('awaiting-code')
    expect(useSaleStore.getState().sale?.saleId).toBe(5)
  })

  it('does not switch tender while a payment is in flight', async () => {
    const { client } = fakeClient({
      'sales:open': () => ({ ok: true, value: openSale }),
      'payments:startMpm': () => ({ ok: true, value: mpmAttempt() })
    })
    provideTillClient(client)
    api().setAmountText('1500', 'JPY')
    await api().openSale('JPY', 'mpm')
    await api().startMpm('WeChatPay')
    api().chooseTender('cpm')
    expect(phase()).toBe('showing-qr')
    expect(useSaleStore.getState().tender).toBe('mpm')
  })
})
