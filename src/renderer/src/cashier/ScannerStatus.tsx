import type { ReactElement } from 'react'
import { useT } from '../i18n'
import { scannerLine } from '../lib/scanner-line'
import { useScannerStore } from '../stores/scanner-store'

/** The status bar's scanner line: which kind of scanner the till reads, and what to do if stuck. */
export function ScannerStatusItem(): ReactElement | null {
  const t = useT()
  const status = useScannerStore((state) => state.status)
  if (status === null) return null
  const { text, attention } = scannerLine(status, t.scanner)
  return (
    <p
      className={`status-bar__item status-bar__item--scanner${attention ? ' status-bar__item--attention' : ''}`}
      aria-live="polite"
    >
      {text}
    </p>
  )
}
