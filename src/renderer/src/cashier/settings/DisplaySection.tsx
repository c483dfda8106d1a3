import { useEffect, useId, useMemo, useState, type ReactElement } from 'react'
import type { LanPairingView, TillError, TillInfo } from '../../../../shared/contract'
import { useT } from '../../i18n'
import { qrPath } from '../../lib/qr'
import { tillClient } from '../../stores/client'
import { ErrorNotice } from '../../ui/ErrorNotice'
import { Countdown } from '../Countdown'

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
function LanSwitchField(): ReactElement {
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
    const result = await tillClient().invoke('settings:update', {
      patch: { customerDisplay: { lan: state.lan } }
    })
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
 * The customer display: what it shows when idle, where the desktop app places it, and pairing a
 * tablet on the shop LAN (`display:pairLan`; the till refuses while the LAN display is off, and
 * this section says so in the till's words).
 */
export function DisplaySection({ info }: { info: TillInfo }): ReactElement {
  const t = useT()
  const [pairing, setPairing] = useState<LanPairingView | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<TillError | null>(null)

  const pair = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    const result = await tillClient().invoke('display:pairLan', {})
    setBusy(false)
    if (result.ok) setPairing(result.value)
    else {
      setPairing(null)
      setError(result.error)
    }
  }

  return (
    <div className="display-settings">
      <p className="field-hint">{t.display.idle(info.shopName)}</p>
      <h4 className="settings-subheading">{t.display.placementHeading}</h4>
      <p className="field-hint">{t.display.placementHint}</p>
      <h4 className="settings-subheading">{t.display.lanHeading}</h4>
      <p className="field-hint">{t.display.lanHint}</p>
      <LanSwitchField />
      <button
        type="button"
        className="button button--secondary button--large"
        disabled={busy}
        onClick={() => void pair()}
      >
        {busy ? t.display.pairing : pairing === null ? t.display.pair : t.display.pairAgain}
      </button>
      {error && <ErrorNotice error={error} onDismiss={() => setError(null)} />}
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
