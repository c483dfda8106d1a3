import { create } from 'zustand'
import type {
  HistoryCursor,
  HistoryPage,
  HistoryRow,
  Result,
  TillError,
  TimelineEntry
} from '../../../shared/contract'
import type { CurrencyCode, Money } from '../../../shared/money'
import { refundInFlight, refundsTotal, type RefundView, type SaleView } from '../../../shared/order'
import { unreadableReplyError } from '../bridge/frames'
import {
  emptyHistoryForm,
  historyQuery,
  type HistoryForm,
  type HistoryFormErrors,
  type HistoryQuery
} from '../lib/history-forms'
import { isSaleView } from '../lib/views'
import { tillClient } from './client'
import { shopTimeZone } from './till-store'

export interface HistoryState {
  readonly form: HistoryForm
  readonly formErrors: HistoryFormErrors
  /** The filters of the list on screen; null before the first search. */
  readonly query: HistoryQuery | null
  /** Where each page shown so far started (undefined: the newest); the last is the current page. */
  readonly starts: readonly (HistoryCursor | undefined)[]
  readonly rows: readonly HistoryRow[]
  readonly next: HistoryCursor | null
  readonly loading: boolean
  readonly error: TillError | null
  /** The sale opened from the list (its id at once, the sale once loaded), with its timeline. */
  readonly openId: number | null
  readonly sale: SaleView | null
  readonly timeline: readonly TimelineEntry[]
  readonly detailLoading: boolean
  readonly detailError: TillError | null
  /** The order number "Check now" is asking about. */
  readonly checking: string | null
  readonly checked: string | null
  readonly api: {
    setField<K extends keyof HistoryForm>(field: K, value: HistoryForm[K]): void
    /** Checks the form and loads the first page of what it finds. */
    search(currency: CurrencyCode): Promise<void>
    clear(currency: CurrencyCode): Promise<void>
    /** The page on screen again, as the journal has it now (coming back to the view). */
    reload(): Promise<void>
    older(): Promise<void>
    newer(): Promise<void>
    open(saleId: number): Promise<void>
    close(): void
    /** A `sales:changed` push: the open sale and its row follow it. */
    applySale(view: unknown): void
    checkNow(merchantOrderNo: string): Promise<void>
    /** `refunds:create` for the open sale; the dialog shows a refusal next to its fields. */
    refund(args: { amount: Money; reason: string; managerPin: string }): Promise<Result<RefundView>>
  }
}

function isHistoryPage(value: unknown): value is HistoryPage {
  if (typeof value !== 'object' || value === null) return false
  const page = value as Record<string, unknown>
  return Array.isArray(page['rows']) && (page['next'] === null || typeof page['next'] === 'object')
}

/** Counts list requests, so an answer overtaken by a newer request is dropped. */
let listRequests = 0
let detailRequests = 0

export const useHistoryStore = create<HistoryState>()((set, get) => {
  async function load(
    query: HistoryQuery,
    starts: readonly (HistoryCursor | undefined)[]
  ): Promise<void> {
    const request = ++listRequests
    const after = starts.at(-1)
    set({ loading: true, error: null })
    const result = await tillClient().invoke('sales:history', {
      ...query,
      ...(after === undefined ? {} : { after })
    })
    if (request !== listRequests) return
    if (!result.ok) set({ loading: false, error: result.error })
    else if (!isHistoryPage(result.value)) set({ loading: false, error: unreadableReplyError })
    else {
      set({
        loading: false,
        query,
        starts,
        rows: result.value.rows,
        next: result.value.next
      })
    }
  }

  async function loadDetail(saleId: number): Promise<void> {
    const request = ++detailRequests
    const [sale, timeline] = await Promise.all([
      tillClient().invoke('sales:get', { saleId }),
      tillClient().invoke('sales:timeline', { saleId })
    ])
    if (request !== detailRequests || get().openId !== saleId) return
    if (!sale.ok) set({ detailLoading: false, detailError: sale.error })
    else if (!isSaleView(sale.value))
      set({ detailLoading: false, detailError: unreadableReplyError })
    else {
      set({
        detailLoading: false,
        detailError: timeline.ok ? null : timeline.error,
        sale: sale.value,
        timeline: timeline.ok && Array.isArray(timeline.value) ? timeline.value : get().timeline
      })
    }
  }

  return {
    form: emptyHistoryForm,
    formErrors: {},
    query: null,
    starts: [undefined],
    rows: [],
    next: null,
    loading: false,
    error: null,
    openId: null,
    sale: null,
    timeline: [],
    detailLoading: false,
    detailError: null,
    checking: null,
    checked: null,
    api: {
      setField(field, value) {
        const formErrors = { ...get().formErrors }
        if (field === 'from' || field === 'to') delete formErrors.to
        else if (field === 'min' || field === 'max') {
          delete formErrors.min
          delete formErrors.max
        } else if (field === 'orderNo') delete formErrors.orderNo
        set({ form: { ...get().form, [field]: value }, formErrors })
      },
      async search(currency) {
        const checked = historyQuery(get().form, currency, shopTimeZone())
        if (!checked.ok) {
          set({ formErrors: checked.errors })
          return
        }
        set({ formErrors: {} })
        await load(checked.query, [undefined])
      },
      async clear(currency) {
        set({ form: emptyHistoryForm, formErrors: {} })
        await get().api.search(currency)
      },
      async reload() {
        const { query, starts } = get()
        if (query !== null) await load(query, starts)
      },
      async older() {
        const { query, next, starts } = get()
        if (query === null || next === null) return
        await load(query, [...starts, next])
      },
      async newer() {
        const { query, starts } = get()
        if (query === null || starts.length < 2) return
        await load(query, starts.slice(0, -1))
      },
      async open(saleId) {
        set({
          openId: saleId,
          sale: null,
          timeline: [],
          detailLoading: true,
          detailError: null,
          checked: null
        })
        await loadDetail(saleId)
      },
      close() {
        detailRequests += 1
        set({
          openId: null,
          sale: null,
          timeline: [],
          detailLoading: false,
          detailError: null,
          checked: null
        })
      },
      applySale(view) {
        if (!isSaleView(view)) return
        const { openId, rows } = get()
        const index = rows.findIndex((row) => row.saleId === view.saleId)
        if (index >= 0) {
          const row = rows[index] as HistoryRow
          const updated: HistoryRow = {
            ...row,
            status: view.status,
            paidMinor: view.paidMinor,
            refundedMinor: refundsTotal(view.refunds, ['refunded']),
            refundingMinor: refundsTotal(view.refunds, refundInFlight)
          }
          set({ rows: rows.map((r, i) => (i === index ? updated : r)) })
        }
        if (openId === view.saleId) {
          // The timeline grows with every change; fetch it with the new sale.
          void loadDetail(view.saleId)
        }
      },
      async checkNow(merchantOrderNo) {
        const { sale } = get()
        if (sale === null || get().checking !== null) return
        set({ checking: merchantOrderNo, checked: null, detailError: null })
        const result = await tillClient().invoke('payments:checkNow', { merchantOrderNo })
        set({
          checking: null,
          checked: result.ok ? merchantOrderNo : null,
          detailError: result.ok ? null : result.error
        })
        await loadDetail(sale.saleId)
      },
      async refund(args) {
        const { sale } = get()
        if (sale === null) return { ok: false, error: unreadableReplyError }
        const result = await tillClient().invoke('refunds:create', { saleId: sale.saleId, ...args })
        await loadDetail(sale.saleId)
        return result
      }
    }
  }
})

export const useHistoryApi = (): HistoryState['api'] => useHistoryStore((state) => state.api)
