import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, posix, sep } from 'node:path'

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

/** The same policy as the pages' meta tag, plus what only a header can say (frame-ancestors). */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')

const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store'
}

/**
 * The file a request path names, as `/`-separated path from the root (`/assets/a.js`), or null
 * for one no file has. Decoded once and normalised, so `..`, `%2e%2e` and an encoded slash
 * (`/assets/..%2fcashier.html`) are resolved here: a check on which files a listener serves
 * must look at this, never at the raw URL path.
 */
export function filePath(urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  return posix.normalize(`/${decoded}`)
}

/** Resolves a request path inside `root`, or null when it would leave it (see `filePath`). */
export function resolveInside(root: string, urlPath: string): string | null {
  const path = filePath(urlPath)
  if (path === null) return null
  const full = join(root, path.replace(/^\/+/, ''))
  return full === root || full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : null
}

/**
 * One built screen file by URL path, with its content type, or null when there is no such file
 * inside `root`. The web host and Electron's `qrtill://` protocol both serve through this.
 */
export async function readScreenFile(
  root: string,
  urlPath: string
): Promise<{ body: Buffer; type: string } | null> {
  const file = resolveInside(root, urlPath)
  const type = file === null ? undefined : contentTypes[extname(file)]
  if (file === null || type === undefined) return null
  try {
    return { body: await readFile(file), type }
  } catch {
    return null
  }
}

export async function serveStatic(
  root: string,
  request: IncomingMessage,
  response: ServerResponse
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...securityHeaders, Allow: 'GET, HEAD' }).end()
    return
  }
  const { pathname } = new URL(request.url ?? '/', 'http://localhost')
  if (pathname === '/') {
    response.writeHead(302, { ...securityHeaders, Location: '/cashier.html' }).end()
    return
  }
  const found = await readScreenFile(root, pathname)
  if (found === null) {
    response.writeHead(404, { ...securityHeaders, 'Content-Type': 'text/plain' }).end('Not found')
    return
  }
  response.writeHead(200, { ...securityHeaders, 'Content-Type': found.type })
  response.end(request.method === 'HEAD' ? undefined : found.body)
}
