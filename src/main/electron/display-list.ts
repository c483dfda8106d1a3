import type { Display, Screen } from 'electron'
import type { DisplayProvider } from '../till/displays'
import { placeCustomerDisplay } from './placement'

/**
 * Electron's `screen` as the till's DisplayProvider, for the settings screen's choice of display
 * (`display:list`). "Where the customer display is" is placement.ts's answer for the saved
 * choice: the same function windows.ts's follower applies on every change, so the list agrees
 * with the window even in the moment between a choice being saved and the window moving.
 */
export function electronDisplayList(
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay'>,
  chosenId: () => number | null
): DisplayProvider {
  return {
    list() {
      const displays = screen.getAllDisplays()
      const primaryId = screen.getPrimaryDisplay().id
      const placed = placeCustomerDisplay({ displays, primaryId, chosenId: chosenId() })
      // Left to right, as the shop sees the screens on the counter (and as placement.ts orders them).
      return [...displays]
        .sort((a, b) => a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y || a.id - b.id)
        .map((display) => ({
          id: display.id,
          label: display.label.trim(),
          ...pixels(display),
          primary: display.id === primaryId,
          customer: display.id === placed.displayId
        }))
    }
  }
}

/** The resolution in physical pixels: what the monitor's settings say, not Electron's DIPs. */
function pixels(display: Pick<Display, 'size' | 'scaleFactor'>): {
  width: number
  height: number
} {
  const scale = display.scaleFactor > 0 ? display.scaleFactor : 1
  return {
    width: Math.round(display.size.width * scale),
    height: Math.round(display.size.height * scale)
  }
}
