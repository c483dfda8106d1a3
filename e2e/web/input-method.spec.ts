import { expect, test } from '@playwright/test'
import { ja } from '../../src/renderer/src/i18n/ja'
import { readAttempts } from '../journal'
import { startWebHostProcess, type WebHostProcess } from '../web-host'

// A Japanese till whose input method was left on: what it commits is full-width ("１２００"),
// arriving as one input event with no keys (page.keyboard.insertText, as an IME's commit does).
// The till reads it as the half-width digits it stands for.

let host: WebHostProcess | null = null

test.afterEach(async ({}, testInfo) => {
  if (host === null) return
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach('web-host.log', { body: host.output(), contentType: 'text/plain' })
  }
  await host.stop()
  host = null
})

test('full-width digits committed into the amount are the amount, and open the sale', async ({
  page
}) => {
  host = await startWebHostProcess({ language: 'ja' })
  await page.goto(host.cashierUrl)
  const amount = page.getByRole('textbox', { name: ja.entry.amountLabel })
  await expect(amount).toBeFocused()

  await page.keyboard.insertText('１，２００')
  await expect(amount).toHaveValue('1200')
  // Kana committed by mistake is still refused, and leaves the amount as it was.
  await page.keyboard.insertText('えん')
  await expect(amount).toHaveValue('1200')

  await page.keyboard.press('F2')
  const status = page.getByTestId('payment-status')
  await expect(status).toContainText(ja.payment.awaitingHeading)
  await expect(status).toContainText('￥1,200')
})

test('a payment code typed full-width pays as its half-width code', async ({ page }) => {
  host = await startWebHostProcess({ language: 'ja' })
  await page.goto(host.cashierUrl)
  await expect(page.getByRole('textbox', { name: ja.entry.amountLabel })).toBeFocused()
  await page.keyboard.insertText('700')
  await page.keyboard.press('F2')
  await expect(page.getByTestId('payment-status')).toContainText(ja.payment.awaitingHeading)

  await page.getByRole('button', { name: ja.manualCode.open }).click()
  const field = page.getByRole('textbox', { name: ja.manualCode.label })
  await expect(field).toBeFocused()
  await page.keyboard.insertText('１３４５\u3000６７８９\u3000０１２３\u3000４５６７\u3000８９')
  await page.keyboard.press('Enter')

  await expect(page.getByTestId('payment-status')).toContainText(ja.payment.paid)
  expect(readAttempts(host.dataDir)).toMatchObject([
    { mode: 'CPM', status: 'paid', amount_minor: 700, auth_code_last4: '6789' }
  ])
})
