import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test'
import Database from 'better-sqlite3'
import jsQR from 'jsqr'
import { readAttempts } from '../journal'
import { CashierPage } from '../pages/cashier'
import { CustomerPage } from '../pages/customer'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

// Browser globals used inside page.evaluate only; e2e/ type-checks against Node's lib, not the DOM's.
declare const createImageBitmap: (blob: Blob) => Promise<{ width: number; height: number }>
declare class OffscreenCanvas {
  constructor(width: number, height: number)
  getContext(kind: '2d'): {
    drawImage(image: unknown, x: number, y: number): void
    getImageData(
      x: number,
      y: number,
      width: number,
      height: number
    ): { width: number; height: number; data: Uint8ClampedArray }
  } | null
}

let host: WebHostProcess | null = null

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
  host = null
})

/** The scanner gap for tests about what follows a scan, not about recognising one. */
const scanGapMs = 120

/** Both screens in one context, the customer display opened first, as at a counter. */
async function openScreens(
  context: BrowserContext,
  started: WebHostProcess
): Promise<{ cashier: CashierPage; customer: CustomerPage }> {
  const customer = new CustomerPage(await context.newPage())
  const cashier = new CashierPage(await context.newPage())
  await customer.open(started.customerUrl)
  await cashier.open(started.cashierUrl)
  await expect(customer.status).toContainText('Welcome')
  return { cashier, customer }
}

/** Keys the amount, chooses Show QR (F3), then the wallet by its number in the picker. */
async function showQr(cashier: CashierPage, amount: string, walletNumber: string): Promise<void> {
  await cashier.amount.fill(amount)
  await cashier.page.keyboard.press('F3')
  await expect(cashier.status).toContainText('Which wallet will the customer pay with?')
  await cashier.page.keyboard.press(walletNumber)
  await expect(cashier.status).toContainText('Waiting for the customer to scan')
}

/**
 * Reads the QR code off the customer display the way a phone camera would: a screenshot's pixels,
 * decoded by a QR decoder. The PNG is turned into RGBA pixels by the browser itself (a blank page,
 * so no screen's CSP is involved), and jsQR finds and decodes the code in them.
 */
async function scanQrFromScreen(screen: Page, decoder: Page): Promise<string> {
  const png = await screen.screenshot()
  const pixels = await decoder.evaluate(async (base64: string) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }))
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
    const context = canvas.getContext('2d')
    if (context === null) throw new Error('no 2d context')
    context.drawImage(bitmap, 0, 0)
    const image = context.getImageData(0, 0, bitmap.width, bitmap.height)
    let binary = ''
    for (let i = 0; i < image.data.length; i += 0x8000) {
      binary += String.fromCharCode(...image.data.subarray(i, i + 0x8000))
    }
    return { width: image.width, height: image.height, rgba: btoa(binary) }
  }, png.toString('base64'))
  const rgba = new Uint8ClampedArray(Buffer.from(pixels.rgba, 'base64'))
  const code = jsQR(rgba, pixels.width, pixels.height)
  if (code === null) throw new Error('no QR code found on the customer display')
  return code.data
}

test('MPM: the customer scans the QR off the display, pays in the wallet, and both screens show paid', async ({
  browser
}) => {
  host = await startWebHostProcess()
  const context = await browser.newContext()
  const { cashier, customer } = await openScreens(context, host)

  await showQr(cashier, '1500', '1')
  await expect(customer.status).toContainText('Scan with WeChat Pay to pay')
  await expect(customer.status).toContainText('¥1,500')
  await expect(customer.page.getByRole('img', { name: /Payment QR code/ })).toBeVisible()
  await expect(cashier.page.getByTestId('payment-countdown')).toContainText(/\d:\d\d left/)

  const phone = await context.newPage()
  // A phone reads it off the smallest tablet and a full-HD screen alike.
  for (const size of [
    { width: 1024, height: 600 },
    { width: 1920, height: 1080 }
  ]) {
    await customer.page.setViewportSize(size)
    await expect(async () => {
      expect(await scanQrFromScreen(customer.page, phone)).toBe(
        readAttempts(host!.dataDir)[0]!.qr_content
      )
    }).toPass()
  }
  const url = await scanQrFromScreen(customer.page, phone)
  const [attempt] = readAttempts(host.dataDir)
  expect(attempt).toMatchObject({ mode: 'MPM', status: 'processing', amount_minor: 1500 })
  expect(url).toBe(attempt!.qr_content)
  expect(url.startsWith(`${host.sandboxUrl}/wallet/`)).toBe(true)

  await phone.goto(url)
  await phone.getByRole('button', { name: 'Pay' }).click()

  await expect(cashier.status).toContainText('Paid')
  await expect(customer.status).toContainText('Paid')
  await expect(customer.page.getByRole('img', { name: /Payment QR code/ })).toHaveCount(0)
  expect(readAttempts(host.dataDir)).toMatchObject([
    { mode: 'MPM', status: 'paid', pay_method_id: 'WeChatPay', amount_minor: 1500 }
  ])
  await context.close()
})

test('MPM declined by the wallet: the cashier reads why once and can show a new QR', async ({
  browser
}) => {
  host = await startWebHostProcess()
  const context = await browser.newContext()
  const { cashier, customer } = await openScreens(context, host)

  // The sandbox declines MPM amounts ending 054 (RISK_CONTROL) 2 s after the QR is issued.
  await showQr(cashier, '1054', '2')
  await expect(cashier.status).toContainText('Declined', { timeout: 20_000 })
  await expect(customer.status).toContainText(/declined/i)
  await expect(cashier.status).toContainText(
    "The wallet said: Declined by the wallet's risk control"
  )
  // The engine's own prefix and advice are not repeated above the screen's next step.
  await expect(cashier.status).not.toContainText('Declined by the wallet:')
  await expect(cashier.status).not.toContainText('Ask for another code or method')
  await expect(cashier.status).toContainText('Show a new QR code, or try another method.')

  await cashier.page.getByRole('button', { name: /Show a new QR code/ }).click()
  await expect(cashier.status).toContainText('Which wallet will the customer pay with?')
  expect(readAttempts(host.dataDir)).toMatchObject([
    { mode: 'MPM', status: 'declined', pay_method_id: 'Alipay+' }
  ])
  await context.close()
})

test('MPM not scanned in time: the till closes the order and says it was not paid', async ({
  browser
}) => {
  // The shortest window the settings allow: the QR is up for 15 s, then the order is closed.
  host = await startWebHostProcess({
    payments: { mpmWindowMs: 15_000, pollIntervalMs: 1_000 }
  })
  const context = await browser.newContext()
  const { cashier, customer } = await openScreens(context, host)

  await showQr(cashier, '1200', '1')
  await expect(customer.status).toContainText(/0:1\d left/)
  await expect(cashier.status).toContainText('Not paid in time', { timeout: 40_000 })
  await expect(customer.page.getByRole('img', { name: /Payment QR code/ })).toHaveCount(0)
  // Nobody declined anything, and the customer never showed a code of their own.
  await expect(customer.status).toContainText('Not paid in time')
  await expect(customer.status).toContainText('Nothing was charged')
  await expect(customer.status).not.toContainText(/declined|another code/i)
  const [attempt] = readAttempts(host.dataDir)
  expect(attempt).toMatchObject({ mode: 'MPM', status: 'cancelled' })
  const order = (await (
    await fetch(`${host.sandboxUrl}/sandbox/orders/${attempt!.merchant_order_no}`)
  ).json()) as Record<string, unknown>
  expect(order['transStatus']).not.toBe(2)
  await context.close()
})

test('MPM cancelled by the cashier: the order is closed on the gateway and the sale can be dropped', async ({
  browser
}) => {
  host = await startWebHostProcess({ payments: { pollIntervalMs: 1_000 } })
  const context = await browser.newContext()
  const { cashier, customer } = await openScreens(context, host)

  await showQr(cashier, '1300', '1')
  await cashier.page.getByRole('button', { name: /Cancel payment/ }).click()
  await expect(cashier.status).toContainText('Cancelling the payment')
  // The gateway may not be asked to close for 15 s: no QR to pay a cancelled sale meanwhile.
  await expect(customer.page.getByRole('img', { name: /Payment QR code/ })).toHaveCount(0)
  await expect(customer.status).toContainText('This QR code can no longer be used')
  await expect(cashier.status).toContainText('Cancelling the payment')
  // The gateway is not asked to close before 15 s (API.md §5.3); then the sale is open again.
  await expect(cashier.status).toContainText('Which wallet will the customer pay with?', {
    timeout: 40_000
  })
  expect(readAttempts(host.dataDir)).toMatchObject([{ mode: 'MPM', status: 'cancelled' }])

  await cashier.page.keyboard.press('Escape')
  await expect(cashier.scanButton).toBeVisible()
  await expect(customer.status).toContainText('Welcome')
  await context.close()
})

test('CPM: the customer confirms in the wallet with a countdown, then it is paid', async ({
  browser
}) => {
  // A wider scanner gap than the default 50 ms: this test is about the customer confirming, and a
  // machine under load may space the simulated scanner's keys further apart (cpm.spec.ts covers
  // telling a scanner from a person at the default).
  host = await startWebHostProcess({
    payments: { pollIntervalMs: 1_000 },
    wedge: { maxGapMs: scanGapMs }
  })
  const context = await browser.newContext()
  const { cashier, customer } = await openScreens(context, host)

  await cashier.chargeAmount('2000')
  // The sandbox keeps codes ending 0061 "user paying" for 3 s, then pays them.
  await cashier.scan('134567890123450061', 5)
  await expect(cashier.status).toContainText('The customer is confirming in their wallet')
  await expect(cashier.page.getByTestId('payment-countdown')).toContainText(/\d:\d\d left/)
  await expect(customer.status).toContainText('Please confirm the payment in your wallet app')
  await expect(cashier.status).toContainText('Paid')
  await expect(customer.status).toContainText('Paid')
  await context.close()
})

test('a sale keyed as items: both screens show them, the journal keeps them, and it is paid', async ({
  browser
}) => {
  host = await startWebHostProcess()
  const context = await browser.newContext()
  const { cashier, customer } = await openScreens(context, host)

  const items = [
    { description: 'Flat white', price: '450', quantity: '2' },
    { description: 'Onigiri', price: '180', quantity: '1' }
  ]
  for (const [index, item] of items.entries()) {
    await cashier.page.getByRole('button', { name: 'Add item' }).click()
    const row = cashier.page.getByRole('listitem', { name: `Item ${index + 1}` })
    await expect(row.getByRole('textbox', { name: 'Description' })).toBeFocused()
    // At a person's pace: keys as fast as a scanner's are kept out of the fields (lib/key-gate).
    await cashier.page.keyboard.type(item.description, { delay: 90 })
    await row.getByRole('textbox', { name: 'Price' }).fill(item.price)
    await row.getByRole('textbox', { name: 'Qty' }).fill(item.quantity)
  }
  await expect(cashier.amount).toHaveValue('1080')
  // A scan into an item's field is kept out of it, as from the amount: a product barcode is no
  // wallet code, so it only says so (a wallet code would open the sale and pay it).
  const first = cashier.page.getByRole('textbox', { name: 'Description' }).first()
  await first.focus()
  await cashier.scan('4912345678904', 5)
  await expect(cashier.page.getByText(/too short to be a wallet payment code/)).toBeVisible()
  await expect(first).toHaveValue('Flat white')
  await expect(cashier.amount).toHaveValue('1080')
  // Clicked: a key this soon after the scan's last one would be taken for the scanner's.
  await cashier.scanButton.click()
  await expect(cashier.status).toContainText(/Scan the customer.s payment code/)

  const list = customer.page.getByRole('list', { name: 'Items' })
  await expect(list).toContainText('2 × Flat white')
  await expect(list).toContainText('¥900')
  await expect(list).toContainText('Onigiri')
  await expect(customer.status).toContainText('¥1,080')

  await cashier.scan('134567890123456789', 5)
  await expect(cashier.status).toContainText('Paid')
  await expect(customer.status).toContainText('Paid')

  const db = new Database(join(host.dataDir, 'journal.sqlite'), { readonly: true })
  try {
    expect(
      db.prepare('SELECT description, unit_price_minor, quantity FROM sale_lines').all()
    ).toEqual([
      { description: 'Flat white', unit_price_minor: 450, quantity: 2 },
      { description: 'Onigiri', unit_price_minor: 180, quantity: 1 }
    ])
  } finally {
    db.close()
  }
  await context.close()
})

test('CPM with a gateway that never answers: not known yet, then needs attention, never paid', async ({
  browser
}) => {
  // A gateway that takes the connection and never answers (a real socket on loopback: what a
  // hung gateway looks like to the till), with keys of its own, and the shortest windows the
  // settings allow: the outcome stays unknown, the close cannot get through either, and the till
  // says so instead of guessing.
  const sockets = new Set<Socket>()
  const hung = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve))
  const { port } = hung.address() as AddressInfo
  try {
    await needsAttention(browser, port)
  } finally {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => hung.close(resolve))
  }
})

async function needsAttention(browser: Browser, port: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qr-till-e2e-'))
  mkdirSync(join(dataDir, 'keys'), { recursive: true })
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const gateway = generateKeyPairSync('rsa', { modulusLength: 2048 })
  writeFileSync(
    join(dataDir, 'keys', 'app-private.pem'),
    app.privateKey.export({ type: 'pkcs8', format: 'pem' })
  )
  writeFileSync(
    join(dataDir, 'keys', 'gateway-public.pem'),
    gateway.publicKey.export({ type: 'spki', format: 'pem' })
  )
  host = await startWebHostProcess(
    {
      gateway: {
        baseUrl: `http://127.0.0.1:${port}/api`,
        appId: 'app-e2e',
        merchantNo: 'M-e2e',
        storeNo: 'S-e2e',
        timeoutMs: 2_000
      },
      payments: {
        pollIntervalMs: 1_000,
        pollWindowMs: 10_000,
        unclearQueryDelayMs: 1_000,
        cancelTries: 1,
        cancelRetryIntervalMs: 1_000
      },
      wedge: { maxGapMs: scanGapMs }
    },
    { dataDir }
  )
  const context = await browser.newContext()
  const { cashier, customer } = await openScreens(context, host)

  await cashier.chargeAmount('1500')
  await cashier.scan('134567890123456789', 5)
  await expect(cashier.status).toContainText('Checking with the gateway')
  await expect(customer.status).toContainText('Checking your payment')
  await expect(cashier.status).toContainText('Needs attention', { timeout: 45_000 })
  await expect(cashier.status).toContainText('do not take another payment for this sale')
  await expect(customer.status).not.toContainText('Paid')
  expect(readAttempts(host.dataDir)).toMatchObject([
    { mode: 'CPM', status: 'needs-attention', amount_minor: 1500 }
  ])
  await context.close()
}
