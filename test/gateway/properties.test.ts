import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildSignString, RawJson, scanTopLevel, writeJsonObject } from '../../src/main/gateway'
import type { FieldValue, Fields } from '../../src/main/gateway'

/**
 * Property tests for the string to sign (API.md §4.2) and for the body that carries it. The
 * reference below is written from the rule, independently of `buildSignString`.
 */

const utf8 = new TextEncoder()

/** Ordinal comparison of the UTF-8 bytes, one byte at a time (§4.2 step 4). */
function compareBytes(a: string, b: string): number {
  const x = utf8.encode(a)
  const y = utf8.encode(b)
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0)
    if (diff !== 0) return diff
  }
  return x.length - y.length
}

function textOf(value: FieldValue): string | null {
  if (value === null || value === undefined || value === '') return null
  if (value instanceof RawJson) return value.text
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value)
  }
  return JSON.stringify(value)
}

function reference(fields: Fields): string {
  return Object.entries(fields)
    .filter(([key, value]) => key !== 'sign' && textOf(value) !== null)
    .sort(([a], [b]) => compareBytes(a, b))
    .map(([key, value]) => `${key}=${textOf(value) ?? ''}`)
    .join('&')
}

// Keys from all of Unicode, astral planes included, where UTF-16 and UTF-8 order disagree.
const key = fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }).filter((k) => k !== 'sign')
const numberLiteral = fc
  .tuple(
    fc.boolean(),
    fc.nat({ max: 10_000_000 }),
    fc.option(fc.stringMatching(/^\d{1,4}$/), { nil: undefined })
  )
  .map(([negative, whole, fraction]) =>
    RawJson.number(`${negative ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`)
  )
const value: fc.Arbitrary<FieldValue> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('a&b=c', ' %20+ ', '"quoted"\n', 'テスト注文 ¥1,200', 'Café', '\\u00e9'),
  fc.integer(),
  fc.boolean(),
  numberLiteral
)
const sent = fc.dictionary(key, value, { maxKeys: 12 })
const dropped = fc.constantFrom<FieldValue>(null, '', undefined)

describe('buildSignString properties (API.md §4.2)', () => {
  it('matches the rule written out independently', () => {
    fc.assert(fc.property(sent, (fields) => buildSignString(fields) === reference(fields)))
  })

  it('does not depend on the order of the keys', () => {
    fc.assert(
      fc.property(
        sent.chain((fields) =>
          fc.tuple(
            fc.constant(fields),
            fc.shuffledSubarray(Object.entries(fields), {
              minLength: Object.keys(fields).length
            })
          )
        ),
        ([fields, shuffled]) =>
          buildSignString(Object.fromEntries(shuffled) as Fields) === buildSignString(fields)
      )
    )
  })

  it('ignores null, "", undefined and sign, whatever their keys', () => {
    fc.assert(
      fc.property(
        sent,
        fc.dictionary(key, dropped, { maxKeys: 5 }),
        value,
        (fields, empties, sign) => {
          const extra = Object.fromEntries(
            Object.entries(empties).filter(([k]) => !Object.hasOwn(fields, k))
          ) as Fields
          return (
            buildSignString({ ...extra, ...fields, sign }) === buildSignString(fields) &&
            buildSignString({ ...fields, ...extra }) === buildSignString(fields)
          )
        }
      )
    )
  })

  it('sorts by UTF-8 bytes: upper case before lower, BMP above U+E000 before astral', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z]{1,6}$/),
        fc.integer({ min: 0xe000, max: 0xffff }),
        fc.integer({ min: 0x10000, max: 0x10ffff }),
        (word, bmp, astral) => {
          const upper = word.toUpperCase()
          const high = String.fromCodePoint(bmp)
          const planes = String.fromCodePoint(astral)
          // UTF-16 puts the astral key (a surrogate pair from 0xD800) first; UTF-8 puts it last.
          expect(planes < high).toBe(true)
          expect(buildSignString({ [planes]: '3', [word]: '2', [high]: '4', [upper]: '1' })).toBe(
            `${upper}=1&${word}=2&${high}=4&${planes}=3`
          )
        }
      )
    )
  })

  it('puts every string value in verbatim: no escaping, encoding or trimming', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
        (text, other) => buildSignString({ a: text, b: other }) === `a=${text}&b=${other}`
      )
    )
  })
})

describe('writeJsonObject and scanTopLevel agree with what is signed', () => {
  it('scans the written body back to exactly the signed values', () => {
    fc.assert(
      fc.property(sent, (fields) => {
        const body = writeJsonObject(fields)
        const scanned = scanTopLevel(body)
        if (!scanned.ok) return false
        expect(buildSignString(scanned.fields)).toBe(buildSignString(fields))
        for (const [k, v] of Object.entries(scanned.fields)) {
          const original = fields[k]
          expect(v instanceof RawJson ? v.text : v).toBe(textOf(original))
        }
        // And the body is plain JSON any other parser reads.
        expect(() => JSON.parse(body) as unknown).not.toThrow()
        return true
      })
    )
  })
})
