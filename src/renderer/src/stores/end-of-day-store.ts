import { create } from 'zustand'
import type { TillError } from '../../../shared/contract'
import type { EndOfDayReport, ReconciliationReport } from '../../../shared/order'
import { unreadableReplyError } from '../bridge/frames'
import { dayRange, localDate, type DayRangeProblem } from '../lib/history-forms'
import { tillClient } from './client'
import { shopTimeZone } from './till-store'

export interface CsvFile {
  readonly filename: string
  readonly csv: string
}

export interface EndOfDayState {
  /** The days as `YYYY-MM-DD`, both inclusive; today by default. */
  readonly fromDate: string
  readonly toDate: string
  /** True once the manager picked the days: until then they follow the calendar to today. */
  readonly datesChosen: boolean
  readonly dateProblem: DayRangeProblem | null
  readonly report: EndOfDayReport | null
  readonly loading: boolean
  readonly error: TillError | null
  readonly reconciliation: ReconciliationReport | null
  readonly reconciling: boolean
  readonly exporting: 'sales' | 'refunds' | null
  /** The last file handed to the browser. */
  readonly exported: string | null
  readonly api: {
    setDates(fromDate: string, toDate: string): void
    /**
     * The view comes up: today's report unless the manager picked other days (a till runs for
     * days on end), read again from the journal, keeping a reconciliation of the same days.
     */
    open(): Promise<void>
    /** `reports:endOfDay` for the days chosen; a new report drops the last reconciliation. */
    load(): Promise<void>
    /** `reports:reconcile` for the days of the report on screen, whatever the fields hold now. */
    reconcile(): Promise<void>
    /** `reports:exportCsv`; the view turns the text into a download. */
    exportCsv(kind: 'sales' | 'refunds'): Promise<CsvFile | null>
    noteExported(filename: string): void
  }
}

function isReport(value: unknown): value is EndOfDayReport {
  if (typeof value !== 'object' || value === null) return false
  const report = value as Record<string, unknown>
  return (
    Array.isArray(report['byMethod']) &&
    Array.isArray(report['totals']) &&
    Array.isArray(report['needsAttention']) &&
    Array.isArray(report['openRefunds'])
  )
}

function isReconciliation(value: unknown): value is ReconciliationReport {
  if (typeof value !== 'object' || value === null) return false
  const report = value as Record<string, unknown>
  return typeof report['checked'] === 'number' && Array.isArray(report['differences'])
}

export const useEndOfDayStore = create<EndOfDayState>()((set, get) => {
  function range(): { from: number; to: number } | null {
    const checked = dayRange(get().fromDate, get().toDate, shopTimeZone())
    if (!checked.ok) {
      set({ dateProblem: checked.problem })
      return null
    }
    return { from: checked.from, to: checked.to }
  }

  async function load(keepCheck: boolean): Promise<void> {
    const days = range()
    if (days === null) return
    const check = get().reconciliation
    const keep = keepCheck && check !== null && check.from === days.from && check.to === days.to
    set({ loading: true, error: null, exported: null, ...(keep ? {} : { reconciliation: null }) })
    const result = await tillClient().invoke('reports:endOfDay', days)
    // A failed report shows no figures: the ones still on screen are of another moment or days.
    if (!result.ok) set({ loading: false, error: result.error, report: null })
    else if (!isReport(result.value)) {
      set({ loading: false, error: unreadableReplyError, report: null })
    } else set({ loading: false, report: result.value })
  }

  const today = localDate(Date.now(), shopTimeZone())
  return {
    fromDate: today,
    toDate: today,
    datesChosen: false,
    dateProblem: null,
    report: null,
    loading: false,
    error: null,
    reconciliation: null,
    reconciling: false,
    exporting: null,
    exported: null,
    api: {
      setDates(fromDate, toDate) {
        set({ fromDate, toDate, datesChosen: true, dateProblem: null })
      },
      async open() {
        // The shop's today: a till on UTC in a Tokyo shop is a day behind until 09:00.
        const today = localDate(Date.now(), shopTimeZone())
        if (!get().datesChosen) set({ fromDate: today, toDate: today, dateProblem: null })
        await load(true)
      },
      async load() {
        await load(false)
      },
      async reconcile() {
        const report = get().report
        if (report === null || get().reconciling) return
        const days = { from: report.from, to: report.to }
        set({ reconciling: true, error: null })
        const result = await tillClient().invoke('reports:reconcile', days)
        // Another report came up meanwhile: this check is not about the days on screen.
        const shown = get().report
        if (shown === null || shown.from !== days.from || shown.to !== days.to) {
          set({ reconciling: false })
        } else if (!result.ok) set({ reconciling: false, error: result.error })
        else if (!isReconciliation(result.value)) {
          set({ reconciling: false, error: unreadableReplyError })
        } else set({ reconciling: false, reconciliation: result.value })
      },
      async exportCsv(kind) {
        const days = range()
        if (days === null || get().exporting !== null) return null
        set({ exporting: kind, error: null, exported: null })
        const result = await tillClient().invoke('reports:exportCsv', { ...days, kind })
        set({ exporting: null })
        if (!result.ok) {
          set({ error: result.error })
          return null
        }
        const file = result.value
        if (typeof file?.filename !== 'string' || typeof file.csv !== 'string') {
          set({ error: unreadableReplyError })
          return null
        }
        return file
      },
      noteExported(filename) {
        set({ exported: filename })
      }
    }
  }
})

export const useEndOfDayApi = (): EndOfDayState['api'] => useEndOfDayStore((state) => state.api)
