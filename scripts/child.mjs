// How the wrapper (qrtill.mjs) runs a tool or the till as its child and ends as the child ended.
// Only Node's built-ins, and old-Node syntax: qrtill.mjs imports it before it knows which Node
// it runs under.
import { spawn } from 'node:child_process'
import { constants as osConstants } from 'node:os'

/**
 * The exit code that says how a child ended. A child killed by a signal has no exit code: that is
 * a failure (a refund interrupted by Ctrl+C has an unknown outcome), reported as the shell does,
 * 128 + the signal's number.
 */
export function exitCodeOf(code, signal) {
  if (code !== null && code !== undefined) return code
  const number = signal ? osConstants.signals[signal] : undefined
  return number === undefined ? 1 : 128 + number
}

/**
 * Runs `command args…` with the wrapper's terminal, passes Ctrl+C and SIGTERM on to it (the child
 * decides how to stop: a till finishes its journal write), and exits as the child exited.
 */
export function runAsChild(command, args, options) {
  const child = spawn(command, args, { stdio: 'inherit', ...options })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(exitCodeOf(code, signal)))
  return child
}
