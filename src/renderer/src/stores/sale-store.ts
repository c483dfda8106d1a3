import { create } from 'zustand'
import type { TillError } from '../../../shared/contract'
import type { CurrencyCode } from '../../../shared/money'
import type { SaleView } from '../../../shared/order'
import { unreadableReplyError } from '../bridge/frames'
import { applyKeypadKey, checkAmount, sanitizeAmountText, type KeypadKey } from '../lib/amount'
import { applyAttempt, derivePhase, mergeSale, type Busy, type SalePhase } from '../lib/sale-flow'
import { isAttemptView, isSaleView } from '../lib/views'
import { tillClient } from './client'

export interface MethodPickerState {
  /** ambiguous: several rules matched; unknown: none did and every CPM method is offered. */
  readonly reason: 'ambiguous' | 'unknown'
  readonly candidates: readonly string[]
}

/** Something the screen noticed itself, not an error from the service. */
export type SaleNotice =
  | 'scanned-too-early'
  | 'not-a-wallet-code'
  | 'amount-empty'
  | 'amount-too-large'
  | 'amount-invalid'
  | null

export interface SaleState {
  /** The amount as keyed, in major units ("12.50"); see lib/amount. */
  readonly amountText: string
  /** The service's view of the current sale; null while the cashier keys a new one. */
  readonly sale: SaleView | null
  readonly busy: Busy
  readonly picker: MethodPickerState | null
  readonly retrying: boolean
  readonly error: TillError | null
  readonly notice: SaleNotice
  readonly api: {
    setAmountText(raw: string, currency: CurrencyCode): void
    pressKey(key: KeypadKey, currency: CurrencyCode): void
    /** `sales:open` for the keyed amount; the payment screen then waits for a code. */
    openSale(currency: CurrencyCode): Promise<void>
    /** `sales:abandon`: back to the amount, still keyed, to correct it. */
    cancelSale(): Promise<void>
    /**
     * `payments:startCpm`. The auth code is only ever an argument here: it is never kept in the
     * store, logged or rendered (the service returns its last four characters).
     */
    startCpm(authCode: string, payMethodId: string): Promise<void>
    openPicker(picker: MethodPickerState): void
    closePicker(): void
    askFreshCode(): void
    /** Clears the screen for the next customer, abandoning a sale that was never paid. */
    newSale(): Promise<void>
    /** A `sales:changed` push. */
    applySale(view: unknown): void
    /** `sales:get`: after a reconnect, or when a command failed and the truth is unclear. */
    refresh(): Promise<void>
    setNotice(notice: SaleNotice): void
    dismissError(): void
  }
}

const amountNotices = {
  empty: 'amount-empty',
  zero: 'amount-empty',
  'too-large': 'amount-too-large',
  invalid: 'amount-invalid'
} as const satisfies Record<string, SaleNotice>

const initial = {
  amountText: '',
  sale: null,
  busy: null,
  picker: null,
  retrying: false,
  error: null,
  notice: null
} satisfies Omit<SaleState, 'api'>

export const useSaleStore = create<SaleState>()((set, get) => {
  function accept(view: unknown): void {
    if (!isSaleView(view)) return
    const { sale } = get()
    const merged = mergeSale(sale, view)
    if (merged === sale) return
    set(
      merged?.status === 'abandoned'
        ? { sale: null, picker: null, retrying: false }
        : { sale: merged }
    )
  }

  async function refresh(): Promise<void> {
    const { sale } = get()
    if (sale === null) return
    const result = await tillClient().invoke('sales:get', { saleId: sale.saleId })
    if (result.ok) accept(result.value)
    else if (result.error.code === 'NOT_FOUND' && get().sale?.saleId === sale.saleId) {
      set({ sale: null, picker: null, retrying: false })
    }
  }

  async function abandon(sale: SaleView): Promise<boolean> {
    set({ busy: 'abandoning', error: null })
    const result = await tillClient().invoke('sales:abandon', { saleId: sale.saleId })
    set({ busy: null })
    if (result.ok || result.error.code === 'NOT_FOUND') return true
    set({ error: result.error })
    await refresh()
    return false
  }

  return {
    ...initial,
    api: {
      setAmountText(raw, currency) {
        const text = sanitizeAmountText(raw, currency)
        if (text !== null) set({ amountText: text, notice: null })
      },
      pressKey(key, currency) {
        set({ amountText: applyKeypadKey(get().amountText, key, currency), notice: null })
      },
      async openSale(currency) {
        const { busy, sale, amountText } = get()
        if (busy !== null || sale !== null) return
        const check = checkAmount(amountText, currency)
        if (!check.ok) {
          set({ notice: amountNotices[check.problem] })
          return
        }
        set({ busy: 'opening', error: null, notice: null })
        const result = await tillClient().invoke('sales:open', { amount: check.amount })
        if (!result.ok) set({ busy: null, error: result.error })
        else if (!isSaleView(result.value)) set({ busy: null, error: unreadableReplyError })
        else set({ busy: null, sale: result.value, picker: null, retrying: false })
      },
      async cancelSale() {
        const { sale, busy } = get()
        if (sale === null || busy !== null) return
        if (await abandon(sale)) set({ sale: null, picker: null, retrying: false })
      },
      async startCpm(authCode, payMethodId) {
        const { sale, busy } = get()
        if (sale === null || busy !== null) return
        set({ busy: 'submitting', picker: null, error: null, notice: null })
        const result = await tillClient().invoke('payments:startCpm', {
          saleId: sale.saleId,
          authCode,
          payMethodId
        })
        if (result.ok) {
          const current = get().sale
          set({
            busy: null,
            retrying: false,
            sale:
              current && isAttemptView(result.value) ? applyAttempt(current, result.value) : current
          })
          return
        }
        set({
          busy: null,
          error: result.error,
          retrying: result.error.code === 'DECLINED' ? false : get().retrying
        })
        await refresh()
      },
      openPicker(picker) {
        set({ picker, error: null })
      },
      closePicker() {
        set({ picker: null })
      },
      askFreshCode() {
        if (get().sale?.status === 'declined') set({ retrying: true, error: null })
      },
      async newSale() {
        const { sale, busy } = get()
        if (busy !== null) return
        if (sale !== null && (sale.status === 'open' || sale.status === 'declined')) {
          if (!(await abandon(sale))) return
        }
        set({ ...initial })
      },
      applySale: accept,
      refresh,
      setNotice(notice) {
        set({ notice })
      },
      dismissError() {
        set({ error: null })
      }
    }
  }
})

export const useSaleApi = (): SaleState['api'] => useSaleStore((state) => state.api)

export const useSalePhase = (): SalePhase =>
  useSaleStore((state) =>
    derivePhase({
      sale: state.sale,
      busy: state.busy,
      pickerOpen: state.picker !== null,
      retrying: state.retrying
    })
  )
