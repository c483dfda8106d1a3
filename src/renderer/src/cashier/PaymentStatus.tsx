import type { ReactElement } from 'react'
import type { AttemptView, SaleView } from '../../../shared/order'
import { locale, t } from '../i18n'
import { formatMoney } from '../lib/format-money'
import { methodLabel } from '../lib/methods'
import { currentAttempt, type SalePhase } from '../lib/sale-flow'
import type { MethodPickerState } from '../stores/sale-store'
import { AlertIcon, CheckIcon, CrossIcon, ScanIcon, Spinner } from '../ui/icons'

function AttemptDetails({ attempt }: { attempt: AttemptView }): ReactElement {
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
  connected
}: {
  phase: SalePhase
  sale: SaleView
  picker: MethodPickerState | null
  connected: boolean
}): ReactElement {
  const amount = <p className="payment-status__amount">{formatMoney(sale.amount, locale)}</p>
  const attempt = phase === 'submitting' ? null : currentAttempt(sale)
  const details = attempt && <AttemptDetails attempt={attempt} />

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
          case 'submitting':
          case 'processing':
            return (
              <>
                <Headline icon={<Spinner />} title={t.payment.processing} />
                {amount}
                <p className="payment-status__hint">{t.payment.processingHint}</p>
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
          case 'declined':
            return (
              <>
                <Headline icon={<CrossIcon />} title={t.payment.declined} big />
                <p className="payment-status__reason">
                  {attempt?.reason ?? t.payment.declinedFallbackReason}
                </p>
                <p className="payment-status__hint">{t.payment.declinedNext}</p>
                {details}
              </>
            )
          case 'needs-attention':
            return (
              <>
                <Headline icon={<AlertIcon />} title={t.payment.needsAttention} />
                <p className="payment-status__hint">{t.payment.needsAttentionHint}</p>
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
