import { expect, test } from '@playwright/test'
import { en } from '../../src/renderer/src/i18n/en'
import { CashierPage } from '../pages/cashier'
import { CustomerPage } from '../pages/customer'
import { setManagerPin } from '../pages/records'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

let host: WebHostProcess | null = null
const managerPin = '48260731'

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
  host = null
})

test('a tablet pairs with the code on the cashier screen and becomes the customer display', async ({
  browser
}) => {
  // The "LAN" is a second loopback address here: this machine only.
  host = await startWebHostProcess({
    customerDisplay: { lan: true, lanHost: '127.0.0.2', lanPort: 0 }
  })
  const cashier = new CashierPage(await (await browser.newContext()).newPage())
  await cashier.open(host.cashierUrl)
  await cashier.page.keyboard.press('F9')
  await cashier.page.getByRole('button', { name: 'Pair a tablet' }).click()
  const pairing = cashier.page.getByTestId('lan-pairing')
  await expect(pairing.getByRole('img', { name: /pairs a tablet/ })).toBeVisible()
  const code = (await pairing.locator('strong').textContent()) ?? ''
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/)
  const address = (await pairing.locator('.mono').last().textContent()) ?? ''
  expect(address).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/pair$/)

  // The tablet, in a context of its own: it types the code on the pairing page.
  const tablet = new CustomerPage(await (await browser.newContext()).newPage())
  await tablet.page.goto(address)
  await tablet.page.getByRole('textbox', { name: /Pairing code/ }).fill(code.toLowerCase())
  await tablet.page.getByRole('button', { name: /Pair/ }).click()
  await expect(tablet.status).toContainText('Welcome')

  await cashier.page.keyboard.press('F1')
  await cashier.chargeAmount('700')
  await expect(tablet.status).toContainText('¥700')

  // The same code does not pair a second device, even from the pairing QR's link.
  const other = await (await browser.newContext()).newPage()
  await other.goto(`${address}?code=${code}`)
  await expect(other.getByRole('textbox', { name: /Pairing code/ })).toHaveValue(code)
  await other.getByRole('button', { name: /Pair/ }).click()
  await expect(other.getByRole('alert')).toContainText('not valid or has expired')
})

test('unpairing every tablet cuts off the paired one for good; the new code pairs again', async ({
  browser
}) => {
  host = await startWebHostProcess({
    customerDisplay: { lan: true, lanHost: '127.0.0.2', lanPort: 0 }
  })
  const cashier = new CashierPage(await (await browser.newContext()).newPage())
  await cashier.open(host.cashierUrl)
  await setManagerPin(cashier.page, managerPin)
  const pairing = cashier.page.getByTestId('lan-pairing')

  /** Pairs a fresh tablet from the pairing QR's link, as its camera would open it. */
  const pairTablet = async (): Promise<CustomerPage> => {
    const code = (await pairing.locator('strong').textContent()) ?? ''
    const address = (await pairing.locator('.mono').last().textContent()) ?? ''
    const tablet = new CustomerPage(await (await browser.newContext()).newPage())
    await tablet.page.goto(`${address}?code=${code}`)
    await tablet.page.getByRole('button', { name: /Pair/ }).click()
    await expect(tablet.status).toContainText('Welcome')
    return tablet
  }

  await cashier.page.getByRole('button', { name: 'Pair a tablet' }).click()
  const lost = await pairTablet()
  const oldCode = (await pairing.locator('strong').textContent()) ?? ''

  // Without the manager PIN nothing happens: the PIN field asks for it, the tablet stays on.
  const unpair = cashier.page.getByRole('button', { name: en.display.unpairAll })
  await unpair.click()
  await expect(cashier.page.getByText(en.settings.pin.needed)).toBeVisible()
  await expect(lost.page.getByText(en.customer.connecting)).toBeHidden()

  // Every socket the lost tablet opens from now on.
  let reconnects = 0
  lost.page.on('websocket', () => (reconnects += 1))
  await cashier.page.getByLabel(en.settings.pin.label).fill(managerPin)
  await unpair.click()
  await expect(cashier.page.getByText(en.display.unpaired)).toBeVisible()
  await expect(pairing.getByRole('img', { name: /pairs a tablet/ })).toBeVisible()
  await expect(pairing.locator('strong')).not.toHaveText(oldCode)

  // Cut off at once: its screen says so, shows nothing of the shop, and it stops calling.
  await expect(lost.status).toHaveText(en.customer.unpaired + en.customer.unpairedHint)
  await expect(lost.page.getByText(en.customer.connecting)).toBeHidden()

  // The new code pairs the tablet the shop keeps; the cashier's screen never noticed.
  const kept = await pairTablet()
  await cashier.page.keyboard.press('F1')
  await cashier.chargeAmount('700')
  await expect(kept.status).toContainText('¥700')
  await expect(lost.status).toHaveText(en.customer.unpaired + en.customer.unpairedHint)
  // All that time (two pairings, a sale) it tried no socket: a try would be refused anyway.
  expect(reconnects).toBe(0)

  // A reload with its old token in the address (a tablet asleep through the unpairing, or paired
  // before the till restarted) opens nothing: its socket is closed at once as unpaired, with no
  // frame, and the page says so instead of "Connecting…" for ever.
  const refused: Promise<number>[] = []
  lost.page.on('websocket', (ws) => {
    let frames = 0
    ws.on('framereceived', () => (frames += 1))
    refused.push(new Promise((resolve) => ws.on('close', () => resolve(frames))))
  })
  await lost.page.reload()
  await expect(lost.status).toHaveText(en.customer.unpaired + en.customer.unpairedHint)
  expect(await Promise.all(refused)).toEqual([0])
})
