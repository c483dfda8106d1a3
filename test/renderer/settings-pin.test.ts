import { describe, expect, it } from 'vitest'
import { pinProblemText, settingsPinGate } from '../../src/renderer/src/cashier/settings/pin-gate'
import { en } from '../../src/renderer/src/i18n/en'
import { ja } from '../../src/renderer/src/i18n/ja'
import type { ManagerStatus } from '../../src/shared/contract'

const set: ManagerStatus = {
  pinSet: true,
  maxTries: 5,
  attemptsLeft: 5,
  lockedUntil: null,
  pinDamaged: false
}

describe('what a settings write carries', () => {
  it('no PIN while none is set, or for a change that needs none', () => {
    expect(settingsPinGate({ ...set, pinSet: false }, '', true)).toEqual({ send: true, args: {} })
    expect(settingsPinGate(set, '', false)).toEqual({ send: true, args: {} })
    // Typed but not needed (the language alone): not sent, so a typo costs no try.
    expect(settingsPinGate(set, '1234', false)).toEqual({ send: true, args: {} })
    // The status not known yet: the till decides, and its refusal is worded then.
    expect(settingsPinGate(null, '', true)).toEqual({ send: true, args: {} })
  })

  it('the PIN typed once one is set; held back when it is empty, malformed, or cannot match', () => {
    expect(settingsPinGate(set, '48260731', true)).toEqual({
      send: true,
      args: { managerPin: '48260731' }
    })
    expect(settingsPinGate(set, '', true)).toEqual({ send: false, problem: 'needed' })
    expect(settingsPinGate(set, '482', true)).toEqual({ send: false, problem: 'invalid' })
    expect(settingsPinGate({ ...set, pinDamaged: true }, '48260731', true)).toEqual({
      send: false,
      problem: 'damaged'
    })
  })
})

const tokyo = 'Asia/Tokyo'

describe('the words by the PIN field', () => {
  it('say what the till’s status says, in the screen’s language', () => {
    const wrong = { refusedWith: 'pin' } as const
    expect(pinProblemText(en, wrong, { ...set, attemptsLeft: 3 }, tokyo)).toBe(
      'Wrong PIN. 3 tries left before PIN entry locks.'
    )
    expect(pinProblemText(ja, wrong, { ...set, attemptsLeft: 3 }, tokyo)).toBe(
      ja.refund.wrongPin(3)
    )
    const locked = pinProblemText(
      en,
      wrong,
      { ...set, attemptsLeft: 0, lockedUntil: Date.UTC(2026, 10, 26, 9, 5) },
      tokyo
    )
    // On the shop's clock (18:05 in Tokyo), whatever zone the screen's browser is in.
    expect(locked).toBe('Too many wrong PINs. PIN entry is locked until 6:05 PM.')
    expect(pinProblemText(en, wrong, { ...set, pinDamaged: true }, tokyo)).toContain(
      'npm run admin -- reset-manager-pin'
    )
    expect(pinProblemText(en, wrong, null, tokyo)).toBe(en.errors.byCode.PIN_REJECTED)
  })

  it('ask for the PIN when none was typed, or none was sent because the view thought none was set', () => {
    const needed = 'The manager PIN is needed to change settings. Key it here.'
    expect(pinProblemText(en, 'needed', set, tokyo)).toBe(needed)
    expect(pinProblemText(en, { refusedWith: 'nothing' }, set, tokyo)).toBe(needed)
    expect(pinProblemText(ja, 'needed', set, tokyo)).toBe(ja.settings.pin.needed)
    expect(ja.settings.pin.needed).not.toBe(needed)
    expect(pinProblemText(en, 'invalid', set, tokyo)).toBe('A manager PIN is 4 to 8 digits.')
  })
})
