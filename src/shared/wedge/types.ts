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
  /**
   * `keyup` matters only for Alt: its release completes an Alt+numpad character. Absent means
   * `keydown`; every other key-up is ignored.
   */
  readonly type?: 'keydown' | 'keyup'
  /**
   * `KeyboardEvent.shiftKey`, when known: a scanner holds Shift for exactly the capitals it means,
   * so the letter's case comes from it rather than from `key`, which Caps Lock inverts.
   */
  readonly shiftKey?: boolean
  /** `KeyboardEvent.altKey`, when known: numpad digits with Alt held spell one character code. */
  readonly altKey?: boolean
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
  /**
   * Keys the scanner sends before every code (`KeyboardEvent.key` values: a named key such as
   * `F9`, or single characters such as `]`, `Q`). Empty: no prefix. When set, only runs that start
   * with it are scans, and it is not part of the text. A named key always starts a new run.
   */
  readonly prefix: readonly string[]
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
   * Feeds one keydown (or Alt's keyup, which completes an Alt-code character); returns a scan
   * when this key completes one: a terminator ending a burst that qualifies. With no terminators
   * configured, a key that arrives `idleTimeoutMs` or more after a qualifying burst also returns
   * that burst (when `flush()` was not called in time); the key itself then starts a new run,
   * which the caller tells by `inBurst` being false.
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
