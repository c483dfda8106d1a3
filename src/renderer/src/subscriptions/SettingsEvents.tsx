import { useEffect } from 'react'
import type { ScreenClient } from '../bridge/types'
import { useStatusStore } from '../stores/status-store'
import { useTillStore } from '../stores/till-store'

/** `settings:changed` into the till store: both screens follow a saved setting without a reload. */
export function SettingsEvents({ client }: { client: ScreenClient }): null {
  useEffect(() => {
    const { applyInfo } = useTillStore.getState().api
    return client.on('settings:changed', applyInfo)
  }, [client])
  return null
}

/** `status:changed` into the status store, for the cashier's status bar. */
export function StatusEvents({ client }: { client: ScreenClient }): null {
  useEffect(() => {
    const { apply } = useStatusStore.getState().api
    return client.on('status:changed', apply)
  }, [client])
  return null
}
