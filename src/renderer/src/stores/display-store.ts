import { create } from 'zustand'
import type { DisplayState } from '../../../shared/contract'
import { isDisplayState } from '../lib/views'
import { tillClient } from './client'

export interface DisplayStoreState {
  /** What the service last said the customer should see; null until it has said anything. */
  readonly display: DisplayState | null
  /**
   * When `display` arrived, on the page's monotonic clock (`performance.now()`): a QR's countdown
   * runs from here (lib/qr.ts `qrDeadline`), not from the page's wall clock.
   */
  readonly receivedAt: number
  readonly api: {
    /** Fetches `display:get`; called whenever the connection comes (back) up. */
    load(): Promise<void>
    /** A `display:changed` push. */
    apply(display: unknown): void
  }
}

/** Counts pushes, so a `display:get` answer older than a push that overtook it is dropped. */
let pushes = 0

export const useDisplayStore = create<DisplayStoreState>()((set) => ({
  display: null,
  receivedAt: 0,
  api: {
    async load() {
      const seen = pushes
      const result = await tillClient().invoke('display:get', {})
      if (result.ok && pushes === seen && isDisplayState(result.value)) {
        set({ display: result.value, receivedAt: performance.now() })
      }
    },
    apply(display) {
      if (!isDisplayState(display)) return
      pushes += 1
      set({ display, receivedAt: performance.now() })
    }
  }
}))
