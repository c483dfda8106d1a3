import type { IncomingMessage, ServerResponse } from 'node:http'
import type { NetworkInterfaceInfo } from 'node:os'
import type { Role } from '../../shared/contract'
import { defaultLanPort } from '../../shared/contract/display'
import type { SettingsFile } from '../till/settings'
import { tokenParam, unpairedCloseCode, wsPath } from '../../shared/contract/wire'
import type { LanPairing } from './pairing'
import type { Refusal } from './server'
import { createLogger } from '../log'
import { filePath, serveStatic } from './static'

const log = createLogger('web')

/**
 * The LAN listener of the web host: what a tablet on the shop's network may reach, and nothing
 * more. It serves the customer display and a pairing page; the cashier screen is not there, and
 * no token of the cashier's opens a socket on it: only the customer-role tokens that pairing gave
 * out do, so a device on the LAN can at most watch the customer display.
 */

export const pairPath = '/pair'

/**
 * The files of the customer display: its page, the built bundles, the icon. Judged on the file
 * the path names once decoded, as the file server will read it: `/assets/..%2fcashier.html` is
 * the cashier screen.
 */
function isCustomerFile(urlPath: string): boolean {
  const path = filePath(urlPath)
  return (
    path === '/customer.html' || path === '/favicon.svg' || (path?.startsWith('/assets/') ?? false)
  )
}

const pairHeaders: Readonly<Record<string, string>> = {
  // No script and no style at all; the one form posts back here.
  'Content-Security-Policy':
    "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Content-Type': 'text/html; charset=utf-8'
}

/**
 * The page a tablet types its code into (English and Japanese: the shop's first market), with
 * the code filled in when the tablet came from the pairing QR. The code is taken only by the
 * form's POST: a camera or chat app that fetches the QR's link to preview it must not use up the
 * single-use code before the tablet's browser opens it.
 */
export function pairPage(problem: boolean, code = ''): string {
  return [
    '<!doctype html><html lang="en"><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1.5">',
    '<title>QR Till — customer display pairing</title>',
    '<h1>QR Till customer display</h1>',
    problem
      ? '<p role="alert"><strong>That code is not valid or has expired. Ask the cashier for a new one.' +
        '<br lang="ja">このコードは無効か期限切れです。レジで新しいコードを表示してください。</strong></p>'
      : '',
    '<form method="post" action="/pair">',
    '<p><label for="code">Pairing code shown on the cashier screen ',
    '<span lang="ja">(レジに表示されたペアリングコード)</span></label></p>',
    '<p><input id="code" name="code" autocomplete="off" autocapitalize="characters" ',
    `spellcheck="false" maxlength="16" required value="${escapeAttribute(code)}"></p>`,
    '<p><button type="submit">Pair <span lang="ja">ペアリング</span></button></p>',
    '</form></html>'
  ].join('')
}

export async function serveLanDisplay(
  root: string,
  pairing: LanPairing,
  request: IncomingMessage,
  response: ServerResponse
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost')
  if (url.pathname === pairPath && request.method === 'POST') {
    const code = await postedCode(request)
    const token = code === null ? null : pairing.redeem(code)
    if (token === null) {
      response.writeHead(403, pairHeaders).end(pairPage(true))
      return
    }
    // The token rides in the fragment, as on the loopback host: never sent back in a request.
    response
      .writeHead(303, {
        Location: `/customer.html#${tokenParam}=${token}`,
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer'
      })
      .end()
    return
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response
      .writeHead(405, { Allow: url.pathname === pairPath ? 'GET, HEAD, POST' : 'GET, HEAD' })
      .end()
    return
  }
  if (url.pathname === '/') {
    response.writeHead(302, { Location: pairPath, 'Cache-Control': 'no-store' }).end()
    return
  }
  if (url.pathname === pairPath) {
    // The pairing QR's link, with its code: shown filled in, taken only when the tablet posts it.
    const code = (url.searchParams.get('code') ?? '').slice(0, 16)
    response.writeHead(200, pairHeaders).end(pairPage(false, code))
    return
  }
  if (!isCustomerFile(url.pathname)) {
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found')
    return
  }
  await serveStatic(root, request, response)
}

/** A LAN socket is the customer's, with a paired token and this listener's Origin; never more. */
export function authoriseLan(
  request: Pick<IncomingMessage, 'url' | 'headers'>,
  pairing: Pick<LanPairing, 'isPairedToken'>,
  expectedOrigin: string
): Role | Refusal {
  const url = new URL(request.url ?? '/', 'http://localhost')
  if (url.pathname !== wsPath) return { status: '404 Not Found', reason: `path ${url.pathname}` }
  const origin = request.headers.origin
  if (origin !== undefined && origin !== expectedOrigin) {
    return { status: '403 Forbidden', reason: `LAN origin ${origin}` }
  }
  const token = url.searchParams.get(tokenParam) ?? ''
  if (token !== '' && pairing.isPairedToken(token)) return 'customer'
  // Opened and closed at once with "unpaired": the tablet's page cannot read a 401, and would try
  // again for ever with the last sale on its screen.
  return {
    status: '401 Unauthorized',
    reason: 'LAN socket without a paired token',
    closeCode: unpairedCloseCode
  }
}

/**
 * The LAN listener from settings.json `customerDisplay`: null (off) unless `lan` is on; then on
 * `lanHost`, or this machine's first non-loopback IPv4 address. `interfaces` is
 * `os.networkInterfaces()`.
 */
export function lanListener(
  settings: SettingsFile['customerDisplay'],
  interfaces: Readonly<Record<string, readonly NetworkInterfaceInfo[] | undefined>>
): { host: string; port: number } | null {
  if (settings?.lan !== true) return null
  const host = settings.lanHost ?? firstLanAddress(interfaces)
  if (host === null) {
    log.warn('the LAN customer display is on, but this machine has no LAN address: it stays off')
    return null
  }
  return { host, port: settings.lanPort ?? defaultLanPort }
}

function firstLanAddress(
  interfaces: Readonly<Record<string, readonly NetworkInterfaceInfo[] | undefined>>
): string | null {
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.family === 'IPv4' && !entry.internal) return entry.address
    }
  }
  return null
}

/** The `code` of a small urlencoded form body, or null for anything else. */
async function postedCode(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.byteLength
    if (size > maxPairBody) return null
    chunks.push(chunk)
  }
  const type = request.headers['content-type'] ?? ''
  if (!type.startsWith('application/x-www-form-urlencoded')) return null
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('code')
}

/** A pairing form is one short field; anything bigger is not one. */
const maxPairBody = 1024

function escapeAttribute(text: string): string {
  return text.replace(/[&"<>]/g, (char) => `&#${char.charCodeAt(0)};`)
}
