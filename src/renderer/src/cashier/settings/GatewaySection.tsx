import { useId, useState, type ChangeEvent, type ReactElement } from 'react'
import type { EditableSettings, KeyStatus, TillError } from '../../../../shared/contract'
import type { Messages } from '../../i18n'
import { SettingsNotice, TextField } from './fields'
import type { Draft, FieldErrors } from './form'
import type { SettingsWrite } from './pin-gate'

type Keys = EditableSettings['keys']

export function GatewaySection({
  t,
  draft,
  errors,
  keys,
  write,
  onDraft,
  onKeys
}: {
  t: Messages
  draft: Draft
  errors: FieldErrors
  keys: Keys
  /** The view's writes, which carry the manager PIN. */
  write: SettingsWrite
  onDraft: (change: Partial<Draft>) => void
  onKeys: (keys: Keys) => void
}): ReactElement {
  const name = useId()
  return (
    <>
      <fieldset className="settings-choice">
        <legend className="field-label">{t.settings.gateway.mode}</legend>
        {(['sandbox', 'paycloud'] as const).map((mode) => (
          <label key={mode} className="settings-choice__option">
            <input
              type="radio"
              name={name}
              value={mode}
              checked={draft.gatewayMode === mode}
              onChange={() => onDraft({ gatewayMode: mode })}
            />
            {mode === 'sandbox' ? t.settings.gateway.sandbox : t.settings.gateway.paycloud}
          </label>
        ))}
      </fieldset>
      {draft.gatewayMode === 'paycloud' && (
        <div className="settings-grid">
          <TextField
            t={t}
            path="gateway.baseUrl"
            label={t.settings.gateway.baseUrl}
            hint={t.settings.gateway.baseUrlHint}
            inputMode="url"
            value={draft.baseUrl}
            errors={errors}
            onChange={(baseUrl) => onDraft({ baseUrl })}
          />
          <TextField
            t={t}
            path="gateway.appId"
            label={t.settings.gateway.appId}
            value={draft.appId}
            errors={errors}
            onChange={(appId) => onDraft({ appId })}
          />
          <TextField
            t={t}
            path="gateway.merchantNo"
            label={t.settings.gateway.merchantNo}
            value={draft.merchantNo}
            errors={errors}
            onChange={(merchantNo) => onDraft({ merchantNo })}
          />
          <TextField
            t={t}
            path="gateway.storeNo"
            label={t.settings.gateway.storeNo}
            value={draft.storeNo}
            errors={errors}
            onChange={(storeNo) => onDraft({ storeNo })}
          />
        </div>
      )}
      <p className="field-hint">{t.settings.gateway.restartHint}</p>
      <KeyImport t={t} keys={keys} write={write} onKeys={onKeys} />
    </>
  )
}

function keyLine(t: Messages, status: KeyStatus): string {
  if (!status.present) return t.settings.gateway.absent
  const source =
    status.source === 'secret-store'
      ? t.settings.gateway.sourceSecretStore
      : t.settings.gateway.sourceKeyFile
  return t.settings.gateway.present(status.fingerprint ?? '—', source)
}

/**
 * Pasted or read from a file, sent once to the till, then forgotten: the fields empty after an
 * import, and the till never sends a key back (only whether one is installed, and its fingerprint).
 * Held back or refused for the manager PIN, the keys stay in their fields for the next try.
 */
function KeyImport({
  t,
  keys,
  write,
  onKeys
}: {
  t: Messages
  keys: Keys
  write: SettingsWrite
  onKeys: (keys: Keys) => void
}): ReactElement {
  const [privatePem, setPrivatePem] = useState('')
  const [publicPem, setPublicPem] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<TillError | null>(null)
  const [done, setDone] = useState(false)
  const id = useId()

  const readFile =
    (set: (text: string) => void) =>
    (event: ChangeEvent<HTMLInputElement>): void => {
      const file = event.target.files?.[0]
      event.target.value = ''
      if (file === undefined) return
      void file.text().then(set)
    }

  const importKeys = async (): Promise<void> => {
    setDone(false)
    if (privatePem.trim() === '' || publicPem.trim() === '') {
      setError({ code: 'INVALID_ARGUMENT', message: t.settings.gateway.bothNeeded })
      return
    }
    setBusy(true)
    setError(null)
    const result = await write('settings:importKey', {
      appPrivateKeyPem: privatePem,
      gatewayPublicKeyPem: publicPem
    })
    setBusy(false)
    if (result === null) return
    if (!result.ok) {
      setError(result.error)
      return
    }
    setError(null)
    setPrivatePem('')
    setPublicPem('')
    setDone(true)
    onKeys(result.value)
  }

  return (
    <div className="settings-keys">
      <h4 className="settings-subheading">{t.settings.gateway.keysHeading}</h4>
      <dl className="settings-keys__status">
        <dt>{t.settings.gateway.appKey}</dt>
        <dd data-testid="key-app">{keyLine(t, keys.appPrivateKey)}</dd>
        <dt>{t.settings.gateway.gatewayKey}</dt>
        <dd data-testid="key-gateway">{keyLine(t, keys.gatewayPublicKey)}</dd>
      </dl>
      <p className="field-hint">
        {t.settings.gateway.storage(keys.storage.kind, keys.storage.dir)}
      </p>
      <p className="field-hint" id={`${id}-hint`}>
        {t.settings.gateway.pasteHint}
      </p>
      <div className="settings-grid">
        {(
          [
            ['private', t.settings.gateway.pastePrivate, privatePem, setPrivatePem],
            ['public', t.settings.gateway.pastePublic, publicPem, setPublicPem]
          ] as const
        ).map(([which, label, value, set]) => (
          <div className="settings-field" key={which}>
            <label className="field-label" htmlFor={`${id}-${which}`}>
              {label}
            </label>
            <textarea
              id={`${id}-${which}`}
              className="settings-input settings-input--pem"
              rows={4}
              spellCheck={false}
              autoComplete="off"
              value={value}
              aria-describedby={`${id}-hint`}
              onChange={(event) => set(event.target.value)}
            />
            <label className="button button--quiet settings-file">
              {t.settings.gateway.chooseFile(label)}
              <input
                type="file"
                className="visually-hidden"
                accept=".pem,.key,.txt,application/x-pem-file"
                onChange={readFile(set)}
              />
            </label>
          </div>
        ))}
      </div>
      <button
        type="button"
        className="button button--secondary button--large"
        disabled={busy}
        onClick={() => void importKeys()}
      >
        {busy ? t.settings.gateway.importing : t.settings.gateway.importKeys}
      </button>
      <div aria-live="polite">
        {done && <p className="notice notice--info">{t.settings.gateway.imported}</p>}
      </div>
      {error && (
        <SettingsNotice
          t={t}
          title={t.settings.keysNotImported}
          error={error}
          onDismiss={() => setError(null)}
        />
      )}
    </div>
  )
}
