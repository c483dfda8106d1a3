import { useCallback, type ReactElement } from 'react'
import type { ScreenClient } from '../bridge/types'
import { ConnectionEvents, SalesEvents } from '../subscriptions/TillEvents'
import { ScannerEvents } from '../subscriptions/ScannerEvents'
import { t } from '../i18n'
import { useSalePhase, useSaleStore } from '../stores/sale-store'
import { useTillStore } from '../stores/till-store'
import { ErrorNotice } from '../ui/ErrorNotice'
import { AmountEntry } from './AmountEntry'
import { PaymentView } from './PaymentView'
import { StatusBar } from './StatusBar'
import { AppHeader, SandboxBanner } from './TopBar'

export function CashierApp({ client }: { client: ScreenClient }): ReactElement {
  const info = useTillStore((state) => state.info)
  const infoError = useTillStore((state) => state.infoError)
  const phase = useSalePhase()

  // Every time the link comes (back) up: the till's settings, and where the open sale stands now.
  const onConnected = useCallback(() => {
    void useTillStore.getState().api.loadInfo()
    void useSaleStore.getState().api.refresh()
  }, [])

  return (
    <>
      <ConnectionEvents client={client} onConnected={onConnected} />
      <SalesEvents client={client} />
      <ScannerEvents client={client} />
      <div className="app">
        {info?.sandbox && <SandboxBanner />}
        <AppHeader shopName={info?.shopName ?? null} />
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
          ) : phase === 'entry' || phase === 'opening' ? (
            <AmountEntry info={info} />
          ) : (
            <PaymentView info={info} />
          )}
        </main>
        <StatusBar />
      </div>
    </>
  )
}
