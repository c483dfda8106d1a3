import { describe, expect, it } from 'vitest'
import {
  buildDiagnostics,
  checkFraming,
  checkLayout,
  classifyScan,
  maskCode,
  proposeThreshold,
  toWizardScan,
  type RecordedKey,
  type WizardScan
} from '../../src/renderer/src/cashier/settings/scanner-wizard/analysis'
import { createWedgeDetector } from '../../src/shared/wedge'

/** Keys as a US-layout scanner types `text`, `gapMs` apart, then Enter. */
function usKeys(text: string, start: number, gapMs: number): RecordedKey[] {
  const keys = [...text].map((char, index) => ({
    key: char,
    code: /\d/.test(char)
      ? `Digit${char}`
      : /[A-Za-z]/.test(char)
        ? `Key${char.toUpperCase()}`
        : 'Minus',
    timeStamp: start + index * gapMs
  }))
  return [...keys, { key: 'Enter', code: 'Enter', timeStamp: start + text.length * gapMs }]
}

/** Runs keys through the real detector the wizard uses, as the wizard does. */
function scansOf(keys: readonly RecordedKey[]): WizardScan[] {
  const detector = createWedgeDetector({
    maxGapMs: 200,
    terminators: ['Enter', 'Tab'],
    minLength: 4
  })
  const found: WizardScan[] = []
  for (const key of keys) {
    const scan = detector.push(key)
    if (scan) found.push(toWizardScan(scan, keys))
  }
  return found
}

describe('scanner wizard analysis', () => {
  it('measures each scan and proposes a threshold a margin above the slowest gap', () => {
    const scans = scansOf([
      ...usKeys('QRTILL-TEST-2468', 0, 8),
      ...usKeys('QRTILL-TEST-2468', 1000, 12)
    ])
    expect(scans).toHaveLength(2)
    expect(scans[0]).toMatchObject({ text: 'QRTILL-TEST-2468', maxGapMs: 8, endedBy: 'Enter' })
    expect(scans[0]!.gaps).toHaveLength(16)
    expect(proposeThreshold(scans)).toEqual({ measuredMaxGapMs: 12, proposedMaxGapMs: 27 })
  })

  it('the proposal: half again over the slowest gap, at least 15 ms more, within 20-300 ms', () => {
    const withGap = (maxGapMs: number): WizardScan => ({
      text: '12345678',
      keys: [],
      gaps: [maxGapMs],
      maxGapMs,
      meanGapMs: maxGapMs,
      endedBy: 'Enter'
    })
    expect(proposeThreshold([])).toBeNull()
    expect(proposeThreshold([withGap(1)])?.proposedMaxGapMs).toBe(20)
    expect(proposeThreshold([withGap(20)])?.proposedMaxGapMs).toBe(35)
    expect(proposeThreshold([withGap(20), withGap(80)])?.proposedMaxGapMs).toBe(120)
    expect(proposeThreshold([withGap(190)])?.proposedMaxGapMs).toBe(285)
    expect(proposeThreshold([withGap(250)])?.proposedMaxGapMs).toBe(300)
  })

  it('tells a keyboard-layout mismatch by the key against the physical code', () => {
    expect(checkLayout(usKeys('QRTILL-TEST-2468', 0, 5))).toMatchObject({
      verdict: 'ok',
      mismatches: []
    })
    // A US-configured scanner on an AZERTY PC: Digit2 gives é, Digit4 gives ', KeyQ gives a.
    const azerty: RecordedKey[] = [
      { key: 'a', code: 'KeyQ', timeStamp: 0 },
      { key: 'é', code: 'Digit2', timeStamp: 5 },
      { key: "'", code: 'Digit4', timeStamp: 10 },
      { key: 'Enter', code: 'Enter', timeStamp: 15 }
    ]
    const check = checkLayout(azerty)
    expect(check.verdict).toBe('mismatch')
    expect(check.compared).toBe(3)
    expect(check.mismatches).toEqual([
      { code: 'KeyQ', key: 'a', expected: 'q' },
      { code: 'Digit2', key: 'é', expected: '2' },
      { code: 'Digit4', key: "'", expected: '4' }
    ])
    expect(checkLayout([{ key: 'Enter', code: 'Enter', timeStamp: 0 }]).verdict).toBe('unknown')
  })

  it('finds the terminator, and a prefix or suffix the scanner adds around the test code', () => {
    const plain = scansOf(usKeys('QRTILL-TEST-2468', 0, 5))
    expect(checkFraming(plain, 'QRTILL-TEST-2468')).toEqual({
      terminator: 'Enter',
      prefix: '',
      suffix: '',
      testCodeFound: true
    })
    const prefixed = scansOf(usKeys('X1QRTILL-TEST-2468', 0, 5))
    expect(checkFraming(prefixed, 'QRTILL-TEST-2468')).toMatchObject({ prefix: 'X1', suffix: '' })
    expect(checkFraming(scansOf(usKeys('ABCDEFGH', 0, 5)), 'QRTILL-TEST-2468').testCodeFound).toBe(
      false
    )
    const mixed = [...plain, { ...plain[0]!, endedBy: 'idle' }]
    expect(checkFraming(mixed, 'QRTILL-TEST-2468').terminator).toBe('mixed')
  })

  it('judges each scan by the settings in use', () => {
    const [scan] = scansOf(usKeys('12345678', 0, 30))
    expect(classifyScan(scan!, { maxGapMs: 50, minLength: 6 })).toEqual({
      takenAsScan: true,
      reason: 'ok'
    })
    expect(classifyScan(scan!, { maxGapMs: 20, minLength: 6 }).reason).toBe('too-slow')
    expect(classifyScan(scan!, { maxGapMs: 50, minLength: 10 }).reason).toBe('too-short')
  })

  it('the diagnostics file masks every code to its last four characters', () => {
    const walletCode = '134567890123456789'
    const scans = scansOf([...usKeys(walletCode, 0, 6), ...usKeys('QRTILL-TEST-2468', 500, 6)])
    const diagnostics = buildDiagnostics({
      scans,
      settings: { maxGapMs: 50, minLength: 6, terminators: ['Enter'] },
      testCode: 'QRTILL-TEST-2468',
      hidPos: null,
      now: new Date(Date.UTC(2026, 0, 1)),
      userAgent: 'test'
    })
    const text = JSON.stringify(diagnostics)
    expect(text).not.toContain(walletCode)
    expect(text).not.toContain('1345678901')
    expect(diagnostics.scans.map((scan) => scan.code)).toEqual([
      `${'•'.repeat(14)}6789`,
      `${'•'.repeat(12)}2468`
    ])
    expect(diagnostics.proposal).toEqual({ measuredMaxGapMs: 6, proposedMaxGapMs: 21 })
    expect(maskCode('123')).toBe('•••')
  })
})
