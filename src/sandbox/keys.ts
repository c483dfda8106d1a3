import { createPublicKey, generateKeyPair, randomBytes, randomInt } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import { promisify } from 'node:util'
import { z } from 'zod'
import { keyProblem } from '../main/gateway/sign'
import { createLogger } from '../main/log'
import { writeAtomically } from '../main/till/secrets'

const log = createLogger('sandbox')

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
 * Reuses the credentials in `dir` when the set there is whole, else writes a fresh set. Files are
 * 0600 and the folder 0700: the private keys sign as the merchant and as the gateway.
 *
 * A crash must not leave a set that fails every later start, nor one that loads with keys of two
 * generations. Each file is written atomically, and `credentials.json` is the set's seal: it is
 * removed before the keys are replaced and written after them, so its presence says the four keys
 * beside it are the ones written with it. A set that is not whole (no seal, a key missing, cut
 * short, or not its pair's half) is replaced, with a warning that names what was wrong.
 */
export async function loadOrCreateKeyFiles(
  dir: string
): Promise<{ credentials: SandboxCredentials; files: SandboxKeyFiles; created: boolean }> {
  const files = sandboxKeyFiles(dir)
  const existing = readKeyFiles(files)
  if (existing.ok) return { credentials: existing.credentials, files, created: false }
  if (existing.problem !== null) {
    log.warn(
      `the sandbox keys in ${dir} cannot be used (${existing.problem}; a start that stopped ` +
        'while writing them leaves them so): writing a new set, with new ids'
    )
  }
  const credentials = await generateSandboxCredentials()
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  // Any crash while writing leaves no seal, so it ends here, where its temp files go too.
  removeLeftovers(files)
  rmSync(files.credentials, { force: true })
  writeAtomically(files.appPrivateKey, credentials.appPrivateKeyPem, 0o600)
  writeAtomically(files.appPublicKey, credentials.appPublicKeyPem, 0o600)
  writeAtomically(files.gatewayPrivateKey, credentials.gatewayPrivateKeyPem, 0o600)
  writeAtomically(files.gatewayPublicKey, credentials.gatewayPublicKeyPem, 0o600)
  writeAtomically(
    files.credentials,
    `${JSON.stringify(
      {
        app_id: credentials.appId,
        merchant_no: credentials.merchantNo,
        store_no: credentials.storeNo
      },
      null,
      2
    )}\n`,
    0o600
  )
  return { credentials, files, created: true }
}

type ReadKeyFiles =
  | { readonly ok: true; readonly credentials: SandboxCredentials }
  /** `problem` null: nothing there yet, a first start. */
  | { readonly ok: false; readonly problem: string | null }

function readKeyFiles(files: SandboxKeyFiles): ReadKeyFiles {
  const keyPaths = [
    files.appPrivateKey,
    files.appPublicKey,
    files.gatewayPrivateKey,
    files.gatewayPublicKey
  ]
  const texts = [files.credentials, ...keyPaths].map(readIfThere)
  const [idsText, appPrivate, appPublic, gatewayPrivate, gatewayPublic] = texts
  if (texts.every((text) => text === null)) return { ok: false, problem: null }
  const missing = [files.credentials, ...keyPaths].filter((_, index) => texts[index] === null)
  if (missing.length > 0) {
    return { ok: false, problem: `${missing.map((path) => basename(path)).join(', ')} missing` }
  }
  let ids: z.infer<typeof idsSchema>
  try {
    ids = idsSchema.parse(JSON.parse(idsText ?? ''))
  } catch {
    return { ok: false, problem: `${basename(files.credentials)} is not whole` }
  }
  const keys = [
    [files.appPrivateKey, appPrivate, 'private'],
    [files.appPublicKey, appPublic, 'public'],
    [files.gatewayPrivateKey, gatewayPrivate, 'private'],
    [files.gatewayPublicKey, gatewayPublic, 'public']
  ] as const
  for (const [path, text, kind] of keys) {
    const problem = keyProblem(text ?? '', kind)
    if (problem !== null) return { ok: false, problem: `${basename(path)}: ${problem}` }
  }
  const pairs = [
    [files.appPublicKey, appPrivate, appPublic],
    [files.gatewayPublicKey, gatewayPrivate, gatewayPublic]
  ] as const
  for (const [path, privatePem, publicPem] of pairs) {
    if (publicHalf(privatePem ?? '') !== publicHalf(publicPem ?? '')) {
      return { ok: false, problem: `${basename(path)} is not the half of its private key` }
    }
  }
  return {
    ok: true,
    credentials: {
      appId: ids.app_id,
      merchantNo: ids.merchant_no,
      storeNo: ids.store_no,
      appPrivateKeyPem: appPrivate ?? '',
      appPublicKeyPem: appPublic ?? '',
      gatewayPrivateKeyPem: gatewayPrivate ?? '',
      gatewayPublicKeyPem: gatewayPublic ?? ''
    }
  }
}

/** The text, or null when there is no such file; any other failure (EACCES) is not a crash's. */
function readIfThere(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

function publicHalf(pem: string): string {
  return createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64')
}

/** A crash between writing a temp file and renaming it leaves a key outside its file: remove it. */
function removeLeftovers(files: SandboxKeyFiles): void {
  let names: string[]
  try {
    names = readdirSync(files.dir)
  } catch {
    return
  }
  const ours = new Set(
    [
      files.appPrivateKey,
      files.appPublicKey,
      files.gatewayPrivateKey,
      files.gatewayPublicKey,
      files.credentials
    ].map((path) => basename(path))
  )
  for (const name of names) {
    const temp = /^(.+)\.\d+\.tmp$/.exec(name)
    if (temp?.[1] !== undefined && ours.has(temp[1])) {
      rmSync(join(files.dir, name), { force: true })
    }
  }
}
