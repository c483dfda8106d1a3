import { useLayoutEffect, useRef, useState, type ReactElement, type RefObject } from 'react'
import type { Money } from '../../../shared/money'
import type { SaleLine } from '../../../shared/order'
import { useT } from '../i18n'
import { formatMoney } from '../../../shared/money/format'

/**
 * What the customer is paying for, line by line, with the total under it; nothing when no lines.
 *
 * A sale may have up to 100 lines, and the amount due and the prompt under them must stay on the
 * screen whatever its size, so the list gets the height that is left (customer.css) and shows the
 * newest lines at its foot, the last one keyed being the one the customer is looking for. The
 * older lines it has no room for are counted, on a line right above the oldest one shown, instead
 * of half shown.
 */
export function CustomerLines({
  lines,
  amount
}: {
  lines: readonly SaleLine[] | undefined
  amount: Money
}): ReactElement | null {
  const t = useT()
  const listRef = useRef<HTMLUListElement>(null)
  const cutOff = useRowsCutOff(listRef, lines)
  if (lines === undefined || lines.length === 0) return null
  return (
    <div className="customer-lines">
      <ul ref={listRef} className="customer-lines__list" aria-label={t.lines.customerListLabel}>
        {lines.map((line, index) => (
          <li
            key={index}
            className={
              index < cutOff
                ? 'customer-lines__row customer-lines__row--cut-off'
                : 'customer-lines__row'
            }
          >
            {index === cutOff && cutOff > 0 && (
              <span className="customer-lines__more">{t.lines.customerMore(cutOff)}</span>
            )}
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

/**
 * How many of the list's first rows to leave out: those its box cuts off, whole or in part, and
 * when there are any, those in the way of the count's line above the first row shown. Nothing
 * here moves the layout it measures: a row left out is made invisible, not removed, and the count
 * is drawn over the rows left out (customer.css). Counted again whenever the list or a row changes
 * size: a new sale, the window resized, the fonts loaded.
 */
function useRowsCutOff(
  listRef: RefObject<HTMLUListElement | null>,
  lines: readonly SaleLine[] | undefined
): number {
  const [cutOff, setCutOff] = useState(0)
  useLayoutEffect(() => {
    const list = listRef.current
    if (list === null) return undefined
    const rows = [...list.children]
    const measure = (): void => {
      const top = list.getBoundingClientRect().top
      const first = rows[0]
      if (first === undefined || first.getBoundingClientRect().top >= top - 0.5) {
        setCutOff(0)
        return
      }
      // The count's line is as tall as the total's: one line with a row's padding.
      const room = top + (list.nextElementSibling?.getBoundingClientRect().height ?? 0)
      setCutOff(rows.filter((row) => row.getBoundingClientRect().top < room - 0.5).length)
    }
    // ResizeObserver reports each first size too, before the first paint.
    const observer = new ResizeObserver(measure)
    observer.observe(list)
    for (const row of rows) observer.observe(row)
    return () => observer.disconnect()
  }, [listRef, lines])
  return cutOff
}
