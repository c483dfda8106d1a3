import { create } from 'zustand'
import type { TillError } from '../../../shared/contract'
import { toMajorString, type CurrencyCode, type Money } from '../../../shared/money'
import type { SaleLine, SaleView } from '../../../shared/order'
import { unreadableReplyError } from '../bridge/frames'
import {
  applyKeypadKey,
  checkAmount,
  editAmountText,
  type DigitsEdit,
  type KeypadKey,
  type NotTaken
} from '../lib/amount'
import {
  applyAttempt,
  currentAttempt,
  derivePhase,
  mergeSale,
  type Busy,
  type SalePhase,
  type Tender
} from '../lib/sale-flow'
import { checkLines, editQuantityText, type LineDraft, type LineProblem } from '../lib/sale-lines'
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

/** Characters the cashier typed into a field that takes digits, left out of it. */
export interface DroppedInput {
  /** The amount, or a line's price or quantity (by the line's key). */
  readonly field: 'amount' | { readonly lineKey: number; readonly part: 'price' | 'quantity' }
  /** As typed, so the message names what the cashier sees on the keys ("せん"). */
  readonly characters: string
  /** The edit was refused as a whole, and the field is as it was (lib/amount `DigitsEdit`). */
  readonly refused?: NotTaken
}

function droppedBy(field: DroppedInput['field'], edit: DigitsEdit): DroppedInput | null {
  // A comma refused as a whole is not among the characters left out (it is a separator).
  if (edit.dropped === '' && edit.refused === undefined) return null
  return {
    field,
    characters: edit.dropped,
    ...(edit.refused === undefined ? {} : { refused: edit.refused })
  }
}

export interface SaleState {
  /** The amount as keyed, in major units ("12.50"); see lib/amount. */
  readonly amountText: string
  /** The sale's optional lines as keyed; when there are any, their total is the amount. */
  readonly lines: readonly LineDraft[]
  /** The first line that stopped the sale from opening, and why. */
  readonly lineProblem: { readonly index: number; readonly problem: LineProblem } | null
  /** The service's view of the current sale; null while the cashier keys a new one. */
  readonly sale: SaleView | null
  readonly busy: Busy
  readonly picker: MethodPickerState | null
  readonly retrying: boolean
  /** How the cashier chose to take the payment of the open sale. */
  readonly tender: Tender
  readonly error: TillError | null
  readonly notice: SaleNotice
  /** What the last edit of a digits field left out; null once an edit leaves nothing out. */
  readonly dropped: DroppedInput | null
  /**
   * The newest sale the cashier moved on from on this page (a new sale, or back to the amount):
   * a reconnect never takes it, or an older one, up again. Null on a fresh page, which takes up
   * whatever the service says the cashier was working on.
   */
  readonly leftSaleId: number | null
  readonly api: {
    setAmountText(raw: string, currency: CurrencyCode): void
    pressKey(key: KeypadKey, currency: CurrencyCode): void
    addLine(): void
    /** An edit of one line; a price that is not an amount of `currency` is refused, as typed. */
    updateLine(
      key: number,
      edit: Partial<Pick<LineDraft, 'description' | 'priceText' | 'quantityText'>>,
      currency: CurrencyCode
    ): void
    removeLine(key: number): void
    /** Puts back lines as they were (a scanner's keys typed into one of them are undone). */
    restoreLines(lines: readonly LineDraft[]): void
    /**
     * `sales:open` for the keyed amount; the payment screen then waits for a code (CPM) or for
     * the cashier to pick the wallet whose QR to show (MPM).
     */
    openSale(currency: CurrencyCode, tender?: Tender): Promise<void>
    /** Switches the open (or declined) sale to the other tender: "try another method". */
    chooseTender(tender: Tender): void
    /** `payments:startMpm`: the service asks the gateway for a QR and shows it to the customer. */
    startMpm(payMethodId: string): Promise<void>
    /** `payments:cancel`: closes the attempt in flight on the gateway (engine's rules apply). */
    cancelPayment(): Promise<void>
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
    /**
     * Every time the link comes (back) up: the sale this screen holds, as the service has it now
     * (`refresh`); holding none, the sale the cashier was working on (`sales:current`), so that a
     * reload or a renderer crash brings its payment back on screen, and the lock on leaving it.
     */
    resume(): Promise<void>
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

/** Keys for new lines: unique for the page's life. */
let nextLineKey = 1

const initial = {
  amountText: '',
  lines: [],
  lineProblem: null,
  sale: null,
  busy: null,
  picker: null,
  retrying: false,
  tender: 'cpm',
  error: null,
  notice: null,
  dropped: null,
  leftSaleId: null
} satisfies Omit<SaleState, 'api'>

/** What the cashier keyed for a sale, as it was keyed: for a sale taken up again after a reload. */
function keyedFor(sale: SaleView): Pick<SaleState, 'amountText' | 'lines'> {
  const currency = sale.amount.currency
  return {
    amountText: toMajorString(sale.amount),
    lines: (sale.lines ?? []).map((line) => ({
      key: nextLineKey++,
      description: line.description,
      priceText: toMajorString({ minor: line.unitPriceMinor, currency }),
      quantityText: String(line.quantity)
    }))
  }
}

/** The tender of the sale's last attempt; the server does not keep the one chosen before it. */
function tenderOf(sale: SaleView): Tender {
  return currentAttempt(sale)?.mode === 'MPM' ? 'mpm' : 'cpm'
}

export const useSaleStore = create<SaleState>()((set, get) => {
  // While `sales:current` is on the wire the screen holds no sale, so `accept` would drop a push
  // about the very sale coming back; the newest such push is kept and merged into the answer.
  let resuming = 0
  let pushedWhileResuming: SaleView | null = null

  function accept(view: unknown): void {
    if (!isSaleView(view)) return
    const { sale } = get()
    if (sale === null && resuming > 0) {
      const kept = pushedWhileResuming
      pushedWhileResuming =
        kept === null || view.saleId > kept.saleId ? view : (mergeSale(kept, view) ?? kept)
      return
    }
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

  async function resume(): Promise<void> {
    if (get().sale !== null) return refresh()
    resuming += 1
    const result = await tillClient()
      .invoke('sales:current', {})
      .finally(() => (resuming -= 1))
    const pushed = pushedWhileResuming
    if (resuming === 0) pushedWhileResuming = null
    if (!result.ok || !isSaleView(result.value)) return
    const { sale, busy, leftSaleId } = get()
    // The cashier started a sale meanwhile, or already left this one on this page.
    if (sale !== null || busy !== null) return
    if (leftSaleId !== null && result.value.saleId <= leftSaleId) return
    const current = mergeSale(result.value, pushed ?? result.value) ?? result.value
    if (current.status === 'abandoned') return
    set({
      ...keyedFor(current),
      sale: current,
      tender: tenderOf(current),
      picker: null,
      retrying: false,
      lineProblem: null,
      notice: null
    })
  }

  /**
   * The customer display asks for what the chosen tender needs (their code, or to wait for the
   * QR). The cashier's screen does not wait on it: a refusal means the sale moved on meanwhile,
   * and its own push says so.
   */
  function tellTender(sale: SaleView, tender: Tender): void {
    void tillClient().invoke('sales:chooseTender', { saleId: sale.saleId, tender })
  }

  /** The sale the cashier leaves, or a newer one left before it. */
  function left(sale: SaleView): number {
    return Math.max(sale.saleId, get().leftSaleId ?? 0)
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
        const edit = editAmountText(raw, currency)
        set({
          ...(edit.text === null ? {} : { amountText: edit.text, notice: null }),
          dropped: droppedBy('amount', edit)
        })
      },
      pressKey(key, currency) {
        set({
          amountText: applyKeypadKey(get().amountText, key, currency),
          notice: null,
          dropped: null
        })
      },
      addLine() {
        const line = { key: nextLineKey++, description: '', priceText: '', quantityText: '1' }
        set({ lines: [...get().lines, line], lineProblem: null, notice: null })
      },
      updateLine(key, edit, currency) {
        const price = edit.priceText === undefined ? null : editAmountText(edit.priceText, currency)
        const quantity =
          edit.quantityText === undefined ? null : editQuantityText(edit.quantityText)
        const dropped: DroppedInput | null =
          (price === null ? null : droppedBy({ lineKey: key, part: 'price' }, price)) ??
          (quantity === null ? null : droppedBy({ lineKey: key, part: 'quantity' }, quantity))
        if (price?.text === null || quantity?.text === null) {
          set({ dropped })
          return
        }
        const priceText = price?.text ?? undefined
        const quantityText = quantity?.text ?? undefined
        set({
          lines: get().lines.map((line) =>
            line.key !== key
              ? line
              : {
                  ...line,
                  ...(edit.description === undefined
                    ? {}
                    : { description: edit.description.slice(0, 80) }),
                  ...(priceText === undefined ? {} : { priceText }),
                  ...(quantityText === undefined ? {} : { quantityText })
                }
          ),
          lineProblem: null,
          dropped
        })
      },
      restoreLines(lines) {
        set({ lines, dropped: null })
      },
      removeLine(key) {
        set({ lines: get().lines.filter((line) => line.key !== key), lineProblem: null })
      },
      async openSale(currency, tender = 'cpm') {
        const { busy, sale, amountText, lines } = get()
        if (busy !== null || sale !== null) return
        let args: { amount: Money; lines?: SaleLine[]; tender: Tender }
        if (lines.length > 0) {
          const checked = checkLines(lines, currency)
          if (!checked.ok) {
            set({ lineProblem: { index: checked.index, problem: checked.problem } })
            return
          }
          args = { amount: checked.amount, lines: [...checked.lines], tender }
        } else {
          const check = checkAmount(amountText, currency)
          if (!check.ok) {
            set({ notice: amountNotices[check.problem] })
            return
          }
          args = { amount: check.amount, tender }
        }
        set({ busy: 'opening', error: null, notice: null, lineProblem: null, dropped: null })
        const result = await tillClient().invoke('sales:open', args)
        if (!result.ok) set({ busy: null, error: result.error })
        else if (!isSaleView(result.value)) set({ busy: null, error: unreadableReplyError })
        else set({ busy: null, sale: result.value, picker: null, retrying: false, tender })
      },
      chooseTender(tender) {
        const { sale, busy } = get()
        if (sale === null || busy !== null) return
        if (sale.status !== 'open' && sale.status !== 'declined') return
        set({ tender, picker: null, retrying: sale.status === 'declined', error: null })
        tellTender(sale, tender)
      },
      async startMpm(payMethodId) {
        const { sale, busy } = get()
        if (sale === null || busy !== null) return
        set({ busy: 'requesting-qr', picker: null, error: null, notice: null })
        const result = await tillClient().invoke('payments:startMpm', {
          saleId: sale.saleId,
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
        set({ busy: null, error: result.error })
        await refresh()
      },
      async cancelPayment() {
        const { sale, busy } = get()
        if (sale === null || busy !== null) return
        set({ busy: 'cancelling', error: null })
        const result = await tillClient().invoke('payments:cancel', { saleId: sale.saleId })
        set({ busy: null })
        if (result.ok) accept(result.value)
        else {
          set({ error: result.error })
          await refresh()
        }
      },
      async cancelSale() {
        const { sale, busy } = get()
        if (sale === null || busy !== null) return
        if (await abandon(sale)) {
          set({ sale: null, picker: null, retrying: false, leftSaleId: left(sale) })
        }
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
        const { sale } = get()
        if (sale?.status !== 'declined') return
        set({ retrying: true, tender: 'cpm', error: null })
        tellTender(sale, 'cpm')
      },
      async newSale() {
        const { sale, busy } = get()
        if (busy !== null) return
        if (sale === null) {
          set({ ...initial, leftSaleId: get().leftSaleId })
          return
        }
        const unpaid = sale.status === 'open' || sale.status === 'declined'
        if (unpaid && !(await abandon(sale))) return
        set({ ...initial, leftSaleId: left(sale) })
        // An abandoned sale is off the customer display already. A paid one (or one left to the
        // reconciler) stays there until the cashier moves on: now. The screen is clear for the
        // next sale either way; if this fails, the next sale the cashier opens takes the display.
        if (!unpaid) await tillClient().invoke('sales:leave', { saleId: sale.saleId })
      },
      applySale: accept,
      refresh,
      resume,
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
      retrying: state.retrying,
      tender: state.tender
    })
  )
