import type { ReactElement } from 'react'
import type { Messages } from '../../i18n'
import { TextField } from './fields'
import { boundsOf, paymentNumberFields, type Draft, type FieldErrors } from './form'

export function TimeoutsSection({
  t,
  draft,
  errors,
  onDraft
}: {
  t: Messages
  draft: Draft
  errors: FieldErrors
  onDraft: (change: Partial<Draft>) => void
}): ReactElement {
  return (
    <>
      <p className="field-hint">{t.settings.timeouts.hint}</p>
      <div className="settings-grid">
        {paymentNumberFields.map(({ key, unit }) => {
          const { min, max } = boundsOf(key)
          const unitText =
            unit === 'ms'
              ? t.settings.timeouts.ms
              : unit === 'seconds'
                ? t.settings.timeouts.seconds
                : t.settings.timeouts.tries
          return (
            <TextField
              key={key}
              t={t}
              path={`payments.${key}`}
              label={t.settings.timeouts.fields[key]}
              hint={t.settings.timeouts.range(min, max, unitText)}
              inputMode="numeric"
              value={draft.payments[key]}
              errors={errors}
              onChange={(value) => onDraft({ payments: { ...draft.payments, [key]: value } })}
              suffix={<span className="settings-unit">{unitText}</span>}
            />
          )
        })}
      </div>
    </>
  )
}
