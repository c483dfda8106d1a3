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
})
