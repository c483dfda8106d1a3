import { describe, expect, it } from 'vitest'
import { fromMajor, isValidMinor, toMajorString } from '../../src/shared/money'

describe('money at the gateway boundary', () => {
  it.each([
    [1200, 'JPY', '1200'],
    [1, 'JPY', '1'],
    [1234, 'USD', '12.34'],
    [5, 'USD', '0.05'],
    [100, 'USD', '1.00'],
    [9_999_999_999, 'USD', '99999999.99']
  ] as const)('%i minor %s is "%s"', (minor, currency, major) => {
    expect(toMajorString({ minor, currency })).toBe(major)
    expect(fromMajor(major, currency)).toBe(minor)
  })

  it('parses what gateways send back: numbers, strings, trailing zeros', () => {
    expect(fromMajor(1200, 'JPY')).toBe(1200)
    expect(fromMajor(1.0, 'JPY')).toBe(1)
    expect(fromMajor('1200.0', 'JPY')).toBe(1200)
    expect(fromMajor(12.3, 'USD')).toBe(1230)
    expect(fromMajor('0.10', 'USD')).toBe(10)
  })

  it('refuses amounts the currency cannot hold', () => {
    expect(fromMajor('1200.5', 'JPY')).toBeNull()
    expect(fromMajor('1.234', 'USD')).toBeNull()
    expect(fromMajor('1e3', 'JPY')).toBeNull()
    expect(fromMajor(1e21, 'JPY')).toBeNull()
    expect(fromMajor('12,00', 'USD')).toBeNull()
    expect(fromMajor('', 'USD')).toBeNull()
  })

  it('accepts only positive safe integers as a sale amount', () => {
    expect(isValidMinor(1)).toBe(true)
    expect(isValidMinor(0)).toBe(false)
    expect(isValidMinor(-1)).toBe(false)
    expect(isValidMinor(1.5)).toBe(false)
    expect(isValidMinor(Number.MAX_SAFE_INTEGER)).toBe(false)
  })
})
