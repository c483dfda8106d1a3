import { useLocaleStore } from '../stores/locale-store'
import { en, type Messages } from './en'
import { ja } from './ja'
import type { Language } from './languages'

export type { Messages } from './en'
export { isLanguage, languages, type Language } from './languages'

/** Every language's messages; ja.ts is checked at compile time to have exactly en.ts's keys. */
export const messagesByLanguage: Readonly<Record<Language, Messages>> = { en, ja }

/**
 * The strings of the language the till is set to, for components. A change of the setting swaps
 * the whole dictionary in the locale store, so every component that reads it re-renders at once,
 * without a reload. `t.locale` is the tag for Intl (amounts, dates, plurals) and `<html lang>`.
 */
export function useT(): Messages {
  return messagesByLanguage[useLocaleStore((state) => state.language)]
}
