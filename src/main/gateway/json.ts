/**
 * JSON as PayCloud signs it. A signature covers the literal text of each top-level value (API.md
 * §4.2 step 3, §4.4), and `JSON.parse` forgets that text: `1.0` comes back as `1`, `"\u00e9"` as
 * `é`. So replies are scanned here, keeping every top-level value as it was transmitted, and
 * request bodies are written here, so that what is sent is exactly what was signed.
 */

/**
 * A JSON value other than a string, carried as its compact JSON text: a number literal exactly as
 * transmitted (`1.0`, `1200`, `12.30`), `true`, `false`, `null`, or a minified object or array.
 */
export class RawJson {
  constructor(readonly text: string) {}

  /** A number literal for a request body; throws on text that is not a JSON number. */
  static number(literal: string): RawJson {
    if (!numberPattern.test(literal)) {
      throw new RangeError(`Not a JSON number literal: ${literal}`)
    }
    return new RawJson(literal)
  }
}

/** One top-level value as transmitted: strings decoded, everything else as its literal text. */
export type RawValue = string | RawJson

/** A top-level body field as the client or the sandbox builds it. */
export type FieldValue =
  | string
  | number
  | boolean
  | RawJson
  | null
  | undefined
  | readonly unknown[]
  | { readonly [key: string]: unknown }

export type Fields = Readonly<Record<string, FieldValue>>

export type ScanResult =
  | { readonly ok: true; readonly fields: Readonly<Record<string, RawValue>> }
  | { readonly ok: false; readonly reason: string }

const numberPattern = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/
const numberToken = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
/** Deeper nesting than any PayCloud body has; the limit keeps hostile input off the call stack. */
const maxDepth = 32

class ScanError extends Error {}

/**
 * The text of a field as it is signed and as a form body carries it (API.md §4.2 step 3), or null
 * when the field is not transmitted at all (step 2: null, undefined and "" are dropped).
 */
export function fieldText(value: FieldValue): string | null {
  if (value === null || value === undefined || value === '') return null
  if (typeof value === 'string') return value
  if (typeof value === 'number') {
    // JSON has no NaN or Infinity: such a value is a bug upstream, never something to send.
    if (!Number.isFinite(value)) throw new RangeError(`Cannot transmit the number ${value}`)
    return String(value)
  }
  if (typeof value === 'boolean') return String(value)
  if (value instanceof RawJson) return value.text === 'null' ? null : value.text
  return JSON.stringify(value)
}

/**
 * Writes a flat JSON object whose values are exactly the texts `fieldText` signs: a `RawJson`
 * number goes out as its literal (`12.30` stays `12.30`), and dropped fields are not written.
 */
export function writeJsonObject(fields: Fields): string {
  const members: string[] = []
  for (const [key, value] of Object.entries(fields)) {
    const text = fieldText(value)
    if (text === null) continue
    members.push(
      `${JSON.stringify(key)}:${typeof value === 'string' ? JSON.stringify(value) : text}`
    )
  }
  return `{${members.join(',')}}`
}

/**
 * Scans a JSON document that must be one object and returns its top-level members with their
 * values as transmitted (see `RawValue`). Validates the whole grammar (RFC 8259) and refuses a
 * repeated top-level key: the signature and the parsed reply must not be able to disagree.
 */
export function scanTopLevel(text: string): ScanResult {
  const scanner = new Scanner(text)
  try {
    return { ok: true, fields: scanner.document() }
  } catch (error) {
    if (error instanceof ScanError) return { ok: false, reason: error.message }
    throw error
  }
}

class Scanner {
  private pos = 0

  constructor(private readonly text: string) {}

  document(): Record<string, RawValue> {
    this.whitespace()
    if (this.text[this.pos] !== '{') this.fail('expected an object')
    this.pos++
    // A null prototype: a member named `__proto__` is data, not a prototype switch.
    const fields = Object.create(null) as Record<string, RawValue>
    this.whitespace()
    if (this.text[this.pos] === '}') {
      this.pos++
    } else {
      for (;;) {
        this.whitespace()
        const key = JSON.parse(this.string()) as string
        if (Object.hasOwn(fields, key)) this.fail(`repeated key ${JSON.stringify(key)}`)
        this.whitespace()
        this.expect(':')
        this.whitespace()
        const start = this.pos
        const value = this.value(1)
        fields[key] = this.text[start] === '"' ? (JSON.parse(value) as string) : new RawJson(value)
        this.whitespace()
        if (this.text[this.pos] === ',') {
          this.pos++
          continue
        }
        this.expect('}')
        break
      }
    }
    this.whitespace()
    if (this.pos !== this.text.length) this.fail('unexpected text after the object')
    return fields
  }

  /** Returns the value's compact text: strings verbatim (escapes kept), whitespace dropped. */
  private value(depth: number): string {
    if (depth > maxDepth) this.fail('nested too deeply')
    const char = this.text[this.pos]
    switch (char) {
      case '"':
        return this.string()
      case '{':
        return this.container('{', '}', () => {
          const key = this.string()
          this.whitespace()
          this.expect(':')
          this.whitespace()
          return `${key}:${this.value(depth + 1)}`
        })
      case '[':
        return this.container('[', ']', () => this.value(depth + 1))
      case 't':
        return this.literal('true')
      case 'f':
        return this.literal('false')
      case 'n':
        return this.literal('null')
      default: {
        numberToken.lastIndex = this.pos
        const match = numberToken.exec(this.text)
        if (match === null) this.fail('expected a value')
        this.pos = numberToken.lastIndex
        return match[0]
      }
    }
  }

  private container(open: string, close: string, item: () => string): string {
    this.pos++
    this.whitespace()
    if (this.text[this.pos] === close) {
      this.pos++
      return open + close
    }
    const items: string[] = []
    for (;;) {
      this.whitespace()
      items.push(item())
      this.whitespace()
      if (this.text[this.pos] === ',') {
        this.pos++
        continue
      }
      this.expect(close)
      return open + items.join(',') + close
    }
  }

  /** A string token, quotes and escapes included, exactly as it appears in the text. */
  private string(): string {
    const start = this.pos
    this.expect('"')
    for (;;) {
      const code = this.text.charCodeAt(this.pos)
      if (Number.isNaN(code)) this.fail('unterminated string')
      if (code < 0x20) this.fail('control character in a string')
      this.pos++
      if (code === 0x22) return this.text.slice(start, this.pos)
      if (code === 0x5c) {
        const escape = this.text[this.pos]
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 1, this.pos + 5))) {
            this.fail('bad \\u escape')
          }
          this.pos += 5
        } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
          this.pos++
        } else {
          this.fail('bad escape')
        }
      }
    }
  }

  private literal(word: string): string {
    if (!this.text.startsWith(word, this.pos)) this.fail('expected a value')
    this.pos += word.length
    return word
  }

  private whitespace(): void {
    for (;;) {
      const char = this.text[this.pos]
      if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') return
      this.pos++
    }
  }

  private expect(char: string): void {
    if (this.text[this.pos] !== char) this.fail(`expected '${char}'`)
    this.pos++
  }

  private fail(reason: string): never {
    throw new ScanError(`${reason} at offset ${this.pos}`)
  }
}
