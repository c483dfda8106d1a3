import { useEffect, type FormEvent, type ReactElement } from 'react'
import { isCurrencyCode } from '../../../../shared/money'
import { useT, type Messages } from '../../i18n'
import { formatMoney } from '../../../../shared/money/format'
import { reasonWords } from '../../lib/sale-flow'
import { methodLabel } from '../../lib/methods'
import { gatewayWords, tillWords } from '../../lib/reconciliation-words'
import { useEndOfDayApi, useEndOfDayStore } from '../../stores/end-of-day-store'
import { ErrorNotice } from '../../ui/ErrorNotice'
import { formatTime } from '../history/format'
import type { ViewProps } from '../views'
import '../../styles/history.css'

/** Hands the CSV text to the browser as a file download; nothing leaves the machine. */
function download(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  document.body.append(link)
  link.click()
  link.remove()
  // The download has its own copy once it started; the URL only keeps memory alive.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** A count as the screen's language writes numbers: `10,000`, not `10000`. */
function count(t: Messages, value: number): string {
  return new Intl.NumberFormat(t.locale).format(value)
}

function money(t: Messages, minor: number, currency: string): string {
  return isCurrencyCode(currency)
    ? formatMoney({ minor, currency }, t.locale)
    : `${minor} ${currency}`
}

/** End of day: totals per method, refunds, net, what needs attention, reconciliation, CSV. */
export function EndOfDayView({ info }: ViewProps): ReactElement {
  const t = useT()
  const api = useEndOfDayApi()
  const state = useEndOfDayStore()

  // Each time the view comes up: the journal as it is now, for today unless other days were picked.
  useEffect(() => {
    void api.open()
  }, [api])

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    void api.load()
  }
  const exportCsv = async (kind: 'sales' | 'refunds'): Promise<void> => {
    const file = await api.exportCsv(kind)
    if (file === null) return
    download(file.filename, file.csv)
    api.noteExported(file.filename)
  }

  const report = state.report
  const problem = state.dateProblem
  const fromProblem = problem === 'from'
  const toProblem = problem !== null && !fromProblem
  return (
    <section className="records" aria-labelledby="eod-title">
      <div className="records__head">
        <h2 className="section-title" id="eod-title">
          {t.endOfDay.heading}
        </h2>
        <p className="records__note">{t.endOfDay.days(info.timeZone)}</p>
      </div>
      <form
        className="records__panel filters"
        onSubmit={submit}
        noValidate
        aria-labelledby="eod-title"
      >
        <div className="form-field">
          <label htmlFor="eod-from">{t.endOfDay.from}</label>
          <input
            id="eod-from"
            type="date"
            value={state.fromDate}
            aria-invalid={fromProblem || undefined}
            aria-describedby={fromProblem ? 'eod-from-error' : undefined}
            onChange={(event) => api.setDates(event.target.value, state.toDate)}
          />
          {fromProblem && (
            <p className="form-field__error" id="eod-from-error">
              {t.endOfDay.dateMissingFrom}
            </p>
          )}
        </div>
        <div className="form-field">
          <label htmlFor="eod-to">{t.endOfDay.to}</label>
          <input
            id="eod-to"
            type="date"
            value={state.toDate}
            aria-invalid={toProblem}
            aria-describedby={toProblem ? 'eod-to-error' : undefined}
            onChange={(event) => api.setDates(state.fromDate, event.target.value)}
          />
          {toProblem && (
            <p className="form-field__error" id="eod-to-error">
              {problem === 'to'
                ? t.endOfDay.dateMissingTo
                : problem === 'too-long'
                  ? t.endOfDay.dateTooLong
                  : t.endOfDay.dateInvalid}
            </p>
          )}
        </div>
        <div className="filters__actions">
          <button type="submit" className="button button--primary" disabled={state.loading}>
            {t.endOfDay.show}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={state.exporting !== null}
            onClick={() => void exportCsv('sales')}
          >
            {t.endOfDay.exportSales}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={state.exporting !== null}
            onClick={() => void exportCsv('refunds')}
          >
            {t.endOfDay.exportRefunds}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {state.loading && <p>{t.endOfDay.loading}</p>}
        {state.exporting !== null && <p>{t.endOfDay.exporting}</p>}
        {state.exported !== null && (
          <p className="ok-line">{t.endOfDay.exported(state.exported)}</p>
        )}
      </div>
      {state.error && (
        <ErrorNotice
          error={state.error}
          onDismiss={() => void api.load()}
          actionLabel={t.errors.retry}
        />
      )}
      {report !== null && (
        <>
          <div className="records__panel">
            <h3 className="section-title">{t.endOfDay.byMethod}</h3>
            {report.byMethod.length === 0 ? (
              <p>{t.endOfDay.noPayments}</p>
            ) : (
              <table className="records-table" data-testid="eod-totals">
                <thead>
                  <tr>
                    <th scope="col">{t.endOfDay.columns.method}</th>
                    <th scope="col" className="num">
                      {t.endOfDay.columns.paidCount}
                    </th>
                    <th scope="col" className="num">
                      {t.endOfDay.columns.paid}
                    </th>
                    <th scope="col" className="num">
                      {t.endOfDay.columns.refundCount}
                    </th>
                    <th scope="col" className="num">
                      {t.endOfDay.columns.refunded}
                    </th>
                    <th scope="col" className="num">
                      {t.endOfDay.columns.net}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {report.byMethod.map((row) => (
                    <tr key={`${row.payMethodId}-${row.currency}`} data-testid="eod-method">
                      <th scope="row">{methodLabel(row.payMethodId)}</th>
                      <td className="num">{count(t, row.paidCount)}</td>
                      <td className="num">{money(t, row.paidMinor, row.currency)}</td>
                      <td className="num">{count(t, row.refundCount)}</td>
                      <td className="num">{money(t, row.refundedMinor, row.currency)}</td>
                      <td className="num">{money(t, row.netMinor, row.currency)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  {report.totals.map((row) => (
                    <tr key={row.currency} data-testid="eod-total">
                      <th scope="row">{t.endOfDay.total(row.currency)}</th>
                      <td className="num">{count(t, row.paidCount)}</td>
                      <td className="num">{money(t, row.paidMinor, row.currency)}</td>
                      <td className="num">{count(t, row.refundCount)}</td>
                      <td className="num">{money(t, row.refundedMinor, row.currency)}</td>
                      <td className="num">{money(t, row.netMinor, row.currency)}</td>
                    </tr>
                  ))}
                </tfoot>
              </table>
            )}
          </div>
          <div className="records__panel">
            <h3 className="section-title">{t.endOfDay.needsAttention}</h3>
            {report.needsAttention.length === 0 ? (
              <p>{t.endOfDay.noneNeedAttention}</p>
            ) : (
              <ul data-testid="eod-attention">
                {report.needsAttention.map((attempt) => (
                  <li key={attempt.attemptId}>
                    <span className="mono">{attempt.merchantOrderNo}</span> —{' '}
                    {formatMoney(attempt.amount, t.locale)} {methodLabel(attempt.payMethodId)},{' '}
                    {formatTime(attempt.createdAt, t.locale, info.timeZone)}
                    {attempt.reason
                      ? ` — ${reasonWords(t.reasons, attempt.why, attempt.reason)}`
                      : ''}
                  </li>
                ))}
              </ul>
            )}
            <h3 className="section-title">{t.endOfDay.openRefunds}</h3>
            {report.openRefunds.length === 0 ? (
              <p>{t.endOfDay.noOpenRefunds}</p>
            ) : (
              <ul data-testid="eod-open-refunds">
                {report.openRefunds.map((refund) => (
                  <li key={refund.refundId}>
                    <span className="mono">{refund.merchantOrderNo}</span> —{' '}
                    {formatMoney(refund.amount, t.locale)},{' '}
                    {t.saleDetail.refundStatuses[refund.status]}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <Reconciliation t={t} />
        </>
      )}
    </section>
  )
}

function Reconciliation({ t }: { t: Messages }): ReactElement {
  const api = useEndOfDayApi()
  const reconciling = useEndOfDayStore((state) => state.reconciling)
  const result = useEndOfDayStore((state) => state.reconciliation)
  return (
    <div className="records__panel">
      <button
        type="button"
        className="button button--secondary"
        disabled={reconciling}
        onClick={() => void api.reconcile()}
      >
        {t.endOfDay.reconcile}
      </button>
      <div aria-live="polite" data-testid="eod-reconciliation">
        {reconciling && <p>{t.endOfDay.reconciling}</p>}
        {result !== null && (
          <>
            <p>{t.endOfDay.reconciled(result.checked, result.matched)}</p>
            {result.differences.length === 0 ? (
              <p className="ok-line">{t.endOfDay.noDifferences}</p>
            ) : (
              <table className="records-table">
                <caption>{t.endOfDay.differences}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t.endOfDay.differenceColumns.orderNo}</th>
                    <th scope="col">{t.endOfDay.differenceColumns.kind}</th>
                    <th scope="col">{t.endOfDay.differenceColumns.till}</th>
                    <th scope="col">{t.endOfDay.differenceColumns.gateway}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.differences.map((difference, index) => (
                    <tr key={`${difference.merchantOrderNo}-${index}`}>
                      <td className="mono">{difference.merchantOrderNo}</td>
                      <td>{t.endOfDay.differenceKinds[difference.kind]}</td>
                      <td>{tillWords(t, difference)}</td>
                      <td>{gatewayWords(t, difference)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </div>
    </div>
  )
}
