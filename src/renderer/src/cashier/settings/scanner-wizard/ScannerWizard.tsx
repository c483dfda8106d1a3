import { useCallback, useEffect, useId, useMemo, useState, type ReactElement } from 'react'
import { createWedgeDetector, type WedgeDetector } from '../../../../../shared/wedge'
import { useT } from '../../../i18n'
import { isChord } from '../../../lib/key-gate'
import { qrPath } from '../../../lib/qr'
import {
  buildDiagnostics,
  checkFraming,
  checkLayout,
  classifyScan,
  maskCode,
  proposeThreshold,
  toWizardScan,
  type RecordedKey,
  type WizardScan
} from './analysis'

/** What the HID-POS scanner service reports (`scanner:status`); wired in where that service exists. */
export interface HidStatus {
  readonly kind: 'hid-pos' | 'none'
  readonly devices: readonly { readonly name: string }[]
}

export interface WedgeValues {
  readonly maxGapMs: number
  readonly minLength: number
  readonly terminators: readonly string[]
}

/** The code the wizard shows to be scanned: letters, digits and a symbol, to expose layouts. */
export const testCode = 'QRTILL-TEST-2468'

/**
 * The measuring detectors accept gaps up to this: slow Bluetooth scanners peak near 100 ms
 * (pos-anchors §4.3); a person typing is slower still and shows up as such in the list.
 */
const measureGapMs = 200
/** A key this long after the previous one is a person's: Esc stops, Tab moves the focus. */
const standsAloneMs = 250
const keptScans = 10

/**
 * Listens to raw keys while open (the sale view and its key gates are not mounted meanwhile, and
 * keys are stopped here before the view shortcuts see them), measures each scan, and proposes
 * the wedge settings.
 */
export function ScannerWizard({
  current,
  hidStatus,
  onSave
}: {
  current: WedgeValues
  hidStatus?: HidStatus
  onSave: (wedge: { maxGapMs: number }) => Promise<boolean>
}): ReactElement {
  const t = useT()
  const [listening, setListening] = useState(true)
  const [scans, setScans] = useState<readonly WizardScan[]>([])
  const [saved, setSaved] = useState<number | null>(null)
  const headingId = useId()
  const addScan = useCallback(
    (scan: WizardScan) => setScans((list) => [scan, ...list].slice(0, keptScans)),
    []
  )
  useWizardKeys(listening, setListening, addScan)

  const proposal = proposeThreshold(scans)
  const layout = checkLayout(scans.flatMap((scan) => scan.keys))
  const framing = checkFraming(scans, testCode)
  const qr = useMemo(() => qrPath(testCode), [])

  const exportDiagnostics = (): void => {
    const diagnostics = buildDiagnostics({
      scans,
      settings: current,
      testCode,
      hidPos: hidStatus ?? null,
      now: new Date(),
      userAgent: navigator.userAgent
    })
    const blob = new Blob([`${JSON.stringify(diagnostics, null, 2)}\n`], {
      type: 'application/json'
    })
    const url = URL.createObjectURL(blob)
    const link = document.createElement('a')
    link.href = url
    link.download = `qr-till-scanner-${diagnostics.createdAt.replace(/[:.]/g, '-')}.json`
    document.body.append(link)
    link.click()
    link.remove()
    URL.revokeObjectURL(url)
  }

  const terminatorName = (name: string): string => (name === 'idle' ? t.wizard.endedByIdle : name)

  return (
    <section className="wizard" aria-labelledby={headingId}>
      <h4 className="settings-subheading" id={headingId}>
        {t.wizard.heading}
      </h4>
      <p>{t.wizard.intro}</p>
      <figure className="wizard__test-code">
        <svg
          viewBox={`0 0 ${qr.size} ${qr.size}`}
          role="img"
          aria-label={`${t.wizard.testCodeLabel}: ${testCode}`}
        >
          <rect width={qr.size} height={qr.size} fill="#fff" />
          <path d={qr.path} fill="#000" />
        </svg>
        <figcaption>
          {t.wizard.testCodeLabel}: <code>{testCode}</code>
        </figcaption>
      </figure>
      <div className="wizard__listen" aria-live="polite">
        <p
          className={listening ? 'wizard__state wizard__state--on' : 'wizard__state'}
          data-testid="wizard-state"
        >
          {listening ? t.wizard.listening : t.wizard.notListening}
        </p>
        {listening && <p className="field-hint">{t.wizard.stopHint}</p>}
      </div>
      <div className="actions">
        <button
          type="button"
          className="button button--secondary"
          aria-pressed={listening}
          onClick={() => setListening(!listening)}
        >
          {listening ? t.wizard.stop : t.wizard.start}
        </button>
        <button type="button" className="button button--quiet" onClick={() => setScans([])}>
          {t.wizard.clear}
        </button>
        <button type="button" className="button button--quiet" onClick={exportDiagnostics}>
          {t.wizard.export}
        </button>
      </div>

      <ul className="wizard__findings" aria-live="polite" data-testid="wizard-findings">
        <li>
          {hidStatus !== undefined && hidStatus.devices.length > 0
            ? t.wizard.detected.hidPos(hidStatus.devices.map((device) => device.name).join(', '))
            : scans.length > 0
              ? t.wizard.detected.wedge
              : t.wizard.detected.none}
        </li>
        {hidStatus === undefined && <li className="field-hint">{t.wizard.hidSlot}</li>}
        <li data-testid="wizard-proposal">
          {proposal === null
            ? t.wizard.needScans
            : t.wizard.proposal(proposal.measuredMaxGapMs, proposal.proposedMaxGapMs)}
        </li>
        <li data-testid="wizard-layout">
          {layout.verdict === 'ok'
            ? t.wizard.layoutOk
            : layout.verdict === 'mismatch'
              ? t.wizard.layoutMismatch(
                  layout.mismatches
                    .slice(0, 3)
                    .map((item) => t.wizard.layoutExample(item.key, item.expected))
                    .join(', ')
                )
              : t.wizard.layoutUnknown}
        </li>
        {framing.terminator !== null && (
          <li data-testid="wizard-terminator">
            {framing.terminator === 'mixed'
              ? t.wizard.terminatorMixed
              : t.wizard.terminator(terminatorName(framing.terminator))}
          </li>
        )}
        {scans.length > 0 && (
          <li data-testid="wizard-framing">
            {!framing.testCodeFound
              ? t.wizard.testCodeMissing
              : framing.prefix !== ''
                ? t.wizard.prefix(framing.prefix)
                : framing.suffix !== ''
                  ? t.wizard.suffix(framing.suffix)
                  : t.wizard.framingOk}
          </li>
        )}
      </ul>

      {proposal !== null && (
        <div className="actions">
          <button
            type="button"
            className="button button--primary button--large"
            onClick={() => {
              const value = proposal.proposedMaxGapMs
              void onSave({ maxGapMs: value }).then((done) => setSaved(done ? value : null))
            }}
          >
            {t.wizard.apply(proposal.proposedMaxGapMs)}
          </button>
        </div>
      )}
      <div aria-live="polite">
        {saved !== null && <p className="notice notice--info">{t.wizard.applied(saved)}</p>}
      </div>

      {scans.length > 0 && (
        <div className="settings-table-wrap">
          <table className="settings-table" data-testid="wizard-scans">
            <caption className="settings-subheading">{t.wizard.scansCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.wizard.code}</th>
                <th scope="col">{t.wizard.length}</th>
                <th scope="col">{t.wizard.maxGap}</th>
                <th scope="col">{t.wizard.meanGap}</th>
                <th scope="col">{t.wizard.endedBy}</th>
                <th scope="col">{t.wizard.classification}</th>
              </tr>
            </thead>
            <tbody>
              {scans.map((scan, index) => {
                const verdict = classifyScan(scan, current)
                return (
                  <tr key={`${scan.keys[0]?.timeStamp ?? index}`}>
                    <td>
                      <code>{maskCode(scan.text)}</code>
                    </td>
                    <td>{scan.text.length}</td>
                    <td>{t.wizard.ms(scan.maxGapMs)}</td>
                    <td>{t.wizard.ms(scan.meanGapMs)}</td>
                    <td>{terminatorName(scan.endedBy)}</td>
                    <td>
                      {verdict.reason === 'ok'
                        ? t.wizard.takenAsScan
                        : verdict.reason === 'too-slow'
                          ? t.wizard.tooSlow
                          : t.wizard.tooShort}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

/**
 * The wizard's own key handling, at the window in the capture phase so nothing else on the page
 * sees a scan's keys. Two detectors measure side by side: one for scanners that end each code with
 * Enter or Tab, one for scanners that send no terminator and simply stop.
 */
function useWizardKeys(
  listening: boolean,
  setListening: (on: boolean) => void,
  onScan: (scan: WizardScan) => void
): void {
  useEffect(() => {
    if (!listening) return
    const terminated: WedgeDetector = createWedgeDetector({
      maxGapMs: measureGapMs,
      terminators: ['Enter', 'Tab'],
      minLength: 4,
      idleTimeoutMs: standsAloneMs
    })
    const unterminated: WedgeDetector = createWedgeDetector({
      maxGapMs: measureGapMs,
      terminators: [],
      minLength: 4,
      idleTimeoutMs: standsAloneMs
    })
    let log: RecordedKey[] = []
    let lastAt = Number.NEGATIVE_INFINITY
    let idle: ReturnType<typeof setTimeout> | null = null

    const report = (scan: ReturnType<WedgeDetector['push']>): void => {
      if (scan === null) return
      onScan(toWizardScan(scan, log))
      log = log.filter((entry) => entry.timeStamp > scan.endedAt)
    }
    const onKeyDown = (event: KeyboardEvent): void => {
      if (isChord(event)) return
      // The manager PIN, which saving the threshold may ask for while the wizard listens: keys
      // typed into a password field go there, and are never measured, shown or exported as a
      // scan (a PIN typed briskly would pass for one, and its last four digits are all of it).
      if (event.target instanceof HTMLInputElement && event.target.type === 'password') return
      const alone = event.timeStamp - lastAt > standsAloneMs
      if (alone && event.key === 'Tab') return
      event.preventDefault()
      event.stopPropagation()
      if (alone && event.key === 'Escape') {
        setListening(false)
        return
      }
      lastAt = event.timeStamp
      const input = {
        key: event.key,
        code: event.code,
        timeStamp: event.timeStamp,
        repeat: event.repeat
      }
      log.push({ key: event.key, code: event.code, timeStamp: event.timeStamp })
      if (log.length > 512) log = log.slice(-256)
      report(terminated.push(input))
      report(unterminated.push(input))
      if (idle !== null) clearTimeout(idle)
      idle = setTimeout(() => {
        idle = null
        const now = performance.now()
        report(terminated.flush(now))
        report(unterminated.flush(now))
      }, standsAloneMs + 10)
    }
    window.addEventListener('keydown', onKeyDown, { capture: true })
    return () => {
      window.removeEventListener('keydown', onKeyDown, { capture: true })
      if (idle !== null) clearTimeout(idle)
    }
  }, [listening, setListening, onScan])
}
