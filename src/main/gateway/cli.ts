import { main } from './cli/main'

// `npm run paycloud -- <command>` (built to out/main/paycloud.js): see docs/paycloud-cli.md.
main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd()
}).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    // A bug, not a usage problem: say so, without a stack full of paths on a support call.
    process.stderr.write(`paycloud: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 70
  }
)
