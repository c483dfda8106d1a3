import QRCode from 'qrcode'

/** Modules of quiet zone around the code: ISO/IEC 18004 asks for 4, and phones read it best. */
export const quietZone = 4

/**
 * A QR code as one SVG path of its dark modules, in module units, plus the side length with the
 * quiet zone. Drawn as React SVG (no innerHTML), so the page's strict CSP needs nothing extra.
 */
export function qrPath(content: string): { path: string; size: number } {
  const { modules } = QRCode.create(content, { errorCorrectionLevel: 'M' })
  const parts: string[] = []
  for (let row = 0; row < modules.size; row += 1) {
    for (let col = 0; col < modules.size; col += 1) {
      if (modules.get(row, col)) parts.push(`M${col + quietZone} ${row + quietZone}h1v1h-1z`)
    }
  }
  return { path: parts.join(''), size: modules.size + 2 * quietZone }
}

/** Whole seconds left until `expiresAt`, never negative; null when the gateway gave no expiry. */
export function secondsLeft(expiresAt: number | null, now: number): number | null {
  if (expiresAt === null) return null
  return Math.max(0, Math.ceil((expiresAt - now) / 1000))
}

/**
 * When a QR stops working, on the page's own monotonic clock (`performance.now()`): the time the
 * till said was left when it sent the state (`expiresAt − sentAt`, both on the till's clock),
 * from when the page received it (`receivedAt`). The page's wall clock never enters into it, so a
 * LAN tablet whose clock is minutes off neither shows too long nor says "expired" early; only the
 * time on the wire is lost. Null when the gateway gave no expiry.
 */
export function qrDeadline(
  expiresAt: number | null,
  sentAt: number,
  receivedAt: number
): number | null {
  return expiresAt === null ? null : receivedAt + (expiresAt - sentAt)
}

export function formatCountdown(seconds: number): string {
  const minutes = Math.floor(seconds / 60)
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`
}
