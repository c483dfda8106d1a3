import type { ReactElement } from 'react'

/**
 * A shortcut shown on a button. Hidden from assistive technology, which reads `aria-keyshortcuts`
 * on the button instead, so the button's name stays what it says ("Scan customer code").
 */
export function Kbd({ children }: { children: string }): ReactElement {
  return (
    <kbd className="kbd" aria-hidden="true">
      {children}
    </kbd>
  )
}
