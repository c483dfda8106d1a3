import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { resolveDataDir } from '../main/till/paths'
import { loadOrCreateKeyFiles } from './keys'
import { startSandbox } from './server'

/**
 * `npm run sandbox [-- --host 127.0.0.1 --port 8787 --store FILE --keys-dir DIR --public-url URL
 * --time-scale N]`: the PayCloud sandbox on its own (issue 3 item 3), with credentials kept in a
 * folder so a till or `npm run paycloud` can be pointed at the same ones.
 */

const usage = `Usage: npm run sandbox -- [options]
  --host HOST         address to listen on (default 127.0.0.1; 0.0.0.0 for phones on the LAN)
  --port PORT         port (default 8787; 0 for any free port)
  --store FILE        keep orders, refunds and notifications in this SQLite file (default: memory)
  --keys-dir DIR      where the keys and ids are read or written (default: <data dir>/sandbox)
  --public-url URL    base of the QR codes' wallet pages, e.g. http://192.168.1.20:8787
  --time-scale N      notification retry schedule scale, e.g. 0.01 (default 1)
  --help              this text`

/** Thrown for a bad command line: printed with the usage, exit code 2. */
class UsageError extends Error {}

interface CliOptions {
  readonly host: string
  readonly port: number
  readonly storeFile: string | undefined
  readonly keysDir: string
  readonly publicUrl: string | undefined
  readonly timeScale: number
}

function parse(argv: readonly string[]): CliOptions | 'help' {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof spec; allowPositionals: false }>>
  const spec = {
    host: { type: 'string' },
    port: { type: 'string' },
    store: { type: 'string' },
    'keys-dir': { type: 'string' },
    'public-url': { type: 'string' },
    'time-scale': { type: 'string' },
    help: { type: 'boolean' }
  } as const
  try {
    parsed = parseArgs({ args: [...argv], options: spec, allowPositionals: false })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const values = parsed.values
  if (values.help === true) return 'help'
  const port = Number(values.port ?? '8787')
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

async function main(argv: readonly string[]): Promise<number> {
  let cli: CliOptions | 'help'
  try {
    cli = parse(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`${error.message}\n\n${usage}\n`)
    return 2
  }
  if (cli === 'help') {
    process.stdout.write(`${usage}\n`)
    return 0
  }
  const { credentials, files, created } = await loadOrCreateKeyFiles(cli.keysDir)
  const sandbox = await startSandbox({
    appId: credentials.appId,
    merchantNo: credentials.merchantNo,
    storeNo: credentials.storeNo,
    appPublicKeyPem: credentials.appPublicKeyPem,
    gatewayPrivateKeyPem: credentials.gatewayPrivateKeyPem,
    host: cli.host,
    port: cli.port,
    notifyTimeScale: cli.timeScale,
    ...(cli.storeFile === undefined ? {} : { storeFile: cli.storeFile }),
    ...(cli.publicUrl === undefined ? {} : { publicUrl: cli.publicUrl })
  })
  process.stdout.write(
    [
      'PayCloud sandbox (no real money)',
      `  gateway       ${sandbox.url}/api/entry`,
      `  inspection    ${sandbox.url}/sandbox`,
      `  wallet pages  ${sandbox.publicUrl}/wallet/…`,
      `  app_id        ${credentials.appId}`,
      `  merchant_no   ${credentials.merchantNo}`,
      `  store_no      ${credentials.storeNo}`,
      `  keys          ${files.dir} (${created ? 'new' : 'reused'})`,
      `    the till signs with    ${files.appPrivateKey}`,
      `    the till verifies with ${files.gatewayPublicKey}`,
      `  store         ${cli.storeFile ?? 'memory (lost on exit)'}`,
      cli.host === '0.0.0.0' && cli.publicUrl === undefined
        ? '  note          listening on all interfaces: pass --public-url http://<LAN address>:PORT ' +
          'so a phone can open the QR codes'
        : '',
      'Ctrl+C stops it.',
      ''
    ]
      .filter((line) => line !== '')
      .join('\n') + '\n'
  )
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await sandbox.close()
  return 0
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`sandbox: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
)
