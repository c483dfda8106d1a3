import { describe, expect, it } from 'vitest'
import {
  createWedgeDetector,
  findLayoutMismatch,
  gapsOf,
  proposeMaxGap,
  resolveWedgeOptions,
  walletCodeMinLength,
  wedgeSettingsSchema,
  type KeyInput,
  type Scan,
  type WedgeDetector
} from '../../src/shared/wedge'

const walletCode = '132904600349929677'

function feed(detector: WedgeDetector, keys: readonly KeyInput[]): Scan[] {
  const scans: Scan[] = []
  for (const key of keys) {
    const scan = detector.push(key)
    if (scan) scans.push(scan)
  }
  return scans
}

function digits(text: string, start: number, gap: number): KeyInput[] {
  return [...text].map((digit, i) => ({
    key: digit,
    code: `Digit${digit}`,
    timeStamp: start + i * gap
  }))
}

/** A scanner in Alt-code mode: Alt down, the code on the numpad with a leading 0, Alt up. */
function altCodeKeys(text: string, start: number, withKeyUps: boolean): KeyInput[] {
  const keys: KeyInput[] = []
  let at = start
  for (const char of text) {
    keys.push({ key: 'Alt', code: 'AltLeft', timeStamp: at, altKey: true })
    for (const digit of `0${char.charCodeAt(0)}`) {
      at += 2
      keys.push({ key: digit, code: `Numpad${digit}`, timeStamp: at, altKey: true })
    }
    at += 2
    if (withKeyUps) keys.push({ type: 'keyup', key: 'Alt', code: 'AltLeft', timeStamp: at })
    at += 2
  }
  keys.push({ key: 'Enter', code: 'Enter', timeStamp: at })
  return keys
}

describe('prefix', () => {
  it('takes only runs that open with a named prefix key, and drops it from the text', () => {
    const detector = createWedgeDetector({ prefix: ['F9'] })
    const framed = [
      { key: 'F9', code: 'F9', timeStamp: 1000 },
      ...digits(walletCode, 1005, 5),
      { key: 'Enter', code: 'Enter', timeStamp: 1095 }
    ]
    expect(feed(detector, framed).map((scan) => [scan.text, scan.startedAt])).toEqual([
      [walletCode, 1000]
    ])
    const bare = [...digits(walletCode, 5000, 5), { key: 'Enter', code: 'Enter', timeStamp: 5090 }]
    expect(feed(detector, bare)).toEqual([])
  })

  it('starts a new run at the prefix key, whatever came just before it', () => {
    const detector = createWedgeDetector({ prefix: ['F9'] })
    const keys = [
      ...digits('77', 1000, 10),
      { key: 'F9', code: 'F9', timeStamp: 1020 },
      ...digits(walletCode, 1025, 5),
      { key: 'Enter', code: 'Enter', timeStamp: 1115 }
    ]
    expect(feed(detector, keys).map((scan) => scan.text)).toEqual([walletCode])
  })

  it('matches character prefixes on the decoded characters and counts length without them', () => {
    const detector = createWedgeDetector({ prefix: [']', 'Q'], minLength: 18 })
    const keys: KeyInput[] = [
      { key: ']', code: 'BracketRight', timeStamp: 1000 },
      { key: 'Shift', code: 'ShiftLeft', timeStamp: 1003 },
      { key: 'Q', code: 'KeyQ', timeStamp: 1005, shiftKey: true },
      ...digits(walletCode, 1010, 5),
      { key: 'Enter', code: 'Enter', timeStamp: 1100 }
    ]
    expect(feed(detector, keys).map((scan) => scan.text)).toEqual([walletCode])
    const short = [...keys.slice(0, 3), ...digits('1234567', 2010, 5)]
    short.push({ key: 'Enter', code: 'Enter', timeStamp: 2045 })
    expect(feed(createWedgeDetector({ prefix: [']', 'Q'], minLength: 8 }), short)).toEqual([])
  })

  it('rejects an empty prefix key', () => {
    expect(() => createWedgeDetector({ prefix: [''] })).toThrow(RangeError)
  })
})

describe('Alt codes (pos-anchors.md §4.4, onscan.js#40)', () => {
  it.each([true, false])('reads characters typed as Alt + numpad (key-ups given: %s)', (ups) => {
    const scans = feed(createWedgeDetector(), altCodeKeys('QR-2024ab', 1000, ups))
    expect(scans.map((scan) => [scan.text, scan.endedBy])).toEqual([['QR-2024ab', 'Enter']])
  })

  it('reads Alt codes with NumLock off, where the numpad keys are navigation keys', () => {
    const navigation = ['Insert', 'End', 'ArrowDown', 'PageDown', 'ArrowLeft', 'Clear']
    const keys = altCodeKeys(walletCode, 1000, true).map((key) => {
      const digit = /^Numpad([0-9])$/.exec(key.code)?.[1]
      return digit === undefined ? key : { ...key, key: navigation[Number(digit)] ?? 'Home' }
    })
    expect(feed(createWedgeDetector(), keys).map((scan) => scan.text)).toEqual([walletCode])
  })

  it('ends a code with an Alt code for Enter (13), and completes the last character at flush', () => {
    const keys = altCodeKeys('123456', 1000, false).slice(0, -1)
    const enter = [
      { key: 'Alt', code: 'AltLeft', timeStamp: 2000, altKey: true },
      { key: '1', code: 'Numpad1', timeStamp: 2002, altKey: true },
      { key: '3', code: 'Numpad3', timeStamp: 2004, altKey: true },
      { key: 'Alt', code: 'AltLeft', timeStamp: 2006, type: 'keyup' as const }
    ]
    // The Alt+13 comes after a pause: it is a person's (or a late) Enter and completes nothing.
    expect(feed(createWedgeDetector(), [...keys, ...enter])).toEqual([])
    const fast = enter.map((key) => ({ ...key, timeStamp: key.timeStamp - 2000 + 1070 }))
    expect(feed(createWedgeDetector(), [...keys, ...fast]).map((scan) => scan.text)).toEqual([
      '123456'
    ])
    const idle = createWedgeDetector({ terminators: [] })
    expect(feed(idle, keys)).toEqual([])
    expect(idle.flush(5000)?.text).toBe('123456')
  })

  it('does not take numpad digits without Alt for an Alt code', () => {
    const keys = [...walletCode].map((digit, i) => ({
      key: digit,
      code: `Numpad${digit}`,
      timeStamp: 1000 + i * 5,
      altKey: false
    }))
    keys.push({ key: 'Enter', code: 'NumpadEnter', timeStamp: 1090, altKey: false })
    expect(feed(createWedgeDetector(), keys).map((scan) => scan.text)).toEqual([walletCode])
  })
})

describe('Caps Lock and Shift', () => {
  it('takes the case from shiftKey when known: Caps Lock does not flip a scan', () => {
    // Caps Lock on: the layout reports `A` for the scanner's unshifted `a`, `a` for its Shift+A.
    const keys: KeyInput[] = [
      { key: 'A', code: 'KeyA', timeStamp: 1000, shiftKey: false },
      { key: 'B', code: 'KeyB', timeStamp: 1005, shiftKey: false },
      { key: 'Shift', code: 'ShiftLeft', timeStamp: 1008, shiftKey: true },
      { key: 'c', code: 'KeyC', timeStamp: 1010, shiftKey: true },
      ...digits('1234', 1015, 5),
      { key: 'Enter', code: 'Enter', timeStamp: 1040 }
    ]
    expect(feed(createWedgeDetector(), keys).map((scan) => scan.text)).toEqual(['abC1234'])
  })

  it('falls back on the case of key when shiftKey is unknown', () => {
    const keys: KeyInput[] = [
      { key: 'A', code: 'KeyA', timeStamp: 1000 },
      { key: 'b', code: 'KeyB', timeStamp: 1005 },
      ...digits('12345', 1010, 5),
      { key: 'Enter', code: 'Enter', timeStamp: 1040 }
    ]
    expect(feed(createWedgeDetector(), keys).map((scan) => scan.text)).toEqual(['Ab12345'])
  })
})

describe('settings and presets', () => {
  it('resolves the standard preset, with 16 characters on the payment screen', () => {
    expect(resolveWedgeOptions({}, 'entry')).toEqual({
      maxGapMs: 50,
      minFastRun: 4,
      terminators: ['Enter'],
      minLength: 6,
      idleTimeoutMs: 100,
      prefix: []
    })
    expect(resolveWedgeOptions({}, 'payment').minLength).toBe(walletCodeMinLength)
    expect(walletCodeMinLength).toBe(16)
  })

  it('resolves the slow preset to 150 ms, and a calibrated gap over either', () => {
    expect(resolveWedgeOptions({ preset: 'slow' }, 'payment')).toMatchObject({
      maxGapMs: 150,
      idleTimeoutMs: 200,
      minLength: 16
    })
    expect(resolveWedgeOptions({ preset: 'slow', maxGapMs: 37 }, 'entry')).toMatchObject({
      maxGapMs: 37,
      idleTimeoutMs: 200
    })
    expect(resolveWedgeOptions({ maxGapMs: 180 }, 'entry').idleTimeoutMs).toBe(230)
    expect(
      resolveWedgeOptions(
        { terminators: [], prefix: ['F9'], minLength: 8, paymentMinLength: 18, idleTimeoutMs: 90 },
        'entry'
      )
    ).toMatchObject({ terminators: [], prefix: ['F9'], minLength: 8, idleTimeoutMs: 90 })
    expect(resolveWedgeOptions({ paymentMinLength: 18 }, 'payment').minLength).toBe(18)
  })

  it('a slow scanner read under the slow preset is dropped under the standard one', () => {
    const keys = [...digits(walletCode, 1000, 90), { key: 'Enter', code: 'Enter', timeStamp: 2620 }]
    const slow = createWedgeDetector(resolveWedgeOptions({ preset: 'slow' }, 'payment'))
    expect(feed(slow, keys).map((scan) => scan.text)).toEqual([walletCode])
    expect(feed(createWedgeDetector(resolveWedgeOptions({}, 'payment')), keys)).toEqual([])
  })

  it('keeps a product code from counting as a wallet code on the payment screen', () => {
    const ean = [
      ...digits('4912345678904', 1000, 5),
      { key: 'Enter', code: 'Enter', timeStamp: 1065 }
    ]
    expect(feed(createWedgeDetector(resolveWedgeOptions({}, 'entry')), ean)).toHaveLength(1)
    expect(feed(createWedgeDetector(resolveWedgeOptions({}, 'payment')), ean)).toEqual([])
  })

  it.each<[unknown, boolean]>([
    [{}, true],
    [{ preset: 'slow', maxGapMs: 120, terminators: ['Tab'], prefix: ['F9'] }, true],
    [{ terminators: [], prefix: [']', 'Q'] }, true],
    [{ preset: 'fast' }, false],
    [{ maxGapMs: 4 }, false],
    [{ maxGapMs: 50.5 }, false],
    [{ terminators: ['Escape'] }, false],
    [{ prefix: ['F25'] }, false],
    [{ prefix: ['ab'] }, false],
    [{ prefix: [' '] }, false],
    [{ minLength: 0 }, false],
    [{ maxGap: 50 }, false]
  ])('validates %j: %s', (value, valid) => {
    expect(wedgeSettingsSchema.safeParse(value).success).toBe(valid)
  })
})

describe('calibration', () => {
  it('measures the gaps of a recorded scan without modifiers, IME keys or key-ups', () => {
    const keys: KeyInput[] = [
      { key: 'Shift', code: 'ShiftLeft', timeStamp: 999 },
      { key: '1', code: 'Digit1', timeStamp: 1000 },
      { key: 'Process', code: 'Digit2', timeStamp: 1003 },
      { key: '2', code: 'Digit2', timeStamp: 1007 },
      { type: 'keyup', key: '2', code: 'Digit2', timeStamp: 1010 },
      { key: '3', code: 'Digit3', timeStamp: 1020 },
      { key: 'Enter', code: 'Enter', timeStamp: 1021 }
    ]
    expect(gapsOf(keys)).toEqual([7, 13, 1])
  })

  it('proposes twice the 95th percentile', () => {
    // 3 scans of 19 gaps: mostly 8 ms, a few at 16 ms of event-loop jitter (pos-anchors.md §4.1).
    const scan = [...Array.from({ length: 17 }, () => 8), 16, 17]
    expect(proposeMaxGap([scan, scan, scan])).toEqual({
      ok: true,
      value: { maxGapMs: 34, p95GapMs: 17, largestGapMs: 17, gapCount: 57, clamped: null }
    })
  })

  it('proposes 30 ms at least and 200 ms at most, and says which bound it hit', () => {
    const fast = Array.from({ length: 20 }, () => 1)
    expect(proposeMaxGap([fast, fast, fast])).toMatchObject({
      ok: true,
      value: { maxGapMs: 30, clamped: 'low' }
    })
    // A Zebra at ~80 ms a character with peaks over 100 ms (pos-anchors.md §4.1).
    const zebra = Array.from({ length: 20 }, (_, i) => 80 + (i % 6) * 5)
    expect(proposeMaxGap([zebra, zebra, zebra])).toMatchObject({
      ok: true,
      value: { maxGapMs: 200, p95GapMs: 105, clamped: 'high' }
    })
  })

  it('refuses to propose from too little or broken data', () => {
    const scan = Array.from({ length: 20 }, () => 8)
    expect(proposeMaxGap([scan, scan])).toEqual({ ok: false, error: { code: 'too-few-scans' } })
    expect(proposeMaxGap([[8], [8], [8]])).toEqual({ ok: false, error: { code: 'too-few-gaps' } })
    expect(proposeMaxGap([scan, scan, [...scan, -1]])).toEqual({
      ok: false,
      error: { code: 'invalid-gap' }
    })
  })

  it('finds nothing wrong with a US layout, Shift symbols included', () => {
    const keys: KeyInput[] = [
      ...digits('1234567890', 0, 5),
      { key: '!', code: 'Digit1', timeStamp: 60 },
      { key: 'Q', code: 'KeyQ', timeStamp: 65 },
      { key: '7', code: 'Numpad7', timeStamp: 70 },
      { key: 'Enter', code: 'Enter', timeStamp: 75 }
    ]
    expect(findLayoutMismatch(keys)).toEqual({ matches: true, kinds: [], mismatches: [] })
  })

  it('tells AZERTY, kana input, an IME and NumLock off apart, one example per key', () => {
    const keys: KeyInput[] = [
      { key: '&', code: 'Digit1', timeStamp: 0 },
      { key: 'é', code: 'Digit2', timeStamp: 5 },
      { key: '&', code: 'Digit1', timeStamp: 10 },
      { key: 'a', code: 'KeyQ', timeStamp: 15 },
      { key: 'ふ', code: 'Digit3', timeStamp: 20 },
      { key: 'Process', code: 'Digit4', timeStamp: 25 },
      { key: 'End', code: 'Numpad1', timeStamp: 30 }
    ]
    expect(findLayoutMismatch(keys)).toEqual({
      matches: false,
      kinds: ['layout', 'kana', 'ime', 'numlock-off'],
      mismatches: [
        { code: 'Digit1', key: '&', kind: 'layout' },
        { code: 'Digit2', key: 'é', kind: 'layout' },
        { code: 'KeyQ', key: 'a', kind: 'layout' },
        { code: 'Digit3', key: 'ふ', kind: 'kana' },
        { code: 'Digit4', key: 'Process', kind: 'ime' },
        { code: 'Numpad1', key: 'End', kind: 'numlock-off' }
      ]
    })
  })
})
