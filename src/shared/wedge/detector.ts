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
  idleTimeoutMs: 100,
  prefix: Object.freeze([])
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

/**
 * The digit a `Digit7` or `Numpad7` code names (only `Numpad…` when `numpadOnly`). By hand rather
 * than by regex: it runs for every key, and the detector's cost per key is benchmarked.
 */
function digitOfCode(code: string, numpadOnly: boolean): string | undefined {
  const last = code.length - 1
  const point = code.charCodeAt(last)
  if (!(point >= 48 && point <= 57)) return undefined
  if (
    last === 6 ? code.startsWith('Numpad') : last === 5 && !numpadOnly && code.startsWith('Digit')
  ) {
    return code[last]
  }
  return undefined
}

/** The letter a `KeyQ` code names. */
function letterOfCode(code: string): string | undefined {
  if (code.length !== 4 || !code.startsWith('Key')) return undefined
  const point = code.charCodeAt(3)
  return point >= 65 && point <= 90 ? code[3] : undefined
}

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
  /** A named key of the configured prefix (`F9`): starts a new run, of which it is the first key. */
  | { readonly kind: 'prefix'; readonly key: string }
  /** A numpad digit typed with Alt held: one digit of an Alt code, not a key of its own. */
  | { readonly kind: 'alt-digit'; readonly digit: string }

const ignoredKey: DecodedKey = { kind: 'ignored' }
const repeatKey: DecodedKey = { kind: 'repeat' }
const otherKey: DecodedKey = { kind: 'other' }

interface DecodeContext {
  readonly terminators: readonly string[]
  readonly namedPrefix: ReadonlySet<string>
  /** Alt is down, by the last Alt key-down and key-up seen (for inputs that carry no `altKey`). */
  readonly altHeld: boolean
}

function decodeKey(input: KeyInput, context: DecodeContext): DecodedKey {
  const key = compositionKeys.has(input.key) ? (namedKeyOfCode[input.code] ?? input.key) : input.key
  if (modifierKeys.has(key)) return ignoredKey
  if (input.repeat === true) return repeatKey
  // pos-anchors.md §4.4 (onscan.js#40): a Zebra DS2278 types each character as Alt + its code on
  // the numpad; whatever the layout calls those keys, the code names the digit.
  if (input.altKey ?? context.altHeld) {
    const numpad = digitOfCode(input.code, true)
    if (numpad !== undefined) return { kind: 'alt-digit', digit: numpad }
  }
  if (context.terminators.includes(key)) return { kind: 'terminator', key }
  if (context.namedPrefix.has(key)) return { kind: 'prefix', key }
  // The physical key, not `key`: a US-configured scanner on an AZERTY layout yields `&é"'(` for
  // 1-5, on JIS kana input `ぬふあうえ`, under an IME `Process`, on a numpad without NumLock `End`
  // (pos-anchors.md §0.4, §4.3, §4.4). Wallet codes are digits only (API.md §8.2), so a digit is
  // the right reading even where the layout meant a symbol (US Shift+1 `!` reads as 1).
  const digit = digitOfCode(input.code, false)
  if (digit !== undefined) return { kind: 'char', char: digit }
  if (compositionKeys.has(key)) return ignoredKey
  const letter = letterOfCode(input.code)
  if (letter !== undefined) {
    // The letter from the physical key (a US-configured scanner on AZERTY sends KeyQ for `q`,
    // which the layout calls `a`), the case from `key`, which already accounts for Shift and Caps
    // Lock. When `key` is no cased letter (kana, Cyrillic…) there is no case to read: lower case.
    // `shiftKey`, when the caller knows it, is the scanner's own intent: Caps Lock left on at the
    // till turns its `a` into `A` in `key`, never in `shiftKey` (pos-anchors.md §4.4).
    const upper = input.shiftKey ?? (isCasedLetter(key) && key === key.toUpperCase())
    return { kind: 'char', char: upper ? letter : letter.toLowerCase() }
  }
  if (isPrintable(key)) return { kind: 'char', char: key }
  return otherKey
}

/** One code point: a character, where named keys (`Backspace`, `F2`) are longer. */
function isOneChar(key: string): boolean {
  if (key.length === 1) return true
  const high = key.charCodeAt(0)
  return key.length === 2 && high >= 0xd800 && high <= 0xdbff
}

function isCasedLetter(key: string): boolean {
  return isOneChar(key) && key.toLowerCase() !== key.toUpperCase()
}

/** One character that is not a control character. */
function isPrintable(key: string): boolean {
  if (!isOneChar(key)) return false
  const point = key.codePointAt(0) ?? 0
  return point >= 0x20 && point !== 0x7f && !(point >= 0x80 && point <= 0x9f)
}

/**
 * The character an Alt code types. Values wrap at 256 as Windows does; 1-255 read as Latin-1, which
 * is what Windows gives for codes with a leading zero (code page 1252) and, for 32-126, without one
 * (code page 437). Scanners send printable ASCII; only 13 and 9 mean keys (Enter, Tab).
 */
function altCodeKey(digits: string): KeyInput | null {
  const value = Number.parseInt(digits, 10) % 256
  if (value === 0) return null
  if (value === 13) return { key: 'Enter', code: 'Enter', timeStamp: 0 }
  if (value === 9) return { key: 'Tab', code: 'Tab', timeStamp: 0 }
  return { key: String.fromCharCode(value), code: '', timeStamp: 0 }
}

function resolveOptions(overrides: Partial<WedgeOptions>): WedgeOptions {
  const options: WedgeOptions = {
    maxGapMs: overrides.maxGapMs ?? defaultWedgeOptions.maxGapMs,
    minFastRun: overrides.minFastRun ?? defaultWedgeOptions.minFastRun,
    terminators: [...(overrides.terminators ?? defaultWedgeOptions.terminators)],
    minLength: overrides.minLength ?? defaultWedgeOptions.minLength,
    idleTimeoutMs: overrides.idleTimeoutMs ?? defaultWedgeOptions.idleTimeoutMs,
    prefix: [...(overrides.prefix ?? defaultWedgeOptions.prefix)]
  }
  if (options.prefix.some((key) => key.length === 0)) {
    throw new RangeError('prefix keys must not be empty')
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
 *
 * `isWholeCode`: what the screen takes for a whole code (the payment methods' rules). It never
 * rejects a run that arrived in one piece; it only decides whether the parts of a run cut by a
 * stall are one code (see `toScan`).
 */
export function createWedgeDetector(
  overrides: Partial<WedgeOptions> = {},
  isWholeCode?: (text: string) => boolean
): WedgeDetector {
  const options = resolveOptions(overrides)
  const idleMode = options.terminators.length === 0
  const { prefix } = options
  const context = {
    terminators: options.terminators,
    namedPrefix: new Set(prefix.filter((key) => !isOneChar(key))),
    altHeld: false
  }

  /** Characters (and named prefix keys) of the current run and when each arrived. */
  let tokens: string[] = []
  let times: number[] = []
  /**
   * With no terminator: where each part of the run after a stall begins (indexes into `tokens`).
   * Silence is such a scan's only end, so the run is not judged until it goes idle, and then the
   * parts decide what the scan was (see `toScan`).
   */
  let stalls: number[] = []
  /**
   * Keys `0` to `leadEnd` of `tokens`: a run too short to be a scanner's (under `minFastRun` keys)
   * that a pause within the idle time cut from the run now going on. They are a person's keys or
   * the first digits of the code that follows, held up by a USB hiccup; which, only `toScan` can
   * tell, and never the rest alone (a tail of 16 digits passes for a wallet code).
   */
  let leadEnd = 0
  /** When the last key that counts for timing arrived; null after a pause, a repeat or reset. */
  let lastAt: number | null = null
  let inBurst = false
  /** Digits of an Alt code still being typed, and when the last of them came. */
  let altDigits = ''
  let altAt = 0

  function clearRun(): void {
    tokens = []
    times = []
    stalls = []
    leadEnd = 0
  }

  function hasPrefix(from: number): boolean {
    if (tokens.length - from < prefix.length) return false
    return prefix.every((key, i) => tokens[from + i] === key)
  }

  /**
   * The current run as a scan, if it qualifies (pos-anchors.md §4.3 human guard). A run cut by a
   * stall (or following a lead) can be one code the computer held up, two codes read within the
   * idle time, a whole code and a key pressed just after it, or a person's key and a code: the
   * same keys, told apart only by what each part is on its own. A part is never reported alone:
   * a code cut after its first digits leaves a tail long enough to pass for a code, which the
   * till would submit and the gateway decline. The parts are joined when no
   * head of them is a code by itself (then its rest cannot be told from a stray key or a second
   * code), and, when the screen knows what a whole code looks like (`isWholeCode`, the payment
   * methods' rules), only when the joined code is one and no tail of it is. Without the rules, a
   * lead is never joined: it may be a person's key. Anything else reports nothing and the cashier
   * scans again.
   */
  function toScan(endedBy: string, endedAt: number): Scan | null {
    const whole = scanFrom(0, tokens.length, endedBy, endedAt)
    // Stalls split only runs with no terminator: with one, the terminator frames the code.
    const starts = [...(leadEnd > 0 ? [leadEnd] : []), ...(endedBy === 'idle' ? stalls : [])]
    if (starts.length === 0 || whole === null) return whole
    const isCode = (scan: Scan | null): boolean =>
      scan !== null && (isWholeCode?.(scan.text) ?? true)
    if (starts.some((to) => isCode(scanFrom(0, to, endedBy, endedAt)))) return null
    if (isWholeCode === undefined) return leadEnd > 0 ? null : whole
    if (!isWholeCode(whole.text)) return null
    const tails = starts.map((from) => scanFrom(from, tokens.length, endedBy, endedAt))
    return tails.some(isCode) ? null : whole
  }

  /** Keys `from` to `to` of the run as a scan, if they qualify. */
  function scanFrom(from: number, to: number, endedBy: string, endedAt: number): Scan | null {
    const startedAt = times[from]
    if (startedAt === undefined) return null
    if (to - from < options.minFastRun || !hasPrefix(from)) return null
    const text = tokens.slice(from + prefix.length, to).join('')
    if (text.length < options.minLength) return null
    const runTimes = times.slice(from, to)
    const keyTimes = endedBy === 'idle' ? runTimes : [...runTimes, endedAt]
    let sum = 0
    let max = 0
    for (let i = 1; i < keyTimes.length; i++) {
      const gap = (keyTimes[i] ?? 0) - (keyTimes[i - 1] ?? 0)
      sum += gap
      max = Math.max(max, gap)
    }
    const gaps = keyTimes.length - 1
    return {
      text,
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

  /** One key that counts: a character, a terminator, a prefix key, any other key, a repeat. */
  function accept(decoded: DecodedKey, at: number): Scan | null {
    if (decoded.kind === 'ignored' || decoded.kind === 'alt-digit') return null
    const gap = lastAt === null ? Number.NaN : at - lastAt
    // NaN (no previous key) and negative gaps (a trace out of order) cannot continue a run. A run
    // already judged a scanner's (`minFastRun` fast keys) survives a stall within the idle time:
    // a USB or event-loop hiccup before the last digit otherwise splits the code, and its tail of
    // a digit or two plus Enter reads as a person's (a ¥500 amount became ¥5,007, audit E). People
    // never reach `minFastRun`, so their typing is judged as before. Without a terminator, going
    // idle is a scan's end, so only a shorter stall is joined, and `toScan` tells a stalled code
    // from two codes in a row.
    const stalled =
      gap > options.maxGapMs &&
      tokens.length - leadEnd >= options.minFastRun &&
      (idleMode
        ? gap < options.idleTimeoutMs && decoded.kind === 'char'
        : gap <= options.idleTimeoutMs)
    const continues = gap >= 0 && (gap <= options.maxGapMs || stalled)
    if (stalled && idleMode) stalls.push(tokens.length)
    // A run too short to be a scanner's, cut by a pause a stall could be: kept as the lead of the
    // next run, so a code held up after its first digit or two is not read as its tail. With a
    // prefix the scanner marks where its codes begin, and what came before is no part of them.
    const cutShort =
      !continues &&
      gap > options.maxGapMs &&
      (idleMode ? gap < options.idleTimeoutMs : gap <= options.idleTimeoutMs) &&
      decoded.kind === 'char' &&
      tokens.length > leadEnd &&
      prefix.length === 0
    if (cutShort) {
      tokens = tokens.slice(leadEnd)
      times = times.slice(leadEnd)
      stalls = []
      leadEnd = tokens.length
    }
    const ended = continues || cutShort ? null : endAfterPause(gap)
    inBurst = continues
    lastAt = at
    switch (decoded.kind) {
      case 'char':
        tokens.push(decoded.char)
        times.push(at)
        return ended
      case 'prefix': {
        // Deterministic framing: whatever came before is not part of the scan the prefix opens.
        const before = continues && idleMode ? toScan('idle', times.at(-1) ?? at) : null
        clearRun()
        tokens.push(decoded.key)
        times.push(at)
        return ended ?? before
      }
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
  }

  /** The character an Alt code spelled, as a key of its own at its last digit's time. */
  function completeAltCode(): Scan | null {
    if (altDigits === '') return null
    const input = altCodeKey(altDigits)
    altDigits = ''
    if (input === null) return null
    return accept(decodeKey(input, { ...context, altHeld: false }), altAt)
  }

  return {
    push(input) {
      const isAlt = input.key === 'Alt' || input.key === 'AltGraph'
      if (input.type === 'keyup') {
        if (!isAlt) return null
        context.altHeld = false
        return completeAltCode()
      }
      const decoded = decodeKey(input, context)
      if (decoded.kind === 'alt-digit') {
        altDigits += decoded.digit
        altAt = input.timeStamp
        return null
      }
      // Callers that give no key-ups: the next key shows the Alt code is complete.
      const composed = completeAltCode()
      if (isAlt) context.altHeld = true
      const scan = accept(decoded, input.timeStamp)
      return composed ?? scan
    },

    flush(now) {
      const composed = completeAltCode()
      if (lastAt === null) return composed
      const quiet = now - lastAt
      if (!(quiet > options.maxGapMs)) return composed
      if (idleMode && quiet < options.idleTimeoutMs) return composed
      const scan = endAfterPause(quiet)
      lastAt = null
      inBurst = false
      return composed ?? scan
    },

    get inBurst() {
      return inBurst
    },

    reset() {
      clearRun()
      lastAt = null
      inBurst = false
      altDigits = ''
      context.altHeld = false
    }
  }
}
