import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactElement,
  type ReactNode,
  type RefObject
} from 'react'
import type {
  CommandArgs,
  EditableSettings,
  SettingName,
  TillError,
  TillInfo
} from '../../../../shared/contract'
import { languages } from '../../../../shared/contract/settings'
import { needsManagerPin } from '../../../../shared/contract/settings-admin'
import { currencyCodes } from '../../../../shared/money'
import { resolveWedgeOptions } from '../../../../shared/wedge'
import { useT, type Messages } from '../../i18n'
import { usePinScanGuard } from '../../ui/pin-scan-guard'
import { tillClient } from '../../stores/client'
import { useManagerApi, useManagerStore } from '../../stores/manager-store'
import { useNavApi } from '../../stores/nav-store'
import { shopTimeZone } from '../../stores/till-store'
import '../../styles/settings.css'
import { DisplaySection } from './DisplaySection'
import { fieldId, SettingsNotice, TextField } from './fields'
import { buildPatch, draftOf, type Draft, type FieldErrors } from './form'
import { GatewaySection } from './GatewaySection'
import { ManagerPinSection } from './ManagerPinSection'
import { MethodsSection } from './MethodsSection'
import { pinProblemText, settingsPinGate, type PinProblem, type SettingsWrite } from './pin-gate'
import { ScannerSection } from './ScannerSection'
import type { HidStatus } from './scanner-wizard/ScannerWizard'
import { TimeoutsSection } from './TimeoutsSection'

type Outcome =
  | { readonly kind: 'saved' }
  | { readonly kind: 'nothing' }
  | { readonly kind: 'restart'; readonly names: readonly SettingName[] }
  | { readonly kind: 'invalid'; readonly count: number }
  | { readonly kind: 'refused'; readonly error: TillError }

/**
 * The manager's settings: edited as a draft, saved in one `settings:update` with only what changed,
 * checked here with the till's own schemas first (the till checks again). Leaving with unsaved
 * edits asks first (nav-store `dirty`). Once a manager PIN is set, every write from here carries
 * the PIN from the field by the Save button; the PIN lives in this view's state only, so it is
 * gone when the view closes, and it is cleared when the till refuses it.
 */
export function SettingsView({
  info,
  hidStatus
}: {
  info: TillInfo
  /** The HID-POS scanner service's report, for the scanner wizard; wired where it exists. */
  hidStatus?: HidStatus
}): ReactElement {
  const t = useT()
  const nav = useNavApi()
  const [base, setBase] = useState<EditableSettings | null>(null)
  const [draft, setDraft] = useState<Draft | null>(null)
  const [loadError, setLoadError] = useState<TillError | null>(null)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [saving, setSaving] = useState(false)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const manager = useManagerApi()
  const managerStatus = useManagerStore((state) => state.status)
  const [pin, setPin] = useState('')
  const [pinProblem, setPinProblem] = useState<string | null>(null)
  // Bumped to focus the PIN field once it is rendered: after a refusal it may only just appear.
  const [pinAsked, setPinAsked] = useState(0)
  const pinInput = useRef<HTMLInputElement>(null)
  // The till's own scanner settings tell its scanner from a person typing the PIN.
  const wedge = useMemo(() => resolveWedgeOptions(info.wedge, 'entry'), [info.wedge])
  const onPinKey = usePinScanGuard(
    pin,
    (before) => {
      setPin(before)
      setPinProblem(t.settings.pin.scanned)
    },
    wedge
  )
  const headingId = useId()
  const heading = useRef<HTMLHeadingElement>(null)
  const loaded = base !== null
  // A view switch starts at its heading, for a screen reader and for Tab (the nav button that
  // opened it, or the body after a shortcut, says nothing of where the form is).
  useEffect(() => {
    heading.current?.focus()
  }, [loaded])

  useEffect(() => {
    void manager.load()
  }, [manager])
  useEffect(() => {
    if (pinAsked > 0) pinInput.current?.focus()
  }, [pinAsked])

  const askForPin = (problem: PinProblem | { refusedWith: 'pin' | 'nothing' }): void => {
    setPinProblem(pinProblemText(t, problem, useManagerStore.getState().status, shopTimeZone()))
    setPinAsked((count) => count + 1)
  }

  const write: SettingsWrite = async (channel, args) => {
    const needsPin =
      channel !== 'settings:update' ||
      needsManagerPin((args as Omit<CommandArgs<'settings:update'>, 'managerPin'>).patch)
    const gate = settingsPinGate(useManagerStore.getState().status, pin, needsPin)
    if (!gate.send) {
      askForPin(gate.problem)
      return null
    }
    setPinProblem(null)
    const sent = { ...args, ...gate.args } as CommandArgs<typeof channel>
    const result = await tillClient().invoke(channel, sent)
    if (result.ok || result.error.code !== 'PIN_REJECTED') return result
    // The status says why (tries left, locked until, damaged), in the screen's language.
    await manager.load()
    setPin('')
    askForPin({ refusedWith: gate.args.managerPin === undefined ? 'nothing' : 'pin' })
    return null
  }

  const [reloads, setReloads] = useState(0)
  useEffect(() => {
    let current = true
    void tillClient()
      .invoke('settings:get', {})
      .then((result) => {
        if (!current) return
        if (!result.ok) {
          setLoadError(result.error)
          return
        }
        setLoadError(null)
        setBase(result.value)
        setDraft(draftOf(result.value))
      })
    return () => {
      current = false
    }
  }, [reloads])

  const pending = base !== null && draft !== null ? buildPatch(base, draft) : null
  const dirty =
    pending !== null &&
    (Object.keys(pending.patch).length > 0 || Object.keys(pending.errors).length > 0)
  useEffect(() => {
    nav.setDirty(dirty)
  }, [dirty, nav])
  useEffect(() => () => nav.setDirty(false), [nav])

  const change = (next: Partial<Draft>): void => {
    setDraft((current) => (current === null ? current : { ...current, ...next }))
    setOutcome(null)
  }

  const adopt = (settings: EditableSettings, keepDraft: Partial<Draft> = {}): void => {
    setBase(settings)
    setDraft({ ...draftOf(settings), ...keepDraft })
  }

  const save = async (): Promise<void> => {
    if (base === null || draft === null || pending === null) return
    setErrors(pending.errors)
    const problems = Object.keys(pending.errors)
    if (problems.length > 0) {
      setOutcome({ kind: 'invalid', count: problems.length })
      const first = problems[0]
      if (first !== undefined) document.getElementById(fieldId(first))?.focus()
      return
    }
    if (Object.keys(pending.patch).length === 0) {
      setOutcome({ kind: 'nothing' })
      return
    }
    setSaving(true)
    setOutcome(null)
    const result = await write('settings:update', { patch: pending.patch })
    setSaving(false)
    // Held back or refused for the PIN: the PIN field says why, and the draft stays as it is.
    if (result === null) return
    if (!result.ok) {
      setOutcome({ kind: 'refused', error: result.error })
      return
    }
    adopt(result.value.settings)
    setOutcome(
      result.value.restartRequired.length > 0
        ? { kind: 'restart', names: result.value.restartRequired }
        : { kind: 'saved' }
    )
  }

  /** The wizard's threshold, saved at once; other unsaved edits in the form stay as they are. */
  const saveWedge = async (wedge: { maxGapMs: number }): Promise<boolean> => {
    const result = await write('settings:update', { patch: { wedge } })
    if (result === null) return false
    if (!result.ok) {
      setOutcome({ kind: 'refused', error: result.error })
      return false
    }
    setBase(result.value.settings)
    setDraft((current) =>
      current === null
        ? draftOf(result.value.settings)
        : { ...current, maxGapMs: String(wedge.maxGapMs) }
    )
    return true
  }

  if (base === null || draft === null) {
    return (
      <section className="settings" aria-labelledby={headingId}>
        <h2 className="section-title" id={headingId} ref={heading} tabIndex={-1}>
          {t.settings.heading}
        </h2>
        {loadError ? (
          <SettingsNotice
            t={t}
            title={t.settings.notSaved}
            error={loadError}
            onDismiss={() => setReloads((count) => count + 1)}
          />
        ) : (
          <p>{t.settings.loading}</p>
        )}
      </section>
    )
  }

  return (
    <section className="settings" aria-labelledby={headingId}>
      <h2 className="section-title" id={headingId} ref={heading} tabIndex={-1}>
        {t.settings.heading}
      </h2>
      <div className="settings__body">
        <Section id="shop" title={t.settings.sections.shop}>
          <div className="settings-grid">
            <TextField
              t={t}
              path="shopName"
              label={t.settings.shopName}
              hint={t.settings.shopNameHint}
              value={draft.shopName}
              errors={errors}
              onChange={(shopName) => change({ shopName })}
            />
            <div className="settings-field">
              <label className="field-label" htmlFor={fieldId('currency')}>
                {t.settings.currency}
              </label>
              <select
                id={fieldId('currency')}
                className="settings-input"
                value={draft.currency}
                aria-describedby={`${fieldId('currency')}-hint`}
                onChange={(event) => change({ currency: event.target.value as Draft['currency'] })}
              >
                {currencyCodes.map((code) => (
                  <option key={code} value={code}>
                    {code}
                  </option>
                ))}
              </select>
              <p className="field-hint" id={`${fieldId('currency')}-hint`}>
                {t.settings.currencyHint}
              </p>
            </div>
            {/* Shown, not edited here: the reports and every open screen take it at start. */}
            <div className="settings-field">
              <label className="field-label" htmlFor={fieldId('timeZone')}>
                {t.settings.timeZone}
              </label>
              <input
                id={fieldId('timeZone')}
                className="settings-input"
                value={info.timeZone}
                readOnly
                aria-describedby={`${fieldId('timeZone')}-hint`}
              />
              <p className="field-hint" id={`${fieldId('timeZone')}-hint`}>
                {t.settings.timeZoneHint}
              </p>
            </div>
          </div>
        </Section>
        <Section id="language" title={t.settings.sections.language}>
          <div className="settings-field">
            <label className="field-label" htmlFor={fieldId('language')}>
              {t.settings.language}
            </label>
            <select
              id={fieldId('language')}
              className="settings-input"
              value={draft.language}
              onChange={(event) => change({ language: event.target.value as Draft['language'] })}
            >
              {languages.map((language) => (
                <option key={language} value={language} lang={language}>
                  {t.settings.languageNames[language]}
                </option>
              ))}
            </select>
          </div>
        </Section>
        <Section id="gateway" title={t.settings.sections.gateway}>
          <GatewaySection
            t={t}
            draft={draft}
            errors={errors}
            keys={base.keys}
            write={write}
            onDraft={change}
            onKeys={(keys) => setBase({ ...base, keys })}
          />
        </Section>
        <Section id="methods" title={t.settings.sections.methods}>
          <MethodsSection
            t={t}
            rules={draft.methodRules}
            errors={errors}
            onRules={(methodRules) => change({ methodRules })}
          />
        </Section>
        <Section id="timeouts" title={t.settings.sections.timeouts}>
          <TimeoutsSection t={t} draft={draft} errors={errors} onDraft={change} />
        </Section>
        <Section id="scanner" title={t.settings.sections.scanner}>
          <ScannerSection
            t={t}
            draft={draft}
            errors={errors}
            saved={base.wedge}
            onDraft={change}
            onSaveWedge={saveWedge}
            {...(hidStatus === undefined ? {} : { hidStatus })}
          />
        </Section>
        <Section id="display" title={t.settings.sections.display}>
          <DisplaySection
            info={info}
            displayId={draft.displayId}
            savedDisplayId={base.customerDisplay.displayId}
            onDisplayId={(displayId) => change({ displayId })}
            write={write}
          />
        </Section>
        <Section id="manager-pin" title={t.settings.sections.managerPin}>
          <ManagerPinSection />
        </Section>
      </div>
      <div className="settings__bar">
        {managerStatus?.pinSet === true && (
          <SavePinField
            t={t}
            pin={pin}
            problem={pinProblem}
            input={pinInput}
            onKey={onPinKey}
            onPin={(typed) => {
              setPin(typed)
              setPinProblem(null)
            }}
          />
        )}
        <div aria-live="polite" className="settings__outcome">
          <OutcomeLine t={t} outcome={outcome} onDismiss={() => setOutcome(null)} />
        </div>
        <div className="actions">
          <button
            type="button"
            className="button button--secondary button--large"
            disabled={!dirty || saving}
            onClick={() => {
              setDraft(draftOf(base))
              setErrors({})
              setOutcome(null)
            }}
          >
            {t.settings.cancel}
          </button>
          <button
            type="button"
            className="button button--primary button--large"
            aria-disabled={saving}
            onClick={() => {
              if (!saving) void save()
            }}
          >
            {saving ? t.settings.saving : t.settings.save}
          </button>
        </div>
      </div>
    </section>
  )
}

/**
 * The manager PIN every write carries: a password field, digits only, like the refund dialog's,
 * with why it is needed always in view and the till's refusal tied to it.
 */
function SavePinField({
  t,
  pin,
  problem,
  input,
  onKey,
  onPin
}: {
  t: Messages
  pin: string
  problem: string | null
  input: RefObject<HTMLInputElement | null>
  onKey: (event: KeyboardEvent<HTMLInputElement>) => void
  onPin: (pin: string) => void
}): ReactElement {
  const id = fieldId('managerPin')
  return (
    <div className="settings-field settings__pin">
      <label className="field-label" htmlFor={id}>
        {t.settings.pin.label}
      </label>
      <input
        ref={input}
        id={id}
        className="settings-input"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={8}
        value={pin}
        aria-invalid={problem !== null}
        aria-describedby={`${id}-hint${problem === null ? '' : ` ${id}-error`}`}
        onKeyDown={onKey}
        onChange={(event) => onPin(event.target.value.replace(/\D/g, ''))}
      />
      <p className="field-hint" id={`${id}-hint`}>
        {t.settings.pin.hint}
      </p>
      {problem !== null && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {problem}
        </p>
      )}
    </div>
  )
}

function Section({
  id,
  title,
  children
}: {
  id: string
  title: string
  children: ReactNode
}): ReactElement {
  return (
    <section className="settings-section" aria-labelledby={`settings-section-${id}`}>
      <h3 className="settings-section__title" id={`settings-section-${id}`}>
        {title}
      </h3>
      {children}
    </section>
  )
}

function OutcomeLine({
  t,
  outcome,
  onDismiss
}: {
  t: Messages
  outcome: Outcome | null
  onDismiss: () => void
}): ReactElement | null {
  if (outcome === null) return null
  switch (outcome.kind) {
    case 'saved':
      return (
        <p className="notice notice--info" data-testid="settings-outcome">
          {t.settings.saved}
        </p>
      )
    case 'nothing':
      return (
        <p className="notice notice--info" data-testid="settings-outcome">
          {t.settings.savedNothing}
        </p>
      )
    case 'restart':
      return (
        <p className="notice notice--warning" data-testid="settings-outcome">
          {t.settings.restartNeeded(
            new Intl.ListFormat(t.locale, { type: 'conjunction' }).format(
              outcome.names.map((name) => t.settings.names[name])
            )
          )}
        </p>
      )
    case 'invalid':
      return (
        <p className="notice notice--error" data-testid="settings-outcome">
          {t.settings.fixErrors(outcome.count)}
        </p>
      )
    case 'refused':
      return (
        <SettingsNotice
          t={t}
          title={t.settings.notSaved}
          error={outcome.error}
          onDismiss={onDismiss}
        />
      )
  }
}
