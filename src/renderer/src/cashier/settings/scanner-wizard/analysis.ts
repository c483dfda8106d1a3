import type { Scan } from '../../../../../shared/wedge'

/** One raw keydown the wizard saw, in the order it came. */
export interface RecordedKey {
  readonly key: string
  readonly code: string
  readonly timeStamp: number
}

/** A finished scan as the wizard shows it: what the detector said plus the keys behind it. */
export interface WizardScan {
  readonly text: string
  readonly keys: readonly RecordedKey[]
  /** Gaps between consecutive keys of the scan, terminator included (ms). */
  readonly gaps: readonly number[]
  readonly maxGapMs: number
  readonly meanGapMs: number
  /** `Enter`, `Tab`, or `idle` when the scanner sends no terminator. */
  readonly endedBy: string
}

/** The detector's scan with the raw keys that made it (taken from the wizard's key log). */
export function toWizardScan(scan: Scan, log: readonly RecordedKey[]): WizardScan {
  const keys = log.filter(
    (entry) => entry.timeStamp >= scan.startedAt && entry.timeStamp <= scan.endedAt
  )
  const gaps = keys.slice(1).map((entry, index) => entry.timeStamp - (keys[index]?.timeStamp ?? 0))
  return {
    text: scan.text,
    keys,
    gaps,
    maxGapMs: scan.maxGapMs,
    meanGapMs: scan.meanGapMs,
    endedBy: scan.endedBy
  }
}

/** The threshold the wizard may propose, in the bounds settings.json accepts (5–500 ms). */
export const thresholdBounds = { min: 20, max: 300 } as const

/**
 * A threshold a margin above the slowest gap measured: half as much again, and at least 15 ms
 * more, since a busy PC stretches a gap now and then (pos-anchors §4.1: scanners send every
 * 1-20 ms, people no faster than ~60 ms between keys); clamped so a person's typing stays out.
 */
export function proposeThreshold(scans: readonly WizardScan[]): {
  readonly measuredMaxGapMs: number
  readonly proposedMaxGapMs: number
} | null {
  if (scans.length === 0) return null
  const measured = Math.max(...scans.map((scan) => scan.maxGapMs))
  const withMargin = Math.ceil(Math.max(measured * 1.5, measured + 15))
  return {
    measuredMaxGapMs: Math.round(measured),
    proposedMaxGapMs: Math.min(thresholdBounds.max, Math.max(thresholdBounds.min, withMargin))
  }
}

/** What a key of the US layout types for each physical key, unshifted and shifted. */
const usLayout: Readonly<Record<string, readonly [string, string]>> = {
  Digit1: ['1', '!'],
  Digit2: ['2', '@'],
  Digit3: ['3', '#'],
  Digit4: ['4', '$'],
  Digit5: ['5', '%'],
  Digit6: ['6', '^'],
  Digit7: ['7', '&'],
  Digit8: ['8', '*'],
  Digit9: ['9', '('],
  Digit0: ['0', ')'],
  Minus: ['-', '_'],
  Equal: ['=', '+'],
  BracketLeft: ['[', '{'],
  BracketRight: [']', '}'],
  Backslash: ['\\', '|'],
  Semicolon: [';', ':'],
  Quote: ["'", '"'],
  Backquote: ['`', '~'],
  Comma: [',', '<'],
  Period: ['.', '>'],
  Slash: ['/', '?']
}

function expectedKeys(code: string): readonly string[] | null {
  const letter = /^Key([A-Z])$/.exec(code)?.[1]
  if (letter !== undefined) return [letter.toLowerCase(), letter]
  const numpad = /^Numpad(\d)$/.exec(code)?.[1]
  if (numpad !== undefined) return [numpad]
  return usLayout[code] ?? null
}

export interface LayoutCheck {
  /** Character keys compared (key against physical code). */
  readonly compared: number
  readonly mismatches: readonly {
    readonly code: string
    readonly key: string
    readonly expected: string
  }[]
  /**
   * `ok`: the characters are what the scanner's US layout sends. `mismatch`: the PC's keyboard
   * layout differs from the scanner's (AZERTY, QWERTZ, JIS...): digits and symbols come out wrong,
   * so set the scanner to the PC's layout (or to ALT-code / keypad emulation). `unknown`: nothing
   * to compare yet.
   */
  readonly verdict: 'ok' | 'mismatch' | 'unknown'
}

/**
 * Keyboard-wedge scanners type as a US keyboard by default: the physical key (`code`) is what the
 * scanner meant, the character (`key`) is what the PC's layout made of it. They disagree when the
 * layouts differ: a scanner's `1` on an AZERTY PC arrives as `&` (pos-anchors §4.2).
 */
export function checkLayout(keys: readonly RecordedKey[]): LayoutCheck {
  let compared = 0
  const mismatches: { code: string; key: string; expected: string }[] = []
  for (const entry of keys) {
    if (entry.key.length !== 1) continue
    const expected = expectedKeys(entry.code)
    const [usual] = expected ?? []
    if (expected === null || usual === undefined) continue
    compared += 1
    if (!expected.includes(entry.key)) {
      mismatches.push({ code: entry.code, key: entry.key, expected: usual })
    }
  }
  return {
    compared,
    mismatches: mismatches.slice(0, 8),
    verdict: compared === 0 ? 'unknown' : mismatches.length > 0 ? 'mismatch' : 'ok'
  }
}

export interface FramingCheck {
  /** The terminator every scan ended with, `idle` for none, or `mixed`. */
  readonly terminator: string | null
  /** Characters every scan started with before the test code (a prefix the scanner adds). */
  readonly prefix: string
  /** Characters after the test code, before the terminator (a suffix the scanner adds). */
  readonly suffix: string
  /** Whether the test code came through, give or take a prefix or suffix. */
  readonly testCodeFound: boolean
}

/**
 * What the scanner adds around a code: scanned from the wizard's own test code, whatever comes
 * before or after it is a prefix or suffix the scanner is set to send (an AIM identifier such as
 * `]Q1`, or a configured string). The till's rules match whole codes, so both must be off, or the
 * rules must expect them.
 */
export function checkFraming(scans: readonly WizardScan[], testCode: string): FramingCheck {
  if (scans.length === 0) return { terminator: null, prefix: '', suffix: '', testCodeFound: false }
  const endings = new Set(scans.map((scan) => scan.endedBy))
  const [only] = endings
  const terminator = endings.size === 1 && only !== undefined ? only : 'mixed'
  const withCode = scans.filter((scan) => scan.text.includes(testCode))
  const last = withCode.at(-1)
  if (last === undefined) return { terminator, prefix: '', suffix: '', testCodeFound: false }
  const at = last.text.indexOf(testCode)
  return {
    terminator,
    prefix: last.text.slice(0, at),
    suffix: last.text.slice(at + testCode.length),
    testCodeFound: true
  }
}

/** A code on screen or in a file: every character but the last four masked (wallet codes pay). */
export function maskCode(text: string): string {
  if (text.length <= 4) return '•'.repeat(text.length)
  return `${'•'.repeat(text.length - 4)}${text.slice(-4)}`
}

export interface ScanVerdict {
  /** Would the till's current settings take this as a scan? */
  readonly takenAsScan: boolean
  readonly reason: 'ok' | 'too-slow' | 'too-short'
}

export function classifyScan(
  scan: WizardScan,
  current: { readonly maxGapMs: number; readonly minLength: number }
): ScanVerdict {
  if (scan.maxGapMs > current.maxGapMs) return { takenAsScan: false, reason: 'too-slow' }
  if (scan.text.length < current.minLength) return { takenAsScan: false, reason: 'too-short' }
  return { takenAsScan: true, reason: 'ok' }
}

export interface Diagnostics {
  readonly kind: 'qr-till-scanner-diagnostics'
  readonly version: 1
  readonly createdAt: string
  readonly userAgent: string
  readonly settings: {
    readonly maxGapMs: number
    readonly minLength: number
    readonly terminators: readonly string[]
  }
  readonly hidPos: unknown
  readonly proposal: ReturnType<typeof proposeThreshold>
  readonly layout: LayoutCheck
  readonly framing: FramingCheck
  readonly scans: readonly {
    readonly code: string
    readonly length: number
    readonly gapsMs: readonly number[]
    readonly maxGapMs: number
    readonly meanGapMs: number
    readonly endedBy: string
    readonly takenAsScan: boolean
    readonly reason: ScanVerdict['reason']
  }[]
}

/**
 * The file an integrator sends for support. Codes are masked to their last four characters; the
 * layout check's examples are single characters, never a whole code.
 */
export function buildDiagnostics(input: {
  readonly scans: readonly WizardScan[]
  readonly settings: Diagnostics['settings']
  readonly testCode: string
  readonly hidPos: unknown
  readonly now: Date
  readonly userAgent: string
}): Diagnostics {
  const keys = input.scans.flatMap((scan) => scan.keys)
  return {
    kind: 'qr-till-scanner-diagnostics',
    version: 1,
    createdAt: input.now.toISOString(),
    userAgent: input.userAgent,
    settings: input.settings,
    hidPos: input.hidPos,
    proposal: proposeThreshold(input.scans),
    layout: checkLayout(keys),
    framing: checkFraming(input.scans, input.testCode),
    scans: input.scans.map((scan) => {
      const verdict = classifyScan(scan, input.settings)
      return {
        code: maskCode(scan.text),
        length: scan.text.length,
        gapsMs: scan.gaps.map((gap) => Math.round(gap * 10) / 10),
        maxGapMs: Math.round(scan.maxGapMs * 10) / 10,
        meanGapMs: Math.round(scan.meanGapMs * 10) / 10,
        endedBy: scan.endedBy,
        takenAsScan: verdict.takenAsScan,
        reason: verdict.reason
      }
    })
  }
}
