import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createGatewayClient,
  httpTransport,
  scanTopLevel,
  signFields,
  writeJsonObject
} from '../../src/main/gateway'
import type { Fields, Gateway, RawValue, Transport } from '../../src/main/gateway'
import type { SandboxCredentials } from '../../src/sandbox'

/** An RSA key made by openssl itself, in every PEM form PayCloud keys come in (API.md §4.1). */
export interface OpensslKey {
  readonly dir: string
  readonly pkcs1PrivatePath: string
  readonly pkcs8PrivatePath: string
  readonly spkiPublicPath: string
  readonly pkcs1Private: string
  readonly pkcs8Private: string
  readonly spkiPublic: string
  readonly pkcs1Public: string
  remove(): void
}

export function opensslKey(): OpensslKey {
  const dir = mkdtempSync(join(tmpdir(), 'qr-till-openssl-'))
  const path = (name: string): string => join(dir, name)
  // `-traditional`: OpenSSL 3 writes PKCS#8 by default, the §4.1 recipe wants PKCS#1 first.
  openssl(['genrsa', '-traditional', '-out', path('pkcs1.pem'), '2048'])
  openssl(['pkcs8', '-topk8', '-nocrypt', '-in', path('pkcs1.pem'), '-out', path('pkcs8.pem')])
  openssl(['rsa', '-in', path('pkcs1.pem'), '-pubout', '-out', path('spki.pem')])
  openssl(['rsa', '-in', path('pkcs1.pem'), '-RSAPublicKey_out', '-out', path('pub-pkcs1.pem')])
  const read = (name: string): string => readFileSync(path(name), 'utf8')
  return {
    dir,
    pkcs1PrivatePath: path('pkcs1.pem'),
    pkcs8PrivatePath: path('pkcs8.pem'),
    spkiPublicPath: path('spki.pem'),
    pkcs1Private: read('pkcs1.pem'),
    pkcs8Private: read('pkcs8.pem'),
    spkiPublic: read('spki.pem'),
    pkcs1Public: read('pub-pkcs1.pem'),
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}

/** `openssl dgst -sha256 -sign key` over the UTF-8 bytes of `text`, as standard Base64. */
export function opensslSign(text: string, keyPath: string, dir: string): string {
  const input = join(dir, 'to-sign.txt')
  writeFileSync(input, text, 'utf8')
  return execFileSync('openssl', ['dgst', '-sha256', '-sign', keyPath, input]).toString('base64')
}

/** `openssl dgst -sha256 -verify`: true when openssl prints "Verified OK". */
export function opensslVerify(
  text: string,
  signature: string,
  publicKeyPath: string,
  dir: string
): boolean {
  const input = join(dir, 'to-verify.txt')
  const sig = join(dir, 'signature.bin')
  writeFileSync(input, text, 'utf8')
  writeFileSync(sig, Buffer.from(signature, 'base64'))
  try {
    const out = execFileSync(
      'openssl',
      ['dgst', '-sha256', '-verify', publicKeyPath, '-signature', sig, input],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    return out.toString().trim() === 'Verified OK'
  } catch {
    return false
  }
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] })
}

/** A hand-rolled HTTP server for replies the sandbox would never give. */
export interface ScriptedServer {
  readonly url: string
  /** Every request body received, in order. */
  readonly bodies: string[]
  close(): Promise<void>
}

export async function scriptedServer(
  answer: (body: string, request: IncomingMessage, response: ServerResponse) => void
): Promise<ScriptedServer> {
  const bodies: string[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      bodies.push(body)
      answer(body, request, response)
    })
  })
  const url = await listen(server)
  return { url, bodies, close: () => closeServer(server) }
}

/** A client of `url` with the till's half of `keys`: the usual partner of a scripted server. */
export function scriptedClient(
  url: string,
  keys: Pick<
    SandboxCredentials,
    'appId' | 'merchantNo' | 'storeNo' | 'appPrivateKeyPem' | 'gatewayPublicKeyPem'
  >,
  now: () => number
): Gateway {
  return createGatewayClient(
    {
      baseUrl: url,
      appId: keys.appId,
      merchantNo: keys.merchantNo,
      storeNo: keys.storeNo,
      appPrivateKeyPem: keys.appPrivateKeyPem,
      gatewayPublicKeyPem: keys.gatewayPublicKeyPem
    },
    { now }
  )
}

/** A signed §3 envelope, as a gateway holding `gatewayPrivateKeyPem` would send it. */
export function signedEnvelope(fields: Fields, gatewayPrivateKeyPem: string): string {
  return writeJsonObject({ ...fields, sign: signFields(fields, gatewayPrivateKeyPem) })
}

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/** The top-level fields of a JSON body as transmitted; fails the test on a body that is not. */
export function fieldsOf(body: string): Readonly<Record<string, RawValue>> {
  const scanned = scanTopLevel(body)
  if (!scanned.ok) throw new Error(`not a JSON object: ${scanned.reason}: ${body}`)
  return scanned.fields
}

/** Records what a client sends, then lets the real transport send it: a spy, not a mock. */
export function recordingTransport(): {
  transport: Transport
  calls: { url: string; contentType: string; body: string }[]
} {
  const calls: { url: string; contentType: string; body: string }[] = []
  const spy: Transport = (post, limits) => {
    calls.push({ url: post.url, contentType: post.contentType, body: post.body })
    return httpTransport(post, limits)
  }
  return { transport: spy, calls }
}

export interface Connection {
  /** Resolves once what has arrived satisfies `done`, checked as each chunk comes in. */
  readonly until: (done: (bytes: Buffer) => boolean) => Promise<Buffer>
}

/**
 * A TCP server that never answers: each connection, as it comes, and every byte it carries.
 * `cleanups` gets what closes it.
 */
export async function recordingTcp(cleanups: (() => Promise<void>)[]): Promise<{
  port: number
  url: string
  next: () => Promise<Connection>
  count: () => number
}> {
  const waiting: ((connection: Connection) => void)[] = []
  const arrived: Connection[] = []
  const sockets = new Set<Socket>()
  let count = 0
  const server = createTcpServer((socket) => {
    count += 1
    sockets.add(socket)
    const chunks: Buffer[] = []
    const watchers = new Set<() => void>()
    socket.on('data', (chunk) => {
      chunks.push(chunk)
      for (const watcher of watchers) watcher()
    })
    socket.on('error', () => undefined)
    const connection: Connection = {
      until: (done) =>
        new Promise((resolve) => {
          const check = (): void => {
            const bytes = Buffer.concat(chunks)
            if (!done(bytes)) return
            watchers.delete(check)
            resolve(bytes)
          }
          watchers.add(check)
          check()
        })
    }
    const taker = waiting.shift()
    if (taker) taker(connection)
    else arrived.push(connection)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(
    () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  )
  const { port } = server.address() as AddressInfo
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    next: () => {
      const first = arrived.shift()
      return first ? Promise.resolve(first) : new Promise((resolve) => waiting.push(resolve))
    },
    count: () => count
  }
}

/** A whole HTTP request: its head and as many body bytes as its Content-Length says. */
export function wholeRequest(bytes: Buffer): boolean {
  const text = bytes.toString('utf8')
  const head = text.indexOf('\r\n\r\n')
  const length = /content-length: (\d+)/i.exec(text)?.[1]
  return head >= 0 && length !== undefined && bytes.byteLength - head - 4 >= Number(length)
}

/** The method of the request on the server's first connection, once it has all arrived. */
export async function firstRequestMethod(tcp: {
  next: () => Promise<Connection>
}): Promise<unknown> {
  const text = (await (await tcp.next()).until(wholeRequest)).toString('utf8')
  return fieldsOf(text.slice(text.indexOf('\r\n\r\n') + 4))['method']
}
