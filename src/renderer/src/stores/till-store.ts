import { create } from 'zustand'
import type { TillError, TillInfo } from '../../../shared/contract'
import type { ConnectionState } from '../bridge/types'
import { tillClient } from './client'

export interface TillState {
  readonly info: TillInfo | null
  readonly infoError: TillError | null
  readonly connection: ConnectionState
  readonly hasToken: boolean
  readonly api: {
    /** Fetches `settings:info`; called whenever the connection comes (back) up. */
    loadInfo(): Promise<void>
    /** A `settings:changed` push: the settings a manager just saved, in use now. */
    applyInfo(info: TillInfo): void
    setConnection(state: ConnectionState, hasToken: boolean): void
  }
}

export const useTillStore = create<TillState>()((set, get) => ({
  info: null,
  infoError: null,
  connection: 'connecting',
  hasToken: true,
  api: {
    async loadInfo() {
      const result = await tillClient().invoke('settings:info', {})
      if (!result.ok) {
        set({ infoError: result.error })
        return
      }
      // A reconnect fetches the same settings again: keep the object, so nothing rebuilds.
      const same = JSON.stringify(get().info) === JSON.stringify(result.value)
      set(same ? { infoError: null } : { info: result.value, infoError: null })
    },
    applyInfo(info) {
      set({ info, infoError: null })
    },
    setConnection(connection, hasToken) {
      set({ connection, hasToken })
    }
  }
}))

export const useTillApi = (): TillState['api'] => useTillStore((state) => state.api)
