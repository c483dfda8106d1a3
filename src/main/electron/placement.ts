/**
 * Where the customer display goes, as a pure function of the displays plugged in now, the
 * primary one, and the display the shop chose (settings.json `customerDisplay.displayId`). No
 * Electron here: windows.ts feeds it `screen`'s displays on start and on every display-added,
 * display-removed and display-metrics-changed, and applies the answer to the window.
 *
 * The rules:
 * - the chosen display, when it is plugged in and is not the primary: fullscreen there;
 * - else the first other display, left to right (then by id, so the answer never depends on the
 *   order the OS lists them in): fullscreen there;
 * - else a window on the primary display, inset so the cashier's window stays reachable.
 *
 * Unplugging never forgets the choice: the setting stays, so the same function puts the display
 * back on it the moment it returns. The primary display is never covered by a fullscreen
 * customer display: it is the cashier's.
 */

export interface Rect {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export interface DisplayInfo {
  readonly id: number
  readonly bounds: Rect
}

export type Placement =
  | { readonly kind: 'fullscreen'; readonly displayId: number; readonly bounds: Rect }
  | { readonly kind: 'window'; readonly displayId: number | null; readonly bounds: Rect }

/** The customer window's size when it shares the primary display with the cashier. */
export const windowedSize = { width: 1024, height: 768 } as const
const inset = 40
/** When the OS reports no display at all (it happens mid-replug): room for the default window. */
const noDisplay: Rect = {
  x: 0,
  y: 0,
  width: windowedSize.width + 2 * inset,
  height: windowedSize.height + 2 * inset
}

export function placeCustomerDisplay(input: {
  readonly displays: readonly DisplayInfo[]
  readonly primaryId: number
  readonly chosenId: number | null
}): Placement {
  const { displays, primaryId, chosenId } = input
  const chosen = displays.find((d) => d.id === chosenId && d.id !== primaryId)
  if (chosen !== undefined)
    return { kind: 'fullscreen', displayId: chosen.id, bounds: chosen.bounds }

  const others = displays
    .filter((d) => d.id !== primaryId)
    .sort((a, b) => a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y || a.id - b.id)
  const other = others[0]
  if (other !== undefined) return { kind: 'fullscreen', displayId: other.id, bounds: other.bounds }

  const primary = displays.find((d) => d.id === primaryId) ?? displays[0]
  const area = primary?.bounds ?? noDisplay
  return {
    kind: 'window',
    displayId: primary?.id ?? null,
    bounds: {
      x: area.x + inset,
      y: area.y + inset,
      width: Math.max(320, Math.min(windowedSize.width, area.width - 2 * inset)),
      height: Math.max(240, Math.min(windowedSize.height, area.height - 2 * inset))
    }
  }
}

/** True when moving from `before` to `after` changes anything on screen. */
export function placementChanged(before: Placement | null, after: Placement): boolean {
  if (before === null) return true
  return (
    before.kind !== after.kind ||
    before.displayId !== after.displayId ||
    before.bounds.x !== after.bounds.x ||
    before.bounds.y !== after.bounds.y ||
    before.bounds.width !== after.bounds.width ||
    before.bounds.height !== after.bounds.height
  )
}
