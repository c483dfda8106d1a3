import { z } from 'zod'
import type { RefundView } from '../order'
import { command } from './spec'
import { idSchema, moneySchema } from './schemas'

export const refundsCommands = {
  /**
   * Refunds part or all of a paid sale (API.md §5.4): a new merchant_order_no per refund, never
   * beyond what was paid less what is already refunded or in flight. Resolves once the gateway
   * has answered the submit; the refund's final state follows in `sales:changed`.
   * (Manager approval by PIN is the screens' issue, #6.)
   */
  'refunds:create': command<RefundView>()(
    z.strictObject({
      saleId: idSchema,
      amount: moneySchema,
      reason: z.string().trim().min(1).max(200)
    }),
    ['cashier']
  )
}
