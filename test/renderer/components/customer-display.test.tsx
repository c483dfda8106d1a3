import { beforeEach, describe, expect, it } from 'vitest'
import type { DisplayState } from '../../../src/shared/contract'
import type { Money } from '../../../src/shared/money'
import { Message } from '../../../src/renderer/src/customer/CustomerApp'
import { PaymentQr } from '../../../src/renderer/src/customer/PaymentQr'
import { useLocaleStore } from '../../../src/renderer/src/stores/locale-store'
import { resetStores, setStore } from './fixtures'
import { render } from './html'

beforeEach(resetStores)

const amount: Money = { minor: 1200, currency: 'JPY' }
const shopName = 'Kissa Aoi'

function shown(display: DisplayState): ReturnType<typeof render> {
  return render(<Message display={display} receivedAt={performance.now()} />)
}

describe('the QR on the customer display', () => {
  const qr = (deadline: number | null): ReturnType<typeof render> =>
    render(
      <PaymentQr
        qrContent="http://127.0.0.1:1/wallet/t"
        amount={amount}
        payMethodId="WeChatPay"
        deadline={deadline}
      />
    )

  it('is up with the time left while the order can be paid', () => {
    const screen = qr(performance.now() + 42_000)
    expect(screen.getByRole('img', 'Payment QR code for WeChat Pay')).toBeDefined()
    expect(screen.text).toContain('Scan with WeChat Pay to pay')
    expect(screen.text).toContain('0:42 left')
  })

  it('comes down at 0: no code to scan under "expired"', () => {
    const screen = qr(performance.now() - 1)
    expect(screen.all((element) => element.attrs['role'] === 'img')).toEqual([])
    expect(screen.text).toContain('This code has expired')
    expect(screen.text).not.toContain('Scan with')
  })
})

describe('what the customer reads when a payment does not go through', () => {
  it('a QR being closed shows no code, in either language', () => {
    const closing: DisplayState = { screen: 'closing', shopName, amount }
    const screen = shown(closing)
    expect(screen.all((element) => element.attrs['role'] === 'img')).toEqual([])
    expect(screen.text).toContain('This QR code can no longer be used')
    setStore(useLocaleStore, { language: 'ja' })
    expect(shown(closing).text).toContain('このQRコードはご利用いただけなくなりました')
  })

  it('time ran out: not paid in time and nothing charged, never "declined"', () => {
    const expired: DisplayState = { screen: 'expired', shopName, amount }
    const screen = shown(expired)
    expect(screen.text).toContain('Not paid in time')
    expect(screen.text).toContain('Nothing was charged')
    expect(screen.text).not.toMatch(/declined|another code/i)
    setStore(useLocaleStore, { language: 'ja' })
    expect(shown(expired).text).toContain('お支払いの時間が過ぎました')
  })

  it('a declined QR payment does not ask for a code the customer never showed', () => {
    const mpm = shown({ screen: 'declined', shopName, amount, mode: 'MPM' })
    expect(mpm.text).toContain('Payment declined')
    expect(mpm.text).toContain('Please ask the cashier for a new QR code or another way to pay')
    expect(mpm.text).not.toContain('another code')
    const cpm = shown({ screen: 'declined', shopName, amount, mode: 'CPM' })
    expect(cpm.text).toContain('Please try another code or ask the cashier')
  })
})
