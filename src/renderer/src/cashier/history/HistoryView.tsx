import { useEffect, useRef, type FormEvent, type KeyboardEvent, type ReactElement } from 'react'
import { payMethodCatalog } from '../../../../shared/methods'
import type { SaleStatus } from '../../../../shared/order'
import { useT, type Messages } from '../../i18n'
import { formatMoney } from '../../../../shared/money/format'
import { methodLabel } from '../../lib/methods'
import { tillClient } from '../../stores/client'
import { useHistoryApi, useHistoryStore } from '../../stores/history-store'
import { useShopTimeZone } from '../../stores/till-store'
import { ErrorNotice } from '../../ui/ErrorNotice'
import type { ViewProps } from '../views'
import { formatTime } from './format'
import type { HistoryForm, HistoryFormProblem } from '../../lib/history-forms'
import { SaleDetail } from './SaleDetail'
import '../../styles/history.css'

const statuses: readonly SaleStatus[] = [
  'paid',
  'declined',
  'needs-attention',
  'paying',
  'open',
  'abandoned'
]

/** Sales history: filters, a page of 50 newest first, and a sale's detail when one is opened. */
export function HistoryView({ info }: ViewProps): ReactElement {
  const t = useT()
  const api = useHistoryApi()
  const openId = useHistoryStore((state) => state.openId)

  // The list and the open sale follow every change the service pushes while this view is up.
  useEffect(() => tillClient().on('sales:changed', api.applySale), [api])
  // Coming back to the view shows the same page as the journal has it now; the first time, the
  // newest sales.
  useEffect(() => {
    if (useHistoryStore.getState().query === null) void api.search(info.currency)
    else void api.reload()
  }, [api, info.currency])

  if (openId !== null) return <SaleDetail info={info} />
  return (
    <section className="records" aria-labelledby="history-title">
      <div className="records__head">
        <h2 className="section-title" id="history-title">
          {t.history.heading}
        </h2>
      </div>
      <Filters t={t} currency={info.currency} />
      <Results t={t} currency={info.currency} />
    </section>
  )
}

function problemText(t: Messages, problem: HistoryFormProblem, currency: string): string {
  switch (problem) {
    case 'date-range':
      return t.history.dateInvalid
    case 'amount':
      return t.history.amountInvalid(currency)
    case 'amount-range':
      return t.history.amountRangeInvalid
    case 'order-no':
      return t.history.orderNoInvalid
  }
}

function Filters({
  t,
  currency
}: {
  t: Messages
  currency: ViewProps['info']['currency']
}): ReactElement {
  const api = useHistoryApi()
  const form = useHistoryStore((state) => state.form)
  const errors = useHistoryStore((state) => state.formErrors)
  const loading = useHistoryStore((state) => state.loading)

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    void api.search(currency)
  }
  const field = (
    name: keyof HistoryForm,
    label: string,
    input: {
      type?: string
      inputMode?: 'decimal' | 'text'
      hint?: string
      error?: keyof typeof errors
    }
  ): ReactElement => {
    const id = `history-${name}`
    const problem = input.error === undefined ? undefined : errors[input.error]
    const described = [input.hint ? `${id}-hint` : null, problem ? `${id}-error` : null]
      .filter(Boolean)
      .join(' ')
    return (
      <div className="form-field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type={input.type ?? 'text'}
          inputMode={input.inputMode}
          autoComplete="off"
          value={form[name]}
          aria-invalid={problem !== undefined}
          aria-describedby={described || undefined}
          onChange={(event) => api.setField(name, event.target.value)}
        />
        {input.hint && (
          <p className="form-field__hint" id={`${id}-hint`}>
            {input.hint}
          </p>
        )}
        {problem && (
          <p className="form-field__error" id={`${id}-error`}>
            {problemText(t, problem, currency)}
          </p>
        )}
      </div>
    )
  }

  return (
    <form
      className="records__panel filters"
      aria-label={t.history.filtersLabel}
      onSubmit={submit}
      noValidate
    >
      {field('from', t.history.from, { type: 'date' })}
      {field('to', t.history.to, { type: 'date', error: 'to' })}
      <div className="form-field">
        <label htmlFor="history-status">{t.history.status}</label>
        <select
          id="history-status"
          value={form.status}
          onChange={(event) => api.setField('status', event.target.value as HistoryForm['status'])}
        >
          <option value="">{t.history.anyStatus}</option>
          {statuses.map((status) => (
            <option key={status} value={status}>
              {t.history.statuses[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="form-field">
        <label htmlFor="history-method">{t.history.method}</label>
        <select
          id="history-method"
          value={form.method}
          onChange={(event) => api.setField('method', event.target.value)}
        >
          <option value="">{t.history.anyMethod}</option>
          {payMethodCatalog.map((method) => (
            <option key={method.id} value={method.id}>
              {methodLabel(method.id)}
            </option>
          ))}
        </select>
      </div>
      {field('min', t.history.minAmount, { inputMode: 'decimal', error: 'min' })}
      {field('max', t.history.maxAmount, { inputMode: 'decimal', error: 'max' })}
      {field('orderNo', t.history.orderNo, { hint: t.history.orderNoHint, error: 'orderNo' })}
      <div className="filters__actions">
        <button type="submit" className="button button--primary" disabled={loading}>
          {t.history.search}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void api.clear(currency)}
        >
          {t.history.clear}
        </button>
      </div>
    </form>
  )
}

function Results({
  t,
  currency
}: {
  t: Messages
  currency: ViewProps['info']['currency']
}): ReactElement {
  const api = useHistoryApi()
  const rows = useHistoryStore((state) => state.rows)
  const next = useHistoryStore((state) => state.next)
  const page = useHistoryStore((state) => state.starts.length)
  const loading = useHistoryStore((state) => state.loading)
  const error = useHistoryStore((state) => state.error)
  const buttons = useRef<(HTMLButtonElement | null)[]>([])
  const timeZone = useShopTimeZone()

  // Arrow keys move between the sales, Home and End jump; Enter (the button's own) opens one.
  const move = (event: KeyboardEvent<HTMLTableSectionElement>): void => {
    const current = buttons.current.findIndex((button) => button === document.activeElement)
    if (current < 0) return
    const last = rows.length - 1
    const target =
      event.key === 'ArrowDown'
        ? Math.min(last, current + 1)
        : event.key === 'ArrowUp'
          ? Math.max(0, current - 1)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null
    if (target === null) return
    event.preventDefault()
    buttons.current[target]?.focus()
  }

  return (
    <div className="records__panel">
      {error && (
        <ErrorNotice
          error={error}
          onDismiss={() => void api.search(currency)}
          actionLabel={t.errors.retry}
        />
      )}
      <p className="form-field__hint" id="history-keys">
        {t.history.keyboardHint}
      </p>
      <div aria-live="polite" className="visually-hidden">
        {loading ? t.history.searching : ''}
      </div>
      {rows.length === 0 && !loading ? (
        <p data-testid="history-empty">{t.history.none}</p>
      ) : (
        <table
          className="records-table"
          aria-describedby="history-keys"
          data-testid="history-results"
        >
          <caption className="visually-hidden">{t.history.resultsLabel}</caption>
          <thead>
            <tr>
              <th scope="col">{t.history.columns.sale}</th>
              <th scope="col">{t.history.columns.time}</th>
              <th scope="col" className="num">
                {t.history.columns.amount}
              </th>
              <th scope="col">{t.history.columns.status}</th>
              <th scope="col">{t.history.columns.method}</th>
              <th scope="col">{t.history.columns.orderNo}</th>
              <th scope="col" className="num">
                {t.history.columns.refunded}
              </th>
            </tr>
          </thead>
          <tbody onKeyDown={move}>
            {rows.map((row, index) => (
              <tr key={row.saleId} data-testid="history-row">
                <td>
                  <button
                    type="button"
                    className="row-open"
                    ref={(button) => {
                      buttons.current[index] = button
                    }}
                    onClick={() => void api.open(row.saleId)}
                  >
                    {t.saleDetail.heading(row.saleId)}
                  </button>
                </td>
                <td>{formatTime(row.createdAt, t.locale, timeZone)}</td>
                <td className="num">{formatMoney(row.amount, t.locale)}</td>
                <td>{t.history.statuses[row.status]}</td>
                <td>
                  {row.payMethodId === null ? t.history.noMethod : methodLabel(row.payMethodId)}
                </td>
                <td className="mono">{row.merchantOrderNo ?? t.history.noMethod}</td>
                <td className="num">
                  {row.refundedMinor > 0
                    ? formatMoney(
                        { minor: row.refundedMinor, currency: row.amount.currency },
                        t.locale
                      )
                    : ''}
                  {row.refundingMinor > 0 ? (
                    <span className="history-refunding">
                      {t.history.refundingCell(
                        formatMoney(
                          { minor: row.refundingMinor, currency: row.amount.currency },
                          t.locale
                        )
                      )}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label={t.history.resultsLabel}>
        <button
          type="button"
          className="button button--secondary"
          disabled={page < 2 || loading}
          onClick={() => void api.newer()}
        >
          {t.history.newer}
        </button>
        <span>{t.history.pageOf(page)}</span>
        <button
          type="button"
          className="button button--secondary"
          disabled={next === null || loading}
          onClick={() => void api.older()}
        >
          {t.history.older}
        </button>
      </nav>
    </div>
  )
}
