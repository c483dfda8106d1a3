import { useEffect, useState, type ReactElement } from 'react'
import { useT } from '../i18n'
import { formatCountdown, secondsLeft } from '../lib/qr'

/**
 * Time left until `deadline` (epoch ms), ticking once a second. Not a live region: the panel
 * around it announces the state, and a reader announcing every second would drown it.
 */
export function Countdown({
  deadline,
  expiredText
}: {
  deadline: number
  /** What to say once the time is up; by default, that the till is closing the order. */
  expiredText?: string
}): ReactElement {
  const t = useT()
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000)
    return () => window.clearInterval(timer)
  }, [deadline])
  const left = secondsLeft(deadline, now) ?? 0
  return (
    <p className="payment-status__countdown" aria-live="off" data-testid="payment-countdown">
      {left > 0 ? t.tender.timeLeft(formatCountdown(left)) : (expiredText ?? t.tender.timeUp)}
    </p>
  )
}
