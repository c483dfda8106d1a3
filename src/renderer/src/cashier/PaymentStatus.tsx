import type { ReactElement } from 'react'
import type { AttemptView, SaleView } from '../../../shared/order'
import { useT, type Messages } from '../i18n'
import { formatMoney } from '../../../shared/money/format'
import { methodLabel } from '../lib/methods'
import {
  attemptDeadline,
  currentAttempt,
  declineDetail,
  reasonWords,
  type SalePhase
} from '../lib/sale-flow'
import type { MethodPickerState } from '../stores/sale-store'
import { AlertIcon, CheckIcon, CrossIcon, QrIcon, ScanIcon, Spinner } from '../ui/icons'
import { Countdown } from './Countdown'

function AttemptDetails({ attempt, t }: { attempt: AttemptView; t: Messages }): ReactElement {
  return (
    <dl className="details">
      <div className="details__row">
        <dt>{t.payment.method}</dt>
        <dd>{methodLabel(attempt.payMethodId)}</dd>
      </div>
      <div className="details__row">
        <dt>{t.payment.orderNumber}</dt>
        <dd className="mono">{attempt.merchantOrderNo}</dd>
      </div>
      {attempt.authCodeLast4 !== null && (
        <div className="details__row">
          <dt>{t.payment.codeEnding}</dt>
          <dd className="mono">…{attempt.authCodeLast4.slice(-4)}</dd>
        </div>
      )}
    </dl>
  )
}

function Headline({
  icon,
  title,
  big = false
}: {
  icon: ReactElement | null
  title: string
  big?: boolean
}): ReactElement {
  return (
    <div className="payment-status__headline">
      {icon && <span className="payment-status__icon">{icon}</span>}
      <h2 className={`payment-status__title${big ? ' payment-status__title--big' : ''}`}>
        {title}
      </h2>
    </div>
  )
}

/**
 * The page's one live region: what the service says about this sale, in the cashier's words. It
 * shows only the last four characters of a customer's code, and only as the service returned them.
 */
export function PaymentStatus({
  phase,
  sale,
  picker,
  connected,
  cpmWindowMs
}: {
  phase: SalePhase
  sale: SaleView
  picker: MethodPickerState | null
  connected: boolean
  cpmWindowMs: number | null
}): ReactElement {
  const t = useT()
  const amount = <p className="payment-status__amount">{formatMoney(sale.amount, t.locale)}</p>
  const attempt = phase === 'submitting' || phase === 'requesting-qr' ? null : currentAttempt(sale)
  const details = attempt && <AttemptDetails attempt={attempt} t={t} />
  const deadline = attempt && attemptDeadline(attempt, cpmWindowMs)
  const countdown = deadline !== null && deadline !== undefined && <Countdown deadline={deadline} />
  // Why the till is still checking, or why it needs a person: an unclear reply and an unreachable
  // gateway are told apart (issue 4 §4), in the screen's language.
  const said = attempt && reasonWords(t.reasons, attempt.why, attempt.reason)
  const unclear =
    attempt?.why?.code === 'checking' || attempt?.why?.code === 'unreachable' ? said : null

  return (
    <div
      className={`payment-status payment-status--${phase}`}
      role="status"
      aria-live="polite"
      aria-atomic="true"
      data-testid="payment-status"
    >
      {(() => {
        switch (phase) {
          case 'awaiting-code':
            return (
              <>
                <Headline icon={<ScanIcon />} title={t.payment.awaitingHeading} />
                {amount}
                <p className={connected ? 'payment-status__hint' : 'payment-status__warning'}>
                  {connected ? t.payment.awaitingHint : t.payment.disconnected}
                </p>
              </>
            )
          case 'choosing-method':
            return (
              <>
                <Headline icon={null} title={t.picker.heading} />
                <p className="payment-status__hint">
                  {picker?.reason === 'ambiguous'
                    ? t.picker.reasonAmbiguous
                    : t.picker.reasonUnknown}{' '}
                  {t.picker.hint}
                </p>
              </>
            )
          case 'choosing-wallet':
            return (
              <>
                <Headline icon={<QrIcon />} title={t.tender.walletHeading} />
                {amount}
                <p className={connected ? 'payment-status__hint' : 'payment-status__warning'}>
                  {connected ? t.tender.walletHint : t.payment.disconnected}
                </p>
              </>
            )
          case 'requesting-qr':
            return (
              <>
                <Headline icon={<Spinner />} title={t.tender.requestingQr} />
                {amount}
              </>
            )
          case 'showing-qr':
            return (
              <>
                <Headline icon={<QrIcon />} title={t.tender.showingQr} />
                {amount}
                <p className="payment-status__hint">
                  {t.tender.showingQrHint(methodLabel(attempt?.payMethodId ?? ''))}
                </p>
                {countdown}
                {details}
              </>
            )
          case 'confirming':
            return (
              <>
                <Headline icon={<Spinner />} title={t.tender.confirming} />
                {amount}
                <p className="payment-status__hint">{t.tender.confirmingHint}</p>
                {countdown}
                {details}
              </>
            )
          case 'submitting':
          case 'processing':
            return (
              <>
                <Headline icon={<Spinner />} title={t.payment.processing} />
                {amount}
                <p className="payment-status__hint">{t.payment.processingHint}</p>
                {unclear && (
                  <p className="payment-status__reason" data-testid="payment-reason">
                    {unclear}
                  </p>
                )}
                {details}
              </>
            )
          case 'cancelling':
            return (
              <>
                <Headline icon={<Spinner />} title={t.tender.cancelling} />
                {amount}
                <p className="payment-status__hint">{t.tender.cancellingHint}</p>
                {details}
              </>
            )
          case 'paid':
            return (
              <>
                <Headline icon={<CheckIcon />} title={t.payment.paid} big />
                {amount}
                {details}
              </>
            )
          case 'declined': {
            // A window that ran out closes the order unpaid: not the wallet's refusal.
            const expired = attempt?.status === 'cancelled'
            const detail = declineDetail(attempt, t.reasons)
            return (
              <>
                <Headline
                  icon={<CrossIcon />}
                  title={expired ? t.tender.notPaidInTime : t.payment.declined}
                  big
                />
                <p className="payment-status__reason">
                  {detail === null
                    ? t.payment.declinedFallbackReason
                    : expired
                      ? detail
                      : t.tender.declinedBecause(detail)}
                </p>
                <p className="payment-status__hint">
                  {attempt?.mode === 'MPM' ? t.tender.declinedNextMpm : t.tender.declinedNextCpm}
                </p>
                {details}
              </>
            )
          }
          case 'needs-attention':
            return (
              <>
                <Headline icon={<AlertIcon />} title={t.payment.needsAttention} />
                <p className="payment-status__hint">{t.tender.attentionHint}</p>
                {said && (
                  <p className="payment-status__reason" data-testid="payment-reason">
                    {said}
                  </p>
                )}
                {details}
              </>
            )
          case 'entry':
          case 'opening':
            return null
        }
      })()}
    </div>
  )
}
