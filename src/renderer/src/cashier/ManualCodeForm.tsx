import {
  useEffect,
  useId,
  type FormEvent,
  type KeyboardEvent,
  type ReactElement,
  type RefObject
} from 'react'
import { useT, type Messages } from '../i18n'
import { manualCodeMaxLength, type ManualCodeProblem } from '../lib/manual-code'
import { Kbd } from '../ui/Kbd'
import '../styles/history.css'

/** Why the typed code was not taken: the check's problems, or no till service to pay through. */
export type ManualCodeFormProblem = ManualCodeProblem | 'disconnected'

export interface ManualCodeFormProps {
  /** The payment screen's shortest wallet code (resolveWedgeOptions(…, 'payment').minLength). */
  readonly minLength: number
  readonly problem: ManualCodeFormProblem | null
  /**
   * The field, uncontrolled: the code lives in the DOM until submitted, never in React state or a
   * store, and the payment screen's scan guard undoes a scanner's digits in it through this.
   */
  readonly inputRef: RefObject<HTMLInputElement | null>
  /** What the cashier typed, as typed; the payment screen checks it and clears the field. */
  readonly onSubmit: (text: string) => void
  readonly onCancel: () => void
}

function problemText(t: Messages, problem: ManualCodeFormProblem, minLength: number): string {
  switch (problem) {
    case 'empty':
      return t.manualCode.empty
    case 'characters':
      return t.manualCode.characters
    case 'too-short':
      return t.manualCode.tooShort(minLength)
    case 'too-long':
      return t.manualCode.tooLong(manualCodeMaxLength)
    case 'disconnected':
      return t.manualCode.disconnected
  }
}

/**
 * The wallet code typed off the customer's phone, when there is no scanner (README "At the
 * counter"). Enter submits, Esc goes back to scanning; the field takes the cashier's keys while a
 * scanner's burst is still taken as a scan (PaymentView's keys).
 */
export function ManualCodeForm({
  minLength,
  problem,
  inputRef,
  onSubmit,
  onCancel
}: ManualCodeFormProps): ReactElement {
  const t = useT()
  const id = useId()
  const headingId = `${id}-heading`
  const inputId = `${id}-code`
  const hintId = `${id}-hint`
  const errorId = `${id}-error`

  useEffect(() => {
    inputRef.current?.focus()
  }, [inputRef])

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    onSubmit(inputRef.current?.value ?? '')
  }
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault()
      onCancel()
    }
  }

  return (
    <form
      className="manual-code"
      aria-labelledby={headingId}
      noValidate
      onSubmit={submit}
      onKeyDown={onKeyDown}
    >
      <h2 id={headingId}>{t.manualCode.heading}</h2>
      <div className="form-field">
        <label htmlFor={inputId}>{t.manualCode.label}</label>
        <input
          ref={inputRef}
          id={inputId}
          name="code"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          spellCheck={false}
          maxLength={manualCodeMaxLength * 2}
          aria-invalid={problem !== null}
          aria-describedby={problem === null ? hintId : `${hintId} ${errorId}`}
        />
        <p className="form-field__hint" id={hintId}>
          {t.manualCode.hint(minLength, manualCodeMaxLength)}
        </p>
        {problem !== null && (
          <p className="form-field__error" id={errorId} role="alert">
            {problemText(t, problem, minLength)}
          </p>
        )}
      </div>
      <div className="actions">
        <button
          type="submit"
          className="button button--primary button--large"
          aria-keyshortcuts="Enter"
        >
          {t.manualCode.submit}
          <Kbd>{t.keys.enter}</Kbd>
        </button>
        <button
          type="button"
          className="button button--secondary button--large"
          aria-keyshortcuts="Escape"
          onClick={onCancel}
        >
          {t.manualCode.cancel}
          <Kbd>{t.keys.esc}</Kbd>
        </button>
      </div>
    </form>
  )
}
