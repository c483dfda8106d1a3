import { useEffect, useState, type FormEvent, type ReactElement } from 'react'
import type { ManagerStatus } from '../../../../shared/contract'
import { useT, type Messages } from '../../i18n'
import { errorText } from '../../lib/error-text'
import { useManagerApi, useManagerStore } from '../../stores/manager-store'
import { shopTimeZone, useShopTimeZone } from '../../stores/till-store'
import { formatClock } from '../history/format'
import '../../styles/history.css'

const pinPattern = /^\d{4,8}$/

function refusalText(t: Messages, status: ManagerStatus | null, timeZone: string): string {
  if (status?.pinDamaged === true) return t.refund.pinDamaged
  if (status !== null && status.lockedUntil !== null) {
    return t.refund.locked(formatClock(status.lockedUntil, t.locale, timeZone))
  }
  return status === null ? t.errors.byCode.PIN_REJECTED : t.refund.wrongPin(status.attemptsLeft)
}

type Problems = Partial<Record<'current' | 'next' | 'confirm', string>>

/**
 * Sets the manager PIN that approves refunds, or changes it with the current one. The PIN goes to
 * the service once and is never kept here: the fields clear after every try.
 */
export function ManagerPinSection(): ReactElement {
  const t = useT()
  const api = useManagerApi()
  const status = useManagerStore((state) => state.status)
  const timeZone = useShopTimeZone()
  const saving = useManagerStore((state) => state.saving)
  const saved = useManagerStore((state) => state.saved)
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [confirm, setConfirm] = useState('')
  const [problems, setProblems] = useState<Problems>({})

  useEffect(() => {
    void api.load()
    api.reset()
  }, [api])

  const pinSet = status?.pinSet === true
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const found: Problems = {}
    if (pinSet && !pinPattern.test(current)) found.current = t.managerPin.invalid
    if (!pinPattern.test(next)) found.next = t.managerPin.invalid
    else if (confirm !== next) found.confirm = t.managerPin.mismatch
    setProblems(found)
    if (Object.keys(found).length > 0) return
    const done = await api.setPin(next, pinSet ? current : null)
    setCurrent('')
    setNext('')
    setConfirm('')
    if (done) return
    const { error, status: after } = useManagerStore.getState()
    const text =
      error === null || error.code === 'PIN_REJECTED'
        ? refusalText(t, after, shopTimeZone())
        : errorText(error, t)
    setProblems(pinSet ? { current: text } : { next: text })
  }

  const field = (
    id: 'current' | 'next' | 'confirm',
    label: string,
    value: string,
    onChange: (value: string) => void
  ): ReactElement => {
    const problem = problems[id]
    return (
      <div className="form-field">
        <label htmlFor={`manager-pin-${id}`}>{label}</label>
        <input
          id={`manager-pin-${id}`}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
          value={value}
          aria-invalid={problem !== undefined}
          aria-describedby={`manager-pin-hint${problem ? ` manager-pin-${id}-error` : ''}`}
          onChange={(event) => {
            api.reset()
            setProblems({ ...problems, [id]: undefined })
            onChange(event.target.value.replace(/\D/g, ''))
          }}
        />
        {problem && (
          <p className="form-field__error" id={`manager-pin-${id}-error`} role="alert">
            {problem}
          </p>
        )}
      </div>
    )
  }

  return (
    <form className="pin-form" onSubmit={(event) => void submit(event)} noValidate>
      <p>{t.managerPin.intro}</p>
      <p data-testid="manager-pin-status">{pinSet ? t.managerPin.isSet : t.managerPin.notSet}</p>
      {status !== null && (status.lockedUntil !== null || status.pinDamaged === true) && (
        <p className="form-field__error">{refusalText(t, status, timeZone)}</p>
      )}
      <p className="form-field__hint" id="manager-pin-hint">
        {t.managerPin.hint}
      </p>
      {pinSet && field('current', t.managerPin.current, current, setCurrent)}
      {field('next', t.managerPin.next, next, setNext)}
      {field('confirm', t.managerPin.confirm, confirm, setConfirm)}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={saving}>
          {saving ? t.managerPin.saving : pinSet ? t.managerPin.change : t.managerPin.set}
        </button>
      </div>
      <div aria-live="polite">{saved && <p className="ok-line">{t.managerPin.saved}</p>}</div>
    </form>
  )
}
