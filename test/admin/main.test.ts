import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { exitCodes, main } from '../../src/main/admin/main'
import { openJournal, type Journal } from '../../src/main/journal'
import { setLogSink } from '../../src/main/log'
import {
  createManagerPin,
  lockoutKey,
  pinKey,
  pinResetEvent,
  resetPinCommand,
  type ManagerPin
} from '../../src/main/till/manager-pin'
import { dataFiles } from '../../src/main/till/paths'
import { FakeClock } from '../support/fake-clock'
import { useTempDir } from '../support/temp-dir'

/**
 * `npm run admin -- reset-manager-pin`: `main` with its own streams, against a real journal file
 * in a data folder, as the till leaves it. The screens' side of a damaged PIN is in
 * test/till/manager-pin.test.ts and test/till/refund-approval.test.ts.
 */

const tempDir = useTempDir()
const journals: Journal[] = []
const at = Date.UTC(2026, 10, 26, 9, 0, 0)

// A damaged record logs an error at every check, on purpose.
beforeAll(() => setLogSink(() => undefined, 'error'))
function closeJournals(): void {
  for (const journal of journals.splice(0)) journal.close()
}
afterEach(closeJournals)

interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

function run(argv: string[], env: Record<string, string> = {}): Run {
  let stdout = ''
  let stderr = ''
  const code = main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    cwd: '/',
    now: () => at
  })
  return { code, stdout, stderr }
}

function journalIn(dir: string): Journal {
  const journal = openJournal(dataFiles(dir).journal)
  journals.push(journal)
  return journal
}

function pinOf(journal: Journal, clock = new FakeClock()): ManagerPin {
  return createManagerPin({
    store: journal,
    now: () => clock.now(),
    scryptParams: { N: 1024, r: 8, p: 1, keyLength: 32 }
  })
}

/** A data folder whose journal holds `record` as the PIN, and a lockout left over. */
function folderWith(record: string): string {
  const dir = tempDir()
  const journal = openJournal(dataFiles(dir).journal)
  journal.setSetting(pinKey, record)
  journal.setSetting(lockoutKey, JSON.stringify({ failures: 5, locks: 3, lockedUntil: at + 1 }))
  journal.close()
  return dir
}

function resetEvents(journal: Journal): { at: number; detail: Record<string, unknown> }[] {
  return journal.db
    .prepare<[string], { at: number; detail: string }>(
      'SELECT at, detail FROM events WHERE kind = ? ORDER BY id'
    )
    .all(pinResetEvent)
    .map((row) => ({ at: row.at, detail: JSON.parse(row.detail) as Record<string, unknown> }))
}

describe('reset-manager-pin', () => {
  it('clears a damaged record, so a new PIN is set as a first one and approves refunds', async () => {
    const dir = folderWith('{"algorithm":"md5"}')
    // Before: the screens can neither use nor replace it.
    const before = pinOf(journalIn(dir))
    expect(await before.setPin({ newPin: '4826' })).toMatchObject({ reason: 'damaged' })
    expect(await before.setPin({ currentPin: '0000', newPin: '4826' })).toMatchObject({
      reason: 'damaged'
    })
    closeJournals()

    const done = run(['reset-manager-pin', '--data-dir', dir])
    expect(done).toMatchObject({ code: exitCodes.ok, stderr: '' })
    expect(done.stdout).toContain(`The damaged manager PIN in ${dataFiles(dir).journal} is cleared`)
    expect(done.stdout).toContain('Set a new PIN now in Settings → Manager PIN')

    const journal = journalIn(dir)
    expect(journal.getSetting(pinKey)).toBeUndefined()
    expect(journal.getSetting(lockoutKey)).toBeUndefined()
    expect(resetEvents(journal)).toEqual([
      {
        at,
        detail: { via: 'command-line', user: expect.any(String), record: 'damaged' }
      }
    ])
    const pin = pinOf(journal)
    expect(pin.status()).toMatchObject({ pinSet: false, attemptsLeft: 5, lockedUntil: null })
    expect(await pin.setPin({ newPin: '4826' })).toEqual({ ok: true })
    expect(await pin.verify('4826')).toEqual({ ok: true })
    expect(await pin.verify('4827')).toMatchObject({ ok: false, reason: 'wrong' })
    // From here on it is an ordinary PIN: changing it needs it again.
    expect(await pin.setPin({ newPin: '1357' })).toMatchObject({ reason: 'current-required' })
  })

  it('finds the data folder through QR_TILL_DATA_DIR, as the till does', () => {
    const dir = folderWith('garbage')
    expect(run(['reset-manager-pin'], { QR_TILL_DATA_DIR: dir })).toMatchObject({
      code: exitCodes.ok
    })
    expect(journalIn(dir).getSetting(pinKey)).toBeUndefined()
  })

  it('keeps a readable PIN unless --forgotten says nobody knows it', async () => {
    const dir = tempDir()
    await pinOf(journalIn(dir)).setPin({ newPin: '4826' })
    const stored = journals[0]?.getSetting(pinKey)
    closeJournals()

    const kept = run(['reset-manager-pin', '--data-dir', dir])
    expect(kept).toMatchObject({ code: exitCodes.unchanged, stdout: '' })
    expect(kept.stderr).toContain('is readable, so it was kept')
    expect(kept.stderr).toContain(`\`${resetPinCommand} --forgotten\``)
    const journal = journalIn(dir)
    expect(journal.getSetting(pinKey)).toBe(stored)
    expect(resetEvents(journal)).toEqual([])
    closeJournals()

    expect(run(['reset-manager-pin', '--forgotten', '--data-dir', dir])).toMatchObject({
      code: exitCodes.ok,
      stdout: expect.stringContaining('The forgotten manager PIN')
    })
    const after = journalIn(dir)
    expect(after.getSetting(pinKey)).toBeUndefined()
    expect(resetEvents(after)).toMatchObject([{ detail: { record: 'readable' } }])
  })

  it('changes nothing when no PIN is set', () => {
    const dir = tempDir()
    journalIn(dir)
    closeJournals()
    const answer = run(['reset-manager-pin', '--data-dir', dir])
    expect(answer).toMatchObject({ code: exitCodes.unchanged })
    expect(answer.stderr).toContain('No manager PIN is set')
    expect(resetEvents(journalIn(dir))).toEqual([])
  })

  it('never creates a journal in a folder that has none', () => {
    const dir = join(tempDir(), 'not-the-data-folder')
    const answer = run(['reset-manager-pin', '--data-dir', dir])
    expect(answer).toMatchObject({ code: exitCodes.usage })
    expect(answer.stderr).toContain(`there is no journal at ${dataFiles(dir).journal}`)
    expect(existsSync(dir)).toBe(false)
  })

  it('says so, and changes nothing, when the journal itself cannot be opened', () => {
    const dir = tempDir()
    writeFileSync(dataFiles(dir).journal, 'this is not a SQLite database, just text in its place')
    const answer = run(['reset-manager-pin', '--data-dir', dir])
    expect(answer).toMatchObject({ code: exitCodes.unchanged, stdout: '' })
    expect(answer.stderr).toContain(
      `The order journal at ${dataFiles(dir).journal} cannot be opened`
    )
  })

  it('prints its help, and refuses what it does not know', () => {
    expect(run(['--help'])).toMatchObject({
      code: exitCodes.ok,
      stdout: expect.stringContaining('reset-manager-pin [--forgotten]')
    })
    expect(run([])).toMatchObject({
      code: exitCodes.usage,
      stderr: expect.stringContaining('Usage')
    })
    expect(run(['reset-everything'])).toMatchObject({
      code: exitCodes.usage,
      stderr: expect.stringContaining('unknown command reset-everything')
    })
    expect(run(['reset-manager-pin', '--yes'])).toMatchObject({
      code: exitCodes.usage,
      stderr: expect.stringContaining("Unknown option '--yes'")
    })
  })
})
