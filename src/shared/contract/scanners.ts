import { command, event } from './spec'
import { noArgs } from './schemas'

/**
 * What a device is doing:
 * - ready: a HID-POS scanner, open, its scans reach the cashier screen
 * - opening: found, being opened
 * - unavailable: a HID-POS scanner the till cannot open (on Linux: the udev rule is missing)
 * - keyboard-mode: a scanner that types as a keyboard; it works as a keyboard-wedge scanner
 * - unplugged: a HID-POS scanner that was open and went away; the till looks for it again
 */
export type ScannerDeviceState = 'ready' | 'opening' | 'unavailable' | 'keyboard-mode' | 'unplugged'

export interface ScannerDevice {
  readonly name: string
  readonly vendorId: number
  readonly productId: number
  readonly state: ScannerDeviceState
}

/**
 * The scanners main can see (docs/scanners.md). `none` means no HID-POS scanner: scans come as
 * keystrokes (keyboard wedge), which needs nothing from main. A HID-POS scanner that was unplugged
 * stays listed, `unplugged`, until it comes back: its scans no longer reach the till. `message` is the integrator's
 * English explanation (also logged); the screens word it from `kind` and `devices`.
 */
export interface ScannerStatus {
  readonly kind: 'hid-pos' | 'keyboard-mode' | 'none'
  readonly devices: readonly ScannerDevice[]
  readonly message: string | null
}

/**
 * A code a HID-POS scanner read. The full code goes to the cashier screen only (it is the
 * customer's auth_code); main logs its last 4 characters.
 */
export interface ScannerScan {
  readonly code: string
  readonly symbology: string | null
  /** The AIM identifier (ISO/IEC 15424), e.g. `]Q1`, when the scanner sent one. */
  readonly aim: string | null
  readonly source: 'hid-pos'
}

export const scannerCommands = {
  'scanner:status': command<ScannerStatus>()(noArgs, ['cashier'])
}

export const scannerEvents = {
  /** Sent whenever the status changes: a scanner plugged, unplugged, opened, or in keyboard mode. */
  'scanner:status': event<ScannerStatus>()(['cashier']),
  /** Never to the customer display: the code is the customer's payment code. */
  'scanner:scan': event<ScannerScan>()(['cashier'])
}
