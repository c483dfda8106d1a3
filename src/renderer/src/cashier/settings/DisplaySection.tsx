import { useEffect, useId, useMemo, useState, type ReactElement } from 'react'
import type { DisplayList, LanPairingView, TillError, TillInfo } from '../../../../shared/contract'
import { useT } from '../../i18n'
import { qrPath } from '../../lib/qr'
import { tillClient } from '../../stores/client'
import { ErrorNotice } from '../../ui/ErrorNotice'
import { Countdown } from '../Countdown'
import type { SettingsWrite } from './pin-gate'

/** The pairing address as a QR code, for the tablet's camera: black on white, quiet zone kept. */
function PairingQr({ url, label }: { url: string; label: string }): ReactElement {
  const { path, size } = useMemo(() => qrPath(url), [url])
  return (
    <svg
      className="display-pairing__qr"
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  )
}

type LanSwitch =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly saved: boolean; readonly lan: boolean }
  | {
      readonly kind: 'saved'
      readonly saved: boolean
      readonly lan: boolean
      readonly restart: boolean
    }

/**
 * The LAN tablet switch: saved on its own with `settings:update` (it is not part of the section
 * form's draft), and, since the web host opens its LAN listener only when it starts, said to apply
 * at the next start whenever the till says so.
 */
function LanSwitchField({ write }: { write: SettingsWrite }): ReactElement {
  const t = useT()
  const id = useId()
  const [state, setState] = useState<LanSwitch>({ kind: 'loading' })
  const [error, setError] = useState<TillError | null>(null)

  useEffect(() => {
    let live = true
    void tillClient()
      .invoke('settings:get', {})
      .then((result) => {
        if (!live) return
        if (result.ok) {
          const lan = result.value.customerDisplay.lan
          setState({ kind: 'ready', saved: lan, lan })
        } else setError(result.error)
      })
    return () => {
      live = false
    }
  }, [])

  if (state.kind === 'loading') {
    return error ? <ErrorNotice error={error} onDismiss={() => setError(null)} /> : <></>
  }
  const save = async (): Promise<void> => {
    setError(null)
    const result = await write('settings:update', {
      patch: { customerDisplay: { lan: state.lan } }
    })
    // Held back or refused for the manager PIN: the switch stays as set, for the next try.
    if (result === null) return
    if (!result.ok) {
      setError(result.error)
      return
    }
    setState({
      kind: 'saved',
      saved: state.lan,
      lan: state.lan,
      restart: result.value.restartRequired.includes('customerDisplay')
    })
  }
  return (
    <div className="display-lan">
      <label className="settings-choice__option" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          className="settings-check"
          checked={state.lan}
          onChange={(event) =>
            setState({ kind: 'ready', saved: state.saved, lan: event.target.checked })
          }
        />
        {t.display.lanSwitch}
      </label>
      <button
        type="button"
        className="button button--secondary"
        disabled={state.lan === state.saved}
        onClick={() => void save()}
      >
        {t.display.saveLan}
      </button>
      <div aria-live="polite">
        {state.kind === 'saved' && (
          <p className="notice notice--info">
            {state.restart ? t.display.lanSavedRestart : t.display.lanSaved}
          </p>
        )}
      </div>
      {error && <ErrorNotice error={error} onDismiss={() => setError(null)} />}
    </div>
  )
}

/**
 * The screen the desktop app puts the customer display on, from the screens plugged in now
 * (`display:list`). Part of the settings form's draft: saved with the rest by `settings:update`
 * as `customerDisplay.displayId` (null: automatic). A chosen screen that is unplugged stays
 * chosen, and listed, so saving other settings never forgets it.
 */
export function DisplayChoiceField({
  list,
  value,
  onChange
}: {
  /** Null until the till answers. */
  list: DisplayList | null
  value: number | null
  onChange: (displayId: number | null) => void
}): ReactElement {
  const t = useT()
  const id = useId()
  if (list === null) return <p className="field-hint">{t.display.screensLoading}</p>
  if (!list.available) {
    return (
      <p className="notice notice--info" data-testid="display-placement-unavailable">
        {t.display.screenDesktopOnly}
      </p>
    )
  }
  const away = value !== null && !list.displays.some((display) => display.id === value)
  return (
    <div className="settings-field">
      <label className="field-label" htmlFor={id}>
        {t.display.screenLabel}
      </label>
      <select
        id={id}
        className="settings-input"
        value={value === null ? '' : String(value)}
        aria-describedby={`${id}-hint`}
        onChange={(event) =>
          onChange(event.target.value === '' ? null : Number(event.target.value))
        }
      >
        <option value="">{t.display.screenAutomatic}</option>
        {list.displays.map((display, index) => (
          <option key={display.id} value={String(display.id)}>
            {t.display.screenOption(
              index + 1,
              display.label,
              display.width,
              display.height,
              display.primary,
              display.customer
            )}
          </option>
        ))}
        {away && <option value={String(value)}>{t.display.screenAway}</option>}
      </select>
      <p className="field-hint" id={`${id}-hint`}>
        {t.display.screenHint}
      </p>
    </div>
  )
}

/**
 * The customer display: what it shows when idle, where the desktop app places it (a draft field,
 * saved with the form), and pairing a tablet on the shop LAN (`display:pairLan`; the till refuses
 * while the LAN display is off, and this section says so in the till's words), or unpairing every
 * tablet at once with the manager PIN (`display:unpairLan`).
 */
export function DisplaySection({
  info,
  displayId,
  savedDisplayId,
  onDisplayId,
  write
}: {
  info: TillInfo
  /** The draft's choice of screen. */
  displayId: number | null
  /** The saved choice: the list is asked again when it changes, for "customer display now". */
  savedDisplayId: number | null
  onDisplayId: (displayId: number | null) => void
  /** The view's writes, which carry the manager PIN. */
  write: SettingsWrite
}): ReactElement {
  const t = useT()
  const [pairing, setPairing] = useState<LanPairingView | null>(null)
  const [busy, setBusy] = useState(false)
  const [unpaired, setUnpaired] = useState(false)
  const [error, setError] = useState<TillError | null>(null)
  const [screens, setScreens] = useState<DisplayList | null>(null)
  const [screensError, setScreensError] = useState<TillError | null>(null)
  const [screensAsked, setScreensAsked] = useState(0)

  useEffect(() => {
    let live = true
    void tillClient()
      .invoke('display:list', {})
      .then((result) => {
        if (!live) return
        if (result.ok) {
          setScreensError(null)
          setScreens(result.value)
        } else setScreensError(result.error)
      })
    return () => {
      live = false
    }
  }, [savedDisplayId, screensAsked])

  const pair = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    setUnpaired(false)
    const result = await tillClient().invoke('display:pairLan', {})
    setBusy(false)
    if (result.ok) setPairing(result.value)
    else {
      setPairing(null)
      setError(result.error)
    }
  }

  // A lost or replaced tablet: every tablet is cut off at once (manager PIN), and the new code
  // is on show for the ones the shop keeps.
  const unpair = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    setUnpaired(false)
    const result = await write('display:unpairLan', {})
    setBusy(false)
    // Held back or refused for the manager PIN: the PIN field says why.
    if (result === null) return
    if (result.ok) {
      setPairing(result.value)
      setUnpaired(true)
    } else setError(result.error)
  }

  return (
    <div className="display-settings">
      <p className="field-hint">{t.display.idle(info.shopName)}</p>
      <h4 className="settings-subheading">{t.display.placementHeading}</h4>
      <p className="field-hint">{t.display.placementHint}</p>
      {screensError ? (
        <ErrorNotice
          error={screensError}
          onDismiss={() => {
            // Dismissing asks again: the list is what the select needs.
            setScreensError(null)
            setScreensAsked((count) => count + 1)
          }}
        />
      ) : (
        <DisplayChoiceField list={screens} value={displayId} onChange={onDisplayId} />
      )}
      <h4 className="settings-subheading">{t.display.lanHeading}</h4>
      <p className="field-hint">{t.display.lanHint}</p>
      <LanSwitchField write={write} />
      <button
        type="button"
        className="button button--secondary button--large"
        disabled={busy}
        onClick={() => void pair()}
      >
        {busy ? t.display.pairing : pairing === null ? t.display.pair : t.display.pairAgain}
      </button>
      <button
        type="button"
        className="button button--secondary"
        disabled={busy}
        onClick={() => void unpair()}
      >
        {t.display.unpairAll}
      </button>
      <p className="field-hint">{t.display.unpairHint}</p>
      {error && <ErrorNotice error={error} onDismiss={() => setError(null)} />}
      <div aria-live="polite">
        {unpaired && <p className="notice notice--info">{t.display.unpaired}</p>}
      </div>
      {pairing && (
        <div className="display-pairing" data-testid="lan-pairing">
          <p>
            {t.display.code}: <strong className="display-pairing__code mono">{pairing.code}</strong>
          </p>
          <p>
            {t.display.address} <span className="mono">{pairing.pairAddress}</span>{' '}
            {t.display.orScan}
          </p>
          <PairingQr url={pairing.url} label={t.display.qrLabel} />
          <Countdown deadline={pairing.expiresAt} expiredText={t.display.expired} />
        </div>
      )}
    </div>
  )
}
