import { describe, expect, it } from 'vitest'
import rules from '../../resources/payment-methods.json'
import { classify, methodRulesSchema } from '../../src/shared/methods'
import {
  createWedgeDetector,
  defaultWedgeOptions,
  slowScannerWedgeOptions,
  type KeyInput,
  type Scan,
  type WedgeDetector,
  type WedgeOptions
} from '../../src/shared/wedge'

/** The 18-digit WeChat Pay code from PayCloud's JP test class (API.md §8.2). */
const jpCode = '132904600349929677'

/** One physical key press: what the layout calls it and which key it is. */
interface Stroke {
  readonly key: string
  readonly code: string
  /** The scanner holds Shift for this key. */
  readonly shift?: boolean
}

/** A US-configured scanner on a US layout: what it sends for each character. */
function usStroke(char: string): Stroke {
  if (/^[0-9]$/.test(char)) return { key: char, code: `Digit${char}` }
  if (/^[a-z]$/.test(char)) return { key: char, code: `Key${char.toUpperCase()}` }
  if (/^[A-Z]$/.test(char)) return { key: char, code: `Key${char}`, shift: true }
  if (char === '-') return { key: '-', code: 'Minus' }
  throw new Error(`no US stroke for ${char}`)
}

/** The same scanner on a French AZERTY layout: the digit row without Shift (onscan.js#15). */
const azertyDigits: Record<string, string> = {
  '1': '&',
  '2': 'é',
  '3': '"',
  '4': "'",
  '5': '(',
  '6': '-',
  '7': 'è',
  '8': '_',
  '9': 'ç',
  '0': 'à'
}
function azertyStroke(char: string): Stroke {
  const key = azertyDigits[char]
  if (key === undefined) throw new Error(`no AZERTY stroke for ${char}`)
  return { key, code: `Digit${char}` }
}

/** A JIS keyboard with kana input locked: the digit row types kana. */
const jisKana: Record<string, string> = {
  '1': 'ぬ',
  '2': 'ふ',
  '3': 'あ',
  '4': 'う',
  '5': 'え',
  '6': 'お',
  '7': 'や',
  '8': 'ゆ',
  '9': 'よ',
  '0': 'わ'
}
function jisKanaStroke(char: string): Stroke {
  const key = jisKana[char]
  if (key === undefined) throw new Error(`no JIS stroke for ${char}`)
  return { key, code: `Digit${char}` }
}

/** A Japanese IME composing: every key is `Process`, only `code` tells which. */
function imeStroke(char: string): Stroke {
  return { key: 'Process', code: `Digit${char}` }
}

/** The numeric keypad with NumLock off: the keys are navigation keys. */
const numpadNavigation = [
  'Insert',
  'End',
  'ArrowDown',
  'PageDown',
  'ArrowLeft',
  'Clear',
  'ArrowRight',
  'Home',
  'ArrowUp',
  'PageUp'
]
function numpadOffStroke(char: string): Stroke {
  const key = numpadNavigation[Number(char)]
  if (key === undefined) throw new Error(`no numpad stroke for ${char}`)
  return { key, code: `Numpad${char}` }
}

interface ScannerTrace {
  readonly perCharMs: number
  readonly start?: number
  /** `null`: the scanner sends no suffix. */
  readonly terminator?: Stroke | null
  readonly stroke?: (char: string) => Stroke
}

/** Keydowns a wedge scanner sends for `text`: one key every `perCharMs`, Shift 1 ms before capitals. */
function scannerTrace(text: string, trace: ScannerTrace): KeyInput[] {
  const start = trace.start ?? 1000
  const stroke = trace.stroke ?? usStroke
  const keys: KeyInput[] = []
  ;[...text].forEach((char, i) => {
    const at = start + i * trace.perCharMs
    const { key, code, shift } = stroke(char)
    if (shift === true) keys.push({ key: 'Shift', code: 'ShiftLeft', timeStamp: at - 1 })
    keys.push({ key, code, timeStamp: at })
  })
  const terminator = trace.terminator === undefined ? enter : trace.terminator
  if (terminator !== null) {
    keys.push({ ...terminator, timeStamp: start + text.length * trace.perCharMs })
  }
  return keys
}

const enter: Stroke = { key: 'Enter', code: 'Enter' }

/** A person typing `text` with the given gaps between keys (cycled). */
function humanTrace(text: string, gaps: readonly number[], start = 1000): KeyInput[] {
  let at = start
  return [...text].map((char, i) => {
    if (i > 0) at += gaps[(i - 1) % gaps.length] ?? 0
    const { key, code } = char === '\n' ? enter : usStroke(char)
    return { key, code, timeStamp: at }
  })
}

interface Fed {
  readonly scans: Scan[]
  /** `inBurst` after each key. */
  readonly bursts: boolean[]
}

function feed(detector: WedgeDetector, keys: readonly KeyInput[]): Fed {
  const scans: Scan[] = []
  const bursts: boolean[] = []
  for (const key of keys) {
    const scan = detector.push(key)
    if (scan) scans.push(scan)
    bursts.push(detector.inBurst)
  }
  return { scans, bursts }
}

function lastTime(keys: readonly KeyInput[]): number {
  const last = keys.at(-1)
  if (last === undefined) throw new Error('empty trace')
  return last.timeStamp
}

/** `inBurst` for a run of `count` keys: false for the first, true after. */
function burstFlags(count: number): boolean[] {
  return Array.from({ length: count }, (_, i) => i > 0)
}

describe('options', () => {
  it('defaults to the thresholds of pos-anchors.md §4.3', () => {
    expect(defaultWedgeOptions).toEqual({
      maxGapMs: 50,
      minFastRun: 4,
      terminators: ['Enter'],
      minLength: 6,
      idleTimeoutMs: 100,
      prefix: []
    })
    expect(slowScannerWedgeOptions).toEqual({
      maxGapMs: 150,
      minFastRun: 4,
      terminators: ['Enter'],
      minLength: 6,
      idleTimeoutMs: 200,
      prefix: []
    })
  })

  it('treats an override of undefined as the default', () => {
    const overrides: Partial<WedgeOptions> = { maxGapMs: undefined, minLength: undefined }
    const { scans } = feed(createWedgeDetector(overrides), scannerTrace(jpCode, { perCharMs: 45 }))
    expect(scans.map((scan) => scan.text)).toEqual([jpCode])
  })

  it.each<[Partial<WedgeOptions>, string]>([
    [{ maxGapMs: 0 }, 'maxGapMs'],
    [{ maxGapMs: Number.NaN }, 'maxGapMs'],
    [{ idleTimeoutMs: -1 }, 'idleTimeoutMs'],
    [{ minFastRun: 0 }, 'minFastRun'],
    [{ minLength: 1.5 }, 'minLength']
  ])('rejects %o', (overrides, name) => {
    expect(() => createWedgeDetector(overrides)).toThrow(RangeError)
    expect(() => createWedgeDetector(overrides)).toThrow(name)
  })
})

describe('scanner speeds (pos-anchors.md §4.1)', () => {
  it.each([1, 5, 20, 45, 50])('reads a scanner at %i ms a character with Enter', (perCharMs) => {
    const keys = scannerTrace(jpCode, { perCharMs })
    const { scans, bursts } = feed(createWedgeDetector(), keys)
    expect(scans).toEqual([
      {
        text: jpCode,
        startedAt: 1000,
        endedAt: 1000 + 18 * perCharMs,
        meanGapMs: perCharMs,
        maxGapMs: perCharMs,
        endedBy: 'Enter'
      }
    ])
    expect(bursts).toEqual(burstFlags(19))
  })

  it('drops a scanner 1 ms slower than maxGapMs', () => {
    const { scans, bursts } = feed(createWedgeDetector(), scannerTrace(jpCode, { perCharMs: 51 }))
    expect(scans).toEqual([])
    expect(bursts).toEqual(Array.from({ length: 19 }, () => false))
  })

  it('reads an 80 ms scanner with the 150 ms preset, and not with the defaults', () => {
    const keys = scannerTrace(jpCode, { perCharMs: 80 })
    expect(feed(createWedgeDetector(slowScannerWedgeOptions), keys).scans).toEqual([
      {
        text: jpCode,
        startedAt: 1000,
        endedAt: 1000 + 18 * 80,
        meanGapMs: 80,
        maxGapMs: 80,
        endedBy: 'Enter'
      }
    ])
    expect(feed(createWedgeDetector(), keys).scans).toEqual([])
  })

  it('reports mean and largest gap of an uneven scanner', () => {
    // Event-loop jitter: mostly 8 ms, one 16 ms gap (pos-anchors.md §4.1, Hoel).
    const gaps = [8, 8, 16, 8, 8, 8]
    const keys: KeyInput[] = []
    let at = 500
    ;[...'2810010'].forEach((digit, i) => {
      if (i > 0) at += gaps[i - 1] ?? 0
      keys.push({ key: digit, code: `Digit${digit}`, timeStamp: at })
    })
    keys.push({ key: 'Enter', code: 'NumpadEnter', timeStamp: at + 4 })
    const [scan] = feed(createWedgeDetector(), keys).scans
    expect(scan).toEqual({
      text: '2810010',
      startedAt: 500,
      endedAt: 560,
      meanGapMs: 60 / 7,
      maxGapMs: 16,
      endedBy: 'Enter'
    })
  })
})

describe('people', () => {
  it('never takes typing at 120-300 ms a key for a scan', () => {
    const keys = humanTrace(`${jpCode}\n`, [120, 300, 180, 240, 150, 210, 270])
    const { scans, bursts } = feed(createWedgeDetector(), keys)
    expect(scans).toEqual([])
    expect(bursts).toEqual(Array.from({ length: 19 }, () => false))
  })

  it('flags 3 smashed keys as a burst, then lets the next key through after the pause', () => {
    const keys = [...humanTrace('asd', [12, 13]), ...humanTrace('f', [], 1425)]
    const { scans, bursts } = feed(createWedgeDetector(), keys)
    expect(scans).toEqual([])
    expect(bursts).toEqual([false, true, true, false])
  })

  it('needs minFastRun fast keys even when minLength would allow fewer', () => {
    const detector = createWedgeDetector({ minLength: 1 })
    const smash = feed(detector, humanTrace('asd\n', [10, 10, 10]))
    expect(smash.scans).toEqual([])
    // Its Enter came at scanner speed, so it is flagged: it must not submit a form.
    expect(smash.bursts).toEqual([false, true, true, true])
    const four = feed(detector, humanTrace('asdf\n', [10, 10, 10, 10], 5000))
    expect(four.scans.map((scan) => scan.text)).toEqual(['asdf'])
  })

  it('ignores a key held down: its repeats are fast but not a scanner', () => {
    const keys: KeyInput[] = [{ key: '5', code: 'Digit5', timeStamp: 0 }]
    for (let i = 0; i < 20; i++) {
      keys.push({ key: '5', code: 'Digit5', timeStamp: 500 + i * 33, repeat: true })
    }
    keys.push({ key: 'Enter', code: 'Enter', timeStamp: 500 + 19 * 33 + 30 })
    const { scans, bursts } = feed(createWedgeDetector(), keys)
    expect(scans).toEqual([])
    expect(bursts).toEqual(Array.from({ length: 22 }, () => false))
  })
})

describe('keyboard layouts (pos-anchors.md §4.4)', () => {
  it('reads digits from the physical key on AZERTY', () => {
    const keys = scannerTrace(jpCode, { perCharMs: 5, stroke: azertyStroke })
    expect(keys[0]).toEqual({ key: '&', code: 'Digit1', timeStamp: 1000 })
    expect(feed(createWedgeDetector(), keys).scans.map((scan) => scan.text)).toEqual([jpCode])
  })

  it('reads letters from the physical key, with the case the layout reports', () => {
    // A US-configured scanner sends KeyQ for `q`; AZERTY calls that key `a`.
    const keys: KeyInput[] = [
      { key: 'Shift', code: 'ShiftLeft', timeStamp: 0 },
      { key: 'A', code: 'KeyQ', timeStamp: 1 },
      { key: 'z', code: 'KeyW', timeStamp: 6 },
      { key: ',', code: 'KeyM', timeStamp: 11 },
      { key: '&', code: 'Digit1', timeStamp: 16 },
      { key: 'ф', code: 'KeyA', timeStamp: 21 },
      { key: 'Ф', code: 'KeyA', timeStamp: 26 },
      { key: 'ち', code: 'KeyA', timeStamp: 31 },
      { key: 'Enter', code: 'Enter', timeStamp: 36 }
    ]
    expect(feed(createWedgeDetector(), keys).scans.map((scan) => scan.text)).toEqual(['Qwm1aAa'])
  })

  it('reads digits on a JIS keyboard in kana input mode', () => {
    const keys = scannerTrace(jpCode, { perCharMs: 10, stroke: jisKanaStroke })
    expect(keys[0]).toEqual({ key: 'ぬ', code: 'Digit1', timeStamp: 1000 })
    expect(feed(createWedgeDetector(), keys).scans.map((scan) => scan.text)).toEqual([jpCode])
  })

  it('reads digits and Enter while a Japanese IME turns every key into Process', () => {
    const keys = scannerTrace(jpCode, {
      perCharMs: 10,
      stroke: imeStroke,
      terminator: { key: 'Process', code: 'Enter' }
    })
    const { scans, bursts } = feed(createWedgeDetector(), keys)
    expect(scans.map((scan) => [scan.text, scan.endedBy])).toEqual([[jpCode, 'Enter']])
    expect(bursts).toEqual(burstFlags(19))
  })

  it('reads numpad digits with NumLock off', () => {
    const keys = scannerTrace(jpCode, { perCharMs: 5, stroke: numpadOffStroke })
    expect(keys[0]).toEqual({ key: 'End', code: 'Numpad1', timeStamp: 1000 })
    expect(feed(createWedgeDetector(), keys).scans.map((scan) => scan.text)).toEqual([jpCode])
  })

  it('keeps Shift+letter capitals and does not count Shift as a key of the scan', () => {
    const text = 'QRtill-2024AB'
    const keys = scannerTrace(text, { perCharMs: 10 })
    expect(keys.filter((key) => key.key === 'Shift')).toHaveLength(4)
    const { scans, bursts } = feed(createWedgeDetector(), keys)
    expect(scans).toEqual([
      {
        text,
        startedAt: 1000,
        endedAt: 1130,
        meanGapMs: 10,
        maxGapMs: 10,
        endedBy: 'Enter'
      }
    ])
    // The first Shift comes before any key of the run: it sets nothing.
    expect(bursts.slice(0, 2)).toEqual([false, false])
    expect(bursts.at(-1)).toBe(true)
  })

  it('skips IME and dead keys in the middle of a scan without breaking it', () => {
    const keys = scannerTrace(jpCode, { perCharMs: 20 })
    const noise: KeyInput[] = [
      { key: 'Process', code: '', timeStamp: 1031 },
      { key: 'Unidentified', code: '', timeStamp: 1095 },
      { key: 'Dead', code: 'BracketLeft', timeStamp: 1150 },
      { key: 'Process', code: 'KeyA', timeStamp: 1210 }
    ]
    const mixed = [...keys, ...noise].sort((a, b) => a.timeStamp - b.timeStamp)
    expect(mixed).toHaveLength(23)
    const { scans } = feed(createWedgeDetector(), mixed)
    expect(scans).toEqual([
      {
        text: jpCode,
        startedAt: 1000,
        endedAt: 1360,
        meanGapMs: 20,
        maxGapMs: 20,
        endedBy: 'Enter'
      }
    ])
  })
})

describe('framing', () => {
  it('rejects a burst shorter than minLength, but still flags its Enter', () => {
    const { scans, bursts } = feed(createWedgeDetector(), scannerTrace('12345', { perCharMs: 5 }))
    expect(scans).toEqual([])
    expect(bursts).toEqual([false, true, true, true, true, true])
    const six = feed(createWedgeDetector(), scannerTrace('123456', { perCharMs: 5 }))
    expect(six.scans.map((scan) => scan.text)).toEqual(['123456'])
  })

  it('drops a burst without its terminator when terminators are configured', () => {
    const detector = createWedgeDetector()
    const keys = scannerTrace(jpCode, { perCharMs: 5, terminator: null })
    expect(feed(detector, keys).scans).toEqual([])
    expect(detector.flush(lastTime(keys) + 1000)).toBeNull()
    expect(detector.inBurst).toBe(false)
    // An Enter long after is a person's, alone.
    expect(detector.push({ key: 'Enter', code: 'Enter', timeStamp: lastTime(keys) + 1200 })).toBe(
      null
    )
    expect(detector.inBurst).toBe(false)
  })

  it('drops a scan whose suffix is not a terminator, flagging the suffix', () => {
    const keys = scannerTrace(jpCode, { perCharMs: 5, terminator: { key: 'Tab', code: 'Tab' } })
    const { scans, bursts } = feed(createWedgeDetector(), keys)
    expect(scans).toEqual([])
    expect(bursts.at(-1)).toBe(true)
  })

  it('accepts any configured terminator and reports which ended the scan', () => {
    const detector = createWedgeDetector({ terminators: ['Enter', 'Tab'] })
    const keys = scannerTrace(jpCode, { perCharMs: 5, terminator: { key: 'Tab', code: 'Tab' } })
    expect(feed(detector, keys).scans.map((scan) => scan.endedBy)).toEqual(['Tab'])
  })

  it('keeps only the part after a pause inside a burst', () => {
    const first = scannerTrace('2800000000', { perCharMs: 5, terminator: null })
    const second = scannerTrace('621234567890123456', {
      perCharMs: 5,
      start: lastTime(first) + 200
    })
    const { scans } = feed(createWedgeDetector(), [...first, ...second])
    expect(scans.map((scan) => [scan.text, scan.startedAt])).toEqual([['621234567890123456', 1245]])
  })

  it('joins a scanner run across a stall shorter than the idle timeout (audit E)', () => {
    const keys = scannerTrace(jpCode, { perCharMs: 8 })
    const stalled = keys.map((key, i) =>
      i >= jpCode.length - 1 ? { ...key, timeStamp: key.timeStamp + 60 } : key
    )
    const { scans } = feed(createWedgeDetector(), stalled)
    expect(scans.map((scan) => [scan.text, scan.maxGapMs])).toEqual([[jpCode, 68]])
  })

  it('does not join across a stall past the idle timeout, nor runs no scanner has made', () => {
    const keys = scannerTrace(jpCode, { perCharMs: 8 })
    const late = keys.map((key, i) =>
      i >= jpCode.length - 1 ? { ...key, timeStamp: key.timeStamp + 120 } : key
    )
    expect(feed(createWedgeDetector(), late).scans).toEqual([])
    // Three fast keys (a person's roll), then the rest 60 ms apart: never a scanner's run.
    const rolled = [...jpCode].map((key, i) => ({
      key,
      code: `Digit${key}`,
      timeStamp: 1000 + (i < 3 ? i * 8 : 16 + (i - 2) * 60)
    }))
    rolled.push({ key: 'Enter', code: 'Enter', timeStamp: (rolled.at(-1)?.timeStamp ?? 0) + 60 })
    expect(feed(createWedgeDetector(), rolled).scans).toEqual([])
  })

  it('starts over after a key that is neither a character nor a terminator', () => {
    const keys = scannerTrace('1234567890', { perCharMs: 5 })
    keys.splice(4, 0, { key: 'Backspace', code: 'Backspace', timeStamp: 1018 })
    const { scans, bursts } = feed(createWedgeDetector(), keys)
    expect(scans.map((scan) => [scan.text, scan.startedAt])).toEqual([['567890', 1020]])
    expect(bursts).toEqual(burstFlags(12))
  })

  it('starts over when a timestamp goes backwards', () => {
    const keys = scannerTrace(jpCode, { perCharMs: 5 })
    const shuffled = keys.map((key, i) => (i === 6 ? { ...key, timeStamp: 900 } : key))
    const { scans, bursts } = feed(createWedgeDetector(), shuffled)
    expect(scans.map((scan) => scan.text)).toEqual([jpCode.slice(7)])
    expect(bursts.slice(5, 8)).toEqual([true, false, false])
  })
})

describe('no terminator: idle timeout', () => {
  const options: Partial<WedgeOptions> = { terminators: [] }

  it('ends the scan at flush(now) idleTimeoutMs after the last key, and not before', () => {
    const detector = createWedgeDetector(options)
    const keys = scannerTrace(jpCode, { perCharMs: 5, terminator: null })
    const last = lastTime(keys)
    const { scans, bursts } = feed(detector, keys)
    expect(scans).toEqual([])
    expect(bursts).toEqual(burstFlags(18))
    expect(detector.flush(last + 51)).toBeNull()
    expect(detector.flush(last + 99)).toBeNull()
    expect(detector.inBurst).toBe(true)
    expect(detector.flush(last + 100)).toEqual({
      text: jpCode,
      startedAt: 1000,
      endedAt: last,
      meanGapMs: 5,
      maxGapMs: 5,
      endedBy: 'idle'
    })
    expect(detector.inBurst).toBe(false)
    expect(detector.flush(last + 200)).toBeNull()
  })

  it('waits at least maxGapMs when idleTimeoutMs is shorter', () => {
    const detector = createWedgeDetector({ ...options, maxGapMs: 150, idleTimeoutMs: 100 })
    const keys = scannerTrace(jpCode, { perCharMs: 120, terminator: null })
    const last = lastTime(keys)
    expect(feed(detector, keys).scans).toEqual([])
    expect(detector.flush(last + 120)).toBeNull()
    expect(detector.flush(last + 150)).toBeNull()
    expect(detector.flush(last + 151)?.text).toBe(jpCode)
  })

  it('returns the idle scan from the next key when flush came too late', () => {
    const detector = createWedgeDetector(options)
    const keys = scannerTrace(jpCode, { perCharMs: 5, terminator: null })
    feed(detector, keys)
    const scan = detector.push({ key: '7', code: 'Digit7', timeStamp: lastTime(keys) + 300 })
    expect(scan?.text).toBe(jpCode)
    expect(scan?.endedAt).toBe(lastTime(keys))
    // The key that revealed it is a new run of its own: the caller lets it through.
    expect(detector.inBurst).toBe(false)
  })

  it('drops the burst when the next key comes after maxGapMs but before the idle timeout', () => {
    const detector = createWedgeDetector(options)
    const keys = scannerTrace(jpCode, { perCharMs: 5, terminator: null })
    feed(detector, keys)
    expect(detector.push({ key: '7', code: 'Digit7', timeStamp: lastTime(keys) + 80 })).toBeNull()
    expect(detector.flush(lastTime(keys) + 1000)).toBeNull()
  })

  /** `text` at 5 ms a key with no suffix, the keys from `at` on held up by `stallMs`. */
  function stalledAt(text: string, at: number, stallMs: number, start = 1000): KeyInput[] {
    return scannerTrace(text, { perCharMs: 5, terminator: null, start }).map((key, i) =>
      i >= at ? { ...key, timeStamp: key.timeStamp + stallMs } : key
    )
  }

  it('joins a code cut short by a stall within the idle timeout only when no part is a scan itself', () => {
    const waiting = { ...options, minLength: 16 }
    // Waiting for a wallet code (16 at least): 10 + 8 digits, each too short to be one.
    const detector = createWedgeDetector(waiting)
    const keys = stalledAt(jpCode, 10, 80)
    const { scans, bursts } = feed(detector, keys)
    expect(scans).toEqual([])
    // The late keys are the scanner's: the screens keep them from the page.
    expect(bursts).toEqual(burstFlags(18))
    expect(detector.flush(lastTime(keys) + 100)).toMatchObject({
      text: jpCode,
      startedAt: 1000,
      maxGapMs: 85,
      endedBy: 'idle'
    })

    // Two codes read within the idle timeout: never the two glued together, and not the second
    // alone either, which cannot be told from the rest of a code whose head passed for one.
    const first = scannerTrace('621234567890123456', { perCharMs: 5, terminator: null })
    const second = scannerTrace(jpCode, {
      perCharMs: 5,
      terminator: null,
      start: lastTime(first) + 80
    })
    const twice = createWedgeDetector(waiting)
    feed(twice, [...first, ...second])
    expect(twice.flush(lastTime(second) + 100)).toBeNull()
    // A part before the stall that could pass for a whole code: its rest or a stray key? Nothing.
    const ambiguous = createWedgeDetector(waiting)
    const lastLate = stalledAt(jpCode, 17, 80)
    feed(ambiguous, lastLate)
    expect(ambiguous.flush(lastTime(lastLate) + 100)).toBeNull()

    // Not across a stall as long as the idle timeout (it ended the run), nor after a named key.
    const idle = createWedgeDetector(waiting)
    const tooLate = stalledAt(jpCode, 10, 95)
    feed(idle, tooLate)
    expect(idle.flush(lastTime(tooLate) + 100)).toBeNull()
    const withTab = stalledAt(jpCode, 10, 80)
    withTab.splice(10, 0, { key: 'Tab', code: 'Tab', timeStamp: 1105 })
    const tabbed = createWedgeDetector(waiting)
    feed(tabbed, withTab)
    expect(tabbed.flush(lastTime(withTab) + 100)).toBeNull()
  })

  it('treats Enter as an ordinary non-character key', () => {
    const detector = createWedgeDetector(options)
    const keys = scannerTrace(jpCode, { perCharMs: 5 })
    expect(feed(detector, keys).scans).toEqual([])
    expect(detector.flush(lastTime(keys) + 1000)).toBeNull()
  })
})

describe('a code cut after a short head by a stall', () => {
  /** Codes of the default rules' longest and commonest shapes (resources/payment-methods.json). */
  const codes = [jpCode, '900081815529104377620018']
  const heads = Array.from({ length: 12 }, (_, i) => i + 1)
  const speeds = [1, 5, 10, 19]

  /**
   * `text` at `perCharMs` a key, the keys from the `head`-th on (the suffix too) held up so the
   * gap before them is `gapMs`: a USB hiccup after the first few digits.
   */
  function cutAfter(
    text: string,
    head: number,
    perCharMs: number,
    gapMs: number,
    terminator: Stroke | null
  ): KeyInput[] {
    return scannerTrace(text, { perCharMs, terminator }).map((key, i) =>
      i >= head ? { ...key, timeStamp: key.timeStamp + gapMs - perCharMs } : key
    )
  }

  /** Every text the detector reports for `keys`, the idle flush included. */
  function reported(detector: WedgeDetector, keys: readonly KeyInput[]): string[] {
    const texts = feed(detector, keys).scans.map((scan) => scan.text)
    const idle = detector.flush(lastTime(keys) + 1000)
    return idle ? [...texts, idle.text] : texts
  }

  it('never reports a fragment, with or without a suffix, waiting for any code or a wallet code', () => {
    const fragments: string[] = []
    for (const code of codes) {
      for (const head of heads) {
        for (const perCharMs of speeds) {
          for (const gapMs of [55, 75, 95]) {
            for (const minLength of [6, 16]) {
              for (const terminator of [null, enter]) {
                const terminators = terminator === null ? [] : ['Enter']
                const detector = createWedgeDetector({ minLength, terminators })
                const keys = cutAfter(code, head, perCharMs, gapMs, terminator)
                for (const text of reported(detector, keys)) {
                  if (text !== code) {
                    fragments.push(`${code} cut after ${head} at ${perCharMs} ms: ${text}`)
                  }
                }
              }
            }
          }
        }
      }
    }
    expect(fragments).toEqual([])
  })

  it('joins head and tail when the default rules take the joined code, and not the tail', () => {
    const table = methodRulesSchema.parse(rules)
    const isWholeCode = (text: string): boolean => classify(text, table).kind !== 'none'
    const misread: string[] = []
    for (const code of codes) {
      for (const head of heads) {
        for (const perCharMs of speeds) {
          for (const terminator of [null, enter]) {
            const terminators = terminator === null ? [] : ['Enter']
            const detector = createWedgeDetector({ minLength: 16, terminators }, isWholeCode)
            const texts = reported(detector, cutAfter(code, head, perCharMs, 75, terminator))
            // 132904600349929677 cut after 13 leaves 2904600349929677, an Alipay code's shape:
            // either could be what was scanned, so nothing is.
            const expected = isWholeCode(code.slice(head)) ? [] : [code]
            if (texts.join() !== expected.join()) {
              misread.push(`${code} cut after ${head}: ${texts.join()}`)
            }
          }
        }
      }
    }
    expect(misread).toEqual([])
    expect(isWholeCode(jpCode.slice(2))).toBe(true)
    // A person's key, then a code: the rules take the code alone, not the two. Nothing.
    const typed = [{ key: '7', code: 'Digit7', timeStamp: 1000 }]
    const keys = [...typed, ...scannerTrace(jpCode, { perCharMs: 5, start: 1060 })]
    expect(reported(createWedgeDetector({ minLength: 16 }, isWholeCode), keys)).toEqual([])
  })
})

describe('scans among other keys', () => {
  it('reads a scan that follows a person typing and pressing Enter', () => {
    const typed = humanTrace('12\n', [200, 250])
    const keys = [...typed, ...scannerTrace(jpCode, { perCharMs: 5, start: 1600 })]
    const { scans, bursts } = feed(createWedgeDetector(), keys)
    expect(scans.map((scan) => [scan.text, scan.startedAt])).toEqual([[jpCode, 1600]])
    expect(bursts).toEqual([false, false, false, ...burstFlags(19)])
  })

  it('leaves out a typed key that came more than idleTimeoutMs before the scan', () => {
    const typed = humanTrace('7', [])
    const keys = [...typed, ...scannerTrace(jpCode, { perCharMs: 5, start: 1101 })]
    expect(feed(createWedgeDetector(), keys).scans.map((scan) => scan.text)).toEqual([jpCode])
  })

  it('reports nothing for a scan a key came just over maxGapMs before: it may be its first digit', () => {
    // The same keys as a 19-digit code 7132904600349929677 cut after its first digit, whose tail
    // passes for a WeChat code: the cashier scans again.
    const typed = humanTrace('7', [])
    const keys = [...typed, ...scannerTrace(jpCode, { perCharMs: 5, start: 1051 })]
    expect(feed(createWedgeDetector(), keys).scans).toEqual([])
  })

  it('reads two scans back to back and flags the second from its first key', () => {
    const first = scannerTrace(jpCode, { perCharMs: 5 })
    const second = scannerTrace('6212345678901234567', {
      perCharMs: 5,
      start: lastTime(first) + 20
    })
    const { scans, bursts } = feed(createWedgeDetector(), [...first, ...second])
    expect(scans.map((scan) => [scan.text, scan.startedAt, scan.meanGapMs])).toEqual([
      [jpCode, 1000, 5],
      ['6212345678901234567', 1110, 5]
    ])
    expect(bursts).toEqual([...burstFlags(19), ...Array.from({ length: 20 }, () => true)])
  })
})

describe('inBurst', () => {
  it('is true from the second fast key, through the terminator, until a pause ends it', () => {
    const detector = createWedgeDetector()
    expect(detector.inBurst).toBe(false)
    const keys = scannerTrace(jpCode, { perCharMs: 5 })
    const end = lastTime(keys)
    detector.push(keys[0] ?? enterAt(0))
    expect(detector.inBurst).toBe(false)
    detector.push(keys[1] ?? enterAt(0))
    expect(detector.inBurst).toBe(true)
    const { scans } = feed(detector, keys.slice(2))
    expect(scans).toHaveLength(1)
    expect(detector.inBurst).toBe(true)
    expect(detector.flush(end + 50)).toBeNull()
    expect(detector.inBurst).toBe(true)
    expect(detector.flush(end + 51)).toBeNull()
    expect(detector.inBurst).toBe(false)
  })

  it('does not change for modifier or IME keys', () => {
    const detector = createWedgeDetector()
    detector.push({ key: 'Shift', code: 'ShiftLeft', timeStamp: 0 })
    detector.push({ key: 'Process', code: '', timeStamp: 1 })
    expect(detector.inBurst).toBe(false)
    detector.push({ key: '1', code: 'Digit1', timeStamp: 2 })
    detector.push({ key: '2', code: 'Digit2', timeStamp: 7 })
    detector.push({ key: 'Control', code: 'ControlLeft', timeStamp: 500 })
    detector.push({ key: 'CapsLock', code: 'CapsLock', timeStamp: 600 })
    expect(detector.inBurst).toBe(true)
  })

  it('is cleared by reset(), which forgets the run', () => {
    const detector = createWedgeDetector()
    const keys = scannerTrace(jpCode, { perCharMs: 5 })
    feed(detector, keys.slice(0, 8))
    expect(detector.inBurst).toBe(true)
    detector.reset()
    expect(detector.inBurst).toBe(false)
    const { scans, bursts } = feed(detector, keys.slice(8))
    expect(scans.map((scan) => [scan.text, scan.startedAt])).toEqual([[jpCode.slice(8), 1040]])
    expect(bursts).toEqual(burstFlags(11))
  })
})

function enterAt(timeStamp: number): KeyInput {
  return { ...enter, timeStamp }
}
