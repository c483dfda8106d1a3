import type { ReactElement, ReactNode } from 'react'
import { useT } from '../i18n'
import { useStatusStore } from '../stores/status-store'
import { useTillStore } from '../stores/till-store'

/**
 * The way to the till service and the gateway in use. Not a `status` role: the payment panel is
 * the page's one status region; this line is announced politely when it changes.
 */
export function StatusBar({
  scanner
}: {
  /**
   * The scanner's readiness, from the HID-POS scanner service (`scanner:status`): mounted here by
   * whoever wires that service in; nothing is shown until then.
   */
  scanner?: ReactNode
}): ReactElement {
  const t = useT()
  // The service's own words about a failing check are English and technical: a hover detail for
  // whoever installs the till, labelled as such in the screen's language.
  const technical = (detail: string | null): string | undefined =>
    detail === null ? undefined : t.settings.detail(detail)
  const health = useStatusStore((state) => state.status)
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
      {health !== null && connection === 'connected' && (
        <>
          <p
            className={`status-bar__item status-bar__item--${health.gateway.state}`}
            data-testid="status-gateway"
            title={technical(health.gateway.detail)}
          >
            <span className="status-dot" aria-hidden="true" />
            {health.gateway.state === 'reachable'
              ? t.health.gatewayReachable
              : health.gateway.state === 'unreachable'
                ? t.health.gatewayUnreachable
                : t.health.gatewayChecking}
          </p>
          <p
            className={`status-bar__item status-bar__item--${health.journal.state}`}
            data-testid="status-journal"
            title={technical(health.journal.detail)}
            aria-live="polite"
          >
            <span className="status-dot" aria-hidden="true" />
            {health.journal.state === 'healthy' ? t.health.journalHealthy : t.health.journalFailing}
          </p>
        </>
      )}
      {scanner !== undefined && (
        <div className="status-bar__item" role="group" aria-label={t.health.scannerSlot}>
          {scanner}
        </div>
      )}
    </footer>
  )
}
