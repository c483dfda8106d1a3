import { describe, expect, it } from 'vitest'
import {
  boundsOf,
  buildPatch,
  draftOf,
  matchingRows,
  type Draft
} from '../../src/renderer/src/cashier/settings/form'
import { tryCode } from '../../src/renderer/src/cashier/settings/code-test'
import { defaultPaymentSettings } from '../../src/main/payments'
import type { EditableSettings } from '../../src/shared/contract'
import { settingsPatchSchema } from '../../src/shared/contract/settings-admin'

const base: EditableSettings = {
  shopName: 'QR Till',
  currency: 'JPY',
  language: 'en',
  gateway: null,
  keys: {
    appPrivateKey: { present: false, fingerprint: null, source: null },
    gatewayPublicKey: { present: false, fingerprint: null, source: null },
    storage: { kind: 'owner-only-files', dir: '/var/lib/qr-till/secrets' }
  },
  payments: defaultPaymentSettings,
  methodRules: [
    { payMethodId: 'WeChatPay', pattern: '^1[0-5]\\d{16}$', enabled: true, confirmed: true },
    { payMethodId: 'PayPay', pattern: '^2[5-9]\\d{16}$', enabled: true, confirmed: false }
  ],
  wedge: { maxGapMs: 50, minLength: 6, terminators: ['Enter'] },
  customerDisplay: { displayId: null, lan: false, lanHost: null, lanPort: 8790 },
  restartRequired: []
}

function edit(change: Partial<Draft>): Draft {
  return { ...draftOf(base), ...change }
}

describe('settings form', () => {
  it('an untouched form has nothing to save', () => {
    expect(buildPatch(base, draftOf(base))).toEqual({ patch: {}, errors: {} })
  })

  it('saves only what changed, in the shape the till accepts', () => {
    const draft = edit({
      shopName: '  Harbour Kiosk ',
      currency: 'USD',
      payments: { ...draftOf(base).payments, cancelTries: '5' },
      terminator: 'none',
      gatewayMode: 'paycloud',
      baseUrl: 'https://open.n-age.co.jp',
      appId: 'A1',
      merchantNo: 'M1',
      storeNo: 'S1'
    })
    const { patch, errors } = buildPatch(base, draft)
    expect(errors).toEqual({})
    expect(patch).toEqual({
      shopName: 'Harbour Kiosk',
      currency: 'USD',
      payments: { cancelTries: 5 },
      wedge: { terminators: [] },
      gateway: { baseUrl: 'https://open.n-age.co.jp', appId: 'A1', merchantNo: 'M1', storeNo: 'S1' }
    })
    expect(settingsPatchSchema.safeParse(patch).success).toBe(true)
  })

  it('puts each problem on its field, with the bounds the till enforces', () => {
    const rules = draftOf(base).methodRules
    const draft = edit({
      shopName: ' ',
      payments: { ...draftOf(base).payments, pollIntervalMs: '10', cancelTries: '2.5' },
      maxGapMs: '900',
      gatewayMode: 'paycloud',
      baseUrl: 'ftp://x',
      methodRules: [
        { ...rules[0]!, pattern: '^(1$' },
        { ...rules[1]!, pattern: '2\\d+', payMethodId: 'Pay Pay', aim: 'C' }
      ]
    })
    const { errors } = buildPatch(base, draft)
    expect(errors).toEqual({
      shopName: { kind: 'required' },
      'gateway.baseUrl': { kind: 'bad-url' },
      'gateway.appId': { kind: 'required' },
      'gateway.merchantNo': { kind: 'required' },
      'gateway.storeNo': { kind: 'required' },
      'payments.pollIntervalMs': { kind: 'out-of-range', ...boundsOf('pollIntervalMs') },
      'payments.cancelTries': { kind: 'whole-number' },
      'methodRules.0.pattern': { kind: 'bad-pattern' },
      'methodRules.1.pattern': { kind: 'unanchored' },
      'methodRules.1.payMethodId': { kind: 'bad-method-id' },
      'methodRules.1.aim': { kind: 'bad-aim' },
      'wedge.maxGapMs': { kind: 'out-of-range', min: 5, max: 500 }
    })
    expect(boundsOf('pollIntervalMs')).toEqual({ min: 1000, max: 60_000 })
  })

  it('a reordered or disabled rule is a change of the whole table; the tester reads the draft', () => {
    const [wechat, paypay] = draftOf(base).methodRules
    const reordered = buildPatch(
      base,
      edit({ methodRules: [paypay!, { ...wechat!, enabled: false }] })
    )
    expect(reordered.patch.methodRules?.map((rule) => [rule.payMethodId, rule.enabled])).toEqual([
      ['PayPay', true],
      ['WeChatPay', false]
    ])
    expect(matchingRows('134567890123456789', [paypay!, wechat!])).toEqual([2])
    expect(matchingRows('134567890123456789', [paypay!, { ...wechat!, enabled: false }])).toEqual(
      []
    )
    expect(matchingRows('134567890123456789', [{ ...wechat!, pattern: '(' }])).toEqual([])
  })

  it('the chosen display is saved alone, as customerDisplay.displayId; automatic is null', () => {
    expect(draftOf(base).displayId).toBeNull()
    const chosen = buildPatch(base, edit({ displayId: 7 }))
    // Only the display: the LAN switch saves on its own, and a patch merges into the file.
    expect(chosen).toEqual({ patch: { customerDisplay: { displayId: 7 } }, errors: {} })
    expect(settingsPatchSchema.safeParse(chosen.patch).success).toBe(true)

    const savedOn7: EditableSettings = {
      ...base,
      customerDisplay: { ...base.customerDisplay, displayId: 7 }
    }
    expect(draftOf(savedOn7).displayId).toBe(7)
    expect(buildPatch(savedOn7, draftOf(savedOn7)).patch).toEqual({})
    expect(buildPatch(savedOn7, { ...draftOf(savedOn7), displayId: null }).patch).toEqual({
      customerDisplay: { displayId: null }
    })
  })
})

describe('the test box', () => {
  const code = '134567890123456789'
  // One code, two wallets told apart only by the symbology their scanner reports.
  const [wechat] = draftOf(base).methodRules
  const byAim = [
    { ...wechat!, aim: ']Q' },
    { ...wechat!, id: 1001, payMethodId: 'UnionPay', aim: ' ]C ' }
  ]

  it('tries a rule that needs an AIM with the AIM the scan was made with', () => {
    expect(tryCode(code, '', byAim)).toEqual({
      kind: 'tried',
      classification: { kind: 'ambiguous', candidates: ['WeChatPay', 'UnionPay'] },
      rows: [1, 2]
    })
    expect(tryCode(code, ']Q1', byAim)).toEqual({
      kind: 'tried',
      classification: { kind: 'match', payMethodId: 'WeChatPay' },
      rows: [1]
    })
    expect(tryCode(` ${code} `, ' ]C0 ', byAim)).toEqual({
      kind: 'tried',
      classification: { kind: 'match', payMethodId: 'UnionPay' },
      rows: [2]
    })
    expect(tryCode(code, ']E0', byAim)).toMatchObject({
      classification: { kind: 'none' },
      rows: []
    })
  })

  it('refuses an AIM no rule could require, as the rules’ AIM field does', () => {
    for (const aim of ['Q1', ']', ']1', ']QQQ', 'せ']) {
      expect(tryCode(code, aim, byAim), aim).toEqual({ kind: 'bad-aim' })
    }
    expect(tryCode('', ']Q1', byAim)).toEqual({ kind: 'empty' })
  })
})
