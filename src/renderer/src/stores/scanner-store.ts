import { create } from 'zustand'
import type { ScannerStatus } from '../../../shared/contract'
import { tillClient } from './client'

export interface ScannerState {
  /** What main sees of HID-POS scanners; null until the first answer. */
  readonly status: ScannerStatus | null
  readonly api: {
    /** Fetches `scanner:status`; called whenever the connection comes (back) up. */
    load(): Promise<void>
    apply(status: ScannerStatus): void
  }
}

export const useScannerStore = create<ScannerState>()((set) => ({
  status: null,
  api: {
    async load() {
      const result = await tillClient().invoke('scanner:status', {})
      // A failed fetch leaves what the last event said: the status bar is not worth an error.
      if (result.ok) set({ status: result.value })
    },
    apply(status) {
      set({ status })
    }
  }
}))
