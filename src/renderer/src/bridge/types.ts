import type { TillClient } from '../../../shared/contract'

/**
 * - connecting: a socket is opening; commands wait for it
 * - connected: commands and events flow
 * - disconnected: no socket; commands fail at once and a reconnect is scheduled
 */
/** `unpaired`: the till ended this LAN tablet's pairing (`unpairedCloseCode`); no reconnect. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'unpaired'

/** A `TillClient` as a screen holds it: the contract plus the state of the way in. */
export interface ScreenClient extends TillClient {
  readonly connection: ConnectionState
  /** Called on every change of state; returns the function that unsubscribes. */
  onConnection(listener: (state: ConnectionState) => void): () => void
  /** False when the page was opened without the access token the till service asks for. */
  readonly hasToken: boolean
}
