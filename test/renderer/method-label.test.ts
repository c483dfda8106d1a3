import { afterEach, describe, expect, it } from 'vitest'
import { methodLabel } from '../../src/renderer/src/lib/methods'
import { useLocaleStore } from '../../src/renderer/src/stores/locale-store'

describe('methodLabel', () => {
  afterEach(() => useLocaleStore.getState().api.setLanguage('en'))

  it('names a wallet in the language the screens speak', () => {
    expect(methodLabel('DPay')).toBe('d Payment')
    expect(methodLabel('UnionPay')).toBe('UnionPay')
    useLocaleStore.getState().api.setLanguage('ja')
    expect(methodLabel('DPay')).toBe('d払い')
    expect(methodLabel('MerPay')).toBe('メルペイ')
    expect(methodLabel('UnionPay')).toBe('銀聯')
  })

  it('takes an explicit language over the store, and shows an unknown id as it is', () => {
    expect(methodLabel('RakutenPay', 'ja')).toBe('楽天ペイ')
    useLocaleStore.getState().api.setLanguage('ja')
    expect(methodLabel('RakutenPay', 'en')).toBe('Rakuten Pay')
    expect(methodLabel('SomeNewWallet')).toBe('SomeNewWallet')
  })
})
