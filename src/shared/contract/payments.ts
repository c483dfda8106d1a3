import { z } from 'zod'
import type { AttemptView } from '../order'
import { command } from './spec'
import { authCodeSchema, idSchema, payMethodIdSchema } from './schemas'

export const paymentsCommands = {
  /**
   * Submits a scanned customer code for an open sale. Resolves once the gateway has answered the
   * submit: the attempt is then paid, declined, or processing (followed by `sales:changed` events).
   */
  'payments:startCpm': command<AttemptView>()(
    z.strictObject({ saleId: idSchema, authCode: authCodeSchema, payMethodId: payMethodIdSchema }),
    ['cashier']
  )
}
