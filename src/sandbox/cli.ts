import { parse, usage, UsageError, type CliOptions } from './cli-args'
import { loadOrCreateKeyFiles } from './keys'
import { startSandbox } from './server'

/**
 * `npm run sandbox [-- --host 127.0.0.1 --port 8787 --store FILE --keys-dir DIR --public-url URL
 * --time-scale N]`: the PayCloud sandbox on its own (issue 3 item 3), with credentials kept in a
 * folder so a till or `npm run paycloud` can be pointed at the same ones.
 */

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
