import { useEffect, useRef, useState, type ReactElement } from 'react'
import {
  refundInFlight,
  refundsTotal,
  type AttemptView,
  type RefundView
} from '../../../../shared/order'
import { useT, type Messages } from '../../i18n'
import { formatMoney } from '../../../../shared/money/format'
import { reasonWords } from '../../lib/sale-flow'
import { methodLabel } from '../../lib/methods'
import { useHistoryApi, useHistoryStore } from '../../stores/history-store'
import { ErrorNotice } from '../../ui/ErrorNotice'
import type { ViewProps } from '../views'
import { eventSummary, formatTime, kindText } from './format'
import { refundableMinor } from '../../lib/history-forms'
import { RefundDialog } from './RefundDialog'

/** One sale: its amounts, its attempts and refunds (each with "Check now"), its journal timeline. */
export function SaleDetail({ info }: ViewProps): ReactElement {
  const t = useT()
  const api = useHistoryApi()
  const openId = useHistoryStore((state) => state.openId)
  const sale = useHistoryStore((state) => state.sale)
  const timeline = useHistoryStore((state) => state.timeline)
  const error = useHistoryStore((state) => state.detailError)
  const checking = useHistoryStore((state) => state.checking)
  const checked = useHistoryStore((state) => state.checked)
  const [refunding, setRefunding] = useState(false)
  const back = useRef<HTMLButtonElement>(null)
  const refundButton = useRef<HTMLButtonElement>(null)

  useEffect(() => back.current?.focus(), [])
  useEffect(() => {
    if (refunding) return
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') api.close()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [api, refunding])

  const left = sale === null ? 0 : refundableMinor(sale)
  // What has come back, apart from what is still on its way: the manager deciding on another
  // refund sees both (the refundable amount already counts the second, so nothing goes twice).
  const refundedDone = refundsTotal(sale?.refunds ?? [], ['refunded'])
  const returning = refundsTotal(sale?.refunds ?? [], refundInFlight)
  const money = (minor: number): string =>
    formatMoney({ minor, currency: sale?.amount.currency ?? info.currency }, t.locale)

  return (
    <section className="records" aria-labelledby="sale-title" data-testid="sale-detail">
      <div className="records__head">
        <button ref={back} type="button" className="button button--secondary" onClick={api.close}>
          {t.saleDetail.back}
        </button>
        <h2 className="section-title" id="sale-title">
          {t.saleDetail.heading(openId ?? 0)}
        </h2>
        <button
          ref={refundButton}
          type="button"
          className="button button--primary"
          disabled={left <= 0}
          aria-describedby={left <= 0 ? 'sale-not-refundable' : undefined}
          onClick={() => setRefunding(true)}
        >
          {t.saleDetail.refund}
        </button>
      </div>
      {error && (
        <ErrorNotice
          error={error}
          onDismiss={() => openId !== null && void api.open(openId)}
          actionLabel={t.errors.retry}
        />
      )}
      {sale === null ? (
        <p>{t.saleDetail.loading}</p>
      ) : (
        <>
          <div className="records__panel">
            <dl className="summary" data-testid="sale-summary">
              <div>
                <dt>{t.saleDetail.status}</dt>
                <dd>{t.history.statuses[sale.status]}</dd>
              </div>
              <div>
                <dt>{t.saleDetail.opened}</dt>
                <dd>{formatTime(sale.createdAt, t.locale, info.timeZone)}</dd>
              </div>
              <div>
                <dt>{t.saleDetail.amount}</dt>
                <dd>{money(sale.amount.minor)}</dd>
              </div>
              <div>
                <dt>{t.saleDetail.paid}</dt>
                <dd data-testid="sale-paid">{money(sale.paidMinor)}</dd>
              </div>
              <div>
                <dt>{t.saleDetail.refunded}</dt>
                <dd data-testid="sale-refunded">{money(refundedDone)}</dd>
              </div>
              {returning > 0 && (
                <div>
                  <dt>{t.saleDetail.refunding}</dt>
                  <dd data-testid="sale-refunding">{money(returning)}</dd>
                </div>
              )}
              <div>
                <dt>{t.saleDetail.refundable}</dt>
                <dd data-testid="sale-refundable">{money(left)}</dd>
              </div>
            </dl>
            {left <= 0 && (
              <p className="form-field__hint" id="sale-not-refundable">
                {t.saleDetail.notRefundable}
              </p>
            )}
          </div>
          <Attempts t={t} attempts={sale.attempts} checking={checking} onCheck={api.checkNow} />
          <Refunds t={t} refunds={sale.refunds} checking={checking} onCheck={api.checkNow} />
          {checked !== null && (
            <p className="ok-line" role="status">
              {t.saleDetail.checked}
            </p>
          )}
          <div className="records__panel">
            <h3 className="section-title">{t.saleDetail.timeline}</h3>
            {timeline.length === 0 ? (
              <p>{t.saleDetail.noTimeline}</p>
            ) : (
              <ol className="timeline" data-testid="sale-timeline">
                {timeline.map((entry) => (
                  <li key={entry.id}>
                    <time dateTime={new Date(entry.at).toISOString()}>
                      {formatTime(entry.at, t.locale, info.timeZone)}
                    </time>
                    <span>
                      <strong>{kindText(t, entry.kind)}</strong>
                      {eventSummary(t, entry) && ` — ${eventSummary(t, entry)}`}
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </div>
        </>
      )}
      {refunding && sale !== null && (
        <RefundDialog
          sale={sale}
          onClose={() => {
            setRefunding(false)
            refundButton.current?.focus()
          }}
        />
      )}
    </section>
  )
}

function CheckButton({
  t,
  merchantOrderNo,
  checking,
  onCheck
}: {
  t: Messages
  merchantOrderNo: string
  checking: string | null
  onCheck: (merchantOrderNo: string) => Promise<void>
}): ReactElement {
  const busy = checking === merchantOrderNo
  return (
    <button
      type="button"
      className="row-open"
      disabled={checking !== null}
      aria-label={`${t.saleDetail.checkNow} ${merchantOrderNo}`}
      onClick={() => void onCheck(merchantOrderNo)}
    >
      {busy ? t.saleDetail.checking : t.saleDetail.checkNow}
    </button>
  )
}

function Attempts({
  t,
  attempts,
  checking,
  onCheck
}: {
  t: Messages
  attempts: readonly AttemptView[]
  checking: string | null
  onCheck: (merchantOrderNo: string) => Promise<void>
}): ReactElement {
  return (
    <div className="records__panel">
      <h3 className="section-title">{t.saleDetail.attempts}</h3>
      {attempts.length === 0 ? (
        <p>{t.saleDetail.noAttempts}</p>
      ) : (
        <table className="records-table" data-testid="sale-attempts">
          <thead>
            <tr>
              <th scope="col">{t.saleDetail.orderNo}</th>
              <th scope="col">{t.history.columns.method}</th>
              <th scope="col">{t.saleDetail.mode}</th>
              <th scope="col">{t.saleDetail.status}</th>
              <th scope="col">{t.saleDetail.codeEnding}</th>
              <th scope="col">{t.saleDetail.reason}</th>
              <th scope="col">
                <span className="visually-hidden">{t.saleDetail.checkNow}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {attempts.map((attempt) => (
              <tr key={attempt.attemptId}>
                <td className="mono">{attempt.merchantOrderNo}</td>
                <td>{methodLabel(attempt.payMethodId)}</td>
                <td>{t.saleDetail.modes[attempt.mode]}</td>
                <td>{t.saleDetail.attemptStatuses[attempt.status]}</td>
                <td className="mono">{attempt.authCodeLast4?.slice(-4) ?? ''}</td>
                <td>{reasonWords(t.reasons, attempt.why, attempt.reason) ?? ''}</td>
                <td>
                  <CheckButton
                    t={t}
                    merchantOrderNo={attempt.merchantOrderNo}
                    checking={checking}
                    onCheck={onCheck}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}

function Refunds({
  t,
  refunds,
  checking,
  onCheck
}: {
  t: Messages
  refunds: readonly RefundView[]
  checking: string | null
  onCheck: (merchantOrderNo: string) => Promise<void>
}): ReactElement {
  const t2 = t.saleDetail
  return (
    <div className="records__panel">
      <h3 className="section-title">{t2.refunds}</h3>
      {refunds.length === 0 ? (
        <p>{t2.noRefunds}</p>
      ) : (
        <table className="records-table" data-testid="sale-refunds">
          <thead>
            <tr>
              <th scope="col">{t2.orderNo}</th>
              <th scope="col" className="num">
                {t2.amount}
              </th>
              <th scope="col">{t2.status}</th>
              <th scope="col">{t2.reason}</th>
              <th scope="col">
                <span className="visually-hidden">{t2.checkNow}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {refunds.map((refund) => (
              <tr key={refund.refundId}>
                <td className="mono">{refund.merchantOrderNo}</td>
                <td className="num">{formatMoney(refund.amount, t.locale)}</td>
                <td>
                  {t2.refundStatuses[refund.status]}
                  {refund.failure
                    ? ` — ${reasonWords(t.reasons, refund.failureWhy, refund.failure)}`
                    : ''}
                </td>
                <td>{refund.reason}</td>
                <td>
                  <CheckButton
                    t={t}
                    merchantOrderNo={refund.merchantOrderNo}
                    checking={checking}
                    onCheck={onCheck}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
