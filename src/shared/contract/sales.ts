import { z } from 'zod'
import type { SaleView } from '../order'
import { command, event } from './spec'
import { idSchema, moneySchema } from './schemas'

export const salesCommands = {
  /** Starts a sale for an amount; the customer display shows it at once. */
  'sales:open': command<SaleView>()(z.strictObject({ amount: moneySchema }), ['cashier']),
  /** Closes a sale that has no attempt in flight and was not paid. */
  'sales:abandon': command<SaleView>()(z.strictObject({ saleId: idSchema }), ['cashier']),
  'sales:get': command<SaleView>()(z.strictObject({ saleId: idSchema }), ['cashier'])
}

export const salesEvents = {
  /** The whole sale, every time any part of it changes. */
  'sales:changed': event<SaleView>()(['cashier'])
}
