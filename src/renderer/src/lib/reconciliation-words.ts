import { isCurrencyCode } from '../../../shared/money'
import { formatMoney } from '../../../shared/money/format'
import type {
  ReconciliationDifference,
  ReconciliationGatewaySays,
  ReconciliationTillSays
} from '../../../shared/order'
import type { Messages } from '../i18n'

/**
 * Each side of a reconciliation difference in the screen's language, from the data the service
 * sends with it. The English `till` and `gateway` words are the log's: shown only when the data
 * is not there to word.
 */

function money(t: Messages, amount: { minor: number; currency: string }): string {
  return isCurrencyCode(amount.currency)
    ? formatMoney({ minor: amount.minor, currency: amount.currency }, t.locale)
    : `${amount.minor} ${amount.currency}`
}

function isTillSays(value: unknown): value is ReconciliationTillSays {
  if (typeof value !== 'object' || value === null) return false
  const { status, amount, transNo } = value as Record<string, unknown>
  if (typeof amount !== 'object' || amount === null) return false
  const { minor, currency } = amount as Record<string, unknown>
  return (
    typeof status === 'string' &&
    Number.isSafeInteger(minor) &&
    typeof currency === 'string' &&
    (transNo === null || typeof transNo === 'string')
  )
}

function isGatewaySays(value: unknown): value is ReconciliationGatewaySays {
  if (typeof value !== 'object' || value === null) return false
  const said = (value as Record<string, unknown>)['said']
  return ['status', 'amount', 'trans-no', 'no-such-order', 'no-answer'].includes(said as string)
}

export function tillWords(t: Messages, difference: ReconciliationDifference): string {
  const says: unknown = difference.tillSays
  if (!isTillSays(says)) return difference.till
  const words = t.endOfDay.tillSays
  switch (difference.kind) {
    case 'amount':
      return money(t, says.amount)
    case 'trans-no':
      return words.transNo(says.transNo ?? '—')
    default: {
      if (says.status === 'paid') return words.paid(money(t, says.amount))
      const statuses: Readonly<Record<string, string>> = t.saleDetail.attemptStatuses
      return words.closed(statuses[says.status] ?? says.status)
    }
  }
}

export function gatewayWords(t: Messages, difference: ReconciliationDifference): string {
  const says: unknown = difference.gatewaySays
  if (!isGatewaySays(says)) return difference.gateway
  const words = t.endOfDay.gatewaySays
  switch (says.said) {
    case 'status': {
      const statuses: Readonly<Record<string, string>> = words.transStatuses
      const status = statuses[String(says.transStatus)] ?? words.unknownStatus(says.transStatus)
      return says.errorCode === null ? status : words.withCode(status, says.errorCode)
    }
    case 'amount':
      if (says.amount !== null) return money(t, says.amount)
      if (says.asSent !== null) return words.asSent(says.asSent.amount, says.asSent.currency)
      return words.noAmount
    case 'trans-no':
      return t.endOfDay.tillSays.transNo(says.transNo)
    case 'no-such-order':
      return words.noSuchOrder(says.code)
    case 'no-answer': {
      const why = words.noAnswer[says.why] ?? words.noAnswer.malformed
      return says.code === null ? why : words.withCode(why, says.code)
    }
  }
}
