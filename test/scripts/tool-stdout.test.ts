import { spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * `npm run paycloud -- … --json` goes through scripts/qrtill.mjs `run`, which installs first when
 * the lockfile changed. Here the wrapper runs in a copy of the project skeleton whose `npm` and
 * `electron-vite` are stand-ins (no install, no build) and whose tool prints one JSON object.
 */
const scripts = join(__dirname, '..', '..', 'scripts')
const root = mkdtempSync(join(tmpdir(), 'qr-till-wrapper-'))

afterAll(() => rmSync(root, { recursive: true, force: true }))

function executable(path: string, text: string): void {
  writeFileSync(path, text)
  chmodSync(path, 0o755)
}

describe('qrtill.mjs run <tool>', () => {
  it("leaves the tool's stdout its own while it installs the dependencies", () => {
    for (const dir of ['scripts', 'bin', join('node_modules', '.bin'), join('out', 'main')]) {
      mkdirSync(join(root, dir), { recursive: true })
    }
    for (const file of ['qrtill.mjs', 'child.mjs']) {
      copyFileSync(join(scripts, file), join(root, 'scripts', file))
    }
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3}')
    executable(join(root, 'bin', 'npm'), '#!/bin/sh\necho "added 1 package in 1s"\n')
    executable(join(root, 'node_modules', '.bin', 'electron-vite'), '#!/bin/sh\nexit 0\n')
    writeFileSync(
      join(root, 'out', 'main', 'paycloud.js'),
      'process.stdout.write(JSON.stringify({ ok: true, args: process.argv.slice(2) }) + "\\n")'
    )

    const result = spawnSync(
      process.execPath,
      [join(root, 'scripts', 'qrtill.mjs'), 'run', 'paycloud', 'query-order', 'QT1', '--json'],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${join(root, 'bin')}${delimiter}${process.env['PATH']}` }
      }
    )
    expect(result.status).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({ ok: true, args: ['query-order', 'QT1', '--json'] })
    expect(result.stderr).toContain('Installing dependencies (npm ci)')
    expect(result.stderr).toContain('added 1 package')
  })
})
