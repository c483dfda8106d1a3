import { useEffect, useId, useRef, type KeyboardEvent, type ReactElement } from 'react'
import type { TillInfo } from '../../../shared/contract'
import { exponentOf, toMajorString } from '../../../shared/money'
import { createWedgeDetector, resolveWedgeOptions } from '../../../shared/wedge'
import { useT, type Messages } from '../i18n'
import { amountSoFar, checkAmount, droppedShown } from '../lib/amount'
import { formatMoney } from '../../../shared/money/format'
import { checkLines, linesSoFar } from '../lib/sale-lines'
import { createEntryScanGuard, isChord } from '../lib/key-gate'
import { onHidScan, type ScannedCode } from '../lib/hid-scans'
import { isWalletCode } from '../lib/methods'
import { holdScan, takeHeldScan } from '../lib/scan-handoff'
import { useSaleApi, useSaleStore, type SaleNotice } from '../stores/sale-store'
import { ErrorNotice } from '../ui/ErrorNotice'
import { Kbd } from '../ui/Kbd'
import { QrIcon, ScanIcon } from '../ui/icons'
import { Keypad } from './Keypad'
import { LinesEditor } from './LinesEditor'

function noticeText(t: Messages, notice: Exclude<SaleNotice, null>): string {
  switch (notice) {
    case 'scanned-too-early':
      return t.entry.scannedTooEarly
    case 'not-a-wallet-code':
      return t.scanning.notWalletCode
    case 'amount-empty':
      return t.entry.enterAmount
    case 'amount-too-large':
      return t.entry.tooLarge
    case 'amount-invalid':
      return t.entry.invalid
  }
}

/**
 * The amount screen's window keys: F2 opens the sale to scan the customer's code and F3 to show
 * a QR, from anywhere on the screen; a scanner burst is kept out of the amount field (its digits
 * undone, its Enter swallowed); a wallet code scanned after a valid amount (or valid lines) opens
 * the sale and pays it.
 */
function useEntryKeys(info: TillInfo): void {
  useEffect(() => {
    const { currency } = info
    const api = useSaleStore.getState().api
    const options = resolveWedgeOptions(info.wedge, 'entry')
    const onScan = (scan: ScannedCode): void => {
      // With a valid amount, a wallet code opens the sale and pays it (lib/scan-handoff).
      if (scan.code.length < resolveWedgeOptions(info.wedge, 'payment').minLength) {
        api.setNotice('not-a-wallet-code')
        return
      }
      const state = useSaleStore.getState()
      const ready =
        state.lines.length > 0
          ? checkLines(state.lines, currency).ok
          : checkAmount(state.amountText, currency).ok
      if (!ready || state.busy !== null) {
        api.setNotice('scanned-too-early')
        return
      }
      holdScan(scan)
      void api.openSale(currency).then(() => {
        // Not opened: the code goes with the attempt, the cashier sees why.
        if (useSaleStore.getState().sale === null) takeHeldScan()
      })
    }
    const guard = createEntryScanGuard({
      // Only wallet codes open a sale here; with a stall's first digits undone from the amount, the
      // rules may join them to the code as on the payment screen.
      detector: createWedgeDetector(options, (code) => isWalletCode(code, info.methodRules)),
      minFastRun: options.minFastRun,
      idleTimeoutMs: Math.max(options.idleTimeoutMs, options.maxGapMs + 1),
      // A scanner's first keys are undone in every field: the amount and the lines.
      keyed: () => {
        const { amountText, lines } = useSaleStore.getState()
        return { amountText, lines }
      },
      undo: (before) => {
        api.setAmountText(before.amountText, currency)
        api.restoreLines(before.lines)
      },
      onScan: (code) => onScan({ code, aim: null })
    })
    const onKeyDown = (event: globalThis.KeyboardEvent): void => {
      if (guard.handle(event) === 'swallow') {
        event.preventDefault()
        event.stopPropagation()
        return
      }
      if ((event.key === 'F2' || event.key === 'F3') && !isChord(event)) {
        event.preventDefault()
        void api.openSale(currency, event.key === 'F2' ? 'cpm' : 'mpm')
      }
    }
    window.addEventListener('keydown', onKeyDown, { capture: true })
    // Only for Alt: its release completes an Alt-code character (lib/key-gate).
    const onKeyUp = (event: globalThis.KeyboardEvent): void => guard.release(event)
    window.addEventListener('keyup', onKeyUp, { capture: true })
    // HID-POS scans (main's `scanner:scan`) take the same way as the wedge's.
    const stopHidScans = onHidScan(onScan)
    return () => {
      stopHidScans()
      window.removeEventListener('keydown', onKeyDown, { capture: true })
      window.removeEventListener('keyup', onKeyUp, { capture: true })
      guard.dispose()
    }
  }, [info])
}

export function AmountEntry({ info }: { info: TillInfo }): ReactElement {
  const { currency } = info
  const amountText = useSaleStore((state) => state.amountText)
  const lines = useSaleStore((state) => state.lines)
  const withLines = lines.length > 0
  const opening = useSaleStore((state) => state.busy === 'opening')
  const notice = useSaleStore((state) => state.notice)
  const error = useSaleStore((state) => state.error)
  const dropped = useSaleStore((state) =>
    state.dropped?.field === 'amount' ? state.dropped : null
  )
  const api = useSaleApi()
  const t = useT()
  const inputRef = useRef<HTMLInputElement>(null)
  const inputId = useId()
  const hintId = useId()
  const noticeId = useId()
  const droppedId = useId()
  useEntryKeys(info)

  useEffect(() => {
    inputRef.current?.focus()
  }, [])

  const decimals = exponentOf(currency)
  const totalMoney = withLines ? linesSoFar(lines, currency) : amountSoFar(amountText, currency)
  const total = formatMoney(totalMoney, t.locale)
  const ready = withLines ? checkLines(lines, currency).ok : checkAmount(amountText, currency).ok

  const onInputKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault()
      if (!opening) void api.openSale(currency)
    }
  }

  return (
    <section className="entry" aria-labelledby={`${inputId}-heading`}>
      <div className="entry__main">
        <h2 className="section-title" id={`${inputId}-heading`}>
          {t.entry.heading}
        </h2>
        <p className="entry__total">
          <span className="entry__total-label">{t.entry.total}</span>
          <span className="entry__total-value">{total}</span>
        </p>
        <label className="field-label" htmlFor={inputId}>
          {t.entry.amountLabel}
        </label>
        <input
          ref={inputRef}
          id={inputId}
          className="amount-input"
          type="text"
          inputMode={decimals === 0 ? 'numeric' : 'decimal'}
          autoComplete="off"
          spellCheck={false}
          enterKeyHint="go"
          placeholder={decimals === 0 ? '0' : `0.${'0'.repeat(decimals)}`}
          aria-describedby={[hintId, droppedId, ...(notice ? [noticeId] : [])].join(' ')}
          aria-invalid={
            notice !== null && notice !== 'scanned-too-early' && notice !== 'not-a-wallet-code'
          }
          value={withLines ? toMajorString(totalMoney) : amountText}
          readOnly={opening || withLines}
          onChange={(event) => api.setAmountText(event.target.value, currency)}
          onKeyDown={onInputKeyDown}
        />
        <div className="field-hints">
          {/* The message takes the hint's place, so the screen does not grow as it comes and goes. */}
          <p className="field-hint" id={hintId} hidden={dropped !== null}>
            {withLines ? t.lines.amountFromLines : t.entry.amountHint(decimals)}
          </p>
          <div role="status" id={droppedId}>
            {dropped !== null && (
              <p className="field-hint field-hint--dropped">
                {dropped.refused === undefined
                  ? t.digitsOnly.amount(droppedShown(dropped.characters), decimals)
                  : t.digitsOnly.notTaken.amount(dropped.refused)}
              </p>
            )}
          </div>
        </div>
        <LinesEditor currency={currency} disabled={opening} />
        <button
          type="button"
          className="button button--primary button--xl entry__scan"
          aria-keyshortcuts="F2"
          aria-disabled={!ready || opening}
          onClick={() => void api.openSale(currency)}
        >
          <ScanIcon />
          <span>{opening ? t.entry.opening : t.entry.scan}</span>
          <Kbd>{t.keys.f2}</Kbd>
        </button>
        <button
          type="button"
          className="button button--secondary button--xl entry__qr"
          aria-keyshortcuts="F3"
          aria-disabled={!ready || opening}
          onClick={() => void api.openSale(currency, 'mpm')}
        >
          <QrIcon />
          <span>{t.tender.showQr}</span>
          <Kbd>{t.tender.keyF3}</Kbd>
        </button>
        <div aria-live="polite" id={noticeId}>
          {notice && <p className="notice notice--info">{noticeText(t, notice)}</p>}
        </div>
        {error && <ErrorNotice error={error} onDismiss={api.dismissError} />}
      </div>
      <Keypad
        currency={currency}
        disabled={opening || withLines}
        onKey={(key) => api.pressKey(key, currency)}
      />
    </section>
  )
}
