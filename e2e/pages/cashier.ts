import { expect, type Locator, type Page } from '@playwright/test'
import { en, type Messages } from '../../src/renderer/src/i18n/en'

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
   * Adds the items to the sale, each in a new line of the items editor, found by its words in the
   * till's language (`words`, English unless given). The fields are filled, not typed: tests that
   * need a person's keys in them type those themselves.
   */
  async addItems(items: readonly ItemKeyed[], words: Messages['lines'] = en.lines): Promise<void> {
    const add = this.page.getByRole('button', { name: words.add })
    const start = await this.page.locator('.lines__row').count()
    for (const [index, item] of items.entries()) {
      await add.click()
      const row = this.page.getByRole('listitem', {
        name: words.itemLabel(start + index + 1),
        exact: true
      })
      await row.getByRole('textbox', { name: words.description }).fill(item.description)
      await row.getByRole('textbox', { name: words.price }).fill(item.price)
      await row.getByRole('textbox', { name: words.quantity }).fill(item.quantity)
    }
  }

  /**
   * Types a code the way a keyboard-wedge scanner does: every character `msPerKey` after the
   * last, then Enter. Nothing is focused on purpose: the window-level listener must catch it.
   *
   * The keys are real input events (CDP `Input.dispatchKeyEvent`, what `page.keyboard` sends), but
   * each carries the time stamp a scanner's key would have, and they are sent in one go: on a
   * loaded machine Playwright's one-await-per-key typing can leave gaps of 50 ms and more between
   * keys, which is a person typing, not a scanner. The burst ends now, so no stamp is in the future.
   */
  async scan(code: string, msPerKey = 5): Promise<void> {
    await scanCode(this.page, code, msPerKey)
  }
}

/** One of the sale's items as the cashier keys it. */
export interface ItemKeyed {
  readonly description: string
  readonly price: string
  readonly quantity: string
}

/** A person at the keyboard: slower than the scanner detector's 50 ms gap, so keys stay keys. */
export async function typeAsPerson(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 100 })
}

/**
 * Scans until the screen leaves "awaiting a code" for `phase` (a `.payment--{phase}` state class,
 * the same in every language), as a cashier scans again when nothing happens; a scan the till took
 * is never repeated, since the screen has moved on.
 */
export async function scanUntil(page: Page, code: string, phase: string): Promise<void> {
  await expect(async () => {
    if ((await page.locator('.payment--awaiting-code').count()) > 0) await scanCode(page, code)
    await expect(page.locator(`.payment--${phase}`)).toBeVisible({ timeout: 5_000 })
  }).toPass({ timeout: 30_000 })
}

/** `CashierPage.scan` for any page: a scanner's keys, with a scanner's time stamps. */
export async function scanCode(page: Page, code: string, msPerKey = 5): Promise<void> {
  const session = await page.context().newCDPSession(page)
  try {
    const keys = [...code].map(scannerKey)
    keys.push({ key: 'Enter', code: 'Enter', text: '\r', keyCode: 13, shift: false })
    const start = Date.now() - msPerKey * keys.length
    await Promise.all(
      keys.flatMap((key, index) => {
        const timestamp = (start + index * msPerKey) / 1000
        const common = {
          key: key.key,
          code: key.code,
          windowsVirtualKeyCode: key.keyCode,
          modifiers: key.shift ? 8 : 0
        }
        return [
          session.send('Input.dispatchKeyEvent', {
            type: 'keyDown',
            ...common,
            text: key.text,
            timestamp
          }),
          session.send('Input.dispatchKeyEvent', {
            type: 'keyUp',
            ...common,
            timestamp: timestamp + 0.001
          })
        ]
      })
    )
  } finally {
    await session.detach()
  }
}

interface ScannerKey {
  readonly key: string
  readonly code: string
  readonly text: string
  readonly keyCode: number
  readonly shift: boolean
}

/** The few symbols test codes use, as a US-layout scanner types them. */
const scannerPunctuation: Readonly<
  Record<string, { readonly code: string; readonly keyCode: number; readonly shift: boolean }>
> = {
  '-': { code: 'Minus', keyCode: 189, shift: false },
  _: { code: 'Minus', keyCode: 189, shift: true },
  '.': { code: 'Period', keyCode: 190, shift: false },
  '/': { code: 'Slash', keyCode: 191, shift: false },
  ':': { code: 'Semicolon', keyCode: 186, shift: true },
  ' ': { code: 'Space', keyCode: 32, shift: false }
}

/** A character as a US-layout scanner types it: digits, letters and a few symbols. */
function scannerKey(char: string): ScannerKey {
  if (/^[0-9]$/.test(char)) {
    return {
      key: char,
      code: `Digit${char}`,
      text: char,
      keyCode: char.charCodeAt(0),
      shift: false
    }
  }
  if (/^[a-zA-Z]$/.test(char)) {
    const upper = char.toUpperCase()
    return {
      key: char,
      code: `Key${upper}`,
      text: char,
      keyCode: upper.charCodeAt(0),
      shift: char !== char.toLowerCase()
    }
  }
  const punctuation = scannerPunctuation[char]
  if (punctuation !== undefined) return { key: char, text: char, ...punctuation }
  throw new Error(`scan(): no scanner key for ${JSON.stringify(char)}`)
}
