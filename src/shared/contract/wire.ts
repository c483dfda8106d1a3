import { z } from 'zod'

/**
 * The WebSocket framing of the contract (src/main/web). Electron IPC needs no framing: it has
 * `invoke` and `send` of its own.
 */
export const wireRequestSchema = z.strictObject({
  id: z.number().int().nonnegative(),
  channel: z.string().max(64),
  args: z.unknown()
})
export type WireRequest = z.infer<typeof wireRequestSchema>

export type WireMessage =
  | { readonly kind: 'result'; readonly id: number; readonly result: unknown }
  | { readonly kind: 'event'; readonly channel: string; readonly payload: unknown }

/**
 * The close code a paired LAN tablet gets when the manager unpairs every tablet (an application
 * code, RFC 6455 §7.4.2): its screen clears and it stops reconnecting.
 */
export const unpairedCloseCode = 4001

/** The query parameter that carries the per-run token, on the page URL's fragment and the socket URL. */
export const tokenParam = 'token'
export const wsPath = '/ws'
