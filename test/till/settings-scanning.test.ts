import { writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { dataFiles } from '../../src/main/till/paths'
import { defaultMethodRules, loadSettings, SettingsError } from '../../src/main/till/settings'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()

function withSettings(json: unknown): ReturnType<typeof dataFiles> {
  const files = dataFiles(tempDir())
  writeFileSync(files.settings, JSON.stringify(json))
  return files
}

describe('loadSettings: scanning (issue 5)', () => {
  it('reads the wedge preset, the calibrated gap, the suffix and the prefix', () => {
    const wedge = { preset: 'slow', maxGapMs: 120, terminators: ['Tab'], prefix: ['F9'] }
    expect(loadSettings(withSettings({ wedge })).wedge).toEqual(wedge)
  })

  it('stops with a message naming a wedge field that is out of range', () => {
    const files = withSettings({ wedge: { preset: 'turbo' } })
    expect(() => loadSettings(files)).toThrow(SettingsError)
    expect(() => loadSettings(files)).toThrow(/wedge\.preset/)
  })

  it('switches a default method rule on, keeping the other defaults', () => {
    const settings = loadSettings(
      withSettings({
        methodRules: { set: [{ payMethodId: 'Alipay+', pattern: '^\\d{24}$', enabled: true }] }
      })
    )
    expect(settings.methodRules).toHaveLength(defaultMethodRules.length)
    expect(settings.methodRules.find((rule) => rule.pattern === '^\\d{24}$')?.enabled).toBe(true)
  })

  it('stops with a message naming a rule to switch that is not among the defaults', () => {
    const files = withSettings({
      methodRules: { set: [{ payMethodId: 'PayPay', pattern: '^\\d{99}$', enabled: true }] }
    })
    expect(() => loadSettings(files)).toThrow(
      /methodRules: no default rule PayPay \^\\d\{99\}\$ to switch on/
    )
  })
})
