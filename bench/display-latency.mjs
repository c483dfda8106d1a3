// How fast the customer display shows what the till says (issue 6, "Performance"), beside one
// animation frame of the same Chromium in the same run. Two figures, p50 and p99 over n runs:
//
//   1. payment event -> painted: the till publishes `display:changed` for a payment (a CPM code
//      the sandbox pays at once: screen `paid`) until the customer page has painted "Paid".
//   2. MPM answer -> QR visible: the gateway's `cscanb.pay.getqrcode` reply (journaled, then
//      published as screen `show-qr`) until the QR code's SVG is painted on the customer page.
//      Also printed: from the cashier's `payments:startMpm` frame to the QR painted, which adds
//      the signed round trip to the embedded sandbox gateway.
//
// How it is measured. The built till (out/main/web.js, embedded loopback sandbox) runs as a child
// process; Debian's Chromium (Playwright, the e2e launch options) shows the customer page. The
// publish moment is taken where it can be seen from outside the till: a second customer-role
// socket, opened by this script, receives the same `display:changed` frame the page does, and
// stamps it on arrival. That stamp is later than the publish by one loopback hop (printed: half a
// socket round trip), so the figures err on the short side by that much. The correlation id is
// the amount: every run charges a different one (MPM amounts end in 060, the sandbox's
// "paid after 2 s" scenario, so no order is left open). In the page, a MutationObserver arms
// before each run, sees the DOM reach the expected state, then waits for the next animation frame
// and a message posted from it, which runs after that frame's paint. Both sides stamp with
// `performance.timeOrigin + performance.now()`: the same wall clock, at sub-millisecond
// resolution, on one machine. One animation frame: the median of 120 rAF intervals in the page.
// Printed, never asserted.
//   npx electron-vite build && node bench/display-latency.mjs [runs=200]
/* global document, window, requestAnimationFrame, MutationObserver -- run in the page */
import { spawn } from 'node:child_process'
import { randomInt } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { chromium } from '@playwright/test'
import WebSocket from 'ws'

const runs = Number(process.argv[2] ?? 200)
const warmup = 10
const root = dirname(dirname(fileURLToPath(import.meta.url)))
const webHost = join(root, 'out', 'main', 'web.js')
if (!existsSync(webHost)) {
  console.error(`${webHost} is missing: run \`npx electron-vite build\` first.`)
  process.exit(1)
}
const dir = mkdtempSync(join(tmpdir(), 'qr-till-bench-display-'))
const wall = () => performance.timeOrigin + performance.now()

function stats(times) {
  const sorted = [...times].sort((a, b) => a - b)
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) }
}

async function startTill() {
  mkdirData()
  const child = spawn(process.execPath, [webHost, '--data-dir', join(dir, 'data'), '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, QR_TILL_LOG_LEVEL: 'error' }
  })
  let log = ''
  child.stderr.on('data', (chunk) => (log += chunk))
  const ready = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('{')) resolve(JSON.parse(line))
    })
    child.once('exit', (code) => reject(new Error(`the till exited (${code}):\n${log}`)))
  })
  return { child, ready }
}

function mkdirData() {
  const data = join(dir, 'data')
  mkdirSync(data, { recursive: true, mode: 0o700 })
  // Quick polls keep the sandbox's "paid after 2 s" MPM orders from piling up across runs.
  writeFileSync(join(data, 'settings.json'), JSON.stringify({ payments: { pollIntervalMs: 1000 } }))
}

/** A socket of `role` to the till, as its screens open one; `onEvent` sees every push on arrival. */
async function connect(screenUrl, onEvent = () => undefined) {
  const page = new URL(screenUrl)
  const token = new URLSearchParams(page.hash.slice(1)).get('token')
  const ws = new WebSocket(`ws://${page.host}/ws?token=${encodeURIComponent(token)}`, {
    headers: { origin: page.origin }
  })
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  let nextId = 1
  const pending = new Map()
  ws.on('message', (data) => {
    const at = wall()
    const message = JSON.parse(data.toString())
    if (message.kind === 'event') onEvent(message, at)
    if (message.kind !== 'result') return
    pending.get(message.id)?.(message.result)
    pending.delete(message.id)
  })
  return {
    invoke(channel, args) {
      const id = nextId++
      return new Promise((resolve) => {
        pending.set(id, resolve)
        ws.send(JSON.stringify({ id, channel, args }))
      })
    },
    close: () => ws.close()
  }
}

/** An 18-digit WeChat Pay code whose last four digits start 1-9: the sandbox pays it at once. */
function instantCode() {
  let digits = `1${randomInt(0, 6)}`
  while (digits.length < 14) digits += randomInt(0, 10)
  return `${digits}${randomInt(1000, 10_000)}`
}

// ── In the page ────────────────────────────────────────────────────────────────────────────────

/** Installs `window.__bench`: arm(kind, digits) then result() -> the painted wall-clock time. */
function installProbe() {
  const stamp = () => performance.timeOrigin + performance.now()
  let waiting = null
  const reached = (kind, digits) => {
    const status = document.querySelector('[data-testid="customer-status"]')
    const text = status?.textContent ?? ''
    if (!text.includes(digits)) return false
    if (kind === 'paid') return text.includes('Paid')
    return status.querySelector('svg[role="img"] path') !== null
  }
  const afterPaint = (resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel()
      channel.port1.onmessage = () => resolve(stamp())
      channel.port2.postMessage(0)
    })
  new MutationObserver(() => {
    if (waiting === null || waiting.done || !reached(waiting.kind, waiting.digits)) return
    waiting.done = true
    afterPaint(waiting.resolve)
  }).observe(document.body, { subtree: true, childList: true, characterData: true })
  window.__bench = {
    arm(kind, digits) {
      waiting = { kind, digits, done: false }
      waiting.painted = new Promise((resolve) => (waiting.resolve = resolve))
    },
    result: () => waiting.painted,
    /** The median interval of `count` animation frames. */
    frame(count) {
      return new Promise((resolve) => {
        const times = []
        const tick = (t) => {
          times.push(t)
          if (times.length <= count) requestAnimationFrame(tick)
          else {
            const deltas = times
              .slice(1)
              .map((t2, i) => t2 - times[i])
              .sort((a, b) => a - b)
            resolve(deltas[Math.floor(deltas.length / 2)])
          }
        }
        requestAnimationFrame(tick)
      })
    }
  }
}

// ── The runs ───────────────────────────────────────────────────────────────────────────────────

async function main() {
  const { child, ready } = await startTill()
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run']
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(ready.customerUrl)
    await page.getByTestId('customer-status').filter({ hasText: 'Welcome' }).waitFor()
    await page.evaluate(installProbe)

    const published = new Map()
    const observer = await connect(ready.customerUrl, (message, at) => {
      if (message.channel !== 'display:changed') return
      const key = `${message.payload.screen}:${message.payload.amount?.minor}`
      if (!published.has(key)) published.set(key, at)
    })
    const cashier = await connect(ready.cashierUrl)

    // The loopback hop the publish stamp is late by: half a round trip of a command that touches
    // neither the journal nor the gateway.
    const hops = []
    for (let i = 0; i < 50; i += 1) {
      const begin = wall()
      await observer.invoke('display:get', {})
      hops.push((wall() - begin) / 2)
    }
    const frame = await page.evaluate(() => window.__bench.frame(120))

    const paymentToPaint = []
    const answerToQr = []
    const commandToQr = []
    for (let i = 0; i < warmup + runs; i += 1) {
      // CPM paid at once: the payment event.
      const cpmAmount = 100_000 + i * 10 + 1
      const sale = await cashier.invoke('sales:open', {
        amount: { minor: cpmAmount, currency: 'JPY' }
      })
      if (!sale.ok) throw new Error(`sales:open: ${sale.error.message}`)
      await page.evaluate(
        ([kind, digits]) => window.__bench.arm(kind, digits),
        ['paid', cpmAmount.toLocaleString('en')]
      )
      const paid = await cashier.invoke('payments:startCpm', {
        saleId: sale.value.saleId,
        authCode: instantCode(),
        payMethodId: 'WeChatPay'
      })
      if (!paid.ok || paid.value.status !== 'paid') throw new Error(`run ${i}: not paid`)
      const paintedPaid = await page.evaluate(() => window.__bench.result())

      // MPM: the QR code.
      const mpmAmount = (i + 1) * 1000 + 60
      const mpmSale = await cashier.invoke('sales:open', {
        amount: { minor: mpmAmount, currency: 'JPY' }
      })
      if (!mpmSale.ok) throw new Error(`sales:open: ${mpmSale.error.message}`)
      await page.evaluate(
        ([kind, digits]) => window.__bench.arm(kind, digits),
        ['qr', mpmAmount.toLocaleString('en')]
      )
      const sent = wall()
      const qr = await cashier.invoke('payments:startMpm', {
        saleId: mpmSale.value.saleId,
        payMethodId: 'WeChatPay'
      })
      if (!qr.ok || qr.value.qrContent === null) throw new Error(`run ${i}: no QR`)
      const paintedQr = await page.evaluate(() => window.__bench.result())

      if (i < warmup) continue
      paymentToPaint.push(paintedPaid - published.get(`paid:${cpmAmount}`))
      answerToQr.push(paintedQr - published.get(`show-qr:${mpmAmount}`))
      commandToQr.push(paintedQr - sent)
    }
    observer.close()
    cashier.close()

    const row = (label, s) =>
      `  ${label.padEnd(44)} p50 ${s.p50.toFixed(2).padStart(7)} ms   p99 ${s.p99
        .toFixed(2)
        .padStart(7)} ms   max ${s.max.toFixed(2).padStart(7)} ms`
    console.log(`Customer display latency, ${runs} runs (+${warmup} warm-up), Chromium headless`)
    console.log(row('payment event published -> "Paid" painted', stats(paymentToPaint)))
    console.log(row('MPM answer published -> QR code painted', stats(answerToQr)))
    console.log(row('payments:startMpm sent -> QR code painted', stats(commandToQr)))
    console.log(`  one animation frame (median rAF interval)    ${frame.toFixed(2)} ms`)
    console.log(
      `  publish stamp late by (half a loopback round trip): p50 ${stats(hops).p50.toFixed(3)} ms`
    )
  } finally {
    await browser.close()
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
