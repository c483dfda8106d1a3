import { useEffect, useRef, type KeyboardEvent } from 'react'
import { createWedgeDetector, type WedgeOptions } from '../../../shared/wedge'
import { createEntryScanGuard, type KeyGate } from '../lib/key-gate'

/**
 * Keeps a scan out of a PIN field. Password fields keep their keys (the scanner wizard lets a PIN
 * be typed while it listens), so a test scan made while the field has the focus would type into
 * it, and the next save would count that wrong PIN against the manager's tries. A scanner's run
 * (`minFastRun` keys within the detector's gap, which people never reach: pos-anchors.md §4.1)
 * is kept from the field from that key on, its Enter included, and what its first keys typed is
 * undone: `onScan` gets the PIN as it was before the run, to put back and say why.
 *
 * Returns the field's `onKeyDown`. A person's keys, briskly typed or rolled two or three at a
 * time, pass.
 */
export function usePinScanGuard(
  pin: string,
  onScan: (pinBefore: string) => void,
  wedge: WedgeOptions
): (event: KeyboardEvent<HTMLInputElement>) => void {
  const latest = useRef({ pin, onScan })
  useEffect(() => {
    latest.current = { pin, onScan }
  })
  const guard = useRef<KeyGate | null>(null)
  useEffect(() => {
    const gate = createEntryScanGuard({
      detector: createWedgeDetector(wedge),
      minFastRun: wedge.minFastRun,
      idleTimeoutMs: Math.max(wedge.idleTimeoutMs, wedge.maxGapMs + 1),
      // With a stall's first digits too: the guard puts back the PIN from before them (`undo`).
      keyed: () => latest.current.pin,
      undo: (before) => latest.current.onScan(before),
      // A whole scan or not, its keys are already kept from the field.
      onScan: () => {}
    })
    guard.current = gate
    return () => {
      gate.dispose()
      guard.current = null
    }
  }, [wedge])
  return (event) => {
    if (guard.current?.handle(event.nativeEvent) === 'swallow') event.preventDefault()
  }
}
