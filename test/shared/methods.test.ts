import { describe, expect, it } from 'vitest'
import rules from '../../resources/payment-methods.json'
import {
  classify,
  cpmMethods,
  findPayMethod,
  methodRuleSchema,
  methodRulesSchema,
  methodRulesSettingSchema,
  payMethodCatalog,
  resolveMethodRules,
  type MethodRule
} from '../../src/shared/methods'

const defaults: readonly MethodRule[] = methodRulesSchema.parse(rules)

function rule(payMethodId: string, pattern: string, extra: Partial<MethodRule> = {}): MethodRule {
  return { payMethodId, pattern, enabled: true, confirmed: false, ...extra }
}

/** The default row for a pattern, enabled, so each row can be tested alone. */
function defaultRow(pattern: string): MethodRule {
  const row = defaults.find((candidate) => candidate.pattern === pattern)
  if (row === undefined) throw new Error(`no default row ${pattern}`)
  return { ...row, enabled: true }
}

/** The 18-digit WeChat Pay code from PayCloud's JP test class (API.md §8.2). */
const jpTestCode = '132904600349929677'

interface Vectors {
  readonly pattern: string
  readonly payMethodId: string
  readonly matches: readonly string[]
  readonly misses: readonly string[]
}

const vectors: readonly Vectors[] = [
  {
    pattern: '^1[0-5]\\d{16}$',
    payMethodId: 'WeChatPay',
    matches: [jpTestCode, '100000000000000000', '159999999999999999', '134567890123456789'],
    misses: [
      '13290460034992967', // 17 digits
      '1329046003499296770', // 19 digits
      '162904600349929677', // prefix 16
      '092904600349929677', // prefix 09
      '13290460034992967A', // a letter
      '１３２９０４６００３４９９２９６７７', // full-width digits from an IME
      ` ${jpTestCode}`,
      `${jpTestCode}\n`,
      ''
    ]
  },
  {
    pattern: '^(2[5-9]|30)\\d{14,22}$',
    payMethodId: 'Alipay+',
    matches: [
      '2500000000000000', // 16 digits, the shortest
      '300000000000000000000000', // 24 digits, the longest
      '28024456785672301', // AlipayCN example (docs.alipayplus.com)
      '280244567856723026', // AlipayHK example
      '2893612204263667830', // Alipay+ 19-digit example
      '281010897274821897274821', // CGCP example
      '251001020123456789012345' // Alipay+ mainstream example
    ],
    misses: [
      '250000000000000', // 15 digits
      '2500000000000000000000000', // 25 digits
      '240000000000000000', // prefix 24
      '310000000000000000', // prefix 31
      '2800000000000000000000000000', // 28 digits
      '28024456785672301x'
    ]
  },
  {
    pattern: '^\\d{24}$',
    payMethodId: 'Alipay+',
    matches: ['251001020123456789012345', '991234567890123456789012', '000000000000000000000000'],
    misses: [
      '25100102012345678901234', // 23 digits
      '2510010201234567890123456', // 25 digits
      '25100102012345678901234A',
      '2510 0102 0123 4567 8901 2345'
    ]
  },
  {
    pattern: '^90008181\\d{16}$',
    payMethodId: 'PayPay',
    matches: ['900081818812345678901234', '900081810000000000000000'],
    misses: [
      '90008181881234567890123', // 23 digits
      '9000818188123456789012345', // 25 digits
      '900081828812345678901234', // 9000 8182
      '9000 8181 8812 3456 7890 1234'
    ]
  },
  {
    pattern: '^900001\\d{10}$',
    payMethodId: 'RakutenPay',
    matches: ['9000011234567890', '9000019999999999'],
    misses: [
      '900001123456789', // 15 digits
      '90000112345678901', // 17 digits
      '9000021234567890', // 9000 02
      '900001123456789X'
    ]
  },
  {
    pattern: '^90000002\\d{14}$',
    payMethodId: 'DPay',
    matches: ['9000000212345678901234'],
    misses: [
      '900000021234567890123', // 21 digits
      '90000002123456789012345', // 23 digits
      '9000000112345678901234', // Origami's 9000 0001
      '9000000012345678901' // LINE Pay's 19-digit 9000 0000 00
    ]
  },
  {
    pattern: '^31589900\\d{11}$',
    payMethodId: 'MerPay',
    matches: ['3158990012345678901'],
    misses: [
      '315899001234567890', // 18 digits
      '31589900123456789012', // 20 digits
      '3158993112345678901', // ゆうちょPay's 3158 9931
      '3158992112345678901' // au PAY
    ]
  },
  {
    pattern: '^31589921\\d{11}$',
    payMethodId: 'AuPay',
    matches: ['3158992112345678901'],
    misses: [
      '315899211234567890', // 18 digits
      '3158990012345678901', // MerPay
      '3158999512345678901' // pring's 3158 9995
    ]
  },
  {
    pattern: '^62\\d{17}$',
    payMethodId: 'UnionPay',
    matches: ['6212345678901234567', '6200000000000000000'],
    misses: [
      '621234567890123456', // 18 digits
      '62123456789012345678', // 20 digits
      '6112345678901234567', // prefix 61
      '6312345678901234567', // prefix 63
      '621234567890123456X'
    ]
  }
]

describe('the default rule table (resources/payment-methods.json)', () => {
  it('passes the schema unchanged', () => {
    expect(methodRulesSchema.safeParse(rules).success).toBe(true)
    expect(defaults).toEqual(rules)
  })

  it('holds the rows of API.md §8.2, the Japanese wallets too, none confirmed, the catch-all off', () => {
    expect(defaults.map((row) => [row.payMethodId, row.pattern, row.enabled])).toEqual([
      ['WeChatPay', '^1[0-5]\\d{16}$', true],
      ['Alipay+', '^(2[5-9]|30)\\d{14,22}$', true],
      ['Alipay+', '^\\d{24}$', false],
      ['UnionPay', '^62\\d{17}$', true],
      ['PayPay', '^90008181\\d{16}$', true],
      ['RakutenPay', '^900001\\d{10}$', true],
      ['DPay', '^90000002\\d{14}$', true],
      ['MerPay', '^31589900\\d{11}$', true],
      ['AuPay', '^31589921\\d{11}$', true]
    ])
    expect(defaults.every((row) => !row.confirmed && row.aim === undefined)).toBe(true)
    expect(defaults.every((row) => (row.note ?? '').length > 0)).toBe(true)
  })

  it('names only wallets a customer can pay with by showing a code', () => {
    const cpm = cpmMethods().map((method) => method.id)
    expect(defaults.filter((row) => !cpm.includes(row.payMethodId))).toEqual([])
  })

  it('classifies the JP test code as WeChatPay', () => {
    expect(classify(jpTestCode, defaults)).toEqual({ kind: 'match', payMethodId: 'WeChatPay' })
  })

  it.each<[string, string]>([
    ['28024456785672301', 'Alipay+'],
    ['289431869362714645', 'Alipay+'], // 18 digits starting 28: no other wallet's length
    ['251001020123456789012345', 'Alipay+'], // matches both Alipay+ rows when both are on
    ['6212345678901234567', 'UnionPay'], // 19 digits, 62: only UnionPay
    ['135112298638468293', 'WeChatPay']
  ])('classifies %s as %s', (code, payMethodId) => {
    expect(classify(code, defaults)).toEqual({ kind: 'match', payMethodId })
    const allOn = defaults.map((row) => ({ ...row, enabled: true }))
    expect(classify(code, allOn)).toEqual({ kind: 'match', payMethodId })
  })

  it('leaves unknown codes to the cashier', () => {
    expect(classify('991234567890123456789012', defaults)).toEqual({ kind: 'none' })
    expect(classify('9000123456789012', defaults)).toEqual({ kind: 'none' })
    expect(classify('4912345678904', defaults)).toEqual({ kind: 'none' })
  })

  it('never makes a code ambiguous as shipped; the catch-all, switched on, claims PayPay codes', () => {
    const allOn = defaults.map((row) => ({ ...row, enabled: true }))
    const shipped: string[] = []
    const everyRow: string[] = []
    const prefixes = [
      ...Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')),
      '90008181',
      '900001',
      '90000002',
      '31589900',
      '31589921'
    ]
    for (let length = 1; length <= 40; length++) {
      for (const prefix of prefixes) {
        for (const fill of ['0', '5', '9']) {
          const code = (prefix + fill.repeat(40)).slice(0, length)
          if (classify(code, defaults).kind === 'ambiguous') shipped.push(code)
          if (classify(code, allOn).kind === 'ambiguous') everyRow.push(code)
        }
      }
    }
    expect(shipped).toEqual([])
    expect(new Set(everyRow)).toEqual(
      new Set(['900081810000000000000000', '900081815555555555555555', '900081819999999999999999'])
    )
    expect(classify('900081810000000000000000', allOn)).toEqual({
      kind: 'ambiguous',
      candidates: ['Alipay+', 'PayPay']
    })
  })

  it.each<[string, string]>([
    ['900081818812345678901234', 'PayPay'],
    ['9000011234567890', 'RakutenPay'],
    ['9000000212345678901234', 'DPay'],
    ['3158990012345678901', 'MerPay'],
    ['3158992112345678901', 'AuPay']
  ])('classifies the Japanese wallet code %s as %s', (code, payMethodId) => {
    expect(classify(code, defaults)).toEqual({ kind: 'match', payMethodId })
  })

  it('marks every Japanese wallet row unconfirmed, with its source', () => {
    const japanese = defaults.filter((row) =>
      ['PayPay', 'RakutenPay', 'DPay', 'MerPay', 'AuPay'].includes(row.payMethodId)
    )
    expect(japanese).toHaveLength(5)
    for (const row of japanese) {
      expect(row.confirmed).toBe(false)
      expect(row.note).toContain('ri25r.hatenablog.jp')
    }
  })
})

it('has test vectors for every default rule', () => {
  expect(new Set(vectors.map((vector) => vector.pattern))).toEqual(
    new Set(defaults.map((row) => row.pattern))
  )
  for (const vector of vectors) {
    expect(defaultRow(vector.pattern).payMethodId).toBe(vector.payMethodId)
  }
})

describe.each(vectors)(
  'rule $payMethodId $pattern',
  ({ pattern, payMethodId, matches, misses }) => {
    const row = defaultRow(pattern)

    it.each(matches)('matches %s', (code) => {
      expect(classify(code, [row])).toEqual({ kind: 'match', payMethodId })
    })

    it.each(misses)('does not match %j', (code) => {
      expect(classify(code, [row])).toEqual({ kind: 'none' })
    })
  }
)

describe('classify', () => {
  it('reports every wallet whose rule matches, in table order', () => {
    // The broad Alipay+ format (17-32 digits) swallows UnionPay's 19-digit codes.
    const union = rule('UnionPay', '^62\\d{17}$')
    const broad = rule('Alipay+', '^\\d{17,32}$')
    expect(classify('6212345678901234567', [union, broad])).toEqual({
      kind: 'ambiguous',
      candidates: ['UnionPay', 'Alipay+']
    })
    expect(classify('6212345678901234567', [broad, union])).toEqual({
      kind: 'ambiguous',
      candidates: ['Alipay+', 'UnionPay']
    })
    expect(classify(jpTestCode, [...defaults, broad])).toEqual({
      kind: 'ambiguous',
      candidates: ['WeChatPay', 'Alipay+']
    })
  })

  it('lists each wallet once however many of its rules match', () => {
    const alipay28 = rule('Alipay+', '^28\\d{16}$')
    const alipayCn = rule('Alipay+', '^(2[5-9]|30)\\d{14,22}$')
    const any18 = rule('WeChatPay', '^\\d{18}$')
    const two18 = rule('WeChatPay', '^2\\d{17}$')
    expect(classify('280000000000000000', [alipay28, alipayCn])).toEqual({
      kind: 'match',
      payMethodId: 'Alipay+'
    })
    const interleaved = [alipay28, any18, alipayCn, two18]
    expect(classify('280000000000000000', interleaved)).toEqual({
      kind: 'ambiguous',
      candidates: ['Alipay+', 'WeChatPay']
    })
  })

  it('skips disabled rules', () => {
    const off = rule('WeChatPay', '^1[0-5]\\d{16}$', { enabled: false })
    expect(classify(jpTestCode, [off, rule('Other', '^\\d{18}$')])).toEqual({
      kind: 'match',
      payMethodId: 'Other'
    })
    expect(classify(jpTestCode, [off])).toEqual({ kind: 'none' })
    expect(classify(jpTestCode, [{ ...off, enabled: true }])).toEqual({
      kind: 'match',
      payMethodId: 'WeChatPay'
    })
    expect(classify(jpTestCode, [])).toEqual({ kind: 'none' })
  })

  it('applies a rule with an AIM constraint only to matching or unknown symbologies', () => {
    const code128 = rule('WeChatPay', '^1[0-5]\\d{16}$', { aim: ']C' })
    expect(classify(jpTestCode, [code128], ']C0')).toEqual({
      kind: 'match',
      payMethodId: 'WeChatPay'
    })
    expect(classify(jpTestCode, [code128], ']C')).toEqual({
      kind: 'match',
      payMethodId: 'WeChatPay'
    })
    expect(classify(jpTestCode, [code128], ']Q1')).toEqual({ kind: 'none' })
    expect(classify(jpTestCode, [code128], ']E0')).toEqual({ kind: 'none' })
    // Wedge scanners send no AIM: the rule still applies.
    expect(classify(jpTestCode, [code128])).toEqual({ kind: 'match', payMethodId: 'WeChatPay' })
    expect(classify(jpTestCode, [code128], '')).toEqual({
      kind: 'match',
      payMethodId: 'WeChatPay'
    })
    // A rule without an AIM takes any symbology.
    expect(classify(jpTestCode, defaults, ']Q1')).toEqual({
      kind: 'match',
      payMethodId: 'WeChatPay'
    })
  })

  it('narrows an ambiguity with the AIM', () => {
    const rows = [
      rule('WeChatPay', '^\\d{18}$', { aim: ']C' }),
      rule('PayPay', '^\\d{18}$', { aim: ']Q' })
    ]
    expect(classify(jpTestCode, rows, ']Q1')).toEqual({ kind: 'match', payMethodId: 'PayPay' })
    expect(classify(jpTestCode, rows)).toEqual({
      kind: 'ambiguous',
      candidates: ['WeChatPay', 'PayPay']
    })
  })

  it('treats a pattern that does not compile as no match, without throwing', () => {
    const rows = [
      rule('Broken', '^(\\d+$'),
      rule('Also', '^[$'),
      rule('WeChatPay', '^1[0-5]\\d{16}$')
    ]
    expect(classify(jpTestCode, rows)).toEqual({ kind: 'match', payMethodId: 'WeChatPay' })
    // Twice: the failure is remembered, not retried into a throw.
    expect(classify(jpTestCode, rows)).toEqual({ kind: 'match', payMethodId: 'WeChatPay' })
  })

  it('gives the same answer on repeated calls with a cached pattern', () => {
    const rows = [rule('UnionPay', '^62\\d{17}$')]
    for (let i = 0; i < 3; i++) {
      expect(classify('6212345678901234567', rows).kind).toBe('match')
      expect(classify('621234567890123456', rows).kind).toBe('none')
    }
  })
})

describe('methodRulesSchema', () => {
  function issues(value: unknown): string[] {
    const parsed = methodRulesSchema.safeParse(value)
    return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'))
  }

  it('accepts well-formed rules, with or without aim and note', () => {
    expect(
      issues([
        rule('WeChatPay', '^1[0-5]\\d{16}$'),
        rule('Alipay+', '^(?:25|30)\\d{14}$', { aim: ']C', note: 'x' }),
        rule('UnionPay', '^[|]62\\d{17}$', { aim: ']Q1' }),
        rule('A_b-1', '^a\\|b$')
      ])
    ).toEqual([])
    expect(issues([])).toEqual([])
  })

  it.each<[string, string]>([
    ['^(\\d+$', 'an unclosed group'],
    ['^[0-9$', 'an unclosed class'],
    ['^\\d{2,1}$', 'a reversed quantifier'],
    ['^\\q$', 'an unknown escape (strict u syntax)'],
    ['^*$', 'nothing to repeat']
  ])('rejects the invalid regex %s (%s)', (pattern) => {
    expect(issues([rule('WeChatPay', pattern)])).toEqual(['0.pattern'])
  })

  it.each<[string, string]>([
    ['1[0-5]\\d{16}$', 'no ^'],
    ['^1[0-5]\\d{16}', 'no $'],
    ['1[0-5]\\d{16}', 'neither'],
    ['^1\\d{17}|62\\d{17}$', 'a top-level |'],
    ['^1\\d{17}\\$', 'an escaped $'],
    ['', 'empty'],
    ['^', 'a lone ^']
  ])('rejects the unanchored pattern %j (%s)', (pattern) => {
    expect(issues([rule('WeChatPay', pattern)])).toEqual(['0.pattern'])
  })

  it('rejects empty and malformed ids, bad AIMs, missing flags and unknown fields', () => {
    expect(issues([rule('', '^\\d{18}$')])).toEqual(['0.payMethodId'])
    expect(issues([rule('We Chat', '^\\d{18}$')])).toEqual(['0.payMethodId'])
    expect(issues([rule('WeChatPay', '^\\d{18}$', { aim: 'C0' })])).toEqual(['0.aim'])
    expect(issues([rule('WeChatPay', '^\\d{18}$', { aim: '' })])).toEqual(['0.aim'])
    expect(issues([{ payMethodId: 'WeChatPay', pattern: '^\\d{18}$', enabled: true }])).toEqual([
      '0.confirmed'
    ])
    expect(issues([{ ...rule('WeChatPay', '^\\d{18}$'), enable: true }])).toEqual(['0'])
    expect(issues({ rules: [] })).toEqual([''])
  })

  it('checks one rule with methodRuleSchema', () => {
    expect(methodRuleSchema.safeParse(rule('UnionPay', '^62\\d{17}$')).success).toBe(true)
    expect(methodRuleSchema.safeParse(rule('UnionPay', '62\\d{17}')).success).toBe(false)
  })

  it('refuses a pattern that could freeze the cashier screen on one scan', () => {
    // (a+)+ against 30 a's and a b takes seconds in V8 (2^30 ways to split the a's).
    for (const pattern of ['^(\\d+)+$', '^(1\\d*)*$', '^(?:[0-9]{2,}){3,}$']) {
      const parsed = methodRuleSchema.safeParse(rule('WeChatPay', pattern))
      expect({ pattern, issues: parsed.error?.issues.map((issue) => issue.message) }).toEqual({
        pattern,
        issues: [
          'has a repetition inside a repetition, like (a+)+, that can freeze the till on one scan'
        ]
      })
    }
    // The shipped table is all plain repetitions.
    expect(methodRuleSchema.safeParse(rule('Alipay+', '^(2[5-9]|30)\\d{14,22}$')).success).toBe(
      true
    )
  })
})

describe('pay_method_id catalogue (API.md §8.1)', () => {
  it('lists the keys of NewAge’s ParameterDictionary in order', () => {
    expect(payMethodCatalog.map((method) => method.id)).toEqual([
      'WeChatPay',
      'Alipay+',
      'UnionPay',
      'RakutenPay',
      'PayPay',
      'DPay',
      'MerPay',
      'AuPay',
      'CreditLinkPay'
    ])
    expect(payMethodCatalog.every((method) => method.confirmed)).toBe(true)
  })

  it('marks only WeChatPay (CPM), Alipay+ and UnionPay as reversing a paid order (§5.3)', () => {
    expect(payMethodCatalog.map((m) => [m.id, m.reversesPaid.join(' ')])).toEqual([
      ['WeChatPay', 'CPM'],
      ['Alipay+', 'CPM MPM'],
      ['UnionPay', 'CPM MPM'],
      ['RakutenPay', ''],
      ['PayPay', ''],
      ['DPay', ''],
      ['MerPay', ''],
      ['AuPay', ''],
      ['CreditLinkPay', '']
    ])
  })

  it('offers every QR wallet for CPM, and MerPay for CPM only', () => {
    expect(cpmMethods().map((method) => method.id)).toEqual([
      'WeChatPay',
      'Alipay+',
      'UnionPay',
      'RakutenPay',
      'PayPay',
      'DPay',
      'MerPay',
      'AuPay'
    ])
    expect(findPayMethod('MerPay')?.modes).toEqual(['CPM'])
    expect(findPayMethod('CreditLinkPay')?.modes).toEqual([])
    expect(findPayMethod('DPay')).toMatchObject({ label: 'd Payment', labelJa: 'd払い' })
    expect(findPayMethod('LINEPay')).toBeUndefined()
  })
})

describe('settings overrides (resolveMethodRules)', () => {
  const catchAll = { payMethodId: 'Alipay+', pattern: '^\\d{24}$' }

  it('uses the defaults when settings say nothing, and a whole table instead of them', () => {
    expect(resolveMethodRules(defaults, undefined)).toEqual({ ok: true, value: defaults })
    const table = [rule('WeChatPay', '^\\d{18}$')]
    expect(resolveMethodRules(defaults, table)).toEqual({ ok: true, value: table })
  })

  it('switches default rows on and off, keeping the rest and their order', () => {
    const resolved = resolveMethodRules(defaults, {
      set: [
        { ...catchAll, enabled: true },
        { payMethodId: 'UnionPay', pattern: '^62\\d{17}$', enabled: false }
      ]
    })
    if (!resolved.ok) throw new Error(resolved.error.message)
    expect(resolved.value.map((row) => [row.payMethodId, row.enabled])).toEqual(
      defaults.map((row) => [
        row.payMethodId,
        row.pattern === '^\\d{24}$' ? true : row.payMethodId === 'UnionPay' ? false : row.enabled
      ])
    )
    expect(classify('6212345678901234567', resolved.value)).toEqual({ kind: 'none' })
    expect(classify('900081818812345678901234', resolved.value)).toEqual({
      kind: 'ambiguous',
      candidates: ['Alipay+', 'PayPay']
    })
  })

  it('tries added rows before the defaults', () => {
    const added = rule('PayPay', '^1[0-5]\\d{16}$', { note: 'a local test wallet' })
    const resolved = resolveMethodRules(defaults, { add: [added] })
    if (!resolved.ok) throw new Error(resolved.error.message)
    expect(resolved.value).toEqual([added, ...defaults])
    expect(classify(jpTestCode, resolved.value)).toEqual({
      kind: 'ambiguous',
      candidates: ['PayPay', 'WeChatPay']
    })
  })

  it('refuses to switch a rule that is not among the defaults, naming it', () => {
    expect(
      resolveMethodRules(defaults, {
        set: [{ payMethodId: 'Alipay+', pattern: '^\\d{25}$', enabled: true }]
      })
    ).toEqual({
      ok: false,
      error: {
        code: 'unknown-default-rule',
        message: 'no default rule Alipay+ ^\\d{25}$ to switch on'
      }
    })
  })

  it.each<[unknown, boolean]>([
    [[], true],
    [{}, true],
    [{ add: [rule('PayPay', '^9\\d{17}$')], set: [{ ...catchAll, enabled: false }] }, true],
    [{ add: [rule('PayPay', '9\\d{17}')] }, false],
    [{ set: [{ ...catchAll }] }, false],
    [{ set: [{ ...catchAll, enabled: true, note: 'x' }] }, false],
    [{ remove: [] }, false],
    ['all', false]
  ])('validates %j: %s', (value, valid) => {
    expect(methodRulesSettingSchema.safeParse(value).success).toBe(valid)
  })
})
