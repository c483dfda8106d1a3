import { generateKeyPair, randomBytes, randomInt } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { z } from 'zod'
import { loadPrivateKey, loadPublicKey } from '../main/gateway/sign'

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

/** Where `npm run sandbox` keeps its credentials, so a till can be pointed at the same ones. */
export interface SandboxKeyFiles {
  readonly dir: string
  readonly appPrivateKey: string
  readonly appPublicKey: string
  readonly gatewayPrivateKey: string
  readonly gatewayPublicKey: string
  /** `app_id`, `merchant_no`, `store_no` as JSON. */
  readonly credentials: string
}

export function sandboxKeyFiles(dir: string): SandboxKeyFiles {
  return {
    dir,
    appPrivateKey: join(dir, 'app-private.pem'),
    appPublicKey: join(dir, 'app-public.pem'),
    gatewayPrivateKey: join(dir, 'gateway-private.pem'),
    gatewayPublicKey: join(dir, 'gateway-public.pem'),
    credentials: join(dir, 'credentials.json')
  }
}

const idsSchema = z.object({
  app_id: z.string().regex(/^[A-Za-z0-9]{1,64}$/),
  merchant_no: z.string().regex(/^[A-Za-z0-9]{1,64}$/),
  store_no: z.string().regex(/^[A-Za-z0-9]{1,64}$/)
})

/**
 * Reuses the credentials in `dir` when all five files are there, else writes fresh ones. Files are
 * 0600 and the folder 0700: the private keys sign as the merchant and as the gateway.
 */
export async function loadOrCreateKeyFiles(
  dir: string
): Promise<{ credentials: SandboxCredentials; files: SandboxKeyFiles; created: boolean }> {
  const files = sandboxKeyFiles(dir)
  const paths = [
    files.appPrivateKey,
    files.appPublicKey,
    files.gatewayPrivateKey,
    files.gatewayPublicKey,
    files.credentials
  ]
  if (paths.every((path) => existsSync(path))) {
    const ids = idsSchema.parse(JSON.parse(readFileSync(files.credentials, 'utf8')))
    const credentials: SandboxCredentials = {
      appId: ids.app_id,
      merchantNo: ids.merchant_no,
      storeNo: ids.store_no,
      appPrivateKeyPem: readFileSync(files.appPrivateKey, 'utf8'),
      appPublicKeyPem: readFileSync(files.appPublicKey, 'utf8'),
      gatewayPrivateKeyPem: readFileSync(files.gatewayPrivateKey, 'utf8'),
      gatewayPublicKeyPem: readFileSync(files.gatewayPublicKey, 'utf8')
    }
    // Fail here, with the file named, rather than on the first request.
    loadPrivateKey(credentials.appPrivateKeyPem)
    loadPublicKey(credentials.appPublicKeyPem)
    loadPrivateKey(credentials.gatewayPrivateKeyPem)
    loadPublicKey(credentials.gatewayPublicKeyPem)
    return { credentials, files, created: false }
  }
  const credentials = await generateSandboxCredentials()
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const write = (path: string, text: string): void => {
    writeFileSync(path, text, { mode: 0o600 })
    // writeFileSync keeps the mode of a file that already existed.
    chmodSync(path, 0o600)
  }
  write(files.appPrivateKey, credentials.appPrivateKeyPem)
  write(files.appPublicKey, credentials.appPublicKeyPem)
  write(files.gatewayPrivateKey, credentials.gatewayPrivateKeyPem)
  write(files.gatewayPublicKey, credentials.gatewayPublicKeyPem)
  write(
    files.credentials,
    `${JSON.stringify(
      {
        app_id: credentials.appId,
        merchant_no: credentials.merchantNo,
        store_no: credentials.storeNo
      },
      null,
      2
    )}\n`
  )
  return { credentials, files, created: true }
}
