import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

export interface WebHostProcess {
  readonly cashierUrl: string
  readonly customerUrl: string
  readonly sandboxUrl: string
  readonly dataDir: string
  readonly output: () => string
  stop(): Promise<void>
}

interface ReadyLine {
  event: 'ready'
  cashierUrl: string
  customerUrl: string
  sandboxUrl: string | null
  dataDir: string
}

/**
 * Starts the real till service (the built web host, out/main/web.js) with its own data folder,
 * and resolves when it prints its ready line — an event, not a sleep. `settings` becomes the
 * data folder's settings.json.
 */
export async function startWebHostProcess(
  settings?: Record<string, unknown>
): Promise<WebHostProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qr-till-e2e-'))
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
  if (ready.sandboxUrl === null) throw new Error('expected the embedded sandbox gateway')

  return {
    cashierUrl: ready.cashierUrl,
    customerUrl: ready.customerUrl,
    sandboxUrl: ready.sandboxUrl,
    dataDir: ready.dataDir,
    output: () => log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
