import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import type { Protocol } from 'electron'
import { contentSecurityPolicy, resolveInside } from '../web/static'
import { appScheme } from './security'

const types: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2'
}

/** Must run before `app.ready`: our scheme behaves like https (secure context, CSP, fetch). */
export const appSchemePrivileges = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true }
} as const

/**
 * Serves the built screens at `qrtill://app/…` from `rendererDir` only. A real origin (unlike
 * `file://`) lets every IPC call be checked against it.
 */
export function registerAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle(appScheme, async (request) => {
    const { host, pathname } = new URL(request.url)
    const file = host === 'app' ? resolveInside(rendererDir, pathname) : null
    const type = file === null ? undefined : types[extname(file)]
    if (file === null || type === undefined) return new Response('Not found', { status: 404 })
    try {
      return new Response(await readFile(file), {
        headers: { 'Content-Type': type, 'Content-Security-Policy': contentSecurityPolicy }
      })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  })
}
