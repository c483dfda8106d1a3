import { saySaid, type TillError } from '../../../shared/contract'
import { isConnectionFailure } from '../bridge/frames'
import type { Messages } from '../i18n'

/**
 * What the cashier reads for a failed command: what the refusal says (`said`), worded in the
 * screen's language, when it says something; otherwise words chosen by the code (each code leads
 * somewhere different, CONVENTIONS.md §5). Never the bare code, and never the service's message,
 * which is written for the log. `t` is the messages of the screen's language (`useT()`).
 *
 * `invalid-fields` comes with any command's arguments refused by its schema, and names fields
 * only the settings screen shows (it words them itself): elsewhere the code's words say more.
 */
export function errorText(error: TillError, t: Messages): string {
  if (isConnectionFailure(error)) return t.errors.lostConnection
  const said = error.said
  return said === undefined || said.key === 'invalid-fields'
    ? t.errors.byCode[error.code]
    : saySaid(t.said, said)
}
