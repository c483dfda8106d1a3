import type { Protocol } from 'electron'
import { contentSecurityPolicy, readScreenFile } from '../web/static'
import { appScheme } from './security'

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
    const found = host === 'app' ? await readScreenFile(rendererDir, pathname) : null
    if (found === null) return new Response('Not found', { status: 404 })
    return new Response(new Uint8Array(found.body), {
      headers: { 'Content-Type': found.type, 'Content-Security-Policy': contentSecurityPolicy }
    })
  })
}
