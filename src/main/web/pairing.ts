import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto'

/**
 * Pairing a tablet on the shop LAN as the customer display. The cashier screen asks for a code
 * (`display:pairLan`); the tablet opens the pairing address with it (typed, or scanned from the
 * QR code beside it) and gets a customer-role token of its own. A code is short enough to type,
 * so it is single-use, lives two minutes, is replaced by the next one, and dies after a few
 * wrong tries: guessing 8 characters of 31 in that budget is hopeless. Tokens live as long as
 * the web host: a restart means pairing again, which is what a shop expects of a new day. A
 * lost or replaced tablet cannot wait for that: the manager unpairs every tablet at once
 * (`display:unpairLan`), and pairs again the ones the shop still has.
 */

/** No 0/O, 1/I/L: a code read off a screen and typed on a tablet. */
const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const pairingCodeLength = 8
export const defaultPairingTtlMs = 120_000
/** Wrong codes tried against one code before it is withdrawn. */
export const maxWrongTries = 5
/** Tablets paired at once; pairing one more forgets the oldest. */
export const maxPairedDisplays = 8

export interface PairingCode {
  readonly code: string
  readonly expiresAt: number
}

export interface LanPairing {
  /** A fresh code; the previous one stops working. */
  issue(): PairingCode
  /** The token for a valid, unexpired, unused code; null otherwise. The code is used up either way. */
  redeem(code: string): string | null
  /** True for a token that a pairing gave out. */
  isPairedToken(token: string): boolean
  /** Forgets every token given out and withdraws the code on show: no tablet is paired after. */
  unpairAll(): void
}

export function createLanPairing(deps: {
  now: () => number
  ttlMs?: number
  /** Told when a new pairing made room by forgetting the oldest tablet's token. */
  onForget?: () => void
}): LanPairing {
  const ttlMs = deps.ttlMs ?? defaultPairingTtlMs
  let active: (PairingCode & { wrongTries: number }) | null = null
  const tokens: string[] = []

  return {
    issue() {
      let code = ''
      for (let i = 0; i < pairingCodeLength; i += 1) code += alphabet[randomInt(alphabet.length)]
      active = { code, expiresAt: deps.now() + ttlMs, wrongTries: 0 }
      return { code, expiresAt: active.expiresAt }
    },
    redeem(given) {
      const current = active
      if (current === null) return null
      if (deps.now() >= current.expiresAt) {
        active = null
        return null
      }
      if (!sameSecret(normaliseCode(given), current.code)) {
        current.wrongTries += 1
        if (current.wrongTries >= maxWrongTries) active = null
        return null
      }
      active = null
      const token = randomBytes(24).toString('base64url')
      tokens.push(token)
      if (tokens.length > maxPairedDisplays) {
        tokens.shift()
        deps.onForget?.()
      }
      return token
    },
    isPairedToken(token) {
      return tokens.some((known) => sameSecret(token, known))
    },
    unpairAll() {
      tokens.length = 0
      active = null
    }
  }
}

/** What a person types: any case, with spaces or dashes between groups. */
export function normaliseCode(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase().slice(0, 32)
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
