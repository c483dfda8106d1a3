import type { ReactElement } from 'react'

/** Inline icons: part of the document, so the CSP needs no image source for them. */

export function ScanIcon(): ReactElement {
  return (
    <svg className="icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <path
        d="M6 16V8a2 2 0 0 1 2-2h8M32 6h8a2 2 0 0 1 2 2v8M42 32v8a2 2 0 0 1-2 2h-8M16 42H8a2 2 0 0 1-2-2v-8"
        fill="none"
        stroke="currentColor"
        strokeWidth="3.5"
        strokeLinecap="round"
      />
      <path d="M13 24h22" stroke="currentColor" strokeWidth="3.5" strokeLinecap="round" />
    </svg>
  )
}

export function CheckIcon(): ReactElement {
  return (
    <svg className="icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <circle cx="24" cy="24" r="21" fill="currentColor" />
      <path
        d="M14 24.5l7 7 13-14"
        fill="none"
        stroke="#fff"
        strokeWidth="4.5"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  )
}

export function CrossIcon(): ReactElement {
  return (
    <svg className="icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <circle cx="24" cy="24" r="21" fill="currentColor" />
      <path
        d="M16.5 16.5l15 15M31.5 16.5l-15 15"
        fill="none"
        stroke="#fff"
        strokeWidth="4.5"
        strokeLinecap="round"
      />
    </svg>
  )
}

export function AlertIcon(): ReactElement {
  return (
    <svg className="icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <path d="M24 4 45 42H3z" fill="currentColor" strokeLinejoin="round" />
      <path d="M24 18v11" stroke="#fff" strokeWidth="4.5" strokeLinecap="round" />
      <circle cx="24" cy="35.5" r="2.6" fill="#fff" />
    </svg>
  )
}

export function BackspaceIcon(): ReactElement {
  return (
    <svg className="icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <path
        d="M17 10h23a3 3 0 0 1 3 3v22a3 3 0 0 1-3 3H17L5 24z"
        fill="none"
        stroke="currentColor"
        strokeWidth="3.5"
        strokeLinejoin="round"
      />
      <path
        d="M22 18l12 12M34 18 22 30"
        stroke="currentColor"
        strokeWidth="3.5"
        strokeLinecap="round"
      />
    </svg>
  )
}

/** An indeterminate progress ring; still (not spinning) for people who ask for reduced motion. */
export function Spinner(): ReactElement {
  return <span className="spinner" aria-hidden="true" />
}

export function QrIcon(): ReactElement {
  return (
    <svg className="icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <path
        d="M8 8h12v12H8zM28 8h12v12H28zM8 28h12v12H8z"
        fill="none"
        stroke="currentColor"
        strokeWidth="3.5"
        strokeLinejoin="round"
      />
      <path
        d="M13 13h2v2h-2zM33 13h2v2h-2zM13 33h2v2h-2zM28 28h4v4h-4zM36 28h4v4h-4zM32 32h4v4h-4zM28 36h4v4h-4zM36 36h4v4h-4z"
        fill="currentColor"
      />
    </svg>
  )
}
