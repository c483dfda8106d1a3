import { useEffect, useMemo, useState, type ReactElement } from 'react'
import { methodLabel } from '../lib/methods'
import type { Money } from '../../../shared/money'
import { useT } from '../i18n'
import { formatMoney } from '../../../shared/money/format'
import { formatCountdown, qrPath, secondsLeft } from '../lib/qr'

/**
 * The MPM payment code: large, black on white with its quiet zone, the amount and a countdown.
 * `deadline` is on the page's monotonic clock (lib/qr.ts `qrDeadline`), and so is the ticking.
 */
export function PaymentQr(props: {
  qrContent: string
  amount: Money
  payMethodId: string
  deadline: number | null
}): ReactElement {
  const t = useT()
  const { path, size } = useMemo(() => qrPath(props.qrContent), [props.qrContent])
  const [now, setNow] = useState(() => performance.now())
  useEffect(() => {
    if (props.deadline === null) return undefined
    const timer = window.setInterval(() => setNow(performance.now()), 1000)
    return () => window.clearInterval(timer)
  }, [props.deadline])
  const left = secondsLeft(props.deadline, now)
  // At 0 the till is closing the order: no code to scan is left up, even for the moment before
  // its "closing" state arrives (a tablet on a slow LAN).
  const expired = left === 0
  const wallet = methodLabel(props.payMethodId)

  return (
    <div className="customer-qr">
      <p className="customer__amount customer__amount--small">
        {formatMoney(props.amount, t.locale)}
      </p>
      {expired ? (
        <p className="customer__line">{t.customer.expired}</p>
      ) : (
        <>
          <svg
            className="customer-qr__code"
            viewBox={`0 0 ${size} ${size}`}
            role="img"
            aria-label={t.customer.qrLabel(wallet)}
            shapeRendering="crispEdges"
          >
            <rect width={size} height={size} fill="#ffffff" />
            <path d={path} fill="#000000" />
          </svg>
          <p className="customer__line">{t.customer.scanWith(wallet)}</p>
          {left !== null && (
            <p className="customer-qr__countdown" aria-live="off">
              {t.customer.timeLeft(formatCountdown(left))}
            </p>
          )}
        </>
      )}
    </div>
  )
}
