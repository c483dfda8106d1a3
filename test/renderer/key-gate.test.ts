import { describe, expect, it } from 'vitest'
import rules from '../../resources/payment-methods.json'
import { methodRulesSchema } from '../../src/shared/methods'
import { isWalletCode } from '../../src/renderer/src/lib/methods'
import { createWedgeDetector, defaultWedgeOptions, type WedgeOptions } from '../../src/shared/wedge'
import {
  createEntryScanGuard,
  createPaymentKeyGate,
  type GateKeyEvent,
  type GateVerdict,
  type KeyGate
} from '../../src/renderer/src/lib/key-gate'

/** A clock and timer queue the test moves by hand, on the same time line as the key events. */
function manualTime(): {
  timers: {
    now: () => number
    setTimeout: (run: () => void, ms: number) => unknown
    clearTimeout: (handle: unknown) => void
  }
  advanceTo: (at: number) => void
} {
  let now = 0
  let next = 0
  const tasks = new Map<number, { at: number; run: () => void }>()
  return {
    timers: {
      now: () => now,
      setTimeout: (run, ms) => {
        next += 1
        tasks.set(next, { at: now + ms, run })
        return next
      },
      clearTimeout: (handle) => {
        tasks.delete(handle as number)
      }
    },
    advanceTo(at) {
      for (;;) {
        const due = [...tasks.entries()]
          .filter(([, task]) => task.at <= at)
          .sort(([, a], [, b]) => a.at - b.at)[0]
        if (!due) break
        tasks.delete(due[0])
        now = due[1].at
        due[1].run()
      }
      now = at
    }
  }
}

function codeOf(key: string): string {
  if (/^[0-9]$/.test(key)) return `Digit${key}`
  if (/^[a-z]$/i.test(key)) return `Key${key.toUpperCase()}`
  return key
}

function keyEvent(key: string, at: number, extra: Partial<GateKeyEvent> = {}): GateKeyEvent {
  return {
    key,
    code: codeOf(key),
    timeStamp: at,
    repeat: false,
    ctrlKey: false,
    altKey: false,
    metaKey: false,
    ...extra
  }
}

interface Harness {
  readonly verdicts: GateVerdict[]
  readonly scans: string[]
  readonly keys: string[]
  /** Feeds keys at the given times, running due timers between them, and 1 s of quiet after. */
  type(keys: readonly (readonly [string, number])[]): void
}

function harness(build: (time: ReturnType<typeof manualTime>, h: Harness) => KeyGate): Harness {
  const time = manualTime()
  const h: Harness = {
    verdicts: [],
    scans: [],
    keys: [],
    type(keys) {
      let last = 0
      for (const [key, at] of keys) {
        time.advanceTo(at)
        h.verdicts.push(gate.handle(keyEvent(key, at)))
        last = at
      }
      time.advanceTo(last + 1000)
    }
  }
  const gate = build(time, h)
  return h
}

/** A scanner: one key every `gap` ms from `start`, then Enter. */
function scanner(code: string, start: number, gap = 8): [string, number][] {
  const keys: [string, number][] = [...code].map((key, i) => [key, start + i * gap])
  keys.push(['Enter', start + code.length * gap])
  return keys
}

const walletCode = '134567890123456789'

function paymentGate(options: Partial<WedgeOptions> = {}): Harness {
  return harness((time, h) => {
    const resolved = { ...defaultWedgeOptions, ...options, minLength: 16 }
    return createPaymentKeyGate({
      detector: createWedgeDetector(resolved),
      maxGapMs: resolved.maxGapMs,
      idleTimeoutMs: Math.max(resolved.idleTimeoutMs, resolved.maxGapMs + 1),
      onScan: (text) => h.scans.push(text),
      onKey: (key) => h.keys.push(key),
      timers: time.timers
    })
  })
}

describe('the payment screen key gate', () => {
  it('turns a scanner burst into one scan and lets none of its keys through', () => {
    const h = paymentGate()
    h.type(scanner(walletCode, 1000))
    expect(h.scans).toEqual([walletCode])
    expect(h.keys).toEqual([])
    expect(h.verdicts.every((verdict) => verdict === 'swallow')).toBe(true)
  })

  it('acts on a key a person pressed alone, after the gap has shown it is alone', () => {
    const h = paymentGate()
    h.type([
      ['Escape', 1000],
      ['1', 2000],
      ['Enter', 3000]
    ])
    expect(h.keys).toEqual(['Escape', '1', 'Enter'])
    expect(h.verdicts).toEqual(['swallow', 'swallow', 'swallow'])
  })

  it('acts on nothing from keys that came too close together, or from a short burst', () => {
    const h = paymentGate()
    h.type([['1', 1000], ['2', 1030], ...scanner('12345', 3000)])
    expect(h.keys).toEqual([])
    expect(h.scans).toEqual([])
  })

  it('acts on a key pressed just after a scan, but not on a second scan right behind it', () => {
    const h = paymentGate()
    const end = 1000 + walletCode.length * 8
    h.type([...scanner(walletCode, 1000), ['2', end + 20]])
    expect(h.scans).toEqual([walletCode])
    expect(h.keys).toEqual(['2'])

    const g = paymentGate()
    g.type([...scanner(walletCode, 1000), ...scanner('284567890123456789', end + 10)])
    expect(g.scans).toEqual([walletCode, '284567890123456789'])
    expect(g.keys).toEqual([])
  })

  it('reads a code with no suffix whole across one stall, acting on none of its late keys', () => {
    // A scanner without a suffix, 8 ms a key; the computer holds up its last 8 digits by 70 ms.
    // They used to start a run of their own, too short for a wallet code: the code was lost.
    const h = paymentGate({ terminators: [] })
    h.type(
      [...walletCode].map((key, i): [string, number] => [key, 1000 + i * 8 + (i >= 10 ? 70 : 0)])
    )
    expect(h.scans).toEqual([walletCode])
    expect(h.keys).toEqual([])
    expect(h.verdicts.every((verdict) => verdict === 'swallow')).toBe(true)
  })

  it('reads a code whole when the scanner stalls after its first digits, by the wallet rules', () => {
    // 8 ms a key, a 75 ms hiccup after the first 1-3 digits: the tail alone (15-17 digits) must
    // never be paid with; with the rules the two parts are the WeChat code they make.
    const table = methodRulesSchema.parse(rules)
    for (const head of [1, 2, 3]) {
      for (const terminators of [[], ['Enter']]) {
        const h = harness((time, g) => {
          const resolved = { ...defaultWedgeOptions, terminators, minLength: 16 }
          return createPaymentKeyGate({
            detector: createWedgeDetector(resolved, (code) => isWalletCode(code, table)),
            maxGapMs: resolved.maxGapMs,
            idleTimeoutMs: Math.max(resolved.idleTimeoutMs, resolved.maxGapMs + 1),
            onScan: (text) => g.scans.push(text),
            onKey: (key) => g.keys.push(key),
            timers: time.timers
          })
        })
        const keys = scanner(walletCode, 1000)
          .slice(0, terminators.length === 0 ? walletCode.length : undefined)
          .map(([key, at], i): [string, number] => [key, at + (i >= head ? 67 : 0)])
        h.type(keys)
        expect(h.scans, `head ${head}, ${terminators.join() || 'no suffix'}`).toEqual([walletCode])
      }
    }
    // Without the rules the detector cannot tell those digits from a person's: nothing.
    const h = paymentGate({ terminators: [] })
    h.type(
      [...walletCode].map((key, i): [string, number] => [key, 1000 + i * 8 + (i >= 2 ? 67 : 0)])
    )
    expect(h.scans).toEqual([])
  })

  it('lets Tab move the focus (and the key after it act), but not a Tab inside a scan', () => {
    const h = paymentGate({ terminators: ['Tab'] })
    h.type([['Tab', 1000]])
    expect(h.verdicts).toEqual(['pass'])
    expect(h.keys).toEqual([])

    const f = paymentGate()
    f.type([
      ['Tab', 1000],
      ['Enter', 1010]
    ])
    expect(f.verdicts).toEqual(['pass', 'swallow'])
    expect(f.keys).toEqual(['Enter'])

    const g = paymentGate({ terminators: ['Tab'] })
    g.type(scanner(walletCode, 1000).map(([key, at]) => [key === 'Enter' ? 'Tab' : key, at]))
    expect(g.scans).toEqual([walletCode])
    expect(g.verdicts.at(-1)).toBe('swallow')
  })

  it('passes chords and swallows held keys without acting on them', () => {
    const time = manualTime()
    const keys: string[] = []
    const gate = createPaymentKeyGate({
      detector: createWedgeDetector(defaultWedgeOptions),
      maxGapMs: 50,
      idleTimeoutMs: 100,
      onScan: () => undefined,
      onKey: (key) => keys.push(key),
      timers: time.timers
    })
    expect(gate.handle(keyEvent('r', 1000, { ctrlKey: true }))).toBe('pass')
    expect(gate.handle(keyEvent('Shift', 2000))).toBe('swallow')
    expect(gate.handle(keyEvent('Enter', 3000, { repeat: true }))).toBe('swallow')
    time.advanceTo(5000)
    expect(keys).toEqual([])
  })

  it('ends a scan by silence when the scanner sends no terminator', () => {
    const h = paymentGate({ terminators: [] })
    h.type(scanner(walletCode, 1000).slice(0, -1))
    expect(h.scans).toEqual([walletCode])
    expect(h.keys).toEqual([])
  })

  it('stops acting once disposed', () => {
    const time = manualTime()
    const keys: string[] = []
    const gate = createPaymentKeyGate({
      detector: createWedgeDetector(defaultWedgeOptions),
      maxGapMs: 50,
      idleTimeoutMs: 100,
      onScan: () => undefined,
      onKey: (key) => keys.push(key),
      timers: time.timers
    })
    gate.handle(keyEvent('Escape', 1000))
    gate.dispose()
    time.advanceTo(2000)
    expect(keys).toEqual([])
  })
})

describe('the amount screen scan guard', () => {
  function entryGuard(): Harness & { events: string[] } {
    const events: string[] = []
    const h = harness((time, h) =>
      createEntryScanGuard({
        detector: createWedgeDetector(defaultWedgeOptions),
        minFastRun: defaultWedgeOptions.minFastRun,
        idleTimeoutMs: defaultWedgeOptions.idleTimeoutMs,
        keyed: () => events.push('run'),
        undo: () => events.push('scanner'),
        onScan: (text) => h.scans.push(text),
        timers: time.timers
      })
    )
    return Object.assign(h, { events })
  }

  it('lets a person type, even two keys rolled together', () => {
    const h = entryGuard()
    h.type([
      ['1', 1000],
      ['2', 1030],
      ['0', 1300],
      ['0', 1500],
      ['Enter', 1800]
    ])
    expect(h.verdicts.every((verdict) => verdict === 'pass')).toBe(true)
    expect(h.events).not.toContain('scanner')
    expect(h.scans).toEqual([])
  })

  it('swallows a scanner from its fourth key, Enter included, and asks to undo the first three', () => {
    const h = entryGuard()
    h.type(scanner(walletCode, 1000))
    expect(h.verdicts.slice(0, 3)).toEqual(['pass', 'pass', 'pass'])
    expect(h.verdicts.slice(3).every((verdict) => verdict === 'swallow')).toBe(true)
    expect(h.events).toEqual(['run', 'scanner'])
    expect(h.scans).toEqual([walletCode])
  })

  it('keeps the tail of a scan that stalls before its last digit out of the amount', () => {
    // Audit E: 8 ms a key, one 68 ms stall (over the 50 ms gap) before the last digit; the `7`
    // used to land in the amount (¥500 became ¥5,007) and the scanner's Enter opened that sale.
    const keys = scanner(walletCode, 1000).map(([key, at], i): [string, number] =>
      i >= walletCode.length - 1 ? [key, at + 60] : [key, at]
    )
    const h = entryGuard()
    h.type(keys)
    expect(h.verdicts.slice(3).every((verdict) => verdict === 'swallow')).toBe(true)
    expect(h.events).toEqual(['run', 'scanner'])
    expect(h.scans).toEqual([walletCode])
  })

  it('keeps the tail out of the amount when no terminator frames the scan either', () => {
    const time = manualTime()
    const verdicts: GateVerdict[] = []
    const scans: string[] = []
    const options = { ...defaultWedgeOptions, terminators: [] }
    const guard = createEntryScanGuard({
      detector: createWedgeDetector(options),
      minFastRun: options.minFastRun,
      idleTimeoutMs: options.idleTimeoutMs,
      keyed: () => undefined,
      undo: () => {},
      onScan: (text) => scans.push(text),
      timers: time.timers
    })
    const keys = [...walletCode].map((key, i): [string, number] => [
      key,
      1000 + i * 8 + (i === walletCode.length - 1 ? 60 : 0)
    ])
    for (const [key, at] of keys) {
      time.advanceTo(at)
      verdicts.push(guard.handle(keyEvent(key, at)))
    }
    time.advanceTo(3000)
    expect(verdicts.slice(3).every((verdict) => verdict === 'swallow')).toBe(true)
    // The 17 digits before the stall could be a whole code and the late one a key pressed after
    // it: with no suffix to tell, the code is lost, not misread.
    expect(scans).toEqual([])
  })

  /**
   * The amount field as the screen keeps it: a passed digit types into it, a run's start is a
   * point to put it back to, and a scanner's run puts it back (AmountEntry).
   */
  function amountField(): {
    verdicts: GateVerdict[]
    field: () => string
    type: (keys: readonly (readonly [string, number])[]) => void
  } {
    const time = manualTime()
    const verdicts: GateVerdict[] = []
    let field = ''
    const guard = createEntryScanGuard({
      detector: createWedgeDetector(defaultWedgeOptions),
      minFastRun: defaultWedgeOptions.minFastRun,
      idleTimeoutMs: defaultWedgeOptions.idleTimeoutMs,
      keyed: () => field,
      undo: (before) => {
        field = before
      },
      onScan: () => {},
      timers: time.timers
    })
    return {
      verdicts,
      field: () => field,
      type(keys) {
        for (const [key, at] of keys) {
          time.advanceTo(at)
          const verdict = guard.handle(keyEvent(key, at))
          verdicts.push(verdict)
          if (verdict === 'pass' && /^[0-9]$/.test(key)) field += key
        }
        time.advanceTo((keys.at(-1)?.[1] ?? 0) + 1000)
      }
    }
  }

  it('leaves no digit of a scan that stalled after its first two in the amount', () => {
    // A USB hiccup of 70 ms after the first two digits: they typed into the amount before the
    // rest showed it was a scanner. Unless they go, the next scan pays ¥50,013 for ¥500.
    const h = amountField()
    h.type([
      ['5', 100],
      ['0', 400],
      ['0', 700]
    ])
    expect(h.field()).toBe('500')
    const keys = scanner(walletCode, 2000).map(([key, at], i): [string, number] =>
      i >= 2 ? [key, at + 70] : [key, at]
    )
    h.type(keys)
    expect(h.field()).toBe('500')
    // The tail's fourth key shows a scanner; from there on, its Enter too, nothing reaches the page.
    expect(h.verdicts.slice(-keys.length + 5).every((verdict) => verdict === 'swallow')).toBe(true)
  })

  it('undoes only the run a scan follows at once, not the amount typed before it', () => {
    const h = amountField()
    h.type([['5', 100], ['0', 400], ['0', 700], ...scanner(walletCode, 1000)])
    expect(h.field()).toBe('500')
  })

  it("still lets a person type 5, 0, 0, Enter after a scan, and at a fast typist's pace", () => {
    const h = entryGuard()
    const scan = scanner(walletCode, 1000)
    const end = scan.at(-1)?.[1] ?? 0
    h.type([...scan, ['5', end + 400], ['0', end + 470], ['0', end + 540], ['Enter', end + 610]])
    expect(h.scans).toEqual([walletCode])
    expect(h.verdicts.slice(-4)).toEqual(['pass', 'pass', 'pass', 'pass'])
    expect(h.events).toEqual(['run', 'scanner', 'run', 'run', 'run', 'run'])
  })
})

describe('what the gates hand the detector', () => {
  /** Alt-code key events; `up` marks the Alt releases, which go to `release()`. */
  function altCodeEvents(text: string, start: number): { event: GateKeyEvent; up: boolean }[] {
    const events: { event: GateKeyEvent; up: boolean }[] = []
    let at = start
    for (const char of `${text}\r`) {
      events.push({ event: keyEvent('Alt', at, { code: 'AltLeft', altKey: true }), up: false })
      for (const digit of `0${char.charCodeAt(0)}`) {
        at += 2
        const event = keyEvent(digit, at, { code: `Numpad${digit}`, altKey: true })
        events.push({ event, up: false })
      }
      at += 2
      events.push({ event: keyEvent('Alt', at, { code: 'AltLeft' }), up: true })
      at += 2
    }
    return events
  }

  it.each([true, false])(
    'reads a scanner typing Alt codes on the payment screen, acting on none of its keys (key-ups: %s)',
    (withKeyUps) => {
      const time = manualTime()
      const scans: [string, number][] = []
      const keys: string[] = []
      const gate = createPaymentKeyGate({
        detector: createWedgeDetector({ ...defaultWedgeOptions, minLength: 16 }),
        maxGapMs: 50,
        idleTimeoutMs: 100,
        onScan: (text) => scans.push([text, time.timers.now()]),
        onKey: (key) => keys.push(key),
        timers: time.timers
      })
      const verdicts: GateVerdict[] = []
      let last = 0
      for (const { event, up } of altCodeEvents(walletCode, 1000)) {
        time.advanceTo(event.timeStamp)
        last = event.timeStamp
        if (up) {
          if (withKeyUps) gate.release(event)
        } else {
          const verdict = gate.handle(event)
          // Alt itself passes, as every chord's modifier does; the digits never reach the page.
          if (event.key !== 'Alt') verdicts.push(verdict)
        }
      }
      time.advanceTo(5000)
      // With key-ups the Alt release of Alt+013 ends the scan at once; without, the idle flush.
      expect(scans).toEqual([[walletCode, withKeyUps ? last : last - 2 + 100]])
      expect(keys).toEqual([])
      expect(verdicts.every((verdict) => verdict === 'swallow')).toBe(true)
    }
  )

  it('still passes Alt chords that are not Alt codes', () => {
    const gate = createPaymentKeyGate({
      detector: createWedgeDetector(defaultWedgeOptions),
      maxGapMs: 50,
      idleTimeoutMs: 100,
      onScan: () => undefined,
      onKey: () => undefined,
      timers: manualTime().timers
    })
    expect(gate.handle(keyEvent('F4', 1000, { code: 'F4', altKey: true }))).toBe('pass')
    expect(gate.handle(keyEvent('7', 2000, { code: 'Digit7', altKey: true }))).toBe('pass')
    expect(gate.handle(keyEvent('7', 3000, { code: 'Numpad7', altKey: true }))).toBe('swallow')
    expect(gate.handle(keyEvent('7', 4000, { code: 'Numpad7', altKey: true, ctrlKey: true }))).toBe(
      'pass'
    )
  })

  it('takes the case from Shift, not from Caps Lock, on the amount screen', () => {
    const time = manualTime()
    const scans: string[] = []
    const guard = createEntryScanGuard({
      detector: createWedgeDetector(defaultWedgeOptions),
      minFastRun: 4,
      idleTimeoutMs: 100,
      keyed: () => undefined,
      undo: () => undefined,
      onScan: (text) => scans.push(text),
      timers: time.timers
    })
    // Caps Lock on: the layout reports the scanner's lower case as capitals.
    const events = [
      keyEvent('A', 1000, { shiftKey: false }),
      keyEvent('B', 1005, { shiftKey: false }),
      keyEvent('Shift', 1008, { code: 'ShiftLeft', shiftKey: true }),
      keyEvent('c', 1010, { shiftKey: true }),
      ...[...'12345'].map((digit, i) => keyEvent(digit, 1015 + i * 5, { shiftKey: false })),
      keyEvent('Enter', 1045, { code: 'Enter', shiftKey: false })
    ]
    for (const event of events) {
      time.advanceTo(event.timeStamp)
      guard.handle(event)
    }
    expect(scans).toEqual(['abC12345'])
  })
})
