import { en } from './en'

/** The screens' strings and locale. One language for now; a later issue adds Japanese. */
export const t = en
export const locale: string = en.locale
