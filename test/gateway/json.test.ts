import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  buildSignString,
  RawJson,
  scanTopLevel,
  signFields,
  verifyFields,
  writeJsonObject
} from '../../src/main/gateway'
import type { Fields, RawValue } from '../../src/main/gateway'

/** Each value as a test can compare it: strings as strings, the rest as `raw:<text>`. */
function scan(text: string): Record<string, string> {
  const result = scanTopLevel(text)
  if (!result.ok) throw new Error(result.reason)
  return Object.fromEntries(
    Object.entries(result.fields).map(([key, value]: [string, RawValue]) => [
      key,
      value instanceof RawJson ? `raw:${value.text}` : value
    ])
  )
}

describe('scanTopLevel: top-level values as transmitted (API.md §4.4)', () => {
  it('keeps number literals as written, where JSON.parse would not', () => {
    expect(scan('{"a":1.0,"b":12.30,"c":-0.5e+3,"d":0,"e":1E2,"f":100}')).toEqual({
      a: 'raw:1.0',
      b: 'raw:12.30',
      c: 'raw:-0.5e+3',
      d: 'raw:0',
      e: 'raw:1E2',
      f: 'raw:100'
    })
  })

  it('decodes strings, escapes and all', () => {
    const body = String.raw`{"a":"x\"y\\z\/\u00e9\n\t","b":"\ud83d\ude00","c":"コーヒー","d":""}`
    expect(scan(body)).toEqual({ a: 'x"y\\z/é\n\t', b: '😀', c: 'コーヒー', d: '' })
  })

  it('keeps a JSON string `data` as the raw string, braces and escapes inside it untouched', () => {
    const body = String.raw`{"code":"0","data":"{\"trans_no\":\"T1\",\"amount\":1.0}","sign":"s"}`
    expect(scan(body)).toEqual({ code: '0', data: '{"trans_no":"T1","amount":1.0}', sign: 's' })
  })

  it('minifies nested objects and arrays, but not the strings inside them', () => {
    const body =
      '{ "o" : { "k" : [ 1 , 2.50 , "s  p" , { } , [ ] ] ,\n\t"e" : "\\u00e9" } , "t" : true ,' +
      ' "f" : false , "n" : null }'
    expect(scan(body)).toEqual({
      o: 'raw:{"k":[1,2.50,"s  p",{},[]],"e":"\\u00e9"}',
      t: 'raw:true',
      f: 'raw:false',
      n: 'raw:null'
    })
  })

  it('ignores whitespace around the object and between tokens', () => {
    expect(scan(' \r\n\t{ \n"a"\t:\r"b" \n}\n ')).toEqual({ a: 'b' })
    expect(scan('{}')).toEqual({})
  })

  it('keeps `__proto__` as an ordinary member', () => {
    const result = scanTopLevel('{"__proto__":"x","a":"y"}')
    expect(result.ok && Object.keys(result.fields)).toEqual(['__proto__', 'a'])
    expect(result.ok && result.fields['__proto__']).toBe('x')
  })

  it.each([
    ['an empty body', ''],
    ['an array', '[1]'],
    ['a string', '"a"'],
    ['a trailing comma', '{"a":1,}'],
    ['a missing colon', '{"a" 1}'],
    ['a repeated key', '{"a":"1","a":"2"}'],
    ['an unterminated string', '{"a":"b}'],
    ['a raw control character', '{"a":"b\u0001"}'],
    ['a bad escape', String.raw`{"a":"\x41"}`],
    ['a short unicode escape', String.raw`{"a":"\u12"}`],
    ['a leading zero', '{"a":01}'],
    ['a bare fraction point', '{"a":1.}'],
    ['NaN', '{"a":NaN}'],
    ['single quotes', "{'a':'b'}"],
    ['text after the object', '{"a":1} x'],
    ['two objects', '{"a":1}{"b":2}'],
    ['a misspelt literal', '{"a":tru}'],
    ['an unclosed object', '{"a":{"b":1}'],
    ['hostile nesting', `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
    ['a byte order mark', '\ufeff{"a":1}']
  ])('refuses %s', (_name, text) => {
    const result = scanTopLevel(text)
    expect(result.ok).toBe(false)
    expect(result.ok ? '' : result.reason).toMatch(/at offset \d+/)
  })

  it('lets a reply signed over `1.0` verify, which JSON.parse values would not', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const body = '{"code":"0","msg":"Success","amount":1.0,"nested":{"x": 1.50}}'
    const fields = scanTopLevel(body)
    if (!fields.ok) throw new Error(fields.reason)
    expect(buildSignString(fields.fields)).toBe('amount=1.0&code=0&msg=Success&nested={"x":1.50}')
    const signature = signFields(fields.fields, privateKey)
    expect(verifyFields(fields.fields, signature, publicKey)).toBe(true)
    const parsed = JSON.parse(body) as Fields
    expect(buildSignString(parsed)).toBe('amount=1&code=0&msg=Success&nested={"x":1.5}')
  })
})

describe('writeJsonObject: the body is what was signed', () => {
  it('writes number literals verbatim and drops what is not signed', () => {
    const fields = {
      order_amount: RawJson.number('12.30'),
      timestamp: 1704067200000,
      description: 'a "quoted" é',
      attach: '',
      notify_url: undefined,
      store_no: null,
      flag: true
    }
    const body = writeJsonObject(fields)
    expect(body).toBe(
      '{"order_amount":12.30,"timestamp":1704067200000,"description":"a \\"quoted\\" é","flag":true}'
    )
    expect(JSON.parse(body)).toEqual({
      order_amount: 12.3,
      timestamp: 1704067200000,
      description: 'a "quoted" é',
      flag: true
    })
    const scanned = scanTopLevel(body)
    expect(scanned.ok && buildSignString(scanned.fields)).toBe(buildSignString(fields))
  })

  it('accepts only JSON number literals as raw numbers', () => {
    expect(RawJson.number('0.05').text).toBe('0.05')
    for (const bad of ['', '1.', '.5', '01', '1e', '+1', 'NaN', '1,5', ' 1']) {
      expect(() => RawJson.number(bad)).toThrow(RangeError)
    }
  })
})
