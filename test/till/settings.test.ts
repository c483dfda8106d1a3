import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { dataFiles, type DataFiles } from '../../src/main/till/paths'
import { createFileSecretStore } from '../../src/main/till/secrets'
import { loadSettings, SettingsError } from '../../src/main/till/settings'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()

const pem = { type: 'pkcs8', format: 'pem' } as const
const spki = { type: 'spki', format: 'pem' } as const
let appPrivatePem: string
let gatewayPublicPem: string

beforeAll(() => {
  appPrivatePem = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export(pem)
    .toString()
  gatewayPublicPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .publicKey.export(spki)
    .toString()
})

/** The gateway section of a till on PayCloud, without the settings a test adds. */
const gateway = {
  baseUrl: 'https://open.n-age.co.jp',
  appId: 'wz0000000000000000',
  merchantNo: '312100000000',
  storeNo: '4121000000'
}

function writeKeys(files: DataFiles, app = appPrivatePem, gateway = gatewayPublicPem): void {
  mkdirSync(files.keysDir, { recursive: true })
  writeFileSync(files.keyFiles['app-private-key'], app)
  writeFileSync(files.keyFiles['gateway-public-key'], gateway)
}

describe('loadSettings', () => {
  it('uses the sandbox and the defaults when there is no settings file', () => {
    const settings = loadSettings(dataFiles(tempDir()))
    expect(settings).toMatchObject({ shopName: 'QR Till', currency: 'JPY', gateway: null })
    expect(settings.methodRules.map((rule) => rule.payMethodId)).toContain('WeChatPay')
  })

  it('reads gateway credentials and the keys beside them', () => {
    const files = dataFiles(tempDir())
    writeKeys(files)
    writeFileSync(
      files.settings,
      JSON.stringify({
        shopName: 'Kissa Aoi',
        gateway: {
          baseUrl: 'https://open.n-age.co.jp',
          appId: 'wz0000000000000000',
          merchantNo: '312100000000',
          storeNo: '4121000000'
        }
      })
    )
    expect(loadSettings(files)).toMatchObject({
      shopName: 'Kissa Aoi',
      gateway: {
        baseUrl: 'https://open.n-age.co.jp',
        appPrivateKeyPem: appPrivatePem,
        gatewayPublicKeyPem: gatewayPublicPem
      }
    })
  })

  it('says which setting is wrong', () => {
    const files = dataFiles(tempDir())
    writeFileSync(files.settings, JSON.stringify({ currency: 'XXX', shopName: '' }))
    expect(() => loadSettings(files)).toThrow(SettingsError)
    expect(() => loadSettings(files)).toThrow(/currency: unsupported currency/)
    writeFileSync(files.settings, '{ not json')
    expect(() => loadSettings(files)).toThrow(/not valid JSON/)
  })

  it('refuses configured credentials whose key files are missing', () => {
    const files = dataFiles(tempDir())
    writeFileSync(
      files.settings,
      JSON.stringify({
        gateway: { baseUrl: 'https://g.example', appId: 'a', merchantNo: 'm', storeNo: 's' }
      })
    )
    expect(() => loadSettings(files)).toThrow(/app-private.pem cannot be read/)
  })

  describe('a key that cannot be used', () => {
    const gateway = { baseUrl: 'https://g.example', appId: 'a', merchantNo: 'm', storeNo: 's' }
    const body = (key: string): string => key.split('\n')[1] ?? ''

    it.each<[string, () => [app: string, gateway: string], RegExp]>([
      ['empty', () => ['', gatewayPublicPem], /app-private\.pem cannot be used: the file is empty/],
      [
        'not PEM',
        () => ['my key is on a post-it', gatewayPublicPem],
        /app-private\.pem cannot be used: it is not a PEM key/
      ],
      [
        'a public key for the private one',
        () => [gatewayPublicPem, gatewayPublicPem],
        /app-private\.pem cannot be used: it holds no private key/
      ],
      [
        'the private key for the public one',
        () => [appPrivatePem, appPrivatePem],
        /gateway-public\.pem cannot be used: it holds a private key/
      ],
      [
        'cut short',
        () => [appPrivatePem.slice(0, 400) + '\n-----END PRIVATE KEY-----\n', gatewayPublicPem],
        /app-private\.pem cannot be used: its PEM cannot be read/
      ],
      [
        'not RSA',
        () => [
          generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export(pem).toString(),
          gatewayPublicPem
        ],
        /app-private\.pem cannot be used: it is a key of type ec, not RSA/
      ],
      [
        'too short',
        () => [
          appPrivatePem,
          generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export(spki).toString()
        ],
        /gateway-public\.pem cannot be used: it is RSA-1024, shorter than the 2048 bits/
      ]
    ])('stops the start naming the file and what is wrong: %s', (_case, keys, message) => {
      const files = dataFiles(tempDir())
      const [app, pub] = keys()
      writeKeys(files, app, pub)
      writeFileSync(files.settings, JSON.stringify({ gateway }))
      let error: unknown
      try {
        loadSettings(files)
      } catch (thrown) {
        error = thrown
      }
      expect(error).toBeInstanceOf(SettingsError)
      const text = (error as Error).message
      expect(text).toMatch(message)
      expect(text).toContain(files.keysDir)
      // Never the key itself, not even a line of it.
      for (const key of [app, pub].filter((k) => k.includes('-----'))) {
        expect(text).not.toContain(body(key))
      }
    })

    it('names the secret store when the imported key is the bad one', () => {
      const dir = tempDir()
      const files = dataFiles(dir)
      writeKeys(files)
      const secrets = createFileSecretStore(join(dir, 'secrets'))
      secrets.set('app-private-key', appPrivatePem.slice(0, 300))
      writeFileSync(files.settings, JSON.stringify({ gateway }))
      expect(() => loadSettings(files, secrets)).toThrow(
        `The app private key in the secret app-private-key imported in Settings (in ${join(dir, 'secrets')}) cannot be used: its PEM cannot be read`
      )
    })
  })

  it('leaves the notification receiver off unless enabled', () => {
    const files = dataFiles(tempDir())
    expect(loadSettings(files).notifications).toBeNull()
    writeFileSync(files.settings, JSON.stringify({ notifications: { enabled: false } }))
    expect(loadSettings(files).notifications).toBeNull()
  })

  it('applies the notification defaults: loopback, /paycloud/notify, its own URL, lower case', () => {
    const files = dataFiles(tempDir())
    writeFileSync(files.settings, JSON.stringify({ notifications: { enabled: true, port: 8731 } }))
    expect(loadSettings(files).notifications).toEqual({
      host: '127.0.0.1',
      port: 8731,
      path: '/paycloud/notify',
      publicUrl: null,
      answerCase: 'lower',
      recordLimit: 30,
      recordWindowSeconds: 60
    })
  })

  it('reads every notification setting', () => {
    const files = dataFiles(tempDir())
    const notifications = {
      enabled: true,
      host: '0.0.0.0',
      port: 9000,
      path: '/hooks/paycloud',
      publicUrl: 'https://relay.example.jp/shops/12/notify',
      answerCase: 'upper',
      recordLimit: 5,
      recordWindowSeconds: 600
    }
    writeFileSync(files.settings, JSON.stringify({ notifications }))
    expect(loadSettings(files).notifications).toEqual({
      host: '0.0.0.0',
      port: 9000,
      path: '/hooks/paycloud',
      publicUrl: 'https://relay.example.jp/shops/12/notify',
      answerCase: 'upper',
      recordLimit: 5,
      recordWindowSeconds: 600
    })
  })

  it.each([
    [{ enabled: true }, /notifications\.port: is required when notifications are enabled/],
    [{ enabled: 'yes', port: 1 }, /notifications\.enabled/],
    [{ enabled: true, port: 70_000 }, /notifications\.port/],
    [{ enabled: true, port: 1, path: 'notify' }, /notifications\.path: must be a URL path/],
    [{ enabled: true, port: 1, publicUrl: 'ftp://relay.example/n' }, /notifications\.publicUrl/],
    [{ enabled: true, port: 1, publicUrl: 'https://relay.example' }, /with a path/],
    [{ enabled: true, port: 1, publicUrl: 'https://relay.example/n?till=1' }, /no query/],
    [{ enabled: true, port: 1, answerCase: 'title' }, /notifications\.answerCase/],
    [{ enabled: true, port: 1, recordLimit: 0 }, /notifications\.recordLimit/],
    [{ enabled: true, port: 1, recordLimit: 2.5 }, /notifications\.recordLimit/],
    [{ enabled: true, port: 1, recordWindowSeconds: 1 }, /notifications\.recordWindowSeconds/],
    [{ enabled: true, port: 1, secret: 'x' }, /notifications: Unrecognized key/]
  ])('refuses notifications %j', (notifications, message) => {
    const files = dataFiles(tempDir())
    writeFileSync(files.settings, JSON.stringify({ notifications }))
    expect(() => loadSettings(files)).toThrow(message)
  })

  it('takes the gateway transport settings: path preset or map, timeouts', () => {
    const files = dataFiles(tempDir())
    writeKeys(files)
    const write = (extra: Record<string, unknown>): void =>
      writeFileSync(files.settings, JSON.stringify({ gateway: { ...gateway, ...extra } }))

    write({ pathSuffixes: 'doc', connectTimeoutMs: 5000, readTimeoutMs: 20000 })
    expect(loadSettings(files).gateway).toMatchObject({
      pathSuffixes: 'doc',
      connectTimeoutMs: 5000,
      readTimeoutMs: 20000
    })
    write({ pathSuffixes: { 'bscanc.pay.submit': 'cpm' } })
    expect(loadSettings(files).gateway?.pathSuffixes).toEqual({ 'bscanc.pay.submit': 'cpm' })
    write({ pathSuffixes: { 'order.pay': 'x' } })
    expect(() => loadSettings(files)).toThrow(/pathSuffixes/)
    write({ pathSuffixes: { 'order.query': '../admin' } })
    expect(() => loadSettings(files)).toThrow(/letters and digits/)
    write({ connectTimeoutMs: 5 })
    expect(() => loadSettings(files)).toThrow(/connectTimeoutMs/)
    write({ maxAmountMinor: { JPY: 50_000, USD: 20_000 }, currencies: ['JPY', 'USD'] })
    expect(loadSettings(files).gateway).toMatchObject({
      maxAmountMinor: { JPY: 50_000, USD: 20_000 },
      currencies: ['JPY', 'USD']
    })
    for (const bad of [
      { maxAmountMinor: { JPY: 0 } },
      { maxAmountMinor: { JPY: 12.5 } },
      { maxAmountMinor: { XXX: 100 } },
      { currencies: [] },
      { currencies: ['JPY', 'XXX'] }
    ]) {
      write(bad)
      expect(() => loadSettings(files), JSON.stringify(bad)).toThrow(
        new RegExp(Object.keys(bad)[0] ?? '')
      )
    }
    // The till's currency (JPY unless set) must be one the account takes, or every payment fails.
    write({ currencies: ['USD'] })
    expect(() => loadSettings(files)).toThrow(
      'currency: JPY is not one of gateway.currencies (USD)'
    )
    writeFileSync(
      files.settings,
      JSON.stringify({ currency: 'USD', gateway: { ...gateway, currencies: ['USD'] } })
    )
    expect(loadSettings(files).currency).toBe('USD')
  })

  it('takes the meanings PayCloud gives its refusal codes, one meaning per code', () => {
    const files = dataFiles(tempDir())
    writeKeys(files)
    const write = (refusalMeanings: unknown): void =>
      writeFileSync(files.settings, JSON.stringify({ gateway: { ...gateway, refusalMeanings } }))

    write({ unknownNumber: ['E404', 'E405'], cannotCancel: ['E_NOCANCEL'] })
    expect(loadSettings(files).gateway?.refusalMeanings).toEqual({
      unknownNumber: ['E404', 'E405'],
      cannotCancel: ['E_NOCANCEL']
    })
    const refused: [unknown, string][] = [
      [{ unknownNumber: ['E1'], refundNumberUsed: ['E1'] }, 'E1 is listed under unknownNumber too'],
      [{ orderNotFound: ['E1'] }, 'orderNotFound'],
      [{ cancelTooEarly: ['0'] }, 'is success, not a refusal'],
      [{ cannotCancel: ['E 1'] }, 'a code is letters, digits']
    ]
    for (const [meanings, message] of refused) {
      write(meanings)
      expect(() => loadSettings(files), JSON.stringify(meanings)).toThrow(message)
    }

    // The codes of a closed order (trans_error_code, §5.5), the same way.
    const closed = (transErrorMeanings: unknown): void =>
      writeFileSync(files.settings, JSON.stringify({ gateway: { ...gateway, transErrorMeanings } }))
    closed({ cancelled: ['E7701'], expired: ['E7702'] })
    expect(loadSettings(files).gateway?.transErrorMeanings).toEqual({
      cancelled: ['E7701'],
      expired: ['E7702']
    })
    closed({ cancelled: ['E1'], reversed: ['E1'] })
    expect(() => loadSettings(files)).toThrow('E1 is listed under cancelled too')
    closed({ declined: ['E1'] })
    expect(() => loadSettings(files)).toThrow('declined')
  })

  it('takes every payment-flow number and refuses one that breaks the gateway rules', () => {
    const files = dataFiles(tempDir())
    writeFileSync(
      files.settings,
      JSON.stringify({
        payments: { mpmWindowMs: 45_000, cancelTries: 5, refundPollWindowMs: 120_000 }
      })
    )
    expect(loadSettings(files).payments).toEqual({
      mpmWindowMs: 45_000,
      cancelTries: 5,
      refundPollWindowMs: 120_000
    })
    // API.md §5.3: never cancel before 15 s.
    writeFileSync(files.settings, JSON.stringify({ payments: { minCancelDelayMs: 5_000 } }))
    expect(() => loadSettings(files)).toThrow(/minCancelDelayMs/)
  })
})
