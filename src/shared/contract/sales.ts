import { z } from 'zod'
import type { SaleView } from '../order'
import { command, event } from './spec'
import { maxMinorAmount } from '../money'
import { idSchema, moneySchema, noArgs } from './schemas'

export const maxLineDescription = 80
export const maxLines = 100
export const maxLineQuantity = 9999

/** One line of a sale: integers in minor units, a quantity of at least 1, a short description. */
export const saleLineSchema = z
  .strictObject({
    description: z.string().trim().min(1).max(maxLineDescription),
    unitPriceMinor: z.number().int().min(0).max(maxMinorAmount),
    quantity: z.number().int().min(1).max(maxLineQuantity)
  })
  .refine((line) => line.unitPriceMinor * line.quantity <= maxMinorAmount, {
    message: 'a line may not total more than the till accepts'
  })

/** How the cashier takes a sale's payment: scan the customer's code (CPM), or show a QR (MPM). */
export const tenderSchema = z.enum(['cpm', 'mpm'])
export type Tender = z.infer<typeof tenderSchema>

/**
 * The amount, optionally the lines it is the total of (checked here: the screen is not trusted),
 * and the tender the cashier opened it for: CPM unless they chose to show a QR.
 */
export const openSaleSchema = z
  .strictObject({
    amount: moneySchema,
    lines: z.array(saleLineSchema).min(1).max(maxLines).optional(),
    tender: tenderSchema.optional()
  })
  .refine(
    ({ amount, lines }) =>
      lines === undefined ||
      lines.reduce((sum, line) => sum + line.unitPriceMinor * line.quantity, 0) === amount.minor,
    { message: 'the lines must add up to the amount', path: ['lines'] }
  )

export const salesCommands = {
  /**
   * Starts a sale for an amount (and its lines); the customer display shows it at once, with
   * what the customer should do for the tender chosen (show their code, or wait for the QR).
   */
  'sales:open': command<SaleView>()(openSaleSchema, ['cashier']),
  /** Closes a sale that has no attempt in flight and was not paid. */
  'sales:abandon': command<SaleView>()(z.strictObject({ saleId: idSchema }), ['cashier']),
  'sales:get': command<SaleView>()(z.strictObject({ saleId: idSchema }), ['cashier']),
  /**
   * The sale the cashier is working on (the one opened last, until it is paid or abandoned), or
   * null: what a cashier screen takes up again after a reload, a crash or a reconnect.
   */
  'sales:current': command<SaleView | null>()(noArgs, ['cashier']),
  /**
   * The cashier moved on from this sale (New sale after it was paid, or after it needs
   * attention): the customer display goes back to the welcome screen for the next customer. The
   * sale itself is unchanged; a payment still in the background finishes without the display.
   */
  'sales:leave': command<null>()(z.strictObject({ saleId: idSchema }), ['cashier']),
  /**
   * The cashier switched an open or declined sale to a tender ("Show QR instead", "ask for a
   * fresh code"): the customer display asks for what that tender needs. Refused (CONFLICT) once
   * a payment is in flight or done.
   */
  'sales:chooseTender': command<null>()(
    z.strictObject({ saleId: idSchema, tender: tenderSchema }),
    ['cashier']
  )
}

export const salesEvents = {
  /** The whole sale, every time any part of it changes. */
  'sales:changed': event<SaleView>()(['cashier'])
}
