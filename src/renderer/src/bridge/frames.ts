import {
  errorCodes,
  isEventChannel,
  isSaid,
  type ErrorCode,
  type EventChannel,
  type Result,
  type TillError
} from '../../../shared/contract'

/**
 * Frames larger than this are not parsed. The largest a till sends is a CSV export: a day of
 * 10,000 sales is about 1.5 MB, so this takes a month of a busy shop's sales.
 */
export const maxFrameChars = 64 * 1024 * 1024

/** How the web host begins every result (`JSON.stringify` keeps the keys in the order written). */
const resultHead = /^\{"kind":"result","id":(\d{1,15}),/

export const replyTooLargeMessage = 'The reply was too large for this screen to read'

export const lostConnectionMessage = 'Lost the connection to the till service'
export const notConnectedMessage = 'Not connected to the till service'
export const unreadableReplyMessage = 'The till service sent a reply this screen could not read'

export function lostConnection<T>(): Result<T> {
  return { ok: false, error: { code: 'INTERNAL', message: lostConnectionMessage } }
}

export function notConnected<T>(): Result<T> {
  return { ok: false, error: { code: 'INTERNAL', message: notConnectedMessage } }
}

export const unreadableReplyError: TillError = { code: 'INTERNAL', message: unreadableReplyMessage }

export function unreadableReply<T>(): Result<T> {
  return { ok: false, error: unreadableReplyError }
}

/** True for the failures the client itself produces when the way to the service is down. */
export function isConnectionFailure(error: TillError): boolean {
  return (
    error.code === 'INTERNAL' &&
    (error.message === lostConnectionMessage || error.message === notConnectedMessage)
  )
}

export type ServerFrame =
  | { readonly kind: 'result'; readonly id: number; readonly result: Result<unknown> }
  | { readonly kind: 'event'; readonly channel: EventChannel; readonly payload: unknown }

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value)
}

/** The result envelope (CONVENTIONS.md §5), or null when `value` is not one. */
export function parseResult(value: unknown): Result<unknown> | null {
  if (!isRecord(value)) return null
  if (value.ok === true && Object.hasOwn(value, 'value')) return { ok: true, value: value.value }
  if (value.ok === false && isRecord(value.error)) {
    const { code, message, said } = value.error
    if (isErrorCode(code) && typeof message === 'string') {
      // What the refusal says as data, when it is one the screens know how to word.
      return { ok: false, error: isSaid(said) ? { code, message, said } : { code, message } }
    }
  }
  return null
}

/**
 * One frame from the web host (src/shared/contract/wire.ts), checked field by field: the socket is
 * a boundary like any other. A result whose envelope is unreadable still settles its request.
 * Returns null for anything else, which the client ignores.
 */
export function parseServerFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null
  if (data.length > maxFrameChars) {
    // Not parsed, but a result still settles its request: the screen says why rather than wait
    // for ever ("Preparing the file…" with both export buttons held).
    const id = resultHead.exec(data.slice(0, 64))?.[1]
    if (id === undefined) return null
    return {
      kind: 'result',
      id: Number(id),
      result: {
        ok: false,
        error: { code: 'INTERNAL', message: replyTooLargeMessage, said: { key: 'reply-too-large' } }
      }
    }
  }
  let frame: unknown
  try {
    frame = JSON.parse(data)
  } catch {
    return null
  }
  if (!isRecord(frame)) return null
  if (frame.kind === 'result') {
    const { id } = frame
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return null
    return { kind: 'result', id, result: parseResult(frame.result) ?? unreadableReply() }
  }
  if (frame.kind === 'event') {
    const { channel } = frame
    if (typeof channel !== 'string' || !isEventChannel(channel)) return null
    if (!Object.hasOwn(frame, 'payload') || frame.payload === undefined) return null
    return { kind: 'event', channel, payload: frame.payload }
  }
  return null
}
