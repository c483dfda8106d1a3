import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { expectNoAxeViolations } from '../axe'
import { CashierPage } from '../pages/cashier'
import { CustomerPage } from '../pages/customer'
import { startWebHostProcess, stopAfterTest, type WebHostProcess } from '../web-host'

let host: WebHostProcess

test.beforeEach(async () => {
  host = await startWebHostProcess()
})

test.afterEach(async ({}, testInfo) => {
  await stopAfterTest(host, testInfo)
})

function readSettingsFile(dataDir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as Record<string, unknown>
}

async function openSettings(page: Page): Promise<void> {
  // The keyboard way in: F9, shown on the Settings button.
  await page.keyboard.press('F9')
  await expect(page.getByRole('heading', { level: 2, name: 'Settings' })).toBeVisible()
  await expect(page.getByRole('textbox', { name: 'Shop name' })).toBeVisible()
}

test('shop name, currency and a method rule: saved, live on the screen, and still there after a restart', async ({
  page
}) => {
  const cashier = new CashierPage(page)
  await cashier.open(host.cashierUrl)
  await openSettings(page)

  await page.getByRole('textbox', { name: 'Shop name' }).fill('Harbour Kiosk')
  await page.getByRole('combobox', { name: 'Currency' }).selectOption('USD')
  await page.getByRole('button', { name: 'Add a rule' }).click()
  const rules = page.getByRole('table', { name: /Payment-method rules/ })
  const row = rules.getByRole('row').last()
  await expect(row.getByRole('textbox', { name: /^pay_method_id/ })).toBeFocused()
  await row.getByRole('textbox', { name: /^pay_method_id/ }).fill('PayPay')
  const pattern = row.getByRole('textbox', { name: /^Pattern/ })
  await pattern.fill('^(99\\d{10}$')

  // A broken regular expression is caught next to its field, and nothing is saved.
  await page.getByRole('button', { name: 'Save settings', exact: true }).click()
  await expect(row.getByText('Not a valid regular expression.')).toBeVisible()
  await expect(pattern).toHaveAttribute('aria-invalid', 'true')
  await expect(pattern).toBeFocused()
  expect(() => readSettingsFile(host.dataDir)).toThrow()

  await pattern.fill('^99\\d{10}$')
  const tester = page.getByRole('textbox', { name: 'Test a code' })
  await tester.fill('991234567890')
  await expect(page.getByTestId('rule-test-result')).toContainText(/^PayPay \(rule \d+\)$/)

  await page.getByRole('button', { name: 'Save settings', exact: true }).click()
  await expect(page.getByTestId('settings-outcome')).toHaveText('Settings saved.')
  // settings:changed: the header follows without a reload.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Harbour Kiosk')
  const saved = readSettingsFile(host.dataDir)
  expect(saved).toMatchObject({ shopName: 'Harbour Kiosk', currency: 'USD' })
  expect(saved['methodRules']).toEqual(
    expect.arrayContaining([
      { payMethodId: 'PayPay', pattern: '^99\\d{10}$', enabled: true, confirmed: false }
    ])
  )

  await page.keyboard.press('F1')
  await expect(page.getByText('Up to 2 decimal places.')).toBeVisible()

  await host.stop({ keepData: true })
  host = await startWebHostProcess(undefined, { dataDir: host.dataDir })
  await cashier.open(host.cashierUrl)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Harbour Kiosk')
  await expect(page.getByText('Up to 2 decimal places.')).toBeVisible()
  await page.getByRole('button', { name: /^Settings/ }).click()
  await expect(page.getByRole('combobox', { name: 'Currency' })).toHaveValue('USD')
  await page.getByRole('textbox', { name: 'Test a code' }).fill('991234567890')
  await expect(page.getByTestId('rule-test-result')).toContainText('PayPay')
})

test('the test box tries a code with the AIM a HID-POS scanner would report', async ({
  page
}, testInfo) => {
  const cashier = new CashierPage(page)
  await cashier.open(host.cashierUrl)
  await openSettings(page)
  // Two wallets whose codes look alike, told apart only by their symbology (unsaved edits).
  const rules = page.getByRole('table', { name: /Payment-method rules/ })
  await rules.getByRole('textbox', { name: 'AIM (optional) 1', exact: true }).fill(']Q1')
  await page.getByRole('button', { name: 'Add a rule' }).click()
  const added = rules.getByRole('row').last()
  await added.getByRole('textbox', { name: /^pay_method_id/ }).fill('UnionPay')
  await added.getByRole('textbox', { name: /^Pattern/ }).fill('^1[0-5]\\d{16}$')
  await added.getByRole('textbox', { name: /^AIM/ }).fill(']C')

  const result = page.getByTestId('rule-test-result')
  await page.getByRole('textbox', { name: 'Test a code' }).fill('134567890123456789')
  await expect(result).toHaveText('Ambiguous: WeChatPay, UnionPay. The cashier will be asked.')
  const aim = page.getByRole('textbox', { name: 'Scanned with AIM (optional)' })
  await aim.fill(']Q1')
  await expect(result).toHaveText('WeChatPay (rule 1)')
  await aim.fill(']C0')
  await expect(result).toHaveText(/^UnionPay \(rule \d+\)$/)
  // Clear of the sticky save bar, as the integrator sees it.
  await aim.evaluate((field) => field.scrollIntoView({ block: 'center' }))
  await page.screenshot({ path: testInfo.outputPath('tester-with-aim.png') })

  // Checked as the rules' own AIM field is, and said in the verdict.
  await aim.fill('C0')
  await expect(result).toHaveText('An AIM identifier such as ]C or ]Q1.')
  await expect(aim).toHaveAttribute('aria-invalid', 'true')
  await expect(aim).toHaveAccessibleDescription(/An AIM identifier such as \]C or \]Q1\./)
})

test('the scanner wizard measures scans typed at scanner speed and saves the threshold it proposes', async ({
  page
}) => {
  const cashier = new CashierPage(page)
  await cashier.open(host.cashierUrl)
  await openSettings(page)
  await page.getByRole('button', { name: 'Scanner setup…' }).click()
  await expect(page.getByTestId('wizard-state')).toHaveText(/Listening/)
  await expect(page.getByTestId('wizard-proposal')).toHaveText(
    'Scan the test code to get a proposal.'
  )

  for (let scan = 1; scan <= 3; scan += 1) {
    await cashier.scan('QRTILL-TEST-2468', 8)
    await expect(page.getByTestId('wizard-scans').getByRole('row')).toHaveCount(scan + 1)
  }
  await expect(page.getByTestId('wizard-findings')).toContainText('Keyboard-wedge scanner detected')
  await expect(page.getByTestId('wizard-layout')).toHaveText(
    'Keyboard layout: matches the scanner.'
  )
  await expect(page.getByTestId('wizard-terminator')).toHaveText('Terminator: Enter.')
  await expect(page.getByTestId('wizard-framing')).toHaveText(/No prefix or suffix/)
  // Codes are masked to their last four characters, on screen as in the diagnostics file.
  await expect(page.getByTestId('wizard-scans')).toContainText('••••••••••••2468')
  await expect(page.getByTestId('wizard-scans')).not.toContainText('QRTILL')

  const proposal = await page.getByTestId('wizard-proposal').textContent()
  const match = /Slowest gap measured: (\d+) ms\. Proposed threshold: (\d+) ms\./.exec(
    proposal ?? ''
  )
  expect(match, proposal ?? '').not.toBeNull()
  const measured = Number(match![1])
  const proposed = Number(match![2])
  expect(proposed).toBeGreaterThan(measured)
  expect(proposed).toBeGreaterThanOrEqual(20)
  expect(proposed).toBeLessThanOrEqual(300)

  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export diagnostics file' }).click()
  const file = await download
  const diagnostics = JSON.parse(readFileSync((await file.path())!, 'utf8')) as {
    scans: { code: string; maxGapMs: number }[]
    proposal: { proposedMaxGapMs: number }
  }
  expect(diagnostics.scans).toHaveLength(3)
  expect(diagnostics.proposal.proposedMaxGapMs).toBe(proposed)
  expect(JSON.stringify(diagnostics)).not.toContain('QRTILL')

  await page.getByRole('button', { name: `Save threshold ${proposed} ms` }).click()
  await expect(page.getByText(`Saved: scans now need keys within ${proposed} ms.`)).toBeVisible()
  expect(readSettingsFile(host.dataDir)).toMatchObject({ wedge: { maxGapMs: proposed } })
  await expect(page.getByRole('textbox', { name: /Largest gap between/ })).toHaveValue(
    String(proposed)
  )
})

test('the status bar shows the gateway reachable and the journal healthy, under the sandbox banner', async ({
  page
}) => {
  const cashier = new CashierPage(page)
  await cashier.open(host.cashierUrl)
  await expect(page.getByText('SANDBOX — no real money')).toBeVisible()
  const bar = page.getByRole('contentinfo', { name: 'Till status' })
  await expect(bar.getByTestId('status-gateway')).toHaveText('Gateway reachable')
  await expect(bar.getByTestId('status-journal')).toHaveText('Journal healthy')
})

test('a sale in payment keeps the screen; unsaved settings ask before leaving', async ({
  page
}) => {
  const cashier = new CashierPage(page)
  await cashier.open(host.cashierUrl)
  await cashier.chargeAmount('500')
  await page.keyboard.press('F9')
  await expect(cashier.status).toContainText(/Scan the customer.s payment code/i)
  // Shown unavailable (aria-disabled), yet still says why when pressed.
  const settingsButton = page.getByRole('button', { name: /^Settings/ })
  await expect(settingsButton).toHaveAttribute('aria-disabled', 'true')
  await settingsButton.click({ force: true })
  await expect(page.getByText(/Finish the sale first/)).toBeVisible()
  await expect(cashier.status).toContainText(/Scan the customer.s payment code/i)

  // Cancelling the sale gives the screen back (its Esc acts only on a key standing alone in time,
  // so the button here, not a key right after F9).
  await page.getByRole('button', { name: /^Cancel/ }).click()
  await expect(cashier.amount).toBeVisible()
  await openSettings(page)
  await page.getByRole('textbox', { name: 'Shop name' }).fill('Not saved')
  await page.keyboard.press('F1')
  const dialog = page.getByRole('alertdialog', { name: 'Unsaved settings' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('button', { name: 'Keep editing' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('textbox', { name: 'Shop name' })).toHaveValue('Not saved')
  await page.keyboard.press('F1')
  await dialog.getByRole('button', { name: 'Drop changes and leave' }).click()
  await expect(cashier.amount).toBeVisible()
  await page.keyboard.press('F9')
  await expect(page.getByRole('textbox', { name: 'Shop name' })).toHaveValue('QR Till')
})

test('the language and the shop name follow a save on both screens, without a reload', async ({
  browser
}) => {
  const context = await browser.newContext()
  const customer = new CustomerPage(await context.newPage())
  const cashier = new CashierPage(await context.newPage())
  await customer.open(host.customerUrl)
  await cashier.open(host.cashierUrl)
  await expect(customer.status).toContainText('Welcome')
  await openSettings(cashier.page)
  await cashier.page.getByRole('textbox', { name: 'Shop name' }).fill('Kissa Aoi')
  await cashier.page.getByRole('combobox', { name: 'Language of both screens' }).selectOption('ja')
  await cashier.page.getByRole('button', { name: 'Save settings', exact: true }).click()
  await expect(cashier.page.getByTestId('settings-outcome')).toHaveText('設定を保存しました。')
  await expect(cashier.page.getByRole('heading', { level: 2, name: '設定' })).toBeVisible()
  await expect(cashier.page.getByRole('button', { name: /^会計/ })).toBeVisible()
  await expect(customer.status).toContainText('いらっしゃいませ')
  await expect(customer.page.getByText('Kissa Aoi')).toBeVisible()
  await expect(customer.page.locator('html')).toHaveAttribute('lang', 'ja')
  await context.close()
})

test('PayCloud keys import from the screen, show only fingerprints, and the gateway waits for a restart', async ({
  page
}) => {
  const pem = (bits: number): { privatePem: string; publicPem: string } => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits })
    return {
      privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString()
    }
  }
  const app = pem(2048)
  const gateway = pem(2048)
  const cashier = new CashierPage(page)
  await cashier.open(host.cashierUrl)
  await openSettings(page)

  // PayCloud without keys: refused by the till, with its reason.
  await page.getByRole('radio', { name: 'PayCloud' }).check()
  await page.getByRole('textbox', { name: 'Base URL' }).fill('https://open.n-age.co.jp')
  await page.getByRole('textbox', { name: 'app_id' }).fill('wz0123456789abcdef')
  await page.getByRole('textbox', { name: 'merchant_no' }).fill('312100000000')
  await page.getByRole('textbox', { name: 'store_no' }).fill('4121000000')
  await page.getByRole('button', { name: 'Save settings', exact: true }).click()
  await expect(page.getByRole('alert')).toContainText('Import the app private key')

  // A 1024-bit key is refused and named; nothing is stored.
  const weak = pem(1024)
  await page.getByRole('textbox', { name: 'App private key (PEM)' }).fill(weak.privatePem)
  await page.getByRole('textbox', { name: 'PayCloud public key (PEM)' }).fill(gateway.publicPem)
  await page.getByRole('button', { name: 'Import keys' }).click()
  await expect(page.getByRole('alert').filter({ hasText: '1024 bits' })).toBeVisible()
  await expect(page.getByTestId('key-app')).toHaveText('Not installed')

  await page.getByRole('textbox', { name: 'App private key (PEM)' }).fill(app.privatePem)
  await page.getByRole('button', { name: 'Import keys' }).click()
  await expect(page.getByText('Keys imported. They are not shown again.')).toBeVisible()
  await expect(page.getByTestId('key-app')).toHaveText(/^Installed \(imported\): SHA256:/)
  await expect(page.getByTestId('key-gateway')).toHaveText(/^Installed \(imported\): SHA256:/)
  await expect(page.getByRole('textbox', { name: 'App private key (PEM)' })).toHaveValue('')
  expect(await page.content()).not.toContain('PRIVATE KEY-----\nMII')

  await page.getByRole('button', { name: 'Save settings', exact: true }).click()
  await expect(page.getByTestId('settings-outcome')).toContainText(
    'The new settings for the gateway and the keys take effect when QR Till restarts'
  )
  expect(readSettingsFile(host.dataDir)).toMatchObject({
    gateway: { baseUrl: 'https://open.n-age.co.jp', appId: 'wz0123456789abcdef' }
  })
  // Still on the sandbox until the restart, and the screen keeps saying so.
  await expect(page.getByText('SANDBOX — no real money')).toBeVisible()
  const stored = readFileSync(join(host.dataDir, 'secrets', 'app-private-key'), 'utf8')
  expect(stored).toContain('BEGIN PRIVATE KEY')
})

test('the settings screen and the scanner wizard pass axe-core, and the views switch by keyboard', async ({
  page
}) => {
  const cashier = new CashierPage(page)
  await cashier.open(host.cashierUrl)
  await openSettings(page)
  // A view starts at its heading, so Tab goes on into its form.
  await expect(page.getByRole('heading', { level: 2, name: 'Settings' })).toBeFocused()
  // A browser page cannot place a window on a screen: display:list says so, and there is no select.
  await expect(page.getByTestId('display-placement-unavailable')).toHaveText(
    /^Placing the customer display on a screen is for the desktop app\./
  )
  await expect(page.getByRole('combobox', { name: 'Customer display' })).toHaveCount(0)
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByTestId('settings-outcome')).toHaveText(
    'Nothing to save: no setting changed.'
  )
  await page.getByRole('textbox', { name: 'Shop name' }).fill('')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByRole('textbox', { name: 'Shop name' })).toHaveAccessibleDescription(
    /Required\./
  )
  await expectNoAxeViolations(page, 'settings with an error')
  await page.getByRole('button', { name: 'Cancel changes' }).click()
  await page.getByRole('button', { name: 'Scanner setup…' }).click()
  await cashier.scan('QRTILL-TEST-2468', 8)
  await expect(page.getByTestId('wizard-scans').getByRole('row')).toHaveCount(2)
  await expectNoAxeViolations(page, 'scanner wizard')
  // Esc alone stops the wizard listening; then the view keys work again.
  await expect(page.getByTestId('wizard-state')).toHaveText(/Listening/)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('wizard-state')).toHaveText('Not listening.')
  await page.keyboard.press('F4')
  await expect(page.getByRole('button', { name: /^History/ })).toHaveAttribute(
    'aria-current',
    'page'
  )
  await page.keyboard.press('F1')
  await expect(cashier.amount).toBeFocused()
})
