import type { ReactElement } from 'react'
import type { TillError } from '../../../shared/contract'
import { useT } from '../i18n'
import { errorText } from '../lib/error-text'
import { AlertIcon } from './icons'

export function ErrorNotice({
  error,
  onDismiss,
  actionLabel
}: {
  error: TillError
  onDismiss: () => void
  actionLabel?: string
}): ReactElement {
  const t = useT()
  return (
    <div className="notice notice--error" role="alert">
      <AlertIcon />
      <div className="notice__body">
        <p className="notice__title">{t.errors.title}</p>
        <p>{errorText(error, t)}</p>
      </div>
      <button type="button" className="button button--quiet" onClick={onDismiss}>
        {actionLabel ?? t.errors.dismiss}
      </button>
    </div>
  )
}
