import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => ({}))

const { electronDisplayList } = await import('../../src/main/electron/display-list')

interface FakeDisplay {
  id: number
  label: string
  bounds: { x: number; y: number; width: number; height: number }
  size: { width: number; height: number }
  scaleFactor: number
}

function display(
  id: number,
  label: string,
  x: number,
  width: number,
  height: number,
  scale = 1
): FakeDisplay {
  return {
    id,
    label,
    bounds: { x, y: 0, width, height },
    size: { width, height },
    scaleFactor: scale
  }
}

interface FakeScreen {
  displays: FakeDisplay[]
  getAllDisplays(): FakeDisplay[]
  getPrimaryDisplay(): FakeDisplay
}

/** Electron's `screen` as far as the list uses it; `primary` is the OS's main screen. */
function fakeScreen(displays: FakeDisplay[], primary: number): FakeScreen {
  const screen: FakeScreen = {
    displays,
    getAllDisplays: () => screen.displays,
    getPrimaryDisplay: () => screen.displays.find((d) => d.id === primary) ?? screen.displays[0]!
  }
  return screen
}

const asScreen = (screen: FakeScreen): Parameters<typeof electronDisplayList>[0] =>
  screen as unknown as Parameters<typeof electronDisplayList>[0]

// A HiDPI laptop (1440×900 DIPs at 2×), a monitor to its right, another to its left.
const laptop = display(10, 'Built-in Retina Display', 0, 1440, 900, 2)
const facing = display(20, '  DELL P2419H ', 1440, 1920, 1080)
const left = display(30, '', -1280, 1280, 1024)

describe('electronDisplayList', () => {
  it('lists the screens left to right, in pixels, marking the main one and the customer display', () => {
    const screen = fakeScreen([laptop, facing, left], 10)
    expect(electronDisplayList(asScreen(screen), () => 20).list()).toEqual([
      { id: 30, label: '', width: 1280, height: 1024, primary: false, customer: false },
      {
        id: 10,
        label: 'Built-in Retina Display',
        width: 2880,
        height: 1800,
        primary: true,
        customer: false
      },
      { id: 20, label: 'DELL P2419H', width: 1920, height: 1080, primary: false, customer: true }
    ])
  })

  it('marks where placement puts the display: automatic, chosen, and the chosen one unplugged', () => {
    const screen = fakeScreen([laptop, facing, left], 10)
    let chosen: number | null = null
    const provider = electronDisplayList(asScreen(screen), () => chosen)
    const customerOn = (): number[] =>
      provider
        .list()
        .filter((d) => d.customer)
        .map((d) => d.id)
    // Automatic: the leftmost screen that is not the main one.
    expect(customerOn()).toEqual([30])
    // The choice is read afresh on every call: a saved choice shows at once.
    chosen = 20
    expect(customerOn()).toEqual([20])
    // Chosen and unplugged: the other screen while it is away.
    screen.displays = [laptop, left]
    expect(customerOn()).toEqual([30])
    // Only the laptop: a window on the main screen.
    screen.displays = [laptop]
    expect(provider.list()).toEqual([
      expect.objectContaining({ id: 10, primary: true, customer: true })
    ])
    // Plugged back in: on the chosen one again.
    screen.displays = [laptop, left, facing]
    expect(customerOn()).toEqual([20])
  })
})
