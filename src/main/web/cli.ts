import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { faultOf, stopOnFault } from '../fault'
import { createLogger } from '../log'
import { createTill, resolveDataDir } from '../till'
import { dataFiles } from '../till/paths'
import { readSettingsFile } from '../till/settings'
import { lanListener } from './lan'
import { startWebHost } from './server'

const log = createLogger('web')

const usage = `Usage: node out/main/web.js [--data-dir DIR] [--host 127.0.0.1] [--port 0] [--json]

Starts the QR Till service under Node and serves the cashier and customer screens to a browser.
  --data-dir DIR  journal, settings and keys (default: the per-user data folder, or $QR_TILL_DATA_DIR)
  --host HOST     address to listen on (default 127.0.0.1: this machine only)
  --port PORT     port to listen on (default 0: any free port)
  --json          print one JSON line when ready (for test harnesses)
  --sandbox-store FILE  keep the embedded sandbox's orders in this SQLite file across restarts
  --sandbox-keys DIR    the embedded sandbox's keys (created there if missing, reused after)
  --sandbox-port PORT   the embedded sandbox's port (default: any free port)`

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      json: { type: 'boolean', default: false },
      'sandbox-store': { type: 'string' },
      'sandbox-keys': { type: 'string' },
      'sandbox-port': { type: 'string' },
      help: { type: 'boolean', default: false }
    }
  })
  if (values.help) {
    process.stdout.write(`${usage}\n`)
    return
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`bad --port ${values.port}`)

  // Until the till is up there is nothing to close in order: a fault during the start ends it.
  let stop = (_cause: string, code: number): void => process.exit(code)
  stopOnFault((cause) => stop(cause, 1))

  const dataDir = values['data-dir'] ?? resolveDataDir()
  const sandboxPort =
    values['sandbox-port'] === undefined ? undefined : Number(values['sandbox-port'])
  if (
    sandboxPort !== undefined &&
    (!Number.isInteger(sandboxPort) || sandboxPort < 0 || sandboxPort > 65535)
  ) {
    throw new Error(`bad --sandbox-port ${values['sandbox-port']}`)
  }
  const till = await createTill({
    dataDir,
    sandbox: {
      ...(values['sandbox-store'] === undefined ? {} : { storeFile: values['sandbox-store'] }),
      ...(values['sandbox-keys'] === undefined ? {} : { keysDir: values['sandbox-keys'] }),
      ...(sandboxPort === undefined ? {} : { port: sandboxPort })
    }
  })
  const host = await startWebHost({
    till,
    rendererDir: join(__dirname, '../renderer'),
    host: values.host,
    port,
    lan: lanListener(
      readSettingsFile(dataFiles(dataDir).settings).customerDisplay,
      networkInterfaces()
    )
  })

  const ready = {
    event: 'ready',
    cashierUrl: host.cashierUrl,
    customerUrl: host.customerUrl,
    origin: host.origin,
    sandboxUrl: till.sandbox?.url ?? null,
    lanOrigin: host.lanOrigin,
    dataDir: till.dataDir,
    pid: process.pid
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(ready)}\n`)
  } else {
    const gateway =
      till.sandbox === null
        ? 'PayCloud (configured in settings.json)'
        : `embedded sandbox at ${till.sandbox.url} (SANDBOX, no real money)`
    process.stdout.write(
      [
        'QR Till is running in the web host.',
        `  Cashier screen:   ${host.cashierUrl}`,
        `  Customer screen:  ${host.customerUrl}`,
        ...(host.lanOrigin === null
          ? []
          : [
              `  LAN display:      ${host.lanOrigin}/pair (pair with the code on the cashier screen)`
            ]),
        `  Gateway:          ${gateway}`,
        ...(till.sandbox === null
          ? []
          : [
              `  Sandbox orders:   ${till.sandbox.url}/sandbox (every order; an MPM order's wallet page to pay it)`
            ]),
        `  Data folder:      ${till.dataDir}`,
        'Open each screen in a browser on this machine. Press Ctrl+C to stop.',
        ''
      ].join('\n')
    )
  }

  let closing = false
  const shutdownDeadlineMs = 10_000
  /** Stops the till in order, the journal last, and exits with `code` (1 after a fault). */
  const shutdown = (signal: string, code: number): void => {
    if (closing) return
    closing = true
    log.info(`${signal}: stopping`)
    let step = "closing the screens' connections"
    // Whatever hangs, the till still stops, and says where: the journal is safe without a clean
    // close (WAL, synchronous=FULL), a till that never exits is not.
    setTimeout(() => {
      log.error(`stopping took over ${shutdownDeadlineMs} ms (stuck ${step}): exiting anyway`)
      process.exit(1)
    }, shutdownDeadlineMs).unref()
    void host
      .close()
      .then(() => {
        step = 'closing the till service'
        return till.close()
      })
      .then(
        () => process.exit(code),
        (error: unknown) => {
          log.error(`stopping failed (${step})`, { error: faultOf(error) })
          process.exit(1)
        }
      )
  }
  stop = shutdown
  process.on('SIGINT', () => shutdown('SIGINT', 0))
  process.on('SIGTERM', () => shutdown('SIGTERM', 0))
}

main().catch((error: unknown) => {
  process.stderr.write(
    `QR Till could not start: ${error instanceof Error ? error.message : String(error)}\n`
  )
  process.exit(1)
})
