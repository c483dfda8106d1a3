import { afterEach, describe, expect, it } from 'vitest'
import { openJournal, type Journal } from '../../src/main/journal'
import {
  createReports,
  guardFormula,
  quoteField,
  refundsCsvHeader,
  salesCsvHeader,
  toCsv
} from '../../src/main/reports'
import { dayEnd, dayStart, hour, orderNo, refund, ringUp, unusedGateway } from './support'

const opened: Journal[] = []
afterEach(() => {
  for (const journal of opened.splice(0)) journal.close()
})

function journal(): Journal {
  const created = openJournal(':memory:')
  opened.push(created)
  return created
}

/** An RFC 4180 reader, strict enough to catch a writer's mistakes: CRLF rows, "" escapes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = 0
  while (i < text.length) {
    const char = text[i] as string
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"'
        i += 2
        continue
      }
      if (char === '"') {
        quoted = false
        i += 1
        continue
      }
      field += char
      i += 1
      continue
    }
    if (char === '"') {
      if (field !== '') throw new Error(`a quote inside an unquoted field at ${i}`)
      quoted = true
    } else if (char === ',') {
      row.push(field)
      field = ''
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i += 1
    } else if (char === '\n' || char === '\r') {
      throw new Error(`a bare line break outside quotes at ${i}`)
    } else {
      field += char
    }
    i += 1
  }
  if (quoted) throw new Error('an unterminated quoted field')
  if (field !== '' || row.length > 0) throw new Error('the last row has no CRLF')
  return rows
}

/** The rows of a CSV file as objects keyed by the header, after checking the BOM. */
function records(csv: string): Record<string, string>[] {
  expect(csv.startsWith('\uFEFF')).toBe(true)
  const [header, ...rows] = parseCsv(csv.slice(1))
  if (header === undefined) throw new Error('no header')
  for (const row of rows) expect(row).toHaveLength(header.length)
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])))
}

const tokyo = { timeZone: 'Asia/Tokyo' }

describe('CSV writing', () => {
  it('quotes only what must be quoted, doubling quotes (RFC 4180)', () => {
    expect(quoteField('plain')).toBe('plain')
    expect(quoteField('a,b')).toBe('"a,b"')
    expect(quoteField('say "hi"')).toBe('"say ""hi"""')
    expect(quoteField('two\r\nlines')).toBe('"two\r\nlines"')
    expect(quoteField('lf\nonly')).toBe('"lf\nonly"')
  })

  it('makes formulas inert with a leading apostrophe', () => {
    for (const text of ['=1+1', '+81 3 1234', '-2', '@SUM(A1)', '\t=cmd', '\r=cmd']) {
      expect(guardFormula(text)).toBe(`'${text}`)
    }
    expect(guardFormula('a=b')).toBe('a=b')
    expect(guardFormula('返品')).toBe('返品')
  })

  it('guards the full-width signs and a formula behind leading spaces too', () => {
    // Excel in Japanese takes a full-width ＝＋－＠ as the formula's half-width sign, and a
    // spreadsheet that trims the cell's leading spaces before reading it runs what follows.
    for (const text of [
      '＝HYPERLINK("http://evil.example","click")',
      '＋81 3 1234',
      '－1＋1',
      '＠SUM(A1)',
      ' =1+1',
      '   @SUM(A1)',
      '\u3000=1+1',
      '\u3000＝1＋1',
      '\n=1+1'
    ]) {
      expect(guardFormula(text)).toBe(`'${text}`)
    }
    expect(guardFormula(' plain words')).toBe(' plain words')
    expect(guardFormula('サイズ＝Ｍ')).toBe('サイズ＝Ｍ')
  })

  it('writes a BOM, a header and CRLF-terminated rows; numbers and amounts unguarded', () => {
    const csv = toCsv(['a', 'b', 'c', 'd'], [[1, null, '=x', { numeric: '-1.50' }]])
    expect(csv).toBe("\uFEFFa,b,c,d\r\n1,,'=x,-1.50\r\n")
  })
})

describe('CSV export', () => {
  it('exports the sales of the range: amounts in major units beside their currency', async () => {
    const j = journal()
    const yen = ringUp(j, { minor: 1200, method: 'WeChatPay', at: dayStart })
    refund(j, yen, { minor: 200, at: dayStart + hour, status: 'refunded' })
    refund(j, yen, { minor: 100, at: dayStart + hour, status: 'failed' })
    ringUp(j, { minor: 1234, currency: 'USD', method: 'Alipay+', at: dayStart + 2 * hour })
    ringUp(j, { minor: 5, currency: 'USD', method: 'Alipay+', at: dayStart + 3 * hour })
    ringUp(j, { minor: 999, at: dayEnd }) // tomorrow: not in the file
    const reports = createReports({
      journal: j,
      gateway: unusedGateway,
      now: () => dayEnd,
      ...tokyo
    })

    const { filename, csv } = await reports.exportCsv({ from: dayStart, to: dayEnd, kind: 'sales' })

    expect(filename).toBe('qr-till-sales-2026-11-26.csv')
    const rows = records(csv)
    expect(parseCsv(csv.slice(1))[0]).toEqual([...salesCsvHeader])
    expect(rows.map((row) => [row['amount'], row['currency'], row['refunded']])).toEqual([
      ['1200', 'JPY', '200'],
      ['12.34', 'USD', '0.00'],
      ['0.05', 'USD', '0.00']
    ])
    expect(rows[0]).toMatchObject({
      sale_id: String(yen.saleId),
      created_at_utc: '2026-11-25T15:00:00.000Z',
      created_at_local: '2026-11-26T00:00:00+09:00',
      status: 'paid',
      pay_method: 'WeChatPay',
      mode: 'CPM',
      merchant_order_no: yen.merchantOrderNo,
      auth_code_last4: '6789',
      attempt_status: 'paid',
      attempts: '1'
    })
  })

  it('shows the attempt that decided a sale, and never more than 4 characters of a code', async () => {
    const j = journal()
    const declined = ringUp(j, {
      minor: 800,
      method: 'PayPay',
      at: dayStart + hour,
      status: 'declined',
      authCode: '999988887777666655'
    })
    const paid = j.createAttempt({
      saleId: declined.saleId,
      mode: 'CPM',
      merchantOrderNo: orderNo(),
      payMethodId: 'AuPay',
      authCode: '111122223333444455',
      at: dayStart + hour + 5_000
    })
    j.updateAttempt(paid.attemptId, { status: 'paid', at: dayStart + hour + 6_000 }, 'paid')
    // A row written by something that forgot the rule: the export still cuts it to four.
    const leaky = ringUp(j, { minor: 300, at: dayStart + 2 * hour })
    j.db
      .prepare("UPDATE attempts SET auth_code_last4 = '123456789012345678' WHERE id = ?")
      .run(leaky.attemptId)
    const reports = createReports({
      journal: j,
      gateway: unusedGateway,
      now: () => dayEnd,
      ...tokyo
    })

    const { csv } = await reports.exportCsv({ from: dayStart, to: dayEnd, kind: 'sales' })

    const [first, second] = records(csv)
    expect(first).toMatchObject({ pay_method: 'AuPay', auth_code_last4: '4455', attempts: '2' })
    expect(second).toMatchObject({ auth_code_last4: '5678' })
    for (const full of ['999988887777666655', '111122223333444455', '123456789012345678']) {
      expect(csv).not.toContain(full.slice(0, -4))
    }
  })

  it('exports refunds with Japanese reasons, quoting and formula injection guarded', async () => {
    const j = journal()
    const paid = ringUp(j, { minor: 10_000, method: 'PayPay', at: dayStart })
    const reasons = [
      '返品・サイズ違い（Ｍ→Ｌ）',
      'damaged, "box" torn',
      'line one\nline two',
      '=HYPERLINK("http://evil.example","click")',
      '+81-3-1234-5678',
      '-1+1',
      '@SUM(A1:A9)',
      '＝HYPERLINK("http://evil.example","クリック")'
    ]
    reasons.forEach((reason, i) =>
      refund(j, paid, {
        minor: 100 + i,
        at: dayStart + (i + 1) * 60_000,
        status: i === 1 ? 'failed' : 'refunded',
        reason
      })
    )
    const reports = createReports({
      journal: j,
      gateway: unusedGateway,
      now: () => dayEnd,
      ...tokyo
    })

    const { filename, csv } = await reports.exportCsv({
      from: dayStart,
      to: dayEnd,
      kind: 'refunds'
    })

    expect(filename).toBe('qr-till-refunds-2026-11-26.csv')
    expect(parseCsv(csv.slice(1))[0]).toEqual([...refundsCsvHeader])
    const rows = records(csv)
    expect(rows.map((row) => row['reason'])).toEqual([
      '返品・サイズ違い（Ｍ→Ｌ）',
      'damaged, "box" torn',
      'line one\nline two',
      `'=HYPERLINK("http://evil.example","click")`,
      "'+81-3-1234-5678",
      "'-1+1",
      "'@SUM(A1:A9)",
      `'＝HYPERLINK("http://evil.example","クリック")`
    ])
    expect(rows.map((row) => row['status'])).toEqual([
      'refunded',
      'failed',
      'refunded',
      'refunded',
      'refunded',
      'refunded',
      'refunded',
      'refunded'
    ])
    expect(rows[1]).toMatchObject({
      failure: 'The refund failed: The merchant balance is too low.'
    })
    expect(rows[0]).toMatchObject({
      amount: '100',
      currency: 'JPY',
      sale_id: String(paid.saleId),
      pay_method: 'PayPay',
      payment_merchant_order_no: paid.merchantOrderNo,
      created_at_local: '2026-11-26T00:01:00+09:00'
    })
    // UTF-8, as bytes: the BOM is EF BB BF and the Japanese text survives a round trip.
    const bytes = Buffer.from(csv, 'utf8')
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.toString('utf8')).toContain('返品・サイズ違い')
  })

  it('reads a long range a day at a time: the same rows in order, the till running in between', async () => {
    const j = journal()
    // Around the edges of the export's windows (a day from the range's start), and refunds too.
    const at = [0, 24 * hour - 1, 24 * hour, 24 * hour + 1, 50 * hour, 71 * hour].map(
      (offset) => dayStart + offset
    )
    const paid = at.map((time, i) => ringUp(j, { minor: 100 + i, at: time }))
    paid.forEach((attempt, i) =>
      refund(j, attempt, { minor: 1, at: (at[i] ?? dayStart) + 1, status: 'refunded' })
    )
    const reports = createReports({
      journal: j,
      gateway: unusedGateway,
      now: () => dayEnd,
      ...tokyo
    })
    const range = { from: dayStart, to: dayStart + 3 * 24 * hour }

    // A payment's timer due while the export runs, writing to the same journal.
    const order: string[] = []
    const exporting = reports.exportCsv({ ...range, kind: 'sales' }).then((file) => {
      order.push('export done')
      return file
    })
    setImmediate(() => {
      ringUp(j, { minor: 999, at: dayStart + 80 * hour })
      order.push('payment written')
    })
    const sales = await exporting
    expect(order).toEqual(['payment written', 'export done'])
    expect(records(sales.csv).map((row) => row['amount'])).toEqual([
      '100',
      '101',
      '102',
      '103',
      '104',
      '105'
    ])
    const refunds = await reports.exportCsv({ ...range, kind: 'refunds' })
    expect(records(refunds.csv).map((row) => row['refund_id'])).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6'
    ])
  })

  it("lists a sale once when it is paid between two of the export's windows", async () => {
    const j = journal()
    // Opened late on the first day; its payment is made on the second, while the export runs.
    const sale = j.createSale(1_500, 'JPY', dayStart + 23 * hour)
    const reports = createReports({
      journal: j,
      gateway: unusedGateway,
      now: () => dayEnd,
      ...tokyo
    })
    const range = { from: dayStart, to: dayStart + 3 * 24 * hour }

    // The first window is read before exportCsv returns; the payment's reply lands before the
    // second's read, as a gateway reply does while the export lets the event loop go.
    const exporting = reports.exportCsv({ ...range, kind: 'sales' })
    const attempt = j.createAttempt({
      saleId: sale.saleId,
      mode: 'CPM',
      merchantOrderNo: orderNo(),
      payMethodId: 'PayPay',
      authCode: '134567890123456789',
      at: dayStart + 25 * hour
    })
    j.updateAttempt(attempt.attemptId, { status: 'paid', at: dayStart + 25 * hour }, 'paid')
    const rows = records((await exporting).csv)

    // One query over the whole range, as before the windows, sees it once, as it is now.
    expect(rows.map((row) => [row['sale_id'], row['status']])).toEqual([
      [String(sale.saleId), 'paid']
    ])
  })

  it('exports USD refunds in dollars and names a longer range by its first and last day', async () => {
    const j = journal()
    const paid = ringUp(j, { minor: 10_050, currency: 'USD', method: 'Alipay+', at: dayStart })
    refund(j, paid, { minor: 1_005, at: dayStart + 30 * hour, status: 'refunded' })
    const reports = createReports({
      journal: j,
      gateway: unusedGateway,
      now: () => dayEnd,
      ...tokyo
    })

    const week = { from: dayStart, to: dayStart + 7 * 24 * hour }
    const sales = await reports.exportCsv({ ...week, kind: 'sales' })
    const refunds = await reports.exportCsv({ ...week, kind: 'refunds' })

    expect(sales.filename).toBe('qr-till-sales-2026-11-26_2026-12-02.csv')
    expect(records(sales.csv)[0]).toMatchObject({
      amount: '100.50',
      currency: 'USD',
      refunded: '10.05'
    })
    expect(records(refunds.csv)[0]).toMatchObject({ amount: '10.05', currency: 'USD' })
  })

  it('writes just the header for an empty range', async () => {
    const j = journal()
    const reports = createReports({
      journal: j,
      gateway: unusedGateway,
      now: () => dayEnd,
      ...tokyo
    })
    const { csv } = await reports.exportCsv({ from: dayStart, to: dayEnd, kind: 'refunds' })
    expect(csv).toBe(`\uFEFF${refundsCsvHeader.join(',')}\r\n`)
  })

  it('names and stamps the file in the shop’s time zone', async () => {
    const j = journal()
    ringUp(j, { minor: 100, at: dayStart })
    const utc = createReports({
      journal: j,
      gateway: unusedGateway,
      now: () => dayEnd,
      timeZone: 'UTC'
    })
    const { filename, csv } = await utc.exportCsv({ from: dayStart, to: dayEnd, kind: 'sales' })
    // Tokyo's 26 November runs over two UTC days.
    expect(filename).toBe('qr-till-sales-2026-11-25_2026-11-26.csv')
    expect(records(csv)[0]).toMatchObject({ created_at_local: '2026-11-25T15:00:00+00:00' })
  })
})
