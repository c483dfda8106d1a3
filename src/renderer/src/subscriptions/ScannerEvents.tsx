import { useEffect } from 'react'
import type { ScreenClient } from '../bridge/types'
import { connectScannerEvents } from '../lib/hid-scans'
import { useScannerStore } from '../stores/scanner-store'

/**
 * HID-POS scanners, from main: their status into the scanner store, their scans into the
 * handler the keyboard-wedge detector feeds (lib/hid-scans.ts). Mounted once, beside SalesEvents.
 */
export function ScannerEvents({ client }: { client: ScreenClient }): null {
  useEffect(() => {
    const { apply, load } = useScannerStore.getState().api
    return connectScannerEvents(client, { applyStatus: apply, loadStatus: () => void load() })
  }, [client])
  return null
}
