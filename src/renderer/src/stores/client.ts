import type { ScreenClient } from '../bridge/types'

let current: ScreenClient | null = null

/**
 * The stores reach the till through the client the page's entry hands them once at start-up
 * (tests hand them a fake), so no store touches `window`.
 */
export function provideTillClient(client: ScreenClient): void {
  current = client
}

export function tillClient(): ScreenClient {
  if (current === null) throw new Error('provideTillClient() has not been called')
  return current
}
