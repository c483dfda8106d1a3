import { isCurrencyCode, isValidMinor, type Money } from '../money'
import { formatMoney } from '../money/format'
/**
 * What a refusal says, as data: a key and its facts, which each screen words in its language
 * (issue 6 §3). A `TillError` carries one where its words matter to the person reading them
 * (settings and key import name the field or the key problem); the error's `message` keeps the
 * English, for the log and for integrators reading the wire.
 */
export type Said =
  /** The arguments did not match the command's schema; `fields` are the paths refused. */
  | { readonly key: 'invalid-fields'; readonly fields: readonly string[] }
  /** The settings file cannot be read or is not valid: the till will not guess defaults. */
  | { readonly key: 'settings-file-broken' }
  /** The settings file could not be written (disk full, read-only…). */
  | { readonly key: 'settings-not-written' }
  /** A switch to PayCloud before both keys are imported. */
  | { readonly key: 'keys-first' }
  /** The currency cannot change while these sales are open. */
  | { readonly key: 'currency-while-open'; readonly saleIds: readonly number[] }
  | { readonly key: 'key-not-private-pem' }
  | { readonly key: 'key-public-is-private' }
  | { readonly key: 'key-private-unreadable' }
  | { readonly key: 'key-public-unreadable' }
  | { readonly key: 'key-not-rsa'; readonly which: KeyRole; readonly type: string | null }
  | {
      readonly key: 'key-too-short'
      readonly which: KeyRole
      readonly bits: number
      readonly minimum: number
    }
  | { readonly key: 'key-same-pair' }
  /** The operating system offers no encryption for secrets (Linux with no keyring). */
  | { readonly key: 'key-store-no-encryption' }
  /** The keys could not be stored for another reason (the folder, the disk). */
  | { readonly key: 'key-not-stored' }
  /** The LAN customer display is switched off in the settings. */
  | { readonly key: 'lan-display-off' }
  /** The sale is above the most the gateway is set to take in one payment: nothing was sent. */
  | { readonly key: 'amount-above-gateway-max'; readonly max: Money }
  /** The gateway is not set up for the sale's currency: nothing was sent. */
  | { readonly key: 'currency-not-enabled'; readonly currency: string }
  /** The answer is larger than a screen takes in one piece (a CSV of too many days). */
  | { readonly key: 'reply-too-large' }
  /**
   * A CPM payment reached the gateway but the journal could not record the answer: the customer
   * may have paid; the till finds out once it can write.
   */
  | { readonly key: 'payment-sent-not-saved' }
  /**
   * A refund is journaled, but the journal could not record its sending or the gateway's answer:
   * it may be on its way; the till sends or confirms it once it can write.
   */
  | { readonly key: 'refund-not-saved' }

export type SaidKey = Said['key']

/** Which of the two gateway keys a key problem is about. */
export type KeyRole = 'app-private' | 'gateway-public'

/** Words for everything a refusal can say, one function per key, given its own facts. */
export type SaidWords = {
  readonly [K in SaidKey]: (said: Extract<Said, { readonly key: K }>) => string
}

export function saySaid(words: SaidWords, said: Said): string {
  return (words[said.key] as (said: Said) => string)(said)
}

const keyName = (which: KeyRole): string =>
  which === 'app-private' ? 'app private key' : 'PayCloud public key'

export const englishSaid: SaidWords = {
  'invalid-fields': ({ fields }) =>
    fields.length === 0
      ? 'The till did not accept these settings.'
      : `The till did not accept these settings: ${fields.join(', ')}.`,
  'settings-file-broken': () =>
    'settings.json cannot be read or is not valid, so the till will not change it. ' +
    'Fix or remove the file, then try again.',
  'settings-not-written': () =>
    'settings.json could not be written (is the disk full or read-only?). Nothing was changed.',
  'keys-first': () =>
    'Import the app private key and the PayCloud public key before switching to PayCloud.',
  'currency-while-open': ({ saleIds }) =>
    `The currency cannot change while sale ${saleIds.map((id) => `#${id}`).join(', ')} is open. ` +
    'Finish or cancel it first.',
  'key-not-private-pem': () =>
    'The app private key must be a PEM private key (-----BEGIN PRIVATE KEY----- or ' +
    '-----BEGIN RSA PRIVATE KEY-----).',
  'key-public-is-private': () =>
    'The PayCloud public key field holds a private key. Paste the public key PayCloud gave you.',
  'key-private-unreadable': () =>
    'The app private key cannot be read (damaged, or protected by a passphrase: export it ' +
    'without one).',
  'key-public-unreadable': () =>
    'The PayCloud public key cannot be read: it must be a PEM public key ' +
    '(-----BEGIN PUBLIC KEY-----).',
  'key-not-rsa': ({ which, type }) =>
    `The ${keyName(which)} is ${type ?? 'not'} an RSA key; PayCloud signs with RSA (RSA2).`,
  'key-too-short': ({ which, bits, minimum }) =>
    `The ${keyName(which)} has ${bits} bits; PayCloud needs RSA keys of ${minimum} bits or more.`,
  'key-same-pair': () =>
    "The PayCloud public key is your app key's own public half. Paste the key PayCloud gave you.",
  'key-store-no-encryption': () =>
    'The operating system offers no encryption for secrets (on Linux: no keyring such as ' +
    'gnome-keyring or kwallet is running), so the key was not stored. Start a keyring ' +
    'and import the key again, or install the key files in the keys folder by hand.',
  'key-not-stored': () => 'The keys could not be stored. Nothing was changed; the log says why.',
  'lan-display-off': () =>
    'The LAN customer display is off. Switch on "customerDisplay.lan" in the settings and ' +
    'restart the till in the web host.',
  'amount-above-gateway-max': ({ max }) =>
    `This amount is more than PayCloud takes in one payment (at most ${formatMoney(max, 'en')}). ` +
    'Nothing was charged: split the sale, or take another way to pay.',
  'currency-not-enabled': ({ currency }) =>
    `PayCloud is not set up for ${currency} on this till. Nothing was charged: ` +
    'check the currency in the settings.',
  'reply-too-large': () =>
    'The answer is too large for this screen to take at once. Pick fewer days and try again.',
  'payment-sent-not-saved': () =>
    'The payment reached PayCloud, but the till could not save the answer: the customer may have ' +
    'paid. Do not take another payment for this sale. The till keeps checking and shows the ' +
    'result once it can save again; until then it takes no payments. Call the shop manager.',
  'refund-not-saved': () =>
    'The refund is recorded, but the till could not save its progress: it may already be on its ' +
    'way to the customer. Do not refund this sale again, in any other way. The till keeps ' +
    'checking with PayCloud and shows the result once it can save again.'
}

const isFieldList = (value: unknown): boolean =>
  Array.isArray(value) &&
  value.length <= 50 &&
  value.every((field) => typeof field === 'string' && field.length <= 200)
const isRole = (value: unknown): boolean => value === 'app-private' || value === 'gateway-public'
const isCount = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0
const isMoney = (value: unknown): boolean => {
  if (typeof value !== 'object' || value === null) return false
  const { minor, currency } = value as Record<string, unknown>
  return (
    typeof minor === 'number' &&
    isValidMinor(minor) &&
    typeof currency === 'string' &&
    isCurrencyCode(currency)
  )
}

const shapes: { readonly [K in SaidKey]: (said: Record<string, unknown>) => boolean } = {
  'invalid-fields': (s) => isFieldList(s.fields),
  'settings-file-broken': () => true,
  'settings-not-written': () => true,
  'keys-first': () => true,
  'currency-while-open': (s) =>
    Array.isArray(s.saleIds) && s.saleIds.length <= 50 && s.saleIds.every(isCount),
  'key-not-private-pem': () => true,
  'key-public-is-private': () => true,
  'key-private-unreadable': () => true,
  'key-public-unreadable': () => true,
  'key-not-rsa': (s) =>
    isRole(s.which) && (s.type === null || (typeof s.type === 'string' && s.type.length <= 20)),
  'key-too-short': (s) => isRole(s.which) && isCount(s.bits) && isCount(s.minimum),
  'key-same-pair': () => true,
  'key-store-no-encryption': () => true,
  'key-not-stored': () => true,
  'lan-display-off': () => true,
  'amount-above-gateway-max': (s) => isMoney(s.max),
  'currency-not-enabled': (s) => typeof s.currency === 'string' && /^[A-Z]{3}$/.test(s.currency),
  'reply-too-large': () => true,
  'payment-sent-not-saved': () => true,
  'refund-not-saved': () => true
}

/** A screen checks what it is about to word: anything else is ignored, never rendered. */
export function isSaid(value: unknown): value is Said {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  const key = record.key
  return typeof key === 'string' && Object.hasOwn(shapes, key) && shapes[key as SaidKey](record)
}
