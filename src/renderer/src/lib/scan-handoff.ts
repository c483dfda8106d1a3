import type { ScannedCode } from './hid-scans'

/**
 * A wallet code scanned on the amount screen once the amount is valid: the scan opens the sale,
 * and the payment screen that opening mounts takes the code as if scanned there (one step less
 * for the cashier, and no code lost to "scan after opening the sale"). Held here, in memory only,
 * for the time `sales:open` takes; never in a store, never logged (DESIGN.md "Security is code").
 */
let held: ScannedCode | null = null

export function holdScan(scan: ScannedCode): void {
  held = scan
}

/** The held scan, once: whoever takes it owns it. */
export function takeHeldScan(): ScannedCode | null {
  const scan = held
  held = null
  return scan
}
