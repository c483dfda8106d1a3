import { z } from 'zod'
import type { CurrencyCode } from '../money'
import type { Reason, SaleStatus } from '../order'
import { command } from './spec'
import { currencySchema, idSchema } from './schemas'

/** One sale in the history list: what it was, how it stands, and the attempt that decided it. */
export interface HistoryRow {
  readonly saleId: number
  readonly createdAt: number
  readonly status: SaleStatus
  readonly amount: { readonly minor: number; readonly currency: CurrencyCode }
  readonly paidMinor: number
  /** What finished refunds returned (status `refunded`), as end of day and the CSV count it. */
  readonly refundedMinor: number
  /** Refunds the gateway has not finished (`refundInFlight`); with `refundedMinor`, what is held. */
  readonly refundingMinor: number
  /** The paid attempt's, else the latest attempt's; null for a sale never tendered. */
  readonly payMethodId: string | null
  readonly merchantOrderNo: string | null
  readonly attemptCount: number
}

/** Where the next (older) page starts: after this sale. */
export interface HistoryCursor {
  readonly createdAt: number
  readonly saleId: number
}

export interface HistoryPage {
  readonly rows: readonly HistoryRow[]
  /** null on the last page. */
  readonly next: HistoryCursor | null
}

/** One line of a sale's journal timeline: the event's kind and only fields safe to show. */
export interface TimelineEntry {
  readonly id: number
  readonly at: number
  readonly kind: string
  readonly attemptId: number | null
  readonly refundId: number | null
  readonly detail: Readonly<Record<string, string | number | boolean | null>>
  /** Why the payment or refund got there, as data for the screen to word (journal version 6 on). */
  readonly why?: Reason
}

export const historyPageSize = 50

const saleStatusSchema = z.enum([
  'open',
  'paying',
  'paid',
  'declined',
  'needs-attention',
  'abandoned'
])

const minorSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)

/**
 * The history's filters, every one optional: a range of `created_at` (epoch ms, `from`
 * inclusive, `to` exclusive), the sale's status, a payment method any of its attempts used, an
 * amount range in minor units (of `currency` when given), and an order number or its beginning
 * (a payment's or a refund's `merchant_order_no`, any case).
 */
export const historyFilterSchema = z
  .strictObject({
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
    status: saleStatusSchema.optional(),
    payMethodId: z
      .string()
      .regex(/^[A-Za-z0-9+_-]{1,32}$/)
      .optional(),
    currency: currencySchema.optional(),
    minMinor: minorSchema.optional(),
    maxMinor: minorSchema.optional(),
    orderNo: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{1,32}$/, { message: 'an order number is letters and digits' })
      .transform((text) => text.toUpperCase())
      .optional(),
    after: z.strictObject({ createdAt: z.number().int(), saleId: idSchema }).optional(),
    limit: z.number().int().min(1).max(100).default(historyPageSize)
  })
  .refine((f) => f.from === undefined || f.to === undefined || f.to > f.from, {
    message: 'to must be after from',
    path: ['to']
  })
  .refine((f) => f.minMinor === undefined || f.maxMinor === undefined || f.maxMinor >= f.minMinor, {
    message: 'the highest amount must not be below the lowest',
    path: ['maxMinor']
  })

export type HistoryFilter = z.output<typeof historyFilterSchema>

export const historyCommands = {
  /** A page of sales, newest first, filtered; page on with `after: next`. */
  'sales:history': command<HistoryPage>()(historyFilterSchema, ['cashier']),
  /** The sale's journal events, oldest first, in readable kinds; never a secret. */
  'sales:timeline': command<readonly TimelineEntry[]>()(z.strictObject({ saleId: idSchema }), [
    'cashier'
  ])
}
