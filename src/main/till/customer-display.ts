import type { DisplayState, Tender } from '../../shared/contract'
import { refundInFlight, refundsTotal, type SaleView } from '../../shared/order'

/**
 * The customer display follows the sale the cashier is working on, and nothing else: the one
 * they opened last, the one whose payment they started, or the one they refunded at the till for
 * the customer standing there. An older sale that changes in the
 * background (a reconcile finishing, a refund completing, a resumed attempt after a restart the
 * cashier has moved on from) is the cashier's business, not the next customer's.
 */
export interface CustomerDisplay {
  /** What the display shows now. */
  current(): DisplayState
  /**
   * The cashier opened this sale, started its payment, chose its tender or refunded it: the
   * display follows it from now on. `tender` is the cashier's choice; without one, a sale the display already
   * follows keeps the choice it has, and another one takes the tender of its last attempt.
   */
  follow(sale: SaleView, tender?: Tender): void
  /**
   * The cashier moved on from this sale (New sale): the display welcomes the next customer and
   * nothing more of the sale reaches it. A paid sale's "Paid" stays up until then, however long
   * the customer takes to look.
   */
  leave(saleId: number): void
  /** A sale changed: shown only if it is the one the display follows. */
  saleChanged(sale: SaleView): void
  /** The shop's name changed in the settings. */
  renamed(shopName: string): void
}

export interface CustomerDisplayDeps {
  readonly shopName: string
  /**
   * The sale the cashier was working on when the till started (the journal's current sale), or
   * undefined. A payment still in flight takes the display back at start: the customer may be in
   * the middle of it. So does a decline: moving on from a declined sale abandons it in the
   * journal, so one still declined is one the cashier holds and their screen takes up again; the
   * customer sees "Declined" until the cashier answers it, as before the restart. A sale that
   * needs attention waits for the cashier: moving on from it is not journaled, so they may have.
   */
  readonly working: SaleView | undefined
  readonly emit: (display: DisplayState) => void
  /** The till's clock: what a QR's `sentAt` says. */
  readonly now: () => number
}

/**
 * The tender the cashier chose for a sale, and how many attempts the sale had then: a decline
 * that came after the choice is news for the customer, one from before it is not.
 */
export interface TenderChoice {
  readonly tender: Tender
  readonly attempts: number
}

export function createCustomerDisplay(deps: CustomerDisplayDeps): CustomerDisplay {
  let shopName = deps.shopName
  /** `choice` is undefined for a decline taken back at start that the cashier has not answered. */
  let followed: { readonly saleId: number; readonly choice: TenderChoice | undefined } | null = null
  let display: DisplayState = { screen: 'idle', shopName }

  function choose(sale: SaleView, tender: Tender | undefined): TenderChoice {
    const choice = { tender: tender ?? tenderOf(sale), attempts: sale.attempts.length }
    followed = { saleId: sale.saleId, choice }
    return choice
  }

  function show(sale: SaleView): void {
    const choice = followed?.choice
    // An abandoned sale leaves the display: nothing of it may come back.
    if (sale.status === 'abandoned') followed = null
    display = displayFor(sale, shopName, deps.now(), choice)
    deps.emit(display)
  }

  /** The state as it leaves now: a QR's countdown is measured from this moment. */
  function sent(state: DisplayState): DisplayState {
    return state.screen === 'show-qr' ? { ...state, sentAt: deps.now() } : state
  }

  if (deps.working?.status === 'paying') {
    display = displayFor(deps.working, shopName, deps.now(), choose(deps.working, undefined))
  } else if (deps.working?.status === 'declined') {
    // No tender chosen since the decline: choosing one now would read as the cashier's answer.
    followed = { saleId: deps.working.saleId, choice: undefined }
    display = displayFor(deps.working, shopName, deps.now())
  }

  return {
    current: () => sent(display),
    follow(sale, tender) {
      if (followed?.saleId === sale.saleId && tender === undefined) return
      choose(sale, tender)
      show(sale)
    },
    leave(saleId) {
      if (followed?.saleId !== saleId) return
      followed = null
      display = { screen: 'idle', shopName }
      deps.emit(display)
    },
    saleChanged(sale) {
      if (sale.saleId === followed?.saleId) show(sale)
    },
    renamed(name) {
      shopName = name
      if (display.shopName === name) return
      display = { ...display, shopName: name }
      deps.emit(sent(display))
    }
  }
}

/** The tender of the sale's last attempt: what a sale the cashier took up again was paid by. */
function tenderOf(sale: SaleView): Tender {
  return sale.attempts.at(-1)?.mode === 'MPM' ? 'mpm' : 'cpm'
}

/**
 * What the customer sees for a sale at `now` (the till's clock): the amount with what to do for
 * the tender the cashier chose (`choice`; CPM when none), the QR to scan (MPM), then the outcome;
 * never the cashier's details.
 * An MPM QR comes down the moment the till starts closing its order (cancelling): a customer who
 * has not scanned it yet must not start paying an order the cashier cancelled or whose time is
 * up. One whose wallet already read it loses nothing by that: the wallet has the order, and a
 * payment that lands before the close is honoured (Paid) or given back by the engine.
 */
export function displayFor(
  sale: SaleView,
  shopName: string,
  now: number,
  choice?: TenderChoice
): DisplayState {
  const last = sale.attempts.at(-1)
  // The lines go with the sale while it is being paid; the outcome screens show the total only.
  const lines = sale.lines !== undefined && sale.lines.length > 0 ? { lines: sale.lines } : {}
  // CPM: the customer shows their code. MPM: nothing to do until the gateway issues the QR.
  const prompt = (tender: Tender | undefined): DisplayState => ({
    screen: tender === 'mpm' ? 'preparing-qr' : 'awaiting-code',
    shopName,
    amount: sale.amount,
    ...lines
  })
  if (last?.status === 'processing' && last.why?.code === 'confirming') {
    return { screen: 'confirming', shopName, amount: sale.amount, ...lines }
  }
  if (last?.mode === 'MPM' && last.qrContent !== null && last.status === 'cancelling') {
    return { screen: 'closing', shopName, amount: sale.amount }
  }
  if (last?.mode === 'MPM' && last.qrContent !== null && last.status === 'processing') {
    return {
      screen: 'show-qr',
      shopName,
      amount: sale.amount,
      payMethodId: last.payMethodId,
      qrContent: last.qrContent,
      expiresAt: last.expiresAt,
      sentAt: now,
      ...lines
    }
  }
  if (last?.mode === 'MPM' && last.status === 'pending' && last.qrContent === null) {
    return prompt('mpm')
  }
  switch (sale.status) {
    case 'open':
      return prompt(choice?.tender)
    case 'paying':
    case 'needs-attention':
      return { screen: 'processing', shopName, amount: sale.amount, ...lines }
    case 'paid': {
      // A refund made at the counter takes a few seconds to be confirmed: until then the
      // customer is told it is on its way, not shown "Paid" as if nothing had been done.
      const returning = refundsTotal(sale.refunds, refundInFlight)
      if (returning > 0) {
        return { screen: 'refunding', shopName, amount: { ...sale.amount, minor: returning } }
      }
      // A refund that failed leaves the money with the shop: the customer must not walk away
      // thinking it is on its way, nor see a bare "Paid" as if nothing had been tried.
      const last = sale.refunds.at(-1)
      if (last?.status === 'failed') {
        return { screen: 'refund-failed', shopName, amount: last.amount }
      }
      const refunded = refundsTotal(sale.refunds, ['refunded'])
      // After a refund of the sale on the counter completes, the customer sees what came back
      // to them (docs/engine.md, refunds).
      return refunded > 0
        ? { screen: 'refunded', shopName, amount: { ...sale.amount, minor: refunded } }
        : { screen: 'paid', shopName, amount: sale.amount }
    }
    case 'declined':
      // Once the cashier answers the decline with a tender, the customer is told what is next.
      if (choice !== undefined && choice.attempts === sale.attempts.length) {
        return prompt(choice.tender)
      }
      // Time ran out and the order was closed unpaid: nobody refused anything, nothing was taken.
      if (
        last?.status === 'cancelled' &&
        last.why?.code === 'cancelled' &&
        last.why.cause === 'timeout'
      ) {
        return { screen: 'expired', shopName, amount: sale.amount }
      }
      return { screen: 'declined', shopName, amount: sale.amount, mode: last?.mode ?? 'CPM' }
    case 'abandoned':
      return { screen: 'idle', shopName }
  }
}
