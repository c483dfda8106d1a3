/**
 * The shop's calendar days in its own time zone (settings.json `timeZone`), whatever zone the
 * machine or the browser showing the screens is set to. A day runs from local midnight to the
 * next; across a daylight-saving change it is 23 or 25 hours long, so day starts are found with
 * Intl's knowledge of the zone, never by adding a fixed offset. (Node 24 has no `Temporal`.)
 */

const formats = new Map<string, Intl.DateTimeFormat>()

/** One formatter per zone: building one costs far more than using it. */
function wallClock(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23'
    })
    formats.set(timeZone, format)
  }
  return format
}

interface WallTime {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
}

function wallTime(at: number, timeZone: string): WallTime {
  const parts = wallClock(timeZone).formatToParts(at)
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((found) => found.type === type)?.value ?? 0)
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second')
  }
}

/** The machine's (or the browser's) own zone: the default when settings.json names none. */
export function systemTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone
}

/**
 * The zone's canonical name when Intl knows `name` as an IANA zone (`asia/tokyo` →
 * `Asia/Tokyo`), else null. A bare offset such as `+09:00` is refused: it does not follow the
 * zone's daylight-saving changes.
 */
export function knownTimeZone(name: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return null
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone
  } catch {
    return null
  }
}

/** `YYYY-MM-DD`: the calendar day of a moment in the zone. */
export function dateIn(at: number, timeZone: string): string {
  const { year, month, day } = wallTime(at, timeZone)
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0')
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`
}

/** How far the zone's wall clock is ahead of UTC at a moment, in ms (Tokyo: +9 h). */
function offsetAt(at: number, timeZone: string): number {
  const wall = wallTime(at, timeZone)
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second)
  return asUtc - (at - (((at % 1000) + 1000) % 1000))
}

/**
 * The first moment of the day `YYYY-MM-DD` (`offset` days later) in the zone, as epoch ms; null
 * when the text is not a date of the calendar (2026-02-30).
 *
 * Local midnight is UTC midnight of that date less the zone's offset at that midnight. The offset
 * is taken from the day before, the day itself and the day after, which covers a change near
 * midnight; the day starts at the candidate that is in the day while the moment before it is not.
 * Where the clocks skip midnight itself (America/Santiago in September), that is the change's
 * instant, 01:00; where midnight happens twice, the first one.
 */
export function dayStartIn(text: string, timeZone: string, offset = 0): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (match === null) return null
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const checked = new Date(Date.UTC(year, month - 1, day))
  // 2026-02-30 rolls over into March: not a date anyone keyed on purpose.
  if (
    checked.getUTCFullYear() !== year ||
    checked.getUTCMonth() !== month - 1 ||
    checked.getUTCDate() !== day
  ) {
    return null
  }
  const midnight = Date.UTC(year, month - 1, day + offset)
  const target = dateIn(midnight, 'UTC')
  const candidates = [...new Set([-1, 0, 1].map((days) => midnight + days * 86_400_000))]
    .map((near) => midnight - offsetAt(near, timeZone))
    .sort((a, b) => a - b)
  const start = candidates.find(
    (at) => dateIn(at, timeZone) === target && dateIn(at - 1, timeZone) !== target
  )
  return start ?? candidates.find((at) => dateIn(at, timeZone) === target) ?? midnight
}
