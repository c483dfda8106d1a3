/**
 * A tagged logger per module (CONVENTIONS.md §12). Every record passes through `redact`, so keys,
 * signatures and customer codes never reach a log however a caller builds its message.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

export type LogSink = (record: {
  level: LogLevel
  tag: string
  message: string
  fields?: Record<string, unknown>
}) => void

const levelRank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 }

/** Field names whose values are never written, at any depth. */
const secretKeys =
  /^(auth_?code|authCode|sign|private_?key|.*PrivateKey.*|.*Pem|password|pin|token|secret)$/i

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]'
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        secretKeys.test(key) ? '[redacted]' : redact(item, depth + 1)
      ])
    )
  }
  if (typeof value === 'string') return redactText(value)
  return value
}

/**
 * Removes PEM blocks and customer codes from free text. A customer code is a run of 12 or more
 * digits standing alone; digits inside an identifier (the timestamp in `QT20261126…`) are not one.
 */
export function redactText(text: string): string {
  return text
    .replace(/-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----/g, '[redacted key]')
    .replace(/(?<![A-Za-z0-9])\d{12,}(?![A-Za-z0-9])/g, (digits) => `[code …${digits.slice(-4)}]`)
}

let sink: LogSink = ({ level, tag, message, fields }) => {
  const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${tag}] ${message}`
  const text = fields === undefined ? line : `${line} ${JSON.stringify(fields)}`
  // Logs go to stderr: stdout belongs to what a command prints for its user (URLs, reports).
  process.stderr.write(`${text}\n`)
}
let threshold: LogLevel = (process.env['QR_TILL_LOG_LEVEL'] as LogLevel | undefined) ?? 'info'

export function setLogSink(next: LogSink, level: LogLevel = threshold): void {
  sink = next
  threshold = level
}

export function createLogger(tag: string): Logger {
  const write =
    (level: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (levelRank[level] < levelRank[threshold]) return
      sink({
        level,
        tag,
        message: redactText(message),
        ...(fields === undefined ? {} : { fields: redact(fields) as Record<string, unknown> })
      })
    }
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') }
}
