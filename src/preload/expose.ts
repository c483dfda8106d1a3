import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { channelsFor, fail, type Role, type TillClient } from '../shared/contract'

/**
 * Builds the narrow bridge of one window from the contract: only its role's commands and events,
 * never `ipcRenderer` itself (CONVENTIONS.md §3, aesthetics-anchors "A.8"). Main checks again.
 */
export function createBridge(role: Role): TillClient {
  const { commands, events } = channelsFor(role)
  const allowedCommands = new Set<string>(commands)
  const allowedEvents = new Set<string>(events)
  const bridge: TillClient = {
    invoke(channel, args) {
      if (!allowedCommands.has(channel)) {
        return Promise.resolve(fail('FORBIDDEN', `This screen may not use ${String(channel)}.`))
      }
      return ipcRenderer.invoke(channel, args)
    },
    on(channel, listener) {
      if (!allowedEvents.has(channel)) return () => undefined
      const forward = (_event: IpcRendererEvent, payload: unknown): void =>
        listener(payload as Parameters<typeof listener>[0])
      ipcRenderer.on(channel, forward)
      return () => {
        ipcRenderer.removeListener(channel, forward)
      }
    }
  }
  return bridge
}

export function exposeBridge(role: Role): void {
  const bridge = createBridge(role)
  // Only plain functions cross the context bridge; each call is re-checked in main.
  contextBridge.exposeInMainWorld('till', {
    invoke: bridge.invoke,
    on: bridge.on
  } satisfies TillClient)
}
