import type { GatewayError, GatewayResult } from '../gateway/types'

/**
 * A reply to a CPM submit with the customer's payment code taken out (DESIGN.md: full auth codes
 * are never written anywhere). A gateway may echo the code: in its refusal words ("auth_code
 * 1345… is invalid") or among its data fields. The journal keeps gateway replies and the
 * cashier's reasons as they came, so the code is replaced by its last four characters before
 * either sees it, and a field named like an auth code is dropped whatever it holds.
 */
export function withoutAuthCode<T extends { readonly raw: Readonly<Record<string, unknown>> }>(
  reply: GatewayResult<T>,
  authCode: string
): GatewayResult<T> {
  const tail = `…${authCode.slice(-4)}`
  const text = (value: string): string => value.split(authCode).join(tail)
  if (!reply.ok) return { ok: false, error: scrubError(reply.error, text) }
  return { ...reply, value: { ...reply.value, raw: scrubFields(reply.value.raw, text) } }
}

const authCodeKey = /^auth_?code$/i

function scrubError(error: GatewayError, text: (value: string) => string): GatewayError {
  return error.kind === 'rejected'
    ? { ...error, code: text(error.code), message: text(error.message) }
    : { ...error, message: text(error.message) }
}

function scrubFields(
  fields: Readonly<Record<string, unknown>>,
  text: (value: string) => string
): Readonly<Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      authCodeKey.test(key) ? '[redacted]' : scrubValue(value, text)
    ])
  )
}

function scrubValue(value: unknown, text: (value: string) => string): unknown {
  if (typeof value === 'string') return text(value)
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, text))
  if (value !== null && typeof value === 'object') {
    return scrubFields(value as Record<string, unknown>, text)
  }
  return value
}

/**
 * A logged value with any echo of one attempt's customer code replaced by its last four
 * characters: fields named like an auth code are dropped, and in every string a run of 10 to 64
 * letters and digits ending in those four is taken out when `isCode` says it is the code (the
 * journal's keyed hash; no code is kept to compare with). Other long numbers, such as a wallet's
 * transaction id, stay as they came.
 */
export function withoutEchoedCode(
  value: Readonly<Record<string, unknown>>,
  last4: string,
  isCode: (candidate: string) => boolean
): Readonly<Record<string, unknown>> {
  const tail = `…${last4}`
  const text = (line: string): string =>
    line.includes(last4)
      ? line.replace(/[A-Za-z0-9]{10,64}/g, (run) =>
          run.endsWith(last4) && isCode(run) ? tail : run
        )
      : line
  return scrubFields(value, text)
}
