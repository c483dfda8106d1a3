/**
 * A wallet code scanned on the amount screen once the amount is valid: the scan opens the sale,
 * and the payment screen that opening mounts takes the code as if scanned there (one step less
 * for the cashier, and no code lost to "scan after opening the sale"). Held here, in memory only,
 * for the time `sales:open` takes; never in a store, never logged (DESIGN.md "Security is code").
 */
let held: string | null = null

export function holdScan(code: string): void {
  held = code
}

/** The held code, once: whoever takes it owns it. */
export function takeHeldScan(): string | null {
  const code = held
  held = null
  return code
}
