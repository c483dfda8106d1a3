import { languages, type Language } from '../../../shared/contract/settings'

/** The languages the screens speak; settings.json's `language` picks one for the whole till. */
export { languages, type Language }

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value)
}
