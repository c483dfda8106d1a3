import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { resolveDataDir } from '../main/till/paths'

/** The sandbox's command line (cli.ts), apart so that it can be tested without starting one. */

export const usage = `Usage: npm run sandbox -- [options]
  --host HOST         address to listen on (default 127.0.0.1; 0.0.0.0 for phones on the LAN)
  --port PORT         port (default 8787; 0 for any free port)
  --store FILE        keep orders, refunds and notifications in this SQLite file (default: memory)
  --keys-dir DIR      where the keys and ids are read or written (default: <data dir>/sandbox)
  --public-url URL    base of the QR codes' wallet pages, e.g. http://192.168.1.20:8787
  --time-scale N      notification retry schedule scale, e.g. 0.01 (default 1)
  -h, --help          this text`

/** Thrown for a bad command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

export interface CliOptions {
  readonly host: string
  readonly port: number
  readonly storeFile: string | undefined
  readonly keysDir: string
  readonly publicUrl: string | undefined
  readonly timeScale: number
}

export function parse(argv: readonly string[]): CliOptions | 'help' {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof spec; allowPositionals: false }>>
  const spec = {
    host: { type: 'string' },
    port: { type: 'string' },
    store: { type: 'string' },
    'keys-dir': { type: 'string' },
    'public-url': { type: 'string' },
    'time-scale': { type: 'string' },
    help: { type: 'boolean', short: 'h' }
  } as const
  try {
    parsed = parseArgs({ args: [...argv], options: spec, allowPositionals: false })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const values = parsed.values
  if (values.help === true) return 'help'
  // Digits only: Number() would read '' as 0 and '0x50' as 80.
  const port = /^\d{1,5}$/.test(values.port ?? '8787') ? Number(values.port ?? '8787') : NaN
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port must be 0 to 65535, not ${values.port ?? ''}`)
  }
  const timeScale = Number(values['time-scale'] ?? '1')
  if (!Number.isFinite(timeScale) || timeScale <= 0 || timeScale > 1000) {
    throw new UsageError('--time-scale must be a positive number')
  }
  const publicUrl = values['public-url']
  if (publicUrl !== undefined && !/^https?:\/\/[^/]+/.test(publicUrl)) {
    throw new UsageError('--public-url must be an http(s) URL')
  }
  return {
    host: values.host ?? '127.0.0.1',
    port,
    storeFile: values.store,
    keysDir: values['keys-dir'] ?? join(resolveDataDir(), 'sandbox'),
    publicUrl,
    timeScale
  }
}
