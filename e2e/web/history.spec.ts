import { expect, test } from '@playwright/test'
import { expectNoAxeViolations } from '../axe'
import { readAttempts } from '../journal'
import { CashierPage } from '../pages/cashier'
import { decliningCode, historyRows, openHistory, payingCode, ringUp } from '../pages/records'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

let host: WebHostProcess

test.beforeEach(async () => {
  host = await startWebHostProcess()
})

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
})

test('history: newest first, search by status, amount and order number, open a sale by keyboard', async ({
  page
}) => {
  const cashier = new CashierPage(page)
  await cashier.open(host.cashierUrl)
  await ringUp(cashier, '1200', payingCode, 'Paid')
  await ringUp(cashier, '880', decliningCode, 'Declined')
  await ringUp(cashier, '3000', payingCode, 'Paid')
  const attempts = readAttempts(host.dataDir)
  expect(attempts.map((a) => a.status)).toEqual(['paid', 'declined', 'paid'])

  await openHistory(page)
  const rows = historyRows(page)
  await expect(rows).toHaveCount(3)
  await expect(rows.nth(0)).toContainText('¥3,000')
  await expect(rows.nth(1)).toContainText('¥880')
  // Declined, then left for the next customer: the sale closed unpaid.
  await expect(rows.nth(1)).toContainText('Closed unpaid')
  await expect(rows.nth(2)).toContainText('¥1,200')
  await expectNoAxeViolations(page, 'the history list')

  // By status.
  await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Closed unpaid' })
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('¥880')
  await expect(rows.first()).toContainText(attempts[1]!.merchant_order_no)

  // By amount: a wrong one is refused next to its field, a right one filters.
  await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Any status' })
  await page.getByLabel('Amount from').fill('1000')
  await page.getByLabel('Amount to').fill('12.5')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.getByText('Not an amount in JPY.')).toBeVisible()
  await expectNoAxeViolations(page, 'the history filters with an error')
  await page.getByLabel('Amount to').fill('5000')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(0)).toContainText('¥3,000')
  await expect(rows.nth(1)).toContainText('¥1,200')

  // By order number, typed in lower case: exactly the first sale.
  await page.getByRole('button', { name: 'Clear' }).click()
  await expect(rows).toHaveCount(3)
  const first = attempts[0]!.merchant_order_no
  await page.getByLabel('Order number').fill(first.toLowerCase())
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText(first)
  await page.getByLabel('Order number').fill('QT1999')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.getByTestId('history-empty')).toHaveText('No sales match these filters.')

  // The keyboard alone: arrows move between the sales, Enter opens one, Esc comes back.
  await page.getByRole('button', { name: 'Clear' }).click()
  await expect(rows).toHaveCount(3)
  await rows.nth(0).getByRole('button').focus()
  await page.keyboard.press('ArrowDown')
  await expect(rows.nth(1).getByRole('button')).toBeFocused()
  await page.keyboard.press('Enter')
  const detail = page.getByTestId('sale-detail')
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText('Sale 2')
  await expect(detail.getByTestId('sale-attempts')).toContainText('Declined')
  await expect(detail.getByTestId('sale-attempts')).toContainText('0051')
  await expect(detail.getByTestId('sale-timeline')).toContainText('Payment started')
  await expect(detail.getByTestId('sale-timeline')).toContainText('Gateway answered')
  await expect(detail.getByRole('button', { name: 'Refund…' })).toBeDisabled()
  // The full customer code is never shown, in the timeline or anywhere else.
  await expect(detail).not.toContainText(decliningCode)

  // Check now asks the gateway again about that attempt.
  await detail.getByRole('button', { name: `Check now ${attempts[1]!.merchant_order_no}` }).click()
  await expect(detail.getByText('Checked with the gateway.')).toBeVisible()
  await expectNoAxeViolations(page, 'a sale in the history')

  await page.keyboard.press('Escape')
  await expect(rows).toHaveCount(3)
})
