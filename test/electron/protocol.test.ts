import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { useTempDir } from '../support/temp-dir'

vi.mock('electron', () => ({}))

const { registerAppProtocol } = await import('../../src/main/electron/protocol')

const tempDir = useTempDir()

function serve(): (url: string) => Promise<Response> {
  const dir = tempDir()
  const rendererDir = join(dir, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'cashier.html'), '<!doctype html><title>cashier</title>')
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'export {}')
  writeFileSync(join(dir, 'secret.txt'), 'not for the page')
  let handler: ((request: { url: string }) => Promise<Response>) | undefined
  registerAppProtocol(
    { handle: (_scheme: string, fn: typeof handler) => (handler = fn) } as never,
    rendererDir
  )
  return (url) => handler!({ url })
}

describe('the qrtill:// protocol', () => {
  it('serves the built screens with their type and the CSP', async () => {
    const fetchApp = serve()
    const page = await fetchApp('qrtill://app/cashier.html')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await page.text()).toContain('<title>cashier</title>')
    expect((await fetchApp('qrtill://app/assets/app.js')).headers.get('content-type')).toContain(
      'javascript'
    )
  })

  it('serves nothing outside the screens or for another host', async () => {
    const fetchApp = serve()
    for (const url of [
      'qrtill://app/../secret.txt',
      'qrtill://app/%2e%2e/secret.txt',
      'qrtill://app/..%2fsecret.txt',
      'qrtill://other/cashier.html',
      'qrtill://app/missing.html',
      'qrtill://app/cashier.exe'
    ]) {
      const response = await fetchApp(url)
      expect(response.status, url).toBe(404)
      expect(await response.text()).not.toContain('not for the page')
    }
  })
})
