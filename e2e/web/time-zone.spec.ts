import { expect, test } from '@playwright/test'
import { CashierPage } from '../pages/cashier'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

/**
 * A Tokyo shop (settings.json timeZone) whose screen is a browser set to another zone: the days
 * and the times are the shop's, as the till service says, never the browser's.
 */

test.use({ timezoneId: 'America/Los_Angeles' })

let host: WebHostProcess

test.beforeEach(async () => {
  host = await startWebHostProcess({ timeZone: 'Asia/Tokyo' })
})

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
})

test("end of day opens on the shop's today and says which zone its days run in", async ({
  page
}) => {
  // 00:30 on 27 November in Tokyo: 07:30 on the 26th in Los Angeles.
  await page.clock.setFixedTime(new Date(Date.UTC(2026, 10, 26, 15, 30)))
  const cashier = new CashierPage(page)
  await cashier.open(host.cashierUrl)
  await page.keyboard.press('F8')
  await expect(page.getByText('Days run midnight to midnight, Asia/Tokyo.')).toBeVisible()
  await expect(page.getByLabel('From')).toHaveValue('2026-11-27')
  await expect(page.getByLabel('To')).toHaveValue('2026-11-27')
})

test('the settings screen shows the zone in use, set in settings.json', async ({ page }) => {
  const cashier = new CashierPage(page)
  await cashier.open(host.cashierUrl)
  await page.keyboard.press('F9')
  const zone = page.getByLabel('Time zone')
  await expect(zone).toHaveValue('Asia/Tokyo')
  await expect(zone).not.toBeEditable()
})
