import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { fromMajor, toMajorString, type CurrencyCode } from '../../../shared/money'
import { setLogSink } from '../../log'
import { createGatewayClient } from '../client'
import { fieldText, RawJson, scanTopLevel } from '../json'
import type { Fields, RawValue } from '../json'
import { outcomeUnknown } from '../rules'
import { buildSignString, signFields, verifyFields } from '../sign'
import type {
  Gateway,
  GatewayError,
  GatewayMethod,
  OrderQueryReply,
  OrderRef,
  RefundQueryReply,
  TransStatus
} from '../types'
import {
  currencyFlag,
  resolveGateway,
  resolvePrivateKey,
  resolvePublicKey,
  UsageError,
  type ConfigContext,
  type GatewayFlags,
  type ResolvedGateway
} from './config'

/**
 * `npm run paycloud -- <command>`: the PayCloud command-line tool for integrators and support
 * (issue 3 item 4). Everything goes through the same client, signing and settings as the till.
 * Tests call `main` with their own streams and read the exit code.
 */

/** The exit codes, documented in docs/paycloud-cli.md. */
export const exitCodes = {
  ok: 0,
  /** The gateway refused, or the transaction it reports failed (status 1 or 3). */
  failed: 1,
  usage: 2,
  /** No trustworthy answer: for cancel and refund, money may or may not have moved. */
  unknown: 3,
  signature: 4
} as const

export interface CliIo {
  readonly stdout: { write(text: string): unknown }
  readonly stderr: { write(text: string): unknown }
  /** Read only to confirm cancel and refund, and only when it is a terminal. */
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean }
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
  /** Epoch ms, for request timestamps and generated refund numbers. */
  readonly now?: () => number
}

type OptionSpec = { readonly type: 'string' | 'boolean'; readonly short?: string }

const commonOptions = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  verbose: { type: 'boolean' }
} as const satisfies Record<string, OptionSpec>

const gatewayOptions = {
  'data-dir': { type: 'string' },
  'base-url': { type: 'string' },
  'app-id': { type: 'string' },
  'merchant-no': { type: 'string' },
  'store-no': { type: 'string' },
  'private-key': { type: 'string' },
  'gateway-public-key': { type: 'string' },
  'path-suffixes': { type: 'string' },
  'body-encoding': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'connect-timeout-ms': { type: 'string' },
  'read-timeout-ms': { type: 'string' }
} as const satisfies Record<string, OptionSpec>

type Values = Readonly<Record<string, string | boolean | undefined>>

interface Context {
  readonly io: CliIo
  readonly args: readonly string[]
  readonly values: Values
  readonly out: Output
  readonly config: ConfigContext
  readonly now: () => number
}

interface Command {
  readonly name: string
  readonly synopsis: string
  readonly summary: string
  readonly details: string
  readonly options: Readonly<Record<string, OptionSpec>>
  readonly positionals: readonly [min: number, max: number]
  run(context: Context): Promise<number>
}

const gatewayHelp = `Gateway configuration (default: the till's data folder):
  --data-dir DIR             the till's data folder (else QR_TILL_DATA_DIR, else the per-user one)
  --base-url URL             e.g. https://open.n-age.co.jp
  --app-id ID  --merchant-no NO  --store-no NO
  --private-key FILE         the app private key, PEM (PKCS#8 or PKCS#1)
  --gateway-public-key FILE  the gateway public key, PEM (SPKI or PKCS#1)
  --path-suffixes doc|bare|JSON   per-method paths after /api/entry (API.md §1.2)
  --body-encoding json|form
  --timeout-ms N  --connect-timeout-ms N  --read-timeout-ms N`

const commands: readonly Command[] = [
  {
    name: 'sign',
    synopsis: 'sign <params.json> [--private-key FILE]',
    summary: 'print the string to sign and the signature for a JSON file of parameters',
    details:
      'Signs every top-level field of the file but `sign` (API.md §4.2), numbers exactly as\n' +
      'written in the file. An auth_code is shown as its last four digits; the signature covers\n' +
      'the whole code.',
    options: { 'private-key': { type: 'string' }, 'data-dir': { type: 'string' } },
    positionals: [1, 1],
    run: runSign
  },
  {
    name: 'verify',
    synopsis: 'verify <reply-or-notification.json> [--gateway-public-key FILE]',
    summary: 'check the signature of a gateway reply or notification, as saved',
    details:
      'Verifies the raw text of the file (JSON, or a form body) with the gateway public key,\n' +
      'over every top-level field but `sign` (API.md §4.4, §4.5). Exit 0 when it verifies, 4 when not.',
    options: { 'gateway-public-key': { type: 'string' }, 'data-dir': { type: 'string' } },
    positionals: [1, 1],
    run: runVerify
  },
  {
    name: 'query-order',
    synopsis: 'query-order <merchant_order_no> | --trans-no TRANS_NO',
    summary: "ask the gateway for a payment's state (order.query)",
    details: 'Exit 0 for a paid, open or processing order; 1 when it is closed or cancelled.',
    options: { ...gatewayOptions, 'trans-no': { type: 'string' } },
    positionals: [0, 1],
    run: runQueryOrder
  },
  {
    name: 'query-refund',
    synopsis: 'query-refund <refund merchant_order_no> | --trans-no TRANS_NO',
    summary: "ask the gateway for a refund's state (order.refund.query)",
    details: "Takes the refund's own number, not the payment's. Exit 1 when the refund failed.",
    options: { ...gatewayOptions, 'trans-no': { type: 'string' } },
    positionals: [0, 1],
    run: runQueryRefund
  },
  {
    name: 'cancel',
    synopsis: 'cancel <merchant_order_no> [--yes]',
    summary: 'cancel a payment (order.revoker), then show its state',
    details:
      'Closes an unpaid order; a paid one is reversed only where the wallet allows it (API.md\n' +
      '§5.3; Japanese wallets need a refund). Asks for confirmation on a terminal; without one,\n' +
      'refuses unless --yes.',
    options: { ...gatewayOptions, yes: { type: 'boolean', short: 'y' } },
    positionals: [1, 1],
    run: runCancel
  },
  {
    name: 'refund',
    synopsis:
      'refund <orig_merchant_order_no> <amount> [--currency JPY] [--reason TEXT] [--refund-no NO] [--yes]',
    summary: 'refund a payment, whole or in part (order.refund.submit), then show its state',
    details:
      'The amount is in major units of the currency (1200 = ¥1,200; 12.30 = $12.30). Without\n' +
      '--refund-no a new refund number is made; to retry a refund whose outcome is unknown, pass\n' +
      'the same number again (API.md §6.4). --orig-trans-no names the payment by its trans_no\n' +
      'instead. Asks for confirmation on a terminal; without one, refuses unless --yes.',
    options: {
      ...gatewayOptions,
      yes: { type: 'boolean', short: 'y' },
      currency: { type: 'string' },
      reason: { type: 'string' },
      'refund-no': { type: 'string' },
      'orig-trans-no': { type: 'string' }
    },
    positionals: [1, 2],
    run: runRefund
  }
]

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const out = new Output(io)
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined
    if (topic !== undefined) {
      io.stdout.write(commandHelp(topic))
      return exitCodes.ok
    }
    ;(name === undefined ? io.stderr : io.stdout).write(generalHelp())
    return name === undefined ? exitCodes.usage : exitCodes.ok
  }
  // Until the command line parses, --json is known only from the raw words (before a `--`).
  const end = rest.indexOf('--')
  const rawValues: Values = { json: (end < 0 ? rest : rest.slice(0, end)).includes('--json') }
  const command = commands.find((c) => c.name === name)
  if (command === undefined) {
    return out.usage(`unknown command ${name}. Try: npm run paycloud -- --help`, rawValues)
  }

  let values: Values
  let args: string[]
  try {
    const parsed = parseArgs({
      args: [...rest],
      options: { ...commonOptions, ...command.options },
      allowPositionals: true,
      strict: true
    })
    values = parsed.values
    args = parsed.positionals
  } catch (error) {
    return out.usage(`${(error as Error).message}\nUsage: paycloud ${command.synopsis}`, rawValues)
  }
  if (values['help'] === true) {
    io.stdout.write(commandHelp(command))
    return exitCodes.ok
  }
  const [min, max] = command.positionals
  if (args.length < min || args.length > max) {
    return out.usage(`Usage: paycloud ${command.synopsis}`, values)
  }

  // The client logs every call; on the command line that is noise unless asked for.
  setLogSink(
    (record) =>
      io.stderr.write(
        `[${record.tag}] ${record.message}` +
          `${record.fields === undefined ? '' : ` ${JSON.stringify(record.fields)}`}\n`
      ),
    values['verbose'] === true ? 'debug' : 'error'
  )
  try {
    return await command.run({
      io,
      args,
      values,
      out,
      config: { env: io.env, cwd: io.cwd },
      now: io.now ?? Date.now
    })
  } catch (error) {
    if (error instanceof UsageError || error instanceof RangeError) {
      return out.usage(error.message, values)
    }
    throw error
  }
}

async function runSign(context: Context): Promise<number> {
  const { out, values } = context
  const fields = readFieldsFile(context, context.args[0] ?? '')
  const { key, source } = resolvePrivateKey(flags(values), context.config)
  const signature = signFields(fields, key)
  const shown = buildSignString(masked(fields))
  out.result(values, {
    json: { stringToSign: shown, sign: signature, signedFields: signedKeys(fields), key: source },
    text: [
      ['Signed fields', signedKeys(fields).join(', ')],
      ['Key', source],
      ['String to sign', ''],
      [null, shown],
      ['sign', ''],
      [null, signature]
    ]
  })
  if (Object.hasOwn(fields, 'sign')) out.note('The file has a sign field; it is not signed itself.')
  return exitCodes.ok
}

async function runVerify(context: Context): Promise<number> {
  const { out, values } = context
  const fields = readFieldsFile(context, context.args[0] ?? '')
  const { key, source } = resolvePublicKey(flags(values), context.config)
  const sign = fields['sign']
  const signature = typeof sign === 'string' ? sign : ''
  const ok = signature !== '' && verifyFields(fields, signature, key)
  const left = Object.keys(fields).filter((k) => k !== 'sign' && !signedKeys(fields).includes(k))
  const verdict = ok ? 'OK' : signature === '' ? 'FAILED (the file has no sign field)' : 'FAILED'
  out.result(values, {
    json: {
      ok,
      verified: ok,
      signedFields: signedKeys(fields),
      emptyFieldsLeftOut: left,
      stringToSign: buildSignString(masked(fields)),
      key: source
    },
    text: [
      ['Signed fields', signedKeys(fields).join(', ')],
      ...(left.length === 0 ? [] : [['Left out (empty)', left.join(', ')] as const]),
      ['Key', source],
      ['String to sign', ''],
      [null, buildSignString(masked(fields))],
      ['Signature', verdict]
    ]
  })
  return ok ? exitCodes.ok : exitCodes.signature
}

async function runQueryOrder(context: Context): Promise<number> {
  const ref = orderRef(context, 'query-order')
  const { gateway } = connect(context)
  const result = await gateway.queryOrder(ref)
  if (!result.ok) return context.out.failure(context.values, 'order.query', result.error)
  context.out.result(context.values, {
    json: { psn: result.psn, order: result.value },
    text: orderRows(result.value, result.psn)
  })
  return failedStatus(result.value.transStatus) ? exitCodes.failed : exitCodes.ok
}

async function runQueryRefund(context: Context): Promise<number> {
  const ref = orderRef(context, 'query-refund')
  const { gateway } = connect(context)
  const result = await gateway.queryRefund(ref)
  if (!result.ok) return context.out.failure(context.values, 'order.refund.query', result.error)
  context.out.result(context.values, {
    json: { psn: result.psn, refund: result.value },
    text: refundRows(result.value, result.psn)
  })
  return result.value.transStatus === 1 ? exitCodes.failed : exitCodes.ok
}

async function runCancel(context: Context): Promise<number> {
  const { out, values } = context
  const merchantOrderNo = context.args[0] ?? ''
  const { gateway, resolved } = connect(context)
  const go = await confirm(
    context,
    `Cancel order ${merchantOrderNo} at ${resolved.config.baseUrl}? If it was paid, wallets ` +
      'that allow it return the money.'
  )
  if (!go) return out.usage('Not confirmed; nothing was sent.', values)

  const result = await gateway.cancelOrder({ merchantOrderNo })
  if (!result.ok) {
    return out.failure(values, 'order.revoker', result.error, [
      `Check with: npm run paycloud -- query-order ${merchantOrderNo}`,
      'A cancel may be sent again (API.md §5.3).'
    ])
  }
  // §5.3: the cancel reply carries no outcome; the order's state says what happened.
  const after = await gateway.queryOrder({ merchantOrderNo })
  out.result(values, {
    json: {
      psn: result.psn,
      cancel: result.value,
      order: after.ok ? after.value : null,
      queryError: after.ok ? null : after.error
    },
    text: [
      ['Cancel', 'accepted by the gateway'],
      ['PSN', result.psn ?? '-'],
      ...(after.ok ? orderRows(after.value, after.psn) : queryFailedRows(after.error))
    ]
  })
  if (after.ok && after.value.transStatus === 2) {
    out.note(
      'The order is still paid: this wallet may not reverse a paid order (API.md §5.3). ' +
        'Refund it instead, or query again in a moment.'
    )
  }
  return exitCodes.ok
}

async function runRefund(context: Context): Promise<number> {
  const { out, values, args } = context
  const origTransNo = stringValue(values, 'orig-trans-no')
  const [first, second] = args
  const origMerchantOrderNo = origTransNo === undefined ? first : undefined
  const amountText = origTransNo === undefined ? second : first
  if (amountText === undefined || (origTransNo === undefined) === (args.length === 1)) {
    return out.usage(
      'Usage: paycloud refund <orig_merchant_order_no> <amount>, or --orig-trans-no NO <amount>',
      values
    )
  }
  const { gateway, resolved } = connect(context)
  const currency: CurrencyCode = currencyFlag(stringValue(values, 'currency')) ?? resolved.currency
  const minor = fromMajor(amountText, currency)
  if (minor === null || minor <= 0) {
    throw new UsageError(
      `${amountText} is not a positive amount in ${currency} (major units: 1200 for ¥1,200, ` +
        '12.30 for $12.30).'
    )
  }
  const amount = { minor, currency }
  const refundNo = stringValue(values, 'refund-no') ?? newRefundNo(context.now())
  const reason = stringValue(values, 'reason')
  const payment =
    origTransNo === undefined ? `order ${origMerchantOrderNo}` : `trans ${origTransNo}`
  const go = await confirm(
    context,
    `Refund ${toMajorString(amount)} ${currency} of ${payment} as refund ${refundNo} at ` +
      `${resolved.config.baseUrl}?`
  )
  if (!go) return out.usage('Not confirmed; nothing was sent.', values)

  const result = await gateway.submitRefund({
    ...(origTransNo === undefined
      ? { origMerchantOrderNo: origMerchantOrderNo ?? '' }
      : { origTransNo }),
    merchantOrderNo: refundNo,
    amount,
    ...(reason === undefined ? {} : { reason })
  })
  if (!result.ok) {
    return out.failure(
      values,
      'order.refund.submit',
      result.error,
      [
        `Check with: npm run paycloud -- query-refund ${refundNo}`,
        `To retry, send the same refund number: --refund-no ${refundNo} (never a new one).`
      ],
      { refundNo }
    )
  }
  // §5.4: the refund may be asynchronous; its state comes from order.refund.query (§5.6).
  const after = await gateway.queryRefund({ merchantOrderNo: refundNo })
  out.result(values, {
    json: {
      psn: result.psn,
      refundNo,
      refund: result.value,
      state: after.ok ? after.value : null,
      queryError: after.ok ? null : after.error
    },
    text: [
      ['Refund', `accepted: ${toMajorString(amount)} ${currency} of ${payment}`],
      ['Refund no', refundNo],
      ['Trans no', result.value.transNo],
      ['PSN', result.psn ?? '-'],
      ...(after.ok
        ? ([['Status', refundStatus(after.value.transStatus)]] as const)
        : queryFailedRows(after.error))
    ]
  })
  return after.ok && after.value.transStatus === 1 ? exitCodes.failed : exitCodes.ok
}

function connect(context: Context): { gateway: Gateway; resolved: ResolvedGateway } {
  const resolved = resolveGateway(flags(context.values), context.config)
  try {
    return { gateway: createGatewayClient(resolved.config, { now: context.now }), resolved }
  } catch (error) {
    if (error instanceof TypeError) {
      throw new UsageError(`The gateway configuration (${resolved.source}): ${error.message}`)
    }
    throw error
  }
}

function orderRef(context: Context, command: string): OrderRef {
  const transNo = stringValue(context.values, 'trans-no')
  const merchantOrderNo = context.args[0]
  if ((transNo === undefined) === (merchantOrderNo === undefined)) {
    throw new UsageError(`Usage: paycloud ${command} <merchant_order_no> | --trans-no TRANS_NO`)
  }
  return transNo === undefined ? { merchantOrderNo: merchantOrderNo ?? '' } : { transNo }
}

/**
 * Money moves only on a yes: typed at a terminal, or `--yes`. Without a terminal there is nobody
 * to ask, and a script that forgot `--yes` must not move money by default.
 */
async function confirm(context: Context, question: string): Promise<boolean> {
  if (context.values['yes'] === true) return true
  if (context.io.stdin.isTTY !== true) {
    throw new UsageError(
      'This command moves money and stdin is not a terminal to confirm on; pass --yes.'
    )
  }
  context.io.stderr.write(`${question} [y/N] `)
  const answer = await readLine(context.io.stdin)
  return /^\s*y(es)?\s*$/i.test(answer ?? '')
}

function readLine(stream: NodeJS.ReadableStream): Promise<string | null> {
  return new Promise((resolve) => {
    let text = ''
    const onData = (chunk: Buffer | string): void => {
      text += chunk.toString()
      const end = text.indexOf('\n')
      if (end >= 0) done(text.slice(0, end))
    }
    const onEnd = (): void => done(text === '' ? null : text)
    const done = (line: string | null): void => {
      stream.off('data', onData)
      stream.off('end', onEnd)
      stream.pause()
      resolve(line)
    }
    stream.on('data', onData)
    stream.on('end', onEnd)
    stream.resume()
  })
}

/** A JSON (or form) file of top-level fields, numbers kept as written (API.md §4.2 step 3). */
function readFieldsFile(context: Context, file: string): Readonly<Record<string, RawValue>> {
  const path = resolve(context.io.cwd, file)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new UsageError(
      `Cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`
    )
  }
  const trimmed = text.trim()
  if (!trimmed.startsWith('{') && /^[^=&\s]+=/.test(trimmed)) {
    // A form body, as the Java SDKs post it (§1.3): every value is a string.
    return Object.fromEntries(new URLSearchParams(trimmed))
  }
  // A saved file usually ends with a newline; the scanner takes whitespace around the object.
  const scanned = scanTopLevel(text.replace(/^\ufeff/, ''))
  if (!scanned.ok) throw new UsageError(`${path} is not a JSON object: ${scanned.reason}.`)
  return scanned.fields
}

/** The keys that go into the string to sign, in its order (§4.2 steps 1, 2, 4). */
function signedKeys(fields: Fields): string[] {
  return Object.keys(fields)
    .filter((key) => key !== 'sign' && fieldText(fields[key]) !== null)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
}

/**
 * The fields as they may be shown: an auth code cut to its last four characters, whether the file
 * wrote it as a string or as a bare number (`"auth_code": 134567890123456789` is valid JSON, and
 * what a hand-written params file often has).
 */
function masked(fields: Readonly<Record<string, RawValue>>): Fields {
  const code = fields['auth_code']
  const text = code instanceof RawJson ? fieldText(code) : code
  if (text === undefined || text === null || text === '') return fields
  return { ...fields, auth_code: `…${text.slice(-4)}` }
}

function flags(values: Values): GatewayFlags {
  const pick = (name: keyof GatewayFlags): string | undefined => stringValue(values, name)
  return {
    'data-dir': pick('data-dir'),
    'base-url': pick('base-url'),
    'app-id': pick('app-id'),
    'merchant-no': pick('merchant-no'),
    'store-no': pick('store-no'),
    'private-key': pick('private-key'),
    'gateway-public-key': pick('gateway-public-key'),
    'path-suffixes': pick('path-suffixes'),
    'body-encoding': pick('body-encoding'),
    'timeout-ms': pick('timeout-ms'),
    'connect-timeout-ms': pick('connect-timeout-ms'),
    'read-timeout-ms': pick('read-timeout-ms')
  }
}

function stringValue(values: Values, name: string): string | undefined {
  const value = values[name]
  return typeof value === 'string' ? value : undefined
}

/** `RF`, the UTC date and time to the second, 8 random characters: 24 alphanumerics (§5.1). */
function newRefundNo(now: number): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'
  const stamp = new Date(now).toISOString().replace(/[-:T]/g, '').slice(0, 14)
  return `RF${stamp}${Array.from(randomBytes(8), (b) => alphabet[b % alphabet.length]).join('')}`
}

const statusNames: Record<TransStatus, string> = {
  9: 'created, not paid yet',
  0: 'processing (customer confirming)',
  1: 'closed (failed, declined or expired)',
  2: 'completed (paid)',
  3: 'cancelled (reversed)'
}

function failedStatus(status: TransStatus): boolean {
  return status === 1 || status === 3
}

function refundStatus(status: TransStatus): string {
  const names: Partial<Record<TransStatus, string>> = {
    0: 'refunding',
    1: 'failed',
    2: 'refunded'
  }
  return `${status} ${names[status] ?? 'unexpected for a refund'}`
}

type Row = readonly [label: string | null, value: string]

function orderRows(order: OrderQueryReply, psn: string | null): Row[] {
  return [
    ['Merchant order no', order.merchantOrderNo],
    ['Trans no', order.transNo],
    ['Status', `${order.transStatus} ${statusNames[order.transStatus]}`],
    ['Amount', amountOf(order.raw, order.orderAmountMinor)],
    ['Pay method', order.payMethodId ?? '-'],
    ...optionalRows(order.raw, order.errorCode, order.errorMessage),
    ['PSN', psn ?? '-']
  ]
}

function refundRows(refund: RefundQueryReply, psn: string | null): Row[] {
  return [
    ['Refund no', refund.merchantOrderNo],
    ['Trans no', refund.transNo],
    ['Original trans no', refund.origTransNo ?? '-'],
    ['Status', refundStatus(refund.transStatus)],
    ['Amount', amountOf(refund.raw, refund.amountMinor)],
    ...optionalRows(refund.raw, refund.errorCode, refund.errorMessage),
    ['PSN', psn ?? '-']
  ]
}

function optionalRows(
  raw: Readonly<Record<string, unknown>>,
  errorCode: string | null,
  errorMessage: string | null
): Row[] {
  const rows: Row[] = []
  const ended = raw['trans_end_time']
  // §9: trans_end_time is UTC+0.
  if (typeof ended === 'string' && ended !== '') rows.push(['Finished (UTC)', ended])
  if (errorCode !== null || errorMessage !== null) {
    rows.push(['Error', [errorCode, errorMessage].filter((part) => part !== null).join(' ')])
  }
  return rows
}

function amountOf(raw: Readonly<Record<string, unknown>>, minor: number | null): string {
  const currency = raw['price_currency']
  if (typeof currency !== 'string') return '-'
  if (minor !== null) {
    return `${toMajorString({ minor, currency: currency as CurrencyCode })} ${currency}`
  }
  const amount = raw['order_amount'] ?? raw['trans_amount']
  return typeof amount === 'number' || typeof amount === 'string'
    ? `${amount} ${currency}`
    : `- ${currency}`
}

function queryFailedRows(error: GatewayError): Row[] {
  return [['State', `not known yet: the follow-up query failed (${describeError(error)})`]]
}

function describeError(error: GatewayError): string {
  switch (error.kind) {
    case 'rejected':
      return (
        `the gateway refused: ${error.code} ${error.message}` +
        `${error.psn === null ? '' : ` (psn ${error.psn})`}${error.signed ? '' : ', unsigned'}` +
        `${error.meaning === null ? '' : ` [refusalMeanings: ${error.meaning}]`}`
      )
    case 'signature-invalid':
      return `the reply signature is invalid: ${error.message}`
    case 'timeout':
      return `timeout (${error.phase}): ${error.message}`
    case 'network':
      return `network: ${error.message}`
    case 'malformed':
      return `unreadable reply: ${error.message}`
  }
}

/** Exit code for a failed call (docs/paycloud-cli.md "Exit codes"). */
function failureExit(method: GatewayMethod, error: GatewayError): number {
  if (error.kind === 'signature-invalid') return exitCodes.signature
  if (error.kind === 'rejected') {
    // A refusal of a query is an answer; of a money call, only when signed (see outcomeUnknown).
    return outcomeUnknown(method, error) ? exitCodes.unknown : exitCodes.failed
  }
  return exitCodes.unknown
}

class Output {
  constructor(private readonly io: CliIo) {}

  result(values: Values, content: { json: Record<string, unknown>; text: readonly Row[] }): void {
    if (values['json'] === true) {
      this.io.stdout.write(`${JSON.stringify({ ok: true, ...content.json }, null, 2)}\n`)
      return
    }
    this.io.stdout.write(table(content.text))
  }

  failure(
    values: Values,
    method: GatewayMethod,
    error: GatewayError,
    hints: readonly string[] = [],
    extra: Record<string, unknown> = {}
  ): number {
    const code = failureExit(method, error)
    const unknown = outcomeUnknown(method, error)
    if (values['json'] === true) {
      this.io.stdout.write(
        `${JSON.stringify({ ok: false, exitCode: code, outcomeUnknown: unknown, error, ...extra }, null, 2)}\n`
      )
      return code
    }
    const lines = [`paycloud: ${method}: ${describeError(error)}`]
    if (unknown) lines.push('The outcome is unknown: the money may or may not have moved.')
    if (unknown || error.kind === 'rejected') lines.push(...hints)
    this.io.stderr.write(`${lines.join('\n')}\n`)
    return code
  }

  usage(message: string, values: Values): number {
    if (values['json'] === true) {
      this.io.stdout.write(
        `${JSON.stringify({ ok: false, exitCode: exitCodes.usage, error: { kind: 'usage', message } }, null, 2)}\n`
      )
    } else {
      this.io.stderr.write(`paycloud: ${message}\n`)
    }
    return exitCodes.usage
  }

  note(message: string): void {
    this.io.stderr.write(`Note: ${message}\n`)
  }
}

/** Labels padded to one column; a row without a label is an indented block of text. */
function table(rows: readonly Row[]): string {
  const width = Math.max(0, ...rows.map(([label]) => (label === null ? 0 : label.length)))
  return rows
    .map(([label, value]) =>
      label === null ? `  ${value}` : `${label.padEnd(width)}  ${value}`.trimEnd()
    )
    .map((line) => `${line}\n`)
    .join('')
}

function generalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  return (
    'Usage: npm run paycloud -- <command> [options]\n\n' +
    'Commands:\n' +
    commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}\n`).join('') +
    "\nEvery command takes --json (output for machines), --verbose (the client's log records,\n" +
    'redacted) and --help.\n\n' +
    `${gatewayHelp}\n\n` +
    'Exit codes: 0 ok; 1 refused by the gateway, or the transaction failed; 2 usage or\n' +
    'configuration error; 3 outcome unknown (no trustworthy answer); 4 signature invalid.\n'
  )
}

function commandHelp(command: Command): string {
  const gateway = Object.hasOwn(command.options, 'base-url') ? `\n${gatewayHelp}\n` : ''
  return (
    `Usage: npm run paycloud -- ${command.synopsis}\n\n` +
    `${command.summary[0]?.toUpperCase() ?? ''}${command.summary.slice(1)}.\n` +
    `${command.details}\n${gateway}\n` +
    '  --json     print the result as JSON\n' +
    "  --verbose  show the client's log records on stderr (redacted)\n" +
    '  --help     this text\n'
  )
}
