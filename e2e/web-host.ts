import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { TestInfo } from '@playwright/test'

export interface WebHostProcess {
  readonly cashierUrl: string
  readonly customerUrl: string
  /** The embedded sandbox; '' when `settings` configure a gateway of their own. */
  readonly sandboxUrl: string
  readonly dataDir: string
  readonly output: () => string
  /** Stops the host; `keepData` leaves the data folder for a restart on it. */
  stop(options?: { keepData?: boolean }): Promise<void>
}

export interface WebHostOptions {
  /**
   * Start on this data folder instead of a fresh one: a restart of the till on the journal,
   * settings and secrets a previous host left (stop it with `keepData`).
   */
  readonly dataDir?: string
}

interface ReadyLine {
  event: 'ready'
  cashierUrl: string
  customerUrl: string
  sandboxUrl: string | null
  dataDir: string
}

/**
 * Every spec's afterEach: the web host's log attached to a test that failed (the only record of
 * what the till did), then the host stopped and its data folder removed. Nothing when the test
 * started no host.
 */
export async function stopAfterTest(
  host: WebHostProcess | null | undefined,
  testInfo: TestInfo
): Promise<void> {
  if (host === null || host === undefined) return
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach('web-host.log', { body: host.output(), contentType: 'text/plain' })
  }
  await host.stop()
}

/**
 * Starts the real till service (the built web host, out/main/web.js) with its own data folder,
 * and resolves when it prints its ready line — an event, not a sleep. `settings` becomes the
 * data folder's settings.json.
 */
export async function startWebHostProcess(
  settings?: Record<string, unknown>,
  options: WebHostOptions = {}
): Promise<WebHostProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'qr-till-e2e-'))
  if (settings !== undefined)
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settings))
  const child: ChildProcess = spawn(
    process.execPath,
    [join(__dirname, '..', 'out', 'main', 'web.js'), '--data-dir', dataDir, '--json'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, QR_TILL_LOG_LEVEL: 'info' } }
  )
  let log = ''
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()))

  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      log += `${line}\n`
      if (line.startsWith('{')) {
        const parsed = JSON.parse(line) as ReadyLine
        if (parsed.event === 'ready') resolve(parsed)
      }
    })
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}:\n${log}`)))
  })
  if (ready.sandboxUrl === null && settings?.['gateway'] === undefined) {
    throw new Error('expected the embedded sandbox gateway')
  }

  return {
    cashierUrl: ready.cashierUrl,
    customerUrl: ready.customerUrl,
    sandboxUrl: ready.sandboxUrl ?? '',
    dataDir: ready.dataDir,
    output: () => log,
    async stop(stopOptions = {}) {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      if (stopOptions.keepData !== true) rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
