import { describe, expect, it } from 'vitest'
import { messagesByLanguage } from '../../src/renderer/src/i18n'
import { en } from '../../src/renderer/src/i18n/en'
import { ja } from '../../src/renderer/src/i18n/ja'
import { defineMessages } from '../../src/renderer/src/i18n/shape'
import { formatTime } from '../../src/renderer/src/cashier/history/format'
import { plural } from '../../src/renderer/src/i18n/plural'
import { formatMoney } from '../../src/shared/money/format'
import { useLocaleStore } from '../../src/renderer/src/stores/locale-store'
import { reasonText, sayReason, type Reason } from '../../src/shared/order'
import { saySaid, type Said } from '../../src/shared/contract'
import type { Money } from '../../src/shared/money'

/**
 * Strings that stay the same in Japanese on purpose, by key path. Anything else identical to
 * English is an untranslated string.
 */
const sameInEveryLanguage = new Set([
  // The product's and the gateway's names.
  'app.product',
  'settings.gateway.paycloud',
  // Key names as printed on the keyboard.
  'keys.enter',
  'keys.esc',
  'keys.f2',
  'tender.keyF3',
  'settings.scanner.terminatorNames.Enter',
  'settings.scanner.terminatorNames.Tab',
  // Each language's own name for itself, the same whichever language the screen is in.
  'settings.languageNames.en',
  'settings.languageNames.ja',
  // The gateway's field names (API.md), as the integrator reads them in PayCloud's papers.
  'settings.gateway.appId',
  'settings.gateway.merchantNo',
  'settings.gateway.storeNo',
  'settings.methods.payMethodId',
  // Symbols, not words.
  'settings.methods.order',
  'history.noMethod',
  'saleDetail.transition'
])

type Leaf = string | ((...args: never[]) => string)

const isMoney = (value: unknown): value is Money =>
  typeof value === 'object' && value !== null && 'minor' in value && 'currency' in value

/** One of every refusal the till words (src/shared/contract/said.ts), with facts to look for. */
const sampleSaids: readonly Said[] = [
  { key: 'invalid-fields', fields: ['patch.currency', 'patch.shopName'] },
  { key: 'invalid-fields', fields: [] },
  { key: 'settings-file-broken' },
  { key: 'settings-not-written' },
  { key: 'keys-first' },
  { key: 'currency-while-open', saleIds: [41, 42] },
  { key: 'key-not-private-pem' },
  { key: 'key-public-is-private' },
  { key: 'key-private-unreadable' },
  { key: 'key-public-unreadable' },
  { key: 'key-not-rsa', which: 'app-private', type: 'ec' },
  { key: 'key-not-rsa', which: 'gateway-public', type: null },
  { key: 'key-too-short', which: 'app-private', bits: 1024, minimum: 2048 },
  { key: 'key-too-short', which: 'gateway-public', bits: 1536, minimum: 2048 },
  { key: 'key-same-pair' },
  { key: 'key-store-no-encryption' },
  { key: 'key-not-stored' },
  { key: 'lan-display-off' },
  { key: 'amount-above-gateway-max', max: { minor: 10_000_000, currency: 'JPY' } },
  { key: 'currency-not-enabled', currency: 'EUR' },
  { key: 'reply-too-large' },
  { key: 'payment-sent-not-saved' },
  { key: 'refund-not-saved' }
]

/** One of every reason the engine gives, each case of each code, with facts to look for. */
const sampleReasons: readonly Reason[] = [
  { code: 'declined', wallet: 'INSUFFICIENT_FUNDS' },
  { code: 'declined', wallet: null },
  { code: 'confirming' },
  { code: 'showing-qr' },
  { code: 'checking', why: 'slow' },
  { code: 'checking', why: 'rejected', gatewayMessage: 'SYSTEM_BUSY' },
  { code: 'checking', why: 'untrusted' },
  { code: 'unreachable' },
  { code: 'closing', cause: 'cashier', windowSeconds: 61 },
  { code: 'closing', cause: 'timeout', windowSeconds: 61 },
  { code: 'closing', cause: 'unclear', windowSeconds: 61 },
  { code: 'cancelled', cause: 'cashier' },
  { code: 'cancelled', cause: 'timeout' },
  { code: 'cancelled', cause: null },
  { code: 'never-arrived' },
  { code: 'reversed' },
  { code: 'paid-despite-cancel' },
  { code: 'paid-late' },
  { code: 'close-failed', tries: 7 },
  { code: 'amount-mismatch', merchantOrderNo: 'QT77A1' },
  { code: 'refund-refused', gatewayMessage: 'REFUND_AMOUNT_INVALID' },
  { code: 'refund-failed', gatewayMessage: null },
  { code: 'refund-amount-mismatch', merchantOrderNo: 'QR77R1' },
  { code: 'refund-unreachable' },
  { code: 'refund-unconfirmed', windowSeconds: 301 }
]

/**
 * The facts a reason carries, which every language must keep in its sentence (a close's window
 * matters only when it is why the order is being closed).
 */
function factsOf(reason: Reason): string[] {
  if (reason.code === 'closing' && reason.cause !== 'timeout') return []
  return Object.entries(reason)
    .filter(([key, value]) => key !== 'code' && key !== 'cause' && key !== 'why' && value !== null)
    .map(([, value]) => String(value))
}

/** Every string and function in a dictionary, by dotted path. */
function leaves(messages: unknown, prefix = ''): Map<string, Leaf> {
  const found = new Map<string, Leaf>()
  for (const [key, value] of Object.entries(messages as Record<string, unknown>)) {
    const path = prefix === '' ? key : `${prefix}.${key}`
    if (typeof value === 'string' || typeof value === 'function') found.set(path, value as Leaf)
    else if (typeof value === 'object' && value !== null) {
      for (const [inner, leaf] of leaves(value, path)) found.set(inner, leaf)
    } else throw new Error(`${path} is neither a string, a function nor a section`)
  }
  return found
}

/**
 * What a message function says for sample arguments: numbers first (counts, ids, decimals), then
 * strings, for a function that needs a string's methods.
 */
function render(leaf: Leaf, path = ''): string {
  if (typeof leaf === 'string') return leaf
  const call = leaf as (...args: unknown[]) => string
  const code = path.startsWith('reasons.') ? path.slice('reasons.'.length) : null
  if (code !== null) {
    const reason = sampleReasons.find((sample) => sample.code === code)
    if (reason === undefined) throw new Error(`no sample reason for ${code}`)
    return call(reason)
  }
  const key = path.startsWith('said.') ? path.slice('said.'.length) : null
  if (key !== null) {
    const said = sampleSaids.find((sample) => sample.key === key)
    if (said === undefined) throw new Error(`no sample refusal for ${key}`)
    return call(said)
  }
  try {
    return call(...Array.from({ length: leaf.length }, (_, i) => i + 2))
  } catch {
    return call(...Array.from({ length: leaf.length }, (_, i) => `WalletPay${i}`))
  }
}

describe('the Japanese messages', () => {
  const english = leaves(en)
  const japanese = leaves(ja)

  it('have exactly the keys of the English ones, each a string or a function of as many parameters', () => {
    expect([...japanese.keys()].sort()).toEqual([...english.keys()].sort())
    for (const [path, leaf] of english) {
      const other = japanese.get(path)
      expect(typeof other, path).toBe(typeof leaf)
      if (typeof leaf === 'function') expect((other as Leaf).length, path).toBe(leaf.length)
    }
  })

  it('are all translated: none says the same as English, bar the allow-list', () => {
    const untranslated = [...english]
      .filter(([path]) => !sameInEveryLanguage.has(path))
      .filter(([path, leaf]) => render(leaf, path) === render(japanese.get(path) as Leaf, path))
      .map(([path]) => path)
    expect(untranslated).toEqual([])
    for (const path of sameInEveryLanguage) {
      if (english.has(path))
        expect(render(japanese.get(path) as Leaf), path).toBe(render(english.get(path) as Leaf))
    }
  })

  it('are never empty, and a function carries its arguments into the sentence', () => {
    for (const [path, leaf] of japanese) {
      expect(render(leaf, path).trim(), path).not.toBe('')
    }
    expect(ja.customer.scanWith('PayPay')).toContain('PayPay')
    expect(ja.payment.saleNumber(42)).toContain('42')
    expect(ja.entry.amountHint(2)).toContain('2')
    expect(ja.entry.amountHint(0)).not.toBe(ja.entry.amountHint(2))
  })

  it('word every refusal, in Japanese, keeping its facts', () => {
    const keys = new Set(sampleSaids.map((said) => said.key))
    expect([...keys].sort()).toEqual(Object.keys(en.said).sort())
    const seen = new Set<string>()
    for (const said of sampleSaids) {
      const english = saySaid(en.said, said)
      const japanese = saySaid(ja.said, said)
      const label = JSON.stringify(said)
      expect(japanese, label).not.toBe(english)
      expect(japanese, label).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
      const facts = Object.entries(said)
        .filter(([name, value]) => name !== 'key' && name !== 'which' && value !== null)
        .flatMap(([, value]) =>
          Array.isArray(value)
            ? value.map(String)
            : isMoney(value)
              ? [formatMoney(value, 'ja')]
              : [String(value)]
        )
      for (const fact of facts) expect(japanese, label).toContain(fact)
      expect(seen.has(japanese), label).toBe(false)
      seen.add(japanese)
    }
  })

  it('word every case of every engine reason, in Japanese, keeping its facts', () => {
    const codes = new Set(sampleReasons.map((reason) => reason.code))
    expect([...codes].sort()).toEqual(Object.keys(en.reasons).sort())
    const seen = new Set<string>()
    for (const reason of sampleReasons) {
      const english = sayReason(en.reasons, reason)
      const japanese = sayReason(ja.reasons, reason)
      const label = JSON.stringify(reason)
      expect(english, label).toBe(reasonText(reason))
      expect(japanese, label).not.toBe(english)
      expect(japanese, label).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
      for (const fact of factsOf(reason)) expect(japanese, label).toContain(fact)
      // Each case says something of its own: no two cases share their words.
      expect(seen.has(japanese), label).toBe(false)
      seen.add(japanese)
    }
  })

  it('are checked at compile time: a stray or a missing key does not type-check', () => {
    // @ts-expect-error a key English does not have
    defineMessages({ ...en, stray: 'x' })
    // @ts-expect-error a section missing one of English's keys
    defineMessages({ ...en, keys: { enter: 'Enter', esc: 'Esc' } })
    expect(defineMessages(ja)).toBe(ja)
  })
})

describe('the language in use', () => {
  it('follows the locale store, so a switch needs no reload', () => {
    const { setLanguage } = useLocaleStore.getState().api
    expect(messagesByLanguage[useLocaleStore.getState().language]).toBe(en)
    setLanguage('ja')
    expect(messagesByLanguage[useLocaleStore.getState().language]).toBe(ja)
    setLanguage('en')
    expect(messagesByLanguage[useLocaleStore.getState().language].locale).toBe('en')
  })
})

describe('amounts, dates and counts through Intl, per language', () => {
  it('formats yen without decimals and dollars with cents, in each language', () => {
    expect(formatMoney({ minor: 1200, currency: 'JPY' }, en.locale)).toBe('¥1,200')
    expect(formatMoney({ minor: 1200, currency: 'JPY' }, ja.locale)).toMatch(/^[¥￥]1,200$/)
    expect(formatMoney({ minor: 120_000, currency: 'JPY' }, ja.locale)).toMatch(/^[¥￥]120,000$/)
    expect(formatMoney({ minor: 1234, currency: 'USD' }, en.locale)).toBe('$12.34')
    expect(formatMoney({ minor: 1234, currency: 'USD' }, ja.locale)).toBe('$12.34')
  })

  it('writes dates and times the way each language reads them, on the shop’s clock', () => {
    // The screen's own clock is not the shop's: times follow the shop's zone, not the browser's.
    const zone = process.env['TZ']
    process.env['TZ'] = 'UTC'
    try {
      // 2026-11-26 13:05:09 in Tokyo.
      const moment = Date.UTC(2026, 10, 26, 4, 5, 9)
      expect(formatTime(moment, en.locale, 'Asia/Tokyo')).toBe('Nov 26, 2026, 1:05:09 PM')
      expect(formatTime(moment, ja.locale, 'Asia/Tokyo')).toBe('2026/11/26 13:05:09')
      expect(formatTime(moment, en.locale, 'America/New_York')).toBe('Nov 25, 2026, 11:05:09 PM')
    } finally {
      if (zone === undefined) delete process.env['TZ']
      else process.env['TZ'] = zone
    }
  })

  it('picks plural forms by each language’s rules', () => {
    const forms = (n: number): { one: string; other: string } => ({
      one: 'one',
      other: `${n} other`
    })
    expect(plural(en.locale, 1, forms(1))).toBe('one')
    expect(plural(en.locale, 2, forms(2))).toBe('2 other')
    expect(plural(en.locale, 0, forms(0))).toBe('0 other')
    // Japanese has no singular: "1" takes the one form there is.
    expect(plural(ja.locale, 1, forms(1))).toBe('1 other')
    expect(en.endOfDay.reconciled(1, 1)).toBe('1 payment checked, 1 matches the gateway.')
    expect(en.endOfDay.reconciled(3, 2)).toBe('3 payments checked, 2 match the gateway.')
    expect(en.refund.wrongPin(1)).toBe('Wrong PIN. 1 try left before PIN entry locks.')
  })
})
