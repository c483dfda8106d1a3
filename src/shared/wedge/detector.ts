import type { KeyInput, Scan, WedgeDetector, WedgeOptions } from './types'

/**
 * pos-anchors.md §4.3: 50 ms between keys covers measured scanners from 1 ms (Datalogic) to
 * ~19 ms (Netum) with room for event-loop jitter (~16 ms, §4.1); 4 fast keys in a row, because
 * key-smashing people reach 2-3 but never 4 (§4.1); 6 characters, after false positives from
 * shorter bursts (§4.1, keyscannerjs#3); 100 ms of silence ends a scan with no suffix.
 */
export const defaultWedgeOptions: WedgeOptions = Object.freeze({
  maxGapMs: 50,
  minFastRun: 4,
  terminators: Object.freeze(['Enter']),
  minLength: 6,
  idleTimeoutMs: 100
})

/**
 * Bluetooth and slow scanners (Zebra ~80 ms a character, peaks ~100 ms): 150 ms is Odoo's current
 * limit after raising it three times (pos-anchors.md §0.3, §4.2, §4.3).
 */
export const slowScannerWedgeOptions: WedgeOptions = Object.freeze({
  ...defaultWedgeOptions,
  maxGapMs: 150,
  idleTimeoutMs: 200
})

/** Keys that only change what the next key means: Shift precedes every capital a scanner sends. */
const modifierKeys: ReadonlySet<string> = new Set([
  'Shift',
  'Control',
  'Alt',
  'AltGraph',
  'Meta',
  'OS',
  'CapsLock',
  'NumLock',
  'ScrollLock',
  'Fn',
  'FnLock',
  'Hyper',
  'Super',
  'Symbol',
  'SymbolLock'
])

/**
 * Keys an input method or a dead key takes over (pos-anchors.md §4.4: IMEs split and swallow
 * scans). Their `key` says nothing about the character, but `code` still names the physical key.
 */
const compositionKeys: ReadonlySet<string> = new Set(['Process', 'Unidentified', 'Dead'])

/** Under an IME even Enter arrives as `Process`; the physical key still says it was Enter. */
const namedKeyOfCode: Readonly<Record<string, string>> = {
  Enter: 'Enter',
  NumpadEnter: 'Enter',
  Tab: 'Tab'
}

const digitCode = /^(?:Digit|Numpad)([0-9])$/
const letterCode = /^Key([A-Z])$/

type DecodedKey =
  /** Adds a character to the run. */
  | { readonly kind: 'char'; readonly char: string }
  /** Ends the run; it may be a scan. */
  | { readonly kind: 'terminator'; readonly key: string }
  /** Ends the run's text without a scan (Backspace, Tab, arrows, F-keys…); timing goes on. */
  | { readonly kind: 'other' }
  /** A key held down: ends the run and its timing. */
  | { readonly kind: 'repeat' }
  /** Modifiers and composition keys: no character, no effect on timing. */
  | { readonly kind: 'ignored' }

function decodeKey(input: KeyInput, terminators: readonly string[]): DecodedKey {
  const key = compositionKeys.has(input.key) ? (namedKeyOfCode[input.code] ?? input.key) : input.key
  if (modifierKeys.has(key)) return { kind: 'ignored' }
  if (input.repeat === true) return { kind: 'repeat' }
  if (terminators.includes(key)) return { kind: 'terminator', key }
  // The physical key, not `key`: a US-configured scanner on an AZERTY layout yields `&é"'(` for
  // 1-5, on JIS kana input `ぬふあうえ`, under an IME `Process`, on a numpad without NumLock `End`
  // (pos-anchors.md §0.4, §4.3, §4.4). Wallet codes are digits only (API.md §8.2), so a digit is
  // the right reading even where the layout meant a symbol (US Shift+1 `!` reads as 1).
  const digit = digitCode.exec(input.code)?.[1]
  if (digit !== undefined) return { kind: 'char', char: digit }
  if (compositionKeys.has(key)) return { kind: 'ignored' }
  const letter = letterCode.exec(input.code)?.[1]
  if (letter !== undefined) {
    // The letter from the physical key (a US-configured scanner on AZERTY sends KeyQ for `q`,
    // which the layout calls `a`), the case from `key`, which already accounts for Shift and Caps
    // Lock. When `key` is no cased letter (kana, Cyrillic…) there is no case to read: lower case.
    const cased = isCasedLetter(key)
    return {
      kind: 'char',
      char: cased && key === key.toUpperCase() ? letter : letter.toLowerCase()
    }
  }
  if (isPrintable(key)) return { kind: 'char', char: key }
  return { kind: 'other' }
}

function isCasedLetter(key: string): boolean {
  return [...key].length === 1 && key.toLowerCase() !== key.toUpperCase()
}

/** One character that is not a control character; named keys (`Backspace`, `F2`) are longer. */
function isPrintable(key: string): boolean {
  const chars = [...key]
  if (chars.length !== 1) return false
  const point = key.codePointAt(0) ?? 0
  return point >= 0x20 && point !== 0x7f && !(point >= 0x80 && point <= 0x9f)
}

function resolveOptions(overrides: Partial<WedgeOptions>): WedgeOptions {
  const options: WedgeOptions = {
    maxGapMs: overrides.maxGapMs ?? defaultWedgeOptions.maxGapMs,
    minFastRun: overrides.minFastRun ?? defaultWedgeOptions.minFastRun,
    terminators: [...(overrides.terminators ?? defaultWedgeOptions.terminators)],
    minLength: overrides.minLength ?? defaultWedgeOptions.minLength,
    idleTimeoutMs: overrides.idleTimeoutMs ?? defaultWedgeOptions.idleTimeoutMs
  }
  // Settings are validated where they are read; these are programming errors, not user input.
  if (!(Number.isFinite(options.maxGapMs) && options.maxGapMs > 0)) {
    throw new RangeError(`maxGapMs must be a positive number, not ${options.maxGapMs}`)
  }
  if (!(Number.isFinite(options.idleTimeoutMs) && options.idleTimeoutMs >= 0)) {
    throw new RangeError(`idleTimeoutMs must be zero or more, not ${options.idleTimeoutMs}`)
  }
  if (!(Number.isInteger(options.minFastRun) && options.minFastRun >= 1)) {
    throw new RangeError(
      `minFastRun must be a whole number of at least 1, not ${options.minFastRun}`
    )
  }
  if (!(Number.isInteger(options.minLength) && options.minLength >= 1)) {
    throw new RangeError(`minLength must be a whole number of at least 1, not ${options.minLength}`)
  }
  return options
}

/**
 * Tells a keyboard-wedge scanner from a person by the time between keys (pos-anchors.md §4.3).
 * A pure state machine: time comes only from `timeStamp` and `flush(now)`, so recorded traces
 * replay exactly and the renderer owns the one timer.
 */
export function createWedgeDetector(overrides: Partial<WedgeOptions> = {}): WedgeDetector {
  const options = resolveOptions(overrides)
  const idleMode = options.terminators.length === 0

  /** Characters of the current run and when each arrived. */
  let chars: string[] = []
  let times: number[] = []
  /** When the last key that counts for timing arrived; null after a pause, a repeat or reset. */
  let lastAt: number | null = null
  let inBurst = false

  function clearRun(): void {
    chars = []
    times = []
  }

  /** The current run as a scan, if it qualifies (pos-anchors.md §4.3 human guard). */
  function toScan(endedBy: string, endedAt: number): Scan | null {
    const startedAt = times[0]
    if (startedAt === undefined) return null
    if (chars.length < options.minFastRun || chars.length < options.minLength) return null
    const keyTimes = endedBy === 'idle' ? times : [...times, endedAt]
    let sum = 0
    let max = 0
    for (let i = 1; i < keyTimes.length; i++) {
      const gap = (keyTimes[i] ?? 0) - (keyTimes[i - 1] ?? 0)
      sum += gap
      max = Math.max(max, gap)
    }
    const gaps = keyTimes.length - 1
    return {
      text: chars.join(''),
      startedAt,
      endedAt,
      meanGapMs: gaps > 0 ? sum / gaps : 0,
      maxGapMs: max,
      endedBy
    }
  }

  /** The run before a pause of `quiet` ms: a scan only if it ended by going idle. */
  function endAfterPause(quiet: number): Scan | null {
    const scan =
      idleMode && lastAt !== null && quiet >= options.idleTimeoutMs ? toScan('idle', lastAt) : null
    clearRun()
    return scan
  }

  return {
    push(input) {
      const decoded = decodeKey(input, options.terminators)
      if (decoded.kind === 'ignored') return null
      const at = input.timeStamp
      const gap = lastAt === null ? Number.NaN : at - lastAt
      // NaN (no previous key) and negative gaps (a trace out of order) cannot continue a run.
      const continues = gap >= 0 && gap <= options.maxGapMs
      const ended = continues ? null : endAfterPause(gap)
      inBurst = continues
      lastAt = at
      switch (decoded.kind) {
        case 'char':
          chars.push(decoded.char)
          times.push(at)
          return ended
        case 'terminator': {
          // After a pause the run is already empty: a lone terminator completes nothing.
          const scan = toScan(decoded.key, at)
          clearRun()
          return scan ?? ended
        }
        case 'other':
          clearRun()
          return ended
        case 'repeat':
          clearRun()
          lastAt = null
          inBurst = false
          return ended
      }
    },

    flush(now) {
      if (lastAt === null) return null
      const quiet = now - lastAt
      if (!(quiet > options.maxGapMs)) return null
      if (idleMode && quiet < options.idleTimeoutMs) return null
      const scan = endAfterPause(quiet)
      lastAt = null
      inBurst = false
      return scan
    },

    get inBurst() {
      return inBurst
    },

    reset() {
      clearRun()
      lastAt = null
      inBurst = false
    }
  }
}
