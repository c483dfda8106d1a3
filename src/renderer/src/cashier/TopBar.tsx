import type { ReactElement } from 'react'
import { useT } from '../i18n'

/** Unmissable while the embedded sandbox is the gateway: nothing paid here is real money. */
export function SandboxBanner(): ReactElement {
  const t = useT()
  return (
    <aside className="sandbox-banner" aria-label={t.sandbox.banner}>
      <strong className="sandbox-banner__title">{t.sandbox.banner}</strong>
      <span className="sandbox-banner__detail">{t.sandbox.detail}</span>
    </aside>
  )
}

export function AppHeader({ shopName }: { shopName: string | null }): ReactElement {
  const t = useT()
  return (
    <header className="app-header">
      <h1 className="app-header__shop">{shopName ?? t.app.product}</h1>
      <span className="app-header__product">{t.app.product}</span>
    </header>
  )
}
