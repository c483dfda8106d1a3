import { beforeEach, describe, expect, it } from 'vitest'
import type { TillStatus } from '../../../src/shared/contract'
import { StatusBar } from '../../../src/renderer/src/cashier/StatusBar'
import { useStatusStore } from '../../../src/renderer/src/stores/status-store'
import { useTillStore } from '../../../src/renderer/src/stores/till-store'
import { info, resetStores, setStore } from './fixtures'
import { render, textOf } from './html'

beforeEach(resetStores)

const health = (patch: Partial<TillStatus> = {}): TillStatus => ({
  gateway: { state: 'reachable', detail: null, at: 0 },
  journal: { state: 'healthy', detail: null, at: 0 },
  ...patch
})

describe('the status bar', () => {
  it('is the page footer, named, and announces the service line politely', () => {
    setStore(useTillStore, { connection: 'connected', info: info({ sandbox: true }) })
    const screen = render(<StatusBar />)
    const footer = screen.getByRole('contentinfo', 'Till status')
    const service = screen.all((element) => element.attrs['aria-live'] === 'polite')[0]
    expect(service && textOf(service)).toBe('Till service connected')
    expect(textOf(footer)).toContain('Gateway: sandbox')
  })

  it.each([
    ['connecting', true, 'Connecting to the till service…'],
    ['disconnected', true, 'Till service disconnected — reconnecting…'],
    ['disconnected', false, 'This address has no access token.'],
    ['connecting', false, 'This address has no access token.']
  ] as const)('while %s (token %s) says "%s"', (connection, hasToken, said) => {
    setStore(useTillStore, { connection, hasToken })
    const screen = render(<StatusBar />)
    expect(screen.text).toContain(said)
    expect(screen.text).not.toContain('Till service connected')
  })

  it('names the gateway in use, and says nothing of it before the till has said', () => {
    expect(render(<StatusBar />).text).toContain('Gateway: —')
    setStore(useTillStore, { info: info({ sandbox: false }) })
    const live = render(<StatusBar />).text
    expect(live).toContain('Gateway: PayCloud')
    expect(live).not.toContain('sandbox')
  })

  it('shows the gateway and journal health only while connected', () => {
    setStore(useStatusStore, {
      status: health({
        gateway: { state: 'unreachable', detail: 'connect ECONNREFUSED', at: 0 },
        journal: { state: 'failing', detail: 'disk full', at: 0 }
      })
    })
    setStore(useTillStore, { connection: 'connected' })
    const screen = render(<StatusBar />)
    const gateway = screen.byTestId('status-gateway')
    expect(textOf(gateway)).toBe('Gateway not reachable')
    expect(gateway.attrs['title']).toBe('Technical detail, for the installer: connect ECONNREFUSED')
    const journal = screen.byTestId('status-journal')
    expect(textOf(journal)).toBe('Journal failing — payments stopped')
    expect(journal.attrs['aria-live']).toBe('polite')

    // A lost connection makes the last health stale: it is not shown as if current.
    setStore(useTillStore, { connection: 'disconnected' })
    const stale = render(<StatusBar />)
    expect(stale.queryByTestId('status-gateway')).toBeNull()
    expect(stale.queryByTestId('status-journal')).toBeNull()
  })

  it('reads a healthy till as such', () => {
    setStore(useStatusStore, { status: health() })
    setStore(useTillStore, { connection: 'connected' })
    const screen = render(<StatusBar />)
    expect(textOf(screen.byTestId('status-gateway'))).toBe('Gateway reachable')
    expect(textOf(screen.byTestId('status-journal'))).toBe('Journal healthy')
  })

  it('gives the scanner a labelled slot only when something fills it', () => {
    expect(render(<StatusBar />).all((e) => e.attrs['aria-label'] === 'Scanner')).toEqual([])
    const screen = render(<StatusBar scanner={<span>Scanner ready</span>} />)
    const slot = screen.all((e) => e.attrs['aria-label'] === 'Scanner')
    expect(slot.map((element) => textOf(element))).toEqual(['Scanner ready'])
  })
})
