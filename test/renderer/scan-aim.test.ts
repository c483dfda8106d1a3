import { describe, expect, it } from 'vitest'
import type { MethodRule } from '../../src/shared/methods'
import { deliverHidScan, onHidScan } from '../../src/renderer/src/lib/hid-scans'
import { decideMethod } from '../../src/renderer/src/lib/methods'
import { holdScan, takeHeldScan } from '../../src/renderer/src/lib/scan-handoff'

const code = '132904600349929677'

/** A WeChat Pay rule that only QR symbols may match, beside a rule that takes any symbology. */
const rules: MethodRule[] = [
  {
    payMethodId: 'WeChatPay',
    pattern: '^1[0-5]\\d{16}$',
    aim: ']Q',
    enabled: true,
    confirmed: false
  }
]

/** A HID-POS scan as the screens receive it, decided as the payment screen decides it. */
function decideHidScan(aim: string | null): ReturnType<typeof decideMethod> {
  let decision: ReturnType<typeof decideMethod> | null = null
  const stop = onHidScan((scan) => {
    decision = decideMethod(scan.code, rules, scan.aim)
  })
  try {
    expect(deliverHidScan({ code, aim })).toBe(true)
  } finally {
    stop()
  }
  if (decision === null) throw new Error('no screen took the scan')
  return decision
}

describe('AIM constraints at the counter (audit E)', () => {
  it('does not submit a HID scan to a rule whose AIM it does not carry', () => {
    // An EAN-128 (`]E0`) that happens to look like a WeChat Pay code is no WeChat Pay QR.
    expect(decideHidScan(']E0')).toMatchObject({ kind: 'pick', reason: 'unknown' })
  })

  it('submits a HID scan whose AIM starts with the rule’s', () => {
    expect(decideHidScan(']Q1')).toEqual({ kind: 'submit', payMethodId: 'WeChatPay' })
  })

  it('judges a scan without AIM, a keyboard wedge’s, by the pattern alone', () => {
    expect(decideHidScan(null)).toEqual({ kind: 'submit', payMethodId: 'WeChatPay' })
    expect(decideMethod(code, rules)).toEqual({ kind: 'submit', payMethodId: 'WeChatPay' })
  })

  it('keeps the AIM with a code the amount screen hands to the payment screen', () => {
    holdScan({ code, aim: ']E0' })
    expect(takeHeldScan()).toEqual({ code, aim: ']E0' })
    expect(takeHeldScan()).toBeNull()
  })
})
