import { expect, test } from '@playwright/test'
import { CashierPage } from '../pages/cashier'
import { CustomerPage } from '../pages/customer'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

let host: WebHostProcess | null = null

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
  host = null
})

test('a tablet pairs with the code on the cashier screen and becomes the customer display', async ({
  browser
}) => {
  // The "LAN" is a second loopback address here: this machine only.
  host = await startWebHostProcess({
    customerDisplay: { lan: true, lanHost: '127.0.0.2', lanPort: 0 }
  })
  const cashier = new CashierPage(await (await browser.newContext()).newPage())
  await cashier.open(host.cashierUrl)
  await cashier.page.keyboard.press('F9')
  await cashier.page.getByRole('button', { name: 'Pair a tablet' }).click()
  const pairing = cashier.page.getByTestId('lan-pairing')
  await expect(pairing.getByRole('img', { name: /pairs a tablet/ })).toBeVisible()
  const code = (await pairing.locator('strong').textContent()) ?? ''
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/)
  const address = (await pairing.locator('.mono').last().textContent()) ?? ''
  expect(address).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/pair$/)

  // The tablet, in a context of its own: it types the code on the pairing page.
  const tablet = new CustomerPage(await (await browser.newContext()).newPage())
  await tablet.page.goto(address)
  await tablet.page.getByRole('textbox', { name: /Pairing code/ }).fill(code.toLowerCase())
  await tablet.page.getByRole('button', { name: /Pair/ }).click()
  await expect(tablet.status).toContainText('Welcome')

  await cashier.page.keyboard.press('F1')
  await cashier.chargeAmount('700')
  await expect(tablet.status).toContainText('¥700')

  // The same code does not pair a second device, even from the pairing QR's link.
  const other = await (await browser.newContext()).newPage()
  await other.goto(`${address}?code=${code}`)
  await expect(other.getByRole('textbox', { name: /Pairing code/ })).toHaveValue(code)
  await other.getByRole('button', { name: /Pair/ }).click()
  await expect(other.getByRole('alert')).toContainText('not valid or has expired')
})
