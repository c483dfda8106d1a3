import { existsSync } from 'node:fs'
import { userInfo } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { JournalUnavailableError, openJournal, type Journal } from '../journal'
import { pinResetEvent, resetManagerPin, resetPinCommand } from '../till/manager-pin'
import { dataFiles, resolveDataDir } from '../till/paths'

/**
 * `npm run admin -- <command>` (built to out/main/admin.js): maintenance run on the till machine
 * against its data folder. Nothing here is reachable from a screen: what it does needs the access
 * to the machine that could already write the journal. Tests call `main` with their own streams.
 */

export const exitCodes = {
  ok: 0,
  /** Nothing was changed: there was nothing to do, or it was refused (the message says why). */
  unchanged: 1,
  usage: 2
} as const

export interface AdminIo {
  readonly stdout: { write(text: string): unknown }
  readonly stderr: { write(text: string): unknown }
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
  readonly now?: () => number
}

const usage = `Usage: npm run admin -- <command> [options]

Maintenance on the till machine itself, against its data folder.

Commands:
  reset-manager-pin [--forgotten]
      Clears a damaged manager PIN record and its lockout, so that the next PIN set in
      Settings → Manager PIN is taken as a first PIN, without the old one. A PIN that can
      still be read is kept unless --forgotten says nobody knows it. Written to the journal's
      event log as ${pinResetEvent}.

Options:
  --data-dir DIR  the till's data folder (default: $QR_TILL_DATA_DIR, else the per-user one)
  -h, --help      this help

Exit codes: 0 done, 1 nothing changed (the message says why), 2 usage or no journal found.
`

export function main(argv: readonly string[], io: AdminIo): number {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    io.stderr.write(`admin: ${(error as Error).message}\n\n${usage}`)
    return exitCodes.usage
  }
  const { values, positionals } = parsed
  if (values.help === true) {
    io.stdout.write(usage)
    return exitCodes.ok
  }
  const [command, ...extra] = positionals
  if (command !== 'reset-manager-pin' || extra.length > 0) {
    io.stderr.write(
      command === undefined ? usage : `admin: unknown command ${positionals.join(' ')}\n\n${usage}`
    )
    return exitCodes.usage
  }

  const dataDir = resolve(io.cwd, values['data-dir'] ?? resolveDataDir(io.env))
  const file = dataFiles(dataDir).journal
  // Opening a journal creates one: a mistyped folder must not get a fresh, empty journal.
  if (!existsSync(file)) {
    io.stderr.write(
      `admin: there is no journal at ${file}. Is ${dataDir} the till's data folder? ` +
        'Name it with --data-dir DIR (or QR_TILL_DATA_DIR).\n'
    )
    return exitCodes.usage
  }
  let journal: Journal | undefined
  try {
    journal = openJournal(file)
    const reset = resetManagerPin(journal, {
      at: (io.now ?? Date.now)(),
      forgotten: values.forgotten === true,
      detail: { via: 'command-line', user: osUser() }
    })
    if (!reset.ok) {
      io.stderr.write(
        reset.reason === 'not-set'
          ? `No manager PIN is set in ${file}: nothing to reset. Set one in Settings → Manager PIN.\n`
          : `The manager PIN in ${file} is readable, so it was kept: change it in Settings → ` +
              'Manager PIN with the current PIN. If nobody knows it, run ' +
              `\`${resetPinCommand} --forgotten\`.\n`
      )
      return exitCodes.unchanged
    }
    io.stdout.write(
      `The ${reset.record === 'damaged' ? 'damaged' : 'forgotten'} manager PIN in ${file} is ` +
        `cleared, with its lockout (journal event ${pinResetEvent}).\n` +
        'Set a new PIN now in Settings → Manager PIN: until then every refund is refused, and ' +
        'the first PIN set there is taken without the old one.\n'
    )
    return exitCodes.ok
  } catch (error) {
    // A journal that cannot be opened or written (damaged, read-only, disk full): nothing changed.
    if (!(error instanceof JournalUnavailableError)) throw error
    io.stderr.write(`admin: ${error.message}\n`)
    return exitCodes.unchanged
  } finally {
    journal?.close()
  }
}

function parse(argv: readonly string[]): {
  values: { 'data-dir'?: string; forgotten?: boolean; help?: boolean }
  positionals: string[]
} {
  return parseArgs({
    args: [...argv],
    options: {
      'data-dir': { type: 'string' },
      forgotten: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' }
    },
    allowPositionals: true,
    strict: true
  })
}

/** Who ran it, for the event: the operating-system account, when the system can say. */
function osUser(): string | null {
  try {
    return userInfo().username
  } catch {
    return null
  }
}
