import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { en } from '../../src/renderer/src/i18n/en'
import { ja } from '../../src/renderer/src/i18n/ja'
import { scanUntil, typeAsPerson } from '../pages/cashier'
import { decliningCode, payingCode } from '../pages/records'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

/**
 * A PNG of every screen in every language, into test-results/screenshots/<language>/<screen>.png
 * on every run (CI keeps the folder), for a person to look over. With QR_TILL_SCREENSHOTS set to
 * a folder (docs/screenshots for the README), the README's selection is written there as well.
 */

const shotsDir = join(__dirname, '..', '..', 'test-results', 'screenshots')
const docsDir = process.env['QR_TILL_SCREENSHOTS']
/** The screens the README shows, in both languages. */
const forReadme = new Set(['cashier-entry', 'cashier-paid', 'customer-paid', 'customer-qr'])

const unknownCode = '9999999999999999'

let host: WebHostProcess

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
})

for (const language of ['en', 'ja'] as const) {
  test.describe(`in ${language}`, () => {
    test.beforeEach(async () => {
      host = await startWebHostProcess({ language, shopName: 'Kissa Aoi' })
    })

    /** Waits until the page speaks `language`, then writes the PNG (Playwright waits for fonts). */
    const shoot = async (page: Page, screen: string): Promise<void> => {
      await expect(page.locator('html')).toHaveAttribute('lang', language)
      const targets = [join(shotsDir, language)]
      if (docsDir !== undefined && docsDir !== '' && forReadme.has(screen)) {
        targets.push(join(docsDir, language))
      }
      for (const dir of targets) {
        mkdirSync(dir, { recursive: true })
        await page.screenshot({ path: join(dir, `${screen}.png`), animations: 'disabled' })
      }
    }

    test('every cashier and customer screen of a scanned sale', async ({ browser }) => {
      const context = await browser.newContext()
      const customer = await context.newPage()
      const cashier = await context.newPage()
      await customer.goto(host.customerUrl)
      await cashier.goto(host.cashierUrl)
      const phase = (name: string): ReturnType<Page['locator']> =>
        cashier.locator(`.payment--${name}`)
      const display = (name: string): ReturnType<Page['locator']> =>
        customer.locator(`main.customer--${name}`)

      await expect(display('idle')).toBeVisible()
      await shoot(customer, 'customer-idle')

      await expect(cashier.locator('.amount-input')).toBeFocused()
      await typeAsPerson(cashier, '1200')
      await expect(cashier.locator('.amount-input')).toHaveValue('1200')
      await shoot(cashier, 'cashier-entry')

      await cashier.keyboard.press('F2')
      await expect(phase('awaiting-code')).toBeVisible()
      await shoot(cashier, 'cashier-awaiting-scan')
      await expect(display('awaiting-code')).toBeVisible()
      await shoot(customer, 'customer-sale')

      await scanUntil(cashier, unknownCode, 'choosing-method')
      await shoot(cashier, 'cashier-picker')
      await cashier.keyboard.press('Escape')

      await expect(phase('awaiting-code')).toBeVisible()
      await scanUntil(cashier, decliningCode, 'declined')
      await shoot(cashier, 'cashier-declined')
      await expect(display('declined')).toBeVisible()
      await shoot(customer, 'customer-declined')

      await cashier.keyboard.press('Enter')
      await expect(phase('awaiting-code')).toBeVisible()
      await scanUntil(cashier, payingCode, 'paid')
      await shoot(cashier, 'cashier-paid')
      await expect(display('paid')).toBeVisible()
      await shoot(customer, 'customer-paid')
      await context.close()
    })

    test('the QR the customer scans, on both screens', async ({ browser }) => {
      const context = await browser.newContext()
      const customer = await context.newPage()
      const cashier = await context.newPage()
      await customer.goto(host.customerUrl)
      await cashier.goto(host.cashierUrl)
      await expect(cashier.locator('.amount-input')).toBeFocused()

      await typeAsPerson(cashier, '1500')
      await cashier.keyboard.press('F3')
      await expect(cashier.locator('.payment--choosing-wallet')).toBeVisible()
      await shoot(cashier, 'cashier-wallet-picker')
      await cashier.keyboard.press('1')
      await expect(cashier.locator('.payment--showing-qr')).toBeVisible()
      await shoot(cashier, 'cashier-showing-qr')
      await expect(customer.locator('main.customer--show-qr')).toBeVisible()
      await shoot(customer, 'customer-qr')
      await context.close()
    })

    test('history, a sale, its refund, end of day and settings', async ({ page }) => {
      const t = language === 'en' ? en : ja
      await page.goto(host.cashierUrl)
      await expect(page.locator('.amount-input')).toBeFocused()
      await typeAsPerson(page, '1200')
      await page.keyboard.press('F2')
      await expect(page.locator('.payment--awaiting-code')).toBeVisible()
      await scanUntil(page, payingCode, 'paid')
      await page.keyboard.press('Enter')
      await expect(page.locator('.amount-input')).toBeFocused()

      await page.keyboard.press('F4')
      await expect(page.getByTestId('history-row')).toHaveCount(1)
      await shoot(page, 'cashier-history')
      await page.getByTestId('history-row').getByRole('button').focus()
      await page.keyboard.press('Enter')
      await expect(
        page.getByRole('heading', { level: 2, name: t.saleDetail.heading(1) })
      ).toBeVisible()
      await shoot(page, 'cashier-sale-detail')
      await page.getByRole('button', { name: t.saleDetail.refund }).focus()
      await page.keyboard.press('Enter')
      await expect(page.getByRole('dialog', { name: t.refund.heading(1) })).toBeVisible()
      await shoot(page, 'cashier-refund')
      await page.keyboard.press('Escape')
      await expect(page.getByRole('dialog')).toHaveCount(0)

      await page.keyboard.press('F8')
      await expect(page.getByRole('heading', { level: 2, name: t.endOfDay.heading })).toBeVisible()
      await shoot(page, 'cashier-end-of-day')
      await page.keyboard.press('F9')
      await expect(page.getByRole('heading', { level: 2, name: t.settings.heading })).toBeVisible()
      await shoot(page, 'cashier-settings')
    })
  })
}
