import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect, test } from '@playwright/test'
import { readAttempts } from '../journal'
import { CashierPage } from '../pages/cashier'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

let host: WebHostProcess

test.beforeEach(async () => {
  // The till's notification receiver on: the sandbox's notification reaches it (issue 3).
  host = await startWebHostProcess({ notifications: { enabled: true, port: 0 } })
})

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
})

test('a payment can be followed on the sandbox inspection page from request to notification', async ({
  browser
}, testInfo) => {
  const context = await browser.newContext()
  const cashier = new CashierPage(await context.newPage())
  await cashier.open(host.cashierUrl)
  await cashier.chargeAmount('1500')
  await cashier.scan('134567890123456789', 5)
  await expect(cashier.status).toContainText('Paid')
  const [attempt] = readAttempts(host.dataDir)
  const orderNo = attempt!.merchant_order_no

  const inspection = await context.newPage()
  await inspection.goto(`${host.sandboxUrl}/sandbox`)
  const order = inspection.locator('tr', { hasText: orderNo }).first()
  await expect(order).toContainText('Paid (2)')
  await expect(order).toContainText('CPM · WeChatPay')
  await expect(order).toContainText('1500 JPY')
  // The page refreshes itself; the delivery shows once the till has answered `success`.
  const notification = inspection.locator('tr', { hasText: 'notify' }).filter({ hasText: orderNo })
  await expect(notification).toContainText('delivered after 1 of 15')
  await expect(notification).toContainText('HTTP 200')
  await expect(notification).toContainText('success')
  await inspection.screenshot({
    path: join(testInfo.outputDir, 'sandbox-inspection.png'),
    fullPage: true
  })

  // The till journaled the notification it verified.
  const db = new Database(join(host.dataDir, 'journal.sqlite'), { readonly: true })
  const received = db
    .prepare<[], { detail: string }>(
      "SELECT detail FROM events WHERE kind = 'notification.received'"
    )
    .all()
    .map((row) => JSON.parse(row.detail) as Record<string, unknown>)
  db.close()
  expect(received).toContainEqual(
    expect.objectContaining({ verdict: 'verified', merchantOrderNo: orderNo })
  )
  await context.close()
})
