import { spawn } from 'node:child_process'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { useTempDir } from '../support/temp-dir'

/** The built web host (`npx electron-vite build`), run as `npm start` runs it without Electron. */
const webHostScript = join(__dirname, '..', '..', 'out', 'main', 'web.js')

const tempDir = useTempDir()

/**
 * Starts the real web host with `fault` loaded before it (`node --import`): on SIGUSR2 it rejects
 * a promise nobody handles, as a bug in a payment step would. Resolves with how the host ended
 * and what it wrote to stderr (its log).
 */
async function faultAfterReady(
  fault: string
): Promise<{ code: number | null; signal: string | null; log: string; dataDir: string }> {
  const dir = tempDir()
  const dataDir = join(dir, 'data')
  const preload = join(dir, 'fault.mjs')
  writeFileSync(preload, `process.on('SIGUSR2', () => { ${fault} })\n`)
  const child = spawn(
    process.execPath,
    ['--import', preload, webHostScript, '--data-dir', dataDir, '--json'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, QR_TILL_LOG_LEVEL: 'info' } }
  )
  let log = ''
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()))
  const ended = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal }))
  )
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('{"event":"ready"')) child.kill('SIGUSR2')
  })
  return { ...(await ended), log, dataDir }
}

describe('a fault nobody caught in the web host', () => {
  it('is logged with its stack, and stops the till in order with a failure exit', async () => {
    const ended = await faultAfterReady(
      "Promise.reject(new Error('reply lost for auth code 134567890123456789'))"
    )
    expect(ended).toMatchObject({ code: 1, signal: null })
    // At error level through the till's logger, with the stack, and no customer code.
    expect(ended.log).toMatch(/ERROR \[fault\] unhandled rejection: stopping the till/)
    expect(ended.log).toContain('reply lost for auth code [code …6789]')
    expect(ended.log).toMatch(/\\n {4}at /)
    expect(ended.log).not.toContain('134567890123456789')
    // Closed in order: the journal's WAL folded back in and the data folder's lock let go, so the
    // next start is a clean one.
    expect(existsSync(join(ended.dataDir, 'till.lock'))).toBe(false)
    expect(readdirSync(ended.dataDir).filter((name) => name.endsWith('-wal'))).toEqual([])
  })

  it('redacts a rejected value that is not an error by its field names', async () => {
    const ended = await faultAfterReady(
      "Promise.reject({ auth_code: '2801', sub_msg: 'SYSTEM_ERROR' })"
    )
    expect(ended.code).toBe(1)
    expect(ended.log).toContain('"auth_code":"[redacted]"')
    expect(ended.log).toContain('SYSTEM_ERROR')
    expect(existsSync(join(ended.dataDir, 'till.lock'))).toBe(false)
  })

  it('is not a log nobody reads any more: the till keeps serving, and stops cleanly after', async () => {
    const dataDir = join(tempDir(), 'data')
    const child = spawn(process.execPath, [webHostScript, '--data-dir', dataDir, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, QR_TILL_LOG_LEVEL: 'info' }
    })
    const ended = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal }))
    )
    const origin = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.startsWith('{"event":"ready"'))
          resolve((JSON.parse(line) as { origin: string }).origin)
      })
    )
    // The terminal the till was started from is closed: its log pipe has no reader.
    child.stderr.destroy()
    // A socket with a wrong token is refused, and the refusal is logged: a write into that pipe.
    const refused = new WebSocket(`${origin.replace('http', 'ws')}/ws?token=wrong`)
    await new Promise<void>((resolve) => refused.once('error', () => resolve()))
    // Still the till: its screens are served.
    expect((await fetch(`${origin}/cashier.html`)).status).toBe(200)
    // And a stop is an ordinary one, in order, not a fault on every line it logs.
    child.kill('SIGTERM')
    expect(await ended).toEqual({ code: 0, signal: null })
    expect(existsSync(join(dataDir, 'till.lock'))).toBe(false)
  })
})
