import { describe, expect, it } from 'vitest'
import { parse, UsageError } from '../../src/sandbox/cli-args'

describe('npm run sandbox: its command line', () => {
  it('takes -h as --help, as the other tools do', () => {
    expect(parse(['-h'])).toBe('help')
    expect(parse(['--help'])).toBe('help')
  })

  it('takes a port in digits, 0 for any free one, and nothing else', () => {
    expect(parse(['--port', '8788'])).toMatchObject({ port: 8788 })
    expect(parse(['--port', '0'])).toMatchObject({ port: 0 })
    expect(parse([])).toMatchObject({ port: 8787 })
    // Number() would have read '' as port 0 and '0x50' as port 80.
    for (const bad of ['', '0x50', '1e3', '-1', '65536', '80.5', ' 80']) {
      expect(() => parse(['--port', bad]), JSON.stringify(bad)).toThrow(UsageError)
    }
  })

  it('refuses an unknown option', () => {
    expect(() => parse(['--bogus'])).toThrow(UsageError)
  })
})
