import { create } from 'zustand'
import type { Language } from '../i18n/languages'

export interface LocaleState {
  /** The language both screens speak; English until the till's settings say otherwise. */
  readonly language: Language
  readonly api: {
    setLanguage(language: Language): void
  }
}

export const useLocaleStore = create<LocaleState>()((set) => ({
  language: 'en',
  api: {
    setLanguage(language) {
      set({ language })
    }
  }
}))
