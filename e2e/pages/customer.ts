import type { Locator, Page } from '@playwright/test'

/** The customer-facing display: it only shows what the till pushes. */
export class CustomerPage {
  readonly status: Locator

  constructor(readonly page: Page) {
    this.status = page.getByTestId('customer-status')
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url)
  }
}
