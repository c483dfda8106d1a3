import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scannerVendors } from '../../src/main/scanners'

const root = join(__dirname, '../..')
const read = (path: string): string => readFileSync(join(root, path), 'utf8')

describe('the Linux udev rule', () => {
  const rules = read('resources/linux/70-qr-till-hid-pos.rules')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))

  it('grants the seat user hidraw access for exactly the scanner vendors the reader knows', () => {
    for (const line of rules) {
      expect(line).toMatch(
        /^SUBSYSTEM=="hidraw", ATTRS\{idVendor\}=="[0-9a-f]{4}", TAG\+="uaccess"$/
      )
    }
    const vendors = rules.map((line) => /idVendor\}=="([0-9a-f]{4})"/.exec(line)?.[1])
    expect(vendors.sort()).toEqual(
      [...scannerVendors.keys()].map((id) => id.toString(16).padStart(4, '0')).sort()
    )
  })
})

describe('the .deb packaging', () => {
  const builder = read('electron-builder.yml')

  it('ships the rule as a resource and runs both scripts', () => {
    expect(builder).toContain(
      '  - from: resources/linux/70-qr-till-hid-pos.rules\n    to: 70-qr-till-hid-pos.rules'
    )
    expect(builder).toContain('afterInstall: resources/linux/after-install.sh')
    expect(builder).toContain('afterRemove: resources/linux/after-remove.sh')
    // A depends list replaces electron-builder's: Electron's own libraries must stay in it.
    for (const library of ['libgtk-3-0', 'libnss3', 'libudev1', 'libusb-1.0-0']) {
      expect(builder).toContain(`    - ${library}\n`)
    }
  })

  for (const script of ['after-install.sh', 'after-remove.sh']) {
    it(`${script} is valid bash whose only macros are electron-builder's`, () => {
      const path = join(root, 'resources/linux', script)
      expect(() => execFileSync('bash', ['-n', path])).not.toThrow()
      // electron-builder fills ${name} macros and throws on an unknown one (FpmTarget.js).
      const macros = new Set(
        [...read(`resources/linux/${script}`).matchAll(/\$\{([a-zA-Z]+)\}/g)].map((m) => m[1])
      )
      expect([...macros].sort()).toEqual(['executable', 'sanitizedProductName'])
    })
  }

  it('after-install keeps electron-builder’s own steps and installs the rule where udev reads it', () => {
    const script = read('resources/linux/after-install.sh')
    expect(script).toContain("update-alternatives --install '/usr/bin/${executable}'")
    expect(script).toContain("chmod 4755 '/opt/${sanitizedProductName}/chrome-sandbox'")
    expect(script).toContain(
      "install -m 0644 '/opt/${sanitizedProductName}/resources/70-qr-till-hid-pos.rules' " +
        '/etc/udev/rules.d/70-qr-till-hid-pos.rules'
    )
    expect(script).toContain('udevadm control --reload-rules')
    const remove = read('resources/linux/after-remove.sh')
    expect(remove).toContain("update-alternatives --remove '${executable}'")
    expect(remove).toContain('rm -f /etc/udev/rules.d/70-qr-till-hid-pos.rules')
  })
})
