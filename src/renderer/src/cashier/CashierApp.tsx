import { useCallback, type ReactElement } from 'react'
import type { ScreenClient } from '../bridge/types'
import { ConnectionEvents, SalesEvents } from '../subscriptions/TillEvents'
import { useT } from '../i18n'
import { ScannerEvents } from '../subscriptions/ScannerEvents'
import { useSalePhase, useSaleStore } from '../stores/sale-store'
import { useTillStore } from '../stores/till-store'
import { ErrorNotice } from '../ui/ErrorNotice'
import { AmountEntry } from './AmountEntry'
import { PaymentView } from './PaymentView'
import { ScannerStatusItem } from './ScannerStatus'
import { StatusBar } from './StatusBar'
import { NavBar } from './NavBar'
import { ViewOutlet } from './views'
import { useNavStore } from '../stores/nav-store'
import { useStatusStore } from '../stores/status-store'
import { SettingsEvents, StatusEvents } from '../subscriptions/SettingsEvents'
import { AppHeader, SandboxBanner } from './TopBar'

export function CashierApp({ client }: { client: ScreenClient }): ReactElement {
  const t = useT()
  const info = useTillStore((state) => state.info)
  const infoError = useTillStore((state) => state.infoError)
  const phase = useSalePhase()
  const view = useNavStore((state) => state.view)

  // Every time the link comes (back) up: the till's settings, and where the sale stands now (the
  // one the service says the cashier was working on, after a reload or a crash).
  const onConnected = useCallback(() => {
    void useTillStore.getState().api.loadInfo()
    void useSaleStore.getState().api.resume()
    void useStatusStore.getState().api.load()
  }, [])

  return (
    <>
      <ConnectionEvents client={client} onConnected={onConnected} />
      <SalesEvents client={client} />
      <SettingsEvents client={client} />
      <StatusEvents client={client} />
      <ScannerEvents client={client} />
      <div className="app">
        {info?.sandbox && <SandboxBanner />}
        <AppHeader shopName={info?.shopName ?? null} />
        <NavBar />
        <main className="app-main">
          {info === null ? (
            <div className="loading">
              {infoError ? (
                <ErrorNotice
                  error={infoError}
                  onDismiss={onConnected}
                  actionLabel={t.errors.retry}
                />
              ) : (
                <p>{t.loading}</p>
              )}
            </div>
          ) : view !== 'sale' ? (
            <ViewOutlet view={view} info={info} />
          ) : phase === 'entry' || phase === 'opening' ? (
            <AmountEntry info={info} />
          ) : (
            <PaymentView info={info} />
          )}
        </main>
        <StatusBar scanner={<ScannerStatusItem />} />
      </div>
    </>
  )
}
