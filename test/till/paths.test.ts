import { describe, expect, it } from 'vitest'
import { resolveDataDir } from '../../src/main/till/paths'

describe('resolveDataDir', () => {
  it('uses QR_TILL_DATA_DIR when set', () => {
    expect(resolveDataDir({ QR_TILL_DATA_DIR: '/srv/till' }, 'linux', '/home/a')).toBe('/srv/till')
  })

  it("matches Electron's userData on each platform", () => {
    expect(resolveDataDir({}, 'linux', '/home/a')).toBe('/home/a/.config/QR Till')
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/a')).toBe('/x/QR Till')
    expect(resolveDataDir({}, 'darwin', '/Users/a')).toBe(
      '/Users/a/Library/Application Support/QR Till'
    )
    expect(resolveDataDir({ APPDATA: 'C:/Users/a/AppData/Roaming' }, 'win32', 'C:/Users/a')).toBe(
      'C:/Users/a/AppData/Roaming/QR Till'
    )
  })

  it('ignores an empty override', () => {
    expect(resolveDataDir({ QR_TILL_DATA_DIR: '' }, 'linux', '/home/a')).toBe(
      '/home/a/.config/QR Till'
    )
  })
})
