import type { ComponentType, ReactElement } from 'react'
import type { TillInfo } from '../../../shared/contract'
import { useT } from '../i18n'
import type { View } from '../stores/nav-store'
import { EndOfDayView } from './end-of-day'
import { HistoryView } from './history'
import { viewLabel } from './NavBar'
import { SettingsView } from './settings/SettingsView'
import { useScannerStore } from '../stores/scanner-store'

/** What a view component gets; the sale view is CashierApp's own (amount entry, payment). */
export interface ViewProps {
  readonly info: TillInfo
}

/**
 * The views other than the sale, by name. Mounting one is one line here: replace `null` with its
 * component (history: `HistoryView` from ./history, end of day: `EndOfDayView` from ./end-of-day).
 */
export const viewComponents: Readonly<
  Record<Exclude<View, 'sale'>, ComponentType<ViewProps> | null>
> = {
  history: HistoryView,
  'end-of-day': EndOfDayView,
  settings: SettingsWithScanners
}

/**
 * The settings view with what main sees of HID-POS scanners, for the scanner wizard. A scanner in
 * keyboard mode types like any wedge scanner, so the wizard measures it as one.
 */
function SettingsWithScanners({ info }: ViewProps): ReactElement {
  const status = useScannerStore((state) => state.status)
  if (status === null) return <SettingsView info={info} />
  const hidStatus =
    status.kind === 'hid-pos'
      ? { kind: 'hid-pos' as const, devices: status.devices }
      : { kind: 'none' as const, devices: [] }
  return <SettingsView info={info} hidStatus={hidStatus} />
}

export function ViewOutlet({
  view,
  info
}: {
  view: Exclude<View, 'sale'>
  info: TillInfo
}): ReactElement {
  const t = useT()
  const Component = viewComponents[view]
  if (Component !== null) return <Component info={info} />
  return (
    <section className="view-empty" aria-labelledby="view-empty-title">
      <h2 className="section-title" id="view-empty-title">
        {viewLabel(t, view)}
      </h2>
      <p>{t.nav.comingSoon(viewLabel(t, view))}</p>
    </section>
  )
}
