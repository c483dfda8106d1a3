import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  createWedgeDetector,
  resolveWedgeOptions,
  wedgeSettingsSchema,
  type WedgeOptions
} from '../../src/shared/wedge'
import {
  corpusSeed,
  generateCorpus,
  type TraceCategory,
  type WedgeTrace
} from '../fixtures/wedge/generate'
import { replay, score, type Score } from '../fixtures/wedge/replay'

const recordedDir = join(__dirname, '..', 'fixtures', 'wedge', 'recorded')

const keyInputSchema = z.strictObject({
  key: z.string().min(1),
  code: z.string(),
  timeStamp: z.number(),
  repeat: z.boolean().optional(),
  type: z.enum(['keydown', 'keyup']).optional(),
  shiftKey: z.boolean().optional(),
  altKey: z.boolean().optional()
})

const traceSchema = z.strictObject({
  name: z.string().min(1),
  category: z.string().min(1),
  settings: wedgeSettingsSchema,
  screen: z.enum(['entry', 'payment']),
  events: z.array(keyInputSchema).min(1),
  expected: z.array(z.string()),
  source: z.string().min(1)
})

function recordedTraces(): WedgeTrace[] {
  return readdirSync(recordedDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const json: unknown = JSON.parse(readFileSync(join(recordedDir, file), 'utf8'))
      return traceSchema.parse(json) as WedgeTrace
    })
}

const corpus: readonly WedgeTrace[] = [...generateCorpus(corpusSeed), ...recordedTraces()]

function optionsOf(trace: WedgeTrace, change: Partial<WedgeOptions> = {}): WedgeOptions {
  return { ...resolveWedgeOptions(trace.settings, trace.screen), ...change }
}

/** The detector over one trace, as the screens drive it; what it reported beside what it should. */
function run(trace: WedgeTrace, change: Partial<WedgeOptions> = {}): Score & { texts: string[] } {
  const options = optionsOf(trace, change)
  const flushAfterMs = Math.max(options.idleTimeoutMs, options.maxGapMs + 1)
  const texts = replay(createWedgeDetector(options), trace.events, flushAfterMs).map(
    ({ scan }) => scan.text
  )
  return { ...score(trace.expected, texts), texts }
}

function total(change: Partial<WedgeOptions> = {}): Score {
  let found = 0
  let missed = 0
  let falseScans = 0
  for (const trace of corpus) {
    const result = run(trace, change)
    found += result.found
    missed += result.missed
    falseScans += result.falseScans
  }
  return { found, missed, falseScans }
}

const categories: readonly TraceCategory[] = [
  'scanner',
  'scanner-slow',
  'scanner-no-terminator',
  'scanner-tab',
  'scanner-prefix',
  'scanner-back-to-back',
  'scanner-stalled',
  'scanner-stalled-head',
  'human-typing',
  'human-fast-typist',
  'human-smash',
  'human-slide',
  'human-held-key',
  'human-then-scan',
  'layout-azerty',
  'layout-uk',
  'layout-qwertz',
  'layout-jis-kana',
  'ime',
  'alt-code',
  'caps-lock',
  'numlock-off',
  'product-code-on-payment'
]

describe('the trace corpus', () => {
  it('covers every category, scanners from 1 to 100 ms a character, with hand-written traces', () => {
    for (const category of categories) {
      expect(
        corpus.filter((trace) => trace.category === category).length,
        category
      ).toBeGreaterThanOrEqual(8)
    }
    expect(new Set(corpus.map((trace) => trace.category))).toEqual(new Set(categories))
    const names = corpus.map((trace) => trace.name)
    expect(names.filter((name) => /^scanner 1 ms/.test(name)).length).toBeGreaterThan(0)
    expect(names.filter((name) => /^slow scanner 100 ms/.test(name)).length).toBeGreaterThan(0)
    expect(recordedTraces().length).toBeGreaterThanOrEqual(6)
    expect(corpus.filter((trace) => trace.expected.length > 0).length).toBeGreaterThan(250)
    expect(corpus.filter((trace) => trace.expected.length === 0).length).toBeGreaterThan(100)
  })

  it('is the same for a seed and different for another', () => {
    expect(generateCorpus(corpusSeed)).toEqual(generateCorpus(corpusSeed))
    expect(generateCorpus(corpusSeed + 1)).not.toEqual(generateCorpus(corpusSeed))
  })

  it('keeps scanner gaps inside the threshold each trace is labelled against', () => {
    const plain = ['scanner', 'scanner-slow', 'scanner-no-terminator', 'scanner-tab']
    for (const trace of corpus.filter((t) => plain.includes(t.category))) {
      const { maxGapMs } = optionsOf(trace)
      const times = trace.events
        .filter((event) => event.key !== 'Shift')
        .map((event) => event.timeStamp)
      const gaps = times.slice(1).map((at, i) => at - (times[i] ?? at))
      expect(Math.max(...gaps), trace.name).toBeLessThanOrEqual(maxGapMs)
    }
  })
})

describe.each(categories)('the detector over %s traces', (category) => {
  it('finds every scan and nothing else', () => {
    const wrong = corpus
      .filter((trace) => trace.category === category)
      .map((trace) => ({ name: trace.name, expected: trace.expected, ...run(trace) }))
      .filter((result) => result.missed > 0 || result.falseScans > 0)
      .map(({ name, expected, texts }) => ({ name, expected, reported: texts }))
    expect(wrong).toEqual([])
  })
})

describe('the corpus catches a broken detector', () => {
  it('has zero missed and zero false scans over the whole corpus', () => {
    const scans = corpus.reduce((sum, trace) => sum + trace.expected.length, 0)
    expect(total()).toEqual({ found: scans, missed: 0, falseScans: 0 })
  })

  it('misses scans when the gap threshold is too tight', () => {
    expect(total({ maxGapMs: 20 }).missed).toBeGreaterThan(50)
  })

  it('takes people for scanners without the fast-run and length guards', () => {
    expect(total({ minFastRun: 2, minLength: 2 }).falseScans).toBeGreaterThan(5)
  })

  it('misses scans that end by going idle when it waits for a terminator', () => {
    expect(total({ terminators: ['Enter'] }).missed).toBeGreaterThanOrEqual(18)
  })
})
