import type { z } from 'zod'
import { displayCommands, displayEvents } from './display'
import { historyCommands } from './history'
import { managerCommands } from './manager'
import { paymentsCommands } from './payments'
import { refundsCommands } from './refunds'
import { reportsCommands } from './reports'
import { salesCommands, salesEvents } from './sales'
import { scannerCommands, scannerEvents } from './scanners'
import { settingsCommands } from './settings'
import { settingsAdminCommands, settingsAdminEvents } from './settings-admin'
import { statusCommands, statusEvents } from './status'
import type { CommandSpec, EventSpec, Role } from './spec'
import type { Result } from './result'

export * from './result'
export * from './said'
export type { Role } from './spec'
export type { DisplayChoice, DisplayList, DisplayState, LanPairingView } from './display'
export type { HistoryCursor, HistoryPage, HistoryRow, TimelineEntry } from './history'
export type { ManagerStatus } from './manager'
export type { Language, TillInfo } from './settings'
export type { Tender } from './sales'
export type * from './settings-admin'
export type { TillStatus, StatusItem } from './status'
export type { ScannerDevice, ScannerDeviceState, ScannerScan, ScannerStatus } from './scanners'

/** Every command the till service answers, by channel name `domain:verb` (CONVENTIONS.md §3). */
export const commands = {
  ...settingsCommands,
  ...salesCommands,
  ...paymentsCommands,
  ...refundsCommands,
  ...reportsCommands,
  ...displayCommands,
  ...settingsAdminCommands,
  ...statusCommands,
  ...historyCommands,
  ...managerCommands,
  ...scannerCommands
} satisfies Record<`${string}:${string}`, CommandSpec<z.ZodType, unknown>>

/** Every event the till service pushes. */
export const events = {
  ...salesEvents,
  ...displayEvents,
  ...settingsAdminEvents,
  ...statusEvents,
  ...scannerEvents
} satisfies Record<`${string}:${string}`, EventSpec<unknown>>

export type Commands = typeof commands
export type Events = typeof events
export type CommandChannel = keyof Commands
export type EventChannel = keyof Events

export type CommandArgs<K extends CommandChannel> = z.input<Commands[K]['args']>
export type ParsedArgs<K extends CommandChannel> = z.output<Commands[K]['args']>
export type CommandResult<K extends CommandChannel> =
  Commands[K] extends CommandSpec<z.ZodType, infer R> ? R : never
export type EventPayload<E extends EventChannel> = Events[E] extends EventSpec<infer P> ? P : never

export function isCommandChannel(channel: string): channel is CommandChannel {
  return Object.hasOwn(commands, channel)
}

export function isEventChannel(channel: string): channel is EventChannel {
  return Object.hasOwn(events, channel)
}

export function channelsFor(role: Role): {
  commands: CommandChannel[]
  events: EventChannel[]
} {
  return {
    commands: (Object.keys(commands) as CommandChannel[]).filter((c) =>
      commands[c].roles.includes(role)
    ),
    events: (Object.keys(events) as EventChannel[]).filter((e) => events[e].roles.includes(role))
  }
}

/**
 * The one way a screen reaches the till, whichever adapter carries it (Electron IPC or WebSocket).
 * Screens never know which.
 */
export interface TillClient {
  invoke<K extends CommandChannel>(
    channel: K,
    args: CommandArgs<K>
  ): Promise<Result<CommandResult<K>>>
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void
}
