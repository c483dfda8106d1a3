import { describe, expect, it } from 'vitest'
import {
  createAssembler,
  type DecodedScan,
  layoutFromDescriptor,
  parseReport,
  type ScannedDataLayout,
  type Segment
} from '../../src/main/scanners'
import { honeywellStyle, keyboard, noIdsContinuedFirst } from '../fixtures/hid/descriptors'
import { keyboardReport, voyagerRevinf, voyagerRevinfText } from '../fixtures/hid/recorded'

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0))

/** A 64-byte report in the common (Honeywell) layout. */
function honeywellReport(
  aim: string,
  data: number[],
  continued: boolean,
  length = data.length
): Uint8Array {
  const report = new Uint8Array(64)
  report.set([0x02, length, ...ascii(aim)])
  report.set(data.slice(0, 56), 5)
  report[61] = 0x6a // Honeywell code ID 'j' (Code 128): vendor detail the parser ignores
  report[63] = continued ? 1 : 0
  return report
}

function layout(descriptor: readonly number[]): ScannedDataLayout {
  const parsed = layoutFromDescriptor(Uint8Array.from(descriptor))
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.value
}

function segment(report: Uint8Array | readonly number[], with_: ScannedDataLayout | null): Segment {
  const parsed = parseReport(Uint8Array.from(report), with_)
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.value
}

/** Feeds reports through parse and assembly, one ms apart, and returns the codes completed. */
function scan(
  reports: readonly (Uint8Array | readonly number[])[],
  with_: ScannedDataLayout | null
): DecodedScan[] {
  const assembler = createAssembler()
  return reports.flatMap((report, n) => {
    const { scan: done } = assembler.push(segment(report, with_), n)
    return done === null ? [] : [done]
  })
}

describe('layoutFromDescriptor', () => {
  it('finds length, symbology, data and the continued bit in a Honeywell-style descriptor', () => {
    expect(layout(honeywellStyle)).toEqual({
      source: 'descriptor',
      reportId: 2,
      length: { byteOffset: 1, length: 1 },
      symbology: { byteOffset: 2, length: 3 },
      data: { byteOffset: 5, length: 56 },
      continued: { byteOffset: 63, mask: 0x01 }
    })
  })

  it('follows another arrangement: no report IDs, usage ranges, continued as a whole byte', () => {
    expect(layout(noIdsContinuedFirst)).toEqual({
      source: 'descriptor',
      reportId: null,
      length: null,
      symbology: { byteOffset: 1, length: 3 },
      data: { byteOffset: 4, length: 20 },
      continued: { byteOffset: 0, mask: 0xff }
    })
  })

  it('refuses a keyboard descriptor and a descriptor cut short, with the reason', () => {
    expect(layoutFromDescriptor(Uint8Array.from(keyboard))).toEqual({
      ok: false,
      reason: 'the report descriptor has no Decoded Data usage (0x8C:0xFE)'
    })
    expect(layoutFromDescriptor(Uint8Array.from([0x05, 0x8c, 0x26, 0xff]))).toEqual({
      ok: false,
      reason: 'the report descriptor is cut short at byte 2'
    })
  })

  it('refuses Decoded Data that is not whole bytes', () => {
    const odd = [0x05, 0x8c, 0x75, 0x04, 0x95, 0x02, 0x09, 0xfe, 0x81, 0x02]
    expect(layoutFromDescriptor(Uint8Array.from(odd))).toEqual({
      ok: false,
      reason: 'Decoded Data is 4-bit at bit 0, not whole bytes'
    })
  })
})

describe('recorded reports (Honeywell Voyager 1602g)', () => {
  for (const [name, with_] of [
    ['the common layout (no descriptor)', null],
    ['the layout from the descriptor', layout(honeywellStyle)]
  ] as const) {
    it(`reassembles a six-report message and a one-report message with ${name}`, () => {
      const codes = scan(voyagerRevinf, with_)
      expect(codes).toEqual([
        { code: voyagerRevinfText, aim: ']X0', symbology: 'ean13' },
        { code: 'REVINF\u0006.', aim: ']Z6', symbology: 'non-barcode' }
      ])
    })
  }
})

describe('parseReport', () => {
  it('reads a QR wallet code in one report, with its AIM identifier', () => {
    const code = '281234567890123456'
    expect(scan([honeywellReport(']Q1', ascii(code), false)], null)).toEqual([
      { code, aim: ']Q1', symbology: 'qr' }
    ])
  })

  it('joins a code across three reports and decodes UTF-8 split between two of them', () => {
    const bytes = [...new TextEncoder().encode(`${'A'.repeat(55)}é${'B'.repeat(50)}`)]
    expect(bytes.slice(55, 57)).toEqual([0xc3, 0xa9]) // é straddles the first boundary
    const reports = [
      honeywellReport(']Q1', bytes.slice(0, 56), true),
      honeywellReport(']Q1', bytes.slice(56, 100), true),
      honeywellReport(']Q1', bytes.slice(100), false)
    ]
    for (const with_ of [null, layout(honeywellStyle)]) {
      expect(scan(reports, with_)).toEqual([
        { code: `${'A'.repeat(55)}é${'B'.repeat(50)}`, aim: ']Q1', symbology: 'qr' }
      ])
    }
  })

  it('reads the Newland layout (no AIM identifier) by the fallback', () => {
    // Newland FM430 HID POS: [0] ID 2, [1] length, [2..57] data, [58..61] reserved, [62] a
    // Newland symbology byte (reverse-engineered in a public FM430 driver; docs/scanners.md).
    const report = new Uint8Array(63)
    report.set([0x02, 13, ...ascii('4901234567894')])
    report[62] = 0x64
    expect(scan([report], null)).toEqual([{ code: '4901234567894', aim: null, symbology: null }])
  })

  it('reads a descriptor layout without IDs or length: trailing NULs end the data', () => {
    const report = [0x01, ...ascii(']C0'), ...ascii('ABCDEFGHIJKLMNOPQRST')]
    const tail = [0x00, ...ascii(']C0'), ...ascii('12345'), ...new Array<number>(15).fill(0)]
    expect(scan([report, tail], layout(noIdsContinuedFirst))).toEqual([
      { code: 'ABCDEFGHIJKLMNOPQRST12345', aim: ']C0', symbology: 'code128' }
    ])
  })

  it('reads what the report holds when the length byte claims more, and says so', () => {
    // A 40-byte report whose length byte claims 56: 35 data bytes are there.
    const report = honeywellReport(']E0', ascii('4'.repeat(56)), false).slice(0, 40)
    const parsed = parseReport(report, null)
    expect(parsed).toMatchObject({
      ok: true,
      value: { continued: false, aim: ']E0' }
    })
    if (!parsed.ok) return
    expect(parsed.value.data).toHaveLength(35)
    expect(parsed.value.warning).toBe(
      'length byte says 56 but the report holds 35 data bytes; read 35'
    )
    // The same with the descriptor's layout.
    const byDescriptor = parseReport(report, layout(honeywellStyle))
    expect(byDescriptor.ok && byDescriptor.value.warning).toBe(
      'length byte says 56 but the report holds 35 data bytes; read 35'
    )
  })

  it('takes only `length` bytes when the report holds more', () => {
    const report = honeywellReport(']C0', ascii('12345678901234567890'), false, 12)
    expect(segment(report, null).data).toEqual(Uint8Array.from(ascii('123456789012')))
  })

  it('ignores garbage with a reason, and never throws', () => {
    const cases: [readonly number[] | Uint8Array, string][] = [
      [keyboardReport, 'report ID 0x00 is not the scanned-data report (0x02)'],
      [[], 'an empty report'],
      [[0x02], 'a 1-byte report is too short to hold any data'],
      [[0x02, 200, 1, 2, 3], 'length byte 200 exceeds the 56 data bytes of the common layout'],
      [honeywellReport(']C0', [], false), 'a report with no data'],
      [
        [0x07, ...new Array<number>(63).fill(0xff)],
        'report ID 0x07 is not the scanned-data report (0x02)'
      ]
    ]
    for (const [report, reason] of cases) {
      expect(parseReport(Uint8Array.from(report), null)).toEqual({ ok: false, reason })
    }
    expect(parseReport(Uint8Array.from([0x05, 1, 2]), layout(honeywellStyle))).toEqual({
      ok: false,
      reason: 'report ID 0x05 is not the scanned-data report (0x02)'
    })
  })
})

describe('createAssembler', () => {
  const part = (text: string, continued: boolean): Segment => ({
    aim: ']Q1',
    data: Uint8Array.from(ascii(text)),
    continued,
    warning: null
  })

  it('drops a code whose next part comes too late, that part and the rest of it too', () => {
    const assembler = createAssembler({ maxGapMs: 1000 })
    expect(assembler.push(part('HEAD', true), 0)).toEqual({ scan: null, dropped: null })
    // The late part and the one after are that code's middle and tail, never a code of their own.
    expect(assembler.push(part('MIDDLE', true), 1001)).toEqual({
      scan: null,
      dropped: 'a code cut off after 4 bytes: its next part came too late'
    })
    expect(assembler.push(part('132904600349929677', false), 1002)).toEqual({
      scan: null,
      dropped: null
    })
    expect(assembler.push(part('NEXT', false), 1003).scan?.code).toBe('NEXT')
  })

  it('reads a new scan after a dropped code whose end never came', () => {
    const assembler = createAssembler({ maxGapMs: 1000 })
    assembler.push(part('HEAD', true), 0)
    assembler.push(part('MIDDLE', true), 2000)
    expect(assembler.push(part('NEXT', false), 3001).scan?.code).toBe('NEXT')
  })

  it('drops a code longer than the limit, all of it, and reads the next code', () => {
    const assembler = createAssembler({ maxBytes: 8 })
    expect(assembler.push(part('12345', true), 0).scan).toBeNull()
    expect(assembler.push(part('67890', true), 1)).toEqual({
      scan: null,
      dropped: 'a code over 8 bytes'
    })
    // The rest of the long code is not a code: its last part would otherwise be read alone.
    expect(assembler.push(part('ABC', true), 2)).toEqual({ scan: null, dropped: null })
    expect(assembler.push(part('TAIL', false), 3)).toEqual({ scan: null, dropped: null })
    expect(assembler.push(part('OK', false), 4).scan?.code).toBe('OK')
  })

  it('reads the next code after a too-long code that ended in the part that broke the limit', () => {
    const assembler = createAssembler({ maxBytes: 8 })
    assembler.push(part('12345', true), 0)
    expect(assembler.push(part('67890', false), 1)).toEqual({
      scan: null,
      dropped: 'a code over 8 bytes'
    })
    expect(assembler.push(part('OK', false), 2).scan?.code).toBe('OK')
  })

  it('cuts a trailing CR or LF suffix, and refuses a code that is only a suffix', () => {
    const assembler = createAssembler()
    expect(assembler.push(part('ABC\r\n', false), 0).scan?.code).toBe('ABC')
    expect(assembler.push(part('\r', false), 1)).toEqual({ scan: null, dropped: 'an empty code' })
  })

  it('cuts the Tab, space or STX/ETX a scanner adds in HID-POS mode too', () => {
    const assembler = createAssembler()
    const codes = ['132904600349929677\t', '132904600349929677 ', '\x02132904600349929677\x03']
    expect(codes.map((text, i) => assembler.push(part(text, false), i).scan?.code)).toEqual([
      '132904600349929677',
      '132904600349929677',
      '132904600349929677'
    ])
    // The code itself is kept as sent: a space inside is not an affix.
    expect(assembler.push(part('AB CD\t', false), 9).scan?.code).toBe('AB CD')
  })
})
