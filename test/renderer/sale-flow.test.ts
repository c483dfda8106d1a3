import { describe, expect, it } from 'vitest'
import type { AttemptView, SaleView } from '../../src/shared/order'
import {
  applyAttempt,
  currentAttempt,
  derivePhase,
  mergeSale
} from '../../src/renderer/src/lib/sale-flow'

const sale: SaleView = {
  saleId: 1,
  amount: { minor: 1200, currency: 'JPY' },
  status: 'open',
  createdAt: 100,
  updatedAt: 100,
  attempts: [],
  refunds: [],
  paidMinor: 0,
  refundedMinor: 0
}

function attempt(overrides: Partial<AttemptView> = {}): AttemptView {
  return {
    attemptId: 1,
    saleId: 1,
    mode: 'CPM',
    merchantOrderNo: 'POS-1',
    payMethodId: 'WeChatPay',
    amount: { minor: 1200, currency: 'JPY' },
    status: 'processing',
    authCodeLast4: '6789',
    transNo: null,
    reason: null,
    why: null,
    createdAt: 110,
    updatedAt: 110,
    qrContent: null,
    expiresAt: null,
    ...overrides
  }
}

const facts = { sale, busy: null, pickerOpen: false, retrying: false } as const

describe('derivePhase', () => {
  it('follows the service for the sale and the screen for what it is doing itself', () => {
    expect(derivePhase({ ...facts, sale: null })).toBe('entry')
    expect(derivePhase({ ...facts, sale: null, busy: 'opening' })).toBe('opening')
    expect(derivePhase(facts)).toBe('awaiting-code')
    expect(derivePhase({ ...facts, pickerOpen: true })).toBe('choosing-method')
    expect(derivePhase({ ...facts, busy: 'submitting' })).toBe('submitting')
    expect(derivePhase({ ...facts, sale: { ...sale, status: 'paying' } })).toBe('processing')
    expect(derivePhase({ ...facts, sale: { ...sale, status: 'paid' } })).toBe('paid')
    expect(derivePhase({ ...facts, sale: { ...sale, status: 'needs-attention' } })).toBe(
      'needs-attention'
    )
    expect(derivePhase({ ...facts, sale: { ...sale, status: 'abandoned' } })).toBe('entry')
  })

  it('goes back to waiting for a code on a declined sale only when the cashier asks for one', () => {
    const declined = { ...sale, status: 'declined' } as const
    expect(derivePhase({ ...facts, sale: declined })).toBe('declined')
    expect(derivePhase({ ...facts, sale: declined, retrying: true })).toBe('awaiting-code')
    expect(derivePhase({ ...facts, sale: declined, retrying: true, pickerOpen: true })).toBe(
      'choosing-method'
    )
  })
})

describe('mergeSale', () => {
  it('takes a newer or equal snapshot of the same sale', () => {
    const newer = { ...sale, status: 'paying', updatedAt: 120 } as const
    expect(mergeSale(sale, newer)).toBe(newer)
    const same = { ...sale }
    expect(mergeSale(sale, same)).toBe(same)
  })

  it('ignores older snapshots and other sales', () => {
    const current = { ...sale, status: 'paid', updatedAt: 200 } as const
    expect(mergeSale(current, { ...sale, status: 'paying', updatedAt: 150 })).toBe(current)
    expect(mergeSale(current, { ...sale, saleId: 2, updatedAt: 300 })).toBe(current)
    expect(mergeSale(null, sale)).toBeNull()
  })
})

describe('applyAttempt', () => {
  it('adds the attempt and moves the sale to match it', () => {
    const paying = applyAttempt(sale, attempt())
    expect(paying.status).toBe('paying')
    expect(paying.attempts).toHaveLength(1)
    const paid = applyAttempt(paying, attempt({ status: 'paid', updatedAt: 130 }))
    expect(paid.status).toBe('paid')
    expect(paid.attempts).toHaveLength(1)
    expect(paid.updatedAt).toBe(130)
  })

  it('never goes back to an older state of the same attempt', () => {
    const paid = applyAttempt(sale, attempt({ status: 'paid', updatedAt: 130 }))
    expect(applyAttempt(paid, attempt({ status: 'processing', updatedAt: 120 }))).toBe(paid)
  })

  it('ignores an attempt of another sale', () => {
    expect(applyAttempt(sale, attempt({ saleId: 2 }))).toBe(sale)
  })

  it('reports the latest attempt as the current one', () => {
    const first = attempt({ attemptId: 1, status: 'declined' })
    const second = attempt({ attemptId: 2, status: 'paid', updatedAt: 150 })
    const both = applyAttempt(applyAttempt(sale, first), second)
    expect(currentAttempt(both)).toEqual(second)
    expect(both.status).toBe('paid')
    expect(currentAttempt(sale)).toBeNull()
  })
})
