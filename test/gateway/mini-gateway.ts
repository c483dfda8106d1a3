import { createServer } from 'node:http'
import {
  RawJson,
  scanTopLevel,
  signFields,
  verifyFields,
  writeJsonObject
} from '../../src/main/gateway'
import type { Fields, RawValue } from '../../src/main/gateway'
import { fromMajor, isCurrencyCode } from '../../src/shared/money'
import { closeServer, listen } from './helpers'

/**
 * A small signed PayCloud for the methods the sandbox does not answer yet (getqrcode, revoker,
 * refund submit and query): real HTTP, JSON or form bodies, request signatures checked with the
 * app public key, §3 envelopes signed with a test gateway key. Just enough state to answer the
 * way API.md §5 describes; the faithful simulator is src/sandbox.
 */
export interface MiniGatewayKeys {
  readonly appId: string
  readonly merchantNo: string
  readonly storeNo: string
  readonly appPublicKeyPem: string
  readonly gatewayPrivateKeyPem: string
}

export interface MiniRequest {
  readonly path: string
  readonly contentType: string
  readonly fields: Readonly<Record<string, RawValue>>
}

interface MiniOrder {
  merchantOrderNo: string
  transNo: string
  status: number
  currency: string
  amount: RawValue
  minor: number
  payMethodId: string
  description: string
  attach: string | null
  refundedMinor: number
}

interface MiniRefund {
  merchantOrderNo: string
  transNo: string
  origTransNo: string
  currency: string
  amount: RawValue
}

export interface MiniGateway {
  readonly url: string
  readonly requests: MiniRequest[]
  readonly orders: Map<string, MiniOrder>
  readonly refunds: Map<string, MiniRefund>
  close(): Promise<void>
}

export interface MiniGatewayOptions {
  /** A signed refusal for a request, before the gateway looks at it (e.g. "System error"). */
  readonly refuse?: (
    fields: Readonly<Record<string, RawValue>>
  ) => { code: string; msg: string } | null
}

export async function miniGateway(
  keys: MiniGatewayKeys,
  options: MiniGatewayOptions = {}
): Promise<MiniGateway> {
  const requests: MiniRequest[] = []
  const orders = new Map<string, MiniOrder>()
  const refunds = new Map<string, MiniRefund>()
  let seq = 0
  const next = (prefix: string): string => `${prefix}${String(++seq).padStart(8, '0')}`

  const envelope = (code: string, msg: string, data?: Fields): string => {
    const fields: Fields = {
      code,
      msg,
      psn: next('MINI-PSN-'),
      ...(data === undefined ? {} : { data: writeJsonObject(data) })
    }
    return writeJsonObject({ ...fields, sign: signFields(fields, keys.gatewayPrivateKeyPem) })
  }
  const refusal = (code: string, msg: string): string => envelope(code, msg)

  function text(fields: Readonly<Record<string, RawValue>>, key: string): string | null {
    const value = fields[key]
    if (value === undefined) return null
    return typeof value === 'string' ? value : value.text
  }

  function orderOf(fields: Readonly<Record<string, RawValue>>): MiniOrder | undefined {
    const byNo = text(fields, 'merchant_order_no')
    const byTrans = text(fields, 'trans_no')
    if (byNo !== null) return orders.get(byNo)
    return [...orders.values()].find((order) => order.transNo === byTrans)
  }

  function orderData(order: MiniOrder): Fields {
    return {
      trans_no: order.transNo,
      trans_type: 1,
      trans_status: order.status,
      merchant_order_no: order.merchantOrderNo,
      price_currency: order.currency,
      order_amount: order.amount,
      pay_method_id: order.payMethodId,
      attach: order.attach,
      trans_end_time: order.status === 2 ? '2026-01-15 03:00:00' : null
    }
  }

  function handle(fields: Readonly<Record<string, RawValue>>): string {
    const sign = fields['sign']
    if (typeof sign !== 'string' || !verifyFields(fields, sign, keys.appPublicKeyPem)) {
      return refusal('SIGN_INVALID', 'The signature does not verify with the app public key')
    }
    if (text(fields, 'app_id') !== keys.appId) return refusal('APP_ID_INVALID', 'Unknown app_id')
    if (
      text(fields, 'merchant_no') !== keys.merchantNo ||
      text(fields, 'store_no') !== keys.storeNo
    ) {
      return refusal('MERCHANT_INVALID', 'merchant_no or store_no does not belong to this app')
    }
    const refused = options.refuse?.(fields) ?? null
    if (refused !== null) return refusal(refused.code, refused.msg)

    const method = text(fields, 'method')
    const currency = text(fields, 'price_currency') ?? ''
    const amount = fields['order_amount']
    const minor =
      amount !== undefined && isCurrencyCode(currency)
        ? fromMajor(typeof amount === 'string' ? amount : amount.text, currency)
        : null
    switch (method) {
      case 'cscanb.pay.getqrcode':
      case 'bscanc.pay.submit': {
        const no = text(fields, 'merchant_order_no') ?? ''
        if (orders.has(no))
          return refusal('ORDER_DUPLICATE', 'merchant_order_no has already been used')
        if (minor === null || amount === undefined) return refusal('PARAM_INVALID', 'order_amount')
        const order: MiniOrder = {
          merchantOrderNo: no,
          transNo: next('T'),
          status: method === 'bscanc.pay.submit' ? 2 : 9,
          currency,
          amount,
          minor,
          payMethodId: text(fields, 'pay_method_id') ?? '',
          description: text(fields, 'description') ?? '',
          attach: text(fields, 'attach'),
          refundedMinor: 0
        }
        orders.set(no, order)
        return method === 'bscanc.pay.submit'
          ? envelope('0', 'Success', { trans_no: order.transNo, trans_status: 2 })
          : envelope('0', 'Success', {
              trans_no: order.transNo,
              qrcode_url: `https://qr.example.test/pay/${order.transNo}`,
              trans_amount: amount
            })
      }
      case 'order.revoker': {
        const order = orderOf(fields)
        if (order === undefined) return refusal('ORDER_NOT_FOUND', 'No such order')
        order.status = order.status === 2 ? 3 : 1
        return envelope('0', 'Success')
      }
      case 'order.refund.submit': {
        const origNo = text(fields, 'orig_merchant_order_no')
        const origTrans = text(fields, 'orig_trans_no')
        const orig =
          origNo !== null
            ? orders.get(origNo)
            : [...orders.values()].find((order) => order.transNo === origTrans)
        if (orig === undefined) return refusal('ORDER_NOT_FOUND', 'No such order')
        const no = text(fields, 'merchant_order_no') ?? ''
        if (refunds.has(no) || orders.has(no)) {
          return refusal('ORDER_DUPLICATE', 'merchant_order_no has already been used')
        }
        if (orig.status !== 2) return refusal('ORDER_NOT_PAID', 'The order is not paid')
        if (minor === null || amount === undefined || currency !== orig.currency) {
          return refusal('PARAM_INVALID', 'order_amount or price_currency')
        }
        if (orig.refundedMinor + minor > orig.minor) {
          return refusal('REFUND_EXCEEDS_PAID', 'The refunds would exceed the paid amount')
        }
        orig.refundedMinor += minor
        const refund = {
          merchantOrderNo: no,
          transNo: next('R'),
          origTransNo: orig.transNo,
          currency,
          amount
        }
        refunds.set(no, refund)
        return envelope('0', 'Success', { trans_no: refund.transNo, trans_amount: amount })
      }
      case 'order.refund.query': {
        const byNo = text(fields, 'merchant_order_no')
        const byTrans = text(fields, 'trans_no')
        const refund =
          byNo !== null
            ? refunds.get(byNo)
            : [...refunds.values()].find((candidate) => candidate.transNo === byTrans)
        if (refund === undefined) return refusal('ORDER_NOT_FOUND', 'No such refund')
        return envelope('0', 'Success', {
          trans_no: refund.transNo,
          orig_trans_no: refund.origTransNo,
          trans_status: 2,
          merchant_order_no: refund.merchantOrderNo,
          price_currency: refund.currency,
          order_amount: refund.amount,
          trans_end_time: '2026-01-15 03:00:05'
        })
      }
      case 'order.query': {
        const order = orderOf(fields)
        if (order === undefined) return refusal('ORDER_NOT_FOUND', 'No such order')
        return envelope('0', 'Success', orderData(order))
      }
      default:
        return refusal('METHOD_UNSUPPORTED', 'Unknown method')
    }
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const contentType = request.headers['content-type'] ?? ''
      let fields: Readonly<Record<string, RawValue>>
      if (contentType.startsWith('application/x-www-form-urlencoded')) {
        fields = Object.fromEntries(new URLSearchParams(body))
      } else {
        const scanned = scanTopLevel(body)
        fields = scanned.ok ? scanned.fields : {}
      }
      requests.push({ path: request.url ?? '', contentType, fields })
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end(handle(fields))
    })
  })
  const url = await listen(server)
  return { url, requests, orders, refunds, close: () => closeServer(server) }
}

/** The literal text of a value as transmitted, for assertions. */
export function literal(value: RawValue | undefined): string | undefined {
  return value instanceof RawJson ? value.text : value
}
