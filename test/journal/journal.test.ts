import { chmodSync, copyFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
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

  it.runIf(process.platform !== 'win32')(
    'is readable by its owner alone, in a folder anyone can read, an old readable file too',
    () => {
      const dir = tempDir()
      chmodSync(dir, 0o755)
      const file = join(dir, 'journal.sqlite')
      // An earlier version's journal, left readable by all.
      openJournal(file).close()
      chmodSync(file, 0o644)
      const journal = openJournal(file)
      journal.createSale(100, 'JPY', 1)
      const modes = readdirSync(dir)
        .filter((name) => name.startsWith('journal.sqlite'))
        .map((name) => [name, (statSync(join(dir, name)).mode & 0o777).toString(8)])
      expect(modes).toEqual(
        ['journal.sqlite', 'journal.sqlite-shm', 'journal.sqlite-wal'].map((name) => [name, '600'])
      )
      journal.close()
    }
  )

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

describe('currentSale', () => {
  it('is the newest sale while the cashier still holds it, and nothing once it is done', () => {
    const journal = openJournal(join(tempDir(), 'journal.sqlite'))
    expect(journal.currentSale()).toBeUndefined()

    const first = journal.createSale(1200, 'JPY', 1, [
      { description: 'Tea', unitPriceMinor: 600, quantity: 2 }
    ])
    expect(journal.currentSale()).toMatchObject({
      saleId: first.saleId,
      status: 'open',
      lines: [{ description: 'Tea', quantity: 2 }]
    })

    const attempt = journal.createAttempt({
      saleId: first.saleId,
      mode: 'MPM',
      merchantOrderNo: 'QT1',
      payMethodId: 'WeChatPay',
      authCode: null,
      at: 2
    })
    expect(journal.currentSale()).toMatchObject({
      saleId: first.saleId,
      status: 'paying',
      attempts: [{ attemptId: attempt.attemptId, mode: 'MPM' }]
    })
    journal.updateAttempt(attempt.attemptId, { status: 'declined', at: 3 }, 'declined')
    expect(journal.currentSale()?.status).toBe('declined')
    journal.updateAttempt(
      attempt.attemptId,
      { status: 'needs-attention', at: 4 },
      'needs-attention'
    )
    expect(journal.currentSale()?.status).toBe('needs-attention')
    journal.updateAttempt(attempt.attemptId, { status: 'paid', at: 5 }, 'paid')
    expect(journal.currentSale()).toBeUndefined()

    const second = journal.createSale(500, 'JPY', 6)
    expect(journal.currentSale()?.saleId).toBe(second.saleId)
    journal.setSaleStatus(second.saleId, 'abandoned', 7)
    expect(journal.currentSale()).toBeUndefined()
    journal.close()
  })

  it('never goes back to an older sale left open, as the customer display does not', () => {
    const journal = openJournal(join(tempDir(), 'journal.sqlite'))
    journal.createSale(1200, 'JPY', 1)
    const newest = journal.createSale(800, 'JPY', 2)
    expect(journal.currentSale()?.saleId).toBe(newest.saleId)
    journal.setSaleStatus(newest.saleId, 'abandoned', 3)
    expect(journal.currentSale()).toBeUndefined()
    journal.close()
  })
})
