import type { z } from 'zod'

/** Who is on the other end of an adapter: the cashier's screen or the customer-facing display. */
export type Role = 'cashier' | 'customer'

/** A command: a schema for its arguments, the roles that may call it, and (in types only) its result. */
export interface CommandSpec<Args extends z.ZodType, R> {
  readonly args: Args
  readonly roles: readonly Role[]
  /** Phantom: carries the result type; never set at run time. */
  readonly result?: R
}

/** An event: a snapshot the service pushes, and the roles that receive it. */
export interface EventSpec<P> {
  readonly roles: readonly Role[]
  /** Phantom: carries the payload type; never set at run time. */
  readonly payload?: P
}

export function command<R>() {
  return <Args extends z.ZodType>(args: Args, roles: readonly Role[]): CommandSpec<Args, R> => ({
    args,
    roles
  })
}

export function event<P>() {
  return (roles: readonly Role[]): EventSpec<P> => ({ roles })
}
