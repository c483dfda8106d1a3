import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { walletCodeMinLength } from '../../src/shared/wedge'
import { checkManualCode, manualCodeMaxLength } from '../../src/renderer/src/lib/manual-code'

describe('a wallet code typed by hand', () => {
  it('takes an 18-digit code, dropping the spaces around and inside it', () => {
    expect(checkManualCode('134567890123456789', 16)).toEqual({
      ok: true,
      code: '134567890123456789'
    })
    // Wallet apps print the digits in groups of four; the cashier may copy the spaces too.
    expect(checkManualCode('  1345 6789 0123 4567 89\t', 16)).toEqual({
      ok: true,
      code: '134567890123456789'
    })
  })

  it('takes letters too, as some wallets use them', () => {
    expect(checkManualCode('AbCd1234EfGh5678', 16)).toEqual({ ok: true, code: 'AbCd1234EfGh5678' })
  })

  it('refuses an empty field, and one with only spaces', () => {
    expect(checkManualCode('', 16)).toEqual({ ok: false, problem: 'empty' })
    expect(checkManualCode('   ', 16)).toEqual({ ok: false, problem: 'empty' })
  })

  it('takes the full-width digits and letters a Japanese input method types as the half-width code', () => {
    expect(checkManualCode('１３４５６７８９０１２３４５６７８９', 16)).toEqual({
      ok: true,
      code: '134567890123456789'
    })
    // Grouped with ideographic spaces, and letters, as typed with the input method on.
    expect(
      checkManualCode('１３４５\u3000６７８９\u3000０１２３\u3000４５６７\u3000８９', 16)
    ).toEqual({
      ok: true,
      code: '134567890123456789'
    })
    expect(checkManualCode('ＡｂＣｄ１２３４ＥｆＧｈ５６７８', 16)).toEqual({
      ok: true,
      code: 'AbCd1234EfGh5678'
    })
    // Counted once made half-width: 15 full-width digits are too short, whatever their bytes.
    expect(checkManualCode('１'.repeat(15), 16)).toEqual({ ok: false, problem: 'too-short' })
  })

  it('refuses anything but letters and digits, before judging the length', () => {
    for (const text of [
      '1345-6789-0123-4567',
      '13456789012345678.',
      'https://pay.example/1',
      // Still not letters or digits once made half-width: a full-width hyphen, kana.
      '１３４５－６７８９－０１２３－４５６７',
      'いちさんよんごろくななはちきゅう'
    ]) {
      expect(checkManualCode(text, 16)).toEqual({ ok: false, problem: 'characters' })
    }
  })

  it('holds the payment screen’s shortest wallet code as the lower bound, and 64 as the upper', () => {
    const min = walletCodeMinLength
    expect(checkManualCode('1'.repeat(min - 1), min)).toEqual({ ok: false, problem: 'too-short' })
    expect(checkManualCode('1'.repeat(min), min)).toMatchObject({ ok: true })
    // A till set to a longer minimum (settings' paymentMinLength) refuses what the default takes.
    expect(checkManualCode('1'.repeat(min), min + 2)).toEqual({ ok: false, problem: 'too-short' })
    expect(checkManualCode('1'.repeat(manualCodeMaxLength), min)).toMatchObject({ ok: true })
    expect(checkManualCode('1'.repeat(manualCodeMaxLength + 1), min)).toEqual({
      ok: false,
      problem: 'too-long'
    })
  })

  it('answers a code typed full-width exactly as the same code typed half-width', () => {
    const fullWidth = (text: string): string =>
      [...text].map((char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0)).join('')
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9A-Za-z]{1,70}$/),
        fc.integer({ min: 1, max: 64 }),
        (code, min) => {
          expect(checkManualCode(fullWidth(code), min)).toEqual(checkManualCode(code, min))
        }
      )
    )
  })

  it('never repeats the code in a refusal, and returns exactly the letters and digits it took', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.integer({ min: 1, max: 64 }), (text, min) => {
        const check = checkManualCode(text, min)
        if (check.ok) {
          expect(check.code).toMatch(/^[0-9A-Za-z]+$/)
          expect(check.code).toBe(text.normalize('NFKC').replace(/\s+/g, ''))
          expect(check.code.length).toBeGreaterThanOrEqual(min)
          expect(check.code.length).toBeLessThanOrEqual(manualCodeMaxLength)
        } else {
          expect(Object.keys(check).sort()).toEqual(['ok', 'problem'])
        }
      })
    )
  })
})
