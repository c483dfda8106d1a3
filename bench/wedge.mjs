// The keyboard-wedge detector beside onscan.js (issue 5, "Performance"): both run in the same
// process over the same trace corpus (test/fixtures/wedge: the seeded generator and the
// hand-written recorded traces), each fed the same key events through a DOM-like EventTarget, and
// each configured from the same settings (gap, idle timeout, minimum length, suffix and prefix
// keys). Printed for both: the cost of one key event (ns), the latency from the terminator's
// key-down to the scan callback (ns), how long scans without a terminator wait (ms of trace time),
// and accuracy: scans missed and false scans, per trace category and in total.
//   node bench/wedge.mjs [rounds=30]
//
// onscan.js is a browser library: it reads `Date.now()`, `setTimeout` and `KeyboardEvent.keyCode`.
// Here it gets a virtual clock (the trace's time stamps), a virtual timer queue, and events that
// carry the `keyCode` Chromium reports for each physical key, including 229 for IME keys. Our
// detector runs behind the same virtual timer, as src/renderer/src/lib/key-gate.ts drives it.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire, registerHooks } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

// Type stripping loads the .ts sources; the flags quiet the notice that package.json has no "type".
const flags = ['--experimental-strip-types', '--disable-warning=MODULE_TYPELESS_PACKAGE_JSON']
if (!process.execArgv.includes(flags[1])) {
  const child = spawnSync(
    process.execPath,
    [...flags, '--disable-warning=ExperimentalWarning', ...process.argv.slice(1)],
    { stdio: 'inherit' }
  )
  process.exit(child.status ?? 1)
}

// The sources import each other without extensions, as the bundler resolves them.
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (/^\.\.?\//.test(specifier) && !/\.(?:[cm]?[jt]s|json)$/.test(specifier)) {
      try {
        return nextResolve(`${specifier}.ts`, context)
      } catch {
        // Not a .ts file: resolve as written.
      }
    }
    return nextResolve(specifier, context)
  }
})

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const load = (path) => import(pathToFileURL(join(root, path)).href)
const { createWedgeDetector } = await load('src/shared/wedge/detector.ts')
const { resolveWedgeOptions } = await load('src/shared/wedge/settings.ts')
const { corpusSeed, generateCorpus } = await load('test/fixtures/wedge/generate.ts')
const { score } = await load('test/fixtures/wedge/replay.ts')
const onScan = createRequire(import.meta.url)('onscan.js')

const rounds = Number(process.argv[2] ?? 30)
const warmupRounds = Math.max(2, Math.floor(rounds / 10))

const recordedDir = join(root, 'test/fixtures/wedge/recorded')
const corpus = [
  ...generateCorpus(corpusSeed),
  ...readdirSync(recordedDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(recordedDir, file), 'utf8')))
]

// ── A virtual clock and timer queue, shared by both detectors ───────────────────────────────

let now = 0
let nextTimer = 1
const timers = new Map()
const realDateNow = Date.now
const realSetTimeout = globalThis.setTimeout
const realClearTimeout = globalThis.clearTimeout

function installVirtualTime() {
  Date.now = () => now
  globalThis.setTimeout = (run, ms, ...args) => {
    const id = nextTimer++
    timers.set(id, { at: now + (ms ?? 0), run, args })
    return id
  }
  globalThis.clearTimeout = (id) => timers.delete(id)
}

function restoreRealTime() {
  Date.now = realDateNow
  globalThis.setTimeout = realSetTimeout
  globalThis.clearTimeout = realClearTimeout
}

/** Runs every timer due by `at`, in order, with the clock at each one's time. */
function advanceTo(at) {
  for (;;) {
    let due = null
    for (const [id, timer] of timers) {
      if (timer.at <= at && (due === null || timer.at < due[1].at)) due = [id, timer]
    }
    if (due === null) break
    timers.delete(due[0])
    now = due[1].at
    due[1].run(...due[1].args)
  }
  now = Math.max(now, at)
}

// A minimal `document`/`window` for the parts of onscan.js that look at them.
globalThis.document = { activeElement: null }
globalThis.window = globalThis

// ── Key events as Chromium reports them ─────────────────────────────────────────────────────

const namedKeyCodes = {
  Enter: 13,
  Tab: 9,
  Shift: 16,
  Control: 17,
  Alt: 18,
  CapsLock: 20,
  Process: 229,
  Insert: 45,
  End: 35,
  ArrowDown: 40,
  PageDown: 34,
  ArrowLeft: 37,
  Clear: 12,
  ArrowRight: 39,
  Home: 36,
  ArrowUp: 38,
  PageUp: 33,
  F9: 120
}
const codeKeyCodes = { Minus: 189, BracketRight: 221, Enter: 13, Tab: 9 }

function keyCodeOf(key, code) {
  if (key === 'Process') return 229
  const named = namedKeyCodes[key]
  if (named !== undefined) return named
  const digit = /^Digit([0-9])$/.exec(code)
  if (digit) return 48 + Number(digit[1])
  const numpad = /^Numpad([0-9])$/.exec(code)
  if (numpad) return 96 + Number(numpad[1])
  const letter = /^Key([A-Z])$/.exec(code)
  if (letter) return letter[1].charCodeAt(0)
  return codeKeyCodes[code] ?? 0
}

function toEvent(input) {
  const event = new Event(input.type ?? 'keydown', { cancelable: true })
  const keyCode = keyCodeOf(input.key, input.code)
  Object.defineProperties(event, {
    key: { value: input.key },
    code: { value: input.code },
    keyCode: { value: keyCode },
    which: { value: keyCode },
    repeat: { value: input.repeat === true },
    shiftKey: { value: input.shiftKey === true },
    altKey: { value: input.altKey === true },
    ctrlKey: { value: false },
    metaKey: { value: false },
    traceTime: { value: input.timeStamp }
  })
  return event
}

// ── The two detectors behind one interface ──────────────────────────────────────────────────

function optionsFor(trace) {
  return resolveWedgeOptions(trace.settings, trace.screen)
}

/** Ours, wired as the screens wire it: push per key-down, one flush timer re-armed per key. */
function attachOurs(target, options, onScanned) {
  const detector = createWedgeDetector(options)
  const flushAfterMs = Math.max(options.idleTimeoutMs, options.maxGapMs + 1)
  let timer = null
  const report = (scan) => onScanned(scan.text)
  const listener = (event) => {
    const scan = detector.push({
      key: event.key,
      code: event.code,
      timeStamp: event.traceTime,
      repeat: event.repeat,
      type: event.type,
      shiftKey: event.shiftKey,
      altKey: event.altKey
    })
    if (scan) report(scan)
    if (event.type === 'keyup') return
    if (timer !== null) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      const idle = detector.flush(now)
      if (idle) report(idle)
    }, flushAfterMs)
  }
  target.addEventListener('keydown', listener)
  target.addEventListener('keyup', listener)
}

/** onscan.js with the same settings: its documented options (README "Options"). */
function attachOnscan(target, options, onScanned) {
  const keyCodes = (keys) => keys.map((key) => namedKeyCodes[key]).filter((c) => c !== undefined)
  onScan.attachTo(target, {
    avgTimeByChar: options.maxGapMs,
    timeBeforeScanTest: options.idleTimeoutMs,
    minLength: options.minLength,
    suffixKeyCodes: keyCodes(options.terminators),
    prefixKeyCodes: keyCodes(options.prefix),
    reactToKeydown: true,
    onScan: (text) => onScanned(text)
  })
}

const detectors = [
  ['ours', attachOurs],
  ['onscan.js', attachOnscan]
]

/** One pass over the corpus; returns per-trace results and timings. */
function runCorpus(attach, events, timed) {
  const results = []
  let keyNs = 0n
  let keys = 0
  const latencies = []
  const idleWaits = []
  for (let t = 0; t < corpus.length; t++) {
    const trace = corpus[t]
    const target = new EventTarget()
    const reported = []
    let dispatchStart = 0n
    let current = null
    attach(target, optionsFor(trace), (text) => {
      reported.push(text)
      // During a key's dispatch: that key completed the scan. Otherwise a timer did, after quiet.
      if (current !== null) latencies.push(process.hrtime.bigint() - dispatchStart)
      else idleWaits.push(now - lastTimeBefore(trace.events, now))
    })
    timers.clear()
    now = trace.events[0].timeStamp
    for (const event of events[t]) {
      advanceTo(event.traceTime)
      current = event
      dispatchStart = process.hrtime.bigint()
      target.dispatchEvent(event)
      if (timed) keyNs += process.hrtime.bigint() - dispatchStart
      current = null
      keys += 1
    }
    advanceTo(Number.POSITIVE_INFINITY)
    results.push({ trace, reported })
  }
  return { results, keyNs, keys, latencies, idleWaits }
}

/** The time of the last key-down at or before `at`: what an idle scan waited from. */
function lastTimeBefore(events, at) {
  let last = events[0].timeStamp
  for (const event of events) {
    if (event.type !== 'keyup' && event.timeStamp <= at) last = event.timeStamp
  }
  return last
}

function quantile(values, q) {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

// ── Run ────────────────────────────────────────────────────────────────────────────────────

// Rounds alternate between the two, so a busy machine slows both alike; the figure per key is the
// median of the rounds' means.
const figures = new Map(
  detectors.map(([name]) => [name, { perKey: [], latencies: [], first: null }])
)
installVirtualTime()
try {
  for (let round = 0; round < warmupRounds + rounds; round++) {
    for (const [name, attach] of detectors) {
      const events = corpus.map((trace) => trace.events.map(toEvent))
      const timed = round >= warmupRounds
      const pass = runCorpus(attach, events, timed)
      const figure = figures.get(name)
      figure.first ??= pass
      if (timed) {
        figure.perKey.push(Number(pass.keyNs) / pass.keys)
        figure.latencies.push(...pass.latencies)
      }
    }
  }
} finally {
  restoreRealTime()
}

const categories = [...new Set(corpus.map((trace) => trace.category))]

function accuracy(results, category) {
  let expected = 0
  let missed = 0
  let falseScans = 0
  for (const { trace, reported } of results) {
    if (category !== undefined && trace.category !== category) continue
    const result = score(trace.expected, reported)
    expected += trace.expected.length
    missed += result.missed
    falseScans += result.falseScans
  }
  return { expected, missed, falseScans }
}

const pad = (text, width) => String(text).padEnd(width)
const padStart = (text, width) => String(text).padStart(width)
const scans = corpus.reduce((sum, trace) => sum + trace.expected.length, 0)
console.log(
  `corpus: ${corpus.length} traces (${scans} scans, ` +
    `${corpus.reduce((sum, t) => sum + t.events.length, 0)} key events); ` +
    `${rounds} timed rounds after ${warmupRounds} warm-up, Node ${process.version}`
)
console.log('')
console.log(`${pad('', 36)}${padStart('ours', 22)}${padStart('onscan.js', 22)}`)
const row = (label, ours, theirs) =>
  console.log(`${pad(label, 36)}${padStart(ours, 22)}${padStart(theirs, 22)}`)
const ours = figures.get('ours')
const theirs = figures.get('onscan.js')
const perKey = (f) => `${quantile(f.perKey, 0.5).toFixed(0)} ns`
row('cost per key event (dispatch incl.)', perKey(ours), perKey(theirs))
const latency = (f, q) => `${(Number(quantile(f.latencies, q)) / 1000).toFixed(1)} µs`
row('terminator → scan, p50', latency(ours, 0.5), latency(theirs, 0.5))
row('terminator → scan, p99', latency(ours, 0.99), latency(theirs, 0.99))
const idle = (f) => {
  const waits = f.first.idleWaits
  return waits.length === 0 ? '—' : `${quantile(waits, 0.5)} ms (${waits.length})`
}
row('no terminator: last key → scan p50', idle(ours), idle(theirs))
console.log('')
row('accuracy (missed / false scans)', 'missed  false', 'missed  false')
const cell = (a) => `${padStart(a.missed, 6)}  ${padStart(a.falseScans, 5)}`
for (const category of categories) {
  const a = accuracy(ours.first.results, category)
  const b = accuracy(theirs.first.results, category)
  row(`  ${category} (${a.expected} scans)`, cell(a), cell(b))
}
const totalOurs = accuracy(ours.first.results)
const totalTheirs = accuracy(theirs.first.results)
row(`  all (${totalOurs.expected} scans)`, cell(totalOurs), cell(totalTheirs))
