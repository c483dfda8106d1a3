import type { Messages } from '../../i18n'

const formatters = new Map<string, Intl.DateTimeFormat>()

/** A moment as the cashier reads it: local date and time to the second. */
export function formatTime(at: number, locale: string): string {
  let format = formatters.get(locale)
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' })
    formatters.set(locale, format)
  }
  return format.format(at)
}

/** A journal event's kind in words; a kind the screen does not know reads as itself. */
export function kindText(t: Messages, kind: string): string {
  return t.saleDetail.kinds[kind] ?? kind
}

/** The few fields of an event worth a line on the timeline, joined. */
export function eventSummary(
  t: Messages,
  detail: Readonly<Record<string, string | number | boolean | null>>
): string {
  const parts: string[] = []
  const text = (key: string): string | null => {
    const value = detail[key]
    return typeof value === 'string' && value !== '' ? value : null
  }
  const from = text('from')
  const to = text('to')
  if (from !== null && to !== null) parts.push(t.saleDetail.transition(from, to))
  else if (text('status') !== null) parts.push(text('status') as string)
  for (const key of ['method', 'payMethodId', 'merchantOrderNo', 'verdict']) {
    const value = text(key)
    if (value !== null) parts.push(value)
  }
  if (detail['ok'] === false) {
    parts.push(
      [t.saleDetail.failedCall, text('errorCode') ?? text('errorKind')].filter(Boolean).join(': ')
    )
  }
  for (const key of ['reason', 'failure']) {
    const value = text(key)
    if (value !== null) parts.push(value)
  }
  return parts.join(' · ')
}
