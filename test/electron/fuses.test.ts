import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const builder = readFileSync(join(__dirname, '../../electron-builder.yml'), 'utf8')

/** `key: value` lines of the top-level `electronFuses:` block of electron-builder.yml. */
function fuses(): Record<string, string> {
  const block = /^electronFuses:\n((?: {2}.*\n)+)/m.exec(builder)?.[1] ?? ''
  return Object.fromEntries(
    [...block.matchAll(/^ {2}(\w+): (\w+)/gm)].map((match) => [match[1], match[2]])
  )
}

describe('the packaged app’s Electron fuses', () => {
  // Unflipped, anyone who can start a program as the shop's user runs their own code as QR Till
  // (ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect): on macOS that process may read the keychain
  // item safeStorage keeps the gateway private key under, which is the app's alone.
  it('refuse to run the binary as Node, take NODE_OPTIONS, or open an inspector', () => {
    expect(fuses()).toMatchObject({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false'
    })
  })

  it('load the app only from its archive, and give file:// pages nothing extra', () => {
    // The screens come from qrtill:// (protocol.ts); nothing is ever a file:// page.
    expect(fuses()).toMatchObject({
      onlyLoadAppFromAsar: 'true',
      grantFileProtocolExtraPrivileges: 'false'
    })
  })
})
