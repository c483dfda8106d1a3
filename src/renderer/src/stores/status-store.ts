import { create } from 'zustand'
import type { TillStatus } from '../../../shared/contract'
import { tillClient } from './client'

export interface StatusState {
  /** Null until the till has answered `status:get` (an older service has no such command). */
  readonly status: TillStatus | null
  readonly api: {
    load(): Promise<void>
    apply(status: TillStatus): void
  }
}

export const useStatusStore = create<StatusState>()((set) => ({
  status: null,
  api: {
    async load() {
      const result = await tillClient().invoke('status:get', {})
      if (result.ok) set({ status: result.value })
    },
    apply(status) {
      set({ status })
    }
  }
}))
