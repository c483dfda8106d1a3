import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dataFiles } from '../../src/main/till/paths'
import { loadSettings, SettingsError } from '../../src/main/till/settings'
import { applyPatch, createSettingsStore } from '../../src/main/till/settings-store'
import { settingsPatchSchema } from '../../src/shared/contract/settings-admin'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()

function setup(): { dir: string; store: ReturnType<typeof createSettingsStore> } {
  const dir = tempDir()
  return { dir, store: createSettingsStore(dataFiles(dir)) }
}

describe('settings store', () => {
  it('reads an absent file as no settings, and writes a whole file atomically, owner-only', () => {
    const { dir, store } = setup()
    expect(store.read()).toEqual({})
    store.write({ shopName: 'Corner Shop', currency: 'USD', language: 'ja' })
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({
      shopName: 'Corner Shop',
      currency: 'USD',
      language: 'ja'
    })
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600)
    // The temp file was renamed over the old one: nothing is left beside it.
    expect(readdirSync(dir)).toEqual(['settings.json'])
    store.write({ shopName: 'Second' })
    expect(store.read()).toEqual({ shopName: 'Second' })
    expect(readdirSync(dir)).toEqual(['settings.json'])
  })

  it('refuses a malformed file with a message naming it, instead of the defaults', () => {
    const { dir, store } = setup()
    writeFileSync(join(dir, 'settings.json'), '{"shopName": "Half')
    expect(() => store.read()).toThrow(SettingsError)
    expect(() => store.read()).toThrow(/settings\.json is not valid JSON/)
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ shopName: 'A', colour: 'red' }))
    expect(() => store.read()).toThrow(/invalid settings: \(root\): Unrecognized key/)
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ language: 'fr' }))
    expect(() => store.read()).toThrow(/language/)
  })

  it('refuses to write what the schema refuses, and leaves the file as it was', () => {
    const { dir, store } = setup()
    store.write({ shopName: 'Kept' })
    expect(() =>
      store.write({ shopName: 'Lost', payments: { pollIntervalMs: 10 } } as never)
    ).toThrow(/payments\.pollIntervalMs/)
    expect(() => store.write({ shopName: 'Lost', extra: true } as never)).toThrow(SettingsError)
    expect(store.read()).toEqual({ shopName: 'Kept' })
    expect(readdirSync(dir)).toEqual(['settings.json'])
  })

  it('lays a patch over the file: one level deep, rules whole, gateway options kept', () => {
    const file = {
      shopName: 'Old',
      payments: { pollIntervalMs: 4000, cancelTries: 5 },
      wedge: { maxGapMs: 40 },
      gateway: {
        baseUrl: 'https://gw.example/',
        appId: 'a',
        merchantNo: 'm',
        storeNo: 's',
        bodyEncoding: 'form' as const
      }
    }
    const patch = settingsPatchSchema.parse({
      shopName: '  New  ',
      payments: { cancelTries: 2 },
      wedge: { minLength: 8 },
      gateway: { baseUrl: 'https://other.example/', appId: 'b', merchantNo: 'm', storeNo: 's' }
    })
    expect(applyPatch(file, patch)).toEqual({
      shopName: 'New',
      payments: { pollIntervalMs: 4000, cancelTries: 2 },
      wedge: { maxGapMs: 40, minLength: 8 },
      gateway: {
        baseUrl: 'https://other.example/',
        appId: 'b',
        merchantNo: 'm',
        storeNo: 's',
        bodyEncoding: 'form'
      }
    })
    expect(applyPatch(file, settingsPatchSchema.parse({ gateway: null }))).not.toHaveProperty(
      'gateway'
    )
  })

  it('what it writes is what the till loads at its next start', () => {
    const { dir, store } = setup()
    const patch = settingsPatchSchema.parse({
      shopName: 'Round Trip',
      currency: 'USD',
      language: 'ja',
      payments: { pollWindowMs: 90_000 },
      methodRules: [
        { payMethodId: 'PayPay', pattern: '^28\\d{16}$', enabled: true, confirmed: false }
      ],
      wedge: { maxGapMs: 35, terminators: ['Enter'] }
    })
    store.write(applyPatch(store.read(), patch))
    const loaded = loadSettings(dataFiles(dir))
    expect(loaded).toMatchObject({
      shopName: 'Round Trip',
      currency: 'USD',
      language: 'ja',
      gateway: null,
      payments: { pollWindowMs: 90_000 },
      methodRules: [{ payMethodId: 'PayPay', pattern: '^28\\d{16}$' }],
      wedge: { maxGapMs: 35, terminators: ['Enter'] }
    })
    expect(loadSettings(dataFiles(tempDir())).language).toBe('en')
  })
})
