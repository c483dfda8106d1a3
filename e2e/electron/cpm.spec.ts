import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test, type Page } from '@playwright/test'
import { readAttempts } from '../journal'
import { CashierPage } from '../pages/cashier'
import { CustomerPage } from '../pages/customer'

const root = join(__dirname, '..', '..')

/** The Electron binary, when this machine has one: Electron downloads it only from GitHub. */
function electronBinary(): { path: string } | { missing: string } {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt')
  if (!existsSync(pathFile)) {
    return {
      missing: 'the Electron binary is not installed (node_modules/electron has no path.txt)'
    }
  }
  const binary = join(
    root,
    'node_modules',
    'electron',
    'dist',
    readFileSync(pathFile, 'utf8').trim()
  )
  return existsSync(binary) ? { path: binary } : { missing: `${binary} does not exist` }
}

const binary = electronBinary()
// Printed once, by the worker that would have run it (the runner also loads this file to list it).
if ('missing' in binary && process.env['TEST_WORKER_INDEX'] !== undefined) {
  console.log(`e2e/electron did not run: ${binary.missing}; the web suite covers the same flow.`)
}

test('a scanned WeChat code pays a sale in the Electron app', async () => {
  test.skip('missing' in binary, 'missing' in binary ? binary.missing : '')
  if (!('path' in binary)) return
  const dataDir = mkdtempSync(join(tmpdir(), 'qr-till-electron-'))
  const app = await electron.launch({
    executablePath: binary.path,
    args: [root],
    env: { ...process.env, QR_TILL_DATA_DIR: dataDir }
  })
  try {
    const pages = async (): Promise<Page[]> => {
      await expect.poll(() => app.windows().length).toBe(2)
      return app.windows()
    }
    const windows = await pages()
    const byName = (name: string): Page => windows.find((w) => w.url().endsWith(`/${name}.html`))!
    const cashier = new CashierPage(byName('cashier'))
    const customer = new CustomerPage(byName('customer'))
    await expect(cashier.scanButton).toBeVisible()

    await cashier.chargeAmount('1200')
    await expect(customer.status).toContainText('¥1,200')
    await cashier.scan('134567890123456789', 5)
    await expect(cashier.status).toContainText('Paid')
    await expect(customer.status).toContainText('Paid')
    expect(readAttempts(dataDir)).toMatchObject([{ status: 'paid', amount_minor: 1200 }])
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
