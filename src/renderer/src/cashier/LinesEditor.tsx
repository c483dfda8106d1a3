import { useEffect, useRef, type ReactElement } from 'react'
import type { CurrencyCode } from '../../../shared/money'
import { exponentOf } from '../../../shared/money'
import { useT } from '../i18n'
import { amountSoFar, droppedShown } from '../lib/amount'
import { formatMoney } from '../../../shared/money/format'
import { maxDescription, quantityOf } from '../lib/sale-lines'
import { useSaleApi, useSaleStore } from '../stores/sale-store'

/**
 * The sale's optional lines: description, price and quantity each, with its line total. Plain
 * labelled fields, so the keyboard and a screen reader work as anywhere else; a new line takes
 * the focus to its description, a removed one hands it to the Add button.
 */
export function LinesEditor({
  currency,
  disabled
}: {
  currency: CurrencyCode
  disabled: boolean
}): ReactElement {
  const t = useT()
  const api = useSaleApi()
  const lines = useSaleStore((state) => state.lines)
  const problem = useSaleStore((state) => state.lineProblem)
  const dropped = useSaleStore((state) => state.dropped)
  const addRef = useRef<HTMLButtonElement>(null)
  const count = useRef(lines.length)

  useEffect(() => {
    const newest = lines.at(-1)
    if (lines.length > count.current && newest !== undefined) {
      document.getElementById(`line-${newest.key}-description`)?.focus()
    } else if (lines.length < count.current) {
      addRef.current?.focus()
    }
    count.current = lines.length
  }, [lines])

  const decimals = exponentOf(currency)
  const droppedField = dropped === null || dropped.field === 'amount' ? null : dropped.field
  const droppedIndex =
    droppedField === null ? -1 : lines.findIndex((line) => line.key === droppedField.lineKey)
  const droppedText =
    dropped === null || droppedField === null || droppedIndex < 0
      ? null
      : dropped.refused !== undefined
        ? t.digitsOnly.notTaken[droppedField.part](droppedIndex + 1, dropped.refused)
        : droppedField.part === 'price'
          ? t.digitsOnly.price(droppedIndex + 1, droppedShown(dropped.characters), decimals)
          : t.digitsOnly.quantity(droppedIndex + 1, droppedShown(dropped.characters))
  /** The message about characters this field left out, if it is the one that did. */
  const describedBy = (key: number, part: 'price' | 'quantity'): string | undefined =>
    droppedField?.lineKey === key && droppedField.part === part ? 'lines-dropped' : undefined
  return (
    <fieldset className="lines" disabled={disabled}>
      <legend className="field-label">{t.lines.heading}</legend>
      {lines.length > 0 && <p className="field-hint">{t.lines.hint}</p>}
      <ol className="lines__list">
        {lines.map((line, index) => {
          const n = index + 1
          const id = `line-${line.key}`
          const bad = problem?.index === index ? problem.problem : null
          const total = {
            minor:
              amountSoFar(line.priceText, currency).minor * (quantityOf(line.quantityText) ?? 0),
            currency
          }
          return (
            <li key={line.key} className="lines__row" aria-label={t.lines.itemLabel(n)}>
              <label className="lines__field lines__field--description">
                <span className="lines__label">{t.lines.description}</span>
                <input
                  id={`${id}-description`}
                  className="lines__input"
                  type="text"
                  autoComplete="off"
                  maxLength={maxDescription}
                  aria-invalid={bad === 'description'}
                  value={line.description}
                  onChange={(event) =>
                    api.updateLine(line.key, { description: event.target.value }, currency)
                  }
                />
              </label>
              <label className="lines__field lines__field--price">
                <span className="lines__label">{t.lines.price}</span>
                <input
                  className="lines__input lines__input--number"
                  type="text"
                  inputMode={decimals === 0 ? 'numeric' : 'decimal'}
                  autoComplete="off"
                  aria-invalid={bad === 'price'}
                  aria-describedby={describedBy(line.key, 'price')}
                  value={line.priceText}
                  onChange={(event) =>
                    api.updateLine(line.key, { priceText: event.target.value }, currency)
                  }
                />
              </label>
              <label className="lines__field lines__field--quantity">
                <span className="lines__label">{t.lines.quantity}</span>
                <input
                  className="lines__input lines__input--number"
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  aria-invalid={bad === 'quantity'}
                  aria-describedby={describedBy(line.key, 'quantity')}
                  value={line.quantityText}
                  onChange={(event) =>
                    api.updateLine(line.key, { quantityText: event.target.value }, currency)
                  }
                />
              </label>
              <p className="lines__total">
                <span className="visually-hidden">{t.lines.lineTotal} </span>
                {formatMoney(total, t.locale)}
              </p>
              <button
                type="button"
                className="button button--quiet lines__remove"
                aria-label={t.lines.remove(n)}
                onClick={() => api.removeLine(line.key)}
              >
                ×
              </button>
            </li>
          )
        })}
      </ol>
      <div role="status" id="lines-dropped">
        {droppedText !== null && (
          <p className="notice notice--info" data-testid="line-dropped">
            {droppedText}
          </p>
        )}
      </div>
      <div aria-live="polite">
        {problem && (
          <p className="notice notice--info" data-testid="line-problem">
            {t.lines.problem[problem.problem](problem.index + 1)}
          </p>
        )}
      </div>
      <button ref={addRef} type="button" className="button button--secondary" onClick={api.addLine}>
        {t.lines.add}
      </button>
    </fieldset>
  )
}
