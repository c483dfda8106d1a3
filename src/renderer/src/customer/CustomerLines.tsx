import type { ReactElement } from 'react'
import type { Money } from '../../../shared/money'
import type { SaleLine } from '../../../shared/order'
import { useT } from '../i18n'
import { formatMoney } from '../../../shared/money/format'

/** What the customer is paying for, line by line, with the total under it; nothing when no lines. */
export function CustomerLines({
  lines,
  amount
}: {
  lines: readonly SaleLine[] | undefined
  amount: Money
}): ReactElement | null {
  const t = useT()
  if (lines === undefined || lines.length === 0) return null
  return (
    <div className="customer-lines">
      <ul className="customer-lines__list" aria-label={t.lines.customerListLabel}>
        {lines.map((line, index) => (
          <li key={index} className="customer-lines__row">
            <span className="customer-lines__description">
              {t.lines.customerLine(line.quantity, line.description)}
            </span>
            <span className="customer-lines__amount">
              {formatMoney(
                { minor: line.unitPriceMinor * line.quantity, currency: amount.currency },
                t.locale
              )}
            </span>
          </li>
        ))}
      </ul>
      <p className="customer-lines__row customer-lines__row--total">
        <span>{t.customer.total}</span>
        <span>{formatMoney(amount, t.locale)}</span>
      </p>
    </div>
  )
}
