import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { en } from '../../src/renderer/src/i18n/en'
import { ja } from '../../src/renderer/src/i18n/ja'
import { startWebHostProcess, type WebHostProcess } from '../web-host'

let host: WebHostProcess

test.beforeEach(async () => {
  host = await startWebHostProcess({ shopName: 'Kissa Aoi' })
})

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach('web-host.log', { body: host.output(), contentType: 'text/plain' })
  }
  await host.stop()
})

/** A mark in the window's global scope: a reload wipes it, a re-render does not. */
async function markWindow(page: Page): Promise<void> {
  await page.evaluate('globalThis.qrTillLanguageMark = "kept"')
}

async function markOf(page: Page): Promise<unknown> {
  return page.evaluate('globalThis.qrTillLanguageMark')
}

test('switching the language in settings turns both screens to it at once, without a reload', async ({
  browser
}) => {
  const context = await browser.newContext()
  const customer = await context.newPage()
  const cashier = await context.newPage()
  await customer.goto(host.customerUrl)
  await cashier.goto(host.cashierUrl)
  await expect(customer.getByTestId('customer-status')).toContainText(en.customer.welcome)
  await expect(cashier.locator('html')).toHaveAttribute('lang', 'en')
  await expect(cashier).toHaveTitle(en.app.cashierTitle)
  await markWindow(cashier)
  await markWindow(customer)

  await cashier.keyboard.press('F9')
  await expect(cashier.getByRole('heading', { level: 2, name: en.settings.heading })).toBeVisible()
  await cashier.getByRole('combobox', { name: en.settings.language }).selectOption('ja')
  await cashier.getByRole('button', { name: en.settings.save, exact: true }).click()

  // Both screens, now in Japanese: the words, `<html lang>` and the window title.
  await expect(cashier.getByRole('heading', { level: 2, name: ja.settings.heading })).toBeVisible()
  await expect(cashier.locator('html')).toHaveAttribute('lang', 'ja')
  await expect(cashier).toHaveTitle(ja.app.cashierTitle)
  await expect(customer.getByTestId('customer-status')).toContainText(ja.customer.welcome)
  await expect(customer.locator('html')).toHaveAttribute('lang', 'ja')
  await expect(customer).toHaveTitle(ja.app.customerTitle)
  expect(await markOf(cashier)).toBe('kept')
  expect(await markOf(customer)).toBe('kept')
  const saved = JSON.parse(readFileSync(join(host.dataDir, 'settings.json'), 'utf8')) as unknown
  expect(saved).toMatchObject({ language: 'ja' })

  // The sale screen too, amounts included, and the customer sees the sale in Japanese.
  await cashier.keyboard.press('F1')
  const amount = cashier.getByRole('textbox', { name: ja.entry.amountLabel })
  await expect(amount).toBeFocused()
  await cashier.keyboard.type('1200', { delay: 100 })
  await cashier.keyboard.press('F2')
  await expect(cashier.getByTestId('payment-status')).toContainText(ja.payment.awaitingHeading)
  await expect(customer.getByTestId('customer-status')).toContainText(ja.customer.pleaseShowCode)
  await expect(customer.getByTestId('customer-status')).toContainText(/[¥￥]1,200/)
  expect(await markOf(cashier)).toBe('kept')
  await context.close()
})
