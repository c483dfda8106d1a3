import type { CurrencyCode } from '../../shared/money'
import type { GatewayError, GatewayMethod } from './types'

/**
 * PayCloud rules the client applies and its callers (the payment engine, the command-line tool)
 * reason with: which calls move money, what an error means for them, the documented paths, and
 * what text the gateway can carry.
 */

/** The per-operation paths of the n-age API reference (API.md §1.2), as one preset. */
export const docPathSuffixes = {
  'cscanb.pay.getqrcode': 'mpm',
  'bscanc.pay.submit': 'cpm',
  'order.revoker': 'void',
  'order.refund.submit': 'refund',
  'order.refund.query': 'refundquery',
  'order.query': 'orderquery'
} as const satisfies Record<GatewayMethod, string>

export const gatewayMethods = Object.keys(docPathSuffixes) as GatewayMethod[]

export function isGatewayMethod(value: string): value is GatewayMethod {
  return Object.hasOwn(docPathSuffixes, value)
}

/**
 * Calls that change state at the gateway. `cscanb.pay.getqrcode` counts: it creates an order under
 * our `merchant_order_no` (§5.1, status 9), which uses the number up for good (§6.4) and stays
 * payable until `expires`. After a lost reply the till cannot know whether that order exists, so
 * it queries and cancels as after a lost submit (§10 MPM step 3) and never reuses the number.
 */
export const moneyMovingMethods: ReadonlySet<GatewayMethod> = new Set<GatewayMethod>([
  'cscanb.pay.getqrcode',
  'bscanc.pay.submit',
  'order.revoker',
  'order.refund.submit'
])

/** The one gateway failure text the docs name (§3, §5.2), after which a payment may still go through. */
export const systemError = /system\s*error/i

/**
 * True when, after `error`, nobody knows whether `method` did anything at the gateway (API.md §3,
 * §10): the caller must query (and, for a payment, possibly cancel) before trying again, and
 * retries with the same `merchant_order_no`. Queries change nothing, so for them it is false.
 *
 * For a state-changing call, only a refusal the gateway signed with a code the configuration
 * knows to be final (`definite`) is an answer. A timeout, a network failure, a reply that is
 * unsigned, forged or unreadable, a signed "System error", and a signed code nobody has said is
 * final (§3: "treat any non-'0' code on a money-moving call as outcome unknown") all leave the
 * outcome unknown.
 */
export function outcomeUnknown(method: GatewayMethod, error: GatewayError): boolean {
  if (!moneyMovingMethods.has(method)) return false
  return error.kind !== 'rejected' || !error.definite
}

/**
 * Largest amount per call, in minor units, when the configuration names none: far above a shop's
 * QR sale, well below what a ×100 unit bug produces. Not a wallet limit (API.md unknowns 13).
 */
export const defaultMaxAmountMinor: Readonly<Record<CurrencyCode, number>> = {
  JPY: 10_000_000,
  KRW: 100_000_000,
  USD: 10_000_000,
  EUR: 10_000_000,
  GBP: 10_000_000,
  CNY: 100_000_000,
  HKD: 100_000_000,
  SGD: 10_000_000,
  AUD: 10_000_000,
  THB: 500_000_000,
  MYR: 50_000_000,
  PHP: 500_000_000,
  TWD: 500_000_000
}

// Free text for PayCloud (§1.3) is checked where the settings are too: src/shared/gateway-text.ts.
export { cleanText, isGatewayText } from '../../shared/gateway-text'

/**
 * Codes listed by meaning in settings (`refusalMeanings`, `transErrorMeanings`), as a lookup from
 * code to meaning. A code under two meanings would make the till guess between them, and "0" is
 * success: both are refused when the till is built.
 */
export function codeMeanings<Meaning extends string>(
  setting: Readonly<Partial<Record<Meaning, readonly string[]>>> | undefined,
  names: readonly Meaning[],
  settingName: string
): ReadonlyMap<string, Meaning> {
  const meanings = new Map<string, Meaning>()
  for (const meaning of names) {
    for (const code of setting?.[meaning] ?? []) {
      if (code === '0' || code.trim() === '') {
        throw new TypeError(`${settingName}.${meaning} cannot list ${JSON.stringify(code)}.`)
      }
      const earlier = meanings.get(code)
      if (earlier !== undefined && earlier !== meaning) {
        throw new TypeError(
          `${settingName} lists ${JSON.stringify(code)} under both ${earlier} and ${meaning}.`
        )
      }
      meanings.set(code, meaning)
    }
  }
  return meanings
}
