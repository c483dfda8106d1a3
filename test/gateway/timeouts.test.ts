import { createServer as createHttpServer } from 'node:http'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createGatewayClient } from '../../src/main/gateway'
import type { Gateway, GatewayConfig, GatewayError, GatewayResult } from '../../src/main/gateway'
import { setLogSink } from '../../src/main/log'
import { generateSandboxCredentials, type SandboxCredentials } from '../../src/sandbox'
import { closeServer, listen, recordingTcp, signedEnvelope } from './helpers'

/**
 * The three limits of a call (API.md §1.3, §10), each against a real socket: a TLS server that
 * takes the TCP connection but never finishes the handshake (connect), an HTTP server that takes
 * the request and says nothing (read), and one that answers a byte at a time (read vs total).
 */

let keys: SandboxCredentials
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  keys = await generateSandboxCredentials()
  setLogSink(() => undefined, 'error')
})

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

afterAll(() => setLogSink(() => undefined, 'error'))

function client(baseUrl: string, limits: Partial<GatewayConfig>): Gateway {
  return createGatewayClient({
    baseUrl,
    appId: keys.appId,
    merchantNo: keys.merchantNo,
    storeNo: keys.storeNo,
    appPrivateKeyPem: keys.appPrivateKeyPem,
    gatewayPublicKeyPem: keys.gatewayPublicKeyPem,
    ...limits
  })
}

function failure<T>(result: GatewayResult<T>): GatewayError {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`)
  return result.error
}

const query = (till: Gateway): ReturnType<Gateway['queryOrder']> =>
  till.queryOrder({ merchantOrderNo: 'QT1' })

/** An HTTP server that answers a signed order.query reply in `pieces`, `gapMs` apart. */
async function trickling(pieces: number, gapMs: number): Promise<string> {
  const body = signedEnvelope(
    { code: '0', msg: 'Success', psn: 'P1', data: '{"trans_no":"T1","trans_status":2}' },
    keys.gatewayPrivateKeyPem
  )
  const size = Math.ceil(body.length / pieces)
  const server = createHttpServer((request, response) => {
    request.resume()
    request.on('end', () => {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      let sent = 0
      const next = (): void => {
        if (response.destroyed) return
        const piece = body.slice(sent, sent + size)
        sent += size
        if (sent >= body.length) response.end(piece)
        else {
          response.write(piece)
          setTimeout(next, gapMs)
        }
      }
      setTimeout(next, gapMs)
    })
  })
  const url = await listen(server)
  cleanups.push(() => closeServer(server))
  return url
}

describe('connect timeout', () => {
  it('fires when the TLS handshake never completes, before any request byte is sent', async () => {
    const tcp = await recordingTcp(cleanups)
    const started = performance.now()
    const error = failure(
      await query(
        client(`https://127.0.0.1:${tcp.port}`, {
          connectTimeoutMs: 200,
          readTimeoutMs: 5_000,
          timeoutMs: 5_000
        })
      )
    )
    const elapsed = performance.now() - started
    expect(error).toEqual({
      kind: 'timeout',
      phase: 'connect',
      message: 'The gateway could not be connected to within 200 ms.'
    })
    expect(elapsed).toBeGreaterThanOrEqual(190)
    expect(elapsed).toBeLessThan(2_000)
    // The TCP connection was made, and only a TLS ClientHello (record type 0x16) went out.
    const bytes = await (await tcp.next()).until(() => true)
    expect(bytes[0]).toBe(0x16)
    expect(bytes.toString('latin1')).not.toContain('POST')
  })

  it('leaves a slow but connected gateway to the read timeout', async () => {
    const tcp = await recordingTcp(cleanups)
    const error = failure(
      await query(
        client(`http://127.0.0.1:${tcp.port}`, {
          connectTimeoutMs: 100,
          readTimeoutMs: 300,
          timeoutMs: 5_000
        })
      )
    )
    expect(error).toEqual({
      kind: 'timeout',
      phase: 'read',
      message: 'The gateway sent nothing for 300 ms (read timeout).'
    })
    const bytes = await (await tcp.next()).until(() => true)
    expect(bytes.toString('utf8')).toMatch(/^POST \/api\/entry HTTP\/1\.1/)
  })
})

describe('read timeout', () => {
  it('counts silence, not the whole reply: a steady trickle longer than it still arrives', async () => {
    const url = await trickling(4, 100)
    const started = performance.now()
    const result = await query(
      client(url, { connectTimeoutMs: 1_000, readTimeoutMs: 300, timeoutMs: 5_000 })
    )
    expect(performance.now() - started).toBeGreaterThan(350)
    expect(result.ok && result.value.transStatus).toBe(2)
  })

  it('fires when the reply stalls halfway', async () => {
    const url = await trickling(2, 600)
    const error = failure(
      await query(client(url, { connectTimeoutMs: 1_000, readTimeoutMs: 300, timeoutMs: 5_000 }))
    )
    expect(error).toMatchObject({ kind: 'timeout', phase: 'read' })
  })
})

describe('overall deadline', () => {
  it('caps a trickle that never goes silent long enough for the read timeout', async () => {
    const url = await trickling(10, 100)
    const error = failure(
      await query(client(url, { connectTimeoutMs: 1_000, readTimeoutMs: 300, timeoutMs: 450 }))
    )
    expect(error).toEqual({
      kind: 'timeout',
      phase: 'total',
      message: 'The gateway did not answer within 450 ms.'
    })
  })
})
