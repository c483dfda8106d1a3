import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dataFiles } from '../../src/main/till/paths'
import { loadSettings, SettingsError } from '../../src/main/till/settings'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()

describe('loadSettings', () => {
  it('uses the sandbox and the defaults when there is no settings file', () => {
    const settings = loadSettings(dataFiles(tempDir()))
    expect(settings).toMatchObject({ shopName: 'QR Till', currency: 'JPY', gateway: null })
    expect(settings.methodRules.map((rule) => rule.payMethodId)).toContain('WeChatPay')
  })

  it('reads gateway credentials and the keys beside them', () => {
    const files = dataFiles(tempDir())
    mkdirSync(files.keysDir)
    writeFileSync(join(files.keysDir, 'app-private.pem'), 'PRIVATE')
    writeFileSync(join(files.keysDir, 'gateway-public.pem'), 'PUBLIC')
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
        appPrivateKeyPem: 'PRIVATE',
        gatewayPublicKeyPem: 'PUBLIC'
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
    mkdirSync(files.keysDir)
    writeFileSync(join(files.keysDir, 'app-private.pem'), 'PRIVATE')
    writeFileSync(join(files.keysDir, 'gateway-public.pem'), 'PUBLIC')
    const gateway = {
      baseUrl: 'https://open.n-age.co.jp',
      appId: 'wz0000000000000000',
      merchantNo: '312100000000',
      storeNo: '4121000000'
    }
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
