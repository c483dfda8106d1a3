import { RawJson } from '../main/gateway/json'
import type { RawValue } from '../main/gateway/json'
import type { GatewayMethod } from '../main/gateway/types'
import { exponentOf, fromMajor, isCurrencyCode, maxMinorAmount } from '../shared/money'
import type { CurrencyCode } from '../shared/money'
import { sandboxErrors, type SandboxErrorCode } from './codes'

/** A refusal raised while checking or running a request; it becomes a signed non-"0" reply. */
export class Refusal extends Error {
  constructor(
    readonly code: SandboxErrorCode,
    message?: string
  ) {
    super(message ?? sandboxErrors[code].msg)
  }
}

/**
 * The format of one business field. Lengths and patterns PayCloud does not publish (API.md
 * unknowns 6) are ours and generous; the one published limit is `merchant_order_no` (≤ 32
 * alphanumerics, §5.1).
 */
export type FieldKind =
  /** 1–32 letters and digits (§5.1). */
  | 'orderNo'
  /** The gateway's own numbers; any text up to 64. */
  | 'transNo'
  /** Free text (description, attach): at most `maxLength` characters. */
  | 'text'
  /** A `pay_method_id` key (§8.1); the wallet table decides which are known. */
  | 'payMethod'
  /** ISO 4217 alpha-3 the till supports (§9). */
  | 'currency'
  /** A positive major-unit decimal with at most the currency's decimals (§9), against `price_currency`. */
  | 'amount'
  /** Whole seconds, 1 to 86400 (§9: integer seconds). */
  | 'seconds'
  /** An absolute http(s) URL (§7). */
  | 'url'
  /** A scanned wallet code: 10 to 32 digits (every known format in §8.2 is digits). */
  | 'authCode'

export interface FieldRule {
  readonly kind: FieldKind
  readonly required: boolean
  readonly maxLength?: number
}

export interface MethodRule {
  readonly fields: Readonly<Record<string, FieldRule>>
  /** At least one of these must be present (§5.5, §5.6: either number identifies the order). */
  readonly oneOf?: readonly [string, string]
}

const req = (kind: FieldKind, maxLength?: number): FieldRule => ({
  kind,
  required: true,
  ...(maxLength === undefined ? {} : { maxLength })
})
const opt = (kind: FieldKind, maxLength?: number): FieldRule => ({
  kind,
  required: false,
  ...(maxLength === undefined ? {} : { maxLength })
})

/**
 * The common envelope (§2), checked in this order for every method: who is calling, is it really
 * them (§4.2), is it fresh (±15 min), is it their merchant and store.
 */
export const envelopeRules = {
  required: ['app_id', 'method', 'format', 'charset', 'sign_type', 'version', 'sign'],
  fixed: { sign_type: 'RSA2', format: 'JSON', charset: 'UTF-8', version: '1.0' },
  timestampSkewMs: 15 * 60 * 1000,
  /** `merchant_no` must be this app's; `store_no`, when sent, this app's store. */
  merchant: 'merchant_no',
  store: 'store_no'
} as const

/** Business fields per method (§5.1–§5.6): one table, checked in its order. */
export const methodRules: Readonly<Record<GatewayMethod, MethodRule>> = {
  'cscanb.pay.getqrcode': {
    fields: {
      merchant_order_no: req('orderNo'),
      pay_method_id: req('payMethod'),
      price_currency: req('currency'),
      order_amount: req('amount'),
      expires: opt('seconds'),
      description: opt('text', 256),
      attach: opt('text', 512),
      notify_url: opt('url'),
      terminal_sn: opt('text', 64),
      term_ip: opt('text', 64)
    }
  },
  'bscanc.pay.submit': {
    fields: {
      merchant_order_no: req('orderNo'),
      auth_code: req('authCode'),
      pay_method_id: req('payMethod'),
      price_currency: req('currency'),
      order_amount: req('amount'),
      expires: opt('seconds'),
      description: opt('text', 256),
      attach: opt('text', 512),
      notify_url: opt('url'),
      terminal_sn: opt('text', 64),
      term_ip: opt('text', 64)
    }
  },
  'order.revoker': {
    // §5.3 names merchant_order_no; whether trans_no is accepted is unknown (unknowns 7): we do.
    fields: { merchant_order_no: opt('orderNo'), trans_no: opt('transNo') },
    oneOf: ['merchant_order_no', 'trans_no']
  },
  'order.refund.submit': {
    fields: {
      merchant_order_no: req('orderNo'),
      orig_merchant_order_no: opt('orderNo'),
      orig_trans_no: opt('transNo'),
      price_currency: req('currency'),
      order_amount: req('amount'),
      description: opt('text', 256),
      notify_url: opt('url')
    },
    oneOf: ['orig_merchant_order_no', 'orig_trans_no']
  },
  'order.query': {
    fields: { merchant_order_no: opt('orderNo'), trans_no: opt('transNo') },
    oneOf: ['merchant_order_no', 'trans_no']
  },
  'order.refund.query': {
    fields: { merchant_order_no: opt('orderNo'), trans_no: opt('transNo') },
    oneOf: ['merchant_order_no', 'trans_no']
  }
}

export function isGatewayMethod(method: string): method is GatewayMethod {
  return Object.hasOwn(methodRules, method)
}

/** The request's fields with typed, refusing accessors; values are as transmitted. */
export class Params {
  constructor(readonly fields: Readonly<Record<string, RawValue>>) {}

  /** A string field; "" and null count as absent (§4.2 step 2). */
  text(key: string): string | undefined {
    const value = this.fields[key]
    if (value === undefined || value === '') return undefined
    if (value instanceof RawJson) {
      if (value.text === 'null') return undefined
      throw new Refusal('PARAM_INVALID', `${key} must be a string`)
    }
    return value
  }

  required(key: string): string {
    const value = this.text(key)
    if (value === undefined) throw new Refusal('PARAM_INVALID', `${key} is required`)
    return value
  }

  /** A number field: a JSON number literal, or the numeric text a form body carries. */
  number(key: string): string | undefined {
    const value = this.fields[key]
    if (value === undefined || value === '') return undefined
    const text = value instanceof RawJson ? value.text : value
    if (text === 'null') return undefined
    if (!/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)) {
      throw new Refusal('PARAM_INVALID', `${key} must be a number`)
    }
    return text
  }

  strings(): [string, string][] {
    return Object.entries(this.fields).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string'
    )
  }
}

/** A method's business fields after the table's checks: text as sent, amounts in minor units. */
export class Values {
  constructor(
    private readonly texts: ReadonlyMap<string, string>,
    private readonly numbers: ReadonlyMap<string, number>
  ) {}

  text(key: string): string | null {
    return this.texts.get(key) ?? null
  }

  /** A field the table marks required: present once `validate` returned. */
  must(key: string): string {
    const value = this.texts.get(key)
    if (value === undefined) throw new Refusal('PARAM_INVALID', `${key} is required`)
    return value
  }

  number(key: string): number | null {
    return this.numbers.get(key) ?? null
  }

  currency(): CurrencyCode {
    const currency = this.must('price_currency')
    if (!isCurrencyCode(currency)) throw new Refusal('PARAM_INVALID', 'price_currency')
    return currency
  }
}

/** Checks `params` against the method's row of `methodRules`. */
export function validate(method: GatewayMethod, params: Params): Values {
  const rule = methodRules[method]
  const texts = new Map<string, string>()
  const numbers = new Map<string, number>()
  for (const [key, field] of Object.entries(rule.fields)) {
    if (field.kind === 'amount' || field.kind === 'seconds') {
      const literal = params.number(key)
      if (literal === undefined) {
        if (field.required) throw new Refusal('PARAM_INVALID', `${key} is required`)
        continue
      }
      numbers.set(
        key,
        field.kind === 'amount' ? amount(key, literal, texts) : seconds(key, literal)
      )
      continue
    }
    const value = params.text(key)
    if (value === undefined) {
      if (field.required) throw new Refusal('PARAM_INVALID', `${key} is required`)
      continue
    }
    checkFormat(key, value, field)
    texts.set(key, value)
  }
  if (rule.oneOf !== undefined) {
    const [first, second] = rule.oneOf
    if (!texts.has(first) && !texts.has(second)) {
      throw new Refusal('PARAM_INVALID', `${first} or ${second} is required`)
    }
  }
  return new Values(texts, numbers)
}

function checkFormat(key: string, value: string, field: FieldRule): void {
  switch (field.kind) {
    case 'orderNo':
      if (!/^[A-Za-z0-9]{1,32}$/.test(value)) {
        throw new Refusal('PARAM_INVALID', `${key} must be 1 to 32 letters and digits`)
      }
      return
    case 'transNo':
      if (value.length > 64) throw new Refusal('PARAM_INVALID', `${key} is too long`)
      return
    case 'authCode':
      if (!/^\d{10,32}$/.test(value)) {
        throw new Refusal('PARAM_INVALID', `${key} must be 10 to 32 digits`)
      }
      return
    case 'payMethod':
      if (!/^[A-Za-z0-9+_-]{1,32}$/.test(value)) {
        throw new Refusal('PARAM_INVALID', `${key} is not a pay_method_id`)
      }
      return
    case 'currency':
      if (!isCurrencyCode(value)) {
        throw new Refusal('PARAM_INVALID', `${key} ${value} is not supported`)
      }
      return
    case 'url':
      if (!isHttpUrl(value)) {
        throw new Refusal('PARAM_INVALID', `${key} must be an absolute http(s) URL`)
      }
      return
    case 'text':
      if (field.maxLength !== undefined && [...value].length > field.maxLength) {
        throw new Refusal('PARAM_INVALID', `${key} is longer than ${field.maxLength} characters`)
      }
      return
    case 'amount':
    case 'seconds':
      return
  }
}

function amount(key: string, literal: string, texts: ReadonlyMap<string, string>): number {
  const currency = texts.get('price_currency')
  if (currency === undefined || !isCurrencyCode(currency)) {
    throw new Refusal('PARAM_INVALID', 'price_currency is required')
  }
  const minor = /^\d+(?:\.\d+)?$/.test(literal) ? fromMajor(literal, currency) : null
  if (minor === null || minor <= 0 || minor > maxMinorAmount) {
    throw new Refusal(
      'PARAM_INVALID',
      `${key} must be a positive ${currency} amount in major units ` +
        `with at most ${exponentOf(currency)} decimals`
    )
  }
  return minor
}

function seconds(key: string, literal: string): number {
  const value = Number(literal)
  if (!/^\d+$/.test(literal) || value < 1 || value > 86_400) {
    throw new Refusal('PARAM_INVALID', `${key} must be a whole number of seconds, 1 to 86400`)
  }
  return value
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}
