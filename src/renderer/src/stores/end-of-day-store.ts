import { create } from 'zustand'
import type { TillError } from '../../../shared/contract'
import type { EndOfDayReport, ReconciliationReport } from '../../../shared/order'
import { unreadableReplyError } from '../bridge/frames'
import { dayRange, localDate } from '../lib/history-forms'
import { tillClient } from './client'

export interface CsvFile {
  readonly filename: string
  readonly csv: string
}

export interface EndOfDayState {
  /** The days as `YYYY-MM-DD`, both inclusive; today by default. */
  readonly fromDate: string
  readonly toDate: string
  readonly dateError: boolean
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
    /** `reports:endOfDay` for the days chosen; a new report drops the last reconciliation. */
    load(): Promise<void>
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
    const checked = dayRange(get().fromDate, get().toDate)
    if (!checked.ok) {
      set({ dateError: true })
      return null
    }
    return { from: checked.from, to: checked.to }
  }

  const today = localDate(Date.now())
  return {
    fromDate: today,
    toDate: today,
    dateError: false,
    report: null,
    loading: false,
    error: null,
    reconciliation: null,
    reconciling: false,
    exporting: null,
    exported: null,
    api: {
      setDates(fromDate, toDate) {
        set({ fromDate, toDate, dateError: false })
      },
      async load() {
        const days = range()
        if (days === null) return
        set({ loading: true, error: null, reconciliation: null, exported: null })
        const result = await tillClient().invoke('reports:endOfDay', days)
        if (!result.ok) set({ loading: false, error: result.error })
        else if (!isReport(result.value)) set({ loading: false, error: unreadableReplyError })
        else set({ loading: false, report: result.value })
      },
      async reconcile() {
        const days = range()
        if (days === null || get().reconciling) return
        set({ reconciling: true, error: null })
        const result = await tillClient().invoke('reports:reconcile', days)
        if (!result.ok) set({ reconciling: false, error: result.error })
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
