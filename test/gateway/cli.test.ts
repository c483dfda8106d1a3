import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createGatewayClient } from '../../src/main/gateway'
import { exitCodes, main, type CliIo } from '../../src/main/gateway/cli/main'
import { resolveGateway } from '../../src/main/gateway/cli/config'
import { setLogSink } from '../../src/main/log'
import { generateSandboxCredentials, startSandbox } from '../../src/sandbox'
import type { Sandbox, SandboxCredentials } from '../../src/sandbox'
import { opensslKey, opensslSign, scriptedServer, signedEnvelope, type OpensslKey } from './helpers'
import { literal, miniGateway, type MiniGateway, type MiniGatewayOptions } from './mini-gateway'

/**
 * The command-line tool end to end: `main` with its own streams, against the real sandbox over
 * HTTP where the sandbox answers the method (order.query), and against the signed test gateway
 * of mini-gateway.ts for cancel and refunds, which the sandbox does not answer yet.
 */

const start = Date.UTC(2026, 0, 15, 3, 0, 0)
let keys: SandboxCredentials
let strangers: SandboxCredentials
let openssl: OpensslKey
let dir: string
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  ;[keys, strangers] = await Promise.all([
    generateSandboxCredentials(),
    generateSandboxCredentials()
  ])
  openssl = opensslKey()
  dir = mkdtempSync(join(tmpdir(), 'qr-till-cli-'))
  writeFileSync(join(dir, 'app-private.pem'), keys.appPrivateKeyPem)
  writeFileSync(join(dir, 'gateway-public.pem'), keys.gatewayPublicKeyPem)
  writeFileSync(join(dir, 'stranger-public.pem'), strangers.gatewayPublicKeyPem)
})

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

afterAll(() => {
  openssl.remove()
  rmSync(dir, { recursive: true, force: true })
  setLogSink(() => undefined, 'error')
})

interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

async function run(
  argv: string[],
  options: { tty?: string; env?: Record<string, string> } = {}
): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const stdin = Object.assign(new PassThrough(), { isTTY: options.tty !== undefined })
  if (options.tty !== undefined) stdin.end(options.tty)
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin,
    env: options.env ?? { QR_TILL_DATA_DIR: join(dir, 'no-such-till') },
    cwd: dir,
    now: () => start
  }
  const code = await main(argv, io)
  return { code, stdout, stderr }
}

/** A till data folder whose settings.json points at `baseUrl`, keys in keys/ (settings.ts). */
function dataDir(
  baseUrl: string,
  name: string,
  more: { definiteRefusalCodes?: string[]; refusalMeanings?: Record<string, string[]> } = {}
): string {
  const folder = join(dir, name)
  mkdirSync(join(folder, 'keys'), { recursive: true })
  writeFileSync(
    join(folder, 'settings.json'),
    JSON.stringify({
      currency: 'JPY',
      gateway: {
        baseUrl,
        appId: keys.appId,
        merchantNo: keys.merchantNo,
        storeNo: keys.storeNo,
        ...more
      }
    })
  )
  writeFileSync(join(folder, 'keys', 'app-private.pem'), keys.appPrivateKeyPem)
  writeFileSync(join(folder, 'keys', 'gateway-public.pem'), keys.gatewayPublicKeyPem)
  return folder
}

/** Every gateway flag, no data folder needed. */
function flagsFor(baseUrl: string): string[] {
  return [
    '--base-url',
    baseUrl,
    '--app-id',
    keys.appId,
    '--merchant-no',
    keys.merchantNo,
    '--store-no',
    keys.storeNo,
    '--private-key',
    'app-private.pem',
    '--gateway-public-key',
    'gateway-public.pem'
  ]
}

async function sandbox(options: { minCancelDelayMs?: number } = {}): Promise<Sandbox> {
  const running = await startSandbox({
    ...options,
    appId: keys.appId,
    merchantNo: keys.merchantNo,
    storeNo: keys.storeNo,
    appPublicKeyPem: keys.appPublicKeyPem,
    gatewayPrivateKeyPem: keys.gatewayPrivateKeyPem,
    now: () => start
  })
  cleanups.push(() => running.close())
  return running
}

async function mini(options: MiniGatewayOptions = {}): Promise<MiniGateway> {
  const gateway = await miniGateway(keys, options)
  cleanups.push(() => gateway.close())
  return gateway
}

/** A paid order at `baseUrl`, made by the real client. */
async function paidOrder(baseUrl: string, merchantOrderNo: string): Promise<string> {
  const till = createGatewayClient(
    {
      baseUrl,
      appId: keys.appId,
      merchantNo: keys.merchantNo,
      storeNo: keys.storeNo,
      appPrivateKeyPem: keys.appPrivateKeyPem,
      gatewayPublicKeyPem: keys.gatewayPublicKeyPem
    },
    { now: () => start }
  )
  const paid = await till.submitCpm({
    merchantOrderNo,
    authCode: '134567890123456789',
    payMethodId: 'WeChatPay',
    amount: { minor: 1200, currency: 'JPY' },
    description: 'QR Till sale',
    expiresSeconds: 60
  })
  if (!paid.ok) throw new Error(JSON.stringify(paid.error))
  return paid.value.transNo
}

function json(output: string): Record<string, unknown> {
  return JSON.parse(output) as Record<string, unknown>
}

describe('usage', () => {
  it('prints help, and exits 2 for no command, an unknown one or an unknown flag', async () => {
    const help = await run(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('query-refund')
    expect(help.stdout).toMatch(/Exit codes: 0 ok; 1 .*\n.* 3 outcome unknown .* 4 signature/)
    const refund = await run(['refund', '--help'])
    expect(refund.code).toBe(0)
    expect(refund.stdout).toContain('Usage: npm run paycloud -- refund <orig_merchant_order_no>')
    expect(refund.stdout).toContain('--gateway-public-key FILE')
    expect((await run(['help', 'verify'])).stdout).toContain('verify <reply-or-notification.json>')

    expect((await run([])).code).toBe(exitCodes.usage)
    const unknown = await run(['pay'])
    expect(unknown).toMatchObject({ code: 2, stdout: '' })
    expect(unknown.stderr).toContain('unknown command pay')
    const flag = await run(['query-order', 'QT1', '--bogus'])
    expect(flag.code).toBe(2)
    expect(flag.stderr).toMatch(/Unknown option '--bogus'[\s\S]*Usage: paycloud query-order/)
    expect((await run(['query-order'])).code).toBe(2)
    expect((await run(['query-order', 'QT1', '--trans-no', 'T1'])).code).toBe(2)
    expect(help.stdout).toContain('--verbose')
    expect((await run(['cancel', '--help'])).stdout).toMatch(/--verbose +show the client's log/)
  })

  it('keeps the --json promise for a usage error the parser finds, or an unknown command', async () => {
    for (const argv of [
      ['query-order', 'QT1', '--bogus', '--json'],
      ['pay', '--json'],
      ['refund', 'QT1', '-5', '--json', '--yes']
    ]) {
      const result = await run(argv)
      expect(result).toMatchObject({ code: 2, stderr: '' })
      expect(json(result.stdout)).toMatchObject({
        ok: false,
        exitCode: 2,
        error: { kind: 'usage' }
      })
    }
    // After `--`, "--json" is an argument, not the flag.
    const literal = await run(['query-order', '--bogus', '--', '--json'])
    expect(literal).toMatchObject({ code: 2, stdout: '' })
  })

  it('says where it looked when no gateway is configured', async () => {
    mkdirSync(join(dir, 'empty-till'), { recursive: true })
    const result = await run(['query-order', 'QT1', '--data-dir', 'empty-till'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(join(dir, 'empty-till', 'settings.json'))
    expect(result.stderr).toContain('--base-url --app-id --merchant-no --store-no')
  })

  it('says so when the data folder does not exist, and where the name came from', async () => {
    const typo = await run(['query-order', 'QT1', '--data-dir', 'no-such-folder'])
    expect(typo).toMatchObject({ code: 2, stdout: '' })
    expect(typo.stderr).toContain(
      `There is no till data folder at ${join(dir, 'no-such-folder')} (--data-dir).`
    )
    expect(typo.stderr).toContain('--base-url --app-id --merchant-no --store-no')
    expect(typo.stderr).not.toContain('settings.json')

    writeFileSync(join(dir, 'one-field.json'), '{"a":"1"}')
    const fromEnv = await run(['sign', 'one-field.json'])
    expect(fromEnv.code).toBe(2)
    expect(fromEnv.stderr).toContain(
      `There is no till data folder at ${join(dir, 'no-such-till')} (QR_TILL_DATA_DIR). ` +
        'Pass --private-key FILE.'
    )
    // The per-user folder is under XDG_CONFIG_HOME on Linux only (paths.ts).
    if (process.platform === 'linux') {
      const perUser = await run(['verify', 'one-field.json'], {
        env: { XDG_CONFIG_HOME: join(dir, 'no-config-home') }
      })
      expect(perUser.code).toBe(2)
      expect(perUser.stderr).toContain('(the per-user default: no till has run as this user)')
      expect(perUser.stderr).toContain('Pass --gateway-public-key FILE.')
    }
  })

  it('reports a broken settings.json and a missing key file readably', async () => {
    const broken = join(dir, 'broken-till')
    mkdirSync(broken, { recursive: true })
    writeFileSync(join(broken, 'settings.json'), '{"gateway": ')
    const bad = await run(['query-order', 'QT1', '--data-dir', broken])
    expect(bad).toMatchObject({ code: 2, stdout: '' })
    expect(bad.stderr).toContain('settings.json is not valid JSON')

    const missing = await run([
      'query-order',
      'QT1',
      ...flagsFor('http://127.0.0.1:9').slice(0, 8),
      '--private-key',
      'nope.pem',
      '--gateway-public-key',
      'gateway-public.pem'
    ])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(
      `Cannot read the app private key file ${join(dir, 'nope.pem')} (ENOENT)`
    )
    writeFileSync(join(dir, 'tiny.json'), '{"a":"1"}')
    const notKey = await run(['sign', 'tiny.json', '--private-key', 'gateway-public.pem'])
    expect(notKey.code).toBe(2)
    expect(notKey.stderr).toContain(
      `${join(dir, 'gateway-public.pem')} does not hold an RSA app private key`
    )
  })
})

describe('sign and verify', () => {
  it('prints the string to sign and the openssl signature, the auth code cut to four digits', async () => {
    const params =
      '{"app_id":"wz0000000000000000","method":"bscanc.pay.submit","order_amount":1.0,' +
      '"description":"テスト注文 ¥1,200","auth_code":"134567890123456789","attach":""}\n'
    writeFileSync(join(dir, 'params.json'), params)
    const full =
      'app_id=wz0000000000000000&auth_code=134567890123456789&description=テスト注文 ¥1,200' +
      '&method=bscanc.pay.submit&order_amount=1.0'
    const golden = opensslSign(full, openssl.pkcs8PrivatePath, openssl.dir)

    const text = await run(['sign', 'params.json', '--private-key', openssl.pkcs1PrivatePath])
    expect(text.code).toBe(0)
    expect(text.stdout).toContain(full.replace('134567890123456789', '…6789'))
    expect(text.stdout).toContain(golden)
    expect(text.stdout).toMatch(
      /^Signed fields +app_id, auth_code, description, method, order_amount$/m
    )
    expect(text.stdout + text.stderr).not.toContain('134567890123456789')
    expect(text.stdout + text.stderr).not.toContain('PRIVATE KEY')

    const machine = await run([
      'sign',
      'params.json',
      '--json',
      '--private-key',
      openssl.pkcs8PrivatePath
    ])
    expect(json(machine.stdout)).toMatchObject({ ok: true, sign: golden })
  })

  it('cuts an auth code written as a bare JSON number too, in text and in --json', async () => {
    // Valid JSON, and signed as its literal: the signature still covers the whole code.
    writeFileSync(
      join(dir, 'numeric.json'),
      '{"app_id":"wz0000000000000000","auth_code":134567890123456789}\n'
    )
    const full = 'app_id=wz0000000000000000&auth_code=134567890123456789'
    const golden = opensslSign(full, openssl.pkcs8PrivatePath, openssl.dir)
    for (const extra of [[], ['--json']]) {
      const result = await run([
        'sign',
        'numeric.json',
        '--private-key',
        openssl.pkcs8PrivatePath,
        ...extra
      ])
      expect(result.code).toBe(0)
      expect(result.stdout).toContain(golden)
      expect(result.stdout).toContain('auth_code=…6789')
      expect(result.stdout + result.stderr).not.toContain('134567890123456789')
    }
  })

  it('takes the key of the configured till, and refuses a file that is not JSON', async () => {
    writeFileSync(join(dir, 'small.json'), '{"a":"1"}')
    const till = dataDir('http://127.0.0.1:9', 'sign-till')
    const signed = await run(['sign', 'small.json', '--json'], { env: { QR_TILL_DATA_DIR: till } })
    expect(signed.code).toBe(0)
    expect(json(signed.stdout)['key']).toBe(join(till, 'settings.json'))

    writeFileSync(join(dir, 'bad.json'), '{"a":1,}')
    const bad = await run(['sign', 'bad.json', '--private-key', 'app-private.pem'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain(`${join(dir, 'bad.json')} is not a JSON object: expected '"'`)
    const none = await run(['sign', 'missing.json', '--private-key', 'app-private.pem'])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('(ENOENT)')
  })

  it('verifies a saved reply over its raw text, and fails a tampered one with exit 4', async () => {
    const reply = signedEnvelope(
      { code: '0', msg: 'Success', psn: 'P1', data: '{"trans_no":"T1","amount":1.0}' },
      keys.gatewayPrivateKeyPem
    )
    // An empty field, as a gateway may send it: left out of the string (§4.2 step 2).
    writeFileSync(join(dir, 'reply.json'), `${reply.replace('{', '{"attach":"",')}\n`)
    const ok = await run(['verify', 'reply.json', '--gateway-public-key', 'gateway-public.pem'])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(/^Signed fields +code, data, msg, psn$/m)
    expect(ok.stdout).toMatch(/^Left out \(empty\) +attach$/m)
    expect(ok.stdout).toMatch(/^Signature +OK$/m)

    writeFileSync(join(dir, 'tampered.json'), reply.replace('"psn":"P1"', '"psn":"P2"'))
    const tampered = await run([
      'verify',
      'tampered.json',
      '--gateway-public-key',
      'gateway-public.pem'
    ])
    expect(tampered.code).toBe(exitCodes.signature)
    expect(tampered.stdout).toMatch(/^Signature +FAILED$/m)
    const stranger = await run([
      'verify',
      'reply.json',
      '--json',
      '--gateway-public-key',
      'stranger-public.pem'
    ])
    expect(stranger.code).toBe(4)
    expect(json(stranger.stdout)).toMatchObject({
      ok: false,
      verified: false,
      signedFields: ['code', 'data', 'msg', 'psn'],
      emptyFieldsLeftOut: ['attach']
    })
  })

  it('verifies a form-encoded notification', async () => {
    const fields = { merchant_order_no: 'QT1', trans_status: '2', order_amount: '1200' }
    const reply = JSON.parse(signedEnvelope(fields, keys.gatewayPrivateKeyPem)) as Record<
      string,
      string
    >
    writeFileSync(join(dir, 'notify.txt'), new URLSearchParams(reply).toString())
    const ok = await run(['verify', 'notify.txt', '--gateway-public-key', 'gateway-public.pem'])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(/^Signed fields +merchant_order_no, order_amount, trans_status$/m)
  })
})

describe('the gateway the tool talks to', () => {
  it('takes every timeout from settings.json, as the till does, unless a flag says otherwise', () => {
    const till = dataDir('http://127.0.0.1:9', 'timeouts-till', {})
    const settings = JSON.parse(readFileSync(join(till, 'settings.json'), 'utf8')) as {
      gateway: Record<string, unknown>
    }
    settings.gateway = {
      ...settings.gateway,
      timeoutMs: 20_000,
      connectTimeoutMs: 4_000,
      readTimeoutMs: 15_000
    }
    writeFileSync(join(till, 'settings.json'), JSON.stringify(settings))
    const context = { env: {}, cwd: dir }
    expect(resolveGateway({ 'data-dir': till }, context).config).toMatchObject({
      timeoutMs: 20_000,
      connectTimeoutMs: 4_000,
      readTimeoutMs: 15_000
    })
    expect(
      resolveGateway({ 'data-dir': till, 'read-timeout-ms': '9000' }, context).config
    ).toMatchObject({ connectTimeoutMs: 4_000, readTimeoutMs: 9_000 })
  })
})

describe('query-order and query-refund', () => {
  it('signs with the keys the till signs with: imported in Settings before keys/*.pem', async () => {
    const gateway = await sandbox()
    await paidOrder(gateway.url, 'QTCLI0009')
    const till = dataDir(gateway.url, 'imported-till')
    // Settings' import put the right keys in secrets/; keys/ holds an older, retired pair.
    mkdirSync(join(till, 'secrets'), { recursive: true })
    writeFileSync(join(till, 'secrets', 'app-private-key'), keys.appPrivateKeyPem)
    writeFileSync(join(till, 'secrets', 'gateway-public-key'), keys.gatewayPublicKeyPem)
    writeFileSync(join(till, 'keys', 'app-private.pem'), strangers.appPrivateKeyPem)
    const result = await run(['query-order', 'QTCLI0009', '--data-dir', till])
    expect(result).toMatchObject({ code: 0, stderr: '' })

    // Keys the desktop app encrypted for itself: said, not silently replaced by keys/*.pem.
    rmSync(join(till, 'secrets', 'app-private-key'))
    writeFileSync(join(till, 'secrets', 'app-private-key.enc'), 'sealed')
    const sealed = await run(['query-order', 'QTCLI0009', '--data-dir', till])
    expect(sealed.code).toBe(2)
    expect(sealed.stderr).toContain('encrypted for it alone (app-private-key)')
  })

  it('queries the real sandbox with the till data folder', async () => {
    const gateway = await sandbox()
    const transNo = await paidOrder(gateway.url, 'QTCLI0001')
    const till = dataDir(gateway.url, 'sandbox-till')
    const result = await run(['query-order', 'QTCLI0001', '--data-dir', till])
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout).toMatch(/^Merchant order no {2}QTCLI0001$/m)
    expect(result.stdout).toMatch(new RegExp(`^Trans no +${transNo}$`, 'm'))
    expect(result.stdout).toMatch(/^Status +2 completed \(paid\)$/m)
    expect(result.stdout).toMatch(/^Amount +1200 JPY$/m)
    expect(result.stdout).toMatch(/^Finished \(UTC\) +2026-01-15 03:00:00$/m)

    const machine = await run(['query-order', 'QTCLI0001', '--json'], {
      env: { QR_TILL_DATA_DIR: till }
    })
    expect(json(machine.stdout)).toMatchObject({
      ok: true,
      order: { transNo, transStatus: 2, orderAmountMinor: 1200 }
    })
    const missing = await run(['query-order', 'QTNOSUCH', '--data-dir', till])
    expect(missing.code).toBe(exitCodes.failed)
    expect(missing.stderr).toContain('the gateway refused: ORDER_NOT_FOUND No such order')
  })

  it('queries by trans_no with every setting from flags, and exits 1 for a closed order', async () => {
    const gateway = await mini()
    const transNo = await paidOrder(gateway.url, 'QTCLI0002')
    gateway.orders.get('QTCLI0002')!.status = 1
    const result = await run(['query-order', '--trans-no', transNo, ...flagsFor(gateway.url)])
    expect(result.code).toBe(exitCodes.failed)
    expect(result.stdout).toMatch(/^Status +1 closed/m)
    expect(gateway.requests[1]?.fields['trans_no']).toBe(transNo)
  })

  it('lets flags override the data folder, path suffixes included', async () => {
    const real = await mini()
    await paidOrder(real.url, 'QTCLI0003')
    const till = dataDir('http://127.0.0.1:9', 'override-till')
    const result = await run([
      'query-order',
      'QTCLI0003',
      '--data-dir',
      till,
      '--base-url',
      real.url,
      '--path-suffixes',
      'doc'
    ])
    expect(result.code).toBe(0)
    expect(real.requests[1]?.path).toBe('/api/entry/orderquery')
  })

  it('exits 4 when the reply signature does not verify with the configured key', async () => {
    const gateway = await mini()
    await paidOrder(gateway.url, 'QTCLI0004')
    const flags = flagsFor(gateway.url)
    flags[flags.length - 1] = 'stranger-public.pem'
    const result = await run(['query-order', 'QTCLI0004', ...flags])
    expect(result.code).toBe(exitCodes.signature)
    expect(result.stderr).toContain('the reply signature is invalid')
  })

  it('exits 3 when a query gets no answer in time', async () => {
    const silent = await scriptedServer(() => undefined)
    cleanups.push(() => silent.close())
    const result = await run([
      'query-refund',
      'RF1',
      '--json',
      '--timeout-ms',
      '200',
      ...flagsFor(silent.url)
    ])
    expect(result.code).toBe(exitCodes.unknown)
    expect(json(result.stdout)).toMatchObject({
      ok: false,
      exitCode: 3,
      outcomeUnknown: false,
      error: { kind: 'timeout', phase: 'total' }
    })
  })
})

describe('cancel and refund move money only when confirmed', () => {
  it('refuses without a terminal unless --yes, and sends nothing', async () => {
    const gateway = await mini()
    await paidOrder(gateway.url, 'QTCLI0005')
    for (const argv of [
      ['cancel', 'QTCLI0005'],
      ['refund', 'QTCLI0005', '100']
    ]) {
      const result = await run([...argv, ...flagsFor(gateway.url)])
      expect(result.code).toBe(exitCodes.usage)
      expect(result.stderr).toContain('stdin is not a terminal to confirm on; pass --yes')
    }
    expect(gateway.requests).toHaveLength(1)
  })

  it('asks on a terminal: no sends nothing, yes cancels and shows the state', async () => {
    const gateway = await mini()
    await paidOrder(gateway.url, 'QTCLI0006')
    const no = await run(['cancel', 'QTCLI0006', ...flagsFor(gateway.url)], { tty: 'n\n' })
    expect(no.code).toBe(2)
    expect(no.stderr).toMatch(/^Cancel order QTCLI0006 at http:\/\/127\.0\.0\.1:\d+\?.*\[y\/N\] /)
    expect(gateway.requests).toHaveLength(1)

    const yes = await run(['cancel', 'QTCLI0006', ...flagsFor(gateway.url)], { tty: 'y\n' })
    expect(yes.code).toBe(0)
    expect(yes.stdout).toMatch(/^Cancel +accepted by the gateway$/m)
    expect(yes.stdout).toMatch(/^Status +3 cancelled \(reversed\)$/m)
    expect(gateway.requests.map((r) => r.fields['method'])).toEqual([
      'bscanc.pay.submit',
      'order.revoker',
      'order.query'
    ])
  })

  it('exits 3 when the gateway refuses a cancel with a code nobody said is final (API.md §3)', async () => {
    const gateway = await mini()
    const result = await run(['cancel', 'QTNOSUCH', '--yes', ...flagsFor(gateway.url)])
    expect(result.code).toBe(exitCodes.unknown)
    expect(result.stderr).toContain('ORDER_NOT_FOUND')
    expect(result.stderr).toContain('The outcome is unknown')
  })

  it('exits 1 when the refusal is signed with a code settings.json lists as final', async () => {
    const gateway = await mini()
    const till = dataDir(gateway.url, 'definite-till', {
      definiteRefusalCodes: ['ORDER_NOT_FOUND']
    })
    const result = await run(['cancel', 'QTNOSUCH', '--yes', '--data-dir', till])
    expect(result.code).toBe(exitCodes.failed)
    expect(result.stderr).toContain('ORDER_NOT_FOUND')
  })

  it('names the meaning settings.json gives a refusal code, and none without it', async () => {
    const gateway = await mini()
    const plain = await run(['query-order', 'QTNOSUCH', '--data-dir', dataDir(gateway.url, 'a')])
    expect(plain.stderr).toContain('ORDER_NOT_FOUND No such order')
    expect(plain.stderr).not.toContain('refusalMeanings')
    const till = dataDir(gateway.url, 'meanings-till', {
      refusalMeanings: { unknownNumber: ['ORDER_NOT_FOUND'] }
    })
    const result = await run(['query-order', 'QTNOSUCH', '--data-dir', till])
    expect(result.code).toBe(exitCodes.failed)
    expect(result.stderr).toMatch(
      /ORDER_NOT_FOUND No such order \(psn [^)]+\) \[refusalMeanings: unknownNumber\]/
    )
  })

  it('refunds with --yes: a generated refund number, major units, the state after', async () => {
    const gateway = await mini()
    await paidOrder(gateway.url, 'QTCLI0007')
    const till = dataDir(gateway.url, 'refund-till')
    const result = await run([
      'refund',
      'QTCLI0007',
      '500',
      '--reason',
      'Wrong size 👕',
      '--yes',
      '--json',
      '--data-dir',
      till
    ])
    expect(result.code).toBe(0)
    const out = json(result.stdout)
    expect(out['refundNo']).toMatch(/^RF20260115030000[0-9A-HJ-NP-Z]{8}$/)
    expect(out).toMatchObject({ ok: true, state: { transStatus: 2, amountMinor: 500 } })
    const sent = gateway.requests[1]?.fields ?? {}
    expect(sent).toMatchObject({
      method: 'order.refund.submit',
      orig_merchant_order_no: 'QTCLI0007',
      merchant_order_no: out['refundNo'],
      price_currency: 'JPY',
      description: 'Wrong size'
    })
    expect(literal(sent['order_amount'])).toBe('500')

    const query = await run(['query-refund', String(out['refundNo']), '--data-dir', till])
    expect(query.code).toBe(0)
    expect(query.stdout).toMatch(/^Status +2 refunded$/m)
    expect(query.stdout).toMatch(/^Amount +500 JPY$/m)
  })

  it('refunds in another currency with a given refund number, by terminal confirmation', async () => {
    const gateway = await mini()
    const flags = flagsFor(gateway.url)
    await paidOrder(gateway.url, 'QTCLI0008')
    gateway.orders.get('QTCLI0008')!.currency = 'USD'
    gateway.orders.get('QTCLI0008')!.minor = 120000
    const result = await run(
      ['refund', 'QTCLI0008', '12.30', '--currency', 'usd', '--refund-no', 'RFCLI0008', ...flags],
      { tty: 'yes\n' }
    )
    expect(result.stderr).toContain('Refund 12.30 USD of order QTCLI0008 as refund RFCLI0008')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Refund no +RFCLI0008$/m)
    expect(literal(gateway.requests[1]?.fields['order_amount'])).toBe('12.30')

    const bad = await run(['refund', 'QTCLI0008', '12.345', '--currency', 'USD', '--yes', ...flags])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('12.345 is not a positive amount in USD')
  })

  it('exits 3 with how to follow up when a refund has no trustworthy answer', async () => {
    const systemError = await mini({
      refuse: (fields) =>
        fields['method'] === 'order.refund.submit' ? { code: 'E999', msg: 'System error' } : null
    })
    await paidOrder(systemError.url, 'QTCLI0009')
    const result = await run([
      'refund',
      'QTCLI0009',
      '100',
      '--refund-no',
      'RFCLI0009',
      '--yes',
      ...flagsFor(systemError.url)
    ])
    expect(result.code).toBe(exitCodes.unknown)
    expect(result.stderr).toContain('The outcome is unknown')
    expect(result.stderr).toContain('query-refund RFCLI0009')
    expect(result.stderr).toContain('--refund-no RFCLI0009 (never a new one)')

    const silent = await scriptedServer(() => undefined)
    cleanups.push(() => silent.close())
    const timedOut = await run([
      'cancel',
      'QT1',
      '--yes',
      '--json',
      '--timeout-ms',
      '200',
      ...flagsFor(silent.url)
    ])
    expect(timedOut.code).toBe(exitCodes.unknown)
    expect(json(timedOut.stdout)).toMatchObject({
      outcomeUnknown: true,
      error: { kind: 'timeout' }
    })
  })
})

describe('cancel and refund against the real sandbox', () => {
  it('refunds, queries the refund, and cancels a paid CPM order', async () => {
    const gateway = await sandbox({ minCancelDelayMs: 0 })
    await paidOrder(gateway.url, 'QTCLI0010')
    await paidOrder(gateway.url, 'QTCLI0011')
    const till = dataDir(gateway.url, 'sandbox-money-till')

    const refund = await run([
      'refund',
      'QTCLI0010',
      '200',
      '--refund-no',
      'RFCLI0010',
      '--yes',
      '--data-dir',
      till
    ])
    expect(refund.code).toBe(0)
    expect(refund.stdout).toMatch(/^Refund +accepted: 200 JPY of order QTCLI0010$/m)
    expect(refund.stdout).toMatch(/^Status +[02] refund/m)
    const query = await run(['query-refund', 'RFCLI0010', '--json', '--data-dir', till])
    expect(query.code).toBe(0)
    expect(json(query.stdout)).toMatchObject({
      refund: { merchantOrderNo: 'RFCLI0010', amountMinor: 200 }
    })

    const cancel = await run(['cancel', 'QTCLI0011', '--yes', '--data-dir', till])
    expect(cancel.code).toBe(0)
    expect(cancel.stdout).toMatch(/^Cancel +accepted by the gateway$/m)
    expect(cancel.stdout).toMatch(/^Status +3 cancelled \(reversed\)$/m)
  })
})
