import { expect, test } from '@playwright/test'
import { en } from '../../src/renderer/src/i18n/en'
import { ja } from '../../src/renderer/src/i18n/ja'
import { CashierPage, typeAsPerson } from '../pages/cashier'
import { readAttempts } from '../journal'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

// A Japanese till whose input method was left on: what it commits is full-width ("１２００"),
// arriving as one input event with no keys (page.keyboard.insertText, as an IME's commit does).
// The till reads it as the half-width digits it stands for.

let host: WebHostProcess | null = null

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
  host = null
})

test('full-width digits committed into the amount are the amount, and open the sale', async ({
  page
}, testInfo) => {
  host = await startWebHostProcess({ language: 'ja' })
  await page.goto(host.cashierUrl)
  const amount = page.getByRole('textbox', { name: ja.entry.amountLabel })
  await expect(amount).toBeFocused()

  await page.keyboard.insertText('１，２００')
  await expect(amount).toHaveValue('1200')
  // Kana committed by mistake is left out, the amount stays as it was, and the field says why.
  await page.keyboard.insertText('えん')
  await expect(amount).toHaveValue('1200')
  const said = page.getByRole('status').filter({ hasText: ja.digitsOnly.amount('えん', 0) })
  await expect(said).toBeVisible()
  await expect(amount).toHaveAccessibleDescription(new RegExp(ja.digitsOnly.amount('えん', 0)))
  await page.screenshot({ path: testInfo.outputPath('ja-kana-left-out.png') })
  // The next digit is taken, and the message has said its piece.
  await page.keyboard.insertText('０')
  await expect(amount).toHaveValue('12000')
  await expect(said).toHaveCount(0)
  await page.keyboard.press('Backspace')

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

test('letters typed into an item’s price and quantity are left out, named, and the digits kept', async ({
  page
}, testInfo) => {
  host = await startWebHostProcess({ language: 'en' })
  const cashier = new CashierPage(page)
  await cashier.open(host.cashierUrl)
  await cashier.addItems([{ description: 'Coffee', price: '', quantity: '1' }])
  const row = page.getByRole('listitem', { name: en.lines.itemLabel(1), exact: true })
  const price = row.getByRole('textbox', { name: en.lines.price })
  const quantity = row.getByRole('textbox', { name: en.lines.quantity })

  // "1,2OO": the cashier's letter O for a zero. The digits stay; the Os are named, not guessed.
  await price.focus()
  await typeAsPerson(page, '1,2OO')
  await expect(price).toHaveValue('12')
  const saidPrice = en.digitsOnly.price(1, 'O', 0)
  await expect(page.getByRole('status').filter({ hasText: saidPrice })).toBeVisible()
  await expect(price).toHaveAccessibleDescription(saidPrice)
  await page.screenshot({ path: testInfo.outputPath('en-letters-left-out.png') })

  await quantity.fill('')
  await typeAsPerson(page, '2x')
  await expect(quantity).toHaveValue('2')
  const saidQuantity = en.digitsOnly.quantity(1, 'x')
  await expect(page.getByRole('status').filter({ hasText: saidQuantity })).toBeVisible()
  await expect(quantity).toHaveAccessibleDescription(saidQuantity)
  await expect(price).not.toHaveAccessibleDescription(saidPrice)
})

test('a minus before a price, or a point in a quantity, is not taken: the line stays as it was, and says why', async ({
  page
}) => {
  host = await startWebHostProcess({ language: 'ja' })
  await page.goto(host.cashierUrl)
  await expect(page.getByRole('textbox', { name: ja.entry.amountLabel })).toBeFocused()
  await new CashierPage(page).addItems(
    [{ description: '割引', price: '100', quantity: '2' }],
    ja.lines
  )
  const row = page.getByRole('listitem', { name: ja.lines.itemLabel(1), exact: true })
  const price = row.getByRole('textbox', { name: ja.lines.price })
  const quantity = row.getByRole('textbox', { name: ja.lines.quantity })

  // A discount typed as "－100" (the input method's minus) must not become a charge of ¥100.
  await price.selectText()
  await page.keyboard.insertText('－１００')
  await expect(price).toHaveValue('100')
  const saidPrice = ja.digitsOnly.notTaken.price(1, 'negative')
  await expect(page.getByRole('status').filter({ hasText: saidPrice })).toBeVisible()
  await expect(price).toHaveAccessibleDescription(saidPrice)

  await quantity.focus()
  await page.keyboard.press('End')
  await page.keyboard.insertText('.5')
  await expect(quantity).toHaveValue('2')
  const saidQuantity = ja.digitsOnly.notTaken.quantity(1, 'point')
  await expect(quantity).toHaveAccessibleDescription(saidQuantity)
  // The next clean edit is taken, and the message has said its piece.
  await page.keyboard.insertText('3')
  await expect(quantity).toHaveValue('23')
  await expect(page.getByRole('status').filter({ hasText: saidQuantity })).toHaveCount(0)
})

test('a decimal comma pasted into a dollar amount is not taken as thousands', async ({ page }) => {
  host = await startWebHostProcess({ currency: 'USD' })
  await page.goto(host.cashierUrl)
  const amount = page.getByRole('textbox', { name: en.entry.amountLabel })
  await expect(amount).toBeFocused()
  await page.keyboard.insertText('12.5')
  await expect(amount).toHaveValue('12.5')
  // "12,50" as a European till would write $12.50: read as a separator it would be $1,250.00.
  await amount.fill('12,50')
  await expect(amount).toHaveValue('12.5')
  await expect(
    page.getByRole('status').filter({ hasText: en.digitsOnly.notTaken.amount('comma') })
  ).toBeVisible()
  // Thousands are still thousands.
  await amount.fill('1,250.00')
  await expect(amount).toHaveValue('1250.00')
})
