import { beforeEach, describe, expect, it } from 'vitest'
import { RefundDialog } from '../../../src/renderer/src/cashier/history/RefundDialog'
import { SaleDetail } from '../../../src/renderer/src/cashier/history/SaleDetail'
import { messagesByLanguage } from '../../../src/renderer/src/i18n'
import { ja } from '../../../src/renderer/src/i18n/ja'
import { useLocaleStore } from '../../../src/renderer/src/stores/locale-store'
import { useHistoryStore } from '../../../src/renderer/src/stores/history-store'
import { useManagerStore } from '../../../src/renderer/src/stores/manager-store'
import { reasonText, type SaleView } from '../../../src/shared/order'
import { attempt, info, refund, resetStores, sale, setStore } from './fixtures'
import { isDisabled, render, textOf } from './html'

beforeEach(resetStores)

function openSale(view: SaleView | null, patch: Parameters<typeof setStore>[1] = {}): void {
  setStore(useHistoryStore, { openId: 5, sale: view, ...patch })
}

describe('a sale opened from the history', () => {
  it('shows what is still refundable: paid less refunded, in the sale currency', () => {
    openSale(
      sale({
        refundedMinor: 2_500,
        refunds: [refund({ amount: { minor: 2_500, currency: 'JPY' } })]
      })
    )
    const screen = render(<SaleDetail info={info()} />)
    expect(screen.nameOf(screen.getByRole('region'))).toBe('Sale 5')
    expect(textOf(screen.byTestId('sale-paid'))).toBe('¥10,000')
    expect(textOf(screen.byTestId('sale-refunded'))).toBe('¥2,500')
    expect(textOf(screen.byTestId('sale-refundable'))).toBe('¥7,500')
    const refundButton = screen.getByRole('button', 'Refund…')
    expect(isDisabled(refundButton)).toBe(false)
    expect(refundButton.attrs['aria-describedby']).toBeUndefined()
  })

  it('tells a refund on its way from one done, and counts both out of what is refundable', () => {
    openSale(
      sale({
        refundedMinor: 4_000,
        refunds: [
          refund({ refundId: 1, amount: { minor: 2_500, currency: 'JPY' } }),
          refund({ refundId: 2, amount: { minor: 1_500, currency: 'JPY' }, status: 'processing' }),
          refund({ refundId: 3, amount: { minor: 900, currency: 'JPY' }, status: 'failed' })
        ]
      })
    )
    const screen = render(<SaleDetail info={info()} />)
    expect(textOf(screen.byTestId('sale-refunded'))).toBe('¥2,500')
    expect(textOf(screen.byTestId('sale-refunding'))).toBe('¥1,500')
    expect(textOf(screen.byTestId('sale-refundable'))).toBe('¥6,000')
  })

  it('turns the refund off, and says why, once nothing is left to return', () => {
    openSale(sale({ refundedMinor: 10_000 }))
    const screen = render(<SaleDetail info={info()} />)
    expect(textOf(screen.byTestId('sale-refundable'))).toBe('¥0')
    const refundButton = screen.getByRole('button', 'Refund…')
    expect(isDisabled(refundButton)).toBe(true)
    expect(screen.descriptionOf(refundButton)).toBe(
      'Only a paid sale with money left to return can be refunded.'
    )
  })

  it('does not offer a refund of a sale that was never paid', () => {
    openSale(
      sale({
        status: 'declined',
        paidMinor: 0,
        attempts: [attempt({ status: 'declined', reason: 'Insufficient balance' })]
      })
    )
    const screen = render(<SaleDetail info={info()} />)
    expect(isDisabled(screen.getByRole('button', 'Refund…'))).toBe(true)
    expect(screen.text).toContain('Insufficient balance')
  })

  it('words the engine’s reasons in the screen’s language, and keeps the wallet’s own words', () => {
    const declined = { code: 'declined', wallet: 'Insufficient balance' } as const
    const refundFailed = { code: 'refund-failed', gatewayMessage: 'MERCHANT_BALANCE_LOW' } as const
    openSale(
      sale({
        attempts: [
          attempt({
            attemptId: 1,
            status: 'declined',
            reason: reasonText(declined),
            why: declined
          }),
          attempt({ attemptId: 2 })
        ],
        refunds: [
          refund({ status: 'failed', failure: reasonText(refundFailed), failureWhy: refundFailed })
        ]
      })
    )
    const english = render(<SaleDetail info={info()} />).text
    expect(english).toContain('Declined by the wallet: Insufficient balance.')
    expect(english).toContain('The refund failed: MERCHANT_BALANCE_LOW.')

    setStore(useLocaleStore, { language: 'ja' })
    const japanese = render(<SaleDetail info={info()} />).text
    expect(japanese).toContain('ウォレットが決済を断りました: Insufficient balance。')
    expect(japanese).toContain('返金に失敗しました: MERCHANT_BALANCE_LOW。')
    expect(japanese).not.toContain('Declined by the wallet')
    expect(japanese).not.toContain('The refund failed')
  })

  it('formats cents for a currency that has them', () => {
    openSale(
      sale({
        amount: { minor: 1_999, currency: 'USD' },
        paidMinor: 1_999,
        refundedMinor: 999,
        attempts: [attempt({ amount: { minor: 1_999, currency: 'USD' } })]
      })
    )
    const screen = render(<SaleDetail info={info()} />)
    expect(textOf(screen.byTestId('sale-refundable'))).toBe('$10.00')
  })

  it('formats amounts for the language the till speaks', () => {
    setStore(useLocaleStore, { language: 'ja' })
    openSale(sale({ refundedMinor: 2_500 }))
    const screen = render(<SaleDetail info={info()} />)
    const ja = messagesByLanguage.ja
    expect(screen.nameOf(screen.getByRole('region'))).toBe(ja.saleDetail.heading(5))
    // Japanese writes the yen sign full width.
    expect(textOf(screen.byTestId('sale-refundable'))).toBe('￥7,500')
  })

  it('lists the attempts with only the last four characters of the customer code', () => {
    openSale(sale())
    const screen = render(<SaleDetail info={info()} />)
    const table = screen.byTestId('sale-attempts')
    expect(textOf(table)).toContain('QT0005A1')
    expect(textOf(table)).toContain('PayPay')
    expect(textOf(table)).toContain('Scanned code')
    expect(textOf(table)).toContain('4321')
    const check = screen.getByRole('button', 'Check now QT0005A1')
    expect(isDisabled(check)).toBe(false)
  })

  it('holds every "Check now" while one check runs, and says which one is checking', () => {
    openSale(sale({ refunds: [refund()], refundedMinor: 2_500 }), { checking: 'QT0005A1' })
    const screen = render(<SaleDetail info={info()} />)
    const attemptCheck = screen.getByRole('button', 'Check now QT0005A1')
    const refundCheck = screen.getByRole('button', 'Check now QR0005R1')
    expect([isDisabled(attemptCheck), isDisabled(refundCheck)]).toEqual([true, true])
    expect(textOf(attemptCheck)).toBe('Checking…')
    expect(textOf(refundCheck)).toBe('Check now')
  })

  it('lists refunds with their amount, state and failure', () => {
    openSale(
      sale({
        refunds: [refund({ status: 'failed', failure: 'Order already settled' })],
        refundedMinor: 0
      })
    )
    const screen = render(<SaleDetail info={info()} />)
    const table = textOf(screen.byTestId('sale-refunds'))
    expect(table).toContain('¥2,500')
    expect(table).toContain('Failed — Order already settled')
    expect(table).toContain('Damaged item')
  })

  it('shows the journal timeline with machine-readable times', () => {
    openSale(sale(), {
      timeline: [
        {
          id: 1,
          at: Date.UTC(2026, 10, 26, 1, 30),
          kind: 'unheard-of',
          detail: { from: 'open', to: 'paying' }
        }
      ]
    })
    const screen = render(<SaleDetail info={info()} />)
    const timeline = screen.byTestId('sale-timeline')
    const time = screen.all((element) => element.tag === 'time')[0]
    expect(time?.attrs['datetime']).toBe('2026-11-26T01:30:00.000Z')
    expect(textOf(timeline)).toContain('unheard-of — open → paying')
  })

  it('names the statuses on the timeline and words the engine’s reason in the screen’s language', () => {
    const entry = {
      id: 1,
      at: Date.UTC(2026, 10, 26, 1, 30),
      kind: 'attempt.status',
      attemptId: 1,
      refundId: null,
      detail: {
        from: 'processing',
        to: 'needs-attention',
        reason: 'Needs attention: the order could not be closed after 3 tries, …'
      },
      why: { code: 'close-failed', tries: 3 }
    } as const
    openSale(sale(), { timeline: [entry] })
    expect(textOf(render(<SaleDetail info={info()} />).byTestId('sale-timeline'))).toContain(
      'Processing → Needs attention · Needs attention: the order could not be closed after 3 tries'
    )
    setStore(useLocaleStore, { language: 'ja' })
    const japanese = textOf(render(<SaleDetail info={info()} />).byTestId('sale-timeline'))
    expect(japanese).toContain(
      `${ja.saleDetail.attemptStatuses.processing} → ${ja.saleDetail.attemptStatuses['needs-attention']}`
    )
    expect(japanese).toContain('要確認: 3 回試しても')
    expect(japanese).not.toMatch(/Needs attention|processing/)
  })

  it('says the sale is loading before it arrives', () => {
    openSale(null)
    const screen = render(<SaleDetail info={info()} />)
    expect(screen.text).toContain('Loading the sale…')
    expect(screen.queryByTestId('sale-summary')).toBeNull()
    expect(isDisabled(screen.getByRole('button', 'Refund…'))).toBe(true)
  })

  it('shows a failed load as an alert with a retry', () => {
    openSale(null, { detailError: { code: 'JOURNAL_UNAVAILABLE', message: 'disk I/O error' } })
    const screen = render(<SaleDetail info={info()} />)
    expect(screen.byRole('alert')).toHaveLength(1)
    expect(screen.byRole('button', 'Try again')).toHaveLength(1)
  })
})

describe('the refund dialog', () => {
  const pinSet = { pinSet: true, maxTries: 5, attemptsLeft: 5, lockedUntil: null }
  const ignore = (): void => undefined

  it('is a modal dialog named for the sale, with what is left to refund', () => {
    setStore(useManagerStore, { status: pinSet })
    const screen = render(<RefundDialog sale={sale({ refundedMinor: 2_500 })} onClose={ignore} />)
    const dialog = screen.getByRole('dialog', 'Refund sale 5')
    expect(dialog.attrs['aria-modal']).toBe('true')
    expect(textOf(screen.byTestId('refund-remaining'))).toBe('¥7,500')
    const full = screen.getByRole('radio', 'The rest in full (¥7,500)')
    expect(full.attrs['checked']).toBeDefined()
    expect(screen.getByRole('radio', 'Part of it').attrs['checked']).toBeUndefined()
    expect(screen.nameOf(screen.getByRole('group'))).toBe('How much')
    // A full refund needs no amount: the field appears only for a part.
    expect(screen.maybeById('refund-amount')).toBeNull()
  })

  it('labels the reason and the PIN, and keeps the PIN masked', () => {
    setStore(useManagerStore, { status: pinSet })
    const screen = render(<RefundDialog sale={sale()} onClose={ignore} />)
    const reason = screen.byLabel('Reason')
    expect(screen.descriptionOf(reason)).toMatch(/^Why the money goes back/)
    const pin = screen.byLabel('Manager PIN')
    expect(pin.attrs['type']).toBe('password')
    expect(pin.attrs['inputmode']).toBe('numeric')
    expect(pin.attrs['maxlength']).toBe('8')
    expect(screen.descriptionOf(pin)).toBe('The manager keys the PIN: 4 to 8 digits.')
    expect(pin.attrs['aria-invalid']).toBe('false')
    expect(isDisabled(screen.getByRole('button', 'Refund'))).toBe(false)
    expect(screen.byRole('alert')).toEqual([])
  })

  it('says a damaged PIN cannot approve, and how it is reset, before anyone tries', () => {
    setStore(useManagerStore, { status: { ...pinSet, pinDamaged: true } })
    const screen = render(<RefundDialog sale={sale()} onClose={ignore} />)
    expect(screen.byRole('alert').map((alert) => textOf(alert))).toEqual([
      'The stored manager PIN cannot be read, so no PIN is accepted. On the till machine, run ' +
        '“npm run admin -- reset-manager-pin”, then set a new PIN in Settings.'
    ])
    expect(isDisabled(screen.getByRole('button', 'Refund'))).toBe(true)
  })

  it('refuses to start without a manager PIN, and says where to set one', () => {
    setStore(useManagerStore, { status: { ...pinSet, pinSet: false } })
    const screen = render(<RefundDialog sale={sale()} onClose={ignore} />)
    expect(screen.byRole('alert').map((alert) => textOf(alert))).toEqual([
      'No manager PIN is set. Set one in Settings before refunding.'
    ])
    expect(isDisabled(screen.getByRole('button', 'Refund'))).toBe(true)
    expect(isDisabled(screen.getByRole('button', 'Cancel'))).toBe(false)
  })
})
