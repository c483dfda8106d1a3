import { useEffect } from 'react'
import { isLanguage, useT, type Messages } from '../i18n'
import { useLocaleStore } from '../stores/locale-store'
import { useTillStore } from '../stores/till-store'

/**
 * Render-nothing, mounted once per screen: the till's language setting into the locale store (on
 * every fresh `settings:info`, so a change reaches both screens without a reload), and the
 * language into the document, for screen readers (`<html lang>`) and the window's title.
 * `title` must be a stable function (module level), or the title is rewritten on every render.
 */
export function LocaleEvents({ title }: { title: (messages: Messages) => string }): null {
  useEffect(() => {
    const { setLanguage } = useLocaleStore.getState().api
    // Checked, not trusted: a service older than the setting sends no language at all.
    const follow = (language: unknown): void => {
      if (isLanguage(language)) setLanguage(language)
    }
    follow(useTillStore.getState().info?.language)
    return useTillStore.subscribe((state) => follow(state.info?.language))
  }, [])

  const t = useT()
  useEffect(() => {
    document.documentElement.lang = t.locale
    document.title = title(t)
  }, [t, title])
  return null
}
