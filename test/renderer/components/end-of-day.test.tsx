import { beforeEach, describe, expect, it } from 'vitest'
import { EndOfDayView } from '../../../src/renderer/src/cashier/end-of-day/EndOfDayView'
import { useEndOfDayStore } from '../../../src/renderer/src/stores/end-of-day-store'
import { useLocaleStore } from '../../../src/renderer/src/stores/locale-store'
import type { EndOfDayReport, ReconciliationDifference } from '../../../src/shared/order'
import { attempt, info, refund, resetStores, setStore } from './fixtures'
import { isDisabled, render, textOf, type Element } from './html'

beforeEach(resetStores)

const cells = (row: Element): string[] =>
  row.children.flatMap((cell) => (typeof cell === 'string' ? [] : [textOf(cell)]))

function report(patch: Partial<EndOfDayReport> = {}): EndOfDayReport {
  return {
    from: 0,
    to: 1,
    byMethod: [
      {
        payMethodId: 'PayPay',
        currency: 'JPY',
        paidCount: 3,
        paidMinor: 30_000,
        refundCount: 1,
        refundedMinor: 2_500,
        netMinor: 27_500
      },
      {
        payMethodId: 'WeChatPay',
        currency: 'JPY',
        paidCount: 2,
        paidMinor: 4_400,
        refundCount: 0,
        refundedMinor: 0,
        netMinor: 4_400
      },
      {
        payMethodId: 'Alipay+',
        currency: 'USD',
        paidCount: 1,
        paidMinor: 1_250,
        refundCount: 0,
        refundedMinor: 0,
        netMinor: 1_250
      }
    ],
    totals: [
      {
        currency: 'JPY',
        paidCount: 5,
        paidMinor: 34_400,
        refundCount: 1,
        refundedMinor: 2_500,
        netMinor: 31_900
      },
      {
        currency: 'USD',
        paidCount: 1,
        paidMinor: 1_250,
        refundCount: 0,
        refundedMinor: 0,
        netMinor: 1_250
      }
    ],
    needsAttention: [],
    openRefunds: [],
    ...patch
  }
}

describe('the end of day view', () => {
  it('says which zone its days run in', () => {
    const screen = render(<EndOfDayView info={info({ timeZone: 'America/New_York' })} />)
    expect(screen.text).toContain('Days run midnight to midnight, America/New_York.')
  })

  it('totals each method in its own currency, and each currency on its own line', () => {
    setStore(useEndOfDayStore, { report: report() })
    const screen = render(<EndOfDayView info={info()} />)
    const methods = screen.all((element) => element.attrs['data-testid'] === 'eod-method')
    expect(methods.map(cells)).toEqual([
      ['PayPay', '3', '¥30,000', '1', '¥2,500', '¥27,500'],
      ['WeChat Pay', '2', '¥4,400', '0', '¥0', '¥4,400'],
      ['Alipay+', '1', '$12.50', '0', '$0.00', '$12.50']
    ])
    const totals = screen.all((element) => element.attrs['data-testid'] === 'eod-total')
    expect(totals.map(cells)).toEqual([
      ['Total JPY', '5', '¥34,400', '1', '¥2,500', '¥31,900'],
      ['Total USD', '1', '$12.50', '0', '$0.00', '$12.50']
    ])
    // Each row is headed by its method, for a screen reader moving along a row.
    const heads = screen.all((element) => element.tag === 'th' && element.attrs['scope'] === 'row')
    expect(heads.map((head) => textOf(head))).toEqual([
      'PayPay',
      'WeChat Pay',
      'Alipay+',
      'Total JPY',
      'Total USD'
    ])
  })

  it('shows a currency it cannot format as minor units with its code, not as a wrong amount', () => {
    setStore(useEndOfDayStore, {
      report: report({
        byMethod: [
          {
            payMethodId: 'PayPay',
            currency: 'XTS',
            paidCount: 1,
            paidMinor: 1_000,
            refundCount: 0,
            refundedMinor: 0,
            netMinor: 1_000
          }
        ],
        totals: []
      })
    })
    const screen = render(<EndOfDayView info={info()} />)
    expect(screen.all((e) => e.attrs['data-testid'] === 'eod-method').map(cells)).toEqual([
      ['PayPay', '1', '1000 XTS', '0', '0 XTS', '1000 XTS']
    ])
  })

  it('says when there were no payments, and when nothing needs attention', () => {
    setStore(useEndOfDayStore, { report: report({ byMethod: [], totals: [] }) })
    const screen = render(<EndOfDayView info={info()} />)
    expect(screen.queryByTestId('eod-totals')).toBeNull()
    expect(screen.text).toContain('No payments in this range.')
    expect(screen.text).toContain('Nothing needs attention.')
    expect(screen.text).toContain('Every refund is final.')
  })

  it('lists the payments that need attention and the refunds not final yet', () => {
    setStore(useEndOfDayStore, {
      report: report({
        needsAttention: [
          attempt({
            status: 'processing',
            reason: 'No answer from the gateway',
            merchantOrderNo: 'QT9A1'
          })
        ],
        openRefunds: [refund({ status: 'processing', merchantOrderNo: 'QR9R1' })]
      })
    })
    const screen = render(<EndOfDayView info={info()} />)
    const attention = textOf(screen.byTestId('eod-attention'))
    expect(attention).toMatch(/^QT9A1 — ¥10,000 PayPay, .+ — No answer from the gateway$/)
    expect(textOf(screen.byTestId('eod-open-refunds'))).toBe('QR9R1 — ¥2,500, Refunding')
  })

  it('shows the differences the gateway check found, each kind in words', () => {
    setStore(useEndOfDayStore, {
      report: report(),
      reconciliation: {
        from: 0,
        to: 1,
        checked: 6,
        matched: 5,
        differences: [
          {
            merchantOrderNo: 'QT0005A1',
            kind: 'amount',
            till: 'JPY 10000',
            gateway: 'JPY 1000',
            tillSays: { status: 'paid', amount: { minor: 10_000, currency: 'JPY' }, transNo: 'T1' },
            gatewaySays: { said: 'amount', amount: { minor: 1_000, currency: 'JPY' }, asSent: null }
          }
        ]
      }
    })
    const screen = render(<EndOfDayView info={info()} />)
    const result = screen.byTestId('eod-reconciliation')
    expect(result.attrs['aria-live']).toBe('polite')
    expect(textOf(result)).toContain('6 payments checked, 5 match the gateway.')
    const table = screen.getByRole('table', 'Differences')
    const row = screen.all((e) => e.tag === 'tr' && e.parent?.tag === 'tbody' && isInside(e, table))
    expect(row.map(cells)).toEqual([['QT0005A1', 'Amount', '¥10,000', '¥1,000']])
    expect(screen.text).not.toContain('Every payment matches the gateway.')
  })

  it('writes counts the way the screen writes numbers', () => {
    const busy = {
      currency: 'JPY',
      paidCount: 10_000,
      paidMinor: 12_345_678,
      refundCount: 1_200,
      refundedMinor: 345_678,
      netMinor: 12_000_000
    }
    setStore(useEndOfDayStore, {
      report: report({ byMethod: [{ payMethodId: 'PayPay', ...busy }], totals: [busy] }),
      reconciliation: { from: 0, to: 1, checked: 10_000, matched: 9_998, differences: [] }
    })
    const screen = render(<EndOfDayView info={info()} />)
    expect(screen.all((e) => e.attrs['data-testid'] === 'eod-total').map(cells)).toEqual([
      ['Total JPY', '10,000', '¥12,345,678', '1,200', '¥345,678', '¥12,000,000']
    ])
    expect(textOf(screen.byTestId('eod-reconciliation'))).toContain(
      '10,000 payments checked, 9,998 match the gateway.'
    )
  })

  it('words every difference in the screen’s language, never the log’s English', () => {
    const paid = { status: 'paid', amount: { minor: 1_200, currency: 'JPY' }, transNo: 'SB1' }
    const differences: ReconciliationDifference[] = [
      ['status', paid, { said: 'status', transStatus: 3, errorCode: 'ORDER_REVERSED' }],
      [
        'status',
        { ...paid, status: 'declined' },
        { said: 'status', transStatus: 2, errorCode: null }
      ],
      [
        'amount',
        paid,
        { said: 'amount', amount: null, asSent: { amount: '12.00', currency: 'USD' } }
      ],
      ['amount', paid, { said: 'amount', amount: null, asSent: null }],
      ['trans-no', paid, { said: 'trans-no', transNo: 'SB2' }],
      ['unknown-at-gateway', paid, { said: 'no-such-order', code: 'ORDER_NOT_FOUND' }],
      ['query-failed', paid, { said: 'no-answer', why: 'network', code: null }],
      ['query-failed', paid, { said: 'no-answer', why: 'refused', code: 'SYSTEM_BUSY' }],
      ['query-failed', paid, { said: 'no-answer', why: 'not-sent', code: null }],
      ['query-failed', paid, { said: 'no-answer', why: 'skipped', code: null }]
    ].map(([kind, tillSays, gatewaySays], i) => ({
      merchantOrderNo: `QT${i}`,
      kind,
      till: 'the log’s English',
      gateway: 'the log’s English',
      tillSays,
      gatewaySays
    })) as ReconciliationDifference[]
    const rows = (): string[][] => {
      const screen = render(<EndOfDayView info={info()} />)
      const table = screen.getByRole('table', screen.text.includes('差異') ? '差異' : 'Differences')
      return screen
        .all((e) => e.tag === 'tr' && e.parent?.tag === 'tbody' && isInside(e, table))
        .map((row) => cells(row).slice(1))
    }
    const reconciliation = { from: 0, to: 1, checked: 10, matched: 0, differences }

    setStore(useEndOfDayStore, { report: report(), reconciliation })
    expect(rows()).toEqual([
      ['Status', 'Paid ¥1,200', 'Cancelled or reversed (ORDER_REVERSED)'],
      ['Status', 'Declined, nothing taken', 'Paid'],
      ['Amount', '¥1,200', 'USD 12.00, as the reply wrote it'],
      ['Amount', '¥1,200', 'No amount the till can read'],
      ['Gateway transaction number', 'Transaction number SB1', 'Transaction number SB2'],
      ['Unknown to the gateway', 'Paid ¥1,200', 'No such order (ORDER_NOT_FOUND)'],
      ['Could not ask', 'Paid ¥1,200', 'The gateway could not be reached'],
      ['Could not ask', 'Paid ¥1,200', 'The gateway refused the question (SYSTEM_BUSY)'],
      ['Could not ask', 'Paid ¥1,200', 'The question could not be sent'],
      ['Could not ask', 'Paid ¥1,200', 'Not asked: the gateway had stopped answering']
    ])

    resetStores()
    setStore(useLocaleStore, { language: 'ja' })
    setStore(useEndOfDayStore, { report: report(), reconciliation })
    expect(rows()).toEqual([
      ['状態', '支払済み ￥1,200', '取消済み（ORDER_REVERSED）'],
      ['状態', '拒否（請求なし）', '支払済み'],
      ['金額', '￥1,200', 'USD 12.00（応答の記載のまま）'],
      ['金額', '￥1,200', '読み取れる金額がありません'],
      ['ゲートウェイ取引番号', '取引番号 SB1', '取引番号 SB2'],
      ['ゲートウェイに記録なし', '支払済み ￥1,200', '該当する注文なし（ORDER_NOT_FOUND）'],
      ['確認できず', '支払済み ￥1,200', 'ゲートウェイに接続できません'],
      ['確認できず', '支払済み ￥1,200', 'ゲートウェイが問い合わせを拒否しました（SYSTEM_BUSY）'],
      ['確認できず', '支払済み ￥1,200', '問い合わせを送れませんでした'],
      ['確認できず', '支払済み ￥1,200', '未確認（ゲートウェイが応答しなくなったため）']
    ])
  })

  it('says so when every payment matches', () => {
    setStore(useEndOfDayStore, {
      report: report(),
      reconciliation: { from: 0, to: 1, checked: 1, matched: 1, differences: [] }
    })
    const screen = render(<EndOfDayView info={info()} />)
    expect(textOf(screen.byTestId('eod-reconciliation'))).toBe(
      '1 payment checked, 1 matches the gateway.Every payment matches the gateway.'
    )
    expect(screen.byRole('table', 'Differences')).toEqual([])
  })

  it('ties a bad date range to the end date field', () => {
    setStore(useEndOfDayStore, {
      fromDate: '2026-11-26',
      toDate: '2026-11-20',
      dateProblem: 'order'
    })
    const screen = render(<EndOfDayView info={info()} />)
    const to = screen.byLabel('To')
    expect(to.attrs['value']).toBe('2026-11-20')
    expect(to.attrs['aria-invalid']).toBe('true')
    expect(screen.descriptionOf(to)).toBe('The end date must not be before the start date.')
    expect(screen.byLabel('From').attrs['aria-invalid']).toBeUndefined()
  })

  it('says which day is missing, and when the range is longer than a report covers', () => {
    setStore(useEndOfDayStore, { fromDate: '', toDate: '2026-11-20', dateProblem: 'from' })
    const missing = render(<EndOfDayView info={info()} />)
    expect(missing.descriptionOf(missing.byLabel('From'))).toBe('Pick the first day.')
    expect(missing.byLabel('To').attrs['aria-invalid']).toBe('false')

    resetStores()
    setStore(useEndOfDayStore, {
      fromDate: '2024-01-01',
      toDate: '2026-01-01',
      dateProblem: 'too-long'
    })
    const long = render(<EndOfDayView info={info()} />)
    expect(long.descriptionOf(long.byLabel('To'))).toBe(
      'A report covers at most 366 days. Pick a shorter range.'
    )
  })

  it('holds Show while adding up, and both exports while a file is made', () => {
    setStore(useEndOfDayStore, { loading: true })
    const loading = render(<EndOfDayView info={info()} />)
    expect(isDisabled(loading.getByRole('button', 'Show'))).toBe(true)
    expect(isDisabled(loading.getByRole('button', 'Export sales (CSV)'))).toBe(false)
    expect(loading.text).toContain('Adding up…')

    resetStores()
    setStore(useEndOfDayStore, { exporting: 'sales' })
    const exporting = render(<EndOfDayView info={info()} />)
    expect(isDisabled(exporting.getByRole('button', 'Show'))).toBe(false)
    expect(isDisabled(exporting.getByRole('button', 'Export sales (CSV)'))).toBe(true)
    expect(isDisabled(exporting.getByRole('button', 'Export refunds (CSV)'))).toBe(true)
    expect(exporting.text).toContain('Preparing the file…')
  })

  it('shows a failed report as an alert with a retry', () => {
    setStore(useEndOfDayStore, {
      error: { code: 'JOURNAL_UNAVAILABLE', message: 'disk I/O error' }
    })
    const screen = render(<EndOfDayView info={info()} />)
    expect(screen.byRole('alert')).toHaveLength(1)
    expect(screen.byRole('button', 'Try again')).toHaveLength(1)
    expect(screen.queryByTestId('eod-totals')).toBeNull()
  })
})

function isInside(element: Element, container: Element): boolean {
  for (let up = element.parent; up !== null; up = up.parent) if (up === container) return true
  return false
}
