import { scryptSync } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openJournal, type Journal } from '../../src/main/journal'
import { setLogSink } from '../../src/main/log'
import {
  createManagerPin,
  defaultPinPolicy,
  lockoutKey,
  pinKey,
  resetPinCommand,
  type ManagerPin
} from '../../src/main/till/manager-pin'
import { FakeClock } from '../support/fake-clock'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()
const journals: Journal[] = []
afterEach(() => {
  for (const journal of journals.splice(0)) journal.close()
})

function open(dir: string): Journal {
  const journal = openJournal(join(dir, 'journal.sqlite'))
  journals.push(journal)
  return journal
}

function pinOf(journal: Journal, clock: FakeClock): ManagerPin {
  return createManagerPin({ store: journal, now: () => clock.now() })
}

const minute = 60_000

/** Five wrong PINs in a row: the fifth locks. */
async function lockOut(pin: ManagerPin): Promise<void> {
  for (let i = 0; i < defaultPinPolicy.maxTries; i += 1) {
    expect(await pin.verify('0000')).toMatchObject({ ok: false, reason: 'wrong' })
  }
}

describe('the manager PIN', () => {
  it('is stored only as a scrypt hash with its salt and parameters, never the PIN', async () => {
    const dir = tempDir()
    const journal = open(dir)
    const pin = pinOf(journal, new FakeClock())
    expect(pin.status()).toMatchObject({ pinSet: false })
    expect(await pin.setPin({ newPin: '73915' })).toEqual({ ok: true })
    journal.close()
    journals.length = 0

    // Read the storage as anyone with the file could: the settings row, and every byte on disk.
    const db = new Database(join(dir, 'journal.sqlite'), { readonly: true })
    const rows = db.prepare<[], { key: string; value: string }>('SELECT * FROM settings').all()
    db.close()
    const stored = JSON.parse(rows.find((row) => row.key === pinKey)?.value ?? 'null') as Record<
      string,
      string | number
    >
    expect(Object.keys(stored).sort()).toEqual([
      'N',
      'algorithm',
      'hash',
      'keyLength',
      'p',
      'r',
      'salt'
    ])
    expect(stored).toMatchObject({ algorithm: 'scrypt', N: 2 ** 15, r: 8, p: 1, keyLength: 32 })
    const expected = scryptSync('73915', Buffer.from(String(stored['salt']), 'base64'), 32, {
      N: 2 ** 15,
      r: 8,
      p: 1,
      maxmem: 64 * 1024 * 1024
    })
    expect(stored['hash']).toBe(expected.toString('base64'))
    for (const name of readdirSync(dir)) {
      expect(readFileSync(join(dir, name)).includes(Buffer.from('73915')), name).toBe(false)
    }
  })

  it('accepts the right PIN and refuses a wrong one, counting down the tries left', async () => {
    const journal = open(tempDir())
    const pin = pinOf(journal, new FakeClock())
    expect(await pin.verify('1234')).toMatchObject({ ok: false, reason: 'not-set' })
    await pin.setPin({ newPin: '1234' })
    expect(await pin.verify('1234')).toEqual({ ok: true })
    expect(await pin.verify('4321')).toMatchObject({
      ok: false,
      reason: 'wrong',
      status: { attemptsLeft: 4, lockedUntil: null }
    })
    expect(await pin.verify('12345')).toMatchObject({ status: { attemptsLeft: 3 } })
    // A right PIN starts the count again.
    expect(await pin.verify('1234')).toEqual({ ok: true })
    expect(pin.status()).toMatchObject({ pinSet: true, attemptsLeft: 5, lockedUntil: null })
  })

  it('locks after five wrong PINs, refuses even the right one while locked, then opens', async () => {
    const clock = new FakeClock()
    const pin = pinOf(open(tempDir()), clock)
    await pin.setPin({ newPin: '2468' })
    await lockOut(pin)
    const until = clock.now() + 5 * minute
    expect(pin.status()).toMatchObject({ attemptsLeft: 0, lockedUntil: until })
    expect(await pin.verify('2468')).toMatchObject({ ok: false, reason: 'locked' })

    clock.advance(5 * minute - 1)
    expect(await pin.verify('2468')).toMatchObject({ ok: false, reason: 'locked' })
    clock.advance(1)
    expect(pin.status()).toMatchObject({ attemptsLeft: 5, lockedUntil: null })
    expect(await pin.verify('2468')).toEqual({ ok: true })
  })

  it('doubles the lock each time until a right PIN, capped at an hour', async () => {
    const clock = new FakeClock()
    const pin = pinOf(open(tempDir()), clock)
    await pin.setPin({ newPin: '2468' })
    const locks: number[] = []
    for (let round = 0; round < 6; round += 1) {
      await lockOut(pin)
      const { lockedUntil } = pin.status()
      locks.push((lockedUntil ?? 0) - clock.now())
      clock.advance((lockedUntil ?? 0) - clock.now())
    }
    expect(locks).toEqual([5, 10, 20, 40, 60, 60].map((m) => m * minute))
    expect(await pin.verify('2468')).toEqual({ ok: true })
    await lockOut(pin)
    expect(pin.status().lockedUntil).toBe(clock.now() + 5 * minute)
  })

  it('keeps the count and the lock across a restart', async () => {
    const dir = tempDir()
    const clock = new FakeClock()
    const first = open(dir)
    const pin = pinOf(first, clock)
    await pin.setPin({ newPin: '2468' })
    await pin.verify('1111')
    await pin.verify('1111')
    first.close()
    journals.length = 0

    const second = open(dir)
    const again = pinOf(second, clock)
    expect(again.status()).toMatchObject({ pinSet: true, attemptsLeft: 3 })
    await again.verify('1111')
    await again.verify('1111')
    await again.verify('1111')
    const lockedUntil = clock.now() + 5 * minute
    second.close()
    journals.length = 0

    const third = pinOf(open(dir), clock)
    expect(third.status()).toMatchObject({ attemptsLeft: 0, lockedUntil })
    expect(await third.verify('2468')).toMatchObject({ ok: false, reason: 'locked' })
  })

  it('counts a try before checking it, so a till killed mid-check has still counted it', async () => {
    const dir = tempDir()
    const journal = open(dir)
    const pin = pinOf(journal, new FakeClock())
    await pin.setPin({ newPin: '2468' })
    let answered = false
    const checking = pin.verify('1111').then((answer) => {
      answered = true
      return answer
    })
    const failures = (): number =>
      (JSON.parse(journal.getSetting(lockoutKey) ?? '{}') as { failures?: number }).failures ?? 0
    // The try is durable in the journal while scrypt is still working on it off the main thread.
    await vi.waitFor(() => expect(failures()).toBe(1), { interval: 1 })
    expect(answered).toBe(false)
    expect(await checking).toMatchObject({ ok: false, reason: 'wrong' })
    expect(failures()).toBe(1)
  })

  it('shares one count between checks that arrive together', async () => {
    const pin = pinOf(open(tempDir()), new FakeClock())
    await pin.setPin({ newPin: '2468' })
    const answers = await Promise.all(Array.from({ length: 7 }, () => pin.verify('1111')))
    expect(answers.map((a) => (a.ok ? 'ok' : a.reason))).toEqual([
      'wrong',
      'wrong',
      'wrong',
      'wrong',
      'wrong',
      'locked',
      'locked'
    ])
  })

  it('changes only with the current PIN, and a wrong current PIN counts', async () => {
    const pin = pinOf(open(tempDir()), new FakeClock())
    await pin.setPin({ newPin: '2468' })
    expect(await pin.setPin({ newPin: '1357' })).toMatchObject({
      ok: false,
      reason: 'current-required'
    })
    expect(await pin.setPin({ currentPin: '9999', newPin: '1357' })).toMatchObject({
      ok: false,
      reason: 'wrong',
      status: { attemptsLeft: 4 }
    })
    expect(await pin.verify('1357')).toMatchObject({ ok: false })
    expect(await pin.setPin({ currentPin: '2468', newPin: '1357' })).toEqual({ ok: true })
    expect(await pin.verify('2468')).toMatchObject({ ok: false, reason: 'wrong' })
    expect(await pin.verify('1357')).toEqual({ ok: true })
  })

  it('reads a damaged PIN record as a PIN nobody knows, not as no PIN', async () => {
    const journal = open(tempDir())
    const pin = pinOf(journal, new FakeClock())
    expect(pin.status().pinDamaged).toBe(false)
    journal.setSetting(pinKey, '{"algorithm":"md5"}')
    expect(pin.status()).toMatchObject({ pinSet: true, pinDamaged: true })
    expect(await pin.verify('0000')).toMatchObject({ ok: false, reason: 'damaged' })
  })

  describe('a damaged PIN record', () => {
    const records = ['{"algorithm":"md5"}', 'not json at all', '']
    // Each refusal logs an error on purpose; the last test below reads it.
    beforeEach(() => setLogSink(() => undefined, 'error'))

    it.each(records)('is never replaced from the screens: %j', async (damaged) => {
      const journal = open(tempDir())
      const pin = pinOf(journal, new FakeClock())
      journal.setSetting(pinKey, damaged)
      expect(await pin.setPin({ newPin: '1234' })).toMatchObject({ ok: false, reason: 'damaged' })
      for (const currentPin of ['0000', '1234', '00000000']) {
        expect(await pin.setPin({ currentPin, newPin: '1234' })).toMatchObject({
          ok: false,
          reason: 'damaged'
        })
      }
      expect(await pin.verify('1234')).toMatchObject({ ok: false, reason: 'damaged' })
      expect(journal.getSetting(pinKey)).toBe(damaged)
    })

    it('counts no tries: there is nothing to guess, and no lock to wait out', async () => {
      const journal = open(tempDir())
      const pin = pinOf(journal, new FakeClock())
      journal.setSetting(pinKey, '{"algorithm":"md5"}')
      for (let i = 0; i < 2 * defaultPinPolicy.maxTries; i += 1) {
        expect(await pin.verify('0000')).toMatchObject({
          ok: false,
          reason: 'damaged',
          status: { pinSet: true, attemptsLeft: defaultPinPolicy.maxTries, lockedUntil: null }
        })
        await pin.setPin({ currentPin: '0000', newPin: '1234' })
      }
      expect(journal.getSetting(lockoutKey)).toBeUndefined()
    })

    it('logs the command that clears it, word for word', async () => {
      const lines: string[] = []
      setLogSink(({ level, message }) => lines.push(`${level} ${message}`), 'error')
      const journal = open(tempDir())
      journal.setSetting(pinKey, 'garbage')
      await pinOf(journal, new FakeClock()).verify('1234')
      expect(lines).toEqual([expect.stringContaining(`run \`${resetPinCommand}\``)])
      expect(resetPinCommand).toBe('npm run admin -- reset-manager-pin')
    })
  })
})

describe('a PIN record that reads but cannot be checked', () => {
  // Records a hand edit, a failed upgrade or a damaged disk could leave: each parses, but its hash
  // or its scrypt parameters cannot stand for any PIN.
  const salt = Buffer.alloc(16, 7).toString('base64')
  const record = (fields: Record<string, unknown>): string =>
    JSON.stringify({
      algorithm: 'scrypt',
      N: 2 ** 15,
      r: 8,
      p: 1,
      keyLength: 32,
      salt,
      hash: Buffer.alloc(32, 1).toString('base64'),
      ...fields
    })
  const records: [string, string][] = [
    // Not Base64: Node decodes it to no bytes at all, and an empty hash equals an empty hash.
    ['a hash that is not Base64', record({ hash: '!!!!' })],
    ['a hash shorter than its keyLength', record({ hash: 'AA==' })],
    ['a salt that is not Base64', record({ salt: '****' })],
    ['an N scrypt refuses', record({ N: 3 })],
    ['an N no till could afford', record({ N: 2 ** 40 })]
  ]
  beforeEach(() => setLogSink(() => undefined, 'error'))

  it.each(records)(
    'is damaged, approves no PIN and counts no try: %s',
    async (_name, damaged) => {
      const journal = open(tempDir())
      const pin = pinOf(journal, new FakeClock())
      journal.setSetting(pinKey, damaged)
      expect(pin.status()).toMatchObject({ pinSet: true, pinDamaged: true })
      for (const guess of ['0000', '1234', '99999999']) {
        expect(await pin.verify(guess)).toMatchObject({ ok: false, reason: 'damaged' })
      }
      expect(await pin.setPin({ currentPin: '0000', newPin: '1234' })).toMatchObject({
        ok: false,
        reason: 'damaged'
      })
      expect(journal.getSetting(lockoutKey)).toBeUndefined()
      expect(journal.getSetting(pinKey)).toBe(damaged)
    },
    20_000
  )
})
