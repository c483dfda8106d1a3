import { beforeEach, describe, expect, it } from 'vitest'
import type { CommandChannel, HistoryRow, Result } from '../../src/shared/contract'
import type { ScreenClient } from '../../src/renderer/src/bridge/types'
import { provideTillClient } from '../../src/renderer/src/stores/client'
import { useHistoryStore } from '../../src/renderer/src/stores/history-store'
import type { RefundView, SaleView } from '../../src/shared/order'

type Handler = (args: Record<string, unknown>) => Promise<Result<unknown>> | Result<unknown>

/** Answers from handlers the test sets, and records every call. */
function fakeClient(handlers: Partial<Record<CommandChannel, Handler>>): {
  calls: { channel: string; args: Record<string, unknown> }[]
} {
  const calls: { channel: string; args: Record<string, unknown> }[] = []
  provideTillClient({
    connection: 'connected',
    hasToken: true,
    onConnection: () => () => undefined,
    on: () => () => undefined,
    invoke: async (channel: CommandChannel, args: Record<string, unknown>) => {
      calls.push({ channel, args })
      const handler = handlers[channel]
      return handler
        ? handler(args)
        : { ok: false, error: { code: 'INTERNAL', message: 'no handler' } }
    }
  } as unknown as ScreenClient)
  return { calls }
}

function refundOf(minor: number, status: RefundView['status']): RefundView {
  return {
    refundId: minor,
    saleId: 7,
    attemptId: 1,
    merchantOrderNo: `RF${minor}`,
    amount: { minor, currency: 'JPY' },
    reason: 'returned',
    status,
    transNo: null,
    failure: null,
    failureWhy: null,
    createdAt: 7100,
    updatedAt: 7100
  }
}

function row(saleId: number): HistoryRow {
  return {
    saleId,
    createdAt: saleId * 1000,
    status: 'paid',
    amount: { minor: 1000 + saleId, currency: 'JPY' },
    paidMinor: 1000 + saleId,
    refundedMinor: 0,
    refundingMinor: 0,
    payMethodId: 'WeChatPay',
    merchantOrderNo: `QT${saleId}`,
    attemptCount: 1
  }
}

const initial = useHistoryStore.getState()
beforeEach(() => useHistoryStore.setState(initial, true))

describe('the history store', () => {
  it('pages older by the cursor the service gave, and back newer by the one it came from', async () => {
    const { calls } = fakeClient({
      'sales:history': (args) => {
        const after = args['after'] as { saleId: number } | undefined
        const top = after === undefined ? 120 : after.saleId - 1
        const rows = Array.from({ length: Math.min(50, top) }, (_, i) => row(top - i))
        const last = rows.at(-1) as HistoryRow
        return {
          ok: true,
          value: {
            rows,
            next: last.saleId > 1 ? { createdAt: last.createdAt, saleId: last.saleId } : null
          }
        }
      }
    })
    const api = useHistoryStore.getState().api
    api.setField('status', 'paid')
    await api.search('JPY')
    expect(useHistoryStore.getState().rows[0]?.saleId).toBe(120)
    await api.older()
    await api.older()
    const state = useHistoryStore.getState()
    expect(state.rows.map((r) => r.saleId)).toEqual(Array.from({ length: 20 }, (_, i) => 20 - i))
    expect(state.next).toBeNull()
    expect(state.starts).toHaveLength(3)
    await api.newer()
    expect(useHistoryStore.getState().rows[0]?.saleId).toBe(70)
    expect(calls.map((c) => c.args)).toEqual([
      { status: 'paid' },
      { status: 'paid', after: { createdAt: 71_000, saleId: 71 } },
      { status: 'paid', after: { createdAt: 21_000, saleId: 21 } },
      { status: 'paid', after: { createdAt: 71_000, saleId: 71 } }
    ])
  })

  it('keeps a wrong filter from the service and says which field', async () => {
    const { calls } = fakeClient({})
    const api = useHistoryStore.getState().api
    api.setField('min', '12.5')
    await api.search('JPY')
    expect(useHistoryStore.getState().formErrors).toEqual({ min: 'amount' })
    expect(calls).toEqual([])
    api.setField('min', '12')
    expect(useHistoryStore.getState().formErrors).toEqual({})
  })

  it('drops an answer overtaken by a newer search', async () => {
    let release: (() => void) | null = null
    fakeClient({
      'sales:history': (args) =>
        args['status'] === 'declined'
          ? new Promise((resolve) => {
              release = () => resolve({ ok: true, value: { rows: [row(1)], next: null } })
            })
          : { ok: true, value: { rows: [row(2)], next: null } }
    })
    const api = useHistoryStore.getState().api
    api.setField('status', 'declined')
    const slow = api.search('JPY')
    api.setField('status', 'paid')
    await api.search('JPY')
    ;(release as unknown as () => void)()
    await slow
    expect(useHistoryStore.getState().rows.map((r) => r.saleId)).toEqual([2])
  })

  it('a sales:changed push updates the row and reloads the open sale', async () => {
    const sale: SaleView = {
      saleId: 7,
      amount: { minor: 1007, currency: 'JPY' },
      status: 'paid',
      createdAt: 7000,
      updatedAt: 7500,
      attempts: [],
      refunds: [refundOf(300, 'refunded'), refundOf(200, 'processing'), refundOf(100, 'failed')],
      paidMinor: 1007,
      refundedMinor: 500
    }
    const { calls } = fakeClient({
      'sales:history': () => ({ ok: true, value: { rows: [row(7)], next: null } }),
      'sales:get': () => ({ ok: true, value: sale }),
      'sales:timeline': () => ({ ok: true, value: [] })
    })
    const api = useHistoryStore.getState().api
    await api.search('JPY')
    await api.open(7)
    calls.length = 0
    api.applySale(sale)
    // As the list counts them: what came back, and apart from it what is still on its way.
    expect(useHistoryStore.getState().rows[0]).toMatchObject({
      refundedMinor: 300,
      refundingMinor: 200
    })
    expect(calls.map((c) => c.channel).sort()).toEqual(['sales:get', 'sales:timeline'])
    api.applySale({ not: 'a sale' })
    expect(useHistoryStore.getState().rows[0]?.refundedMinor).toBe(300)
  })
})
