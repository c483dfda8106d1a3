import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  fieldText,
  RawJson,
  scanTopLevel,
  signFields,
  verifyFields,
  writeJsonObject
} from '../../src/main/gateway'
import type { FieldValue, Fields, RawValue } from '../../src/main/gateway'
import type { GatewayMethod } from '../../src/main/gateway/types'
import { setLogSink } from '../../src/main/log'
import { generateSandboxCredentials, startSandbox } from '../../src/sandbox'
import type { Sandbox, SandboxCredentials, SandboxOptions } from '../../src/sandbox'

/**
 * The contract suite talks to the sandbox the way any PayCloud client would: raw requests signed
 * per API.md §4.2 with `signFields`, sent with `fetch`, replies scanned and verified per §4.4.
 * Time is the injected clock; notifications run on a compressed real-time schedule.
 */

setLogSink(() => undefined, 'error')

export const start = Date.UTC(2026, 0, 15, 3, 0, 0)

export class Clock {
  now = start
  advance(ms: number): void {
    this.now += ms
  }
}

let keys: Promise<SandboxCredentials> | undefined
/** RSA key generation is the slow part: one set per test file. */
export function credentials(): Promise<SandboxCredentials> {
  keys ??= generateSandboxCredentials()
  return keys
}

let sequence = 0
export function orderNo(prefix = 'CT'): string {
  sequence += 1
  return `${prefix}${String(Date.now() % 1e8)}${String(sequence).padStart(5, '0')}`
}

export interface Reply {
  readonly status: number
  readonly code: string | undefined
  readonly msg: string | undefined
  readonly data: Record<string, unknown> | undefined
  /** The top-level fields as transmitted, or undefined when the body is not a JSON object. */
  readonly fields: Readonly<Record<string, RawValue>> | undefined
  readonly verified: boolean
  readonly body: string
}

export interface CallOptions {
  readonly encoding?: 'json' | 'form'
  readonly path?: string
  readonly signWith?: string
  /** Abort the request after this many ms (a client timeout). */
  readonly timeoutMs?: number
  /** Send without `sign`. */
  readonly unsigned?: boolean
}

export interface Contract {
  readonly sandbox: Sandbox
  readonly clock: Clock
  readonly keys: SandboxCredentials
  readonly options: SandboxOptions
  envelope(method: GatewayMethod | string): Record<string, FieldValue>
  call(
    method: GatewayMethod | string,
    fields: Record<string, FieldValue>,
    options?: CallOptions
  ): Promise<Reply>
  /** A CPM submit with sensible defaults; returns its number and the reply. */
  pay(overrides?: Record<string, FieldValue>): Promise<{ no: string; reply: Reply }>
  /** An MPM get-QR-code with sensible defaults. */
  qr(overrides?: Record<string, FieldValue>): Promise<{ no: string; reply: Reply }>
  query(no: string): Promise<Reply>
  cancel(no: string): Promise<Reply>
  refund(
    origNo: string,
    amount: string,
    overrides?: Record<string, FieldValue>
  ): Promise<{ no: string; reply: Reply }>
  queryRefund(no: string): Promise<Reply>
  /** Restarts on the same options (the same store file). */
  restart(overrides?: Partial<SandboxOptions>): Promise<void>
  close(): Promise<void>
}

export const paidCode = '134567890123456789'
export function code(suffix: string): string {
  return `13456789012345${suffix}`.slice(-18)
}

export async function startContract(
  overrides: Partial<SandboxOptions> = {},
  clock = new Clock()
): Promise<Contract> {
  const creds = await credentials()
  const options: SandboxOptions = {
    appId: creds.appId,
    merchantNo: creds.merchantNo,
    storeNo: creds.storeNo,
    appPublicKeyPem: creds.appPublicKeyPem,
    gatewayPrivateKeyPem: creds.gatewayPrivateKeyPem,
    now: () => clock.now,
    ...overrides
  }
  let sandbox = await startSandbox(options)

  function envelope(method: string): Record<string, FieldValue> {
    return {
      app_id: creds.appId,
      method,
      format: 'JSON',
      charset: 'UTF-8',
      sign_type: 'RSA2',
      version: '1.0',
      timestamp: clock.now,
      merchant_no: creds.merchantNo,
      store_no: creds.storeNo
    }
  }

  async function call(
    method: string,
    fields: Record<string, FieldValue>,
    callOptions: CallOptions = {}
  ): Promise<Reply> {
    const unsignedFields: Fields = { ...envelope(method), ...fields }
    const body: Fields = callOptions.unsigned
      ? unsignedFields
      : {
          ...unsignedFields,
          sign: signFields(unsignedFields, callOptions.signWith ?? creds.appPrivateKeyPem)
        }
    let text: string
    let contentType: string
    if (callOptions.encoding === 'form') {
      const form = new URLSearchParams()
      for (const [key, value] of Object.entries(body)) {
        const valueText = fieldText(value)
        if (valueText !== null) form.append(key, valueText)
      }
      text = form.toString()
      contentType = 'application/x-www-form-urlencoded'
    } else {
      text = writeJsonObject(body)
      contentType = 'application/json'
    }
    return post(sandbox.url, text, {
      contentType,
      publicKey: creds.gatewayPublicKeyPem,
      ...(callOptions.path === undefined ? {} : { path: callOptions.path }),
      ...(callOptions.timeoutMs === undefined ? {} : { timeoutMs: callOptions.timeoutMs })
    })
  }

  const contract: Contract = {
    get sandbox() {
      return sandbox
    },
    clock,
    keys: creds,
    options,
    envelope,
    call,
    pay: async (extra = {}) => {
      const no =
        typeof extra['merchant_order_no'] === 'string' ? extra['merchant_order_no'] : orderNo()
      const reply = await call('bscanc.pay.submit', {
        merchant_order_no: no,
        auth_code: paidCode,
        pay_method_id: 'WeChatPay',
        price_currency: 'JPY',
        order_amount: RawJson.number('1200'),
        description: 'Contract test',
        expires: 60,
        ...extra
      })
      return { no, reply }
    },
    qr: async (extra = {}) => {
      const no =
        typeof extra['merchant_order_no'] === 'string' ? extra['merchant_order_no'] : orderNo()
      const reply = await call('cscanb.pay.getqrcode', {
        merchant_order_no: no,
        pay_method_id: 'PayPay',
        price_currency: 'JPY',
        order_amount: RawJson.number('1200'),
        description: 'Contract test',
        expires: 90,
        ...extra
      })
      return { no, reply }
    },
    query: (no) => call('order.query', { merchant_order_no: no }),
    cancel: (no) => call('order.revoker', { merchant_order_no: no }),
    refund: async (origNo, amount, extra = {}) => {
      const no =
        typeof extra['merchant_order_no'] === 'string' ? extra['merchant_order_no'] : orderNo('RF')
      const reply = await call('order.refund.submit', {
        merchant_order_no: no,
        orig_merchant_order_no: origNo,
        price_currency: 'JPY',
        order_amount: RawJson.number(amount),
        description: 'Contract refund',
        ...extra
      })
      return { no, reply }
    },
    queryRefund: (no) => call('order.refund.query', { merchant_order_no: no }),
    restart: async (extra = {}) => {
      await sandbox.close()
      sandbox = await startSandbox({ ...options, ...extra })
    },
    close: () => sandbox.close()
  }
  return contract
}

export interface PostOptions {
  readonly contentType?: string
  readonly path?: string
  readonly timeoutMs?: number
  /** The gateway public key that `verified` checks the reply's `sign` with. */
  readonly publicKey?: string
}

export async function post(
  base: string,
  body: string | Uint8Array,
  options: PostOptions = {}
): Promise<Reply> {
  const response = await fetch(`${base}${options.path ?? '/api/entry'}`, {
    method: 'POST',
    headers: { 'Content-Type': options.contentType ?? 'application/json' },
    body,
    ...(options.timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(options.timeoutMs) })
  })
  return parseReply(response.status, await response.text(), options.publicKey)
}

/** Parses a reply; `verified` checks its `sign` with `publicKey` (§4.4). */
export function parseReply(status: number, text: string, publicKey: string | undefined): Reply {
  const scanned = scanTopLevel(text)
  if (!scanned.ok) {
    return {
      status,
      code: undefined,
      msg: undefined,
      data: undefined,
      fields: undefined,
      verified: false,
      body: text
    }
  }
  const fields = scanned.fields
  const sign = fields['sign']
  const data = fields['data']
  const key = publicKey
  return {
    status,
    code: typeof fields['code'] === 'string' ? fields['code'] : undefined,
    msg: typeof fields['msg'] === 'string' ? fields['msg'] : undefined,
    data: typeof data === 'string' ? (JSON.parse(data) as Record<string, unknown>) : undefined,
    fields,
    verified: typeof sign === 'string' && key !== undefined && verifyFields(fields, sign, key),
    body: text
  }
}

/** The data of a "0" reply that verified, or a failed expectation with the whole reply. */
export function ok(reply: Reply): Record<string, unknown> {
  if (reply.code !== '0' || !reply.verified || reply.data === undefined) {
    throw new Error(`expected a verified "0" reply, got ${reply.status} ${reply.body}`)
  }
  return reply.data
}

export interface Received {
  readonly at: number
  readonly path: string
  readonly headers: IncomingMessage['headers']
  readonly body: string
}

export type Responder = (
  request: Received,
  index: number
) => { status: number; body: string } | 'hang'

/** A merchant's notification endpoint on loopback (§7), answering as told. */
export interface Receiver {
  readonly url: string
  readonly received: Received[]
  respond: Responder
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>
  close(): Promise<void>
}

export async function startReceiver(
  respond: Responder = () => ({ status: 200, body: 'success' })
): Promise<Receiver> {
  const received: Received[] = []
  const waiters: { count: number; resolve: () => void }[] = []
  const hanging: ServerResponse[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const item: Received = {
        at: performance.now(),
        path: request.url ?? '/',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8')
      }
      received.push(item)
      const answer = receiver.respond(item, received.length - 1)
      if (answer === 'hang') {
        hanging.push(response)
      } else {
        response.statusCode = answer.status
        response.setHeader('Content-Type', 'text/plain')
        response.end(answer.body)
      }
      for (const waiter of waiters.splice(0)) {
        if (received.length >= waiter.count) waiter.resolve()
        else waiters.push(waiter)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/paycloud/notify`,
    received,
    respond,
    waitFor: (count, timeoutMs = 10_000) =>
      new Promise<Received[]>((resolve, reject) => {
        if (received.length >= count) return resolve(received)
        const timer = setTimeout(
          () => reject(new Error(`${received.length} of ${count} notifications arrived`)),
          timeoutMs
        )
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer)
            resolve(received)
          }
        })
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy()
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
  return receiver
}
