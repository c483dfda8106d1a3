import { aimPattern, symbologyOf, type Symbology } from './aim'

/**
 * HID-POS input reports (Bar Code Scanner page 0x8C, pos-anchors.md §4.5) into scanned codes.
 * The layout comes from the device's report descriptor where the platform gives us one; else
 * from the common layout documented in docs/scanners.md.
 */

const page = 0x8c
const usage = {
  symbology1: 0xfb,
  symbology2: 0xfc,
  symbology3: 0xfd,
  decodedData: 0xfe,
  dataContinued: 0xff
} as const
const extended = (id: number): number => ((page << 16) | id) >>> 0
const scannerUsages = new Set(Object.values(usage).map(extended))

/** Byte offsets are into the report as read: after the report ID byte when the device uses IDs. */
export interface ByteField {
  readonly byteOffset: number
  readonly length: number
}

export interface ScannedDataLayout {
  readonly source: 'descriptor' | 'fallback'
  /** The report ID of the scanned-data report (its first byte), or null when IDs are not used. */
  readonly reportId: number | null
  /** A leading byte count. The POS usage tables define none; Honeywell and Newland send one. */
  readonly length: ByteField | null
  /** Symbology Identifier 1-3: the AIM identifier's three characters. */
  readonly symbology: ByteField | null
  readonly data: ByteField
  readonly continued: { readonly byteOffset: number; readonly mask: number } | null
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string }

interface Field {
  readonly reportId: number
  readonly bitOffset: number
  readonly size: number
  readonly count: number
  readonly usages: readonly number[]
}

/**
 * Reads the input fields of a report descriptor (HID 1.11 §6.2.2: short items, long items
 * skipped) and finds the Decoded Data field and its neighbours. A descriptor without Decoded
 * Data (0x8C:0xFE) is not a scanner's; one whose data is not byte-aligned is not one we can read.
 */
export function layoutFromDescriptor(descriptor: Uint8Array): Parsed<ScannedDataLayout> {
  const fields: Field[] = []
  let globals = { page: 0, size: 0, count: 0, reportId: 0 }
  const stack: (typeof globals)[] = []
  let usages: number[] = []
  let usageMin: number | null = null
  let usageMax: number | null = null
  let usesIds = false
  const offsets = new Map<number, number>()

  let i = 0
  while (i < descriptor.length) {
    const prefix = descriptor[i] as number
    if (prefix === 0xfe) {
      // Long item: its size is the next byte (HID 1.11 §6.2.2.3); none is defined for us.
      i += 3 + (descriptor[i + 1] ?? 0)
      continue
    }
    const sizeCode = prefix & 0x03
    const size = sizeCode === 3 ? 4 : sizeCode
    if (i + 1 + size > descriptor.length) {
      return { ok: false, reason: `the report descriptor is cut short at byte ${i}` }
    }
    let value = 0
    for (let b = 0; b < size; b++) value |= (descriptor[i + 1 + b] as number) << (8 * b)
    value >>>= 0
    const type = (prefix >> 2) & 0x03
    const tag = prefix >> 4
    i += 1 + size

    if (type === 1) {
      if (tag === 0x0) globals.page = value
      else if (tag === 0x7) globals.size = value
      else if (tag === 0x8) {
        globals.reportId = value
        usesIds = true
      } else if (tag === 0x9) globals.count = value
      else if (tag === 0xa) stack.push({ ...globals })
      else if (tag === 0xb) globals = stack.pop() ?? globals
    } else if (type === 2) {
      const full = size === 4 ? value : ((globals.page << 16) | value) >>> 0
      if (tag === 0x0) usages.push(full)
      else if (tag === 0x1) usageMin = full
      else if (tag === 0x2) usageMax = full
    } else if (type === 0) {
      if (tag === 0x8) {
        let assigned = usages
        if (assigned.length === 0 && usageMin !== null && usageMax !== null) {
          assigned = []
          for (let u = usageMin; u <= usageMax && assigned.length < 1024; u++) assigned.push(u)
        }
        const at = offsets.get(globals.reportId) ?? 0
        fields.push({
          reportId: globals.reportId,
          bitOffset: at,
          size: globals.size,
          count: globals.count,
          usages: assigned
        })
        offsets.set(globals.reportId, at + globals.size * globals.count)
      }
      // Every main item (input, output, feature, collection, end) ends the local items' scope.
      usages = []
      usageMin = null
      usageMax = null
    }
  }
  return layoutFromFields(fields, usesIds)
}

function layoutFromFields(fields: readonly Field[], usesIds: boolean): Parsed<ScannedDataLayout> {
  const dataField = fields.find((field) => field.usages.includes(extended(usage.decodedData)))
  if (dataField === undefined) {
    return { ok: false, reason: 'the report descriptor has no Decoded Data usage (0x8C:0xFE)' }
  }
  if (dataField.size !== 8 || dataField.bitOffset % 8 !== 0) {
    return {
      ok: false,
      reason: `Decoded Data is ${dataField.size}-bit at bit ${dataField.bitOffset}, not whole bytes`
    }
  }
  const prefix = usesIds ? 1 : 0
  // One element per value in the report, each with the usage the descriptor gives it (the last
  // usage repeats over the rest of a field, HID 1.11 §6.2.2.8).
  const elements = fields
    .filter((field) => field.reportId === dataField.reportId && field !== dataField)
    .flatMap((field) =>
      Array.from({ length: field.count }, (_, n) => ({
        bit: field.bitOffset + n * field.size,
        size: field.size,
        usage: field.usages[Math.min(n, field.usages.length - 1)] ?? null
      }))
    )
    .sort((a, b) => a.bit - b.bit)

  const symbologyBytes = elements.filter(
    (e) =>
      e.size === 8 &&
      (e.usage === extended(usage.symbology1) ||
        e.usage === extended(usage.symbology2) ||
        e.usage === extended(usage.symbology3))
  )
  const firstSymbology = symbologyBytes[0]
  const contiguous =
    firstSymbology !== undefined &&
    firstSymbology.bit % 8 === 0 &&
    symbologyBytes.every((e, n) => e.bit === firstSymbology.bit + 8 * n)
  const continued = elements.find((e) => e.usage === extended(usage.dataContinued))
  const first = elements[0]
  const lengthByte =
    first !== undefined &&
    first.size === 8 &&
    first.bit % 8 === 0 &&
    first.bit < dataField.bitOffset &&
    (first.usage === null || !scannerUsages.has(first.usage))
      ? first
      : undefined

  return {
    ok: true,
    value: {
      source: 'descriptor',
      reportId: usesIds ? dataField.reportId : null,
      length:
        lengthByte === undefined ? null : { byteOffset: prefix + lengthByte.bit / 8, length: 1 },
      symbology: contiguous
        ? { byteOffset: prefix + firstSymbology.bit / 8, length: symbologyBytes.length }
        : null,
      data: { byteOffset: prefix + dataField.bitOffset / 8, length: dataField.count },
      continued:
        continued === undefined
          ? null
          : {
              byteOffset: prefix + Math.floor(continued.bit / 8),
              mask: continued.size === 1 ? 1 << (continued.bit % 8) : 0xff
            }
    }
  }
}

/**
 * The common layout, for when no descriptor is available (docs/scanners.md "Report layout"):
 * report ID 0x02, a length byte, then either an AIM identifier (`]` first: Honeywell, 64-byte
 * reports, a continued flag in bit 0 of the last byte) or the data straight away (Newland,
 * no continuation). At most 56 data bytes per report in both.
 */
export const commonReportId = 0x02
export const commonMaxData = 56
const honeywellReportSize = 64

function fallbackLayout(report: Uint8Array): ScannedDataLayout {
  const hasAim = report[2] === 0x5d
  const dataStart = hasAim ? 5 : 2
  return {
    source: 'fallback',
    reportId: commonReportId,
    length: { byteOffset: 1, length: 1 },
    symbology: hasAim ? { byteOffset: 2, length: 3 } : null,
    data: { byteOffset: dataStart, length: commonMaxData },
    continued:
      hasAim && report.length >= honeywellReportSize
        ? { byteOffset: honeywellReportSize - 1, mask: 0x01 }
        : null
  }
}

/** One report's share of a code. */
export interface Segment {
  readonly aim: string | null
  readonly data: Uint8Array
  readonly continued: boolean
  /** Something odd that did not stop the parse (a length byte the report cannot hold). */
  readonly warning: string | null
}

const hex = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`

/**
 * One input report into a segment. A report that is not the scanned-data report, or cannot be
 * one, is refused with a reason for the log; it never throws.
 */
export function parseReport(report: Uint8Array, layout: ScannedDataLayout | null): Parsed<Segment> {
  const used = layout ?? fallbackLayout(report)
  if (used.reportId !== null) {
    if (report.length === 0) return { ok: false, reason: 'an empty report' }
    if (report[0] !== used.reportId) {
      return {
        ok: false,
        reason: `report ID ${hex(report[0] as number)} is not the scanned-data report (${hex(used.reportId)})`
      }
    }
  }
  const minimum = Math.max(
    used.data.byteOffset + 1,
    used.length === null ? 0 : used.length.byteOffset + 1
  )
  if (report.length < minimum) {
    return { ok: false, reason: `a ${report.length}-byte report is too short to hold any data` }
  }
  const available = Math.min(used.data.length, report.length - used.data.byteOffset)
  let warning: string | null = null
  let count = available
  if (used.length !== null) {
    const declared = report[used.length.byteOffset] as number
    if (used.source === 'fallback' && declared > commonMaxData) {
      return {
        ok: false,
        reason: `length byte ${declared} exceeds the ${commonMaxData} data bytes of the common layout`
      }
    }
    if (declared > available) {
      warning = `length byte says ${declared} but the report holds ${available} data bytes; read ${available}`
    } else {
      count = declared
    }
  }
  let data = report.subarray(used.data.byteOffset, used.data.byteOffset + count)
  if (used.length === null) {
    let end = data.length
    while (end > 0 && data[end - 1] === 0) end--
    data = data.subarray(0, end)
  }
  const continued =
    used.continued !== null &&
    used.continued.byteOffset < report.length &&
    ((report[used.continued.byteOffset] as number) & used.continued.mask) !== 0
  if (data.length === 0 && !continued) return { ok: false, reason: 'a report with no data' }
  return {
    ok: true,
    value: { aim: aimOf(report, used.symbology), data: Uint8Array.from(data), continued, warning }
  }
}

function aimOf(report: Uint8Array, field: ByteField | null): string | null {
  if (field === null) return null
  const text = String.fromCharCode(
    ...report.subarray(field.byteOffset, field.byteOffset + field.length)
  )
  return aimPattern.test(text) ? text : null
}

export interface DecodedScan {
  readonly code: string
  readonly aim: string | null
  readonly symbology: Symbology | null
}

export interface Assembler {
  /** Adds a segment; a code is complete when a segment without the continued flag arrives. */
  push(segment: Segment, now: number): { scan: DecodedScan | null; dropped: string | null }
  reset(): void
}

export interface AssemblerOptions {
  /** A code longer than this is not a payment code or a product: dropped (docs/scanners.md). */
  readonly maxBytes?: number
  /**
   * A continuation later than this ends the code it continues: what was held is dropped, and so
   * is the rest of that code as it comes in.
   */
  readonly maxGapMs?: number
}

const decoder = new TextDecoder('utf-8')
/** Whitespace and control characters at either end of a code: a scanner's prefix or suffix. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is cut
const affixes = /^[\s\0-\x1f\x7f]+|[\s\0-\x1f\x7f]+$/g

/**
 * Reassembles codes that span several reports (a QR code over 56 bytes). The parts are joined
 * as bytes and decoded once, so a UTF-8 character split across two reports survives.
 */
export function createAssembler(options: AssemblerOptions = {}): Assembler {
  const maxBytes = options.maxBytes ?? 4096
  const maxGapMs = options.maxGapMs ?? 1000
  let parts: Uint8Array[] = []
  let held = 0
  let aim: string | null = null
  let lastAt = 0
  /**
   * The rest of a code already dropped is coming in: its parts are no code of their own. A
   * tail read as a code would be a wrong code at the counter (the end of a long QR payload can
   * look like a wallet code), so it is skipped up to the part that ends that code.
   */
  let skipping = false

  function reset(): void {
    parts = []
    held = 0
    aim = null
    skipping = false
  }

  return {
    reset,
    push(segment, now) {
      let dropped: string | null = null
      const late = now - lastAt > maxGapMs
      lastAt = now
      if (parts.length > 0 && late) {
        // Nothing marks a code's first report, so this part is taken as the cut code's next one:
        // a scanner does not give up in the middle of a code, a USB stall does.
        dropped = `a code cut off after ${held} bytes: its next part came too late`
        reset()
        skipping = true
      } else if (skipping && late) {
        // The end of the skipped code never came; this is a new scan.
        skipping = false
      }
      if (skipping) {
        if (!segment.continued) skipping = false
        return { scan: null, dropped }
      }
      if (parts.length === 0) aim = segment.aim
      parts.push(segment.data)
      held += segment.data.length
      if (held > maxBytes) {
        reset()
        skipping = segment.continued
        return { scan: null, dropped: `a code over ${maxBytes} bytes` }
      }
      if (segment.continued) return { scan: null, dropped }
      const bytes = new Uint8Array(held)
      let at = 0
      for (const part of parts) {
        bytes.set(part, at)
        at += part.length
      }
      const firstAim = aim
      reset()
      // A scanner set to add a prefix or suffix in HID-POS mode still sends it (CR, LF, Tab, a
      // space, STX/ETX): no payment code starts or ends with one, and one kept would make the
      // code unpayable (the contract refuses it, and no rule matches it).
      const code = decoder.decode(bytes).replace(affixes, '')
      if (code.length === 0) return { scan: null, dropped: dropped ?? 'an empty code' }
      return { scan: { code, aim: firstAim, symbology: symbologyOf(firstAim, code) }, dropped }
    }
  }
}
