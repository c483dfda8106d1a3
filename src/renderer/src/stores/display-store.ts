import { create } from 'zustand'
import type { DisplayState } from '../../../shared/contract'
import { isDisplayState } from '../lib/views'
import { tillClient } from './client'

export interface DisplayStoreState {
  /** What the service last said the customer should see; null until it has said anything. */
  readonly display: DisplayState | null
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
  api: {
    async load() {
      const seen = pushes
      const result = await tillClient().invoke('display:get', {})
      if (result.ok && pushes === seen && isDisplayState(result.value)) {
        set({ display: result.value })
      }
    },
    apply(display) {
      if (!isDisplayState(display)) return
      pushes += 1
      set({ display })
    }
  }
}))
