import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import {
  commands,
  events,
  fail,
  type CommandChannel,
  type Result,
  type Role
} from '../../shared/contract'
import { createLogger } from '../log'
import { dispatch, type CommandHandlers } from '../till/dispatch'
import type { Till } from '../till'
import { isAppUrl } from './security'

const log = createLogger('ipc')

/** Which window is which: set when each window is created. */
export type RoleOf = (sender: WebContents) => Role | undefined

/**
 * The one helper every IPC command goes through (CONVENTIONS.md §4): the sender must be the top
 * frame of one of our windows, showing our own origin; then `dispatch` checks the role and the
 * arguments' schema before any service runs.
 */
export function handle(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  channel: CommandChannel,
  rawArgs: unknown,
  handlers: CommandHandlers,
  roleOf: RoleOf
): Promise<Result<unknown>> {
  const frame = event.senderFrame
  const role = roleOf(event.sender)
  if (frame === null || role === undefined || frame.parent !== null || !isAppUrl(frame.url)) {
    log.warn(`refused ${channel} from ${frame?.url ?? 'a destroyed frame'}`)
    return Promise.resolve(fail('FORBIDDEN', 'This page may not talk to the till.'))
  }
  return dispatch(handlers, role, channel, rawArgs)
}

/** Registers every command of the contract and forwards the till's events to the windows. */
export function registerIpc(
  ipcMain: IpcMain,
  till: Till,
  roleOf: RoleOf,
  windows: () => Iterable<WebContents>
): () => void {
  const channels = Object.keys(commands) as CommandChannel[]
  for (const channel of channels) {
    ipcMain.handle(channel, (event, rawArgs: unknown) =>
      handle(event, channel, rawArgs, till.handlers, roleOf)
    )
  }
  const unsubscribe = till.subscribe((channel, payload) => {
    const roles = events[channel].roles
    for (const contents of windows()) {
      const role = roleOf(contents)
      if (role !== undefined && roles.includes(role) && !contents.isDestroyed()) {
        contents.send(channel, payload)
      }
    }
  })
  return () => {
    unsubscribe()
    for (const channel of channels) ipcMain.removeHandler(channel)
  }
}
