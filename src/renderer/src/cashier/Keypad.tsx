import type { MouseEvent, ReactElement } from 'react'
import type { CurrencyCode } from '../../../shared/money'
import { useT, type Messages } from '../i18n'
import { keypadKeys, type KeypadKey } from '../lib/amount'
import { BackspaceIcon } from '../ui/icons'

/** Names for the keys whose face is an icon or a letter; the digits name themselves. */
function keyLabel(key: KeypadKey, t: Messages): string | undefined {
  switch (key) {
    case 'backspace':
      return t.entry.backspace
    case 'clear':
      return t.entry.clear
    case '.':
      return t.entry.decimalPoint
    default:
      return undefined
  }
}

/** A press on the keypad leaves the focus in the amount field, so Enter still opens the sale. */
function keepFocus(event: MouseEvent): void {
  event.preventDefault()
}

export function Keypad({
  currency,
  onKey,
  disabled
}: {
  currency: CurrencyCode
  onKey: (key: KeypadKey) => void
  disabled: boolean
}): ReactElement {
  const t = useT()
  return (
    <div
      className={`keypad keypad--${keypadKeys(currency).includes('.') ? 'decimal' : 'whole'}`}
      role="group"
      aria-label={t.entry.keypad}
    >
      {keypadKeys(currency).map((key) => (
        <button
          key={key}
          type="button"
          className={`keypad__key keypad__key--${keyClass(key)}`}
          aria-label={keyLabel(key, t)}
          disabled={disabled}
          onMouseDown={keepFocus}
          onClick={() => onKey(key)}
        >
          {key === 'backspace' ? <BackspaceIcon /> : key === 'clear' ? 'C' : key}
        </button>
      ))}
    </div>
  )
}

/** Each key's grid area (styles/cashier.css lays out both keypads with the same areas). */
function keyClass(key: KeypadKey): string {
  switch (key) {
    case 'backspace':
      return 'back'
    case 'clear':
      return 'clear'
    case '.':
      return 'point'
    default:
      return `k${key}`
  }
}
