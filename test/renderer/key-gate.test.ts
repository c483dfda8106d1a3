import { describe, expect, it } from 'vitest'
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
        onRunStart: () => events.push('run'),
        onScannerRun: () => events.push('scanner'),
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
})
