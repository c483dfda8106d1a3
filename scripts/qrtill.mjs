#!/usr/bin/env node
// The README's two commands, `npm start` and `npm test`, run this file. It uses only Node's
// built-ins and runs on old Node versions on purpose: when the machine's Node is older than the
// project needs, it fetches Node 24 from the npm registry into a per-user cache and re-runs itself
// under it (issue 2 §2). Then it installs the dependencies when the lockfile changed, builds, and
// starts the till or runs every test.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runAsChild } from './child.mjs'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const minimum = [22, 12]
const pinnedNode = '24.21.0'
const say = (line) => process.stdout.write(`${line}\n`)

function versionAtLeast(version, [major, minor]) {
  const [a, b] = version.replace(/^v/, '').split('.').map(Number)
  return a > major || (a === major && b >= minor)
}

function cacheRoot() {
  if (process.env.QR_TILL_CACHE) return process.env.QR_TILL_CACHE
  if (process.platform === 'win32') return join(process.env.LOCALAPPDATA ?? homedir(), 'qr-till')
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'qr-till')
}

/** The npm registry ships Node itself as `node-<platform>-<arch>` packages. */
function nodePackage() {
  const platform = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform]
  if (!platform) throw new Error(`no Node package for ${process.platform}`)
  return `node-${platform}-${process.arch}`
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
    ...options
  })
  if (result.error) throw result.error
  return result.status ?? 1
}

/** Installs Node `pinnedNode` into the cache (once) and returns its folder. */
export function provisionNode() {
  const pkg = nodePackage()
  const prefix = join(cacheRoot(), `node-v${pinnedNode}-${pkg.slice(5)}`)
  const home = join(prefix, 'node_modules', pkg)
  const binary = join(home, 'bin', process.platform === 'win32' ? 'node.exe' : 'node')
  if (!existsSync(binary)) {
    mkdirSync(prefix, { recursive: true })
    const status = run(
      'npm',
      [
        'install',
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--prefix',
        prefix,
        `${pkg}@${pinnedNode}`
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] }
    )
    if (status !== 0 || !existsSync(binary)) {
      throw new Error(`could not fetch ${pkg}@${pinnedNode} from the npm registry`)
    }
  }
  return { home, bin: dirname(binary), binary }
}

/**
 * Whether this Node is new enough. When it is not, this script is started again under Node 24 as
 * a child, with Ctrl+C and SIGTERM passed on to it, and this process ends as the child ends: the
 * caller must then do nothing more. (A synchronous re-run could not pass a SIGTERM on: stopping
 * the outer process left the till running on, holding its data folder.)
 */
function ensureNode() {
  if (versionAtLeast(process.version, minimum)) return true
  const node = provisionNode()
  // On stderr: a tool's stdout (paycloud --json) must stay its own.
  process.stderr.write(
    `QR Till needs Node >= ${minimum.join('.')}; this machine has ${process.version}, so it runs ` +
      `under Node ${pinnedNode} from ${node.home} (fetched from the npm registry).\n`
  )
  runAsChild(node.binary, process.argv.slice(1), {
    env: {
      ...process.env,
      PATH: `${node.bin}${delimiter}${process.env.PATH ?? ''}`,
      // npm would otherwise build native modules against the old Node's headers (toolchain.md §1.4).
      npm_config_nodedir: node.home
    }
  })
  return false
}

/**
 * `npm ci` when node_modules is missing or was installed from another lockfile or Node. Before a
 * tool (`run`), all of it goes to stderr: the tool's stdout (paycloud --json) must stay its own,
 * also on the first run or after the lockfile changed.
 */
function ensureInstalled({ stdoutFree = false } = {}) {
  const lock = readFileSync(join(root, 'package-lock.json'))
  const stamp = createHash('sha256').update(lock).update(process.versions.modules).digest('hex')
  const stampFile = join(root, 'node_modules', '.qr-till-installed')
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return
  const line = 'Installing dependencies (npm ci)…'
  if (stdoutFree) process.stderr.write(`${line}\n`)
  else say(line)
  const options = stdoutFree ? { stdio: ['inherit', 2, 'inherit'] } : {}
  if (run('npm', ['ci', '--no-audit', '--no-fund'], options) !== 0) throw new Error('npm ci failed')
  writeFileSync(stampFile, stamp)
}

function bin(name) {
  return join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name)
}

function build({ quiet = false } = {}) {
  if (!quiet) {
    if (run(bin('electron-vite'), ['build']) !== 0) throw new Error('the build failed')
    return
  }
  // A tool's own output stays clean: the build speaks only when it fails.
  const result = spawnSync(bin('electron-vite'), ['build'], { cwd: root, encoding: 'utf8' })
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`)
    throw new Error('the build failed')
  }
}

/** `run <tool> [args…]`: a tool built from src/, under the right Node, args passed on. */
function runTool() {
  const tools = { sandbox: 'sandbox.js', paycloud: 'paycloud.js', admin: 'admin.js' }
  const name = process.argv[3]
  if (!Object.hasOwn(tools, name))
    throw new Error(`run takes one of: ${Object.keys(tools).join(', ')}`)
  ensureInstalled({ stdoutFree: true })
  build({ quiet: true })
  runAsChild(process.execPath, [join(root, 'out', 'main', tools[name]), ...process.argv.slice(4)], {
    cwd: process.cwd()
  })
}

/** The Electron binary, if this machine has one (it downloads only from GitHub). */
function electronBinary() {
  const dir = join(root, 'node_modules', 'electron')
  const pathFile = join(dir, 'path.txt')
  if (process.env.QR_TILL_WEB === '1') return null
  if (!existsSync(pathFile)) {
    // Electron >= 42 downloads its binary lazily; try once, briefly, then fall back.
    spawnSync(process.execPath, [join(dir, 'install.js')], {
      cwd: dir,
      stdio: 'ignore',
      timeout: 60_000
    })
  }
  if (!existsSync(pathFile)) return null
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

function start() {
  ensureInstalled()
  build()
  const electron = electronBinary()
  if (electron) {
    runAsChild(electron, ['.'], { cwd: root })
    return
  }
  say(
    'The Electron binary is not installed on this machine (it downloads only from GitHub), so ' +
      'QR Till starts in the web host instead.'
  )
  runAsChild(process.execPath, [join(root, 'out', 'main', 'web.js'), ...process.argv.slice(3)], {
    cwd: root
  })
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

function test() {
  ensureInstalled()
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
  if (!existsSync(chromium)) {
    throw new Error(
      `Chromium is needed for the end-to-end tests and is not at ${chromium}: ` +
        'install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.'
    )
  }
  const reports = join(root, '.tmp', 'reports')
  rmSync(reports, { recursive: true, force: true })
  mkdirSync(reports, { recursive: true })

  const steps = [
    ['lint', bin('eslint'), ['--max-warnings', '0', '.']],
    ['format', bin('prettier'), ['--check', '--log-level', 'warn', '.']],
    ['typecheck (node)', bin('tsc'), ['-p', 'tsconfig.node.json', '--noEmit']],
    ['typecheck (web)', bin('tsc'), ['-p', 'tsconfig.web.json', '--noEmit']],
    ['build', bin('electron-vite'), ['build']],
    [
      'unit tests (vitest)',
      bin('vitest'),
      [
        'run',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${join(reports, 'vitest.json')}`
      ]
    ],
    [
      'end-to-end tests (playwright)',
      bin('playwright'),
      ['test', '--reporter=list,json'],
      { PLAYWRIGHT_JSON_OUTPUT_NAME: join(reports, 'playwright.json') }
    ]
  ]
  const failed = []
  for (const [name, command, args, env] of steps) {
    say(`\n── ${name} ──`)
    const status = run(command, args, { env: { ...process.env, CHROMIUM_PATH: chromium, ...env } })
    if (status !== 0) failed.push(name)
  }

  const vitest = readJson(join(reports, 'vitest.json'))
  const playwright = readJson(join(reports, 'playwright.json'))
  const passed =
    (vitest?.numPassedTests ?? 0) +
    (playwright?.stats?.expected ?? 0) +
    (playwright?.stats?.flaky ?? 0)
  const failedTests = (vitest?.numFailedTests ?? 0) + (playwright?.stats?.unexpected ?? 0)
  const skipped =
    (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + (playwright?.stats?.skipped ?? 0)
  say('')
  if (failed.length > 0) say(`Failed steps: ${failed.join(', ')}`)
  say(`total: ${passed} passed, ${failedTests} failed, ${skipped} skipped`)
  process.exit(failed.length > 0 || failedTests > 0 ? 1 : 0)
}

/** Every benchmark, each printing its figures beside the baseline it is measured against. */
function bench() {
  ensureInstalled()
  build({ quiet: true })
  for (const [script, args] of [
    ['journal-durability.mjs', ['1000']],
    ['journal-scale.mjs', []],
    ['cpm-payment.mjs', ['1000']],
    ['wedge.mjs', ['30']]
  ]) {
    say(`\n── bench/${script} ──`)
    if (run(process.execPath, [join(root, 'bench', script), ...args]) !== 0) {
      throw new Error(`bench/${script} failed`)
    }
  }
}

const commands = {
  start,
  test,
  bench,
  run: runTool,
  // `export PATH="$(node scripts/qrtill.mjs node-bin):$PATH"` puts Node 24 first for a shell.
  'node-bin': () =>
    say(versionAtLeast(process.version, minimum) ? dirname(process.execPath) : provisionNode().bin)
}

const command = commands[process.argv[2]]
if (!command) {
  process.stderr.write(`usage: node scripts/qrtill.mjs ${Object.keys(commands).join('|')}\n`)
  process.exit(2)
}
try {
  if (process.argv[2] === 'node-bin' || ensureNode()) command()
} catch (error) {
  process.stderr.write(`qrtill: ${error.message}\n`)
  process.exit(1)
}
