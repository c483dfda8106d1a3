import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import Database from 'better-sqlite3'
import { expectNoAxeViolations } from '../axe'
import { dataFolderContains, readAttempts } from '../journal'
import { CashierPage } from '../pages/cashier'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

// A wallet code typed by hand on the payment screen, for a till with no scanner (README "At the
// counter"): real Chromium, real keys at human speed, the real till service and sandbox gateway.

let host: WebHostProcess | null = null

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
  host = null
})

/** An 18-digit WeChat-format code (API.md §8.2); the sandbox pays it at once. */
const wechatCode = '134567890123456789'

async function openCashier(page: Page): Promise<CashierPage> {
  host = await startWebHostProcess()
  const cashier = new CashierPage(page)
  await cashier.open(host.cashierUrl)
  return cashier
}

function attempts(): ReturnType<typeof readAttempts> {
  if (host === null) throw new Error('no till')
  return readAttempts(host.dataDir)
}

function saleStatuses(): string[] {
  if (host === null) throw new Error('no till')
  const db = new Database(join(host.dataDir, 'journal.sqlite'), { readonly: true })
  try {
    return db
      .prepare<[], { status: string }>('SELECT status FROM sales ORDER BY id')
      .all()
      .map((row) => row.status)
  } finally {
    db.close()
  }
}

test('F2 opens the field, a code typed at human speed and Enter pay the sale', async ({ page }) => {
  const cashier = await openCashier(page)
  await cashier.chargeAmount('1200')
  const typeButton = page.getByRole('button', { name: 'Type the code' })
  await expect(typeButton).toHaveAttribute('aria-keyshortcuts', 'F2')

  await page.keyboard.press('F2')
  const field = page.getByRole('textbox', { name: 'Payment code' })
  await expect(field).toBeFocused()
  await page.keyboard.type(wechatCode, { delay: 120 })
  // The cashier's keys reach the field: the payment screen's gate lets them through.
  await expect(field).toHaveValue(wechatCode)
  await page.keyboard.press('Enter')

  await expect(cashier.status).toContainText('Paid')
  await expect(field).toHaveCount(0)
  expect(attempts()).toMatchObject([
    { mode: 'CPM', status: 'paid', pay_method_id: 'WeChatPay', auth_code_last4: '6789' }
  ])
  // The full code went to the gateway and nowhere else: not the journal, the logs, the settings.
  expect(dataFolderContains(host!.dataDir, wechatCode)).toBe(false)
  await expect(page.getByText(wechatCode)).toHaveCount(0)
})

test('a code too short is refused next to the field, submits nothing, and keeps the typing', async ({
  page
}) => {
  const cashier = await openCashier(page)
  await cashier.chargeAmount('700')
  await page.getByRole('button', { name: 'Type the code' }).click()
  const field = page.getByRole('textbox', { name: 'Payment code' })
  await expect(field).toBeFocused()

  await page.keyboard.type('1234567', { delay: 120 })
  await page.getByRole('button', { name: 'Pay with this code' }).click()

  const error = page.getByRole('alert').filter({ hasText: 'Too short for a wallet payment code' })
  await expect(error).toBeVisible()
  await expect(field).toHaveAttribute('aria-invalid', 'true')
  await expect(field).toHaveValue('1234567')
  await expect(cashier.status).toContainText(/Scan the customer.s payment code/i)
  expect(attempts()).toEqual([])
  await expectNoAxeViolations(page, 'cashier: typed code refused')

  // Esc leaves the field for scanning again; the sale is still open and waiting for a code.
  await field.focus()
  await page.keyboard.press('Escape')
  await expect(field).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Type the code' })).toBeVisible()
  await expect(cashier.status).toContainText(/Scan the customer.s payment code/i)
  expect(saleStatuses()).toEqual(['open'])
  expect(attempts()).toEqual([])
})

test('a scan while the field is open is the payment, and leaves no digits typed', async ({
  page
}) => {
  const cashier = await openCashier(page)
  await cashier.chargeAmount('450')
  await page.getByRole('button', { name: 'Type the code' }).click()
  const field = page.getByRole('textbox', { name: 'Payment code' })
  await expect(field).toBeFocused()
  await page.keyboard.type('99', { delay: 120 })
  await expect(field).toHaveValue('99')

  // A product barcode scanned by mistake: too short for a wallet code, so no payment, and the
  // digits its first keys typed into the field are undone.
  await cashier.scan('49012345', 5)
  await expect(field).toHaveValue('99')
  expect(attempts()).toEqual([])

  await cashier.scan(wechatCode, 5)

  await expect(cashier.status).toContainText('Paid')
  // One payment, with the scanned code; the scanner's Enter did not submit '99…' as well.
  expect(attempts()).toMatchObject([
    { status: 'paid', amount_minor: 450, pay_method_id: 'WeChatPay', auth_code_last4: '6789' }
  ])
})
