import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import { fieldText, type Fields } from './json'

/**
 * PayCloud's RSA2 signature (API.md §4): RSASSA-PKCS1-v1_5 with SHA-256 over the string built by
 * `buildSignString`, standard Base64. The same code signs requests, verifies replies (§4.4) and,
 * later, notifications (§4.5); the sandbox uses it the other way round.
 */

const standardBase64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * The string to sign (API.md §4.2): every field but `sign`, without null, undefined and "";
 * values as `fieldText` renders them; keys in ascending byte order; `key=value` joined by `&`.
 */
export function buildSignString(fields: Fields): string {
  const pairs: { key: Buffer; text: string }[] = []
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'sign') continue
    const text = fieldText(value)
    if (text === null) continue
    pairs.push({ key: Buffer.from(key, 'utf8'), text: `${key}=${text}` })
  }
  // Ordinal byte order, as the C# demo's StringComparer.Ordinal (§4.2 step 4): never locale order.
  pairs.sort((a, b) => Buffer.compare(a.key, b.key))
  return pairs.map((pair) => pair.text).join('&')
}

/** Signs `fields` with the app private key: the value for `sign`. */
export function signFields(fields: Fields, privateKey: string | KeyObject): string {
  const key = typeof privateKey === 'string' ? loadPrivateKey(privateKey) : privateKey
  return sign('sha256', Buffer.from(buildSignString(fields), 'utf8'), key).toString('base64')
}

/**
 * As `signFields`, on libuv's thread pool: the main thread stays free meanwhile (the engine writes
 * its journal while the request is signed). The string to sign is taken now, so later changes to
 * `fields` do not reach the signature.
 */
export function signFieldsOffThread(fields: Fields, privateKey: KeyObject): Promise<string> {
  const text = Buffer.from(buildSignString(fields), 'utf8')
  return new Promise((resolve, reject) => {
    sign('sha256', text, privateKey, (error, signature) => {
      if (error === null) resolve(signature.toString('base64'))
      else reject(error)
    })
  })
}

/**
 * True when `signature` is a valid RSA2 signature of `fields` by the holder of `publicKey`. For a
 * reply, pass the values as transmitted (`scanTopLevel`), not a `JSON.parse` of the body (§4.4).
 */
export function verifyFields(
  fields: Fields,
  signature: string,
  publicKey: string | KeyObject
): boolean {
  // Standard Base64 with padding (§4.1); Buffer.from would silently skip any other characters.
  if (signature === '' || !standardBase64.test(signature)) return false
  const key = typeof publicKey === 'string' ? loadPublicKey(publicKey) : publicKey
  return verify(
    'sha256',
    Buffer.from(buildSignString(fields), 'utf8'),
    key,
    Buffer.from(signature, 'base64')
  )
}

/**
 * An RSA private key from PEM (PKCS#8 `BEGIN PRIVATE KEY` or PKCS#1 `BEGIN RSA PRIVATE KEY`), or
 * from bare Base64 DER, the form the Java SDK and the key tool hand out (API.md §4.1).
 */
export function loadPrivateKey(text: string): KeyObject {
  return requireRsa(readPrivateKey(text))
}

/** An RSA public key from PEM (SPKI `BEGIN PUBLIC KEY` or PKCS#1), or bare Base64 DER (SPKI). */
export function loadPublicKey(text: string): KeyObject {
  return requireRsa(readPublicKey(text))
}

/** API.md §4.1: PayCloud's keys are RSA-2048; the C# demo refuses any other size. */
export const minimumRsaBits = 2048

/**
 * Why a key's text cannot be the app private key or the gateway public key, in words for the
 * person who put it there, or null when it can. Never quotes the text: it may be a private key.
 */
export function keyProblem(text: string, kind: 'private' | 'public'): string | null {
  if (text.trim() === '') return 'the file is empty'
  const pem = text.includes('-----BEGIN')
  if (!pem && !/^[A-Za-z0-9+/]+={0,2}$/.test(text.replace(/\s+/g, ''))) {
    return 'it is not a PEM key (nor Base64 DER)'
  }
  const holdsPrivate = /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)
  // Node derives a public key from a private one, so this would load, and a secret would sit
  // where a public key is expected.
  if (kind === 'public' && holdsPrivate) return 'it holds a private key, not a public key'
  if (kind === 'private' && pem && !holdsPrivate) return 'it holds no private key'
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text)) {
    return 'it is encrypted with a passphrase, which the till cannot type'
  }
  let key: KeyObject
  try {
    key = kind === 'private' ? readPrivateKey(text) : readPublicKey(text)
  } catch {
    return pem
      ? 'its PEM cannot be read (damaged or cut short)'
      : 'its Base64 is not an RSA key in DER'
  }
  if (key.asymmetricKeyType !== 'rsa') {
    return `it is a key of type ${key.asymmetricKeyType ?? 'unknown'}, not RSA`
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
  if (bits < minimumRsaBits) {
    return `it is RSA-${bits}, shorter than the ${minimumRsaBits} bits PayCloud uses`
  }
  return null
}

function readPrivateKey(text: string): KeyObject {
  return (
    pemOrDer(text, (der) => [
      () => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
      () => createPrivateKey({ key: der, format: 'der', type: 'pkcs1' })
    ]) ?? createPrivateKey(text)
  )
}

function readPublicKey(text: string): KeyObject {
  return (
    pemOrDer(text, (der) => [
      () => createPublicKey({ key: der, format: 'der', type: 'spki' }),
      () => createPublicKey({ key: der, format: 'der', type: 'pkcs1' })
    ]) ?? createPublicKey(text)
  )
}

/** Null for PEM (Node reads every PEM form itself); otherwise the first DER reading that works. */
function pemOrDer(text: string, readers: (der: Buffer) => (() => KeyObject)[]): KeyObject | null {
  if (text.includes('-----BEGIN')) return null
  const base64 = text.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    throw new TypeError('A gateway key must be PEM or Base64 DER.')
  }
  const der = Buffer.from(base64, 'base64')
  for (const read of readers(der)) {
    try {
      return read()
    } catch {
      // Try the next encoding.
    }
  }
  throw new TypeError('The Base64 key is neither PKCS#8/SPKI nor PKCS#1 RSA.')
}

function requireRsa(key: KeyObject): KeyObject {
  // RSA2 is RSA only (§4.1); an EC key would sign, but no gateway could verify it.
  if (key.asymmetricKeyType !== 'rsa') throw new TypeError('A PayCloud key must be an RSA key.')
  return key
}
