import { expect, type Locator, type Page } from '@playwright/test'

/** The cashier screen as a cashier uses it. */
export class CashierPage {
  readonly amount: Locator
  readonly scanButton: Locator
  readonly status: Locator

  constructor(readonly page: Page) {
    this.amount = page.getByRole('textbox', { name: 'Amount' })
    this.scanButton = page.getByRole('button', { name: /Scan customer code/ })
    this.status = page.getByTestId('payment-status')
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url)
    await expect(this.scanButton).toBeVisible()
  }

  async chargeAmount(text: string): Promise<void> {
    await this.amount.fill(text)
    await this.scanButton.click()
    await expect(this.status).toContainText(/Scan the customer.s payment code/i)
  }

  /**
   * Types a code the way a keyboard-wedge scanner does: every character a few milliseconds after
   * the last, then Enter. Nothing is focused on purpose: the window-level listener must catch it.
   */
  async scan(code: string, msPerKey = 5): Promise<void> {
    await this.page.keyboard.type(code, { delay: msPerKey })
    await this.page.keyboard.press('Enter')
  }
}
