import { z } from 'zod'
import type { EndOfDayReport, ReconciliationReport } from '../order'
import { command } from './spec'
import { rangeSchema } from './schemas'

export const reportsCommands = {
  /** Counts and totals per payment method, refunds, net, and what needs attention. */
  'reports:endOfDay': command<EndOfDayReport>()(rangeSchema, ['cashier']),
  /** Every paid attempt in the range checked against `order.query`, with each difference. */
  'reports:reconcile': command<ReconciliationReport>()(rangeSchema, ['cashier']),
  /** Sales or refunds in the range as CSV text (RFC 4180, UTF-8, amounts in major units). */
  'reports:exportCsv': command<{ readonly filename: string; readonly csv: string }>()(
    z.strictObject({
      from: z.number().int().nonnegative(),
      to: z.number().int().nonnegative(),
      kind: z.enum(['sales', 'refunds'])
    }),
    ['cashier']
  )
}
