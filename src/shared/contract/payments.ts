import { z } from 'zod'
import type { AttemptView, RefundView, SaleView } from '../order'
import { command } from './spec'
import { authCodeSchema, idSchema, merchantOrderNoSchema, payMethodIdSchema } from './schemas'

export const paymentsCommands = {
  /**
   * Submits a scanned customer code for an open sale. Resolves once the gateway has answered the
   * submit: the attempt is then paid, declined, or processing (followed by `sales:changed` events).
   */
  'payments:startCpm': command<AttemptView>()(
    z.strictObject({ saleId: idSchema, authCode: authCodeSchema, payMethodId: payMethodIdSchema }),
    ['cashier']
  ),
  /**
   * Asks PayCloud for a payment QR for an open sale (MPM). Resolves once the QR content is
   * journaled and pushed to the customer display; the outcome follows in `sales:changed`.
   */
  'payments:startMpm': command<AttemptView>()(
    z.strictObject({ saleId: idSchema, payMethodId: payMethodIdSchema }),
    ['cashier']
  ),
  /**
   * Stops the attempt in flight on a sale: closes the order on the gateway (never before the
   * 15 s of API.md §5.3; the engine waits). A payment that lands meanwhile is honoured, or
   * refunded where the wallet cannot reverse. Resolves with the sale as it is now.
   */
  'payments:cancel': command<SaleView>()(z.strictObject({ saleId: idSchema }), ['cashier']),
  /** Queries the gateway now about a payment or refund by its merchant_order_no. */
  'payments:checkNow': command<
    | { readonly kind: 'attempt'; readonly attempt: AttemptView }
    | { readonly kind: 'refund'; readonly refund: RefundView }
  >()(z.strictObject({ merchantOrderNo: merchantOrderNoSchema }), ['cashier'])
}
