import type { Messages } from './en'

/**
 * The shape every language's messages share. `en.ts` is written `as const`, so its type holds the
 * English words themselves; a translation needs the same keys with any words, so every string
 * widens to `string` and every function keeps its parameters and returns a string.
 */
export type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => unknown
    ? (...args: A) => string
    : { readonly [K in keyof T]: Widen<T[K]> }

/**
 * `T` with every key that `Shape` lacks turned into `never`, at every depth. An object literal
 * already fails on a stray key, but a section imported from another file (ja/<feature>.ts) does
 * not; this catches both.
 */
export type Exactly<T, Shape> = T extends (...args: never[]) => unknown
  ? T
  : T extends object
    ? { [K in keyof T]: K extends keyof Shape ? Exactly<T[K], Shape[K]> : never }
    : T

/**
 * A translation, checked when it compiles: a key missing from it, a key English does not have,
 * or a function with other parameters is a type error naming the key.
 */
export function defineMessages<const T extends Messages>(
  messages: T & Exactly<T, Messages>
): Messages {
  return messages
}
