import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dateIn, dayStartIn, knownTimeZone } from '../../src/shared/zone'

const hour = 3_600_000

// The shop's days must not depend on the zone this process runs in: run it in one far from them.
let machineZone: string | undefined
beforeAll(() => {
  machineZone = process.env['TZ']
  process.env['TZ'] = 'Pacific/Honolulu'
})
afterAll(() => {
  if (machineZone === undefined) delete process.env['TZ']
  else process.env['TZ'] = machineZone
})

describe('dayStartIn', () => {
  it('is local midnight in the shop, whatever the machine is set to', () => {
    expect(dayStartIn('2026-11-26', 'Asia/Tokyo')).toBe(Date.UTC(2026, 10, 25, 15))
    expect(dayStartIn('2026-11-26', 'Asia/Tokyo', 1)).toBe(Date.UTC(2026, 10, 26, 15))
    expect(dayStartIn('2026-11-26', 'UTC')).toBe(Date.UTC(2026, 10, 26))
  })

  it('makes the New York spring-forward day 23 hours and the fall-back day 25', () => {
    const march8 = dayStartIn('2026-03-08', 'America/New_York')
    const march9 = dayStartIn('2026-03-09', 'America/New_York')
    expect(march8).toBe(Date.UTC(2026, 2, 8, 5))
    expect(march9).toBe(Date.UTC(2026, 2, 9, 4))
    expect(dayStartIn('2026-03-08', 'America/New_York', 1)).toBe(march9)

    const november1 = dayStartIn('2026-11-01', 'America/New_York')
    const november2 = dayStartIn('2026-11-02', 'America/New_York')
    expect(november1).toBe(Date.UTC(2026, 10, 1, 4))
    expect(november2).toBe(Date.UTC(2026, 10, 2, 5))
    expect((november2 as number) - (november1 as number)).toBe(25 * hour)
  })

  it('starts a day whose midnight the clocks skip at the change (Santiago, 01:00)', () => {
    const start = dayStartIn('2026-09-06', 'America/Santiago') as number
    expect(start).toBe(Date.UTC(2026, 8, 6, 4))
    expect(dateIn(start, 'America/Santiago')).toBe('2026-09-06')
    expect(dateIn(start - 1, 'America/Santiago')).toBe('2026-09-05')
  })

  it('refuses a day the calendar does not have', () => {
    expect(dayStartIn('2026-02-30', 'Asia/Tokyo')).toBeNull()
    expect(dayStartIn('26-11-26', 'Asia/Tokyo')).toBeNull()
    expect(dayStartIn('2028-02-29', 'Asia/Tokyo')).toBe(Date.UTC(2028, 1, 28, 15))
  })
})

describe('dateIn', () => {
  it('names the shop’s day of a moment', () => {
    const sixteenUtc = Date.UTC(2026, 10, 25, 16)
    expect(dateIn(sixteenUtc, 'Asia/Tokyo')).toBe('2026-11-26')
    expect(dateIn(sixteenUtc, 'UTC')).toBe('2026-11-25')
    expect(dateIn(Date.UTC(2026, 10, 25, 14, 59, 59, 999), 'Asia/Tokyo')).toBe('2026-11-25')
  })
})

describe('knownTimeZone', () => {
  it('gives the canonical name of a zone Intl knows, and null for anything else', () => {
    expect(knownTimeZone('Asia/Tokyo')).toBe('Asia/Tokyo')
    expect(knownTimeZone('asia/tokyo')).toBe('Asia/Tokyo')
    expect(knownTimeZone('UTC')).toBe('UTC')
    expect(knownTimeZone('Mars/Olympus_Mons')).toBeNull()
    expect(knownTimeZone('+09:00')).toBeNull()
    expect(knownTimeZone('')).toBeNull()
  })
})
