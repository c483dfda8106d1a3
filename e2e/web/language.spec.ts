import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { en } from '../../src/renderer/src/i18n/en'
import { ja } from '../../src/renderer/src/i18n/ja'
import { scanCode } from '../pages/cashier'
import { decliningCode, historyRows } from '../pages/records'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

let host: WebHostProcess

test.beforeEach(async () => {
  host = await startWebHostProcess({ shopName: 'Kissa Aoi' })
})

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
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

test('a Japanese till words the engine’s reasons and the settings’ refusals in Japanese', async ({
  page
}) => {
  const japanese = await startWebHostProcess({ shopName: 'Kissa Aoi', language: 'ja' })
  try {
    await page.goto(japanese.cashierUrl)
    const status = page.getByTestId('payment-status')
    await page.getByRole('textbox', { name: ja.entry.amountLabel }).fill('880')
    await page.keyboard.press('F2')
    await expect(status).toContainText(ja.payment.awaitingHeading)
    await scanCode(page, decliningCode)
    await expect(status).toContainText(ja.payment.declined)
    // The wallet's own words are quoted as they came; the till's words are Japanese.
    await expect(status).toContainText(ja.tender.declinedBecause('Insufficient balance'))

    // Left for the next customer, as a cashier would; then the sale in the history.
    await page.keyboard.press('Escape')
    await expect(page.getByRole('textbox', { name: ja.entry.amountLabel })).toBeVisible()
    await page.keyboard.press('F4')
    await expect(page.getByRole('heading', { level: 2, name: ja.history.heading })).toBeVisible()
    await historyRows(page).first().getByRole('button').click()
    const detail = page.getByTestId('sale-detail')
    await expect(detail.getByTestId('sale-attempts')).toContainText(
      'ウォレットが決済を断りました: Insufficient balance。'
    )
    await expect(detail.getByTestId('sale-timeline')).toContainText(
      ja.saleDetail.attemptStatuses.declined
    )
    await expect(detail).not.toContainText(/Declined by the wallet|Ask for another code/)

    await page.keyboard.press('F9')
    await expect(page.getByRole('heading', { level: 2, name: ja.settings.heading })).toBeVisible()
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 })
    const gateway = generateKeyPairSync('rsa', { modulusLength: 2048 })
    await page
      .getByRole('textbox', { name: ja.settings.gateway.pastePrivate })
      .fill(weak.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())
    await page
      .getByRole('textbox', { name: ja.settings.gateway.pastePublic })
      .fill(gateway.publicKey.export({ type: 'spki', format: 'pem' }).toString())
    await page.getByRole('button', { name: ja.settings.gateway.importKeys }).click()
    const alert = page.getByRole('alert').filter({ hasText: ja.settings.keysNotImported })
    await expect(alert).toContainText('アプリの秘密鍵は 1024 ビットです')
    await expect(alert).not.toContainText(/bits|PayCloud needs/)
  } finally {
    await japanese.stop()
  }
})
