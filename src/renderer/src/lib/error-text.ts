import { saySaid, type TillError } from '../../../shared/contract'
import { isConnectionFailure } from '../bridge/frames'
import type { Messages } from '../i18n'

/**
 * What the cashier reads for a failed command: what the refusal says (`said`), worded in the
 * screen's language, when it says something; otherwise words chosen by the code (each code leads
 * somewhere different, CONVENTIONS.md §5). Never the bare code, and never the service's message,
 * which is written for the log. `t` is the messages of the screen's language (`useT()`).
 */
export function errorText(error: TillError, t: Messages): string {
  if (isConnectionFailure(error)) return t.errors.lostConnection
  return error.said === undefined ? t.errors.byCode[error.code] : saySaid(t.said, error.said)
}
