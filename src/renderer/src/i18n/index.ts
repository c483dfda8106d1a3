import { en, type Messages } from './en'

export type { Messages } from './en'

/** The screens' strings and locale. One language for now; a later issue adds Japanese. */
export const t = en
export const locale: string = en.locale

/**
 * The strings of the language the till is set to, for components: new components use this, so
 * switching language re-renders them (issue 6 makes it follow the setting).
 */
export function useT(): Messages {
  return en
}
