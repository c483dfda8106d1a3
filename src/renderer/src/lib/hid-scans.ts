import type { ScannerScan, ScannerStatus } from '../../../shared/contract'
import type { ScreenClient } from '../bridge/types'

/**
 * HID-POS scans arrive as `scanner:scan` events, not keystrokes. This hands each code to the
 * screen that is listening for scans right now (the amount and payment screens register the
 * same handler their keyboard-wedge detector calls), so both kinds of scanner take one path.
 * The code passes through and is kept nowhere.
 */

/**
 * A scanned code and, from a HID-POS scanner, its AIM identifier (`]Q1`), which method rules may
 * require; a keyboard wedge types no AIM, so its scans carry null.
 */
export interface ScannedCode {
  readonly code: string
  readonly aim: string | null
}

type Listener = (scan: ScannedCode) => void

const listeners = new Set<Listener>()

/** Registers a handler for HID-POS codes; returns the function that removes it. */
export function onHidScan(listener: Listener): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

/** Gives a scan to every handler; false when no screen is listening for scans. */
export function deliverHidScan(scan: ScannedCode): boolean {
  if (listeners.size === 0) return false
  for (const listener of [...listeners]) listener(scan)
  return true
}

/** What the screens need of a HID-POS scan: the code, and its AIM for the method rules. */
export function scannedCodeOf(scan: ScannerScan): ScannedCode {
  return { code: scan.code, aim: scan.aim }
}

export interface ScannerEventDeps {
  readonly applyStatus: (status: ScannerStatus) => void
  readonly loadStatus: () => void
}

/**
 * Wires main's scanner events: the status (fetched again on every reconnect, since events sent
 * while the link was down are lost) and the scans. Returns the function that undoes it all.
 */
export function connectScannerEvents(client: ScreenClient, deps: ScannerEventDeps): () => void {
  if (client.connection === 'connected') deps.loadStatus()
  const stops = [
    client.onConnection((state) => {
      if (state === 'connected') deps.loadStatus()
    }),
    client.on('scanner:status', deps.applyStatus),
    // With no screen listening (still loading the till's settings) a scan has nowhere to go,
    // as a wedge scan has none then either.
    client.on('scanner:scan', (scan) => void deliverHidScan(scannedCodeOf(scan)))
  ]
  return () => {
    for (const stop of stops) stop()
  }
}
