import { useEffect, useRef, type ReactElement } from 'react'
import { useT, type Messages } from '../i18n'
import { isChord } from '../lib/key-gate'
import { useSalePhase } from '../stores/sale-store'
import {
  saleLocks,
  useNavApi,
  useNavStore,
  viewForKey,
  viewKeys,
  views,
  type View
} from '../stores/nav-store'
import type { SalePhase } from '../lib/sale-flow'
import { Kbd } from '../ui/Kbd'
import '../styles/settings.css'

export function viewLabel(t: Messages, view: View): string {
  switch (view) {
    case 'sale':
      return t.nav.sale
    case 'history':
      return t.nav.history
    case 'end-of-day':
      return t.nav.endOfDay
    case 'settings':
      return t.nav.settings
  }
}

/**
 * The views' shortcuts, at the window in the bubble phase: a view's own handlers (the sale's key
 * gates, capturing at the window; the scanner wizard) act first and keep their keys, so a
 * scanner's keys never switch views and a payment screen keeps every key it swallows.
 */
function useNavKeys(phase: SalePhase): void {
  const locked = saleLocks(phase)
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || isChord(event) || event.repeat) return
      const view = viewForKey(event.key)
      if (view === null) return
      event.preventDefault()
      useNavStore.getState().api.go(view, locked)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [locked])
}

export function NavBar(): ReactElement {
  const t = useT()
  const phase = useSalePhase()
  const current = useNavStore((state) => state.view)
  const refused = useNavStore((state) => state.refused)
  const pending = useNavStore((state) => state.pending)
  const api = useNavApi()
  const locked = saleLocks(phase)
  useNavKeys(phase)

  return (
    <nav className="nav-bar" aria-label={t.nav.region}>
      <ul className="nav-bar__list">
        {views.map((view) => (
          <li key={view}>
            <button
              type="button"
              className={`button button--large nav-bar__button${
                view === current ? ' nav-bar__button--current' : ''
              }`}
              aria-current={view === current ? 'page' : undefined}
              aria-keyshortcuts={viewKeys[view]}
              aria-disabled={view !== current && current === 'sale' && locked}
              aria-describedby={refused === 'sale-in-progress' ? 'nav-refused' : undefined}
              onClick={() => api.go(view, locked)}
            >
              <span>{viewLabel(t, view)}</span>
              <Kbd>{viewKeys[view]}</Kbd>
            </button>
          </li>
        ))}
      </ul>
      <div aria-live="polite">
        {refused === 'sale-in-progress' && (
          <p className="notice notice--info nav-bar__refused" id="nav-refused">
            {t.nav.saleInProgress}
            <button type="button" className="button button--quiet" onClick={api.dismissRefusal}>
              {t.errors.dismiss}
            </button>
          </p>
        )}
      </div>
      {pending !== null && <UnsavedDialog />}
    </nav>
  )
}

/** Asks before dropping unsaved settings; the safe answer (stay) has the focus. */
function UnsavedDialog(): ReactElement {
  const t = useT()
  const api = useNavApi()
  const stay = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    stay.current?.focus()
  }, [])
  return (
    <div
      className="nav-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="nav-dialog-title"
      aria-describedby="nav-dialog-body"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault()
          api.stay()
        }
      }}
    >
      <h2 id="nav-dialog-title" className="section-title">
        {t.nav.unsavedTitle}
      </h2>
      <p id="nav-dialog-body">{t.nav.unsavedBody}</p>
      <div className="actions">
        <button
          ref={stay}
          type="button"
          className="button button--primary button--large"
          onClick={api.stay}
        >
          {t.nav.keepEditing}
        </button>
        <button
          type="button"
          className="button button--secondary button--large"
          onClick={api.discardAndGo}
        >
          {t.nav.discard}
        </button>
      </div>
    </div>
  )
}
