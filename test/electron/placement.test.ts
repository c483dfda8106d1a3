import { describe, expect, it } from 'vitest'
import {
  placeCustomerDisplay,
  placementChanged,
  type DisplayInfo
} from '../../src/main/electron/placement'

const laptop: DisplayInfo = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }
const facing: DisplayInfo = { id: 2, bounds: { x: 1920, y: 0, width: 1024, height: 768 } }
const left: DisplayInfo = { id: 3, bounds: { x: -1280, y: 0, width: 1280, height: 800 } }

describe('placeCustomerDisplay over layouts of one, two and three displays', () => {
  it('one display: a window on it, inset, never fullscreen over the cashier', () => {
    expect(placeCustomerDisplay({ displays: [laptop], primaryId: 1, chosenId: null })).toEqual({
      kind: 'window',
      displayId: 1,
      bounds: { x: 40, y: 40, width: 1024, height: 768 }
    })
    // Choosing the primary itself still leaves the cashier's display uncovered.
    expect(placeCustomerDisplay({ displays: [laptop], primaryId: 1, chosenId: 1 }).kind).toBe(
      'window'
    )
  })

  it('one small display: the window fits inside it', () => {
    const small = { id: 1, bounds: { x: 0, y: 0, width: 800, height: 600 } }
    expect(
      placeCustomerDisplay({ displays: [small], primaryId: 1, chosenId: null }).bounds
    ).toEqual({ x: 40, y: 40, width: 720, height: 520 })
  })

  it('two displays: fullscreen on the one that is not primary, whichever order they come in', () => {
    for (const displays of [
      [laptop, facing],
      [facing, laptop]
    ]) {
      expect(placeCustomerDisplay({ displays, primaryId: 1, chosenId: null })).toEqual({
        kind: 'fullscreen',
        displayId: 2,
        bounds: facing.bounds
      })
    }
  })

  it('three displays: the chosen one, else the leftmost other one', () => {
    const displays = [laptop, facing, left]
    expect(placeCustomerDisplay({ displays, primaryId: 1, chosenId: 2 })).toMatchObject({
      kind: 'fullscreen',
      displayId: 2
    })
    expect(placeCustomerDisplay({ displays, primaryId: 1, chosenId: 3 })).toMatchObject({
      kind: 'fullscreen',
      displayId: 3
    })
    expect(placeCustomerDisplay({ displays, primaryId: 1, chosenId: null })).toMatchObject({
      kind: 'fullscreen',
      displayId: 3
    })
    expect(
      placeCustomerDisplay({ displays: [left, facing, laptop], primaryId: 1, chosenId: null })
    ).toMatchObject({ displayId: 3 })
  })

  it('no displays reported at all: a window of the default size', () => {
    expect(placeCustomerDisplay({ displays: [], primaryId: 1, chosenId: 2 })).toEqual({
      kind: 'window',
      displayId: null,
      bounds: { x: 40, y: 40, width: 1024, height: 768 }
    })
  })
})

describe('placeCustomerDisplay over unplug and replug', () => {
  it('falls back to a window on the primary when the chosen display goes, and returns with it', () => {
    const steps = [[laptop, facing], [laptop], [laptop, facing]].map((displays) =>
      placeCustomerDisplay({ displays, primaryId: 1, chosenId: 2 })
    )
    expect(steps.map((p) => `${p.kind}:${p.displayId}`)).toEqual([
      'fullscreen:2',
      'window:1',
      'fullscreen:2'
    ])
  })

  it('uses another display while the chosen one is away, and goes back when it returns', () => {
    const steps = [
      [laptop, facing, left],
      [laptop, left],
      [laptop, left, facing]
    ].map((displays) => placeCustomerDisplay({ displays, primaryId: 1, chosenId: 2 }))
    expect(steps.map((p) => p.displayId)).toEqual([2, 3, 2])
  })

  it('follows a display that comes back with another resolution', () => {
    const wider = { ...facing, bounds: { ...facing.bounds, width: 1920, height: 1080 } }
    const before = placeCustomerDisplay({ displays: [laptop, facing], primaryId: 1, chosenId: 2 })
    const after = placeCustomerDisplay({ displays: [laptop, wider], primaryId: 1, chosenId: 2 })
    expect(after.bounds).toEqual(wider.bounds)
    expect(placementChanged(before, after)).toBe(true)
    expect(placementChanged(after, { ...after, bounds: { ...after.bounds } })).toBe(false)
    expect(placementChanged(null, after)).toBe(true)
  })
})
