import { useEffect, useRef, useState, type ReactElement, type RefObject } from 'react'
import type { TillInfo } from '../../../shared/contract'
import { createWedgeDetector, resolveWedgeOptions } from '../../../shared/wedge'
import { useT } from '../i18n'
import { formatMoney } from '../../../shared/money/format'
import { createEntryScanGuard, createPaymentKeyGate } from '../lib/key-gate'
import { checkManualCode } from '../lib/manual-code'
import { onHidScan, type ScannedCode } from '../lib/hid-scans'
import { decideMethod, isWalletCode, mpmMethodIds } from '../lib/methods'
import { takeHeldScan } from '../lib/scan-handoff'
import { canCancelPayment, currentAttempt, derivePhase, type SalePhase } from '../lib/sale-flow'
import { useSaleApi, useSalePhase, useSaleStore } from '../stores/sale-store'
import { useTillStore } from '../stores/till-store'
import { ErrorNotice } from '../ui/ErrorNotice'
import { Kbd } from '../ui/Kbd'
import { ManualCodeForm, type ManualCodeFormProblem } from './ManualCodeForm'
import { MethodPicker } from './MethodPicker'
import { WalletPicker } from './WalletPicker'
import { PaymentStatus } from './PaymentStatus'

function currentPhase(): SalePhase {
  const state = useSaleStore.getState()
  return derivePhase({
    sale: state.sale,
    busy: state.busy,
    pickerOpen: state.picker !== null,
    retrying: state.retrying,
    tender: state.tender
  })
}

/**
 * A wallet code, scanned or typed, on its one way to a payment: the method rules pick the wallet,
 * or the cashier does when they cannot (the picker), then `payments:startCpm`.
 */
function payWithCode(
  { code, aim }: ScannedCode,
  info: TillInfo,
  pendingCode: RefObject<string | null>
): void {
  const api = useSaleStore.getState().api
  if (useTillStore.getState().connection !== 'connected') return
  const phase = currentPhase()
  // A customer's code scanned while the cashier decides is the customer choosing to scan.
  if (phase === 'declined') api.askFreshCode()
  else if (phase === 'choosing-wallet') api.chooseTender('cpm')
  else if (phase !== 'awaiting-code') return
  const decision = decideMethod(code, info.methodRules, aim)
  if (decision.kind === 'submit') {
    void api.startCpm(code, decision.payMethodId)
  } else {
    pendingCode.current = code
    api.openPicker({ reason: decision.reason, candidates: decision.candidates })
  }
}

/**
 * The payment screen's keys, at the window in the capture phase: every key is kept from the page
 * (no field here takes typing, and a scanner's Enter must never press a button), scans become
 * payments, and the screen's shortcuts act on keys a person pressed. While the cashier types the
 * code (`manualInput` is in the page), the amount screen's guard takes over instead: a person's
 * keys reach the field, a scanner's burst is still a scan and its digits are undone in the field.
 */
function usePaymentKeys(
  info: TillInfo,
  pendingCode: RefObject<string | null>,
  panel: RefObject<HTMLElement | null>,
  manualInput: RefObject<HTMLInputElement | null>,
  openManual: (open: boolean) => void
): void {
  useEffect(() => {
    const api = useSaleStore.getState().api
    const options = resolveWedgeOptions(info.wedge, 'payment')

    const pick = (payMethodId: string): void => {
      const code = pendingCode.current
      pendingCode.current = null
      if (code !== null) void api.startCpm(code, payMethodId)
    }

    const onScan = (scan: ScannedCode): void => payWithCode(scan, info, pendingCode)
    // A keyboard wedge types no AIM.
    const onWedgeScan = (code: string): void => onScan({ code, aim: null })

    const onKey = (key: string): void => {
      const focused = document.activeElement
      if (
        (key === 'Enter' || key === ' ') &&
        focused instanceof HTMLButtonElement &&
        !focused.disabled &&
        panel.current?.contains(focused)
      ) {
        focused.click()
        return
      }
      const state = useSaleStore.getState()
      const phase = currentPhase()
      switch (phase) {
        case 'awaiting-code':
          if (key === 'Escape') void api.cancelSale()
          else if (key === 'F2') openManual(true)
          else if (key === 'F3') api.chooseTender('mpm')
          return
        case 'choosing-wallet': {
          if (key === 'Escape') void api.cancelSale()
          else if (key === 'F2') api.chooseTender('cpm')
          const wallet = /^[1-9]$/.test(key) ? mpmMethodIds()[Number(key) - 1] : undefined
          if (wallet !== undefined) void api.startMpm(wallet)
          return
        }
        case 'showing-qr':
        case 'confirming':
        case 'processing':
          if (key === 'Escape' && canCancelPayment(phase, state.sale)) void api.cancelPayment()
          return
        case 'choosing-method': {
          if (key === 'Escape') {
            pendingCode.current = null
            api.closePicker()
            return
          }
          const choice = /^[1-9]$/.test(key) ? state.picker?.candidates[Number(key) - 1] : undefined
          if (choice !== undefined) pick(choice)
          return
        }
        case 'paid':
        case 'needs-attention':
          if (key === 'Enter') void api.newSale()
          return
        case 'declined':
          if (key === 'Enter') retrySameWay()
          else if (key === 'F2') api.askFreshCode()
          else if (key === 'F3') api.chooseTender('mpm')
          else if (key === 'Escape') void api.newSale()
          return
        default:
          return
      }
    }

    const isWholeCode = (code: string): boolean => isWalletCode(code, info.methodRules)
    const gate = createPaymentKeyGate({
      // The rules decide whether the first digits of a code, held up by a stall, belong to it.
      detector: createWedgeDetector(options, isWholeCode),
      maxGapMs: options.maxGapMs,
      idleTimeoutMs: Math.max(options.idleTimeoutMs, options.maxGapMs + 1),
      onScan: onWedgeScan,
      onKey
    })
    // A scanner's first keys, and those a stall held apart from them, are undone from the field.
    // With them gone from it, the rules may join them to the code as on the gate.
    const typing = createEntryScanGuard({
      detector: createWedgeDetector(options, isWholeCode),
      minFastRun: options.minFastRun,
      idleTimeoutMs: Math.max(options.idleTimeoutMs, options.maxGapMs + 1),
      keyed: () => manualInput.current?.value ?? '',
      undo: (before) => {
        if (manualInput.current) manualInput.current.value = before
      },
      onScan: onWedgeScan
    })
    // Which of the two reads the keys; the one left behind forgets its run and pending key.
    let active: 'gate' | 'typing' = 'gate'
    const current = (): typeof gate => {
      const next = manualInput.current === null ? 'gate' : 'typing'
      if (next !== active) {
        if (active === 'gate') gate.dispose()
        else typing.dispose()
        active = next
      }
      return active === 'gate' ? gate : typing
    }
    const onKeyDown = (event: KeyboardEvent): void => {
      if (current().handle(event) === 'swallow') {
        event.preventDefault()
        event.stopPropagation()
      }
    }
    // The code waiting for the cashier's pick is dropped the moment the picker closes.
    const unsubscribe = useSaleStore.subscribe((state) => {
      if (state.picker === null) pendingCode.current = null
    })
    window.addEventListener('keydown', onKeyDown, { capture: true })
    // Only for Alt: its release completes an Alt-code character (lib/key-gate).
    const onKeyUp = (event: globalThis.KeyboardEvent): void => current().release(event)
    window.addEventListener('keyup', onKeyUp, { capture: true })
    // A code scanned on the amount screen opened this sale: it is this screen's first scan.
    const held = takeHeldScan()
    if (held !== null) queueMicrotask(() => onScan(held))
    // HID-POS scans (main's `scanner:scan`) take the same way as the wedge's, and its length rule.
    const stopHidScans = onHidScan((scan) => {
      if (scan.code.length >= options.minLength) onScan(scan)
    })
    return () => {
      stopHidScans()
      window.removeEventListener('keydown', onKeyDown, { capture: true })
      window.removeEventListener('keyup', onKeyUp, { capture: true })
      unsubscribe()
      gate.dispose()
      typing.dispose()
      // The code dies with the listener that caught it; a picker left open would pick nothing.
      if (pendingCode.current !== null) {
        pendingCode.current = null
        api.closePicker()
      }
    }
  }, [info, pendingCode, panel, manualInput, openManual])
}

/** After a decline, the way the customer tried last, again: a fresh code (CPM), a new QR (MPM). */
function retrySameWay(): void {
  const { sale, api } = useSaleStore.getState()
  if (currentAttempt(sale)?.mode === 'MPM') api.chooseTender('mpm')
  else api.askFreshCode()
}

export function PaymentView({ info }: { info: TillInfo }): ReactElement | null {
  const t = useT()
  const phase = useSalePhase()
  const sale = useSaleStore((state) => state.sale)
  const picker = useSaleStore((state) => state.picker)
  const error = useSaleStore((state) => state.error)
  const connected = useTillStore((state) => state.connection === 'connected')
  const api = useSaleApi()
  /** The scanned code while the cashier picks its wallet: here only, never in a store. */
  const pendingCode = useRef<string | null>(null)
  const panel = useRef<HTMLElement>(null)
  /** The typed-code field while it is open (ManualCodeForm): the code stays in the DOM only. */
  const manualInput = useRef<HTMLInputElement>(null)
  const [manualOpen, setManualOpen] = useState(false)
  const [manualProblem, setManualProblem] = useState<ManualCodeFormProblem | null>(null)
  usePaymentKeys(info, pendingCode, panel, manualInput, setManualOpen)
  const typingCode = manualOpen && phase === 'awaiting-code'

  // A typed code's form closes with the state it was opened in (a scan, a cancel, a payment),
  // in the same render (React's "adjusting state when a prop changes").
  const [manualPhase, setManualPhase] = useState(phase)
  if (manualPhase !== phase) {
    setManualPhase(phase)
    setManualOpen(false)
    setManualProblem(null)
  }

  // Each new state takes the focus to the panel, so it never stays on a button that is gone.
  useEffect(() => {
    panel.current?.focus()
  }, [phase])

  if (sale === null) return null

  const pick = (payMethodId: string): void => {
    const code = pendingCode.current
    pendingCode.current = null
    if (code !== null) void api.startCpm(code, payMethodId)
  }
  const back = (): void => {
    pendingCode.current = null
    api.closePicker()
  }
  const closeManual = (): void => {
    setManualOpen(false)
    setManualProblem(null)
    panel.current?.focus()
  }
  const submitManual = (text: string): void => {
    const check = checkManualCode(text, resolveWedgeOptions(info.wedge, 'payment').minLength)
    if (!check.ok) {
      setManualProblem(check.problem)
      manualInput.current?.focus()
      return
    }
    // Not connected: the code stays in the field for when the service is back.
    if (!connected) {
      setManualProblem('disconnected')
      return
    }
    if (manualInput.current) manualInput.current.value = ''
    closeManual()
    payWithCode({ code: check.code, aim: null }, info, pendingCode)
  }

  return (
    <section
      ref={panel}
      className={`payment payment--${phase}`}
      aria-label={t.payment.region}
      tabIndex={-1}
    >
      <div className="payment__top">
        <p className="payment__sale">{t.payment.saleNumber(sale.saleId)}</p>
        {!amountIsHeadline(phase) && (
          <p className="payment__amount">{formatMoney(sale.amount, t.locale)}</p>
        )}
      </div>
      <PaymentStatus
        phase={phase}
        sale={sale}
        picker={picker}
        connected={connected}
        cpmWindowMs={info.cpmWindowMs ?? null}
      />
      {phase === 'choosing-method' && picker && (
        <MethodPicker picker={picker} onPick={pick} onBack={back} />
      )}
      {phase === 'choosing-wallet' && (
        <WalletPicker wallets={mpmMethodIds()} onPick={(id) => void api.startMpm(id)} />
      )}
      {typingCode && (
        <ManualCodeForm
          minLength={resolveWedgeOptions(info.wedge, 'payment').minLength}
          problem={manualProblem}
          inputRef={manualInput}
          onSubmit={submitManual}
          onCancel={closeManual}
        />
      )}
      {error && <ErrorNotice error={error} onDismiss={api.dismissError} />}
      {!typingCode && <PaymentActions phase={phase} onTypeCode={() => setManualOpen(true)} />}
    </section>
  )
}

/** The states whose status shows the amount large; the others show it in the card's top line. */
function amountIsHeadline(phase: SalePhase): boolean {
  switch (phase) {
    case 'awaiting-code':
    case 'choosing-wallet':
    case 'submitting':
    case 'requesting-qr':
    case 'showing-qr':
    case 'confirming':
    case 'processing':
    case 'cancelling':
    case 'paid':
      return true
    default:
      return false
  }
}

function PaymentActions({
  phase,
  onTypeCode
}: {
  phase: SalePhase
  /** Opens the typed-code form (F2 while the screen waits for a code). */
  onTypeCode: () => void
}): ReactElement | null {
  const t = useT()
  const api = useSaleApi()
  const busy = useSaleStore((state) => state.busy !== null)
  const sale = useSaleStore((state) => state.sale)
  switch (phase) {
    case 'awaiting-code':
    case 'choosing-wallet': {
      const other = phase === 'awaiting-code' ? 'mpm' : 'cpm'
      return (
        <div className="actions">
          {phase === 'awaiting-code' && (
            <button
              type="button"
              className="button button--secondary button--large"
              aria-keyshortcuts="F2"
              disabled={busy}
              onClick={onTypeCode}
            >
              {t.manualCode.open}
              <Kbd>{t.keys.f2}</Kbd>
            </button>
          )}
          <button
            type="button"
            className="button button--secondary button--large"
            aria-keyshortcuts={other === 'mpm' ? 'F3' : 'F2'}
            disabled={busy}
            onClick={() => api.chooseTender(other)}
          >
            {other === 'mpm' ? t.tender.showQrInstead : t.tender.scanInstead}
            <Kbd>{other === 'mpm' ? t.tender.keyF3 : t.keys.f2}</Kbd>
          </button>
          <button
            type="button"
            className="button button--secondary button--large"
            aria-keyshortcuts="Escape"
            disabled={busy}
            onClick={() => void api.cancelSale()}
          >
            {t.payment.cancel}
            <Kbd>{t.keys.esc}</Kbd>
          </button>
        </div>
      )
    }
    case 'showing-qr':
    case 'confirming':
    case 'processing':
      if (!canCancelPayment(phase, sale)) return null
      return (
        <div className="actions">
          <button
            type="button"
            className="button button--secondary button--large"
            aria-keyshortcuts="Escape"
            disabled={busy}
            onClick={() => void api.cancelPayment()}
          >
            {t.tender.cancelPayment}
            <Kbd>{t.keys.esc}</Kbd>
          </button>
        </div>
      )
    case 'paid':
    case 'needs-attention':
      return (
        <div className="actions">
          <button
            type="button"
            className="button button--primary button--large"
            aria-keyshortcuts="Enter"
            disabled={busy}
            onClick={() => void api.newSale()}
          >
            {t.payment.newSale}
            <Kbd>{t.keys.enter}</Kbd>
          </button>
        </div>
      )
    case 'declined': {
      const mpm = currentAttempt(sale)?.mode === 'MPM'
      return (
        <div className="actions">
          <button
            type="button"
            className="button button--primary button--large"
            aria-keyshortcuts="Enter"
            onClick={retrySameWay}
          >
            {mpm ? t.tender.showNewQr : t.payment.askFreshCode}
            <Kbd>{t.keys.enter}</Kbd>
          </button>
          <button
            type="button"
            className="button button--secondary button--large"
            aria-keyshortcuts={mpm ? 'F2' : 'F3'}
            onClick={() => (mpm ? api.askFreshCode() : api.chooseTender('mpm'))}
          >
            {mpm ? t.tender.scanInstead : t.tender.showQrInstead}
            <Kbd>{mpm ? t.keys.f2 : t.tender.keyF3}</Kbd>
          </button>
          <button
            type="button"
            className="button button--secondary button--large"
            aria-keyshortcuts="Escape"
            disabled={busy}
            onClick={() => void api.newSale()}
          >
            {t.payment.newSale}
            <Kbd>{t.keys.esc}</Kbd>
          </button>
        </div>
      )
    }
    default:
      return null
  }
}
