/** One keydown, as the browser reports it: `key` is the character, `code` the physical key. */
export interface KeyInput {
  readonly key: string
  readonly code: string
  /** Milliseconds, from `KeyboardEvent.timeStamp` or a recorded trace. */
  readonly timeStamp: number
}

export interface WedgeOptions {
  /** A gap between two keys longer than this ends a burst (ms). 50 by default; 150 for slow scanners. */
  readonly maxGapMs: number
  /** Keys in a row, each within `maxGapMs`, before a burst counts as a scanner (humans never do 4). */
  readonly minFastRun: number
  /** `KeyboardEvent.key` values that end a scan; empty means scans end when the keys stop. */
  readonly terminators: readonly string[]
  /** Shortest text accepted as a scan. */
  readonly minLength: number
  /** With no terminator, a burst ends this long after its last key (ms). */
  readonly idleTimeoutMs: number
}

export interface Scan {
  readonly text: string
  readonly startedAt: number
  readonly endedAt: number
  /** Mean and largest gap between the keys of the scan (ms), for diagnostics and calibration. */
  readonly meanGapMs: number
  readonly maxGapMs: number
  /** The terminator key that ended the scan, or `idle`. */
  readonly endedBy: string
}

export interface WedgeDetector {
  /** Feeds one keydown; returns a scan when this key completes one. */
  push(input: KeyInput): Scan | null
  /** Ends a burst that has been idle since `now`, when no terminator is configured. */
  flush(now: number): Scan | null
  /**
   * True while the keys seen so far look like a scanner burst: the caller keeps them (and the
   * terminator) away from inputs and buttons.
   */
  readonly inBurst: boolean
  reset(): void
}
