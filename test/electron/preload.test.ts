import { beforeEach, describe, expect, it, vi } from 'vitest'

const ipcRenderer = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() }
const contextBridge = { exposeInMainWorld: vi.fn() }
vi.mock('electron', () => ({ ipcRenderer, contextBridge }))

const { createBridge, exposeBridge } = await import('../../src/preload/expose')

beforeEach(() => vi.clearAllMocks())

describe('preload bridge', () => {
  it('lets the customer display ask only for what it shows', async () => {
    const bridge = createBridge('customer')
    const refused = await bridge.invoke('sales:open', { amount: { minor: 1, currency: 'JPY' } })
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(ipcRenderer.invoke).not.toHaveBeenCalled()

    ipcRenderer.invoke.mockResolvedValue({ ok: true, value: { screen: 'idle', shopName: 'x' } })
    await bridge.invoke('display:get', {})
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('display:get', {})

    const off = bridge.on('sales:changed', () => undefined)
    expect(ipcRenderer.on).not.toHaveBeenCalled()
    off()
  })

  it('strips the IPC event from listeners and unsubscribes the same function', () => {
    const bridge = createBridge('cashier')
    const listener = vi.fn()
    const off = bridge.on('sales:changed', listener)
    const forward = ipcRenderer.on.mock.calls[0]?.[1] as (event: unknown, payload: unknown) => void
    forward({ sender: 'secret' }, { saleId: 1 })
    expect(listener).toHaveBeenCalledWith({ saleId: 1 })
    off()
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith('sales:changed', forward)
  })

  it('exposes exactly invoke and on as window.till', () => {
    exposeBridge('cashier')
    const [name, api] = contextBridge.exposeInMainWorld.mock.calls[0] ?? []
    expect(name).toBe('till')
    expect(Object.keys(api as object).sort()).toEqual(['invoke', 'on'])
  })
})
