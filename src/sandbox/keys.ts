import { generateKeyPair, randomBytes, randomInt } from 'node:crypto'
import { promisify } from 'node:util'

const generateRsa = promisify(generateKeyPair)

export interface SandboxCredentials {
  readonly appId: string
  readonly merchantNo: string
  readonly storeNo: string
  /** The till's key pair: the till signs with the private key, the sandbox verifies. */
  readonly appPrivateKeyPem: string
  readonly appPublicKeyPem: string
  /** The sandbox's key pair: it signs replies, the till verifies with the public key. */
  readonly gatewayPrivateKeyPem: string
  readonly gatewayPublicKeyPem: string
}

/**
 * Fresh credentials shaped like the ones PayCloud issues (API.md §2, §4.1): `wz` + 16 hex app id,
 * a 12-digit `3121…` merchant, a 10-digit `4121…` store, two 2048-bit RSA key pairs in PEM
 * (PKCS#8 private, SPKI public).
 */
export async function generateSandboxCredentials(): Promise<SandboxCredentials> {
  const [app, gateway] = await Promise.all([rsaPair(), rsaPair()])
  return {
    appId: `wz${randomBytes(8).toString('hex')}`,
    merchantNo: `3121${digits(8)}`,
    storeNo: `4121${digits(6)}`,
    appPrivateKeyPem: app.privateKey,
    appPublicKeyPem: app.publicKey,
    gatewayPrivateKeyPem: gateway.privateKey,
    gatewayPublicKeyPem: gateway.publicKey
  }
}

function rsaPair(): Promise<{ publicKey: string; privateKey: string }> {
  return generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' }
  })
}

function digits(count: number): string {
  return Array.from({ length: count }, () => String(randomInt(10))).join('')
}
