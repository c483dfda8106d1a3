import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Role } from '../../src/shared/contract'
import { createTill, type Till } from '../../src/main/till'
import { useTempDir } from '../support/temp-dir'

vi.mock('electron', () => ({}))

const { handle, registerIpc } = await import('../../src/main/electron/ipc')

const tempDir = useTempDir()
let till: Till

beforeEach(async () => {
  // No scanners: a scanner plugged into the machine running the tests must not add events.
  till = await createTill({ dataDir: tempDir(), scanners: null })
})
afterEach(async () => {
  await till.close()
})

const cashierContents = { id: 1 }
const customerContents = { id: 2 }
const roleOf = (contents: { id: number }): Role | undefined =>
  contents.id === 1 ? 'cashier' : contents.id === 2 ? 'customer' : undefined

function event(sender: { id: number }, url: string, parent: unknown = null): never {
  return { sender, senderFrame: { url, parent } } as never
}

const openArgs = { amount: { minor: 1200, currency: 'JPY' } }

describe('handle()', () => {
  it('runs a valid command from our own top frame', async () => {
    const result = await handle(
      event(cashierContents, 'qrtill://app/cashier.html'),
      'sales:open',
      openArgs,
      till.handlers,
      roleOf
    )
    expect(result).toMatchObject({ ok: true, value: { status: 'open', amount: { minor: 1200 } } })
  })

  it.each([
    ['a remote page', event(cashierContents, 'https://evil.example/')],
    ['a file page', event(cashierContents, 'file:///tmp/cashier.html')],
    ['a subframe', event(cashierContents, 'qrtill://app/cashier.html', {})],
    ['an unknown window', event({ id: 99 }, 'qrtill://app/cashier.html')],
    ['a destroyed frame', { sender: cashierContents, senderFrame: null } as never]
  ])('refuses %s', async (_name, ipcEvent) => {
    const spy = vi.spyOn(till.handlers, 'sales:open')
    const result = await handle(ipcEvent, 'sales:open', openArgs, till.handlers, roleOf)
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(spy).not.toHaveBeenCalled()
  })

  it('refuses a cashier command from the customer display', async () => {
    const result = await handle(
      event(customerContents, 'qrtill://app/customer.html'),
      'sales:open',
      openArgs,
      till.handlers,
      roleOf
    )
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('refuses arguments that do not match the schema', async () => {
    const result = await handle(
      event(cashierContents, 'qrtill://app/cashier.html'),
      'payments:startCpm',
      { saleId: 1, authCode: 'short', payMethodId: 'WeChatPay' },
      till.handlers,
      roleOf
    )
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  })
})

describe('registerIpc()', () => {
  it('registers every command and forwards events only to windows whose role receives them', async () => {
    const registered = new Map<string, (...args: unknown[]) => unknown>()
    const ipcMain = {
      handle: vi.fn((channel: string, fn: (...args: unknown[]) => unknown) =>
        registered.set(channel, fn)
      ),
      removeHandler: vi.fn((channel: string) => registered.delete(channel))
    }
    const windows = [
      { id: 1, send: vi.fn(), isDestroyed: () => false },
      { id: 2, send: vi.fn(), isDestroyed: () => false }
    ]
    const unregister = registerIpc(ipcMain as never, till, roleOf, () => windows as never)
    expect([...registered.keys()].sort()).toEqual([
      'display:get',
      'display:list',
      'display:pairLan',
      'display:unpairLan',
      'manager:setPin',
      'manager:status',
      'payments:cancel',
      'payments:checkNow',
      'payments:startCpm',
      'payments:startMpm',
      'refunds:create',
      'reports:endOfDay',
      'reports:exportCsv',
      'reports:reconcile',
      'sales:abandon',
      'sales:chooseTender',
      'sales:current',
      'sales:get',
      'sales:history',
      'sales:leave',
      'sales:open',
      'sales:timeline',
      'scanner:status',
      'settings:get',
      'settings:importKey',
      'settings:info',
      'settings:update',
      'status:get'
    ])

    const result = await registered.get('sales:open')?.(
      event(cashierContents, 'qrtill://app/cashier.html'),
      openArgs
    )
    expect(result).toMatchObject({ ok: true })
    const cashierChannels = windows[0]!.send.mock.calls.map((call) => call[0])
    const customerChannels = windows[1]!.send.mock.calls.map((call) => call[0])
    expect(cashierChannels).toEqual(['sales:changed', 'display:changed'])
    expect(customerChannels).toEqual(['display:changed'])

    unregister()
    expect(registered.size).toBe(0)
  })
})
