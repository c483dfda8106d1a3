import { expect, test } from '@playwright/test'
import { readAttempts } from '../journal'
import { CashierPage } from '../pages/cashier'
import { CustomerPage } from '../pages/customer'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

let host: WebHostProcess | null = null

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
  host = null
})

test('a reload while the QR is up brings the payment back on the cashier screen, then paid', async ({
  browser
}, testInfo) => {
  host = await startWebHostProcess()
  const context = await browser.newContext()
  const customer = new CustomerPage(await context.newPage())
  const cashier = new CashierPage(await context.newPage())
  await customer.open(host.customerUrl)
  await cashier.open(host.cashierUrl)
  await expect(customer.status).toContainText('Welcome')

  // The sandbox pays an MPM order for ¥1,060 two seconds after the QR is issued; the till learns
  // it at its next poll.
  await cashier.amount.fill('1060')
  await cashier.page.keyboard.press('F3')
  await expect(cashier.status).toContainText('Which wallet will the customer pay with?')
  await cashier.page.keyboard.press('1')
  await expect(cashier.page.locator('.payment--showing-qr')).toBeVisible()
  await expect(customer.page.locator('main.customer--show-qr')).toBeVisible()

  // F5, or a renderer that crashed and was reloaded: the page starts with nothing in hand.
  await cashier.page.reload()
  await expect(cashier.page.locator('.payment--showing-qr')).toBeVisible()
  await expect(cashier.status).toContainText('Waiting for the customer to scan')
  await expect(cashier.status).toContainText('¥1,060')
  await expect(cashier.page.getByTestId('payment-countdown')).toContainText(/\d:\d\d left/)
  await cashier.page.screenshot({ path: testInfo.outputPath('cashier-after-reload.png') })

  // The payment holds the screen again: the other views stay shut while it runs (its key gate
  // keeps F9; a click is refused and says why).
  const settings = cashier.page.getByRole('button', { name: 'Settings' })
  await expect(settings).toBeDisabled()
  await settings.click({ force: true })
  await expect(cashier.page.locator('#nav-refused')).toContainText('Finish the sale first')
  await expect(cashier.status).toBeVisible()

  await expect(cashier.status).toContainText('Paid')
  await expect(customer.status).toContainText('Paid')
  await cashier.page.screenshot({ path: testInfo.outputPath('cashier-paid-after-reload.png') })
  expect(readAttempts(host.dataDir)).toMatchObject([
    { mode: 'MPM', status: 'paid', pay_method_id: 'WeChatPay', amount_minor: 1060 }
  ])

  await cashier.page.keyboard.press('Enter')
  await expect(cashier.amount).toBeVisible()
  await context.close()
})
