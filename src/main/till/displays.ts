import type { DisplayChoice, DisplayList } from '../../shared/contract'

/**
 * The screens plugged in now, from the shell that places the customer display on them. The
 * Electron app gives one (electron/display-list.ts); the web host has none: a browser page
 * cannot place a window, so there the LAN tablet is the customer display.
 */
export interface DisplayProvider {
  /** Left to right, as the settings screen lists them. */
  list(): readonly DisplayChoice[]
}

export const noDisplayPlacement =
  'Placing the customer display on a screen is for the desktop app. In the web host, a tablet on ' +
  'the shop network is the customer display.'

/** `display:list`: what `provider` sees, with the shop's saved choice. */
export function listDisplays(
  provider: DisplayProvider | undefined,
  chosenId: number | null
): DisplayList {
  if (provider === undefined) {
    return { available: false, displays: [], chosenId, message: noDisplayPlacement }
  }
  return { available: true, displays: provider.list(), chosenId, message: null }
}
