import type {
  CommandArgs,
  CommandChannel,
  CommandResult,
  Result,
  TillClient
} from '../../../shared/contract'
import { parseResult, unreadableReply } from './frames'
import type { ScreenClient } from './types'

/**
 * The preload's bridge (`window.till`), held to the same promise as the WebSocket client: the
 * result is checked, and a rejected IPC call (a handler that threw) becomes a result too. IPC to
 * the main process cannot drop, so the connection is always up.
 */
export function createElectronClient(bridge: TillClient): ScreenClient {
  return {
    async invoke<K extends CommandChannel>(
      channel: K,
      args: CommandArgs<K>
    ): Promise<Result<CommandResult<K>>> {
      try {
        const result = parseResult(await bridge.invoke(channel, args))
        return (result ?? unreadableReply()) as Result<CommandResult<K>>
      } catch {
        return unreadableReply()
      }
    },
    on: (channel, listener) => bridge.on(channel, listener),
    connection: 'connected',
    hasToken: true,
    onConnection: () => () => undefined
  }
}
