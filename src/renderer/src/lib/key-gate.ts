import type { KeyInput, Scan, WedgeDetector } from '../../../shared/wedge'

/** The parts of a `KeyboardEvent` the gates read. */
export interface GateKeyEvent {
  readonly key: string
  readonly code: string
  readonly timeStamp: number
  readonly repeat: boolean
  readonly ctrlKey: boolean
  readonly altKey: boolean
  readonly metaKey: boolean
  readonly shiftKey?: boolean
}

/** What the window listener does with the event: keep it from the page, or let it through. */
export type GateVerdict = 'swallow' | 'pass'

const modifierKeys = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock'])

/**
 * A numpad digit with Alt held (and nothing else): one digit of an Alt code, which some scanners
 * type for every character (pos-anchors.md §4.4, onscan.js#40). The detector reads it.
 */
export function isAltCodeDigit(event: GateKeyEvent): boolean {
  return event.altKey && !event.ctrlKey && !event.metaKey && /^Numpad[0-9]$/.test(event.code)
}

/** Shortcuts with Ctrl, Alt or Meta are the system's and the browser's; scanners never send them. */
export function isChord(event: GateKeyEvent): boolean {
  return (event.ctrlKey || event.altKey || event.metaKey) && !isAltCodeDigit(event)
}

/** What the detector reads from an event: Shift and Alt too, for capitals and Alt codes. */
function keyInput(event: GateKeyEvent): KeyInput {
  return {
    key: event.key,
    code: event.code,
    timeStamp: event.timeStamp,
    repeat: event.repeat,
    altKey: event.altKey,
    ...(event.shiftKey === undefined ? {} : { shiftKey: event.shiftKey })
  }
}

interface Timers {
  readonly now: () => number
  readonly setTimeout: (run: () => void, ms: number) => unknown
  readonly clearTimeout: (handle: unknown) => void
}

const realTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
}

export interface PaymentKeyGateOptions {
  readonly detector: WedgeDetector
  /** The detector's own gap threshold: keys closer than this may belong to a scan. */
  readonly maxGapMs: number
  readonly idleTimeoutMs: number
  readonly onScan: (text: string) => void
  /** A key a person pressed on purpose: alone, with no other key within `maxGapMs` either side. */
  readonly onKey: (key: string) => void
  readonly timers?: Timers
}

export interface KeyGate {
  handle(event: GateKeyEvent): GateVerdict
  /**
   * A `keyup`: only Alt's matters, whose release completes an Alt-code character (the screens
   * listen for key-ups for this alone; nothing is kept from the page).
   */
  release(event: GateKeyEvent): void
  dispose(): void
}

/** Feeds an Alt release to the detector; the scan it may complete (an Alt+013 Enter). */
function releaseAlt(detector: WedgeDetector, event: GateKeyEvent): Scan | null {
  if (event.key !== 'Alt' && event.key !== 'AltGraph') return null
  return detector.push({ ...keyInput(event), type: 'keyup' })
}

/**
 * The payment screen's window-level key handling while it waits for a code (pos-anchors §4.3-§4.4).
 * No field there is meant to receive keys, so every key is kept from the page: a scanner's digits
 * and its Enter can never reach a button. The screen's own shortcuts (Esc, Enter, the picker's
 * 1-9) act only on a key that stands alone in time, because the first keys of a scan cannot be
 * told from a person's until more follow; the wait is the detector's gap plus a margin (~70 ms).
 * Tab still moves the focus unless it arrives inside a scan.
 */
export function createPaymentKeyGate(options: PaymentKeyGateOptions): KeyGate {
  const timers = options.timers ?? realTimers
  const { detector } = options
  let lastKeyAt = Number.NEGATIVE_INFINITY
  let pending: { key: string; handle: unknown } | null = null
  let idleHandle: unknown = null
  let scanJustEnded = false

  function cancelPending(): void {
    if (pending) timers.clearTimeout(pending.handle)
    pending = null
  }

  function armIdleFlush(): void {
    if (idleHandle !== null) timers.clearTimeout(idleHandle)
    idleHandle = timers.setTimeout(() => {
      idleHandle = null
      const scan = detector.flush(timers.now())
      if (scan) {
        scanJustEnded = true
        options.onScan(scan.text)
      }
    }, options.idleTimeoutMs)
  }

  return {
    handle(event) {
      // Modifiers go to the detector too, chords or not: an Alt key-down ends the Alt code before it.
      if (modifierKeys.has(event.key)) {
        const scan = detector.push(keyInput(event))
        if (scan) {
          scanJustEnded = true
          options.onScan(scan.text)
        }
        return isChord(event) ? 'pass' : 'swallow'
      }
      if (isChord(event)) return 'pass'
      const scan = detector.push(keyInput(event))
      // Part of an Alt code: the character it spells is judged when it is complete (the Alt
      // release, the next key, or the idle flush if the release never comes).
      if (isAltCodeDigit(event)) {
        armIdleFlush()
        return 'swallow'
      }
      if (event.repeat) {
        cancelPending()
        return 'swallow'
      }
      const gap = event.timeStamp - lastKeyAt
      lastKeyAt = event.timeStamp
      const followsScan = scanJustEnded
      scanJustEnded = scan !== null
      armIdleFlush()
      if (scan) {
        cancelPending()
        options.onScan(scan.text)
        return 'swallow'
      }
      // A key right after a scan's terminator is the scan's only if more keys follow it (the next
      // scan of a scanner in continuous mode), which the wait below already tells.
      if (!followsScan && (detector.inBurst || gap < options.maxGapMs)) {
        cancelPending()
        return 'swallow'
      }
      if (event.key === 'Tab') {
        // A person moving the focus: what follows starts afresh (Tab, then Enter on a button).
        cancelPending()
        detector.reset()
        lastKeyAt = Number.NEGATIVE_INFINITY
        return 'pass'
      }
      cancelPending()
      const key = event.key
      pending = {
        key,
        handle: timers.setTimeout(() => {
          pending = null
          options.onKey(key)
        }, options.maxGapMs + 20)
      }
      return 'swallow'
    },
    release(event) {
      const scan = releaseAlt(detector, event)
      if (scan) {
        cancelPending()
        scanJustEnded = true
        options.onScan(scan.text)
      }
    },
    dispose() {
      cancelPending()
      if (idleHandle !== null) timers.clearTimeout(idleHandle)
      idleHandle = null
      detector.reset()
    }
  }
}

export interface EntryScanGuardOptions<Keyed> {
  readonly detector: WedgeDetector
  /** Fast keys in a row before the run is taken for a scanner's (the detector's `minFastRun`). */
  readonly minFastRun: number
  readonly idleTimeoutMs: number
  /** What the field holds now: taken as each run of keys begins, to put back if it is a scanner's. */
  readonly keyed: () => Keyed
  /**
   * The run turned out to be a scanner's: put the field back to `before`, what it held when the
   * run began, or when the run before it began if that run was a few keys that ended just before
   * it (a scanner held up after its first digits by a USB hiccup: they are the code's, and no
   * person's amount).
   */
  readonly undo: (before: Keyed) => void
  readonly onScan: (text: string) => void
  readonly timers?: Timers
}

/**
 * The amount screen's guard: people type there, so keys pass until the run is clearly a
 * scanner's, `minFastRun` keys each within the detector's gap (people roll two or three keys that
 * fast, never four: pos-anchors §4.1). From then on the run's keys, its Enter included, are
 * swallowed, the digits its first keys typed are undone, and a completed scan is reported
 * (pos-anchors §4.4: "scan digits read as a quantity", "Enter submits the form").
 */
export function createEntryScanGuard<Keyed>(options: EntryScanGuardOptions<Keyed>): KeyGate {
  const timers = options.timers ?? realTimers
  const { detector } = options
  /** What was keyed when this run began, and when the run before it began (`undo`). */
  let runStart: { readonly keyed: Keyed } | null = null
  let leadStart: { readonly keyed: Keyed } | null = null
  let runLength = 0
  /** Whether every key of the run so far typed a character: only such a run can lead a scan. */
  let runTyped = false
  /** The run began within the idle timeout of a short run of characters (see `onScannerRun`). */
  let followsLead = false
  let lastKeyAt = Number.NEGATIVE_INFINITY
  let idleHandle: unknown = null

  function armIdleFlush(): void {
    if (idleHandle !== null) timers.clearTimeout(idleHandle)
    idleHandle = timers.setTimeout(() => {
      idleHandle = null
      const scan = detector.flush(timers.now())
      if (!detector.inBurst) {
        runLength = 0
        runTyped = false
      }
      if (scan) options.onScan(scan.text)
    }, options.idleTimeoutMs)
  }

  return {
    handle(event) {
      const wasScanner = runLength >= options.minFastRun
      if (modifierKeys.has(event.key) || isAltCodeDigit(event)) {
        const scan = detector.push(keyInput(event))
        if (isAltCodeDigit(event)) armIdleFlush()
        if (scan) options.onScan(scan.text)
        return wasScanner && !isChord(event) ? 'swallow' : 'pass'
      }
      if (isChord(event)) return 'pass'
      const scan = detector.push(keyInput(event))
      armIdleFlush()
      const gap = event.timeStamp - lastKeyAt
      lastKeyAt = event.timeStamp
      // A key within the idle timeout of a scanner's run is that scanner's, after a stall: its
      // tail (the last digit, the Enter) must not type into the amount or open the sale. The
      // detector joins such a tail to the code when it safely can, and otherwise reports nothing,
      // never the tail alone (shared/wedge `toScan`); this holds either way.
      const typed = isTypedKey(event.key)
      if (detector.inBurst || (wasScanner && gap >= 0 && gap <= options.idleTimeoutMs)) {
        runLength += 1
        runTyped &&= typed
      } else {
        // The detector keeps such a run as the lead of this one (shared/wedge `cutShort`) and never
        // reports the rest alone; what the lead typed must go with the rest if this is a scanner.
        followsLead = runTyped && runLength > 0 && gap >= 0 && gap <= options.idleTimeoutMs
        runLength = 1
        runTyped = typed
        leadStart = runStart
        runStart = { keyed: options.keyed() }
      }
      const isScanner = runLength >= options.minFastRun
      if (isScanner && !wasScanner) {
        const before = followsLead ? leadStart : runStart
        if (before !== null) options.undo(before.keyed)
      }
      if (scan) {
        options.onScan(scan.text)
        return 'swallow'
      }
      return isScanner ? 'swallow' : 'pass'
    },
    release(event) {
      const scan = releaseAlt(detector, event)
      if (scan) options.onScan(scan.text)
    },
    dispose() {
      if (idleHandle !== null) timers.clearTimeout(idleHandle)
      idleHandle = null
      runLength = 0
      runTyped = false
      lastKeyAt = Number.NEGATIVE_INFINITY
      detector.reset()
    }
  }
}

/** A key that types one character (Backspace, Tab, arrows and the like do not). */
function isTypedKey(key: string): boolean {
  return [...key].length === 1
}
