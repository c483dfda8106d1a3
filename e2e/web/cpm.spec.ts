import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { dataFolderContains, readAttempts } from '../journal'
import { CashierPage } from '../pages/cashier'
import { CustomerPage } from '../pages/customer'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

let host: WebHostProcess

test.beforeEach(async () => {
  host = await startWebHostProcess()
})

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
})

/** An 18-digit WeChat-format code (API.md §8.2); the sandbox pays any code without a scenario suffix. */
const wechatCode = '134567890123456789'
/** The sandbox declines codes ending 0051 with "Insufficient balance". */
const decliningCode = '134567890123450051'

test('a scanned WeChat code pays a sale; the gateway, the journal and both screens agree', async ({
  browser
}, testInfo) => {
  const context = await browser.newContext()
  const customer = new CustomerPage(await context.newPage())
  const cashier = new CashierPage(await context.newPage())
  await customer.open(host.customerUrl)
  await cashier.open(host.cashierUrl)
  await expect(cashier.page.getByText('SANDBOX — no real money')).toBeVisible()
  await expect(customer.status).toContainText('Welcome')

  await cashier.chargeAmount('1200')
  await expect(customer.status).toContainText('¥1,200')
  await expect(customer.status).toContainText(/show your payment code/i)

  await cashier.scan(wechatCode, 5)

  await expect(cashier.status).toContainText('Paid')
  await expect(customer.status).toContainText('Paid')

  const attempts = readAttempts(host.dataDir)
  expect(attempts).toHaveLength(1)
  const [attempt] = attempts
  expect(attempt).toMatchObject({
    status: 'paid',
    pay_method_id: 'WeChatPay',
    amount_minor: 1200,
    currency: 'JPY',
    auth_code_last4: '6789'
  })
  await expect(cashier.status).toContainText(attempt!.merchant_order_no)

  const response = await fetch(`${host.sandboxUrl}/sandbox/orders/${attempt!.merchant_order_no}`)
  expect(response.status).toBe(200)
  const order = (await response.json()) as Record<string, unknown>
  expect(order).toMatchObject({
    transStatus: 2,
    payMethodId: 'WeChatPay',
    priceCurrency: 'JPY',
    orderAmountMinor: 1200,
    authCodeLast4: '6789',
    transNo: attempt!.trans_no
  })

  // The full customer code is never stored (DESIGN.md "Security is code").
  expect(dataFolderContains(host.dataDir, wechatCode)).toBe(false)

  await saveScreenshots(testInfo.outputDir, cashier, customer, 'paid')
  await context.close()
})

test('a declined code tells the cashier why and the customer that it failed', async ({
  browser
}, testInfo) => {
  const context = await browser.newContext()
  const customer = new CustomerPage(await context.newPage())
  const cashier = new CashierPage(await context.newPage())
  await customer.open(host.customerUrl)
  await cashier.open(host.cashierUrl)

  await cashier.chargeAmount('880')
  await cashier.scan(decliningCode, 5)

  await expect(cashier.status).toContainText('Declined')
  await expect(cashier.status).toContainText('Insufficient balance')
  await expect(customer.status).toContainText(/declined/i)
  expect(readAttempts(host.dataDir)).toMatchObject([
    {
      status: 'declined',
      amount_minor: 880,
      reason: expect.stringContaining('Declined by the wallet: Insufficient balance')
    }
  ])
  await saveScreenshots(testInfo.outputDir, cashier, customer, 'declined')
  await context.close()
})

test('a sale above what PayCloud takes in one payment is refused, charges nothing and stays open', async ({
  browser
}, testInfo) => {
  const context = await browser.newContext()
  const customer = new CustomerPage(await context.newPage())
  const cashier = new CashierPage(await context.newPage())
  await customer.open(host.customerUrl)
  await cashier.open(host.cashierUrl)

  // The gateway client's ceiling for JPY is ¥10,000,000 per call (`defaultMaxAmountMinor`).
  await cashier.chargeAmount('20000000')
  await cashier.scan(wechatCode, 5)

  const notice = cashier.page.getByRole('alert')
  await expect(notice).toContainText('more than PayCloud takes in one payment')
  await expect(notice).toContainText('(at most ¥10,000,000)')
  expect(readAttempts(host.dataDir)).toEqual([])
  const orders = (await (await fetch(`${host.sandboxUrl}/sandbox/orders`)).json()) as unknown[]
  expect(orders).toEqual([])
  await expect(customer.status).toContainText('¥20,000,000')
  await saveScreenshots(testInfo.outputDir, cashier, customer, 'above-max')
  await context.close()
})

test('keys typed at human speed are not a scan and pay nothing', async ({ browser }) => {
  const context = await browser.newContext()
  const cashier = new CashierPage(await context.newPage())
  await cashier.open(host.cashierUrl)
  await cashier.chargeAmount('500')

  await cashier.scan(wechatCode, 120)
  // A real scan afterwards still works: the human burst left nothing behind.
  await cashier.scan(wechatCode, 5)
  await expect(cashier.status).toContainText('Paid')
  const attempts = readAttempts(host.dataDir)
  expect(attempts).toHaveLength(1)
  expect(attempts[0]).toMatchObject({ status: 'paid', amount_minor: 500 })
  await context.close()
})

async function saveScreenshots(
  dir: string,
  cashier: CashierPage,
  customer: CustomerPage,
  label: string
): Promise<void> {
  const targets = [dir, process.env['QR_TILL_SCREENSHOTS']].filter((d): d is string => !!d)
  for (const target of targets) {
    mkdirSync(target, { recursive: true })
    await cashier.page.screenshot({ path: join(target, `cashier-${label}.png`) })
    await customer.page.screenshot({ path: join(target, `customer-${label}.png`) })
  }
}
