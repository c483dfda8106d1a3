import { request as httpRequest, type RequestOptions } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { GatewayError } from './types'

/**
 * The HTTP exchange under the client, on node:http/https rather than fetch: fetch has one abort
 * signal for the whole call, and the gateway's timeouts are two (API.md §1.3, the SDK's connect
 * and read timeouts) under one overall deadline (§10).
 */

export interface HttpPost {
  readonly url: string
  readonly contentType: string
  readonly body: string
}

export interface TransportLimits {
  /** DNS, TCP and, for HTTPS, the TLS handshake. */
  readonly connectTimeoutMs: number
  /** The longest silence once connected: before the reply starts and between its chunks. */
  readonly readTimeoutMs: number
  /** Connect to last byte. */
  readonly timeoutMs: number
  readonly maxReplyBytes: number
}

export type TransportResult =
  | { readonly ok: true; readonly status: number; readonly body: Uint8Array }
  | { readonly ok: false; readonly error: GatewayError }

/** One POST and its complete reply. Never rejects: every failure is a `GatewayError`. */
export type Transport = (post: HttpPost, limits: TransportLimits) => Promise<TransportResult>

export const httpTransport: Transport = (post, limits) =>
  new Promise((resolve) => {
    const url = new URL(post.url)
    const body = Buffer.from(post.body, 'utf8')
    const secure = url.protocol === 'https:'
    const options: RequestOptions & { minVersion: 'TLSv1.2' } = {
      method: 'POST',
      headers: {
        'Content-Type': post.contentType,
        Accept: 'application/json',
        'Content-Length': String(body.byteLength)
      },
      // A fresh connection per call. A pooled socket the gateway has quietly closed fails only
      // once the request is on it, which would turn a payment into an unknown outcome for nothing.
      agent: false,
      // §1.3: TLS 1.2 as the SDK pins it; certificates are always checked (Node's default).
      minVersion: 'TLSv1.2'
    }
    const request = secure ? httpsRequest(url, options) : httpRequest(url, options)

    let settled = false
    let readTimer: NodeJS.Timeout | undefined
    const finish = (result: TransportResult): void => {
      if (settled) return
      settled = true
      clearTimeout(totalTimer)
      clearTimeout(connectTimer)
      clearTimeout(readTimer)
      request.destroy()
      resolve(result)
    }
    const timeout = (phase: 'connect' | 'read' | 'total', message: string): void =>
      finish({ ok: false, error: { kind: 'timeout', phase, message } })

    const totalTimer = setTimeout(
      () => timeout('total', `The gateway did not answer within ${limits.timeoutMs} ms.`),
      limits.timeoutMs
    )
    const connectTimer = setTimeout(
      () =>
        timeout(
          'connect',
          `The gateway could not be connected to within ${limits.connectTimeoutMs} ms.`
        ),
      limits.connectTimeoutMs
    )
    const armRead = (): void => {
      clearTimeout(readTimer)
      readTimer = setTimeout(
        () =>
          timeout(
            'read',
            `The gateway sent nothing for ${limits.readTimeoutMs} ms (read timeout).`
          ),
        limits.readTimeoutMs
      )
    }

    request.on('socket', (socket) => {
      // For HTTPS the connection is usable only once the handshake is done: a server that takes
      // the TCP connection but never answers the TLS hello has not been connected to.
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        clearTimeout(connectTimer)
        armRead()
      })
    })
    request.on('response', (response) => {
      armRead()
      const status = response.statusCode ?? 0
      if (status !== 200) {
        // §1.3: a PayCloud answer comes with 200; the body of anything else is not read.
        finish({ ok: true, status, body: new Uint8Array() })
        return
      }
      const chunks: Buffer[] = []
      let size = 0
      response.on('data', (chunk: Buffer) => {
        armRead()
        size += chunk.byteLength
        if (size > limits.maxReplyBytes) {
          finish({
            ok: false,
            error: {
              kind: 'malformed',
              message: `The gateway reply is larger than ${limits.maxReplyBytes} bytes.`
            }
          })
          return
        }
        chunks.push(chunk)
      })
      response.on('end', () => finish({ ok: true, status, body: Buffer.concat(chunks) }))
      response.on('error', (error) => finish({ ok: false, error: network(error) }))
    })
    request.on('error', (error) => finish({ ok: false, error: network(error) }))
    request.on('close', () =>
      finish({
        ok: false,
        error: { kind: 'network', message: 'The gateway closed the connection without a reply.' }
      })
    )
    request.end(body)
  })

function network(error: unknown): GatewayError {
  const code =
    error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string'
      ? error.code
      : null
  const detail = code ?? (error instanceof Error ? error.message : String(error))
  return { kind: 'network', message: `The gateway could not be reached (${detail}).` }
}
