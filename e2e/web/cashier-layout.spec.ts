import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { en } from '../../src/renderer/src/i18n/en'
import { ja } from '../../src/renderer/src/i18n/ja'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

// The new-sale screen is the one a cashier looks at all day: on the counter screens tills ship
// with, from 1024×768 up, all of it (the amount, both tenders, the keypad) is on screen without
// a scrollbar. Screenshots go to test-results/cashier-layout/ for a person to look over.

const shotsDir = join(__dirname, '..', '..', 'test-results', 'cashier-layout')

const sizes = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 }
] as const

let host: WebHostProcess | null = null

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
  host = null
})

/** How far the work area (the element that scrolls, `.app-main`) and the page would scroll. */
async function overflowOf(page: Page): Promise<{ main: number; page: number }> {
  const overflow = (selector: string): Promise<number> =>
    page.locator(selector).evaluate((element) => element.scrollHeight - element.clientHeight)
  return { main: await overflow('.app-main'), page: await overflow('html') }
}

for (const language of ['en', 'ja'] as const) {
  const t = language === 'en' ? en : ja

  test(`in ${language}, the new sale fits the screen without scrolling, from 1024×768 up`, async ({
    page
  }) => {
    host = await startWebHostProcess({ language })
    await page.setViewportSize(sizes[0])
    await page.goto(host.cashierUrl)
    await expect(page.getByRole('textbox', { name: t.entry.amountLabel })).toBeFocused()
    await expect(page.locator('html')).toHaveAttribute('lang', language)

    for (const size of sizes) {
      await page.setViewportSize(size)
      mkdirSync(shotsDir, { recursive: true })
      await page.screenshot({
        path: join(shotsDir, `${language}-${size.width}x${size.height}.png`),
        animations: 'disabled'
      })
      expect(await overflowOf(page), `${size.width}×${size.height}`).toEqual({ main: 0, page: 0 })
      // Fitting is not clipping: the last things on the screen are whole and in the viewport.
      for (const name of [t.entry.scan, t.tender.showQr, t.entry.clear]) {
        await expect(page.getByRole('button', { name, exact: false }).first()).toBeInViewport({
          ratio: 1
        })
      }
    }
  })
}
