import type { ReactElement } from 'react'
import { t } from '../i18n'
import { useTillStore } from '../stores/till-store'
import { ScannerStatusItem } from './ScannerStatus'

/**
 * The way to the till service and the gateway in use. Not a `status` role: the payment panel is
 * the page's one status region; this line is announced politely when it changes.
 */
export function StatusBar(): ReactElement {
  const connection = useTillStore((state) => state.connection)
  const hasToken = useTillStore((state) => state.hasToken)
  const sandbox = useTillStore((state) => state.info?.sandbox)

  const service =
    connection === 'connected'
      ? t.status.serviceConnected
      : !hasToken
        ? t.status.noToken
        : connection === 'connecting'
          ? t.status.serviceConnecting
          : t.status.serviceDisconnected
  const gateway =
    sandbox === undefined
      ? t.status.gatewayUnknown
      : sandbox
        ? t.status.gatewaySandbox
        : t.status.gatewayLive

  return (
    <footer className="status-bar" aria-label={t.status.region}>
      <p className={`status-bar__item status-bar__item--${connection}`} aria-live="polite">
        <span className="status-dot" aria-hidden="true" />
        {service}
      </p>
      <p className="status-bar__item">{gateway}</p>
      <ScannerStatusItem />
    </footer>
  )
}
