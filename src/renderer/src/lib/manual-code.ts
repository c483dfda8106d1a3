/** The longest wallet code the cashier may type: longer than any wallet's (pos-anchors §4.3). */
export const manualCodeMaxLength = 64

export type ManualCodeProblem = 'empty' | 'characters' | 'too-short' | 'too-long'

export type ManualCodeCheck =
  | { readonly ok: true; readonly code: string }
  | { readonly ok: false; readonly problem: ManualCodeProblem }

/**
 * A wallet code the cashier typed off the customer's phone, checked before it takes a scan's way.
 * It is NFKC-normalised first: with a Japanese input method on, digits arrive full-width
 * ("１３４５…"), and they are the same code. Spaces anywhere are dropped (phones show the digits
 * in groups of four); what is left must be half-width letters and digits only, from the payment
 * screen's shortest wallet code to 64 characters.
 * The problem never carries the code: the message under the field must not repeat it.
 */
export function checkManualCode(text: string, minLength: number): ManualCodeCheck {
  const code = text.normalize('NFKC').replace(/\s+/g, '')
  if (code === '') return { ok: false, problem: 'empty' }
  if (!/^[0-9A-Za-z]+$/.test(code)) return { ok: false, problem: 'characters' }
  if (code.length < minLength) return { ok: false, problem: 'too-short' }
  if (code.length > manualCodeMaxLength) return { ok: false, problem: 'too-long' }
  return { ok: true, code }
}
