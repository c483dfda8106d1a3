import { useCallback, type ReactElement } from 'react'
import type { DisplayState } from '../../../shared/contract'
import type { Money } from '../../../shared/money'
import type { ScreenClient } from '../bridge/types'
import { SettingsEvents } from '../subscriptions/SettingsEvents'
import { ConnectionEvents, DisplayEvents } from '../subscriptions/TillEvents'
import { useT } from '../i18n'
import { formatMoney } from '../../../shared/money/format'
import { useDisplayStore } from '../stores/display-store'
import { useTillStore } from '../stores/till-store'
import { CheckIcon, CrossIcon, Spinner } from '../ui/icons'
import { CustomerLines } from './CustomerLines'
import { PaymentQr } from './PaymentQr'
import { qrDeadline } from '../lib/qr'

/** The customer waits on the gateway: the amount, a spinner, and what is going on. */
function Waiting({
  amount,
  headline,
  line
}: {
  amount: Money
  headline?: string
  line: string
}): ReactElement {
  const t = useT()
  return (
    <>
      <p className="customer__amount customer__amount--small">{formatMoney(amount, t.locale)}</p>
      <div className="customer__icon">
        <Spinner />
      </div>
      {headline !== undefined && <p className="customer__headline">{headline}</p>}
      <p className="customer__line">{line}</p>
    </>
  )
}

/** What the customer reads for `display`; `receivedAt` is when it arrived (display-store). */
export function Message({
  display,
  receivedAt
}: {
  display: DisplayState | null
  receivedAt: number
}): ReactElement {
  const t = useT()
  if (display === null) return <p className="customer__headline">{t.customer.connecting}</p>
  switch (display.screen) {
    case 'idle':
      return (
        <>
          <p className="customer__shop">{display.shopName}</p>
          <p className="customer__headline">{t.customer.welcome}</p>
        </>
      )
    case 'awaiting-code':
      return (
        <>
          <CustomerLines lines={display.lines} amount={display.amount} />
          <p className="customer__label">{t.customer.amountDue}</p>
          <p className="customer__amount">{formatMoney(display.amount, t.locale)}</p>
          <p className="customer__line">{t.customer.pleaseShowCode}</p>
        </>
      )
    case 'preparing-qr':
      return (
        <>
          <CustomerLines lines={display.lines} amount={display.amount} />
          <p className="customer__label">{t.customer.amountDue}</p>
          <p className="customer__amount">{formatMoney(display.amount, t.locale)}</p>
          <p className="customer__line">{t.customer.preparingQr}</p>
        </>
      )
    case 'processing':
      return <Waiting amount={display.amount} line={t.customer.processing} />
    case 'confirming':
      return <Waiting amount={display.amount} line={t.customer.confirming} />
    case 'paid':
      return (
        <>
          <div className="customer__icon customer__icon--paid">
            <CheckIcon />
          </div>
          <p className="customer__headline">{t.customer.paid}</p>
          <p className="customer__amount customer__amount--small">
            {formatMoney(display.amount, t.locale)}
          </p>
          <p className="customer__line">{t.customer.thankYou}</p>
        </>
      )
    case 'declined':
      return (
        <>
          <div className="customer__icon customer__icon--declined">
            <CrossIcon />
          </div>
          <p className="customer__headline">{t.customer.declined}</p>
          <p className="customer__line">
            {display.mode === 'MPM' ? t.customer.declinedHintMpm : t.customer.declinedHint}
          </p>
        </>
      )
    case 'closing':
      return <Waiting amount={display.amount} line={t.customer.closing} />
    case 'expired':
      return (
        <>
          <p className="customer__headline">{t.customer.notPaidInTime}</p>
          <p className="customer__amount customer__amount--small">
            {formatMoney(display.amount, t.locale)}
          </p>
          <p className="customer__line">{t.customer.notPaidInTimeHint}</p>
        </>
      )
    case 'show-qr':
      return (
        <PaymentQr
          qrContent={display.qrContent}
          amount={display.amount}
          payMethodId={display.payMethodId}
          deadline={qrDeadline(display.expiresAt, display.sentAt, receivedAt)}
        />
      )
    case 'refunding':
      return (
        <Waiting
          amount={display.amount}
          headline={t.customer.refunding}
          line={t.customer.refundingHint}
        />
      )
    case 'refund-failed':
      return (
        <>
          <div className="customer__icon customer__icon--declined">
            <CrossIcon />
          </div>
          <p className="customer__headline">{t.customer.refundFailed}</p>
          <p className="customer__amount customer__amount--small">
            {formatMoney(display.amount, t.locale)}
          </p>
          <p className="customer__line">{t.customer.refundFailedHint}</p>
        </>
      )
    case 'refunded':
      return (
        <>
          <div className="customer__icon customer__icon--paid">
            <CheckIcon />
          </div>
          <p className="customer__headline">{t.customer.refunded}</p>
          <p className="customer__amount customer__amount--small">
            {formatMoney(display.amount, t.locale)}
          </p>
          <p className="customer__line">{t.customer.refundedHint}</p>
        </>
      )
  }
}

/**
 * The customer-facing display renders what the service pushes (DisplayState) and nothing else. It
 * has no control that takes focus: it must never pull the keyboard away from the cashier.
 */
export function CustomerApp({ client }: { client: ScreenClient }): ReactElement {
  const t = useT()
  const display = useDisplayStore((state) => state.display)
  const receivedAt = useDisplayStore((state) => state.receivedAt)
  const connection = useTillStore((state) => state.connection)
  const connected = connection === 'connected'
  const unpaired = connection === 'unpaired'
  // The till's settings too: the display speaks the language the till is set to.
  const onConnected = useCallback(() => {
    void useDisplayStore.getState().api.load()
    void useTillStore.getState().api.loadInfo()
  }, [])
  // An unpaired tablet shows nothing of the last sale: it may be on a counter nobody watches.
  const screen = unpaired ? 'unpaired' : (display?.screen ?? 'connecting')

  return (
    <>
      <ConnectionEvents client={client} onConnected={onConnected} />
      <DisplayEvents client={client} />
      <SettingsEvents client={client} />
      <main className={`customer customer--${screen}`}>
        <h1 className="visually-hidden">{t.app.customerTitle}</h1>
        {!unpaired && display && display.screen !== 'idle' && (
          <p className="customer__shop-corner">{display.shopName}</p>
        )}
        <div
          className="customer__message"
          role="status"
          aria-live="polite"
          data-testid="customer-status"
        >
          {unpaired ? (
            <>
              <p className="customer__headline">{t.customer.unpaired}</p>
              <p className="customer__line">{t.customer.unpairedHint}</p>
            </>
          ) : (
            <Message display={display} receivedAt={receivedAt} />
          )}
        </div>
        {!connected && !unpaired && display !== null && (
          <p className="customer__link">{t.customer.connecting}</p>
        )}
      </main>
    </>
  )
}
