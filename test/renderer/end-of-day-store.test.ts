import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CommandChannel, TillInfo } from '../../src/shared/contract'
import type { ScreenClient } from '../../src/renderer/src/bridge/types'
import { provideTillClient } from '../../src/renderer/src/stores/client'
import { useEndOfDayStore } from '../../src/renderer/src/stores/end-of-day-store'
import { useTillStore } from '../../src/renderer/src/stores/till-store'

const tokyoShop: TillInfo = {
  shopName: 'Corner Shop',
  currency: 'JPY',
  language: 'en',
  timeZone: 'Asia/Tokyo',
  sandbox: true,
  methodRules: [],
  wedge: {}
}

/** Records the days each report command asked for; every report comes back empty. */
function fakeClient(): { channel: string; args: Record<string, unknown> }[] {
  const calls: { channel: string; args: Record<string, unknown> }[] = []
  provideTillClient({
    connection: 'connected',
    hasToken: true,
    onConnection: () => () => undefined,
    on: () => () => undefined,
    invoke: async (channel: CommandChannel, args: Record<string, unknown>) => {
      calls.push({ channel, args })
      return {
        ok: true,
        value: { ...args, byMethod: [], totals: [], needsAttention: [], openRefunds: [] }
      }
    }
  } as unknown as ScreenClient)
  return calls
}

// The screen's browser runs on UTC; the shop is in Tokyo (settings.json timeZone).
let browserZone: string | undefined
beforeEach(() => {
  browserZone = process.env['TZ']
  process.env['TZ'] = 'UTC'
  useTillStore.setState({ info: tokyoShop })
  useEndOfDayStore.setState({ datesChosen: false, report: null, reconciliation: null })
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
  useTillStore.setState({ info: null })
  if (browserZone === undefined) delete process.env['TZ']
  else process.env['TZ'] = browserZone
})

describe('end of day on the shop’s clock', () => {
  it('opens on the shop’s today, midnight to midnight in its zone', async () => {
    // 00:30 on 26 November in Tokyo; still the 25th in UTC.
    vi.setSystemTime(Date.UTC(2026, 10, 25, 15, 30))
    const calls = fakeClient()
    await useEndOfDayStore.getState().api.open()
    expect(useEndOfDayStore.getState()).toMatchObject({
      fromDate: '2026-11-26',
      toDate: '2026-11-26'
    })
    expect(calls).toEqual([
      {
        channel: 'reports:endOfDay',
        args: { from: Date.UTC(2026, 10, 25, 15), to: Date.UTC(2026, 10, 26, 15) }
      }
    ])
  })

  it('exports the days picked as the shop’s days', async () => {
    const calls = fakeClient()
    useEndOfDayStore.getState().api.setDates('2026-11-01', '2026-11-30')
    await useEndOfDayStore.getState().api.exportCsv('sales')
    expect(calls[0]?.args).toEqual({
      from: Date.UTC(2026, 9, 31, 15),
      to: Date.UTC(2026, 10, 30, 15),
      kind: 'sales'
    })
  })
})
