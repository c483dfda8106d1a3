import { maxMinorAmount, type CurrencyCode, type Money } from '../../../shared/money'
import type { SaleLine } from '../../../shared/order'
import {
  amountSoFar,
  checkAmount,
  commaNotThousands,
  negativeTyped,
  pointDropped,
  splitTyped,
  type DigitsEdit
} from './amount'

/**
 * The optional lines of a sale as the cashier keys them: text, exactly as typed (the price in
 * major units like the amount, lib/amount.ts). They become minor units only when the sale opens,
 * and their total is then the sale's amount; the service checks both again.
 */
export interface LineDraft {
  /** Stable across edits, for React and for the focus after a removal. */
  readonly key: number
  readonly description: string
  readonly priceText: string
  readonly quantityText: string
}

/** Matches the contract (contract/sales.ts); the journal's CHECKs hold the same rules. */
export const maxDescription = 80
export const maxQuantity = 9999

export type LineProblem = 'description' | 'price' | 'quantity' | 'too-large'

export type LinesCheck =
  | { readonly ok: true; readonly lines: readonly SaleLine[]; readonly amount: Money }
  | { readonly ok: false; readonly index: number; readonly problem: LineProblem }

/**
 * A quantity as typed: its digits, at most four; anything else is left out and named. A minus or a
 * decimal point refuses the edit instead: left out, "-2" would be 2 and "1.5" would be 15.
 */
export function editQuantityText(raw: string): DigitsEdit {
  const { kept, dropped } = splitTyped(raw, /^\d*$/)
  if (negativeTyped(raw)) return { text: null, dropped, refused: 'negative' }
  if (commaNotThousands(raw)) return { text: null, dropped, refused: 'comma' }
  if (pointDropped(dropped)) return { text: null, dropped, refused: 'point' }
  return { text: kept.slice(0, 4), dropped }
}

export function quantityOf(text: string): number | null {
  if (!/^\d{1,4}$/.test(text.trim())) return null
  const quantity = Number(text.trim())
  return quantity >= 1 && quantity <= maxQuantity ? quantity : null
}

/** Each line as the service will take it, and their total; or the first line that is not right. */
export function checkLines(drafts: readonly LineDraft[], currency: CurrencyCode): LinesCheck {
  const lines: SaleLine[] = []
  let total = 0
  for (const [index, draft] of drafts.entries()) {
    const description = draft.description.trim()
    if (description === '' || description.length > maxDescription) {
      return { ok: false, index, problem: 'description' }
    }
    const price = checkAmount(draft.priceText, currency)
    if (!price.ok) return { ok: false, index, problem: 'price' }
    const quantity = quantityOf(draft.quantityText)
    if (quantity === null) return { ok: false, index, problem: 'quantity' }
    total += price.amount.minor * quantity
    if (total > maxMinorAmount) return { ok: false, index, problem: 'too-large' }
    lines.push({ description, unitPriceMinor: price.amount.minor, quantity })
  }
  return { ok: true, lines, amount: { minor: total, currency } }
}

/** What the lines add up to while they are being keyed: what each is worth so far. */
export function linesSoFar(drafts: readonly LineDraft[], currency: CurrencyCode): Money {
  const minor = drafts.reduce(
    (sum, draft) =>
      sum + amountSoFar(draft.priceText, currency).minor * (quantityOf(draft.quantityText) ?? 0),
    0
  )
  return { minor, currency }
}
