import { beforeEach, describe, expect, it } from 'vitest'
import { HistoryView } from '../../../src/renderer/src/cashier/history/HistoryView'
import { useHistoryStore } from '../../../src/renderer/src/stores/history-store'
import { historyRow, info, resetStores, setStore } from './fixtures'
import { isDisabled, render, textOf, type Element } from './html'

beforeEach(resetStores)

const cells = (row: Element): string[] =>
  row.children.filter((cell) => typeof cell !== 'string').map((cell) => textOf(cell as Element))

describe('the history list', () => {
  it('lists the sales found, each amount in its currency, each sale a button to open it', () => {
    setStore(useHistoryStore, {
      query: {},
      rows: [
        historyRow({ saleId: 8, amount: { minor: 1_234, currency: 'USD' }, refundedMinor: 500 }),
        historyRow({
          saleId: 7,
          status: 'declined',
          paidMinor: 0,
          payMethodId: null,
          merchantOrderNo: null
        })
      ],
      next: { createdAt: 1, saleId: 6 }
    })
    const screen = render(<HistoryView info={info()} />)
    const table = screen.getByRole('table', 'Sales found')
    expect(screen.descriptionOf(table)).toBe(
      'Up and down arrows move through the sales; Enter opens one.'
    )
    const rows = screen.all((element) => element.attrs['data-testid'] === 'history-row')
    const [usd, declined] = rows.map(cells)
    expect(usd).toEqual([
      'Sale 8',
      expect.any(String),
      '$12.34',
      'Paid',
      'PayPay',
      'QT0007A1',
      '$5.00'
    ])
    expect(declined).toEqual(['Sale 7', expect.any(String), '¥1,234', 'Declined', '—', '—', ''])
    expect(screen.byRole('button', /^Sale \d$/).map((b) => screen.nameOf(b))).toEqual([
      'Sale 8',
      'Sale 7'
    ])
    expect(screen.queryByTestId('history-empty')).toBeNull()
  })

  it('shows what refunds returned, and a refund still on its way apart from it', () => {
    setStore(useHistoryStore, {
      query: {},
      rows: [
        historyRow({ saleId: 9, refundedMinor: 200, refundingMinor: 300 }),
        historyRow({ saleId: 8, refundedMinor: 0, refundingMinor: 1_234 })
      ],
      next: null
    })
    const screen = render(<HistoryView info={info()} />)
    const rows = screen.all((element) => element.attrs['data-testid'] === 'history-row')
    expect(rows.map((row) => cells(row).at(-1))).toEqual([
      '¥200¥300 in progress',
      '¥1,234 in progress'
    ])
  })

  it('pages: newer is off on the first page, older only while the service has more', () => {
    setStore(useHistoryStore, {
      query: {},
      rows: [historyRow()],
      next: { createdAt: 1, saleId: 6 }
    })
    const first = render(<HistoryView info={info()} />)
    expect(isDisabled(first.getByRole('button', 'Newer'))).toBe(true)
    expect(isDisabled(first.getByRole('button', 'Older'))).toBe(false)
    expect(first.text).toContain('Page 1')

    setStore(useHistoryStore, { starts: [undefined, { createdAt: 1, saleId: 6 }], next: null })
    const last = render(<HistoryView info={info()} />)
    expect(isDisabled(last.getByRole('button', 'Newer'))).toBe(false)
    expect(isDisabled(last.getByRole('button', 'Older'))).toBe(true)
    expect(last.text).toContain('Page 2')
  })

  it('says when nothing matches, instead of an empty table', () => {
    setStore(useHistoryStore, { query: {}, rows: [] })
    const screen = render(<HistoryView info={info()} />)
    expect(textOf(screen.byTestId('history-empty'))).toBe('No sales match these filters.')
    expect(screen.byRole('table')).toEqual([])
  })

  it('announces a search in progress and keeps Search from being pressed twice', () => {
    setStore(useHistoryStore, { loading: true })
    const screen = render(<HistoryView info={info()} />)
    expect(screen.queryByTestId('history-empty')).toBeNull()
    const live = screen.all((element) => element.attrs['aria-live'] === 'polite')
    expect(live.map((element) => textOf(element))).toContain('Searching…')
    expect(isDisabled(screen.getByRole('button', 'Search'))).toBe(true)
    expect(isDisabled(screen.getByRole('button', 'Older'))).toBe(true)
  })

  it('shows a failed search as an alert with a retry', () => {
    setStore(useHistoryStore, {
      error: { code: 'JOURNAL_UNAVAILABLE', message: 'disk I/O error' }
    })
    const screen = render(<HistoryView info={info()} />)
    const alert = screen.getByRole('alert')
    expect(textOf(alert)).not.toBe('')
    expect(screen.byRole('button', 'Try again')).toHaveLength(1)
    expect(isDisabled(screen.getByRole('button', 'Search'))).toBe(false)
  })

  it('labels every filter, and ties each problem to its field', () => {
    setStore(useHistoryStore, {
      form: { from: '', to: '', status: '', method: '', min: '5', max: '1', orderNo: 'QT-1' },
      formErrors: { max: 'amount-range', orderNo: 'order-no' }
    })
    const screen = render(<HistoryView info={info()} />)
    const form = screen.getByRole('form', 'Search sales')
    expect(form.tag).toBe('form')
    for (const label of ['From', 'To', 'Status', 'Method', 'Amount from', 'Amount to']) {
      expect(screen.byLabel(label).attrs['id']).toMatch(/^history-/)
    }
    const max = screen.byLabel('Amount to')
    expect(max.attrs['aria-invalid']).toBe('true')
    expect(screen.descriptionOf(max)).toBe('The highest amount is below the lowest.')
    const min = screen.byLabel('Amount from')
    expect(min.attrs['aria-invalid']).toBe('false')
    expect(min.attrs['aria-describedby']).toBeUndefined()
    const orderNo = screen.byLabel('Order number')
    expect(orderNo.attrs['value']).toBe('QT-1')
    expect(screen.descriptionOf(orderNo)).toBe(
      'The whole number, or how it begins. An order number has only letters and digits.'
    )
  })

  it('names the currency in an amount problem', () => {
    setStore(useHistoryStore, { formErrors: { min: 'amount' } })
    const screen = render(<HistoryView info={info({ currency: 'USD' })} />)
    expect(screen.descriptionOf(screen.byLabel('Amount from'))).toBe('Not an amount in USD.')
  })

  it('shows the open sale instead of the list', () => {
    setStore(useHistoryStore, { query: {}, rows: [historyRow()], openId: 7 })
    const screen = render(<HistoryView info={info()} />)
    expect(screen.byTestId('sale-detail')).toBeDefined()
    expect(screen.queryByTestId('history-results')).toBeNull()
    expect(screen.nameOf(screen.getByRole('region'))).toBe('Sale 7')
  })
})
