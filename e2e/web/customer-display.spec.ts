import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Locator, type TestInfo } from '@playwright/test'
import { expectNoAxeViolations } from '../axe'
import { en } from '../../src/renderer/src/i18n/en'
import { ja } from '../../src/renderer/src/i18n/ja'
import { CashierPage, type ItemKeyed } from '../pages/cashier'
import { CustomerPage } from '../pages/customer'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

// The customer display never scrolls: whatever the sale, the amount due, the QR code and the
// prompt must be whole on the screen, from a 1024×600 tablet up. Screenshots of each case go to
// test-results/customer-display/ for a person to look over.

const shotsDir = join(__dirname, '..', '..', 'test-results', 'customer-display')

let host: WebHostProcess | null = null

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
  host = null
})

const sizes = [
  { width: 1024, height: 768 },
  { width: 1024, height: 600 }
] as const
type Size = (typeof sizes)[number]

/**
 * A shop in each language: the longest name settings.json takes (80 characters, with no space to
 * break it at), and what it sells, one item with the longest description a line takes (80
 * characters). The names are the shop's own words, so a Japanese shop's are in Japanese.
 */
const shops = {
  en: {
    name: `KissaAoi${'Shimokitazawa'.repeat(6)}`.slice(0, 80),
    names: ['Coffee', 'Matcha latte', 'Croissant', 'Cheesecake', 'Sandwich', 'Orange juice'],
    longest: 'Seasonal parfait with strawberry and matcha cream, a scone and a pot of tea'.padEnd(
      80,
      '!'
    )
  },
  ja: {
    name: `喫茶あおい${'下北沢駅前店'.repeat(13)}`.slice(0, 80),
    names: [
      'ブレンドコーヒー',
      '抹茶ラテ',
      'クロワッサン',
      'チーズケーキ',
      'サンドイッチ',
      'オレンジジュース'
    ],
    longest: `季節のパフェ${'（いちごと抹茶クリーム）'.repeat(7)}`.slice(0, 80)
  }
} as const

/** Where the longest description is: shown at both sizes, right above the newest line. */
const longestAt = 14

function itemsOf(shop: (typeof shops)[keyof typeof shops]): ItemKeyed[] {
  return Array.from({ length: 16 }, (_, index) => ({
    description:
      index === longestAt ? shop.longest : `${shop.names[index % shop.names.length]} ${index + 1}`,
    price: String(300 + index * 50),
    quantity: index % 5 === 0 ? '2' : '1'
  }))
}

interface Box {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox()
  if (box === null) throw new Error(`${locator} has no box`)
  return box
}

/** The element is whole on the screen: nothing of it above, below or beside the viewport. */
async function expectWholeOnScreen(locator: Locator, size: Size): Promise<void> {
  const box = await boxOf(locator)
  expect(box.y, `${locator} top`).toBeGreaterThanOrEqual(0)
  expect(box.x, `${locator} left`).toBeGreaterThanOrEqual(0)
  expect(box.y + box.height, `${locator} bottom`).toBeLessThanOrEqual(size.height)
  expect(box.x + box.width, `${locator} right`).toBeLessThanOrEqual(size.width)
}

async function shoot(customer: CustomerPage, testInfo: TestInfo, name: string): Promise<void> {
  mkdirSync(shotsDir, { recursive: true })
  const path = join(shotsDir, `${name}.png`)
  await customer.page.screenshot({ path, animations: 'disabled' })
  await testInfo.attach(name, { path, contentType: 'image/png' })
}

for (const language of ['en', 'ja'] as const) {
  const t = language === 'en' ? en : ja
  const shop = shops[language]
  const items = itemsOf(shop)

  test.describe(`in ${language}`, () => {
    test.beforeEach(async () => {
      host = await startWebHostProcess({ language, shopName: shop.name })
    })

    test('sixteen items: the amount due, the prompt and the newest line stay on screen', async ({
      browser
    }, testInfo) => {
      const started = host!
      const customer = new CustomerPage(
        await (await browser.newContext({ viewport: sizes[0] })).newPage()
      )
      const cashier = new CashierPage(await (await browser.newContext()).newPage())
      await customer.open(started.customerUrl)
      await cashier.page.goto(started.cashierUrl)
      await expect(cashier.page.locator('.amount-input')).toBeFocused()

      await cashier.addItems(items, t.lines)
      await cashier.page.keyboard.press('F2')
      await expect(cashier.page.locator('.payment--awaiting-code')).toBeVisible()
      await expect(customer.page.locator('main.customer--awaiting-code')).toBeVisible()
      await expect(customer.lines).toHaveCount(items.length)

      const newest = customer.lines.last()
      await expect(newest).toContainText(items[items.length - 1]!.description)
      for (const size of sizes) {
        await customer.page.setViewportSize(size)
        // The list is measured again once the new size is laid out: wait for that, not a time.
        await expect(async () => {
          await expectWholeOnScreen(customer.amount, size)
          await expectWholeOnScreen(customer.prompt, size)
          await expectWholeOnScreen(customer.shopCorner, size)
          await expectWholeOnScreen(newest, size)

          // The rows shown are whole, inside the list; those it has no room for are counted.
          const list = await boxOf(customer.status.getByRole('list'))
          const shown = customer.lines.filter({ visible: true })
          const count = await shown.count()
          expect(count).toBeGreaterThanOrEqual(2)
          expect(count).toBeLessThan(items.length)
          const oldestShown = await boxOf(shown.first())
          expect(oldestShown.y).toBeGreaterThanOrEqual(list.y - 0.5)
          expect((await boxOf(newest)).y).toBeGreaterThan(oldestShown.y)
          await expect(newest).toBeVisible()
          // The longest description is two lines at most, then "…".
          expect((await boxOf(customer.lines.nth(longestAt))).height).toBeLessThan(
            2.5 * (await boxOf(newest)).height
          )
          await expect(customer.moreLines).toHaveText(t.lines.customerMore(items.length - count))
          // The count is whole, inside the list, right above the oldest row shown.
          const more = await boxOf(customer.moreLines)
          expect(more.y).toBeGreaterThanOrEqual(list.y - 0.5)
          expect(more.y + more.height).toBeLessThanOrEqual(oldestShown.y + 0.5)

          // The shop's name is one line above everything else, whatever its length.
          const corner = await boxOf(customer.shopCorner)
          expect(corner.y + corner.height).toBeLessThanOrEqual((await boxOf(customer.moreLines)).y)
        }).toPass()
        await shoot(customer, testInfo, `${language}-sale-16-items-${size.width}x${size.height}`)
      }
      await expectNoAxeViolations(customer.page, 'customer: sixteen items, the oldest counted')
    })

    test('the QR code, its amount and its prompt stay on screen under a long shop name', async ({
      browser
    }, testInfo) => {
      const started = host!
      const customer = new CustomerPage(
        await (await browser.newContext({ viewport: sizes[0] })).newPage()
      )
      const cashier = new CashierPage(await (await browser.newContext()).newPage())
      await customer.open(started.customerUrl)
      await cashier.page.goto(started.cashierUrl)
      await expect(cashier.page.locator('.amount-input')).toBeFocused()

      await cashier.page.keyboard.insertText('86400')
      await cashier.page.keyboard.press('F3')
      await expect(cashier.page.locator('.payment--choosing-wallet')).toBeVisible()
      await cashier.page.keyboard.press('1')
      await expect(customer.page.locator('main.customer--show-qr')).toBeVisible()

      const code = customer.status.getByRole('img')
      for (const size of sizes) {
        await customer.page.setViewportSize(size)
        await expect(async () => {
          await expectWholeOnScreen(customer.amount, size)
          await expectWholeOnScreen(code, size)
          await expectWholeOnScreen(customer.prompt, size)
          await expectWholeOnScreen(customer.shopCorner, size)
          const corner = await boxOf(customer.shopCorner)
          expect(corner.y + corner.height).toBeLessThanOrEqual((await boxOf(customer.amount)).y)
          // Still a code a phone reads from across the counter.
          const qr = await boxOf(code)
          expect(qr.width).toBeGreaterThanOrEqual(300)
          expect(qr.height).toBeCloseTo(qr.width, 0)
        }).toPass()
        await shoot(customer, testInfo, `${language}-qr-${size.width}x${size.height}`)
      }
    })
  })
}
