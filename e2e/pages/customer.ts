import type { Locator, Page } from '@playwright/test'

/** The customer-facing display: it only shows what the till pushes. */
export class CustomerPage {
  readonly status: Locator
  /** The shop's name in the corner, on every screen but the welcome. */
  readonly shopCorner: Locator
  /** The amount, on every screen that shows one. */
  readonly amount: Locator
  /** What the screen asks of the customer, under the amount. */
  readonly prompt: Locator
  /** The sale's lines, oldest first, including those the list has no room for. */
  readonly lines: Locator
  /** "N more items above", when the list has no room for the oldest lines. */
  readonly moreLines: Locator

  constructor(readonly page: Page) {
    this.status = page.getByTestId('customer-status')
    this.shopCorner = page.locator('.customer__shop-corner')
    this.amount = this.status.locator('.customer__amount')
    this.prompt = this.status.locator('.customer__line')
    this.lines = this.status.locator('.customer-lines__list > li')
    this.moreLines = this.status.locator('.customer-lines__more')
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url)
  }
}
