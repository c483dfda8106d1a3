import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type ReactElement
} from 'react'
import type { ManagerStatus, TillError } from '../../../../shared/contract'
import type { SaleView } from '../../../../shared/order'
import { resolveWedgeOptions } from '../../../../shared/wedge'
import { useT, type Messages } from '../../i18n'
import { sanitizeAmountText } from '../../lib/amount'
import { formatMoney } from '../../../../shared/money/format'
import { reasonWords } from '../../lib/sale-flow'
import { usePinScanGuard } from '../../ui/pin-scan-guard'
import { useHistoryApi } from '../../stores/history-store'
import { useManagerApi, useManagerStore } from '../../stores/manager-store'
import { shopTimeZone, useTillStore } from '../../stores/till-store'
import { ErrorNotice } from '../../ui/ErrorNotice'
import { formatClock } from './format'
import {
  refundableMinor,
  refundArgs,
  type RefundForm,
  type RefundFormErrors
} from '../../lib/history-forms'

/** Why the service refused the PIN, as the manager store's status explains it. */
function pinRefusal(
  t: Messages,
  status: ManagerStatus | null,
  locale: string,
  timeZone: string
): string {
  if (status === null) return t.errors.byCode.PIN_REJECTED
  if (status.pinDamaged === true) return t.refund.pinDamaged
  if (!status.pinSet) return t.refund.noPin
  if (status.lockedUntil !== null) {
    return t.refund.locked(formatClock(status.lockedUntil, locale, timeZone))
  }
  return t.refund.wrongPin(status.attemptsLeft)
}

/**
 * A refund of the open sale, full or in part, with a reason, approved by the manager PIN. The
 * service checks the PIN and what is left to refund; this form only keeps obvious mistakes from
 * the trip. Once sent, it follows the refund to its final state through `sales:changed`.
 */
export function RefundDialog({
  sale,
  onClose
}: {
  sale: SaleView
  onClose: () => void
}): ReactElement {
  const t = useT()
  const history = useHistoryApi()
  const manager = useManagerApi()
  const status = useManagerStore((state) => state.status)
  const [form, setForm] = useState<RefundForm>({
    kind: 'full',
    amountText: '',
    reason: '',
    pin: ''
  })
  const [errors, setErrors] = useState<RefundFormErrors>({})
  const [pinProblem, setPinProblem] = useState<string | null>(null)
  const [failure, setFailure] = useState<TillError | null>(null)
  const [sending, setSending] = useState(false)
  const [refundId, setRefundId] = useState<number | null>(null)
  const first = useRef<HTMLInputElement>(null)
  // A scan into the PIN field is no PIN, and costs the manager no try (pin-scan-guard.ts).
  const wedgeSettings = useTillStore((state) => state.info?.wedge)
  const wedge = useMemo(() => resolveWedgeOptions(wedgeSettings ?? {}, 'entry'), [wedgeSettings])
  const onPinKey = usePinScanGuard(
    form.pin,
    (before) => {
      setForm((current) => ({ ...current, pin: before }))
      setPinProblem(t.refund.pinScanned)
    },
    wedge
  )

  useEffect(() => {
    void manager.load()
    first.current?.focus()
  }, [manager])

  const currency = sale.amount.currency
  const left = refundableMinor(sale)
  const leftText = formatMoney({ minor: left, currency }, t.locale)
  const sent =
    refundId === null ? null : (sale.refunds.find((r) => r.refundId === refundId) ?? null)
  const noPin = status !== null && !status.pinSet
  // A PIN nobody can type: say so, and how it is fixed, before the manager tries.
  const pinDamaged = status?.pinDamaged === true

  const update = (patch: Partial<RefundForm>): void => {
    setForm({ ...form, ...patch })
    const cleared = { ...errors }
    if ('amountText' in patch || 'kind' in patch) delete cleared.amount
    if ('reason' in patch) delete cleared.reason
    if ('pin' in patch) {
      delete cleared.pin
      setPinProblem(null)
    }
    setErrors(cleared)
  }

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (sending) return
    const checked = refundArgs(form, sale)
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setSending(true)
    setFailure(null)
    const result = await history.refund(checked.args)
    setSending(false)
    if (result.ok) {
      setRefundId(result.value.refundId)
      return
    }
    if (result.error.code === 'PIN_REJECTED') {
      await manager.load()
      setPinProblem(pinRefusal(t, useManagerStore.getState().status, t.locale, shopTimeZone()))
      setForm((current) => ({ ...current, pin: '' }))
      document.getElementById('refund-pin')?.focus()
      return
    }
    setFailure(result.error)
  }

  const dialog = useRef<HTMLDivElement>(null)
  // Modal: Esc closes, and Tab goes round the dialog's own controls, never behind it.
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && !sending) {
      event.stopPropagation()
      onClose()
      return
    }
    if (event.key !== 'Tab' || dialog.current === null) return
    const controls = [
      ...dialog.current.querySelectorAll<HTMLElement>('input, button:not(:disabled)')
    ].filter((control) => !control.hasAttribute('disabled'))
    const head = controls[0]
    const tail = controls.at(-1)
    if (head === undefined || tail === undefined) return
    if (event.shiftKey && document.activeElement === head) {
      event.preventDefault()
      tail.focus()
    } else if (!event.shiftKey && document.activeElement === tail) {
      event.preventDefault()
      head.focus()
    }
  }

  const amountError =
    errors.amount === 'empty'
      ? t.refund.amountEmpty
      : errors.amount === 'invalid'
        ? t.refund.amountInvalid
        : errors.amount === 'too-high'
          ? t.refund.amountTooHigh(leftText)
          : null
  const pinError = errors.pin === 'invalid' ? t.refund.pinInvalid : pinProblem

  return (
    <div className="dialog-backdrop" onKeyDown={onKeyDown}>
      <div
        ref={dialog}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="refund-title"
        data-testid="refund-dialog"
      >
        <h2 className="section-title" id="refund-title">
          {t.refund.heading(sale.saleId)}
        </h2>
        <p>
          {t.refund.remaining}: <strong data-testid="refund-remaining">{leftText}</strong>
        </p>
        {sent !== null ? (
          <>
            <p
              role="status"
              className={`progress progress--${sent.status}`}
              data-testid="refund-progress"
            >
              {formatMoney(sent.amount, t.locale)} — {t.refund.progress[sent.status]}
              {sent.failure ? ` ${reasonWords(t.reasons, sent.failureWhy, sent.failure)}` : ''}
            </p>
            <div className="actions">
              <button type="button" className="button button--primary" onClick={onClose} autoFocus>
                {t.refund.close}
              </button>
            </div>
          </>
        ) : (
          <form onSubmit={(event) => void submit(event)} noValidate>
            <div className="records">
              {noPin && (
                <p className="form-field__error" role="alert">
                  {t.refund.noPin}
                </p>
              )}
              {pinDamaged && (
                <p className="form-field__error" role="alert">
                  {t.refund.pinDamaged}
                </p>
              )}
              <fieldset className="choice">
                <legend className="visually-hidden">{t.refund.kind}</legend>
                <label>
                  <input
                    ref={first}
                    type="radio"
                    name="refund-kind"
                    checked={form.kind === 'full'}
                    onChange={() => update({ kind: 'full' })}
                  />
                  {t.refund.full} ({leftText})
                </label>
                <label>
                  <input
                    type="radio"
                    name="refund-kind"
                    checked={form.kind === 'partial'}
                    onChange={() => update({ kind: 'partial' })}
                  />
                  {t.refund.partial}
                </label>
              </fieldset>
              {form.kind === 'partial' && (
                <div className="form-field">
                  <label htmlFor="refund-amount">{t.refund.amount}</label>
                  <input
                    id="refund-amount"
                    inputMode="decimal"
                    autoComplete="off"
                    value={form.amountText}
                    aria-invalid={amountError !== null}
                    aria-describedby={amountError ? 'refund-amount-error' : undefined}
                    onChange={(event) => {
                      const text = sanitizeAmountText(event.target.value, currency)
                      if (text !== null) update({ amountText: text })
                    }}
                  />
                  {amountError && (
                    <p className="form-field__error" id="refund-amount-error">
                      {amountError}
                    </p>
                  )}
                </div>
              )}
              <div className="form-field">
                <label htmlFor="refund-reason">{t.refund.reason}</label>
                <input
                  id="refund-reason"
                  autoComplete="off"
                  maxLength={200}
                  value={form.reason}
                  aria-invalid={errors.reason !== undefined}
                  aria-describedby={`refund-reason-hint${errors.reason ? ' refund-reason-error' : ''}`}
                  onChange={(event) => update({ reason: event.target.value })}
                />
                <p className="form-field__hint" id="refund-reason-hint">
                  {t.refund.reasonHint}
                </p>
                {errors.reason && (
                  <p className="form-field__error" id="refund-reason-error">
                    {t.refund.reasonEmpty}
                  </p>
                )}
              </div>
              <div className="form-field">
                <label htmlFor="refund-pin">{t.refund.pin}</label>
                <input
                  id="refund-pin"
                  type="password"
                  inputMode="numeric"
                  autoComplete="off"
                  maxLength={8}
                  value={form.pin}
                  aria-invalid={pinError !== null}
                  aria-describedby={`refund-pin-hint${pinError ? ' refund-pin-error' : ''}`}
                  onKeyDown={onPinKey}
                  onChange={(event) => update({ pin: event.target.value.replace(/\D/g, '') })}
                />
                <p className="form-field__hint" id="refund-pin-hint">
                  {t.refund.pinHint}
                </p>
                {pinError && (
                  <p className="form-field__error" id="refund-pin-error" role="alert">
                    {pinError}
                  </p>
                )}
              </div>
              {failure && <ErrorNotice error={failure} onDismiss={() => setFailure(null)} />}
              <div className="actions">
                <button
                  type="submit"
                  className="button button--primary"
                  disabled={sending || noPin || pinDamaged}
                >
                  {sending ? t.refund.submitting : t.refund.submit}
                </button>
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={sending}
                  onClick={onClose}
                >
                  {t.refund.cancel}
                </button>
              </div>
            </div>
          </form>
        )}
      </div>
    </div>
  )
}
