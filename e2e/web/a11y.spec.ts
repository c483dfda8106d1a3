import { expect, test, type Page } from '@playwright/test'
import { en } from '../../src/renderer/src/i18n/en'
import { ja } from '../../src/renderer/src/i18n/ja'
import { expectNoAxeViolations } from '../axe'
import { scanUntil, typeAsPerson } from '../pages/cashier'
import { decliningCode, payingCode } from '../pages/records'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

/**
 * axe-core on every screen and state a person meets, in every language. States are reached from
 * the keyboard alone (keys only, no clicks), and waited for by the screens' state classes, which
 * do not depend on the language.
 */

/** The sandbox keeps the customer confirming in their wallet for 30 s. */
const slowCode = '134567890123450062'
/** No method rule matches it: the cashier is asked which wallet it is from. */
const unknownCode = '9999999999999999'

let host: WebHostProcess

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
})

for (const language of ['en', 'ja'] as const) {
  test.describe(`in ${language}`, () => {
    test.beforeEach(async () => {
      host = await startWebHostProcess({ language })
    })

    test('the cashier and customer screens through a scanned payment have no axe violations', async ({
      browser
    }) => {
      const t = language === 'en' ? en : ja
      const context = await browser.newContext()
      const customer = await context.newPage()
      const cashier = await context.newPage()
      await customer.goto(host.customerUrl)
      await cashier.goto(host.cashierUrl)
      const customerScreen = (screen: string): ReturnType<Page['locator']> =>
        customer.locator(`main.customer--${screen}`)
      const cashierPhase = (phase: string): ReturnType<Page['locator']> =>
        cashier.locator(`.payment--${phase}`)

      // Both screens speak the till's language.
      await expect(cashier.locator('html')).toHaveAttribute('lang', language)
      await expect(customer.locator('html')).toHaveAttribute('lang', language)

      await expect(customerScreen('idle')).toBeVisible()
      await expectNoAxeViolations(customer, 'customer: idle')
      await expect(cashier.locator('.amount-input')).toBeFocused()
      await expectNoAxeViolations(cashier, 'cashier: sale entry')

      await typeAsPerson(cashier, '1200')
      await cashier.keyboard.press('F2')
      await expect(cashierPhase('awaiting-code')).toBeVisible()
      await expectNoAxeViolations(cashier, 'cashier: awaiting scan')
      await expect(customerScreen('awaiting-code')).toBeVisible()
      await expectNoAxeViolations(customer, 'customer: sale')

      await scanUntil(cashier, unknownCode, 'choosing-method')
      await expectNoAxeViolations(cashier, 'cashier: method picker')
      await cashier.keyboard.press('Escape')
      await expect(cashierPhase('awaiting-code')).toBeVisible()

      await scanUntil(cashier, decliningCode, 'declined')
      await expectNoAxeViolations(cashier, 'cashier: declined')
      await expect(customerScreen('declined')).toBeVisible()
      await expectNoAxeViolations(customer, 'customer: declined')

      // Enter asks for a fresh code; the next scan pays.
      await cashier.keyboard.press('Enter')
      await expect(cashierPhase('awaiting-code')).toBeVisible()
      await scanUntil(cashier, payingCode, 'paid')
      await expectNoAxeViolations(cashier, 'cashier: paid')
      await expect(customerScreen('paid')).toBeVisible()
      await expectNoAxeViolations(customer, 'customer: paid')

      // Enter starts the next sale: back at the amount, focused.
      await cashier.keyboard.press('Enter')
      await expect(cashier.locator('.amount-input')).toBeFocused()

      // A sale with an item, from the keyboard: the new line takes the focus to its description.
      await cashier.getByRole('button', { name: t.lines.add }).focus()
      await cashier.keyboard.press('Enter')
      await expect(cashier.getByRole('textbox', { name: t.lines.description })).toBeFocused()
      await typeAsPerson(cashier, 'Coffee')
      await cashier.keyboard.press('Tab')
      await typeAsPerson(cashier, '600')
      await cashier.keyboard.press('Tab')
      await typeAsPerson(cashier, '2')
      await expectNoAxeViolations(cashier, 'cashier: sale entry with an item')
      await cashier.keyboard.press('F2')
      await expect(cashierPhase('awaiting-code')).toBeVisible()
      await expect(customer.getByTestId('customer-status')).toContainText('Coffee')
      await expectNoAxeViolations(customer, 'customer: sale with items')

      await scanUntil(cashier, slowCode, 'confirming')
      await expectNoAxeViolations(cashier, 'cashier: customer confirming')
      await expect(customer.locator('main.customer--confirming')).toBeVisible()
      await expect(customer.locator('.customer__link')).toHaveCount(0)
      await expectNoAxeViolations(customer, 'customer: confirming')
      await context.close()
    })

    test('showing the customer a QR code has no axe violations on either screen', async ({
      browser
    }) => {
      const context = await browser.newContext()
      const customer = await context.newPage()
      const cashier = await context.newPage()
      await customer.goto(host.customerUrl)
      await cashier.goto(host.cashierUrl)
      await expect(cashier.locator('.amount-input')).toBeFocused()

      await typeAsPerson(cashier, '1500')
      await cashier.keyboard.press('F3')
      await expect(cashier.locator('.payment--choosing-wallet')).toBeVisible()
      await expectNoAxeViolations(cashier, 'cashier: wallet picker (show a QR)')

      await cashier.keyboard.press('1')
      await expect(cashier.locator('.payment--showing-qr')).toBeVisible()
      await expectNoAxeViolations(cashier, 'cashier: showing a QR')
      await expect(customer.locator('main.customer--show-qr')).toBeVisible()
      await expectNoAxeViolations(customer, 'customer: QR')
      await context.close()
    })

    test('settings, history, a sale, its refund and end of day have no axe violations', async ({
      browser
    }) => {
      const t = language === 'en' ? en : ja
      const context = await browser.newContext()
      const customer = await context.newPage()
      const page = await context.newPage()
      await customer.goto(host.customerUrl)
      await page.goto(host.cashierUrl)
      await expect(page.locator('.amount-input')).toBeFocused()
      await typeAsPerson(page, '1200')
      await page.keyboard.press('F2')
      await expect(page.locator('.payment--awaiting-code')).toBeVisible()
      await scanUntil(page, payingCode, 'paid')
      await page.keyboard.press('Enter')
      await expect(page.locator('.amount-input')).toBeFocused()

      // Settings, with the manager PIN a refund needs, and the scanner setup.
      await page.keyboard.press('F9')
      await expect(page.getByRole('heading', { level: 2, name: t.settings.heading })).toBeVisible()
      await expectNoAxeViolations(page, 'cashier: settings')
      await page.getByLabel(t.managerPin.next, { exact: true }).focus()
      await typeAsPerson(page, '4826')
      await page.getByLabel(t.managerPin.confirm, { exact: true }).focus()
      await typeAsPerson(page, '4826')
      await page.getByRole('button', { name: t.managerPin.set }).focus()
      await page.keyboard.press('Enter')
      await expect(page.getByText(t.managerPin.saved)).toBeVisible()
      await expectNoAxeViolations(page, 'cashier: settings, manager PIN saved')
      await page.getByRole('button', { name: t.settings.scanner.openWizard }).focus()
      await page.keyboard.press('Enter')
      await expect(page.getByRole('button', { name: t.settings.scanner.closeWizard })).toBeVisible()
      await expectNoAxeViolations(page, 'cashier: scanner setup')
      // The wizard listens for a test scan and keeps every key but a lone Esc, which stops it.
      await page.keyboard.press('Escape')
      await page.getByRole('button', { name: t.settings.scanner.closeWizard }).focus()
      await page.keyboard.press('Enter')

      // Unsaved settings: leaving asks first.
      await page.getByRole('textbox', { name: t.settings.shopName }).focus()
      await typeAsPerson(page, 'x')
      await page.keyboard.press('F4')
      await expect(page.getByRole('alertdialog')).toBeVisible()
      await expectNoAxeViolations(page, 'cashier: unsaved settings')
      await page.getByRole('button', { name: t.nav.discard }).focus()
      await page.keyboard.press('Enter')

      await expect(page.getByRole('heading', { level: 2, name: t.history.heading })).toBeVisible()
      await expect(page.getByTestId('history-row')).toHaveCount(1)
      await expectNoAxeViolations(page, 'cashier: history')

      await page.getByTestId('history-row').getByRole('button').focus()
      await page.keyboard.press('Enter')
      await expect(
        page.getByRole('heading', { level: 2, name: t.saleDetail.heading(1) })
      ).toBeVisible()
      await expectNoAxeViolations(page, 'cashier: sale detail')

      await page.getByRole('button', { name: t.saleDetail.refund }).focus()
      await page.keyboard.press('Enter')
      const dialog = page.getByRole('dialog', { name: t.refund.heading(1) })
      await expect(dialog).toBeVisible()
      await expectNoAxeViolations(page, 'cashier: refund')
      await dialog.getByLabel(t.refund.reason, { exact: true }).focus()
      await typeAsPerson(page, 'x')
      await dialog.getByLabel(t.refund.pin, { exact: true }).focus()
      await typeAsPerson(page, '4826')
      await dialog.getByRole('button', { name: t.refund.submit, exact: true }).focus()
      await page.keyboard.press('Enter')
      await expect(dialog.getByTestId('refund-progress')).toContainText(
        t.refund.progress.refunded,
        { timeout: 30_000 }
      )
      await expectNoAxeViolations(page, 'cashier: refund done')
      await expect(customer.locator('main.customer--refunded')).toBeVisible()
      await expectNoAxeViolations(customer, 'customer: refunded')
      await dialog.getByRole('button', { name: t.refund.close }).focus()
      await page.keyboard.press('Enter')
      await expect(dialog).toHaveCount(0)

      await page.keyboard.press('F8')
      await expect(page.getByRole('heading', { level: 2, name: t.endOfDay.heading })).toBeVisible()
      await expectNoAxeViolations(page, 'cashier: end of day')
      await context.close()
    })
  })
}
