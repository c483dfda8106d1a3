import { tokenParam, wsPath } from '../../../shared/contract/wire'
import { createElectronClient } from './electron-client'
import type { ScreenClient } from './types'
import { createWsClient } from './ws-client'

export type { ConnectionState, ScreenClient } from './types'
export { isConnectionFailure } from './frames'

let client: ScreenClient | null = null

/**
 * The way this page reaches the till: the Electron preload's bridge when there is one, else the
 * web host's WebSocket on the page's own origin, with the token from the address's fragment
 * (`cashier.html#token=…`; the token decides the role on the server). Screens never know which.
 */
export function getTillClient(): ScreenClient {
  client ??= window.till ? createElectronClient(window.till) : createWsClient(webSocketOptions())
  return client
}

function webSocketOptions(): { url: string; hasToken: boolean } {
  const token = new URLSearchParams(location.hash.slice(1)).get(tokenParam) ?? ''
  const url = new URL(wsPath, location.href)
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:'
  url.hash = ''
  url.search = new URLSearchParams({ [tokenParam]: token }).toString()
  return { url: url.href, hasToken: token !== '' }
}
