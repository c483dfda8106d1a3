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
    let before = ''
    // The PIN before the run ahead of this one: a scanner a stall held up after its first digits
    // typed those into the PIN too (key-gate `onScannerRun`).
    let beforeLead = ''
    const gate = createEntryScanGuard({
      detector: createWedgeDetector(wedge),
      minFastRun: wedge.minFastRun,
      idleTimeoutMs: Math.max(wedge.idleTimeoutMs, wedge.maxGapMs + 1),
      onRunStart: () => {
        beforeLead = before
        before = latest.current.pin
      },
      onScannerRun: (fromLead) => latest.current.onScan(fromLead ? beforeLead : before),
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
