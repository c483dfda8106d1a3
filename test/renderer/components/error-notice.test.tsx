import { beforeEach, describe, expect, it } from 'vitest'
import { ErrorNotice } from '../../../src/renderer/src/ui/ErrorNotice'
import { en } from '../../../src/renderer/src/i18n/en'
import { useLocaleStore } from '../../../src/renderer/src/stores/locale-store'
import { fail, type TillError } from '../../../src/shared/contract'
import { resetStores, setStore } from './fixtures'
import { render } from './html'

beforeEach(resetStores)

function refusal(result: ReturnType<typeof fail>): TillError {
  if (result.ok) throw new Error('not a refusal')
  return result.error
}

/** What the engine answers for a sale above the gateway's maximum per payment. */
const aboveMax = refusal(
  fail('INVALID_ARGUMENT', 'PayCloud cannot take this payment: amount: 20000000 JPY is above…', {
    key: 'amount-above-gateway-max',
    max: { minor: 10_000_000, currency: 'JPY' }
  })
)

describe('the error notice', () => {
  it('says what a refusal says, with its facts, rather than the words for its code', () => {
    const text = render(<ErrorNotice error={aboveMax} onDismiss={() => undefined} />).text
    expect(text).toContain('more than PayCloud takes in one payment (at most ¥10,000,000)')
    expect(text).not.toContain(en.errors.byCode.INVALID_ARGUMENT)
    expect(text).not.toContain('PayCloud cannot take this payment:')
  })

  it('says it in Japanese on a Japanese screen, the amount as the screen writes money', () => {
    setStore(useLocaleStore, { language: 'ja' })
    const text = render(<ErrorNotice error={aboveMax} onDismiss={() => undefined} />).text
    expect(text).toContain('上限（￥10,000,000）を超えています')
    expect(text).not.toMatch(/PayCloud takes|cannot take/)
  })

  it('keeps the words for the code for arguments refused by a command schema', () => {
    // Any command's schema refusal names its fields; only the settings screen shows fields.
    const refused = refusal(
      fail('INVALID_ARGUMENT', 'Invalid arguments for sales:open: amount.minor: too big', {
        key: 'invalid-fields',
        fields: ['amount.minor']
      })
    )
    const text = render(<ErrorNotice error={refused} onDismiss={() => undefined} />).text
    expect(text).toContain(en.errors.byCode.INVALID_ARGUMENT)
    expect(text).not.toContain('settings')
  })

  it('falls back to the words for the code when the refusal says nothing more', () => {
    const plain = refusal(fail('CONFLICT', 'Sale 4 is paid.'))
    const text = render(<ErrorNotice error={plain} onDismiss={() => undefined} />).text
    expect(text).toContain(en.errors.byCode.CONFLICT)
    expect(text).not.toContain('Sale 4 is paid.')
  })
})
