import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import Database from 'better-sqlite3'
import { readAttempts } from '../journal'
import { CashierPage } from '../pages/cashier'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

// Issue 5: the keyboard-wedge detector in a real Chromium, against the real till service and its
// sandbox gateway. Keys come from Playwright's keyboard, i.e. real `keydown` events with real
// time stamps, and go wherever the page's focus is, as a USB scanner's do.

let host: WebHostProcess | null = null

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
  host = null
})

/** An 18-digit WeChat-format code (API.md §8.2); the sandbox pays it at once. */
const wechatCode = '134567890123456789'
/** A PayPay-format code (24 digits, 9000 8181…), which the any-24-digit Alipay+ row also fits. */
const payPayCode = '900081818812345678901234'

async function openCashier(page: Page, settings?: Record<string, unknown>): Promise<CashierPage> {
  host = await startWebHostProcess(settings)
  const cashier = new CashierPage(page)
  await cashier.open(host.cashierUrl)
  return cashier
}

function attempts(): ReturnType<typeof readAttempts> {
  if (host === null) throw new Error('no till')
  return readAttempts(host.dataDir)
}

/** Every sale in the journal, read-only: an abandoned one is a button that fired. */
function sales(): { id: number; status: string; amount_minor: number }[] {
  if (host === null) throw new Error('no till')
  const db = new Database(join(host.dataDir, 'journal.sqlite'), { readonly: true })
  try {
    return db
      .prepare<[], { id: number; status: string; amount_minor: number }>(
        'SELECT id, status, amount_minor FROM sales ORDER BY id'
      )
      .all()
  } finally {
    db.close()
  }
}

test('a scan while the amount field has focus leaves the field alone and pays the sale', async ({
  page
}) => {
  const cashier = await openCashier(page)
  await cashier.amount.fill('1200')
  await expect(cashier.amount).toBeFocused()
  // The element itself, so its value can be read after the payment screen replaces it.
  const field = await cashier.amount.elementHandle()
  if (field === null) throw new Error('no amount field')

  await cashier.scan(wechatCode, 5)

  await expect(cashier.status).toContainText('Paid')
  expect(await field.inputValue()).toBe('1200')
  // One sale, opened by the scan; the scanner's Enter opened nothing more.
  expect(sales()).toMatchObject([{ status: 'paid', amount_minor: 1200 }])
  expect(attempts()).toMatchObject([
    {
      status: 'paid',
      pay_method_id: 'WeChatPay',
      amount_minor: 1200,
      auth_code_last4: '6789'
    }
  ])
})

test('a scan while a button has focus never presses it, and the payment proceeds', async ({
  page
}) => {
  const cashier = await openCashier(page)
  await cashier.chargeAmount('800')
  const cancel = page.getByRole('button', { name: /^Cancel/ })
  await cancel.focus()
  await expect(cancel).toBeFocused()

  // A product barcode is no wallet code: nothing pays, so only the swallowed Enter keeps the
  // focused Cancel button from abandoning the sale.
  await cashier.scan('4912345678904', 5)
  await cashier.scan(wechatCode, 5)

  await expect(cashier.status).toContainText('Paid')
  expect(sales()).toMatchObject([{ status: 'paid', amount_minor: 800 }])
  expect(attempts()).toMatchObject([{ status: 'paid', amount_minor: 800 }])
})

test('the same digits typed at human speed are typing, not a scan', async ({ page }) => {
  const cashier = await openCashier(page)
  // On the amount screen the keys reach the field unchanged.
  await cashier.amount.focus()
  await page.keyboard.type('1500', { delay: 150 })
  await expect(cashier.amount).toHaveValue('1500')

  await cashier.scanButton.click()
  await expect(cashier.status).toContainText(/Scan the customer.s payment code/i)
  // On the payment screen a wallet code keyed by hand, then Enter, pays nothing.
  await page.keyboard.type(wechatCode, { delay: 150 })
  await page.keyboard.press('Enter')
  await expect(cashier.status).toContainText(/Scan the customer.s payment code/i)
  expect(attempts()).toEqual([])

  // The detector was listening all along: the same code at scanner speed pays.
  await cashier.scan(wechatCode, 5)
  await expect(cashier.status).toContainText('Paid')
  expect(attempts()).toMatchObject([{ status: 'paid', amount_minor: 1500 }])
})

test('a code two rules fit opens the picker, and the digit key 2 picks the second', async ({
  page
}) => {
  // Settings switch on the default table's any-24-digit Alipay+ row, which PayPay codes also fit.
  const cashier = await openCashier(page, {
    methodRules: { set: [{ payMethodId: 'Alipay+', pattern: '^\\d{24}$', enabled: true }] }
  })
  await cashier.chargeAmount('990')

  await cashier.scan(payPayCode, 5)

  const options = page.getByRole('list', { name: 'Wallets' }).getByRole('button')
  await expect(options).toHaveText([/^1\s*Alipay\+$/, /^2\s*PayPay$/])
  expect(attempts()).toEqual([])

  await page.keyboard.press('2')

  await expect(cashier.status).toContainText('Paid')
  expect(attempts()).toMatchObject([
    { status: 'paid', pay_method_id: 'PayPay', amount_minor: 990, auth_code_last4: '1234' }
  ])
})
