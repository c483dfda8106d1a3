import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Result } from '../../src/shared/contract'
import type { ScreenClient } from '../../src/renderer/src/bridge/types'
import { provideTillClient } from '../../src/renderer/src/stores/client'
import { useDisplayStore } from '../../src/renderer/src/stores/display-store'

const idle = { screen: 'idle', shopName: 'Shop' }
const qr = {
  screen: 'show-qr',
  shopName: 'Shop',
  amount: { minor: 1060, currency: 'JPY' },
  payMethodId: 'WeChatPay',
  qrContent: 'http://127.0.0.1:1/wallet/t',
  expiresAt: 61_000,
  sentAt: 1_000
}

/** A display:get whose answer the test releases when it chooses. */
function slowClient(): { release: (value: unknown) => void } {
  let release: (value: unknown) => void = () => undefined
  provideTillClient({
    invoke: () =>
      new Promise<Result<unknown>>((resolve) => {
        release = (value) => resolve({ ok: true, value })
      })
  } as unknown as ScreenClient)
  return { release: (value) => release(value) }
}

beforeEach(() => useDisplayStore.setState({ display: null, receivedAt: 0 }))
afterEach(() => vi.restoreAllMocks())

describe('the display store', () => {
  it('renders what display:get answers, then every push', async () => {
    const client = slowClient()
    const loading = useDisplayStore.getState().api.load()
    client.release(idle)
    await loading
    expect(useDisplayStore.getState().display).toEqual(idle)
    useDisplayStore.getState().api.apply(qr)
    expect(useDisplayStore.getState().display).toEqual(qr)
  })

  it('keeps a push that overtook an older display:get answer', async () => {
    const client = slowClient()
    const loading = useDisplayStore.getState().api.load()
    useDisplayStore.getState().api.apply(qr)
    client.release(idle)
    await loading
    expect(useDisplayStore.getState().display).toEqual(qr)
  })

  it('notes when each state arrived on the page’s monotonic clock, for the QR countdown', async () => {
    const monotonic = vi.spyOn(performance, 'now').mockReturnValue(5_000)
    useDisplayStore.getState().api.apply(qr)
    expect(useDisplayStore.getState()).toMatchObject({ display: qr, receivedAt: 5_000 })

    const client = slowClient()
    const loading = useDisplayStore.getState().api.load()
    monotonic.mockReturnValue(9_000)
    client.release({ ...qr, sentAt: 5_000 })
    await loading
    expect(useDisplayStore.getState().receivedAt).toBe(9_000)
  })

  it('ignores a malformed push instead of rendering half a screen', () => {
    useDisplayStore.getState().api.apply(idle)
    for (const bad of [
      { ...qr, qrContent: '' },
      { ...qr, sentAt: undefined },
      { ...qr, amount: { minor: 1.5, currency: 'JPY' } },
      { screen: 'confirming', shopName: 'Shop' },
      { screen: 'nonsense', shopName: 'Shop' },
      null
    ]) {
      useDisplayStore.getState().api.apply(bad)
    }
    expect(useDisplayStore.getState().display).toEqual(idle)
  })
})
