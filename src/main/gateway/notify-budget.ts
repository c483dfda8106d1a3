import type { NotificationVerdict } from './notify-judge'

/**
 * The verdicts a flood is made of: nothing in them is believed (forged, malformed), or they are
 * someone else's (wrong-merchant), or they say nothing new (duplicate). Every other verdict is a
 * first delivery of a notification PayCloud signed, which is always recorded.
 */
export const budgetedVerdicts: ReadonlySet<NotificationVerdict> = new Set([
  'forged',
  'malformed',
  'wrong-merchant',
  'duplicate'
])

/** What went unrecorded in one window, for the one event that stands for all of it. */
export interface UnrecordedWindow {
  /** When the window opened and when it ended (ms), as the receiver's clock tells. */
  readonly from: number
  readonly to: number
  /** How many were recorded in full before the budget ran out. */
  readonly recorded: number
  readonly unrecorded: number
  readonly verdicts: Readonly<Partial<Record<NotificationVerdict, number>>>
}

/**
 * How many budgeted notifications are recorded one by one in a window of time. Each record is a
 * synchronous fsync into the journal; a flood of them would fill the disk the till's sales need.
 * Fixed windows, opened by the first notification after the last one closed.
 */
export class RecordBudget {
  private window: {
    readonly from: number
    recorded: number
    unrecorded: number
    readonly verdicts: Partial<Record<NotificationVerdict, number>>
  } | null = null

  constructor(
    readonly limit: number,
    readonly windowMs: number
  ) {}

  /** When the open window ends, or null when none is open. */
  get windowEnd(): number | null {
    return this.window === null ? null : this.window.from + this.windowMs
  }

  /**
   * 'record' while the window has budget left; 'count' beyond it, and 'first-count' for the first
   * one beyond it, so the receiver warns once per window.
   */
  take(verdict: NotificationVerdict, now: number): 'record' | 'count' | 'first-count' {
    this.window ??= { from: now, recorded: 0, unrecorded: 0, verdicts: {} }
    const window = this.window
    if (window.recorded < this.limit) {
      window.recorded += 1
      return 'record'
    }
    window.unrecorded += 1
    window.verdicts[verdict] = (window.verdicts[verdict] ?? 0) + 1
    return window.unrecorded === 1 ? 'first-count' : 'count'
  }

  /**
   * Closes the window if it is over by `now` (or `force`: the receiver closes, or its timer for
   * the window's end fired, whatever a clock a few ms behind says). Returns what it left
   * unrecorded, or null when it left nothing.
   */
  settle(now: number, force = false): UnrecordedWindow | null {
    const window = this.window
    if (window === null) return null
    const end = window.from + this.windowMs
    if (!force && now < end) return null
    this.window = null
    if (window.unrecorded === 0) return null
    return {
      from: window.from,
      to: Math.min(now, end),
      recorded: window.recorded,
      unrecorded: window.unrecorded,
      verdicts: { ...window.verdicts }
    }
  }
}
