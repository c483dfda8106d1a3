import type { DisplayState } from '../../shared/contract'
import type { SaleView } from '../../shared/order'

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
   * The cashier opened this sale, started its payment or refunded it: the display follows it
   * from now on.
   */
  follow(sale: SaleView): void
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
   * undefined. Only a payment still in flight takes the display back at start: the customer may
   * be in the middle of it. A sale that needs attention or was declined waits for the cashier to
   * take it up again, since they may have moved on from it before the restart.
   */
  readonly working: SaleView | undefined
  readonly emit: (display: DisplayState) => void
}

export function createCustomerDisplay(deps: CustomerDisplayDeps): CustomerDisplay {
  let shopName = deps.shopName
  let followed: number | null = null
  let display: DisplayState = { screen: 'idle', shopName }

  function show(sale: SaleView): void {
    // An abandoned sale leaves the display: nothing of it may come back.
    if (sale.status === 'abandoned') followed = null
    display = displayFor(sale, shopName)
    deps.emit(display)
  }

  if (deps.working?.status === 'paying') {
    followed = deps.working.saleId
    display = displayFor(deps.working, shopName)
  }

  return {
    current: () => display,
    follow(sale) {
      if (followed === sale.saleId) return
      followed = sale.saleId
      show(sale)
    },
    leave(saleId) {
      if (followed !== saleId) return
      followed = null
      display = { screen: 'idle', shopName }
      deps.emit(display)
    },
    saleChanged(sale) {
      if (sale.saleId === followed) show(sale)
    },
    renamed(name) {
      shopName = name
      if (display.shopName === name) return
      display = { ...display, shopName: name }
      deps.emit(display)
    }
  }
}

/**
 * What the customer sees for a sale: the amount, the QR to scan (MPM), then the outcome; never
 * the cashier's details. An MPM QR stays up while the order is being closed (cancelling), so a
 * customer mid-scan is not cut off before the gateway confirms the close (pos-anchors §3.2 8).
 */
export function displayFor(sale: SaleView, shopName: string): DisplayState {
  const last = sale.attempts.at(-1)
  // The lines go with the sale while it is being paid; the outcome screens show the total only.
  const lines = sale.lines !== undefined && sale.lines.length > 0 ? { lines: sale.lines } : {}
  if (last?.status === 'processing' && last.why?.code === 'confirming') {
    return { screen: 'confirming', shopName, amount: sale.amount, ...lines }
  }
  if (
    last !== undefined &&
    last.mode === 'MPM' &&
    last.qrContent !== null &&
    (last.status === 'processing' || last.status === 'cancelling')
  ) {
    return {
      screen: 'show-qr',
      shopName,
      amount: sale.amount,
      payMethodId: last.payMethodId,
      qrContent: last.qrContent,
      expiresAt: last.expiresAt,
      ...lines
    }
  }
  switch (sale.status) {
    case 'open':
      return { screen: 'awaiting-code', shopName, amount: sale.amount, ...lines }
    case 'paying':
    case 'needs-attention':
      return { screen: 'processing', shopName, amount: sale.amount, ...lines }
    case 'paid': {
      const refunded = sale.refunds
        .filter((refund) => refund.status === 'refunded')
        .reduce((sum, refund) => sum + refund.amount.minor, 0)
      // After a refund of the sale on the counter completes, the customer sees what came back
      // to them (docs/engine.md, refunds).
      return refunded > 0
        ? { screen: 'refunded', shopName, amount: { ...sale.amount, minor: refunded } }
        : { screen: 'paid', shopName, amount: sale.amount }
    }
    case 'declined':
      return { screen: 'declined', shopName, amount: sale.amount }
    case 'abandoned':
      return { screen: 'idle', shopName }
  }
}
