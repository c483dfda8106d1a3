import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createTill, type Till } from '../../src/main/till'
import { dispatch } from '../../src/main/till/dispatch'
import { dataFiles } from '../../src/main/till/paths'
import {
  generateSandboxCredentials,
  startSandbox,
  type SandboxCredentials
} from '../../src/sandbox'
import type { DisplayState } from '../../src/shared/contract'
import type { SaleView } from '../../src/shared/order'
import { FakeClock } from '../support/fake-clock'
import { useTempDir } from '../support/temp-dir'

/** The composition root: every command reaches its handler, and the display follows the sale. */

const tempDir = useTempDir()
let credentials: SandboxCredentials
const open: Till[] = []

beforeAll(async () => {
  credentials = await generateSandboxCredentials()
})

afterEach(async () => {
  for (const till of open.splice(0)) await till.close()
})

async function start(): Promise<{ till: Till; clock: FakeClock; displays: DisplayState[] }> {
  const clock = new FakeClock()
  const till = await createTill({ dataDir: tempDir(), clock, sandboxCredentials: credentials })
  open.push(till)
  const displays: DisplayState[] = []
  till.subscribe((channel, payload) => {
    if (channel === 'display:changed') displays.push(payload as DisplayState)
  })
  return { till, clock, displays }
}

async function openSale(till: Till, minor: number): Promise<SaleView> {
  const sale = await till.handlers['sales:open']({ amount: { minor, currency: 'JPY' } })
  if (!sale.ok) throw new Error(sale.error.message)
  return sale.value
}

/** Virtual seconds, one at a time; every step the engine starts in a second ends before the next. */
async function runFor(till: Till, clock: FakeClock, ms: number): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += 1_000) {
    clock.advance(1_000)
    await till.idle()
  }
}

describe('the data folder', () => {
  it.runIf(process.platform !== 'win32')(
    "is the till user's alone, though a hand install made it readable by all",
    async () => {
      const dataDir = tempDir()
      mkdirSync(join(dataDir, 'keys'), { recursive: true })
      chmodSync(dataDir, 0o755)
      const till = await createTill({
        dataDir,
        clock: new FakeClock(),
        sandboxCredentials: credentials
      })
      open.push(till)
      expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700')
      expect((statSync(dataFiles(dataDir).journal).mode & 0o777).toString(8)).toBe('600')
    }
  )
})

describe('a data folder the till cannot write', () => {
  it('stops the start naming the folder and why, before anything else is touched', async () => {
    // A file where the folder should be: mkdir fails as on a read-only or foreign folder.
    const blocker = join(tempDir(), 'not-a-folder')
    writeFileSync(blocker, '')
    const dataDir = join(blocker, 'data')
    await expect(createTill({ dataDir, clock: new FakeClock() })).rejects.toThrow(
      new RegExp(
        `^The data folder ${dataDir} cannot be written \\(ENOTDIR: .+\\)\\. The order journal ` +
          'lives there and is written before any payment is sent\\.'
      )
    )
  })
})

describe('a gateway key that cannot be used', () => {
  it('stops the start with a message naming its file, and what is wrong with it', async () => {
    const dataDir = tempDir()
    const files = dataFiles(dataDir)
    mkdirSync(files.keysDir, { recursive: true })
    // A copy cut short, as an interrupted copy from a USB stick leaves it.
    writeFileSync(files.keyFiles['app-private-key'], credentials.appPrivateKeyPem.slice(0, 500))
    writeFileSync(files.keyFiles['gateway-public-key'], credentials.gatewayPublicKeyPem)
    writeFileSync(
      files.settings,
      JSON.stringify({
        gateway: { baseUrl: 'https://g.example', appId: 'a', merchantNo: 'm', storeNo: 's' }
      })
    )
    await expect(createTill({ dataDir, clock: new FakeClock() })).rejects.toThrow(
      `The app private key in ${files.keyFiles['app-private-key']} cannot be used: ` +
        'its PEM cannot be read (damaged or cut short).'
    )
  })
})

describe("the shop's time zone", () => {
  it('stops the start with a message naming the setting when Intl does not know the zone', async () => {
    const dataDir = tempDir()
    const files = dataFiles(dataDir)
    writeFileSync(files.settings, JSON.stringify({ timeZone: 'Asia/Tokio' }))
    await expect(
      createTill({ dataDir, clock: new FakeClock(), sandboxCredentials: credentials })
    ).rejects.toThrow(
      `${files.settings} has invalid settings: timeZone: "Asia/Tokio" is not a time zone this ` +
        'system knows; use an IANA name such as "Asia/Tokyo" or "America/New_York"'
    )
  })

  it("tells the screens the zone and dates the reports in it, not in the machine's", async () => {
    const machineZone = process.env['TZ']
    process.env['TZ'] = 'UTC'
    try {
      const dataDir = tempDir()
      writeFileSync(dataFiles(dataDir).settings, JSON.stringify({ timeZone: 'asia/tokyo' }))
      const till = await createTill({
        dataDir,
        clock: new FakeClock(),
        sandboxCredentials: credentials
      })
      open.push(till)
      const info = await till.handlers['settings:info']({})
      expect(info.ok && info.value.timeZone).toBe('Asia/Tokyo')
      // 2026-11-26 in Tokyo: 15:00 UTC the day before to 15:00 UTC.
      const day = { from: Date.UTC(2026, 10, 25, 15), to: Date.UTC(2026, 10, 26, 15) }
      const csv = await till.handlers['reports:exportCsv']({ ...day, kind: 'sales' })
      expect(csv.ok && csv.value.filename).toBe('qr-till-sales-2026-11-26.csv')
    } finally {
      if (machineZone === undefined) delete process.env['TZ']
      else process.env['TZ'] = machineZone
    }
  })

  it("is the machine's when settings.json names none", async () => {
    const { till } = await start()
    const info = await till.handlers['settings:info']({})
    expect(info.ok && info.value.timeZone).toBe(
      new Intl.DateTimeFormat().resolvedOptions().timeZone
    )
  })
})

describe('createTill', () => {
  it('MPM: shows the QR, then paid; a refund then shows refunded', async () => {
    const { till, clock, displays } = await start()
    const sale = await openSale(till, 1060) // the sandbox pays it 2 s after the QR is issued
    const attempt = await till.handlers['payments:startMpm']({
      saleId: sale.saleId,
      payMethodId: 'WeChatPay'
    })
    expect(attempt).toMatchObject({ ok: true, value: { mode: 'MPM', status: 'processing' } })
    const shown = await till.handlers['display:get']({})
    expect(shown).toMatchObject({
      ok: true,
      value: { screen: 'show-qr', payMethodId: 'WeChatPay', amount: { minor: 1060 } }
    })
    await runFor(till, clock, 6_000)
    expect(await till.handlers['display:get']({})).toMatchObject({ value: { screen: 'paid' } })

    expect(await till.handlers['manager:setPin']({ newPin: '2468' })).toMatchObject({ ok: true })
    const refund = await till.handlers['refunds:create']({
      saleId: sale.saleId,
      amount: { minor: 1060, currency: 'JPY' },
      reason: 'changed their mind',
      managerPin: '2468'
    })
    expect(refund).toMatchObject({ ok: true, value: { status: 'processing' } })
    await runFor(till, clock, 6_000)
    expect(await till.handlers['display:get']({})).toMatchObject({
      value: { screen: 'refunded', amount: { minor: 1060 } }
    })
    expect(displays.map((d) => d.screen)).toContain('show-qr')

    const number = refund.ok ? refund.value.merchantOrderNo : ''
    expect(await till.handlers['payments:checkNow']({ merchantOrderNo: number })).toMatchObject({
      ok: true,
      value: { kind: 'refund', refund: { status: 'refunded' } }
    })
  })

  it('cancel: the QR comes down at once; the sale is open again once the gateway closed it', async () => {
    const { till, clock } = await start()
    const sale = await openSale(till, 1200) // nobody scans
    await till.handlers['payments:startMpm']({ saleId: sale.saleId, payMethodId: 'PayPay' })
    await runFor(till, clock, 2_000)
    const cancelled = await till.handlers['payments:cancel']({ saleId: sale.saleId })
    expect(cancelled).toMatchObject({ ok: true, value: { attempts: [{ status: 'cancelling' }] } })
    // Nobody may start paying an order the cashier cancelled, while the till closes it.
    expect(await till.handlers['display:get']({})).toMatchObject({ value: { screen: 'closing' } })
    await runFor(till, clock, 16_000)
    expect(await till.handlers['sales:get']({ saleId: sale.saleId })).toMatchObject({
      value: { status: 'open', attempts: [{ status: 'cancelled' }] }
    })
    expect(await till.handlers['display:get']({})).toMatchObject({
      value: { screen: 'awaiting-code' }
    })
  })

  it('sales:current: the sale a reloaded cashier screen takes up again, until it is paid', async () => {
    const { till, clock } = await start()
    expect(await till.handlers['sales:current']({})).toEqual({ ok: true, value: null })
    const sale = await openSale(till, 1060) // the sandbox pays it 2 s after the QR is issued
    expect(await till.handlers['sales:current']({})).toMatchObject({
      ok: true,
      value: { saleId: sale.saleId, status: 'open', attempts: [] }
    })
    await till.handlers['payments:startMpm']({ saleId: sale.saleId, payMethodId: 'WeChatPay' })
    expect(await till.handlers['sales:current']({})).toMatchObject({
      ok: true,
      value: {
        saleId: sale.saleId,
        status: 'paying',
        attempts: [{ mode: 'MPM', status: 'processing', qrContent: expect.any(String) }]
      }
    })
    await runFor(till, clock, 6_000)
    expect(await till.handlers['display:get']({})).toMatchObject({ value: { screen: 'paid' } })
    expect(await till.handlers['sales:current']({})).toEqual({ ok: true, value: null })

    // Cashier only, and no arguments: checked at the edge like every command.
    expect(await dispatch(till.handlers, 'customer', 'sales:current', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' }
    })
    expect(
      await dispatch(till.handlers, 'cashier', 'sales:current', { saleId: sale.saleId })
    ).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  })

  it('answers the report commands through the reports module', async () => {
    const { till, clock } = await start()
    const sale = await openSale(till, 1200)
    await till.handlers['payments:startCpm']({
      saleId: sale.saleId,
      authCode: '134567890123456789',
      payMethodId: 'WeChatPay'
    })
    const range = { from: clock.now() - 3_600_000, to: clock.now() + 3_600_000 }
    const endOfDay = await till.handlers['reports:endOfDay'](range)
    expect(endOfDay.ok).toBe(true)
    const csv = await till.handlers['reports:exportCsv']({ ...range, kind: 'sales' })
    expect(csv.ok && csv.value.csv.length).toBeGreaterThan(0)
    const reconciled = await till.handlers['reports:reconcile'](range)
    expect(reconciled.ok).toBe(true)
  })

  it("takes settings.json's ceiling per payment to the gateway: above it, refused before anything is sent", async () => {
    // A PayCloud account configured in settings.json, served by a sandbox with the same keys.
    const sandbox = await startSandbox({
      appId: credentials.appId,
      merchantNo: credentials.merchantNo,
      storeNo: credentials.storeNo,
      appPublicKeyPem: credentials.appPublicKeyPem,
      gatewayPrivateKeyPem: credentials.gatewayPrivateKeyPem
    })
    try {
      const dataDir = tempDir()
      const files = dataFiles(dataDir)
      mkdirSync(files.keysDir, { recursive: true })
      writeFileSync(`${files.keysDir}/app-private.pem`, credentials.appPrivateKeyPem)
      writeFileSync(`${files.keysDir}/gateway-public.pem`, credentials.gatewayPublicKeyPem)
      writeFileSync(
        files.settings,
        JSON.stringify({
          gateway: {
            baseUrl: sandbox.url,
            appId: credentials.appId,
            merchantNo: credentials.merchantNo,
            storeNo: credentials.storeNo,
            maxAmountMinor: { JPY: 50_000 }
          }
        })
      )
      const till = await createTill({ dataDir, clock: new FakeClock(Date.now()) })
      open.push(till)

      const above = await openSale(till, 50_001)
      const refused = await till.handlers['payments:startCpm']({
        saleId: above.saleId,
        authCode: '134567890123456789',
        payMethodId: 'WeChatPay'
      })
      expect(refused).toMatchObject({
        ok: false,
        error: {
          code: 'INVALID_ARGUMENT',
          said: { key: 'amount-above-gateway-max', max: { minor: 50_000, currency: 'JPY' } }
        }
      })
      expect(sandbox.listOrders()).toEqual([])

      const within = await openSale(till, 50_000)
      const paid = await till.handlers['payments:startCpm']({
        saleId: within.saleId,
        authCode: '134567890123456789',
        payMethodId: 'WeChatPay'
      })
      expect(paid).toMatchObject({ ok: true, value: { status: 'paid' } })
      expect(sandbox.listOrders()).toHaveLength(1)
    } finally {
      await sandbox.close()
    }
  })
})
