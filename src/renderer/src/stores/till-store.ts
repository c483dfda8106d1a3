import { create } from 'zustand'
import type { TillError, TillInfo } from '../../../shared/contract'
import { systemTimeZone } from '../../../shared/zone'
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

/**
 * The shop's time zone, as the service says (settings.json `timeZone`); the browser's own only
 * until `settings:info` has answered, when no view is showing days yet.
 */
export function shopTimeZone(): string {
  return useTillStore.getState().info?.timeZone ?? systemTimeZone()
}

/** `shopTimeZone()` for a component, which shows the times again when the zone comes. */
export const useShopTimeZone = (): string =>
  useTillStore((state) => state.info?.timeZone) ?? systemTimeZone()

export const useTillApi = (): TillState['api'] => useTillStore((state) => state.api)
