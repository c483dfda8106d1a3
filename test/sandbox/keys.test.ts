import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { setLogSink } from '../../src/main/log'
import {
  defaultRefundScenarios,
  defaultScenarios,
  generateSandboxCredentials,
  loadOrCreateKeyFiles,
  sandboxErrors,
  type SandboxCredentials
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

describe('loadOrCreateKeyFiles after a crash', () => {
  const dirs: string[] = []
  const warnings: string[] = []
  afterEach(() => {
    setLogSink(() => undefined, 'error')
    warnings.length = 0
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  /** A set written once, and a log that keeps the warnings of what follows. */
  async function written(): Promise<{ dir: string; first: SandboxCredentials }> {
    const parent = mkdtempSync(join(tmpdir(), 'qr-till-keys-'))
    dirs.push(parent)
    const dir = join(parent, 'sandbox')
    const { credentials } = await loadOrCreateKeyFiles(dir)
    setLogSink(({ level, message }) => {
      if (level === 'warn') warnings.push(message)
    }, 'debug')
    return { dir, first: credentials }
  }

  /** The next start writes a whole new set, which the start after reuses as it is. */
  async function expectReplaced(dir: string, first: SandboxCredentials): Promise<void> {
    const next = await loadOrCreateKeyFiles(dir)
    expect(next.created).toBe(true)
    expect(next.credentials.appId).not.toBe(first.appId)
    const after = await loadOrCreateKeyFiles(dir)
    expect(after).toMatchObject({ created: false, credentials: next.credentials })
  }

  it.each([
    ['gateway-private.pem', 'gateway-private.pem: its PEM cannot be read'],
    ['app-public.pem', 'app-public.pem: its PEM cannot be read'],
    ['credentials.json', 'credentials.json is not whole']
  ])('replaces a set whose %s was cut short, saying so', async (name, problem) => {
    const { dir, first } = await written()
    const path = join(dir, name)
    writeFileSync(path, readFileSync(path, 'utf8').slice(0, 40))
    await expectReplaced(dir, first)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(`the sandbox keys in ${dir} cannot be used (${problem}`)
  })

  it('replaces a set with no credentials.json, and removes the temp files left behind', async () => {
    const { dir, first } = await written()
    rmSync(join(dir, 'credentials.json'))
    writeFileSync(join(dir, 'app-private.pem.4242.tmp'), first.appPrivateKeyPem.slice(0, 100))
    await expectReplaced(dir, first)
    expect(warnings[0]).toContain('(credentials.json missing')
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('does not reuse keys of two generations', async () => {
    const { dir, first } = await written()
    const other = await generateSandboxCredentials()
    writeFileSync(join(dir, 'app-public.pem'), other.appPublicKeyPem)
    await expectReplaced(dir, first)
    expect(warnings[0]).toContain('app-public.pem is not the half of its private key')
    expect(existsSync(join(dir, 'credentials.json'))).toBe(true)
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
