import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createGatewayClient } from '../../src/main/gateway'
import { openJournal } from '../../src/main/journal'
import { createStatusMonitor, headProbe } from '../../src/main/till/status'
import type { TillStatus } from '../../src/shared/contract'
import { startSandboxGateway } from '../support/sandbox-gateway'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()
const cleanup: (() => Promise<void> | void)[] = []

afterEach(async () => {
  vi.useRealTimers()
  for (const run of cleanup.splice(0).reverse()) await run()
})

/** A loopback port with nothing listening: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('gateway reachability', () => {
  it('the HEAD probe: any HTTP answer is reachable, a refused connection is not', async () => {
    const server = createServer((_, response) => {
      response.statusCode = 405
      response.end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanup.push(() => new Promise((resolve) => server.close(() => resolve())))
    const { port } = server.address() as AddressInfo
    expect(await headProbe(`http://127.0.0.1:${port}/`, 2_000)).toBeNull()
    const closed = await closedPort()
    expect(await headProbe(`http://127.0.0.1:${closed}/`, 2_000)).toMatch(
      /cannot be reached \(ECONNREFUSED\)/
    )
  })

  it('learns from the engine’s exchanges: an answer, even a refusal, is reachable; silence is not', async () => {
    const sandbox = await startSandboxGateway(() => Date.now())
    cleanup.push(() => sandbox.close())
    const monitor = createStatusMonitor({ baseUrl: sandbox.sandbox.url, now: () => Date.now() })
    const changes: TillStatus[] = []
    monitor.onChange((status) => changes.push(status))
    const gateway = monitor.observeGateway(sandbox.gateway)
    expect(monitor.current().gateway.state).toBe('unknown')
    // An order the sandbox does not know: a business refusal, from a gateway that answered.
    await gateway.queryOrder({ merchantOrderNo: 'NOSUCHORDER1' })
    expect(monitor.current().gateway).toMatchObject({ state: 'reachable', detail: null })

    const closed = await closedPort()
    const keys = await import('../../src/sandbox').then((m) => m.generateSandboxCredentials())
    const dead = monitor.observeGateway(
      createGatewayClient({ ...keys, baseUrl: `http://127.0.0.1:${closed}`, timeoutMs: 2_000 })
    )
    await dead.queryOrder({ merchantOrderNo: 'NOSUCHORDER2' })
    expect(monitor.current().gateway.state).toBe('unreachable')
    expect(monitor.current().gateway.detail).not.toBeNull()
    expect(changes.map((status) => status.gateway.state)).toEqual(['reachable', 'unreachable'])
    monitor.stop()
  })

  it('probes with backoff while the gateway is silent, and no more than every interval once it answers', async () => {
    vi.useFakeTimers()
    let now = 0
    const answers: (string | null)[] = ['down', 'down', 'down', null, null]
    const probe = vi.fn(async () => answers.shift() ?? null)
    const monitor = createStatusMonitor({
      baseUrl: 'http://gateway.invalid',
      now: () => now,
      probe,
      retryMs: 1_000,
      probeIntervalMs: 30_000
    })
    cleanup.push(() => monitor.stop())
    monitor.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(probe).toHaveBeenCalledTimes(1)
    expect(monitor.current().gateway.state).toBe('unreachable')
    // 1 s, then 2 s, then 4 s after each failure.
    await vi.advanceTimersByTimeAsync(999)
    expect(probe).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(probe).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(probe).toHaveBeenCalledTimes(3)
    await vi.advanceTimersByTimeAsync(4_000)
    expect(probe).toHaveBeenCalledTimes(4)
    expect(monitor.current().gateway.state).toBe('reachable')
    now = 7_000
    await vi.advanceTimersByTimeAsync(29_999)
    expect(probe).toHaveBeenCalledTimes(4)
    now = 37_000
    await vi.advanceTimersByTimeAsync(1)
    expect(probe).toHaveBeenCalledTimes(5)
  })
})

describe('journal health', () => {
  it('failing once a write is refused, healthy again after a write is taken', () => {
    const file = join(tempDir(), 'journal.sqlite')
    const writable = openJournal(file)
    cleanup.push(() => writable.close())
    const readonly = openJournal(file, { readonly: true })
    cleanup.push(() => readonly.close())
    const monitor = createStatusMonitor({ baseUrl: 'http://127.0.0.1:9', now: () => 5 })
    const changes: TillStatus['journal'][] = []
    monitor.onChange((status) => changes.push(status.journal))
    expect(monitor.current().journal.state).toBe('healthy')

    expect(() => monitor.observeJournal(readonly).createSale(100, 'JPY', 1)).toThrow()
    expect(monitor.current().journal).toMatchObject({ state: 'failing', at: 5 })
    expect(monitor.current().journal.detail).not.toBeNull()

    const sale = monitor.observeJournal(writable).createSale(100, 'JPY', 1)
    expect(sale.saleId).toBeGreaterThan(0)
    expect(monitor.current().journal).toMatchObject({ state: 'healthy', detail: null })
    expect(changes.map((item) => item.state)).toEqual(['failing', 'healthy'])
  })
})
