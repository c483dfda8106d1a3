import { z } from 'zod'
import type { RefundView } from '../order'
import { command } from './spec'
import { managerPinSchema } from './manager'
import { idSchema, moneySchema } from './schemas'

export const refundsCommands = {
  /**
   * Refunds part or all of a paid sale (API.md §5.4): a new merchant_order_no per refund, never
   * beyond what was paid less what is already refunded or in flight. Resolves once the gateway
   * has answered the submit; the refund's final state follows in `sales:changed`.
   * Every refund is approved by the manager PIN, checked in main before the engine is called:
   * a wrong one is `PIN_REJECTED` and refunds nothing (src/main/till/manager-pin.ts).
   */
  'refunds:create': command<RefundView>()(
    z.strictObject({
      saleId: idSchema,
      amount: moneySchema,
      reason: z.string().trim().min(1).max(200),
      managerPin: managerPinSchema
    }),
    ['cashier']
  )
}
