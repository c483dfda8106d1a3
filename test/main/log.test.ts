import { afterEach, describe, expect, it } from 'vitest'
import { createLogger, redact, redactText, setLogSink, type LogSink } from '../../src/main/log'

afterEach(() => setLogSink(() => undefined, 'error'))

describe('redaction', () => {
  it('hides customer codes but keeps order numbers readable', () => {
    expect(redactText('scanned 134567890123456789 for QT20261126004647G3ERE89M')).toBe(
      'scanned [code …6789] for QT20261126004647G3ERE89M'
    )
    expect(redactText('auth_code=28012345678901234567')).toBe('auth_code=[code …4567]')
    expect(redactText('amount 12345678901')).toBe('amount 12345678901')
  })

  it('hides PEM keys and secret fields at any depth', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----'
    expect(redactText(`key: ${pem}`)).toBe('key: [redacted key]')
    expect(
      redact({ request: { auth_code: '1345', sign: 'abc', appPrivateKeyPem: pem, amount: 1200 } })
    ).toEqual({
      request: {
        auth_code: '[redacted]',
        sign: '[redacted]',
        appPrivateKeyPem: '[redacted]',
        amount: 1200
      }
    })
  })

  it('applies to every record a logger writes, and honours the level', () => {
    const records: Parameters<LogSink>[0][] = []
    setLogSink((record) => records.push(record), 'info')
    const log = createLogger('payments')
    log.debug('not written')
    log.info('paid with 134567890123456789', { authCode: '134567890123456789' })
    expect(records).toEqual([
      {
        level: 'info',
        tag: 'payments',
        message: 'paid with [code …6789]',
        fields: { authCode: '[redacted]' }
      }
    ])
  })
})
