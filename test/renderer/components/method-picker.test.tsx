import { describe, expect, it } from 'vitest'
import { MethodPicker } from '../../../src/renderer/src/cashier/MethodPicker'
import { PaymentStatus } from '../../../src/renderer/src/cashier/PaymentStatus'
import { attempt, sale } from './fixtures'
import { render, textOf } from './html'

const ignore = (): void => undefined

describe('the method picker', () => {
  it('numbers the wallets 1 to n, as the keys that pick them, and names each by its label', () => {
    const screen = render(
      <MethodPicker
        picker={{ reason: 'unknown', candidates: ['WeChatPay', 'Alipay+', 'PayPay'] }}
        onPick={ignore}
        onBack={ignore}
      />
    )
    const list = screen.getByRole('list', 'Wallets')
    const options = screen
      .byRole('button')
      .filter((button) => button.attrs['aria-keyshortcuts'] !== 'Escape')
    expect(list.children).toHaveLength(3)
    expect(options.map((option) => option.attrs['aria-keyshortcuts'])).toEqual(['1', '2', '3'])
    // The printed number is for the eye; the name is the wallet.
    expect(options.map((option) => screen.nameOf(option))).toEqual([
      'WeChat Pay',
      'Alipay+',
      'PayPay'
    ])
    expect(options.map((option) => textOf(option))).toEqual(['1WeChat Pay', '2Alipay+', '3PayPay'])
  })

  it('gives no number key past 9, so a tenth wallet is picked by touch only', () => {
    const candidates = Array.from({ length: 10 }, (_, i) => `Wallet${i + 1}`)
    const screen = render(
      <MethodPicker picker={{ reason: 'ambiguous', candidates }} onPick={ignore} onBack={ignore} />
    )
    const options = screen
      .byRole('button')
      .filter((button) => screen.nameOf(button) !== 'Back to scanning')
    const keys = options.map((option) => option.attrs['aria-keyshortcuts'] ?? null)
    expect(keys).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', null])
    expect(textOf(options[9]!)).toBe('Wallet10')
  })

  it('says so when no wallet takes scanned codes, with no empty list', () => {
    const screen = render(
      <MethodPicker
        picker={{ reason: 'unknown', candidates: [] }}
        onPick={ignore}
        onBack={ignore}
      />
    )
    expect(screen.byRole('list')).toEqual([])
    expect(screen.text).toContain('No wallet that accepts scanned codes is set up on this till.')
  })

  it('goes back with Esc, shown on the button and announced as its shortcut', () => {
    const screen = render(
      <MethodPicker
        picker={{ reason: 'unknown', candidates: ['PayPay'] }}
        onPick={ignore}
        onBack={ignore}
      />
    )
    const back = screen.getByRole('button', 'Back to scanning')
    expect(back.attrs['aria-keyshortcuts']).toBe('Escape')
    expect(textOf(back)).toBe('Back to scanningEsc')
  })
})

describe('the payment status around the picker', () => {
  const open = sale({ status: 'open', attempts: [], paidMinor: 0 })

  it('says why the cashier must pick: a code the till does not recognise', () => {
    const screen = render(
      <PaymentStatus
        phase="choosing-method"
        sale={open}
        picker={{ reason: 'unknown', candidates: ['PayPay'] }}
        connected
        cpmWindowMs={null}
      />
    )
    expect(screen.getByRole('status').attrs['aria-live']).toBe('polite')
    expect(screen.text).toContain('The till does not recognise this code.')
    expect(screen.text).not.toContain('more than one wallet')
  })

  it('or a code that fits several wallets', () => {
    const screen = render(
      <PaymentStatus
        phase="choosing-method"
        sale={open}
        picker={{ reason: 'ambiguous', candidates: ['WeChatPay', 'Alipay+'] }}
        connected
        cpmWindowMs={null}
      />
    )
    expect(screen.text).toContain('The code fits more than one wallet.')
    expect(screen.text).not.toContain('does not recognise')
  })

  it('shows the amount in the currency and only the last four characters of a customer code', () => {
    const code = '2868123456784321'
    const paying = sale({
      status: 'paying',
      amount: { minor: 1_234, currency: 'USD' },
      paidMinor: 0,
      attempts: [
        attempt({
          status: 'pending',
          authCodeLast4: code,
          amount: { minor: 1_234, currency: 'USD' }
        })
      ]
    })
    const screen = render(
      <PaymentStatus phase="processing" sale={paying} picker={null} connected cpmWindowMs={null} />
    )
    expect(screen.text).toContain('$12.34')
    expect(screen.text).toContain('…4321')
    expect(screen.html).not.toContain(code)
    expect(screen.html).not.toContain('56784321')
  })
})
