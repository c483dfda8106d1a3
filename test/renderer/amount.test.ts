import { describe, expect, it } from 'vitest'
import {
  amountSoFar,
  applyKeypadKey,
  checkAmount,
  droppedShown,
  editAmountText,
  keypadKeys,
  sanitizeAmountText,
  type KeypadKey
} from '../../src/renderer/src/lib/amount'
import { formatMoney } from '../../src/shared/money/format'
import { editQuantityText } from '../../src/renderer/src/lib/sale-lines'

function press(keys: readonly KeypadKey[], currency: 'JPY' | 'USD', start = ''): string {
  return keys.reduce((text, key) => applyKeypadKey(text, key, currency), start)
}

describe('sanitizeAmountText', () => {
  it.each([
    ['1200', 'JPY', '1200'],
    ['1,200', 'JPY', '1200'],
    [' 1 200 ', 'JPY', '1200'],
    ['0012', 'JPY', '12'],
    ['0', 'JPY', '0'],
    ['', 'JPY', ''],
    ['12.5', 'USD', '12.5'],
    ['12.50', 'USD', '12.50'],
    ['12.', 'USD', '12.'],
    ['.5', 'USD', '0.5'],
    ['007.25', 'USD', '7.25'],
    ['99999999.99', 'USD', '99999999.99'],
    // What a Japanese input method left on commits: full-width digits, comma, point and space.
    ['１２００', 'JPY', '1200'],
    ['１，２００', 'JPY', '1200'],
    ['１\u3000２００', 'JPY', '1200'],
    ['０１２', 'JPY', '12'],
    ['１２．５０', 'USD', '12.50'],
    ['1２0０', 'JPY', '1200']
  ] as const)('%j in %s is kept as %j', (raw, currency, expected) => {
    expect(sanitizeAmountText(raw, currency)).toBe(expected)
  })

  it.each([
    ['12.5', 'JPY'],
    ['12.345', 'USD'],
    ['1.2.3', 'USD'],
    ['-5', 'USD'],
    ['1e3', 'JPY'],
    ['¥1200', 'JPY'],
    ['12a', 'JPY'],
    ['100000000000', 'JPY'],
    ['100000000.00', 'USD'],
    // Still not an amount once made half-width.
    ['１２．５', 'JPY'],
    ['－５', 'USD'],
    ['￥１２００', 'JPY'],
    ['せん', 'JPY'],
    // A decimal comma: read as a separator it would be a hundred times the amount.
    ['12,50', 'USD'],
    ['１２，５', 'USD']
  ] as const)('refuses %j in %s', (raw, currency) => {
    expect(sanitizeAmountText(raw, currency)).toBeNull()
  })
})

describe('editAmountText', () => {
  it.each([
    // What the cashier meant is not guessed ("O" is not 0): the digits stay, the rest is named.
    ['1,2OO', 'JPY', '12', 'OO'],
    ['せん', 'JPY', '', 'せん'],
    ['12せん', 'JPY', '12', 'せん'],
    ['１２００えん', 'JPY', '1200', 'えん'],
    ['￥1,200', 'JPY', '1200', '￥'],
    // A dash after the digits is how a Japanese receipt closes an amount ("¥1,200-").
    ['¥1,200-', 'JPY', '1200', '¥-'],
    ['12.5a', 'USD', '12.5', 'a'],
    ['1200', 'JPY', '1200', ''],
    ['１，２００', 'JPY', '1200', ''],
    ['12.50', 'USD', '12.50', '']
  ] as const)('%j in %s keeps %j and leaves out %j', (raw, currency, text, dropped) => {
    expect(editAmountText(raw, currency)).toEqual({ text, dropped })
  })

  it.each([
    ['12.5', 'JPY', '.'],
    ['１２．５', 'JPY', '．'],
    ['1200.00円', 'JPY', '.円']
  ] as const)(
    'refuses %j in %s as a whole, naming %j: a point left out would multiply the amount',
    (raw, currency, dropped) => {
      expect(editAmountText(raw, currency)).toEqual({ text: null, dropped, refused: 'point' })
    }
  )

  it.each([
    ['-5', 'USD'],
    ['-100', 'JPY'],
    ['¥-500', 'JPY'],
    ['−500', 'JPY'],
    ['－５００', 'JPY'],
    ['▲100', 'JPY'],
    ['-', 'JPY']
  ] as const)(
    'refuses %j in %s as a whole: a minus left out would charge what was meant to be taken off',
    (raw, currency) => {
      expect(editAmountText(raw, currency)).toMatchObject({ text: null, refused: 'negative' })
    }
  )

  it('still refuses an edit of digits the amount cannot take, with nothing to name', () => {
    expect(editAmountText('12.345', 'USD')).toEqual({ text: null, dropped: '' })
    expect(editAmountText('100000000000', 'JPY')).toEqual({ text: null, dropped: '' })
  })
})

describe('droppedShown', () => {
  it('names a few characters whole, and cuts a long paste short', () => {
    expect(droppedShown('せん')).toBe('せん')
    expect(droppedShown('abcdefgh')).toBe('abcdefgh')
    expect(droppedShown('abcdefghij')).toBe('abcdefgh…')
    // Characters, not UTF-16 units: an emoji is never cut in half.
    expect(droppedShown('😀😀😀😀😀😀😀😀😀')).toBe('😀😀😀😀😀😀😀😀…')
  })
})

describe('the keypad', () => {
  it('appends digits and double zeros like a register', () => {
    expect(press(['1', '2', '00'], 'JPY')).toBe('1200')
    expect(press(['0', '0', '5'], 'JPY')).toBe('5')
    expect(press(['00'], 'JPY')).toBe('0')
  })

  it('takes a decimal point only where the currency has minor units, and only once', () => {
    expect(press(['1', '.', '5', '0'], 'USD')).toBe('1.50')
    expect(press(['1', '.', '.', '5'], 'USD')).toBe('1.5')
    expect(press(['1', '.', '5', '0', '9'], 'USD')).toBe('1.50')
    expect(press(['.', '5'], 'USD')).toBe('0.5')
    expect(press(['1', '.', '5'], 'JPY')).toBe('15')
    expect(press(['1', '.', '5', '00'], 'USD')).toBe('1.5')
  })

  it('deletes and clears', () => {
    expect(press(['backspace'], 'JPY', '1200')).toBe('120')
    expect(press(['backspace'], 'JPY', '')).toBe('')
    expect(press(['clear'], 'USD', '12.34')).toBe('')
  })

  it('refuses a press that would exceed the largest amount', () => {
    const max = '99999999999'
    expect(press(['9'], 'JPY', max)).toBe(max)
  })

  it('shows a decimal point key only for currencies with minor units', () => {
    expect(keypadKeys('JPY')).not.toContain('.')
    expect(keypadKeys('USD')).toContain('.')
    for (const currency of ['JPY', 'USD'] as const) {
      expect(keypadKeys(currency)).toEqual(
        expect.arrayContaining(['0', '1', '9', '00', 'backspace', 'clear'])
      )
    }
  })
})

describe('checkAmount', () => {
  it('turns keyed text into exact minor units', () => {
    expect(checkAmount('1200', 'JPY')).toEqual({
      ok: true,
      amount: { minor: 1200, currency: 'JPY' }
    })
    expect(checkAmount('12.5', 'USD')).toEqual({
      ok: true,
      amount: { minor: 1250, currency: 'USD' }
    })
    expect(checkAmount('12.', 'USD')).toEqual({
      ok: true,
      amount: { minor: 1200, currency: 'USD' }
    })
    expect(checkAmount('0.29', 'USD')).toEqual({ ok: true, amount: { minor: 29, currency: 'USD' } })
  })

  it('reads full-width text as its half-width digits, should any reach it unsanitised', () => {
    expect(checkAmount('１，２００', 'JPY')).toEqual({
      ok: true,
      amount: { minor: 1200, currency: 'JPY' }
    })
    expect(amountSoFar('１２．３', 'USD')).toEqual({ minor: 1230, currency: 'USD' })
  })

  it('says why an amount cannot be charged', () => {
    expect(checkAmount('', 'JPY')).toEqual({ ok: false, problem: 'empty' })
    expect(checkAmount('0', 'JPY')).toEqual({ ok: false, problem: 'zero' })
    expect(checkAmount('0.00', 'USD')).toEqual({ ok: false, problem: 'zero' })
    expect(checkAmount('123456789012', 'JPY')).toEqual({ ok: false, problem: 'too-large' })
    expect(checkAmount('1.234', 'USD')).toEqual({ ok: false, problem: 'invalid' })
    expect(checkAmount('1.5', 'JPY')).toEqual({ ok: false, problem: 'invalid' })
  })

  it('values partial text for the running total', () => {
    expect(amountSoFar('', 'USD')).toEqual({ minor: 0, currency: 'USD' })
    expect(amountSoFar('12.', 'USD')).toEqual({ minor: 1200, currency: 'USD' })
    expect(amountSoFar('12.3', 'USD')).toEqual({ minor: 1230, currency: 'USD' })
  })
})

describe('formatMoney', () => {
  it('formats in the currency, with its own number of decimals', () => {
    expect(formatMoney({ minor: 120000, currency: 'JPY' }, 'en')).toBe('¥120,000')
    expect(formatMoney({ minor: 1234, currency: 'USD' }, 'en')).toBe('$12.34')
    expect(formatMoney({ minor: 5, currency: 'USD' }, 'en')).toBe('$0.05')
    expect(formatMoney({ minor: 0, currency: 'USD' }, 'en')).toBe('$0.00')
    expect(formatMoney({ minor: 1200, currency: 'EUR' }, 'de')).toBe('12,00\u00a0€')
  })

  it('is exact at the largest amount, where minor / 100 in floating point would not be', () => {
    expect(formatMoney({ minor: 99_999_999_99, currency: 'USD' }, 'en')).toBe('$99,999,999.99')
    expect(formatMoney({ minor: 99_999_999_99, currency: 'JPY' }, 'en')).toBe('¥9,999,999,999')
  })
})

describe('a comma that is not a thousands separator', () => {
  it('refuses the edit rather than read a decimal comma as nothing', () => {
    // $12,50 would otherwise be $1,250.00; 1,5 of a quantity fifteen.
    for (const [raw, currency] of [
      ['12,50', 'USD'],
      ['12,5', 'USD'],
      ['1,2345', 'JPY'],
      ['１２，５０', 'USD']
    ] as const) {
      expect(editAmountText(raw, currency), raw).toMatchObject({ text: null, refused: 'comma' })
    }
    expect(editQuantityText('1,5')).toMatchObject({ text: null, refused: 'comma' })
  })

  it('still takes commas that separate thousands, and one typed last on the way to them', () => {
    expect(editAmountText('1,200', 'JPY')).toEqual({ text: '1200', dropped: '' })
    expect(editAmountText('1,234,567.50', 'USD')).toEqual({ text: '1234567.50', dropped: '' })
    expect(editAmountText('１，２００', 'JPY')).toEqual({ text: '1200', dropped: '' })
    expect(editAmountText('1,', 'JPY')).toEqual({ text: '1', dropped: '' })
    expect(editAmountText('1, 200', 'JPY')).toEqual({ text: '1200', dropped: '' })
  })
})
