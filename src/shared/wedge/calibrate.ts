import type { KeyInput } from './types'

/** Keys that carry no character of a scan and do not count for its timing. */
const nonKeys: ReadonlySet<string> = new Set([
  'Shift',
  'Control',
  'Alt',
  'AltGraph',
  'Meta',
  'CapsLock',
  'NumLock',
  'Process',
  'Unidentified',
  'Dead'
])

/**
 * The gaps between the keys of one recorded scan (ms), as the detector sees them: key-downs only,
 * without modifiers, IME keys and repeats; the terminator included.
 */
export function gapsOf(keys: readonly KeyInput[]): number[] {
  const times = keys
    .filter((key) => key.type !== 'keyup' && key.repeat !== true && !nonKeys.has(key.key))
    .map((key) => key.timeStamp)
  const gaps: number[] = []
  for (let i = 1; i < times.length; i++) gaps.push((times[i] ?? 0) - (times[i - 1] ?? 0))
  return gaps
}

/** pos-anchors.md §4.3: threshold = clamp(2 × p95, 30, 200) ms. */
export const calibrationBounds = Object.freeze({ minMs: 30, maxMs: 200, factor: 2 })
/** Fewer than this many scans, or gaps, say too little about a scanner's worst moments. */
export const minCalibrationScans = 3
export const minCalibrationGaps = 30

export interface GapProposal {
  /** The `maxGapMs` to store in settings. */
  readonly maxGapMs: number
  readonly p95GapMs: number
  readonly largestGapMs: number
  readonly gapCount: number
  /**
   * `high`: the scanner is slower than any threshold that still keeps people out (2 × p95 above
   * 200 ms): set it to a faster inter-character delay or use HID-POS. `low`: faster than needed,
   * 30 ms leaves room for event-loop jitter (pos-anchors.md §4.1).
   */
  readonly clamped: 'low' | 'high' | null
}

export type GapProposalResult =
  | { readonly ok: true; readonly value: GapProposal }
  | {
      readonly ok: false
      readonly error: { readonly code: 'too-few-scans' | 'too-few-gaps' | 'invalid-gap' }
    }

/**
 * Proposes the detector's gap threshold from recorded scans, each given as its inter-key gaps
 * (see `gapsOf`): twice the 95th percentile, within 30-200 ms (pos-anchors.md §4.3).
 */
export function proposeMaxGap(scans: readonly (readonly number[])[]): GapProposalResult {
  if (scans.length < minCalibrationScans) return { ok: false, error: { code: 'too-few-scans' } }
  const gaps = scans.flat()
  if (gaps.some((gap) => !(Number.isFinite(gap) && gap >= 0))) {
    return { ok: false, error: { code: 'invalid-gap' } }
  }
  if (gaps.length < minCalibrationGaps) return { ok: false, error: { code: 'too-few-gaps' } }
  const sorted = [...gaps].sort((a, b) => a - b)
  // Nearest rank: the smallest gap with at least 95 % of gaps at or below it.
  const p95 = sorted[Math.ceil(0.95 * sorted.length) - 1] ?? 0
  const wanted = Math.ceil(calibrationBounds.factor * p95)
  const { minMs, maxMs } = calibrationBounds
  const maxGapMs = Math.min(maxMs, Math.max(minMs, wanted))
  return {
    ok: true,
    value: {
      maxGapMs,
      p95GapMs: p95,
      largestGapMs: sorted.at(-1) ?? 0,
      gapCount: gaps.length,
      clamped: wanted < minMs ? 'low' : wanted > maxMs ? 'high' : null
    }
  }
}

/** What a US layout types for each key with Shift: the scanner's own idea of its characters. */
const usDigitShifted = ')!@#$%^&*('

export type LayoutMismatchKind =
  /** A key of the digit row or the letters types another character (AZERTY, QWERTZ, Dvorak…). */
  | 'layout'
  /** Kana input on a JIS keyboard: the keys type kana. */
  | 'kana'
  /** An input method composes the keys (`Process`): it may split or swallow codes. */
  | 'ime'
  /** The numeric keypad with NumLock off types navigation keys. */
  | 'numlock-off'

export interface LayoutMismatch {
  readonly code: string
  readonly key: string
  readonly kind: LayoutMismatchKind
}

export interface LayoutReport {
  /** Every key read as a US layout would: nothing to fix. */
  readonly matches: boolean
  readonly kinds: readonly LayoutMismatchKind[]
  /** One example per physical key, in order of first appearance. */
  readonly mismatches: readonly LayoutMismatch[]
}

const kana = /^[\u3040-\u30ff\uff66-\uff9f]$/u

/**
 * Whether recorded key-downs of a test scan show the computer's keyboard layout differs from the
 * scanner's (pos-anchors.md §4.4). The detector reads digits and letters from the physical key
 * (`code`), so wallet codes still come through; the wizard can say so, and tell the integrator to
 * set the scanner's layout (or the OS's) when codes carry symbols.
 */
export function findLayoutMismatch(keys: readonly KeyInput[]): LayoutReport {
  const mismatches: LayoutMismatch[] = []
  const seen = new Set<string>()
  for (const { key, code, type } of keys) {
    if (type === 'keyup' || seen.has(code)) continue
    const kind = mismatchOf(key, code)
    if (kind === null) continue
    seen.add(code)
    mismatches.push({ code, key, kind })
  }
  const kinds = [...new Set(mismatches.map((mismatch) => mismatch.kind))]
  return { matches: mismatches.length === 0, kinds, mismatches }
}

function mismatchOf(key: string, code: string): LayoutMismatchKind | null {
  const digit = /^Digit([0-9])$/.exec(code)?.[1]
  const numpad = /^Numpad([0-9])$/.exec(code)?.[1]
  const letter = /^Key([A-Z])$/.exec(code)?.[1]
  if (digit === undefined && numpad === undefined && letter === undefined) return null
  if (key === 'Process') return 'ime'
  if (kana.test(key)) return 'kana'
  if (numpad !== undefined) return key === numpad ? null : 'numlock-off'
  if (digit !== undefined) {
    return key === digit || key === usDigitShifted[Number(digit)] ? null : 'layout'
  }
  return key.toUpperCase() === letter ? null : 'layout'
}
