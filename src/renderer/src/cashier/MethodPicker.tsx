import type { ReactElement } from 'react'
import { useT } from '../i18n'
import { methodLabel } from '../lib/methods'
import type { MethodPickerState } from '../stores/sale-store'
import { Kbd } from '../ui/Kbd'

/**
 * The wallets a scanned code may belong to. Numbers 1-9 pick (handled with the payment screen's
 * other keys, so a scanner's digits never pick), Esc goes back; touch and click work the same.
 */
export function MethodPicker({
  picker,
  onPick,
  onBack
}: {
  picker: MethodPickerState
  onPick: (payMethodId: string) => void
  onBack: () => void
}): ReactElement {
  const t = useT()
  return (
    <div className="picker">
      {picker.candidates.length === 0 ? (
        <p className="notice notice--info">{t.picker.none}</p>
      ) : (
        <NumberedMethods methods={picker.candidates} label={t.picker.listLabel} onPick={onPick} />
      )}
      <div className="actions">
        <button
          type="button"
          className="button button--secondary"
          aria-keyshortcuts="Escape"
          onClick={onBack}
        >
          {t.picker.back}
          <Kbd>{t.keys.esc}</Kbd>
        </button>
      </div>
    </div>
  )
}

/**
 * Wallets as large numbered buttons: the number is the key that picks it (1-9, handled with the
 * payment screen's other keys, so a scanner's digits never pick), shown and announced.
 */
export function NumberedMethods({
  methods,
  label,
  onPick
}: {
  methods: readonly string[]
  label: string
  onPick: (payMethodId: string) => void
}): ReactElement {
  return (
    <ul className="picker__list" aria-label={label}>
      {methods.map((payMethodId, index) => {
        const shortcut = index < 9 ? String(index + 1) : null
        return (
          <li key={payMethodId}>
            <button
              type="button"
              className="picker__option"
              aria-keyshortcuts={shortcut ?? undefined}
              onClick={() => onPick(payMethodId)}
            >
              {shortcut && (
                <span className="picker__number" aria-hidden="true">
                  {shortcut}
                </span>
              )}
              <span className="picker__label">{methodLabel(payMethodId)}</span>
            </button>
          </li>
        )
      })}
    </ul>
  )
}
