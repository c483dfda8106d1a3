import { beforeEach, describe, expect, it } from 'vitest'
import { PaymentStatus } from '../../../src/renderer/src/cashier/PaymentStatus'
import type { SalePhase } from '../../../src/renderer/src/lib/sale-flow'
import { useLocaleStore } from '../../../src/renderer/src/stores/locale-store'
import { reasonText, type AttemptStatus, type Reason } from '../../../src/shared/order'
import { attempt, resetStores, sale, setStore } from './fixtures'
import { render, textOf, type Screen } from './html'

beforeEach(resetStores)

function showing(phase: SalePhase, status: AttemptStatus, why: Reason): Screen {
  const current = attempt({ status, why, reason: reasonText(why), transNo: null })
  return render(
    <PaymentStatus
      phase={phase}
      sale={sale({ status: 'paying', attempts: [current], paidMinor: 0 })}
      picker={null}
      connected
      cpmWindowMs={60_000}
    />
  )
}

describe('the live payment panel', () => {
  it('tells an unreachable gateway from an unclear reply while it checks', () => {
    const unreachable = showing('processing', 'processing', { code: 'unreachable' })
    expect(textOf(unreachable.byTestId('payment-reason'))).toMatch(
      /^The gateway could not be reached\./
    )
    const slow = showing('processing', 'processing', { code: 'checking', why: 'slow' })
    expect(textOf(slow.byTestId('payment-reason'))).toMatch(
      /^Not confirmed yet: the gateway did not answer in time\./
    )
  })

  it('says no reason line while the customer is simply confirming', () => {
    const confirming = showing('processing', 'processing', { code: 'confirming' })
    expect(confirming.queryByTestId('payment-reason')).toBeNull()
  })

  it('says why a payment needs attention, and in Japanese on a Japanese screen', () => {
    const why: Reason = { code: 'close-failed', tries: 3 }
    expect(
      textOf(showing('needs-attention', 'needs-attention', why).byTestId('payment-reason'))
    ).toBe(reasonText(why))
    setStore(useLocaleStore, { language: 'ja' })
    const japanese = showing('needs-attention', 'needs-attention', why)
    expect(textOf(japanese.byTestId('payment-reason'))).toMatch(/^要確認: 3 回試しても/)
    expect(japanese.text).not.toMatch(/Needs attention|could not be closed/)
  })

  it('gives a decline the wallet’s own words, and a window that ran out the screen’s words', () => {
    const declined = showing('declined', 'declined', { code: 'declined', wallet: 'Balance low' })
    expect(declined.text).toContain('Balance low')
    expect(declined.text).not.toContain('Declined by the wallet')
    setStore(useLocaleStore, { language: 'ja' })
    const expired = showing('declined', 'cancelled', { code: 'cancelled', cause: 'timeout' })
    expect(expired.text).toContain('取消済み: お客様が時間内に')
    expect(expired.text).not.toContain('Cancelled')
  })
})
