import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test'
import { en } from '../../src/renderer/src/i18n/en'
import { ja } from '../../src/renderer/src/i18n/ja'
import { formatCountdown } from '../../src/renderer/src/lib/qr'
import { CashierPage, scanUntil } from '../pages/cashier'
import { CustomerPage } from '../pages/customer'
import { decliningCode, payingCode } from '../pages/records'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

// What the customer sees as the cashier moves through a sale and on to the next one. Screenshots
// of each state go to test-results/customer-display/ for a person to look over.

const shotsDir = join(__dirname, '..', '..', 'test-results', 'customer-display')

let host: WebHostProcess | null = null

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
  host = null
})

async function shoot(customer: CustomerPage, testInfo: TestInfo, name: string): Promise<void> {
  mkdirSync(shotsDir, { recursive: true })
  const path = join(shotsDir, `${name}.png`)
  await customer.page.screenshot({ path, animations: 'disabled' })
  await testInfo.attach(name, { path, contentType: 'image/png' })
}

/** Exactly one of `texts`, as a pattern for `toHaveText`. */
function oneOf(texts: readonly string[]): RegExp {
  return new RegExp(
    `^(${texts.map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`
  )
}

/**
 * Where a headline or hint of the customer display starts a line inside a word, as `ab|cd`: a
 * kanji compound (方|法), a katakana word or a Latin word or number cut in two. Between kana, or
 * kana and kanji, Japanese may break (the browser's phrases decide).
 */
async function linesCutInsideAWord(page: Page): Promise<string[]> {
  // A string, run in the page: this file is type-checked without the DOM's types.
  return (await page.evaluate(`(() => {
    const cuts = []
    const runs = [/\\p{Script=Han}/u, /[\\p{Script=Katakana}ー]/u, /[\\p{Script=Latin}\\d]/u]
    const inOneRun = (a, b) => runs.some((run) => run.test(a) && run.test(b))
    for (const element of document.querySelectorAll('.customer__headline, .customer__line')) {
      const node = element.firstChild
      if (!(node instanceof Text)) continue
      const text = node.data
      let top = null
      for (let i = 0; i < text.length; i += 1) {
        const range = document.createRange()
        range.setStart(node, i)
        range.setEnd(node, i + 1)
        const box = range.getBoundingClientRect()
        if (box.width === 0) continue
        if (top === null) top = box.top
        else if (box.top > top + box.height / 2) {
          if (inOneRun(text[i - 1], text[i])) cuts.push(text.slice(Math.max(0, i - 2), i) + '|' + text.slice(i, i + 2))
          top = box.top
        }
      }
    }
    return cuts
  })()`)) as string[]
}

function secondsFrom(low: number, high: number): number[] {
  return Array.from({ length: high - low + 1 }, (_, index) => high - index)
}

/** The customer display at a tablet's size and the cashier screen, each in its own context. */
async function openScreens(
  browser: Browser,
  started: WebHostProcess
): Promise<{ cashier: CashierPage; customer: CustomerPage }> {
  const customer = new CustomerPage(
    await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage()
  )
  const cashier = new CashierPage(await (await browser.newContext()).newPage())
  await customer.open(started.customerUrl)
  await cashier.page.goto(started.cashierUrl)
  await expect(customer.page.locator('main.customer--idle')).toBeVisible()
  await expect(cashier.page.locator('.amount-input')).toBeFocused()
  return { cashier, customer }
}

for (const language of ['en', 'ja'] as const) {
  const t = language === 'en' ? en : ja
  const shopName = language === 'en' ? 'Kissa Aoi' : '喫茶あおい'

  test.describe(`in ${language}`, () => {
    test.beforeEach(async () => {
      host = await startWebHostProcess({ language, shopName })
    })

    test('New sale after Paid welcomes the next customer; Paid stays up until then', async ({
      browser
    }, testInfo) => {
      const { cashier, customer } = await openScreens(browser, host!)
      const idle = customer.page.locator('main.customer--idle')

      await cashier.page.keyboard.insertText('1200')
      await cashier.page.keyboard.press('F2')
      await expect(cashier.page.locator('.payment--awaiting-code')).toBeVisible()
      await scanUntil(cashier.page, payingCode, 'paid')
      await expect(customer.page.locator('main.customer--paid')).toBeVisible()
      await expect(customer.status).toContainText(t.customer.paid)
      await expect(customer.status).toContainText('1,200')
      await shoot(customer, testInfo, `${language}-paid`)

      // The cashier moves on (Enter: New sale): the next customer is welcomed, not shown ¥1,200.
      await cashier.page.keyboard.press('Enter')
      await expect(cashier.page.locator('.amount-input')).toBeFocused()
      await expect(idle).toBeVisible()
      await expect(customer.status).toContainText(t.customer.welcome)
      await expect(customer.status).not.toContainText('1,200')
      await shoot(customer, testInfo, `${language}-new-sale-after-paid`)

      // The same after a decline the cashier starts over from (Esc: New sale).
      await cashier.page.keyboard.insertText('800')
      await cashier.page.keyboard.press('F2')
      await expect(customer.page.locator('main.customer--awaiting-code')).toBeVisible()
      await scanUntil(cashier.page, decliningCode, 'declined')
      await expect(customer.page.locator('main.customer--declined')).toBeVisible()
      await cashier.page.keyboard.press('Escape')
      await expect(cashier.page.locator('.amount-input')).toBeFocused()
      await expect(idle).toBeVisible()
      await expect(customer.status).toContainText(t.customer.welcome)
    })

    test('an MPM decline: every line of the customer display breaks between words', async ({
      browser
    }, testInfo) => {
      const { cashier, customer } = await openScreens(browser, host!)
      // The sandbox declines MPM amounts ending 054 two seconds after the QR is issued.
      await cashier.page.keyboard.insertText('1054')
      await cashier.page.keyboard.press('F3')
      await expect(cashier.page.locator('.payment--choosing-wallet')).toBeVisible()
      await cashier.page.keyboard.press('2')
      await expect(customer.page.locator('main.customer--declined')).toBeVisible({
        timeout: 20_000
      })
      await expect(customer.status).toContainText(t.customer.declinedHintMpm)
      await shoot(customer, testInfo, `${language}-declined-mpm`)
      expect(await linesCutInsideAWord(customer.page)).toEqual([])
    })

    test('Show QR (F3) has the customer wait for the QR, from the amount and after a decline', async ({
      browser
    }, testInfo) => {
      const { cashier, customer } = await openScreens(browser, host!)
      const preparing = customer.page.locator('main.customer--preparing-qr')

      // F3 from the amount: the cashier picks the wallet; the customer is not asked for a code.
      await cashier.page.keyboard.insertText('1500')
      await cashier.page.keyboard.press('F3')
      await expect(cashier.page.locator('.payment--choosing-wallet')).toBeVisible()
      await expect(preparing).toBeVisible()
      await expect(customer.prompt).toHaveText(t.customer.preparingQr)
      await expect(customer.amount).toContainText('1,500')
      await shoot(customer, testInfo, `${language}-preparing-qr`)
      // The cashier switches to scanning (F2) and back (F3): the customer display follows.
      await cashier.page.keyboard.press('F2')
      await expect(cashier.page.locator('.payment--awaiting-code')).toBeVisible()
      await expect(customer.prompt).toHaveText(t.customer.pleaseShowCode)
      await cashier.page.keyboard.press('F3')
      await expect(cashier.page.locator('.payment--choosing-wallet')).toBeVisible()
      await expect(preparing).toBeVisible()
      await cashier.page.keyboard.press('Escape')
      await expect(cashier.page.locator('.amount-input')).toBeFocused()
      await expect(customer.page.locator('main.customer--idle')).toBeVisible()

      // A declined code, then F3: no longer "declined", and not "show your code" either.
      await cashier.page.keyboard.press('F2')
      await expect(customer.page.locator('main.customer--awaiting-code')).toBeVisible()
      await scanUntil(cashier.page, decliningCode, 'declined')
      await expect(customer.page.locator('main.customer--declined')).toBeVisible()
      await cashier.page.keyboard.press('F3')
      await expect(cashier.page.locator('.payment--choosing-wallet')).toBeVisible()
      await expect(preparing).toBeVisible()
      await expect(customer.prompt).toHaveText(t.customer.preparingQr)
      await shoot(customer, testInfo, `${language}-preparing-qr-after-decline`)

      // F2: scan instead after all. Now the customer is asked for their code.
      await cashier.page.keyboard.press('F2')
      await expect(cashier.page.locator('.payment--awaiting-code')).toBeVisible()
      await expect(customer.page.locator('main.customer--awaiting-code')).toBeVisible()
      await expect(customer.prompt).toHaveText(t.customer.pleaseShowCode)
    })

    test('the QR countdown is the till’s, on a tablet whose clock is ten minutes fast', async ({
      browser
    }, testInfo) => {
      const skewMs = 10 * 60_000
      const tablet = await browser.newContext({ viewport: { width: 1024, height: 768 } })
      await tablet.clock.install({ time: Date.now() + skewMs })
      const customer = new CustomerPage(await tablet.newPage())
      const cashier = new CashierPage(await (await browser.newContext()).newPage())
      await customer.open(host!.customerUrl)
      await cashier.page.goto(host!.cashierUrl)
      await expect(customer.page.locator('main.customer--idle')).toBeVisible()
      const pageClock = await customer.page.evaluate(() => Date.now())
      expect(pageClock - Date.now()).toBeGreaterThan(skewMs - 60_000)

      await expect(cashier.page.locator('.amount-input')).toBeFocused()
      await cashier.page.keyboard.insertText('1500')
      await cashier.page.keyboard.press('F3')
      await expect(cashier.page.locator('.payment--choosing-wallet')).toBeVisible()
      await cashier.page.keyboard.press('1')
      await expect(customer.page.locator('main.customer--show-qr')).toBeVisible()
      // The till gives the QR 60 s (mpmWindowMs): about that is left, not "expired" nor 10:60.
      await expect(customer.page.locator('.customer-qr__countdown')).toHaveText(
        oneOf(secondsFrom(40, 60).map((left) => t.customer.timeLeft(formatCountdown(left))))
      )
      await shoot(customer, testInfo, `${language}-qr-countdown-tablet-fast`)
    })
  })
}
