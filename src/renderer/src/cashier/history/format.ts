import type { TimelineEntry } from '../../../../shared/contract'
import { isReason, sayReason } from '../../../../shared/order/reasons'
import type { Messages } from '../../i18n'

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(
  locale: string,
  timeZone: string,
  options: Pick<Intl.DateTimeFormatOptions, 'dateStyle' | 'timeStyle'>
): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone} ${options.dateStyle ?? ''} ${options.timeStyle ?? ''}`
  let format = formatters.get(key)
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone })
    formatters.set(key, format)
  }
  return format
}

/**
 * A moment as the cashier reads it: date and time to the second on the shop's clock (its
 * `timeZone`), so the history agrees with the days it is filtered by.
 */
export function formatTime(at: number, locale: string, timeZone: string): string {
  return formatter(locale, timeZone, { dateStyle: 'medium', timeStyle: 'medium' }).format(at)
}

/** A time of day on the shop's clock, to the minute: when a PIN lock ends. */
export function formatClock(at: number, locale: string, timeZone: string): string {
  return formatter(locale, timeZone, { timeStyle: 'short' }).format(at)
}

/** A journal event's kind in words; a kind the screen does not know reads as itself. */
export function kindText(t: Messages, kind: string): string {
  return t.saleDetail.kinds[kind] ?? kind
}

/** The words for the statuses an event of this kind moves between; other kinds have none. */
function statusWords(t: Messages, kind: string): Readonly<Record<string, string>> {
  if (kind.startsWith('attempt.')) return t.saleDetail.attemptStatuses
  if (kind.startsWith('refund.')) return t.saleDetail.refundStatuses
  if (kind.startsWith('sale.')) return t.history.statuses
  return {}
}

/**
 * The few fields of an event worth a line on the timeline, joined, in the screen's language: the
 * statuses by name, and the engine's reason from its data when the event carries it (the English
 * it was journaled with otherwise).
 */
export function eventSummary(
  t: Messages,
  entry: Pick<TimelineEntry, 'kind' | 'detail' | 'why'>
): string {
  const { detail } = entry
  const parts: string[] = []
  const text = (key: string): string | null => {
    const value = detail[key]
    return typeof value === 'string' && value !== '' ? value : null
  }
  const words = statusWords(t, entry.kind)
  const status = (value: string): string =>
    (Object.hasOwn(words, value) ? words[value] : value) ?? value
  const from = text('from')
  const to = text('to')
  if (from !== null && to !== null) parts.push(t.saleDetail.transition(status(from), status(to)))
  else if (text('status') !== null) parts.push(status(text('status') as string))
  for (const key of ['method', 'payMethodId', 'merchantOrderNo', 'verdict']) {
    const value = text(key)
    if (value !== null) parts.push(value)
  }
  if (detail['ok'] === false) {
    parts.push(
      [t.saleDetail.failedCall, text('errorCode') ?? text('errorKind')].filter(Boolean).join(': ')
    )
  }
  if (isReason(entry.why)) parts.push(sayReason(t.reasons, entry.why))
  else {
    for (const key of ['reason', 'failure']) {
      const value = text(key)
      if (value !== null) parts.push(value)
    }
  }
  return parts.join(' · ')
}
