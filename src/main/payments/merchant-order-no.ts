import { randomBytes } from 'node:crypto'

const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'

/**
 * A new `merchant_order_no` for one payment attempt: `QT`, the UTC date and time to the second,
 * and 8 random characters — 24 alphanumerics, inside PayCloud's 32 (API.md §5.1). One number per
 * attempt; a retry of the same attempt reuses it (API.md §6.4).
 */
export function newMerchantOrderNo(now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:T]/g, '').slice(0, 14)
  const random = Array.from(randomBytes(8), (byte) => alphabet[byte % alphabet.length]).join('')
  return `QT${stamp}${random}`
}
