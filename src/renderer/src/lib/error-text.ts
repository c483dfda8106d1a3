import type { TillError } from '../../../shared/contract'
import { isConnectionFailure } from '../bridge/frames'
import type { Messages } from '../i18n'

/**
 * What the cashier reads for a failed command: words chosen by the code (each code leads somewhere
 * different, CONVENTIONS.md §5), never the bare code, and never the service's message, which is
 * written for the log. `t` is the messages of the screen's language (`useT()`).
 */
export function errorText(error: TillError, t: Messages): string {
  return isConnectionFailure(error) ? t.errors.lostConnection : t.errors.byCode[error.code]
}
