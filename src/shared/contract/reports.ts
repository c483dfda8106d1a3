import { z } from 'zod'
import type { EndOfDayReport, ReconciliationReport } from '../order'
import { command } from './spec'
import { rangeSchema } from './schemas'

export const reportsCommands = {
  /** Counts and totals per payment method, refunds, net, and what needs attention. */
  'reports:endOfDay': command<EndOfDayReport>()(rangeSchema, ['cashier']),
  /** Every paid attempt in the range checked against `order.query`, with each difference. */
  'reports:reconcile': command<ReconciliationReport>()(rangeSchema, ['cashier']),
  /**
   * Sales or refunds in the range as CSV text (RFC 4180, UTF-8, amounts in major units). The same
   * range checks as the reports above: an export is the journal's rows themselves, so an unchecked
   * range would hand over the whole journal in one reply.
   */
  'reports:exportCsv': command<{ readonly filename: string; readonly csv: string }>()(
    rangeSchema.safeExtend({ kind: z.enum(['sales', 'refunds']) }),
    ['cashier']
  )
}
