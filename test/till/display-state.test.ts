import { describe, expect, it } from 'vitest'
import type { AttemptView, SaleView } from '../../src/shared/order'
import { reasons } from '../../src/main/payments/reasons'
import { displayFor } from '../../src/main/till/create-till'

const sale: SaleView = {
  saleId: 1,
  amount: { minor: 1080, currency: 'JPY' },
  lines: [{ description: 'Onigiri', unitPriceMinor: 180, quantity: 6 }],
  status: 'paying',
  createdAt: 1,
  updatedAt: 2,
  attempts: [],
  refunds: [],
  paidMinor: 0,
  refundedMinor: 0
}

function attempt(overrides: Partial<AttemptView>): AttemptView {
  return {
    attemptId: 1,
    saleId: 1,
    mode: 'MPM',
    merchantOrderNo: 'QT1',
    payMethodId: 'PayPay',
    amount: sale.amount,
    status: 'processing',
    authCodeLast4: null,
    transNo: null,
    reason: null,
    why: reasons.showingQr(),
    qrContent: 'http://127.0.0.1:1/wallet/t',
    expiresAt: 60_000,
    createdAt: 1,
    updatedAt: 2,
    ...overrides
  }
}

describe('what the customer display shows for a sale', () => {
  it('shows the QR with the sale’s lines while nobody has scanned it', () => {
    expect(displayFor({ ...sale, attempts: [attempt({})] }, 'Shop')).toEqual({
      screen: 'show-qr',
      shopName: 'Shop',
      amount: sale.amount,
      payMethodId: 'PayPay',
      qrContent: 'http://127.0.0.1:1/wallet/t',
      expiresAt: 60_000,
      lines: sale.lines
    })
  })

  it('asks the customer to confirm in their wallet once they have scanned (MPM) or been scanned (CPM)', () => {
    const confirming = attempt({ why: reasons.confirming() })
    expect(displayFor({ ...sale, attempts: [confirming] }, 'Shop')).toMatchObject({
      screen: 'confirming',
      lines: sale.lines
    })
    const cpm = attempt({ mode: 'CPM', qrContent: null, why: reasons.confirming() })
    expect(displayFor({ ...sale, attempts: [cpm] }, 'Shop').screen).toBe('confirming')
  })

  it('shows the total only on an outcome, and no lines for a sale keyed as an amount', () => {
    const paid = displayFor(
      { ...sale, status: 'paid', attempts: [attempt({ status: 'paid' })] },
      'S'
    )
    expect(paid).toEqual({ screen: 'paid', shopName: 'S', amount: sale.amount })
    const plain = displayFor({ ...sale, status: 'open', lines: [] }, 'S')
    expect(plain).toEqual({ screen: 'awaiting-code', shopName: 'S', amount: sale.amount })
  })
})
