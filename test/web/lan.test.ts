import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { LanPairingView } from '../../src/shared/contract'
import type { WireMessage } from '../../src/shared/contract/wire'
import { createTill, type Till } from '../../src/main/till'
import { lanListener } from '../../src/main/web/lan'
import {
  createLanPairing,
  defaultPairingTtlMs,
  maxPairedDisplays,
  maxWrongTries,
  normaliseCode
} from '../../src/main/web/pairing'
import { startWebHost, type WebHost } from '../../src/main/web/server'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()
const tokens = { cashier: 'cashier-token-0123456789', customer: 'customer-token-0123456789' }

let till: Till | null = null
let host: WebHost | null = null

afterEach(async () => {
  await host?.close()
  await till?.close()
  host = null
  till = null
})

/** A web host whose LAN listener is on a second loopback address (this machine only). */
async function start(lan: boolean, now: () => number = Date.now): Promise<WebHost> {
  const dir = tempDir()
  const rendererDir = join(dir, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'cashier.html'), '<!doctype html><title>cashier</title>')
  writeFileSync(join(rendererDir, 'customer.html'), '<!doctype html><title>customer</title>')
  writeFileSync(join(rendererDir, 'assets', 'customer.js'), 'export {}')
  till = await createTill({ dataDir: join(dir, 'data') })
  host = await startWebHost({
    till,
    rendererDir,
    tokens,
    now,
    lan: lan ? { host: '127.0.0.2', port: 0 } : null
  })
  return host
}

/**
 * A LAN socket with a token no pairing gave: opened and closed at once as "unpaired", nothing
 * sent on it (a tablet's page cannot read an HTTP 401; it must learn it is unpaired).
 */
async function refusedAsUnpaired(
  origin: string,
  token: string
): Promise<{ code: number; reason: string; frames: number }> {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws?token=${token}`, {
    headers: { origin }
  })
  let frames = 0
  ws.on('message', () => (frames += 1))
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => reject(new Error(String(res.statusCode))))
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString(), frames }))
  })
}

async function connect(
  origin: string,
  token: string
): Promise<{ ws: WebSocket; request: (channel: string, args?: unknown) => Promise<unknown> }> {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws?token=${token}`, {
    headers: { origin }
  })
  const waiters = new Map<number, (result: unknown) => void>()
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as WireMessage
    if (message.kind === 'result') waiters.get(message.id)?.(message.result)
  })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('unexpected-response', (_req, res) => reject(new Error(String(res.statusCode))))
    ws.once('error', reject)
  })
  let nextId = 1
  return {
    ws,
    request: (channel, args = {}) =>
      new Promise((resolve) => {
        const id = nextId++
        waiters.set(id, resolve)
        ws.send(JSON.stringify({ id, channel, args }))
      })
  }
}

async function pairingCode(started: WebHost): Promise<LanPairingView> {
  const cashier = await connect(started.origin, tokens.cashier)
  const result = (await cashier.request('display:pairLan')) as {
    ok: boolean
    value: LanPairingView
  }
  cashier.ws.close()
  expect(result.ok).toBe(true)
  return result.value
}

/**
 * Pairs as a tablet's browser does from the pairing QR's link: the page, then its form posted
 * with the code; returns where it lands.
 */
async function pair(url: string): Promise<{ status: number; token: string | null }> {
  const link = new URL(url)
  expect((await fetch(link)).status).toBe(200)
  const response = await fetch(`${link.origin}/pair`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ code: link.searchParams.get('code') ?? '' }).toString()
  })
  const location = response.headers.get('location')
  const token = location === null ? null : (/#token=([\w-]+)$/.exec(location)?.[1] ?? null)
  return { status: response.status, token }
}

describe('the LAN customer display', () => {
  it('is off by default: no LAN listener, and no pairing code', async () => {
    expect(lanListener(undefined, {})).toBeNull()
    expect(lanListener({ lan: false, lanHost: '192.168.1.20' }, {})).toBeNull()
    const started = await start(false)
    expect(started.lanOrigin).toBeNull()
    const cashier = await connect(started.origin, tokens.cashier)
    expect(await cashier.request('display:pairLan')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' }
    })
    cashier.ws.close()
  })

  it('listens on the configured address, or the first LAN address, when switched on', () => {
    const interfaces = {
      lo: [{ family: 'IPv4', internal: true, address: '127.0.0.1' }],
      eth0: [{ family: 'IPv4', internal: false, address: '192.168.1.20' }]
    } as never
    expect(lanListener({ lan: true }, interfaces)).toEqual({ host: '192.168.1.20', port: 8790 })
    expect(lanListener({ lan: true, lanHost: '10.0.0.5', lanPort: 9000 }, interfaces)).toEqual({
      host: '10.0.0.5',
      port: 9000
    })
    expect(lanListener({ lan: true }, { lo: [] } as never)).toBeNull()
  })

  it('pairs a tablet by code, and the tablet gets the customer display and nothing more', async () => {
    const started = await start(true)
    const lanOrigin = started.lanOrigin!
    expect(lanOrigin).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/)
    const view = await pairingCode(started)
    expect(view.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/)
    expect(view.url).toBe(`${lanOrigin}/pair?code=${view.code}`)

    const paired = await pair(view.url)
    expect(paired.status).toBe(303)
    expect(paired.token).not.toBeNull()
    const tablet = await connect(lanOrigin, paired.token!)
    expect(await tablet.request('display:get')).toMatchObject({
      ok: true,
      value: { screen: 'idle' }
    })
    for (const [channel, args] of [
      ['sales:open', { amount: { minor: 100, currency: 'JPY' } }],
      ['sales:current', {}],
      ['display:pairLan', {}]
    ] as const) {
      expect(await tablet.request(channel, args)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' }
      })
    }
    tablet.ws.close()
    expect((await fetch(`${lanOrigin}/customer.html`)).status).toBe(200)
    expect((await fetch(`${lanOrigin}/assets/customer.js`)).status).toBe(200)
  })

  it('takes the code only when the tablet posts it: a link preview uses up nothing', async () => {
    const started = await start(true)
    const view = await pairingCode(started)
    // A chat or camera app fetching the QR's link to preview it, twice.
    for (let i = 0; i < 2; i += 1) {
      const preview = await fetch(view.url, { redirect: 'manual' })
      expect(preview.status).toBe(200)
      expect(await preview.text()).toContain(`value="${view.code}"`)
    }
    expect((await pair(view.url)).status).toBe(303)
    // A code in anything but a small form post pairs nothing.
    const origin = started.lanOrigin!
    const json = await fetch(`${origin}/pair`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: (await pairingCode(started)).code })
    })
    expect(json.status).toBe(403)
    expect((await fetch(`${origin}/pair`, { method: 'PUT' })).status).toBe(405)
  })

  it('never opens the cashier role on the LAN', async () => {
    const started = await start(true)
    const lanOrigin = started.lanOrigin!
    const unpaired = { code: 4001, reason: 'unpaired', frames: 0 }
    expect(await refusedAsUnpaired(lanOrigin, tokens.cashier)).toEqual(unpaired)
    expect(await refusedAsUnpaired(lanOrigin, tokens.customer)).toEqual(unpaired)
    expect((await fetch(`${lanOrigin}/cashier.html`)).status).toBe(404)
    // Nor by a way round: an encoded slash or backslash that leads out of the customer's files.
    for (const path of [
      '/assets/..%2fcashier.html',
      '/assets/%2e%2e%2fcashier.html',
      '/assets/..%2f..%2fcashier.html'
    ]) {
      const response = await fetch(`${lanOrigin}${path}`)
      expect(response.status, path).toBe(404)
      expect(await response.text(), path).not.toContain('cashier')
    }
    // A paired tablet's token is no key to the loopback host either.
    const paired = await pair((await pairingCode(started)).url)
    await expect(connect(started.origin, paired.token!)).rejects.toThrow('401')
  })

  it('takes a code once, and refuses it after it expires or is replaced', async () => {
    let now = 1_000_000
    const started = await start(true, () => now)
    const first = await pairingCode(started)
    expect(first.expiresAt).toBe(now + defaultPairingTtlMs)
    expect((await pair(first.url)).status).toBe(303)
    expect(await pair(first.url)).toEqual({ status: 403, token: null })

    const late = await pairingCode(started)
    now += defaultPairingTtlMs
    expect((await pair(late.url)).status).toBe(403)

    const replaced = await pairingCode(started)
    const current = await pairingCode(started)
    expect((await pair(replaced.url)).status).toBe(403)
    expect((await pair(current.url)).status).toBe(303)
  })
})

describe('the ninth tablet', () => {
  it('cuts off the oldest paired tablet as its token is forgotten, and no other', async () => {
    const started = await start(true)
    const lanOrigin = started.lanOrigin!
    const tablets = []
    for (let i = 0; i < maxPairedDisplays; i += 1) {
      const paired = await pair((await pairingCode(started)).url)
      tablets.push(await connect(lanOrigin, paired.token!))
    }
    const [oldest, ...rest] = tablets
    const cut = new Promise<{ code: number; reason: string }>((resolve) =>
      oldest!.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
    )
    const ninth = await pair((await pairingCode(started)).url)
    expect(ninth.status).toBe(303)
    expect(await cut).toEqual({ code: 4001, reason: 'unpaired' })
    // The seven others, and the ninth, still get answers.
    for (const tablet of [...rest, await connect(lanOrigin, ninth.token!)]) {
      expect(await tablet.request('display:get')).toMatchObject({ ok: true })
    }
  })
})

describe('unpairing every LAN tablet (display:unpairLan)', () => {
  /** The close frame a socket gets: its code and reason. */
  function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
    return new Promise((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
    )
  }

  it('needs the manager PIN, cuts off every paired tablet at once, and gives a new code', async () => {
    const started = await start(true)
    const lanOrigin = started.lanOrigin!
    const tokensPaired = [
      (await pair((await pairingCode(started)).url)).token!,
      (await pair((await pairingCode(started)).url)).token!
    ]
    const tablets = await Promise.all(tokensPaired.map((token) => connect(lanOrigin, token)))
    const cashier = await connect(started.origin, tokens.cashier)
    // The till's own customer display, on this machine: the cashier's, not a tablet.
    const ownDisplay = await connect(started.origin, tokens.customer)
    const pushed: string[] = []
    ownDisplay.ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as WireMessage
      if (message.kind === 'event') pushed.push(message.channel)
    })
    // A code on show when the tablets are unpaired dies with them.
    const shown = await pairingCode(started)

    expect(await cashier.request('manager:setPin', { newPin: '24682468' })).toMatchObject({
      ok: true
    })
    for (const args of [{}, { managerPin: '11112222' }]) {
      expect(await cashier.request('display:unpairLan', args)).toMatchObject({
        ok: false,
        error: { code: 'PIN_REJECTED' }
      })
    }
    // Refused: nothing changed for the tablets.
    expect(await tablets[0]!.request('display:get')).toMatchObject({ ok: true })
    // Never from a tablet, PIN or not.
    expect(
      await tablets[0]!.request('display:unpairLan', { managerPin: '24682468' })
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

    const cut = tablets.map((tablet) => closeOf(tablet.ws))
    const unpaired = (await cashier.request('display:unpairLan', {
      managerPin: '24682468'
    })) as { ok: boolean; value: LanPairingView }
    expect(unpaired.ok).toBe(true)
    expect(await Promise.all(cut)).toEqual([
      { code: 4001, reason: 'unpaired' },
      { code: 4001, reason: 'unpaired' }
    ])
    // Their tokens, and the code that was on show, open nothing any more.
    for (const token of tokensPaired) {
      expect(await refusedAsUnpaired(lanOrigin, token)).toEqual({
        code: 4001,
        reason: 'unpaired',
        frames: 0
      })
    }
    expect((await pair(shown.url)).status).toBe(403)

    // The cashier's screens stayed connected and still hear the till.
    expect(
      await cashier.request('sales:open', { amount: { minor: 500, currency: 'JPY' } })
    ).toMatchObject({ ok: true })
    expect(await ownDisplay.request('display:get')).toMatchObject({
      ok: true,
      value: { screen: 'awaiting-code' }
    })
    expect(pushed).toContain('display:changed')

    // The new code pairs the tablet the shop keeps.
    expect(unpaired.value.url).toBe(`${lanOrigin}/pair?code=${unpaired.value.code}`)
    const again = await pair(unpaired.value.url)
    expect(again.status).toBe(303)
    const tablet = await connect(lanOrigin, again.token!)
    expect(await tablet.request('display:get')).toMatchObject({
      ok: true,
      value: { screen: 'awaiting-code' }
    })
    for (const open of [tablet, cashier, ownDisplay]) open.ws.close()
  })

  it('is refused while the LAN display is off, without spending a PIN try', async () => {
    const started = await start(false)
    const cashier = await connect(started.origin, tokens.cashier)
    await cashier.request('manager:setPin', { newPin: '24682468' })
    expect(await cashier.request('display:unpairLan', { managerPin: '11112222' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' }
    })
    expect(await cashier.request('manager:status')).toMatchObject({
      ok: true,
      value: { attemptsLeft: 5 }
    })
    cashier.ws.close()
  })
})

describe('pairing codes', () => {
  it('accept what a person types: any case, spaces and dashes', () => {
    const pairing = createLanPairing({ now: () => 0 })
    const { code } = pairing.issue()
    const typed = `${code.slice(0, 4).toLowerCase()} - ${code.slice(4)}`
    expect(normaliseCode(typed)).toBe(code)
    const token = pairing.redeem(typed)
    expect(token).not.toBeNull()
    expect(pairing.isPairedToken(token!)).toBe(true)
    expect(pairing.isPairedToken('guess')).toBe(false)
  })

  it('are withdrawn after a few wrong tries, so guessing them is hopeless', () => {
    const pairing = createLanPairing({ now: () => 0 })
    const { code } = pairing.issue()
    for (let i = 0; i < maxWrongTries; i += 1) expect(pairing.redeem('AAAAAAAA')).toBeNull()
    expect(pairing.redeem(code)).toBeNull()
  })
})
