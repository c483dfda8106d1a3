import { useId, useState, type ReactElement } from 'react'
import type { EditableSettings } from '../../../../shared/contract'
import type { Messages } from '../../i18n'
import { fieldId, TextField } from './fields'
import type { Draft, FieldErrors, Terminator } from './form'
import { ScannerWizard, type HidStatus } from './scanner-wizard/ScannerWizard'

export function ScannerSection({
  t,
  draft,
  errors,
  saved,
  hidStatus,
  onDraft,
  onSaveWedge
}: {
  t: Messages
  draft: Draft
  errors: FieldErrors
  /** The scanner settings in use (saved), which the wizard judges scans by. */
  saved: EditableSettings['wedge']
  hidStatus?: HidStatus
  onDraft: (change: Partial<Draft>) => void
  onSaveWedge: (wedge: { maxGapMs: number }) => Promise<boolean>
}): ReactElement {
  const [wizardOpen, setWizardOpen] = useState(false)
  const terminatorId = useId()
  return (
    <>
      <div className="settings-grid">
        <TextField
          t={t}
          path="wedge.maxGapMs"
          label={t.settings.scanner.maxGap}
          hint={t.settings.scanner.maxGapHint}
          inputMode="numeric"
          value={draft.maxGapMs}
          errors={errors}
          onChange={(maxGapMs) => onDraft({ maxGapMs })}
          suffix={<span className="settings-unit">{t.settings.timeouts.ms}</span>}
        />
        <TextField
          t={t}
          path="wedge.minLength"
          label={t.settings.scanner.minLength}
          hint={t.settings.scanner.minLengthHint}
          inputMode="numeric"
          value={draft.minLength}
          errors={errors}
          onChange={(minLength) => onDraft({ minLength })}
        />
        <div className="settings-field">
          <label className="field-label" htmlFor={terminatorId}>
            {t.settings.scanner.terminator}
          </label>
          <select
            id={terminatorId}
            className="settings-input"
            value={draft.terminator}
            onChange={(event) => onDraft({ terminator: event.target.value as Terminator })}
          >
            {(['Enter', 'Tab', 'none'] as const).map((value) => (
              <option key={value} value={value}>
                {t.settings.scanner.terminatorNames[value]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <button
        type="button"
        id={fieldId('wedge.wizard')}
        className="button button--secondary button--large"
        aria-expanded={wizardOpen}
        onClick={() => setWizardOpen(!wizardOpen)}
      >
        {wizardOpen ? t.settings.scanner.closeWizard : t.settings.scanner.openWizard}
      </button>
      {wizardOpen && (
        <ScannerWizard
          current={saved}
          onSave={onSaveWedge}
          {...(hidStatus === undefined ? {} : { hidStatus })}
        />
      )}
    </>
  )
}
