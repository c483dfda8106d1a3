import { join } from 'node:path'
import { expect, type Locator, type Page } from '@playwright/test'
import Database from 'better-sqlite3'
import type { CashierPage } from './cashier'

/** An 18-digit WeChat-format code the sandbox pays at once; `…0051` declines. */
export const payingCode = '134567890123456789'
export const decliningCode = '134567890123450051'

/**
 * Rings up an amount and scans a code, waits for the outcome, and clears for the next sale. A
 * scan the till did not take (on a loaded machine the keys can arrive too far apart to read as a
 * scanner, or only some of them do) is scanned again, as a cashier would when nothing happens; a
 * scan the till took is never repeated.
 */
export async function ringUp(
  cashier: CashierPage,
  amount: string,
  code: string,
  outcome: 'Paid' | 'Declined'
): Promise<void> {
  await cashier.chargeAmount(amount)
  await expect(async () => {
    // A scan read only in part can match no wallet: back to scanning, as a cashier would.
    if (await cashier.page.getByText('Which wallet is this code from?').isVisible()) {
      await cashier.page.keyboard.press('Escape')
      await expect(cashier.status).toHaveClass(/awaiting-code/)
    }
    const waiting = (await cashier.status.getAttribute('class'))?.includes('awaiting-code') === true
    if (waiting) await cashier.scan(code, 5)
    await expect(cashier.status).toContainText(outcome, { timeout: 5_000 })
  }).toPass({ timeout: 30_000 })
  // Back to an empty amount: the sale no longer holds the screen.
  await cashier.page.keyboard.press(outcome === 'Paid' ? 'Enter' : 'Escape')
  await expect(cashier.amount).toBeVisible()
  await cashier.amount.fill('')
}

/** Sets the manager PIN the way a manager does: F9, the Manager PIN section. */
export async function setManagerPin(page: Page, pin: string): Promise<void> {
  await page.keyboard.press('F9')
  await expect(page.getByTestId('manager-pin-status')).toHaveText(/No manager PIN is set/)
  await page.getByLabel('New PIN', { exact: true }).fill(pin)
  await page.getByLabel('New PIN again').fill(pin)
  await page.getByRole('button', { name: 'Set PIN' }).click()
  await expect(page.getByText('The manager PIN is saved.')).toBeVisible()
  await expect(page.getByTestId('manager-pin-status')).toHaveText('A manager PIN is set.')
}

export async function openHistory(page: Page): Promise<void> {
  await page.keyboard.press('F4')
  await expect(page.getByRole('heading', { level: 2, name: 'History' })).toBeVisible()
}

export function historyRows(page: Page): Locator {
  return page.getByTestId('history-row')
}

export interface JournalRefund {
  merchant_order_no: string
  amount_minor: number
  status: string
  reason: string
}

/** The refunds in the till's journal, read straight from the SQLite file. */
export function readRefunds(dataDir: string): JournalRefund[] {
  const db = new Database(join(dataDir, 'journal.sqlite'), { readonly: true })
  try {
    return db.prepare<[], JournalRefund>('SELECT * FROM refunds ORDER BY id').all()
  } finally {
    db.close()
  }
}

/** The refunds the sandbox gateway received, from its inspection JSON. */
export async function sandboxRefunds(
  sandboxUrl: string
): Promise<{ merchantOrderNo: string; refundAmountMinor: number; transStatus: number }[]> {
  const response = await fetch(`${sandboxUrl}/sandbox/refunds`)
  expect(response.status).toBe(200)
  return (await response.json()) as {
    merchantOrderNo: string
    refundAmountMinor: number
    transStatus: number
  }[]
}
