import { main } from './main'

// `npm run admin -- <command>` (built to out/main/admin.js): see the README, "History, refunds and
// end of day".
try {
  process.exitCode = main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd()
  })
} catch (error) {
  // A bug, not a usage problem: say so, without a stack full of paths.
  process.stderr.write(`admin: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 70
}
