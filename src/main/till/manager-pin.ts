import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { z } from 'zod'
import type { ManagerStatus } from '../../shared/contract/manager'
import type { Journal } from '../journal'
import { createLogger } from '../log'

const log = createLogger('manager-pin')

/**
 * Where the PIN's hash and the lockout state live: the journal's `settings` table. It is written
 * with `synchronous=FULL` in a transaction, so a wrong PIN counted is still counted after a power
 * cut or a kill, and it sits in the data folder the till already protects. Not settings.json: that
 * file is the integrator's, edited by hand and copied between tills; a PIN hash copied with it
 * would carry one shop's PIN to another, and deleting a line there would clear a lockout.
 */
export interface PinStore {
  getSetting(key: string): string | undefined
  setSetting(key: string, value: string): void
}

export const pinKey = 'manager.pin'
export const lockoutKey = 'manager.pinLockout'

/**
 * What clears a damaged or forgotten PIN: a command run on the till machine against its data
 * folder (src/main/admin), never a screen. The log and the refusal name it word for word.
 */
export const resetPinCommand = 'npm run admin -- reset-manager-pin'

/** The journal event `resetManagerPin` writes. */
export const pinResetEvent = 'manager-pin.reset'

/** scrypt's cost: 2^15 × 8 × 128 B = 32 MiB and about 0.1 s per check; stored beside each hash. */
export const defaultScryptParams = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 } as const

export interface PinPolicy {
  /** Wrong PINs in a row before entry locks. */
  readonly maxTries: number
  /** The first lock; each further lock before a right PIN doubles it, up to `maxLockMs`. */
  readonly lockMs: number
  readonly maxLockMs: number
}

export const defaultPinPolicy: PinPolicy = {
  maxTries: 5,
  lockMs: 5 * 60_000,
  maxLockMs: 60 * 60_000
}

/** A manager PIN: 4 to 8 digits. */
export const pinPattern = /^\d{4,8}$/

const storedPinSchema = z.strictObject({
  algorithm: z.literal('scrypt'),
  N: z.number().int().min(2),
  r: z.number().int().min(1),
  p: z.number().int().min(1),
  keyLength: z.number().int().min(16).max(64),
  salt: z.string().min(1),
  hash: z.string().min(1)
})
type StoredPin = z.infer<typeof storedPinSchema>

const lockoutSchema = z.strictObject({
  /** Wrong PINs since the last right one or the last lock's end. */
  failures: z.number().int().min(0),
  /** Locks since the last right PIN: each doubles the next one. */
  locks: z.number().int().min(0),
  lockedUntil: z.number().int().nullable()
})
type Lockout = z.infer<typeof lockoutSchema>

const noLockout: Lockout = { failures: 0, locks: 0, lockedUntil: null }

export type PinRefusal = 'not-set' | 'wrong' | 'locked' | 'current-required' | 'damaged'

export type PinCheck =
  | { readonly ok: true }
  | {
      readonly ok: false
      /**
       * not-set: no PIN yet; wrong: counted; locked: refused without being checked;
       * current-required: a change without the current PIN (not counted); damaged: the stored
       * record cannot be read, so no PIN matches it and none replaces it here (not counted).
       */
      readonly reason: PinRefusal
      readonly status: ManagerStatus
    }

export interface ManagerPin {
  status(): ManagerStatus
  /** Checks a PIN (a refund's approval). Counts a wrong one; refuses while locked. */
  verify(pin: string): Promise<PinCheck>
  /**
   * Sets the first PIN, or changes it: a change needs the current PIN, checked (and counted)
   * exactly as `verify` does. A damaged record is refused: only `resetManagerPin` clears it.
   */
  setPin(request: { readonly currentPin?: string; readonly newPin: string }): Promise<PinCheck>
}

export interface ManagerPinDeps {
  readonly store: PinStore
  readonly now: () => number
  readonly policy?: PinPolicy
  readonly scryptParams?: { N: number; r: number; p: number; keyLength: number }
}

/**
 * The manager PIN that approves refunds. Only a scrypt hash, its salt and its parameters are
 * stored, never the PIN. A check hashes the candidate with the stored salt and parameters and
 * compares in constant time. A wrong PIN is counted *before* it is checked (and un-counted when
 * right), so killing the till mid-check never buys a free try. Checks run one at a time, so two
 * screens guessing at once share one count.
 */
export function createManagerPin(deps: ManagerPinDeps): ManagerPin {
  const policy = deps.policy ?? defaultPinPolicy
  const params = deps.scryptParams ?? defaultScryptParams
  let queue: Promise<unknown> = Promise.resolve()

  function serially<T>(run: () => Promise<T>): Promise<T> {
    const next = queue.then(run, run)
    queue = next.catch(() => undefined)
    return next
  }

  function storedPin(): PinRecord {
    const record = readPinRecord(deps.store)
    if (record.state === 'damaged') {
      log.error(
        'the stored manager PIN record is unreadable, so no PIN matches it and every refund and ' +
          'settings change is refused. On the till machine, run ' +
          `\`${resetPinCommand}\`, then set a new PIN in Settings`
      )
    }
    return record
  }

  /** The lockout as of now: a lock that has run out gives a fresh set of tries. */
  function lockout(): Lockout {
    const text = deps.store.getSetting(lockoutKey)
    const parsed = text === undefined ? null : lockoutSchema.safeParse(safeJson(text))
    const state = parsed?.success === true ? parsed.data : noLockout
    if (state.lockedUntil !== null && state.lockedUntil <= deps.now()) {
      return { failures: 0, locks: state.locks, lockedUntil: null }
    }
    return state
  }

  function saveLockout(state: Lockout): void {
    deps.store.setSetting(lockoutKey, JSON.stringify(state))
  }

  function status(): ManagerStatus {
    const state = lockout()
    const record = readPinRecord(deps.store)
    return {
      pinSet: record.state !== 'not-set',
      maxTries: policy.maxTries,
      attemptsLeft: state.lockedUntil === null ? Math.max(0, policy.maxTries - state.failures) : 0,
      lockedUntil: state.lockedUntil,
      pinDamaged: record.state === 'damaged'
    }
  }

  function refused(reason: PinRefusal): PinCheck {
    return { ok: false, reason, status: status() }
  }

  async function check(pin: string): Promise<PinCheck> {
    const record = storedPin()
    if (record.state === 'not-set') return refused('not-set')
    // A damaged record must not open refunds to anyone, and must not read as no PIN (a first PIN
    // from the screen). Its tries are not counted: with nothing any PIN could match there is
    // nothing to guess, and a count would only tell the manager "n tries left" and lock them out.
    if (record.state === 'damaged') return refused('damaged')
    const stored = record.stored
    const before = lockout()
    if (before.lockedUntil !== null) return refused('locked')
    // Counted first: a kill between here and the answer leaves the try counted.
    const failures = before.failures + 1
    const locks = failures >= policy.maxTries ? before.locks + 1 : before.locks
    const lockedUntil =
      failures >= policy.maxTries
        ? deps.now() + Math.min(policy.maxLockMs, policy.lockMs * 2 ** (locks - 1))
        : null
    saveLockout({ failures, locks, lockedUntil })
    const right = pinPattern.test(pin) && (await matches(pin, stored))
    if (right) {
      saveLockout(noLockout)
      return { ok: true }
    }
    if (lockedUntil !== null) {
      log.warn('manager PIN entry locked after too many wrong PINs', { lockedUntil })
    }
    return refused('wrong')
  }

  return {
    status,
    verify(pin) {
      return serially(() => check(pin))
    },
    setPin({ currentPin, newPin }) {
      return serially(async () => {
        if (!pinPattern.test(newPin)) throw new Error('a manager PIN is 4 to 8 digits')
        const { state } = storedPin()
        if (state === 'damaged') return refused('damaged')
        if (state === 'set') {
          if (currentPin === undefined) return refused('current-required')
          const checked = await check(currentPin)
          if (!checked.ok) return checked
        }
        const salt = randomBytes(16)
        const hash = await derive(newPin, salt, params)
        const record: StoredPin = {
          algorithm: 'scrypt',
          ...params,
          salt: salt.toString('base64'),
          hash: hash.toString('base64')
        }
        deps.store.setSetting(pinKey, JSON.stringify(record))
        saveLockout(noLockout)
        log.info('manager PIN set')
        return { ok: true }
      })
    }
  }
}

type PinRecord =
  | { readonly state: 'not-set' }
  | { readonly state: 'damaged' }
  | { readonly state: 'set'; readonly stored: StoredPin }

function readPinRecord(store: Pick<PinStore, 'getSetting'>): PinRecord {
  const text = store.getSetting(pinKey)
  if (text === undefined) return { state: 'not-set' }
  const parsed = storedPinSchema.safeParse(safeJson(text))
  return parsed.success && checkable(parsed.data)
    ? { state: 'set', stored: parsed.data }
    : { state: 'damaged' }
}

const base64Text = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** scrypt's memory for N and r: 128 × N × r bytes. More than this is no record the till wrote. */
const maxScryptBytes = 1024 * 1024 * 1024

/**
 * Whether a record that parses can stand for a PIN at all. Node decodes text that is not Base64
 * to fewer bytes, down to none, and an empty hash equals the empty hash any PIN derives: such a
 * record would approve every PIN. Parameters scrypt refuses, or that no till could afford, would
 * throw or stall every check. Each is a damaged record, which approves nothing.
 */
function checkable(stored: StoredPin): boolean {
  if (!base64Text.test(stored.hash) || !base64Text.test(stored.salt)) return false
  if (Buffer.from(stored.hash, 'base64').length !== stored.keyLength) return false
  if (Buffer.from(stored.salt, 'base64').length < 16) return false
  const { N, r, p } = stored
  return Number.isInteger(Math.log2(N)) && 128 * N * r <= maxScryptBytes && p <= 16
}

export type PinReset =
  | { readonly ok: true; readonly record: 'damaged' | 'readable' }
  /** not-set: nothing to clear; readable: a PIN someone may know, kept without `forgotten`. */
  | { readonly ok: false; readonly reason: 'not-set' | 'readable' }

/**
 * Clears the manager PIN and its lockout, so that the next PIN is set as a first one, and writes
 * `pinResetEvent` to the journal's event log in the same transaction. Only the command line on the
 * till machine calls this (src/main/admin): whoever can run it can already write the journal,
 * while the screens can never replace a PIN without the current one. A readable PIN is cleared
 * only when `forgotten` says nobody knows it; its `detail` (who, from where) goes into the event.
 */
export function resetManagerPin(
  journal: Pick<Journal, 'getSetting' | 'deleteSetting' | 'appendEvent' | 'atomically'>,
  request: {
    readonly at: number
    readonly forgotten: boolean
    readonly detail: Readonly<Record<string, unknown>>
  }
): PinReset {
  return journal.atomically((): PinReset => {
    const { state } = readPinRecord(journal)
    if (state === 'not-set') return { ok: false, reason: 'not-set' }
    if (state === 'set' && !request.forgotten) return { ok: false, reason: 'readable' }
    const record = state === 'damaged' ? 'damaged' : 'readable'
    journal.deleteSetting(pinKey)
    journal.deleteSetting(lockoutKey)
    journal.appendEvent({
      at: request.at,
      kind: pinResetEvent,
      detail: { ...request.detail, record }
    })
    return { ok: true, record }
  })
}

async function matches(pin: string, stored: StoredPin): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64')
  const actual = await derive(pin, Buffer.from(stored.salt, 'base64'), {
    ...stored,
    keyLength: expected.length
  })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

function derive(
  pin: string,
  salt: Buffer,
  params: { N: number; r: number; p: number; keyLength: number }
): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // Node refuses more than 32 MiB by default; N = 2^15, r = 8 needs exactly that plus a little.
    maxmem: 256 * params.N * params.r + 8 * 1024 * 1024
  }
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, params.keyLength, options, (error, key) =>
      error === null ? resolve(key) : reject(error)
    )
  })
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}
