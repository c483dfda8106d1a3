import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * One till service per data folder. Two would resume and reconcile the same unfinished attempts
 * on one journal and send their queries and cancels twice. The desktop app holds Electron's
 * single-instance lock, but the web host, and the two side by side, need this one: a file
 * naming the process that holds the folder. A till killed without closing leaves its file; a
 * process that no longer runs holds nothing, so the next start takes the folder over.
 */
export interface TillLock {
  release(): void
}

export class TillLockedError extends Error {
  override readonly name = 'TillLockedError'
}

export function lockFileOf(dataDir: string): string {
  return join(dataDir, 'till.lock')
}

export function lockDataDir(
  dataDir: string,
  deps: { pid?: number; isRunning?: (pid: number) => boolean } = {}
): TillLock {
  const pid = deps.pid ?? process.pid
  const isRunning = deps.isRunning ?? processRuns
  const file = lockFileOf(dataDir)
  for (let tries = 0; tries < 2; tries += 1) {
    try {
      writeFileSync(file, `${pid}\n`, { flag: 'wx', mode: 0o600 })
      return { release: () => releaseIfOurs(file, pid) }
    } catch (error) {
      if (!isExists(error)) throw error
    }
    const holder = Number.parseInt(readText(file), 10)
    if (Number.isSafeInteger(holder) && holder > 0 && holder !== pid && isRunning(holder)) {
      throw new TillLockedError(
        `Another QR Till (process ${holder}) is already running on ${dataDir}. Use that one, or ` +
          `stop it first. If no till runs, delete ${file}.`
      )
    }
    // Ours from before (the same process opening again), or a till that is gone: take it over.
    rmSync(file, { force: true })
  }
  throw new TillLockedError(`${file} could not be taken: another till is starting on it.`)
}

function releaseIfOurs(file: string, pid: number): void {
  if (Number.parseInt(readText(file), 10) === pid) rmSync(file, { force: true })
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function isExists(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EEXIST'
}
