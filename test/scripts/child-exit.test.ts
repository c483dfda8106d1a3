import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: plain ESM for old Node, no types of its own (scripts/child.mjs).
import { exitCodeOf } from '../../scripts/child.mjs'

const childModule = pathToFileURL(join(__dirname, '..', '..', 'scripts', 'child.mjs')).href

/**
 * A wrapper process, as `npm run <tool>` starts one: it runs `childCode` under Node through
 * `runAsChild`. Resolves with the wrapper's exit code once it ends; `onReady` runs when the child
 * has printed "ready", i.e. when it is running and a signal would reach it.
 */
function wrapper(
  childCode: string,
  onReady?: (pid: number) => void,
  onStderr?: (text: string) => void
): Promise<number | null> {
  const script =
    `import { runAsChild } from ${JSON.stringify(childModule)}\n` +
    `runAsChild(process.execPath, ['-e', ${JSON.stringify(childCode)}], { stdio: ['ignore', 'inherit', 'inherit'] })`
  const process_ = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  process_.stderr.on('data', (chunk: Buffer) => onStderr?.(chunk.toString()))
  createInterface({ input: process_.stdout }).on('line', (line) => {
    if (line === 'ready' && process_.pid !== undefined) onReady?.(process_.pid)
  })
  return new Promise((resolve) => process_.on('exit', (code) => resolve(code)))
}

describe('the npm run wrapper ends as its child ended (scripts/child.mjs)', () => {
  it('passes an exit code through', async () => {
    expect(await wrapper('process.exit(3)')).toBe(3)
    expect(await wrapper('')).toBe(0)
  })

  it('a child killed by a signal is a failure, 128 + its number, never 0', async () => {
    const code = await wrapper("process.kill(process.pid, 'SIGKILL')")
    expect(code).toBe(128 + constants.signals.SIGKILL)
  })

  it('Ctrl+C on the wrapper reaches the child, and the wrapper reports it as the shell does', async () => {
    // The child waits until it is told to stop; it has no handler, so SIGINT ends it.
    const code = await wrapper("console.log('ready'); setInterval(() => {}, 1000)", (pid) =>
      process.kill(pid, 'SIGINT')
    )
    expect(code).toBe(128 + constants.signals.SIGINT)
  })

  it('a SIGTERM to the wrapper (a service manager stopping it) stops the child too', async () => {
    // The Node-24 re-run of an old Node's wrapper goes through runAsChild too (it used spawnSync,
    // which passes nothing on). The child here says when it got the signal, then exits.
    let childSaw = ''
    const code = await wrapper(
      "process.on('SIGTERM', () => { console.error('child got SIGTERM'); process.exit(0) }); console.log('ready'); setInterval(() => {}, 1000)",
      (pid) => process.kill(pid, 'SIGTERM'),
      (text) => (childSaw += text)
    )
    expect(childSaw).toContain('child got SIGTERM')
    expect(code).toBe(0)
  })

  it('a child that handles Ctrl+C and exits cleanly is a success', async () => {
    const code = await wrapper(
      "process.on('SIGINT', () => process.exit(0)); console.log('ready'); setInterval(() => {}, 1000)",
      (pid) => process.kill(pid, 'SIGINT')
    )
    expect(code).toBe(0)
  })

  it('maps codes and signals without a child', () => {
    expect(exitCodeOf(0, null)).toBe(0)
    expect(exitCodeOf(2, null)).toBe(2)
    expect(exitCodeOf(null, 'SIGTERM')).toBe(128 + constants.signals.SIGTERM)
    // Neither (spawnSync could not start the child): still a failure.
    expect(exitCodeOf(null, null)).toBe(1)
  })
})
