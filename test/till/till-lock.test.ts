import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createTill } from '../../src/main/till'
import { lockDataDir, lockFileOf, TillLockedError } from '../../src/main/till/till-lock'
import { generateSandboxCredentials } from '../../src/sandbox'
import { FakeClock } from '../support/fake-clock'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()

describe('one till per data folder', () => {
  it('refuses a second process while the first runs, and says which and what to do', () => {
    const dir = tempDir()
    const first = lockDataDir(dir, { pid: 4101, isRunning: () => true })
    expect(() => lockDataDir(dir, { pid: 4102, isRunning: (pid) => pid === 4101 })).toThrow(
      TillLockedError
    )
    expect(() => lockDataDir(dir, { pid: 4102, isRunning: () => true })).toThrow(
      `Another QR Till (process 4101) is already running on ${dir}`
    )
    first.release()
    expect(existsSync(lockFileOf(dir))).toBe(false)
    lockDataDir(dir, { pid: 4102, isRunning: () => true }).release()
  })

  it('takes over from a till that was killed without closing', () => {
    const dir = tempDir()
    writeFileSync(lockFileOf(dir), '4101\n')
    const lock = lockDataDir(dir, { pid: 4102, isRunning: () => false })
    expect(readFileSync(lockFileOf(dir), 'utf8')).toBe('4102\n')
    lock.release()
  })

  it('lets go only of its own lock', () => {
    const dir = tempDir()
    const stale = lockDataDir(dir, { pid: 4101, isRunning: () => false })
    const taken = lockDataDir(dir, { pid: 4102, isRunning: () => false })
    stale.release()
    expect(readFileSync(lockFileOf(dir), 'utf8')).toBe('4102\n')
    taken.release()
    expect(existsSync(lockFileOf(dir))).toBe(false)
  })

  it('stops a till from starting on a folder a running process holds, before the journal opens', async () => {
    const dataDir = tempDir()
    // The parent of this test process runs for as long as the test does.
    writeFileSync(lockFileOf(dataDir), `${process.ppid}\n`)
    await expect(
      createTill({
        dataDir,
        clock: new FakeClock(),
        sandboxCredentials: await generateSandboxCredentials()
      })
    ).rejects.toThrow(`Another QR Till (process ${process.ppid}) is already running`)
    expect(existsSync(join(dataDir, 'journal.sqlite'))).toBe(false)
    expect(readFileSync(lockFileOf(dataDir), 'utf8')).toBe(`${process.ppid}\n`)
  })
})
