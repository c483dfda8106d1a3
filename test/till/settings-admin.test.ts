import { generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openJournal } from '../../src/main/journal'
import { setLogSink, type LogSink } from '../../src/main/log'
import { createTill, dataFiles, dispatch, type Till } from '../../src/main/till'
import { pinKey, resetPinCommand } from '../../src/main/till/manager-pin'
import { generateSandboxCredentials, type SandboxCredentials } from '../../src/sandbox'
import type { DisplayState, TillInfo } from '../../src/shared/contract'
import { FakeClock } from '../support/fake-clock'
import { useTempDir } from '../support/temp-dir'

/** settings:get, settings:update and settings:importKey on the real till, through dispatch(). */

const tempDir = useTempDir()
let credentials: SandboxCredentials
const open: Till[] = []

beforeAll(async () => {
  credentials = await generateSandboxCredentials()
})

afterEach(async () => {
  for (const till of open.splice(0)) await till.close()
})

async function start(
  dataDir = tempDir(),
  clock = new FakeClock()
): Promise<{
  till: Till
  dataDir: string
  clock: FakeClock
  infos: TillInfo[]
  displays: DisplayState[]
  call: (channel: string, args: unknown) => ReturnType<typeof dispatch>
}> {
  const till = await createTill({
    dataDir,
    clock,
    sandboxCredentials: credentials
  })
  open.push(till)
  const infos: TillInfo[] = []
  const displays: DisplayState[] = []
  till.subscribe((channel, payload) => {
    if (channel === 'settings:changed') infos.push(payload as TillInfo)
    if (channel === 'display:changed') displays.push(payload as DisplayState)
  })
  return {
    till,
    dataDir,
    clock,
    infos,
    displays,
    call: (channel, args) => dispatch(till.handlers, 'cashier', channel, args)
  }
}

async function restart(till: Till, dataDir: string): ReturnType<typeof start> {
  await till.close()
  open.splice(open.indexOf(till), 1)
  return start(dataDir)
}

function rsaPair(bits = 2048): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits })
  return {
    privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString()
  }
}

describe('settings commands', () => {
  it('get: every default, no secret; update applies live, tells both screens, survives a restart', async () => {
    const { till, dataDir, call, infos, displays } = await start()
    const got = await call('settings:get', {})
    expect(got).toMatchObject({
      ok: true,
      value: {
        shopName: 'QR Till',
        currency: 'JPY',
        language: 'en',
        gateway: null,
        keys: { appPrivateKey: { present: false }, gatewayPublicKey: { present: false } },
        payments: { pollIntervalMs: 5_000, cancelTries: 3 },
        wedge: { maxGapMs: expect.any(Number), minLength: expect.any(Number) },
        restartRequired: []
      }
    })

    const updated = await call('settings:update', {
      patch: {
        shopName: 'Harbour Kiosk',
        currency: 'USD',
        language: 'ja',
        payments: { pollWindowMs: 90_000 }
      }
    })
    expect(updated).toMatchObject({
      ok: true,
      value: {
        applied: ['shopName', 'currency', 'language', 'payments'],
        restartRequired: [],
        settings: { shopName: 'Harbour Kiosk', currency: 'USD', language: 'ja' }
      }
    })
    expect(infos.at(-1)).toMatchObject({
      shopName: 'Harbour Kiosk',
      currency: 'USD',
      language: 'ja',
      cpmWindowMs: 90_000
    })
    expect(till.info.shopName).toBe('Harbour Kiosk')
    expect(await call('settings:info', {})).toMatchObject({ value: { language: 'ja' } })
    expect(displays.at(-1)).toEqual({ screen: 'idle', shopName: 'Harbour Kiosk' })
    const file = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as unknown
    expect(file).toEqual({
      shopName: 'Harbour Kiosk',
      currency: 'USD',
      language: 'ja',
      payments: { pollWindowMs: 90_000 }
    })

    // Nothing changed: nothing applied, no event.
    const again = await call('settings:update', { patch: { shopName: 'Harbour Kiosk' } })
    expect(again).toMatchObject({ ok: true, value: { applied: [] } })
    expect(infos).toHaveLength(1)

    const next = await restart(till, dataDir)
    expect(next.till.info).toMatchObject({
      shopName: 'Harbour Kiosk',
      currency: 'USD',
      language: 'ja'
    })
  })

  it('refuses bad input with a clear message and keeps the file as it was', async () => {
    const { call, dataDir } = await start()
    await call('settings:update', { patch: { shopName: 'Kept' } })
    const before = readFileSync(join(dataDir, 'settings.json'), 'utf8')
    const bad = [
      { payments: { pollIntervalMs: 5 } },
      // Every order's description: nothing would be left once PayCloud's 4-byte rule removes
      // the emoji, and every payment would be refused (API.md §1.3).
      { payments: { orderDescription: '🍰🍰' } },
      { methodRules: [{ payMethodId: 'PayPay', pattern: '(', enabled: true, confirmed: false }] },
      {
        methodRules: [{ payMethodId: 'PayPay', pattern: '28\\d+', enabled: true, confirmed: false }]
      },
      { language: 'fr' },
      { currency: 'XXX' },
      { shopName: '' },
      { colour: 'red' },
      { gateway: { baseUrl: 'ftp://gw', appId: 'a', merchantNo: 'm', storeNo: 's' } }
    ]
    for (const patch of bad) {
      const result = await call('settings:update', { patch })
      expect(result, JSON.stringify(patch)).toMatchObject({
        ok: false,
        error: {
          code: 'INVALID_ARGUMENT',
          message: expect.stringMatching(/patch/),
          said: {
            key: 'invalid-fields',
            fields: expect.arrayContaining([expect.stringMatching(/^patch/)])
          }
        }
      })
    }
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).toBe(before)
  })

  it('takes an order description with emoji in it, as long as text is left without them', async () => {
    const { call, dataDir } = await start()
    const result = await call('settings:update', {
      patch: { payments: { orderDescription: 'Kissa Aoi 🍰' } }
    })
    expect(result).toMatchObject({ ok: true, value: { applied: ['payments'] } })
    const file = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as unknown
    expect(file).toMatchObject({ payments: { orderDescription: 'Kissa Aoi 🍰' } })
    const refused = await call('settings:update', {
      patch: { payments: { orderDescription: '🍰 \u200d🍰' } }
    })
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        said: { key: 'invalid-fields', fields: ['patch.payments.orderDescription'] }
      }
    })
  })

  it('the currency waits until no sale is open', async () => {
    const { call } = await start()
    const sale = await call('sales:open', { amount: { minor: 500, currency: 'JPY' } })
    if (!sale.ok) throw new Error(sale.error.message)
    const saleId = (sale.value as { saleId: number }).saleId
    expect(await call('settings:update', { patch: { currency: 'USD' } })).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: expect.stringContaining(`#${saleId}`),
        said: { key: 'currency-while-open', saleIds: [saleId] }
      }
    })
    // Other settings still save while a sale is open.
    expect(await call('settings:update', { patch: { shopName: 'Open Sale' } })).toMatchObject({
      ok: true
    })
    await call('sales:abandon', { saleId })
    expect(await call('settings:update', { patch: { currency: 'USD' } })).toMatchObject({
      ok: true,
      value: { applied: ['currency'] }
    })
  })

  it('keys: checked with node:crypto, stored as secrets, never returned; a gateway switch waits for a restart', async () => {
    const { till, call, dataDir } = await start()
    const account = {
      baseUrl: 'http://127.0.0.1:9',
      appId: 'APP1',
      merchantNo: 'M1',
      storeNo: 'S1'
    }
    expect(await call('settings:update', { patch: { gateway: account } })).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/Import the app private key/),
        said: { key: 'keys-first' }
      }
    })

    const app = rsaPair()
    const gateway = rsaPair()
    const weak = rsaPair(1024)
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const refused = [
      [
        { appPrivateKeyPem: 'hello', gatewayPublicKeyPem: gateway.publicPem },
        /must be a PEM private key/,
        { key: 'key-not-private-pem' }
      ],
      [
        { appPrivateKeyPem: weak.privatePem, gatewayPublicKeyPem: gateway.publicPem },
        /1024 bits/,
        { key: 'key-too-short', which: 'app-private', bits: 1024, minimum: 2048 }
      ],
      [
        {
          appPrivateKeyPem: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          gatewayPublicKeyPem: gateway.publicPem
        },
        /ec an RSA key|not an RSA key|is ec/,
        { key: 'key-not-rsa', which: 'app-private', type: 'ec' }
      ],
      [
        { appPrivateKeyPem: app.privatePem, gatewayPublicKeyPem: gateway.privatePem },
        /holds a private key/,
        { key: 'key-public-is-private' }
      ],
      [
        { appPrivateKeyPem: app.privatePem, gatewayPublicKeyPem: app.publicPem },
        /own public half/,
        { key: 'key-same-pair' }
      ],
      [
        {
          appPrivateKeyPem: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
          gatewayPublicKeyPem: gateway.publicPem
        },
        /cannot be read/,
        { key: 'key-private-unreadable' }
      ]
    ] as const
    for (const [args, message, said] of refused) {
      const result = await call('settings:importKey', args)
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', said } })
      if (!result.ok) expect(result.error.message).toMatch(message)
    }

    const imported = await call('settings:importKey', {
      appPrivateKeyPem: app.privatePem,
      gatewayPublicKeyPem: gateway.publicPem
    })
    expect(imported).toMatchObject({
      ok: true,
      value: {
        appPrivateKey: {
          present: true,
          source: 'secret-store',
          fingerprint: expect.stringMatching(/^SHA256:/)
        },
        gatewayPublicKey: { present: true, source: 'secret-store' }
      }
    })
    const got = await call('settings:get', {})
    expect(JSON.stringify(got)).not.toContain('PRIVATE KEY')
    expect(JSON.stringify(got)).not.toContain('BEGIN')

    const switched = await call('settings:update', { patch: { gateway: account } })
    expect(switched).toMatchObject({
      ok: true,
      value: { applied: [], restartRequired: ['gateway', 'keys'], settings: { gateway: account } }
    })
    // Still on the sandbox until the restart, and the screens still say so.
    expect(till.info.sandbox).toBe(true)

    const next = await restart(till, dataDir)
    expect(next.till.sandbox).toBeNull()
    expect(next.till.info.sandbox).toBe(false)
    expect(await next.call('settings:get', {})).toMatchObject({
      value: { gateway: account, restartRequired: [] }
    })
  })

  it.runIf(process.platform !== 'win32')(
    'imports both keys or neither: a public key that cannot be written leaves the old pair',
    async () => {
      const { call, dataDir } = await start()
      const first = { app: rsaPair(), gateway: rsaPair() }
      expect(
        await call('settings:importKey', {
          appPrivateKeyPem: first.app.privatePem,
          gatewayPublicKeyPem: first.gateway.publicPem
        })
      ).toMatchObject({ ok: true })
      const secrets = join(dataDir, 'secrets')
      const before = readFileSync(join(secrets, 'app-private-key'), 'utf8')
      // The disk refuses the second file: here, a folder where the public key goes.
      rmSync(join(secrets, 'gateway-public-key'))
      mkdirSync(join(secrets, 'gateway-public-key'))

      const second = rsaPair()
      const failed = await call('settings:importKey', {
        appPrivateKeyPem: second.privatePem,
        gatewayPublicKeyPem: rsaPair().publicPem
      })
      expect(failed).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
      expect(readFileSync(join(secrets, 'app-private-key'), 'utf8')).toBe(before)
    }
  )

  it('keeps reading keys installed as PEM files in keys/ (earlier versions)', async () => {
    const dataDir = tempDir()
    const { mkdirSync } = await import('node:fs')
    const app = rsaPair()
    const gateway = rsaPair()
    mkdirSync(join(dataDir, 'keys'), { recursive: true })
    writeFileSync(join(dataDir, 'keys', 'app-private.pem'), app.privatePem)
    writeFileSync(join(dataDir, 'keys', 'gateway-public.pem'), gateway.publicPem)
    const { call } = await start(dataDir)
    expect(await call('settings:get', {})).toMatchObject({
      value: {
        keys: {
          appPrivateKey: { present: true, source: 'key-file' },
          gatewayPublicKey: { present: true, source: 'key-file' }
        }
      }
    })
  })

  it('says so, rather than use defaults, when settings.json was broken under a running till', async () => {
    const { call, dataDir } = await start()
    writeFileSync(join(dataDir, 'settings.json'), '{ not json')
    expect(await call('settings:get', {})).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: expect.stringMatching(/settings\.json is not valid JSON/),
        said: { key: 'settings-file-broken' }
      }
    })
    expect(await call('settings:update', { patch: { shopName: 'X' } })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' }
    })
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).toBe('{ not json')
  })

  it('the customer screen may not read or change settings', async () => {
    const { till } = await start()
    for (const channel of ['settings:get', 'settings:update', 'settings:importKey', 'status:get']) {
      expect(await dispatch(till.handlers, 'customer', channel, {})).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' }
      })
    }
  })
})

/**
 * Settings are the manager's (DESIGN.md): once a manager PIN is set, every change but the
 * language carries it, checked in main with the refunds' own PIN and lockout before anything
 * is validated or saved.
 */
describe('settings changes need the manager PIN', () => {
  const pin = '48260731'
  const settingsFile = (dataDir: string): string =>
    readFileSync(join(dataDir, 'settings.json'), 'utf8')

  /** Records what the till logs from here on, warnings included. */
  function captureLog(): { text: () => string } {
    const records: Parameters<LogSink>[0][] = []
    setLogSink((record) => records.push(record), 'warn')
    return { text: () => JSON.stringify(records) }
  }
  afterEach(() => setLogSink(() => undefined, 'error'))

  it('a missing or wrong PIN writes nothing and says why; the right one saves', async () => {
    const { till, call, dataDir, infos } = await start()
    // No PIN yet: open, as the integrator sets the till up.
    expect(await call('settings:update', { patch: { shopName: 'Before' } })).toMatchObject({
      ok: true
    })
    expect(await call('manager:setPin', { newPin: pin })).toMatchObject({ ok: true })
    const before = settingsFile(dataDir)
    const log = captureLog()
    const patch = { shopName: 'After', payments: { pollIntervalMs: 2_000 } }

    expect(await call('settings:update', { patch })).toEqual({
      ok: false,
      error: { code: 'PIN_REJECTED', message: 'The manager PIN is needed to change settings.' }
    })
    // A missing PIN is not a guess: it is not counted.
    expect(await call('manager:status', {})).toMatchObject({ value: { attemptsLeft: 5 } })
    expect(await call('settings:update', { patch, managerPin: '48260732' })).toEqual({
      ok: false,
      error: { code: 'PIN_REJECTED', message: 'Wrong manager PIN: 4 of 5 tries left.' }
    })
    expect(await call('manager:status', {})).toMatchObject({ value: { attemptsLeft: 4 } })
    expect(settingsFile(dataDir)).toBe(before)
    expect(till.info.shopName).toBe('Before')
    expect(infos.map((info) => info.shopName)).toEqual(['Before'])
    expect(log.text()).toMatch(/settings change refused/)
    expect(log.text()).not.toContain('4826073')

    const saved = await call('settings:update', { patch, managerPin: pin })
    expect(saved).toMatchObject({ ok: true, value: { applied: ['shopName', 'payments'] } })
    expect(JSON.parse(settingsFile(dataDir))).toMatchObject({
      shopName: 'After',
      payments: { pollIntervalMs: 2_000 }
    })
    // The right PIN gives back every try, as for a refund.
    expect(await call('manager:status', {})).toMatchObject({ value: { attemptsLeft: 5 } })
  })

  it('wrong PINs count towards the refunds’ lockout, across both settings commands', async () => {
    const { call, clock, dataDir } = await start()
    await call('manager:setPin', { newPin: pin })
    const keys = {
      appPrivateKeyPem: rsaPair().privatePem,
      gatewayPublicKeyPem: rsaPair().publicPem
    }
    for (const left of [4, 3]) {
      expect(
        await call('settings:update', { patch: { shopName: 'Guess' }, managerPin: '1111' })
      ).toMatchObject({ error: { message: `Wrong manager PIN: ${left} of 5 tries left.` } })
    }
    expect(await call('settings:importKey', { ...keys, managerPin: '2222' })).toMatchObject({
      error: { code: 'PIN_REJECTED', message: 'Wrong manager PIN: 2 of 5 tries left.' }
    })
    const refund = { saleId: 1, amount: { minor: 100, currency: 'JPY' }, reason: 'x' }
    expect(await call('refunds:create', { ...refund, managerPin: '3333' })).toMatchObject({
      error: { message: 'Wrong manager PIN: 1 of 5 tries left.' }
    })
    expect(
      await call('settings:update', { patch: { shopName: 'Guess' }, managerPin: '4444' })
    ).toMatchObject({ error: { code: 'PIN_REJECTED', message: /locked until/ } })

    // Locked: even the right PIN changes nothing, for settings as for refunds.
    expect(
      await call('settings:update', { patch: { shopName: 'Locked' }, managerPin: pin })
    ).toMatchObject({ error: { code: 'PIN_REJECTED', message: /locked until/ } })
    expect(await call('refunds:create', { ...refund, managerPin: pin })).toMatchObject({
      error: { code: 'PIN_REJECTED', message: /locked until/ }
    })
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(false)
    clock.advance(5 * 60_000)
    expect(
      await call('settings:update', { patch: { shopName: 'Unlocked' }, managerPin: pin })
    ).toMatchObject({ ok: true })
  })

  it('the language alone needs no PIN, even while PIN entry is locked; with anything else it does', async () => {
    const { call, dataDir, till } = await start()
    await call('manager:setPin', { newPin: pin })
    for (let i = 0; i < 5; i += 1) {
      await call('settings:update', { patch: { shopName: 'Guess' }, managerPin: '1111' })
    }
    expect(await call('manager:status', {})).toMatchObject({ value: { attemptsLeft: 0 } })
    expect(await call('settings:update', { patch: { language: 'ja' } })).toMatchObject({
      ok: true,
      value: { applied: ['language'] }
    })
    expect(till.info.language).toBe('ja')
    // A key sent empty (IPC keeps `undefined`) changes nothing, so it asks for nothing either.
    expect(
      await till.handlers['settings:update']({ patch: { language: 'en', shopName: undefined } })
    ).toMatchObject({ ok: true })
    const before = settingsFile(dataDir)
    for (const patch of [{ language: 'ja', shopName: 'Sneaky' }, {}]) {
      expect(await call('settings:update', { patch }), JSON.stringify(patch)).toMatchObject({
        ok: false,
        error: { code: 'PIN_REJECTED', message: 'The manager PIN is needed to change settings.' }
      })
    }
    expect(settingsFile(dataDir)).toBe(before)
  })

  it('a key import without the right PIN stores nothing', async () => {
    const { call, dataDir } = await start()
    await call('manager:setPin', { newPin: pin })
    const keys = {
      appPrivateKeyPem: rsaPair().privatePem,
      gatewayPublicKeyPem: rsaPair().publicPem
    }
    const secrets = join(dataDir, 'secrets')
    const stored = (): string[] => (existsSync(secrets) ? readdirSync(secrets) : [])

    expect(await call('settings:importKey', keys)).toMatchObject({
      ok: false,
      error: { code: 'PIN_REJECTED', message: 'The manager PIN is needed to change settings.' }
    })
    expect(await call('settings:importKey', { ...keys, managerPin: '0000' })).toMatchObject({
      ok: false,
      error: { code: 'PIN_REJECTED', message: /^Wrong manager PIN/ }
    })
    expect(stored()).toEqual([])
    expect(await call('settings:get', {})).toMatchObject({
      value: { keys: { appPrivateKey: { present: false }, gatewayPublicKey: { present: false } } }
    })

    expect(await call('settings:importKey', { ...keys, managerPin: pin })).toMatchObject({
      ok: true,
      value: { appPrivateKey: { present: true }, gatewayPublicKey: { present: true } }
    })
    expect(stored().sort()).toEqual(['app-private-key', 'gateway-public-key'])
  })

  it('a damaged PIN record refuses every change but the language, and names the fix', async () => {
    const { till, call, dataDir } = await start()
    await call('manager:setPin', { newPin: pin })
    const other = openJournal(dataFiles(dataDir).journal)
    other.setSetting(pinKey, '{"algorithm":"md5"}')
    other.close()
    const damaged = {
      ok: false,
      error: {
        code: 'PIN_REJECTED',
        message: expect.stringContaining(`run \`${resetPinCommand}\``)
      }
    }
    expect(await call('settings:update', { patch: { shopName: 'X' } })).toMatchObject(damaged)
    expect(
      await call('settings:update', { patch: { shopName: 'X' }, managerPin: pin })
    ).toMatchObject(damaged)
    expect(
      await call('settings:importKey', {
        appPrivateKeyPem: rsaPair().privatePem,
        gatewayPublicKeyPem: rsaPair().publicPem,
        managerPin: pin
      })
    ).toMatchObject(damaged)
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(false)
    expect(existsSync(join(dataDir, 'secrets'))).toBe(false)
    expect(await call('manager:status', {})).toMatchObject({
      value: { pinDamaged: true, attemptsLeft: 5 }
    })
    expect(await call('settings:update', { patch: { language: 'ja' } })).toMatchObject({ ok: true })
    expect(till.info.language).toBe('ja')
  })

  it('the contract takes a PIN of 4 to 8 digits only', async () => {
    const { call, dataDir } = await start()
    for (const managerPin of ['123', '123456789', '12a4', 4826]) {
      expect(
        await call('settings:update', { patch: { shopName: 'X' }, managerPin }),
        String(managerPin)
      ).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', said: { key: 'invalid-fields', fields: ['managerPin'] } }
      })
    }
    expect(
      await call('settings:update', { patch: { shopName: 'X' }, managerPin: '12a4' })
    ).toMatchObject({
      error: { message: /a manager PIN is 4 to 8 digits/ }
    })
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(false)
  })
})
