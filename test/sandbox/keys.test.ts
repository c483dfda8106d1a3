import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateSandboxCredentials } from '../../src/sandbox'

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
