import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buildSignString,
  loadPrivateKey,
  loadPublicKey,
  RawJson,
  signFields,
  verifyFields,
  writeJsonObject
} from '../../src/main/gateway'
import type { Fields } from '../../src/main/gateway'
import { fieldsOf, opensslKey, opensslSign, opensslVerify, type OpensslKey } from './helpers'

/** The body of the API.md §4.3 worked example, before `sign`, exactly as printed there. */
const workedExampleBody =
  '{"app_id":"wz0000000000000000","method":"cscanb.pay.getqrcode","format":"JSON","charset":"UTF-8",\n' +
  ' "sign_type":"RSA2","version":"1.0","timestamp":1704067200000,"merchant_no":"312100000000",\n' +
  ' "store_no":"4121000000","pay_method_id":"PayPay","merchant_order_no":"POS20240101000001",\n' +
  ' "price_currency":"JPY","order_amount":1200,"expires":60,"description":"Test order",\n' +
  ' "notify_url":"https://pos.example.jp/paycloud/notify","attach":""}'

const workedExampleString =
  'app_id=wz0000000000000000&charset=UTF-8&description=Test order&expires=60&format=JSON' +
  '&merchant_no=312100000000&merchant_order_no=POS20240101000001&method=cscanb.pay.getqrcode' +
  '&notify_url=https://pos.example.jp/paycloud/notify&order_amount=1200&pay_method_id=PayPay' +
  '&price_currency=JPY&sign_type=RSA2&store_no=4121000000&timestamp=1704067200000&version=1.0'

const workedExampleFields = {
  app_id: 'wz0000000000000000',
  method: 'cscanb.pay.getqrcode',
  format: 'JSON',
  charset: 'UTF-8',
  sign_type: 'RSA2',
  version: '1.0',
  timestamp: 1704067200000,
  merchant_no: '312100000000',
  store_no: '4121000000',
  pay_method_id: 'PayPay',
  merchant_order_no: 'POS20240101000001',
  price_currency: 'JPY',
  order_amount: 1200,
  expires: 60,
  description: 'Test order',
  notify_url: 'https://pos.example.jp/paycloud/notify',
  attach: ''
}

let key: OpensslKey

beforeAll(() => {
  key = opensslKey()
})

afterAll(() => key.remove())

describe('the string to sign (API.md §4.2)', () => {
  it('reproduces the §4.3 worked example byte for byte, from fields and from the body text', () => {
    expect(buildSignString(workedExampleFields)).toBe(workedExampleString)
    expect(buildSignString(fieldsOf(workedExampleBody))).toBe(workedExampleString)
  })

  it('drops null, undefined and "" but keeps whitespace, "0", 0 and false', () => {
    expect(
      buildSignString({ a: null, b: undefined, c: '', d: ' ', e: '0', f: 0, g: false, h: true })
    ).toBe('d= &e=0&f=0&g=false&h=true')
  })

  it('leaves out sign, and nothing else', () => {
    expect(buildSignString({ sign: 'abc', sign_type: 'RSA2', signature: 'x' })).toBe(
      'sign_type=RSA2&signature=x'
    )
  })

  it('takes strings as they are: no URL encoding, no trimming, no escaping', () => {
    expect(buildSignString({ q: ' a&b=c %20+é "x"\n' })).toBe('q= a&b=c %20+é "x"\n')
  })

  it('writes numbers as the literal that is transmitted', () => {
    expect(
      buildSignString({ a: RawJson.number('1.0'), b: RawJson.number('12.30'), c: 1200, d: 0.5 })
    ).toBe('a=1.0&b=12.30&c=1200&d=0.5')
    expect(() => buildSignString({ a: Number.NaN })).toThrow(RangeError)
    expect(() => buildSignString({ a: Number.POSITIVE_INFINITY })).toThrow(RangeError)
  })

  it('writes nested objects and arrays as compact JSON', () => {
    expect(buildSignString({ ext: { key: 'value', n: [1, 2] }, list: ['a', 'b'] })).toBe(
      'ext={"key":"value","n":[1,2]}&list=["a","b"]'
    )
  })

  it('sorts keys by UTF-8 byte order, not by locale or UTF-16 order', () => {
    const fields = { b: '1', B: '2', a_b: '3', aB: '4', a: '5', '\uff21': '6', '\u{1f600}': '7' }
    // Locale order would put `a` before `B`; UTF-16 order would put U+1F600 (a surrogate pair,
    // 0xD83D…) before U+FF21, while in UTF-8 its F0 lead byte sorts after U+FF21's EF.
    expect(buildSignString(fields)).toBe('B=2&a=5&aB=4&a_b=3&b=1&\uff21=6&\u{1f600}=7')
  })
})

describe('RSA2 signatures (API.md §4.1)', () => {
  const fields = {
    ...workedExampleFields,
    method: 'bscanc.pay.submit',
    auth_code: '134567890123456789',
    description: 'コーヒー 1杯 & ケーキ',
    order_amount: RawJson.number('1200')
  }

  it('signs exactly as `openssl dgst -sha256 -sign` does, with a PKCS#8 key', () => {
    const expected = opensslSign(buildSignString(fields), key.pkcs8PrivatePath, key.dir)
    expect(signFields(fields, key.pkcs8Private)).toBe(expected)
  })

  it('signs the §4.3 worked example as openssl does', () => {
    const expected = opensslSign(workedExampleString, key.pkcs8PrivatePath, key.dir)
    expect(signFields(workedExampleFields, key.pkcs8Private)).toBe(expected)
  })

  it('gives the same signature with the PKCS#1 form of the key', () => {
    expect(key.pkcs1Private).toContain('BEGIN RSA PRIVATE KEY')
    expect(key.pkcs8Private).toContain('BEGIN PRIVATE KEY')
    const expected = opensslSign(buildSignString(fields), key.pkcs1PrivatePath, key.dir)
    expect(signFields(fields, key.pkcs1Private)).toBe(expected)
  })

  it('accepts a bare Base64 DER key, the form the Java SDK uses', () => {
    const der = key.pkcs8Private.replace(/-----[^-]+-----|\s/g, '')
    expect(signFields(fields, der)).toBe(signFields(fields, key.pkcs8Private))
    const publicDer = key.spkiPublic.replace(/-----[^-]+-----|\s/g, '')
    expect(verifyFields(fields, signFields(fields, der), publicDer)).toBe(true)
  })

  it('produces signatures openssl verifies with the SPKI public key', () => {
    const signature = signFields(fields, key.pkcs8Private)
    expect(opensslVerify(buildSignString(fields), signature, key.spkiPublicPath, key.dir)).toBe(
      true
    )
    expect(
      opensslVerify(`${buildSignString(fields)}x`, signature, key.spkiPublicPath, key.dir)
    ).toBe(false)
  })

  it('verifies with SPKI and PKCS#1 public keys', () => {
    const signature = opensslSign(buildSignString(fields), key.pkcs8PrivatePath, key.dir)
    expect(key.pkcs1Public).toContain('BEGIN RSA PUBLIC KEY')
    expect(verifyFields(fields, signature, key.spkiPublic)).toBe(true)
    expect(verifyFields(fields, signature, key.pkcs1Public)).toBe(true)
    expect(verifyFields(fields, signature, loadPublicKey(key.spkiPublic))).toBe(true)
  })

  it('fails on a tampered, added or removed field, and on a foreign key', () => {
    const signature = signFields(fields, key.pkcs8Private)
    expect(
      verifyFields({ ...fields, order_amount: RawJson.number('1200.0') }, signature, key.spkiPublic)
    ).toBe(false)
    expect(
      verifyFields({ ...fields, auth_code: '134567890123456780' }, signature, key.spkiPublic)
    ).toBe(false)
    expect(verifyFields({ ...fields, attach: 'x' }, signature, key.spkiPublic)).toBe(false)
    expect(verifyFields({ ...fields, description: undefined }, signature, key.spkiPublic)).toBe(
      false
    )
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
    expect(verifyFields(fields, signature, other.publicKey)).toBe(false)
    // `sign` itself and dropped empties do not matter.
    expect(
      verifyFields({ ...fields, sign: 'anything', attach: '' }, signature, key.spkiPublic)
    ).toBe(true)
  })

  it('fails, without throwing, on a signature that is not standard Base64', () => {
    const signature = signFields(fields, key.pkcs8Private)
    expect(verifyFields(fields, '', key.spkiPublic)).toBe(false)
    expect(
      verifyFields(fields, `${signature.slice(0, 20)}!${signature.slice(21)}`, key.spkiPublic)
    ).toBe(false)
    expect(verifyFields(fields, signature, key.spkiPublic)).toBe(true)
    // Buffer.from(…, 'base64') would skip a line break and verify this; §4.1 allows none.
    expect(
      verifyFields(fields, `${signature.slice(0, 64)}\n${signature.slice(64)}`, key.spkiPublic)
    ).toBe(false)
    expect(verifyFields(fields, signature.slice(0, -4), key.spkiPublic)).toBe(false)
  })

  it('refuses keys that are not RSA or not keys', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    expect(() =>
      loadPrivateKey(ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())
    ).toThrow(/RSA/)
    expect(() => loadPublicKey('not a key!')).toThrow(TypeError)
  })
})

describe('golden vectors: non-ASCII text and number literals, signed by openssl', () => {
  // Each string to sign is written out by hand here, so the builder is checked against the rule
  // of §4.2, and each signature is computed by `openssl dgst`, not by our code.
  const envelope = {
    app_id: 'wz0000000000000000',
    charset: 'UTF-8',
    format: 'JSON',
    merchant_no: '312100000000',
    sign_type: 'RSA2',
    store_no: '4121000000',
    timestamp: 1704067200000,
    version: '1.0'
  }
  const head = 'app_id=wz0000000000000000&charset=UTF-8&description=' as const
  const cases: { name: string; fields: Fields; expected: string }[] = [
    {
      name: 'Japanese text with a yen sign and a comma, JPY 1200',
      fields: {
        ...envelope,
        method: 'cscanb.pay.getqrcode',
        merchant_order_no: 'POS1',
        description: 'テスト注文 ¥1,200',
        price_currency: 'JPY',
        order_amount: RawJson.number('1200')
      },
      expected:
        `${head}テスト注文 ¥1,200&format=JSON&merchant_no=312100000000&merchant_order_no=POS1` +
        '&method=cscanb.pay.getqrcode&order_amount=1200&price_currency=JPY&sign_type=RSA2' +
        '&store_no=4121000000&timestamp=1704067200000&version=1.0'
    },
    {
      name: 'an accented Latin word, USD 12.30 with its trailing zero',
      fields: {
        ...envelope,
        method: 'bscanc.pay.submit',
        description: 'Café',
        price_currency: 'USD',
        order_amount: RawJson.number('12.30')
      },
      expected:
        `${head}Café&format=JSON&merchant_no=312100000000&method=bscanc.pay.submit` +
        '&order_amount=12.30&price_currency=USD&sign_type=RSA2&store_no=4121000000' +
        '&timestamp=1704067200000&version=1.0'
    },
    {
      name: 'USD 0.05, and JPY 1.0 as the Java SDK sends a Double',
      fields: {
        ...envelope,
        method: 'order.refund.submit',
        description: 'Remboursement partiel — ¥',
        order_amount: RawJson.number('0.05'),
        trans_amount: RawJson.number('1.0')
      },
      expected:
        `${head}Remboursement partiel — ¥&format=JSON&merchant_no=312100000000` +
        '&method=order.refund.submit&order_amount=0.05&sign_type=RSA2&store_no=4121000000' +
        '&timestamp=1704067200000&trans_amount=1.0&version=1.0'
    }
  ]

  it.each(cases)('$name', ({ fields, expected }) => {
    expect(buildSignString(fields)).toBe(expected)
    const golden = opensslSign(expected, key.pkcs8PrivatePath, key.dir)
    expect(signFields(fields, key.pkcs8Private)).toBe(golden)
    expect(signFields(fields, key.pkcs1Private)).toBe(golden)
    expect(verifyFields(fields, golden, key.spkiPublic)).toBe(true)
    // The body the client writes carries the same literals and scans back to the same string.
    expect(buildSignString(fieldsOf(writeJsonObject(fields)))).toBe(expected)
  })

  it('verifies a reply openssl signed over raw literals and an escaped `data` string', () => {
    // As a gateway would send it: `\u00e9` escaped in the body, 1.0 as a literal, data a string.
    const body =
      '{"code":"0","msg":"Caf\\u00e9","psn":"P1","amount":1.0,' +
      '"data":"{\\"trans_no\\":\\"T1\\",\\"description\\":\\"テスト注文 ¥1,200\\",\\"order_amount\\":12.30}"}'
    const expected =
      'amount=1.0&code=0' +
      '&data={"trans_no":"T1","description":"テスト注文 ¥1,200","order_amount":12.30}' +
      '&msg=Café&psn=P1'
    const fields = fieldsOf(body)
    expect(buildSignString(fields)).toBe(expected)
    const golden = opensslSign(expected, key.pkcs8PrivatePath, key.dir)
    expect(verifyFields(fields, golden, key.spkiPublic)).toBe(true)
    expect(verifyFields(JSON.parse(body) as Fields, golden, key.spkiPublic)).toBe(false)
    expect(
      opensslVerify(expected, signFields(fields, key.pkcs8Private), key.spkiPublicPath, key.dir)
    ).toBe(true)
  })
})
