import type { ChangeEvent, ReactElement, ReactNode } from 'react'
import { saySaid, type TillError } from '../../../../shared/contract'
import { isConnectionFailure } from '../../bridge/frames'
import type { Messages } from '../../i18n'
import type { FieldErrors, FieldProblem } from './form'

/** The id of the control for a field path, so a failed save can take the focus to it. */
export function fieldId(path: string): string {
  return `settings-${path.replace(/[^A-Za-z0-9]+/g, '-')}`
}

export function problemText(t: Messages, problem: FieldProblem): string {
  switch (problem.kind) {
    case 'required':
      return t.settings.required
    case 'too-long':
      return t.settings.tooLong(problem.max)
    case 'whole-number':
      return t.settings.timeouts.wholeNumber
    case 'out-of-range':
      return t.settings.timeouts.outOfRange(problem.min, problem.max)
    case 'bad-url':
      return t.settings.gateway.badUrl
    case 'bad-pattern':
      return t.settings.methods.badPattern
    case 'unanchored':
      return t.settings.methods.unanchored
    case 'bad-method-id':
      return t.settings.methods.badMethodId
    case 'bad-aim':
      return t.settings.methods.badAim
  }
}

/** A problem's line under its field, tied to it with aria-describedby. */
export function FieldError({
  t,
  errors,
  path
}: {
  t: Messages
  errors: FieldErrors
  path: string
}): ReactElement | null {
  const problem = errors[path]
  if (problem === undefined) return null
  return (
    <p className="field-error" id={`${fieldId(path)}-error`}>
      {problemText(t, problem)}
    </p>
  )
}

export function describedBy(errors: FieldErrors, path: string, hint: boolean): string | undefined {
  const ids = [
    ...(hint ? [`${fieldId(path)}-hint`] : []),
    ...(errors[path] === undefined ? [] : [`${fieldId(path)}-error`])
  ]
  return ids.length > 0 ? ids.join(' ') : undefined
}

export function TextField({
  t,
  path,
  label,
  hint,
  value,
  errors,
  onChange,
  inputMode,
  suffix
}: {
  t: Messages
  path: string
  label: string
  hint?: string
  value: string
  errors: FieldErrors
  onChange: (value: string) => void
  inputMode?: 'numeric' | 'url' | 'text'
  suffix?: ReactNode
}): ReactElement {
  const id = fieldId(path)
  return (
    <div className="settings-field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="settings-field__control">
        <input
          id={id}
          className="settings-input"
          type={inputMode === 'url' ? 'url' : 'text'}
          inputMode={inputMode === 'numeric' ? 'numeric' : undefined}
          autoComplete="off"
          spellCheck={false}
          value={value}
          aria-invalid={errors[path] !== undefined}
          aria-describedby={describedBy(errors, path, hint !== undefined)}
          onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
        />
        {suffix}
      </div>
      {hint !== undefined && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldError t={t} errors={errors} path={path} />
    </div>
  )
}

/**
 * A refusal from the till. Unlike a sale's errors, what the till says matters here: it names the
 * field or the key problem (bits, type, an open sale) for the person setting the till up. It comes
 * as data (`said`) and is worded in the screen's language; a refusal without it gets its code's
 * words, and the till's English below as a technical detail for the installer.
 */
export function SettingsNotice({
  t,
  title,
  error,
  onDismiss
}: {
  t: Messages
  title: string
  error: TillError
  onDismiss: () => void
}): ReactElement {
  return (
    <div className="notice notice--error" role="alert">
      <div className="notice__body">
        <p className="notice__title">{title}</p>
        {isConnectionFailure(error) ? (
          <p>{t.errors.lostConnection}</p>
        ) : error.said !== undefined ? (
          <p>{saySaid(t.said, error.said)}</p>
        ) : (
          <>
            <p>{t.errors.byCode[error.code]}</p>
            {/* The till's own words are English: marked so, for screen readers (WCAG 3.1.2). */}
            <p className="notice__detail">
              {t.settings.detailLabel} <span lang="en">{error.message}</span>
            </p>
          </>
        )}
      </div>
      <button type="button" className="button button--quiet" onClick={onDismiss}>
        {t.errors.dismiss}
      </button>
    </div>
  )
}
