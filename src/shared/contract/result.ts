import { englishSaid, saySaid, type Said } from './said'

/**
 * Results, not thrown errors, cross every boundary (CONVENTIONS.md §5). The codes are a closed set:
 * each one leads the cashier to a different screen.
 */
export const errorCodes = [
  /**
   * The arguments did not match the command's schema, or name something the gateway cannot take
   * (an amount above its maximum per payment); `said` tells which.
   */
  'INVALID_ARGUMENT',
  /** The caller may not use this command (wrong window, wrong origin, no token). */
  'FORBIDDEN',
  /** No such sale, attempt or channel. */
  'NOT_FOUND',
  /** The command does not fit the current state (a sale already paid, an attempt in flight). */
  'CONFLICT',
  /**
   * The manager PIN was wrong, missing, or PIN entry is locked after too many wrong PINs;
   * `manager:status` says how many tries are left or until when it is locked. Also a stored PIN
   * record that cannot be read: the message names the command that clears it on the till machine.
   */
  'PIN_REJECTED',
  /** The wallet or the gateway said no, explicitly. */
  'DECLINED',
  /** The request may or may not have reached the gateway; the till is finding out. */
  'OUTCOME_UNKNOWN',
  /** The gateway could not be reached at all. */
  'GATEWAY_UNREACHABLE',
  /** The journal cannot be written: the till refuses new payments rather than lose one. */
  'JOURNAL_UNAVAILABLE',
  /** A bug: logged with details in main, shown to the cashier as a generic failure. */
  'INTERNAL'
] as const

export type ErrorCode = (typeof errorCodes)[number]

export interface TillError {
  readonly code: ErrorCode
  /** English, for the log and the integrator. Screens never show it as it is. */
  readonly message: string
  /** What the refusal says as data, for the screens to word in their language (said.ts). */
  readonly said?: Said
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: TillError }

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function fail<T = never>(code: ErrorCode, message: string, said?: Said): Result<T> {
  return { ok: false, error: said === undefined ? { code, message } : { code, message, said } }
}

/** A refusal whose words matter to the person reading it: its English, and the same as data. */
export function refuse<T = never>(code: ErrorCode, said: Said): Result<T> {
  return { ok: false, error: { code, message: saySaid(englishSaid, said), said } }
}
