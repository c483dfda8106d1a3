/** One keydown, as the browser reports it: `key` is the character, `code` the physical key. */
export interface KeyInput {
  readonly key: string
  readonly code: string
  /** Milliseconds, from `KeyboardEvent.timeStamp` or a recorded trace. */
  readonly timeStamp: number
  /**
   * `KeyboardEvent.repeat`: the OS repeating a key a person holds down (~30 per second, fast enough
   * to pass for a scanner). Scanners press every key anew, so a repeat is never part of a scan.
   */
  readonly repeat?: boolean
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
  /**
   * With no terminator, a burst ends this long after its last key (ms). Never sooner than
   * `maxGapMs`: until then another key would still continue the burst.
   */
  readonly idleTimeoutMs: number
}

export interface Scan {
  readonly text: string
  /** When the first character key of the scan arrived. */
  readonly startedAt: number
  /** When the terminator arrived, or, for `idle`, the last character key. */
  readonly endedAt: number
  /**
   * Mean and largest gap between the keys of the scan, terminator included (ms), for diagnostics
   * and calibration. Modifier and IME keys are not keys of the scan.
   */
  readonly meanGapMs: number
  readonly maxGapMs: number
  /** The terminator key that ended the scan, or `idle`. */
  readonly endedBy: string
}

export interface WedgeDetector {
  /**
   * Feeds one keydown; returns a scan when this key completes one: a terminator ending a burst
   * that qualifies. With no terminators configured, a key that arrives `idleTimeoutMs` or more
   * after a qualifying burst also returns that burst (when `flush()` was not called in time); the
   * key itself then starts a new run, which the caller tells by `inBurst` being false.
   */
  push(input: KeyInput): Scan | null
  /**
   * Tells the detector the time is `now` with no key since the last one. With no terminators
   * configured, a burst quiet for at least `idleTimeoutMs` (and more than `maxGapMs`) ends here and
   * is returned if it qualifies; never earlier. With terminators, a burst quiet for more than
   * `maxGapMs` is dropped (it can no longer be finished) and `inBurst` becomes false.
   */
  flush(now: number): Scan | null
  /**
   * Whether the key just given to `push()` belongs to a scanner-speed run, so the caller keeps it
   * away from the focused input or button (pos-anchors.md §4.4: a scanner's Enter submits forms
   * and fires buttons; its digits land in quantity fields). Precisely:
   * - false after the first key of a run: nothing tells a scanner's first key from a person's, so
   *   the caller sees that key before the detector can judge it;
   * - true from the second key that arrives within `maxGapMs` of the key before it, and for every
   *   later key of the run, including the terminator or other non-character key that ends it
   *   (also when the run is then rejected, e.g. too short: its Enter is still a scanner's);
   * - true also for a key within `maxGapMs` of a terminator, so back-to-back scans stay swallowed;
   * - false once the run has ended by a pause: the next `push()` more than `maxGapMs` later, a
   *   `flush()` that ends the burst, or `reset()`. Until one of those, it keeps describing the last
   *   key pushed (after a scan's terminator it stays true).
   * Modifier, IME (`Process`, `Unidentified`, `Dead`) and repeated keys never set it. Two keys a
   * person rolls within `maxGapMs` set it too (pos-anchors.md §4.1: 2-3 fast keys happen), so in a
   * free-text field the caller should restore such keys when no scan follows.
   */
  readonly inBurst: boolean
  /** Forgets the current run and its timing: the next key starts afresh. */
  reset(): void
}
