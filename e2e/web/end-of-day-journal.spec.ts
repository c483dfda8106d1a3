import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { openJournal, type Journal } from '../../src/main/journal'
import { CashierPage } from '../pages/cashier'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

/** End of day on a journal written before the till starts: a busy day, rows a test can't ring up. */

let host: WebHostProcess | null = null

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
  host = null
})

/** A data folder whose journal holds what `seed` writes, through the journal's own API. */
function seededDataDir(seed: (journal: Journal) => void): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'qr-till-e2e-'))
  const journal = openJournal(join(dataDir, 'journal.sqlite'))
  try {
    journal.atomically(() => seed(journal))
  } finally {
    journal.close()
  }
  return dataDir
}

/** Local midnight today, as the screen's default day starts. */
function todayStart(): number {
  const now = new Date()
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime()
}

function paidSale(journal: Journal, n: number, at: number, minor: number): void {
  const sale = journal.createSale(minor, 'JPY', at)
  const attempt = journal.createAttempt({
    saleId: sale.saleId,
    mode: 'CPM',
    merchantOrderNo: `QT${String(n).padStart(20, '0')}`,
    payMethodId: 'PayPay',
    authCode: `2800000000${String(n).padStart(8, '0')}`,
    at
  })
  journal.updateAttempt(
    attempt.attemptId,
    { status: 'paid', transNo: `PC${String(n).padStart(24, '0')}`, at: at + 1_000 },
    'paid'
  )
}

test('a day of 10,000 sales exports as one CSV file', async ({ page }) => {
  const start = todayStart()
  const dataDir = seededDataDir((journal) => {
    for (let n = 1; n <= 10_000; n += 1) paidSale(journal, n, start + n * 1_000, 1_000 + n)
  })
  host = await startWebHostProcess(undefined, { dataDir })
  const cashier = new CashierPage(page)
  await cashier.open(host.cashierUrl)
  await page.keyboard.press('F8')
  await expect(page.getByTestId('eod-total').locator('td').first()).toHaveText('10,000')

  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export sales (CSV)' }).click()
  const file = await download
  await expect(page.getByText(`Downloaded ${file.suggestedFilename()}.`)).toBeVisible()
  const lines = readFileSync(await file.path(), 'utf8')
    .trimEnd()
    .split('\r\n')
  expect(lines).toHaveLength(10_001)
  expect(lines[10_000]).toMatch(/^10000,.*,paid,11000,JPY,0,PayPay,CPM,QT0{15}10000,/)
})

test('a Japanese screen words each difference the check finds in Japanese', async ({ page }) => {
  // Paid in the journal, unknown to the gateway (a journal restored onto another account, say).
  const dataDir = seededDataDir((journal) => paidSale(journal, 1, todayStart() + 1_000, 1_200))
  host = await startWebHostProcess({ language: 'ja' }, { dataDir })
  await page.goto(host.cashierUrl)
  await expect(page.getByRole('heading', { level: 2 })).toBeVisible()
  await page.keyboard.press('F8')
  await expect(page.getByRole('heading', { level: 2, name: '締め' })).toBeVisible()
  await page.getByRole('button', { name: 'ゲートウェイと照合' }).click()

  const reconciliation = page.getByTestId('eod-reconciliation')
  await expect(reconciliation).toContainText('1件を確認し、0件がゲートウェイと一致しました。')
  await expect(reconciliation.locator('tbody tr td')).toHaveText([
    'QT00000000000000000001',
    'ゲートウェイに記録なし',
    '支払済み ￥1,200',
    '該当する注文なし（ORDER_NOT_FOUND）'
  ])
})
