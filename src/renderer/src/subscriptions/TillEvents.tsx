import { useEffect } from 'react'
import type { ScreenClient } from '../bridge/types'
import { useDisplayStore } from '../stores/display-store'
import { useSaleStore } from '../stores/sale-store'
import { useTillStore } from '../stores/till-store'

/**
 * Render-nothing components, each mounted once, that carry the till's pushes into the stores
 * (CONVENTIONS.md §8). Every one returns its cleanup, so a remount never subscribes twice.
 */

/** Connection state into the till store; `onConnected` runs every time the link comes (back) up. */
export function ConnectionEvents({
  client,
  onConnected
}: {
  client: ScreenClient
  onConnected: () => void
}): null {
  useEffect(() => {
    const { setConnection } = useTillStore.getState().api
    const update = (state: ScreenClient['connection']): void => {
      setConnection(state, client.hasToken)
      if (state === 'connected') onConnected()
    }
    update(client.connection)
    return client.onConnection(update)
  }, [client, onConnected])
  return null
}

export function SalesEvents({ client }: { client: ScreenClient }): null {
  useEffect(() => {
    const { applySale } = useSaleStore.getState().api
    return client.on('sales:changed', applySale)
  }, [client])
  return null
}

export function DisplayEvents({ client }: { client: ScreenClient }): null {
  useEffect(() => {
    const { apply } = useDisplayStore.getState().api
    return client.on('display:changed', apply)
  }, [client])
  return null
}
