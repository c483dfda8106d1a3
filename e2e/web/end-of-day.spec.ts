import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { expectNoAxeViolations } from '../axe'
import { readAttempts } from '../journal'
import { CashierPage } from '../pages/cashier'
import {
  decliningCode,
  historyRows,
  openHistory,
  payingCode,
  ringUp,
  setManagerPin
} from '../pages/records'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

let host: WebHostProcess

test.beforeEach(async () => {
  host = await startWebHostProcess()
})

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
})

function today(): string {
  const now = new Date()
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

test('end of day: totals per method with a refund, reconciliation, and both CSV files', async ({
  page
}) => {
  const cashier = new CashierPage(page)
  await cashier.open(host.cashierUrl)
  await ringUp(cashier, '1200', payingCode, 'Paid')
  await ringUp(cashier, '3000', payingCode, 'Paid')
  await ringUp(cashier, '880', decliningCode, 'Declined')
  await setManagerPin(page, '4826')

  // A ¥200 refund of the first sale, to its final state.
  await openHistory(page)
  await historyRows(page).last().getByRole('button').click()
  await page.getByRole('button', { name: 'Refund…' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Part of it').check()
  await dialog.getByLabel('Amount to refund').fill('200')
  await dialog.getByLabel('Reason').fill('Broken saucer')
  await dialog.getByLabel('Manager PIN').fill('4826')
  await dialog.getByRole('button', { name: 'Refund', exact: true }).click()
  await expect(dialog.getByTestId('refund-progress')).toHaveText('¥200 — Refunded.', {
    timeout: 30_000
  })
  await dialog.getByRole('button', { name: 'Close' }).click()

  await page.keyboard.press('F8')
  await expect(page.getByRole('heading', { level: 2, name: 'End of day' })).toBeVisible()
  await expect(page.getByLabel('From')).toHaveValue(today())
  await expect(page.getByLabel('To')).toHaveValue(today())
  const method = page.getByTestId('eod-method')
  await expect(method).toHaveCount(1)
  await expect(method.locator('th, td')).toHaveText([
    'WeChat Pay',
    '2',
    '¥4,200',
    '1',
    '¥200',
    '¥4,000'
  ])
  await expect(page.getByTestId('eod-total').locator('th, td')).toHaveText([
    'Total JPY',
    '2',
    '¥4,200',
    '1',
    '¥200',
    '¥4,000'
  ])
  await expect(page.getByText('Nothing needs attention.')).toBeVisible()

  await page.getByRole('button', { name: 'Check against the gateway' }).click()
  const reconciliation = page.getByTestId('eod-reconciliation')
  // The two paid sales, and the declined one too: the gateway must not have it as paid.
  await expect(reconciliation).toContainText('3 payments checked, 3 match the gateway.')
  await expect(reconciliation).toContainText('Every payment matches the gateway.')
  await expectNoAxeViolations(page, 'end of day')

  const attempts = readAttempts(host.dataDir)
  const salesDownload = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export sales (CSV)' }).click()
  const sales = await salesDownload
  expect(sales.suggestedFilename()).toMatch(/^qr-till-sales-\d{4}-\d{2}-\d{2}\.csv$/)
  const salesCsv = readFileSync(await sales.path(), 'utf8')
  const salesLines = salesCsv
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
  expect(salesLines[0]).toMatch(
    /^sale_id,created_at_utc,created_at_local,status,amount,currency,refunded,/
  )
  expect(salesLines).toHaveLength(4)
  for (const attempt of attempts) expect(salesCsv).toContain(attempt.merchant_order_no)
  expect(salesLines[0]).toMatch(/,attempts,paid_at_utc,paid_at_local$/)
  // A paid sale carries its payment's time (what puts it in its day); an unpaid one none.
  expect(salesLines[1]).toMatch(/^1,.*,paid,1200,JPY,200,WeChatPay,CPM,.*,paid,1,[^,]+Z,[^,]+$/)
  expect(salesLines[3]).toMatch(/^3,.*,abandoned,880,JPY,0,WeChatPay,CPM,.*,declined,1,,$/)
  expect(salesCsv).not.toContain(payingCode)
  await expect(page.getByText(`Downloaded ${sales.suggestedFilename()}.`)).toBeVisible()

  const refundsDownload = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export refunds (CSV)' }).click()
  const refunds = await refundsDownload
  expect(refunds.suggestedFilename()).toMatch(/^qr-till-refunds-\d{4}-\d{2}-\d{2}\.csv$/)
  const refundsLines = readFileSync(await refunds.path(), 'utf8')
    .trimEnd()
    .split('\r\n')
  expect(refundsLines).toHaveLength(2)
  expect(refundsLines[1]).toMatch(/,refunded,200,JPY,1,WeChatPay,/)
  expect(refundsLines[1]).toContain('Broken saucer')
})

test('coming back to the end of day shows the journal as it is now', async ({ page }) => {
  const cashier = new CashierPage(page)
  await cashier.open(host.cashierUrl)
  await page.keyboard.press('F8')
  await expect(page.getByText('No payments in this range.')).toBeVisible()

  // A sale taken after the manager first looked: the figures must not stay as they were.
  await page.keyboard.press('F1')
  await ringUp(cashier, '1200', payingCode, 'Paid')
  await page.keyboard.press('F8')
  await expect(page.getByTestId('eod-total').locator('th, td')).toHaveText([
    'Total JPY',
    '1',
    '¥1,200',
    '0',
    '¥0',
    '¥1,200'
  ])
})

test('the check against the gateway covers the days the report shows', async ({ page }) => {
  const cashier = new CashierPage(page)
  await cashier.open(host.cashierUrl)
  await ringUp(cashier, '1200', payingCode, 'Paid')
  await page.keyboard.press('F8')
  await expect(page.getByTestId('eod-method')).toHaveCount(1)

  // The manager starts picking other days, then checks the report still on screen.
  await page.getByLabel('From').fill('2020-01-01')
  await page.getByLabel('To').fill('2020-01-01')
  await page.getByRole('button', { name: 'Check against the gateway' }).click()
  await expect(page.getByTestId('eod-reconciliation')).toContainText(
    '1 payment checked, 1 matches the gateway.'
  )
})

test('the end of day opens on today even when the till was started yesterday', async ({ page }) => {
  // Late on 1 March the till starts; the manager closes the day after midnight has passed.
  await page.clock.setFixedTime(new Date(2026, 2, 1, 23, 30))
  const cashier = new CashierPage(page)
  await cashier.open(host.cashierUrl)
  await page.clock.setFixedTime(new Date(2026, 2, 2, 8, 0))
  await page.keyboard.press('F8')
  await expect(page.getByLabel('From')).toHaveValue('2026-03-02')
  await expect(page.getByLabel('To')).toHaveValue('2026-03-02')
})

test('a range the report cannot cover says why next to the dates', async ({ page }) => {
  const cashier = new CashierPage(page)
  await cashier.open(host.cashierUrl)
  await page.keyboard.press('F8')
  await expect(page.getByText('No payments in this range.')).toBeVisible()

  await page.getByLabel('From').fill('2024-01-01')
  await page.getByLabel('To').fill('2026-01-01')
  await page.getByRole('button', { name: 'Show' }).click()
  await expect(page.getByLabel('To')).toHaveAccessibleDescription(
    'A report covers at most 366 days. Pick a shorter range.'
  )
  await expect(page.getByRole('alert')).toHaveCount(0)

  await page.getByLabel('From').fill('')
  await page.getByRole('button', { name: 'Show' }).click()
  await expect(page.getByLabel('From')).toHaveAccessibleDescription('Pick the first day.')
})
