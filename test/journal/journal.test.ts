import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { JournalUnavailableError, openJournal } from '../../src/main/journal'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()

describe('journal', () => {
  it('writes an attempt with a keyed hash and the last four characters, never the code', () => {
    const dir = tempDir()
    const journal = openJournal(join(dir, 'journal.sqlite'))
    const sale = journal.createSale(1200, 'JPY', 1000)
    const attempt = journal.createAttempt({
      saleId: sale.saleId,
      mode: 'CPM',
      merchantOrderNo: 'QT1',
      payMethodId: 'WeChatPay',
      authCode: '134567890123456789',
      at: 1001
    })
    expect(attempt).toMatchObject({
      status: 'pending',
      authCodeLast4: '6789',
      amount: { minor: 1200 }
    })
    expect(journal.getSale(sale.saleId)?.status).toBe('paying')
    expect(journal.events({ attemptId: attempt.attemptId }).map((e) => e.kind)).toEqual([
      'attempt.created'
    ])
    journal.close()
  })

  it('survives a reopen: what was written is there', () => {
    const file = join(tempDir(), 'journal.sqlite')
    const first = openJournal(file)
    const sale = first.createSale(500, 'USD', 1)
    first.close()
    const second = openJournal(file)
    expect(second.getSale(sale.saleId)).toMatchObject({ amount: { minor: 500, currency: 'USD' } })
    second.close()
  })

  it('reports a journal it cannot write as unavailable and keeps what it had', () => {
    const file = join(tempDir(), 'journal.sqlite')
    const journal = openJournal(file)
    const sale = journal.createSale(700, 'JPY', 1)
    journal.close()
    const readOnly = openJournal(file, { readonly: true })
    expect(() => readOnly.createSale(1, 'JPY', 2)).toThrow(JournalUnavailableError)
    expect(() => readOnly.createSale(1, 'JPY', 2)).toThrow(/could not record the new sale/)
    expect(readOnly.getSale(sale.saleId)?.amount.minor).toBe(700)
    readOnly.close()
  })

  it('refuses a corrupt file with a clear error', () => {
    const file = join(tempDir(), 'journal.sqlite')
    writeFileSync(file, 'this is not a database, it is a shopping list')
    expect(() => openJournal(file)).toThrow(/cannot be opened/)
  })

  it('detects a damaged database at start', () => {
    const dir = tempDir()
    const good = join(dir, 'good.sqlite')
    const journal = openJournal(good)
    for (let i = 0; i < 200; i += 1) journal.createSale(100 + i, 'JPY', i)
    journal.close()
    const bad = join(dir, 'bad.sqlite')
    copyFileSync(good, bad)
    const bytes = Buffer.alloc(4096, 0xff)
    writeFileSync(bad, bytes, { flag: 'r+' })
    expect(() => openJournal(bad)).toThrow(JournalUnavailableError)
  })
})
