import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import {
  defaultRefundScenarios,
  defaultScenarios,
  generateSandboxCredentials,
  loadOrCreateKeyFiles,
  sandboxErrors
} from '../../src/sandbox'

describe('generateSandboxCredentials', () => {
  it('issues ids shaped like PayCloud ones and two matching 2048-bit RSA pairs', async () => {
    const [first, second] = await Promise.all([
      generateSandboxCredentials(),
      generateSandboxCredentials()
    ])
    expect(first.appId).toMatch(/^wz[0-9a-f]{16}$/)
    expect(first.merchantNo).toMatch(/^3121\d{8}$/)
    expect(first.storeNo).toMatch(/^4121\d{6}$/)
    expect(first.appId).not.toBe(second.appId)

    const pairs = [
      [first.appPrivateKeyPem, first.appPublicKeyPem],
      [first.gatewayPrivateKeyPem, first.gatewayPublicKeyPem]
    ] as const
    for (const [privatePem, publicPem] of pairs) {
      expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
      expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/)
      const publicKey = createPublicKey(publicPem)
      expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048)
      const signature = sign('sha256', Buffer.from('x'), createPrivateKey(privatePem))
      expect(verify('sha256', Buffer.from('x'), publicKey, signature)).toBe(true)
    }
    // The till's pair and the gateway's pair are different keys.
    expect(first.appPublicKeyPem).not.toBe(first.gatewayPublicKeyPem)
  })
})

describe('loadOrCreateKeyFiles (npm run sandbox --keys-dir)', () => {
  it('writes the four PEM files and the ids 0600, then reuses them', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'qr-till-keys-')), 'sandbox')
    try {
      const first = await loadOrCreateKeyFiles(dir)
      expect(first.created).toBe(true)
      for (const name of [
        'app-private.pem',
        'app-public.pem',
        'gateway-private.pem',
        'gateway-public.pem',
        'credentials.json'
      ]) {
        expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600)
      }
      expect(readFileSync(join(dir, 'app-private.pem'), 'utf8')).toBe(
        first.credentials.appPrivateKeyPem
      )
      const second = await loadOrCreateKeyFiles(dir)
      expect(second.created).toBe(false)
      expect(second.credentials).toEqual(first.credentials)
    } finally {
      rmSync(dirname(dir), { recursive: true, force: true })
    }
  })
})

describe('docs/sandbox.md', () => {
  it('lists every default scenario and every error code', () => {
    const doc = readFileSync(join(__dirname, '../../docs/sandbox.md'), 'utf8')
    for (const rule of [...defaultScenarios, ...defaultRefundScenarios]) {
      expect(doc).toContain(`\`${rule.name}\``)
    }
    for (const code of Object.keys(sandboxErrors))
      expect(doc).toMatch(new RegExp(`\\| \`${code}\` +\\|`))
  })
})
