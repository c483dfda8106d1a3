import { describe, expect, it } from 'vitest'
import { openJournal, RefundRefusedError, type Journal } from '../../src/main/journal'

function paidSale(journal: Journal, minor = 1000): number {
  const sale = journal.createSale(minor, 'JPY', 1)
  const attempt = journal.createAttempt({
    saleId: sale.saleId,
    mode: 'CPM',
    merchantOrderNo: `QTPAY${sale.saleId}`,
    payMethodId: 'PayPay',
    authCode: '134567890123456789',
    at: 2
  })
  journal.updateAttempt(attempt.attemptId, { status: 'paid', at: 3 }, 'paid')
  return sale.saleId
}

function refund(journal: Journal, saleId: number, minor: number, no: string): number {
  return journal.createRefund({
    saleId,
    merchantOrderNo: no,
    amountMinor: minor,
    currency: 'JPY',
    reason: 'returned',
    at: 4
  }).refundId
}

describe('journal refunds', () => {
  it('counts refunds in flight and done against what was paid; failed ones free the amount', () => {
    const journal = openJournal(':memory:')
    const saleId = paidSale(journal)
    const first = refund(journal, saleId, 600, 'QTR1')
    refund(journal, saleId, 400, 'QTR2')
    expect(() => refund(journal, saleId, 1, 'QTR3')).toThrow(RefundRefusedError)
    journal.updateRefund(first, {
      status: 'failed',
      failure: { code: 'refund-failed', gatewayMessage: 'no' },
      at: 5
    })
    refund(journal, saleId, 600, 'QTR4')
    const sale = journal.getSale(saleId)
    expect(sale).toMatchObject({ paidMinor: 1000, refundedMinor: 1000 })
    expect(sale?.refunds.map((r) => r.status)).toEqual(['failed', 'pending', 'pending'])
    journal.close()
  })

  it('refuses an unpaid sale and another currency, writing nothing', () => {
    const journal = openJournal(':memory:')
    const unpaid = journal.createSale(500, 'JPY', 1)
    expect(() => refund(journal, unpaid.saleId, 100, 'QTR1')).toThrow(/no paid payment/)
    const saleId = paidSale(journal)
    expect(() =>
      journal.createRefund({
        saleId,
        merchantOrderNo: 'QTR2',
        amountMinor: 100,
        currency: 'USD',
        reason: 'x',
        at: 1
      })
    ).toThrow(/JPY/)
    expect(journal.getSale(saleId)?.refunds).toEqual([])
    journal.close()
  })

  it('logs each refund change against the sale, the attempt and the refund', () => {
    const journal = openJournal(':memory:')
    const saleId = paidSale(journal)
    const refundId = refund(journal, saleId, 300, 'QTR1')
    journal.updateRefund(refundId, { status: 'processing', transNo: 'T9', at: 5 })
    journal.updateRefund(refundId, { status: 'refunded', at: 6 })
    expect(journal.events({ refundId }).map((e) => e.kind)).toEqual([
      'refund.created',
      'refund.status',
      'refund.status'
    ])
    expect(journal.getRefund(refundId)).toMatchObject({ status: 'refunded', transNo: 'T9' })
    expect(journal.refundByMerchantOrderNo('QTR1')?.refundId).toBe(refundId)
    expect(journal.unfinishedRefunds()).toEqual([])
    journal.close()
  })

  it('keeps the QR and the close of an attempt', () => {
    const journal = openJournal(':memory:')
    const sale = journal.createSale(500, 'JPY', 1)
    const attempt = journal.createAttempt({
      saleId: sale.saleId,
      mode: 'MPM',
      merchantOrderNo: 'QTM1',
      payMethodId: 'WeChatPay',
      authCode: null,
      at: 2
    })
    journal.updateAttempt(
      attempt.attemptId,
      { status: 'processing', qrContent: 'http://qr', expiresAt: 90_002, at: 3 },
      'paying'
    )
    journal.updateAttempt(
      attempt.attemptId,
      {
        status: 'cancelling',
        cancelRequestedAt: 4,
        cancelCause: 'cashier',
        cancelTried: true,
        at: 4
      },
      'paying'
    )
    expect(journal.getAttempt(attempt.attemptId)).toMatchObject({
      qrContent: 'http://qr',
      expiresAt: 90_002,
      status: 'cancelling'
    })
    expect(journal.closeState(attempt.attemptId)).toEqual({
      cancelRequestedAt: 4,
      cancelCause: 'cashier',
      cancelTries: 1
    })
    expect(journal.unfinishedAttempts().map((a) => a.attemptId)).toEqual([attempt.attemptId])
    journal.close()
  })

  it('atomically: several writes commit together or not at all', () => {
    const journal = openJournal(':memory:')
    const sale = journal.createSale(500, 'JPY', 1)
    expect(() =>
      journal.atomically(() => {
        journal.appendEvent({ at: 2, kind: 'x', saleId: sale.saleId, detail: {} })
        journal.setSaleStatus(sale.saleId, 'abandoned', 2)
        throw new Error('the disk is full')
      })
    ).toThrow(/disk is full/)
    expect(journal.getSale(sale.saleId)?.status).toBe('open')
    expect(journal.events({ saleId: sale.saleId }).map((e) => e.kind)).toEqual(['sale.opened'])
    journal.atomically(() => {
      journal.appendEvent({ at: 3, kind: 'y', saleId: sale.saleId, detail: {} })
      journal.setSaleStatus(sale.saleId, 'abandoned', 3)
    })
    expect(journal.getSale(sale.saleId)?.status).toBe('abandoned')
    journal.close()
  })
})
