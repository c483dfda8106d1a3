import { create } from 'zustand'
import type { SalePhase } from '../lib/sale-flow'

/** The cashier screen's views, each behind a shortcut that no view uses for itself. */
export const views = ['sale', 'history', 'end-of-day', 'settings'] as const
export type View = (typeof views)[number]

/**
 * F2 and F3 open a sale (scan / show QR) on the sale view; Esc, Enter and 1-9 act inside views;
 * Alt, Ctrl and Meta chords belong to the system (key-gate.ts `isChord`). F5, F6, F7, F10, F11 and
 * F12 are the browser's when the screen runs in one (reload, address bar, caret browsing, menu,
 * full screen, developer tools), so the views take the four left.
 */
export const viewKeys: Readonly<Record<View, string>> = {
  sale: 'F1',
  history: 'F4',
  'end-of-day': 'F8',
  settings: 'F9'
}

export function viewForKey(key: string): View | null {
  return views.find((view) => viewKeys[view] === key) ?? null
}

/** Why the screen stays where it is. */
export type NavRefusal = 'sale-in-progress' | 'unsaved-changes'

export interface NavState {
  readonly view: View
  /** A view asked for while the settings have unsaved changes: the cashier confirms or stays. */
  readonly pending: View | null
  /** The last refused move, for the screen to say why; cleared by the next move. */
  readonly refused: NavRefusal | null
  /** The open view has edits not saved (the settings form says so while it is dirty). */
  readonly dirty: boolean
  readonly api: {
    /**
     * Moves to `view` unless the sale view holds a sale in payment (`saleLocked`: the payment
     * keeps running only while its screen is up, and its keys are the payment's), or the open view
     * has unsaved edits (then `pending` asks first).
     */
    go(view: View, saleLocked: boolean): boolean
    setDirty(dirty: boolean): void
    /** Leaves despite unsaved edits: the edits are dropped. */
    discardAndGo(): void
    /** Stays with the unsaved edits. */
    stay(): void
    dismissRefusal(): void
  }
}

export const useNavStore = create<NavState>()((set, get) => ({
  view: 'sale',
  pending: null,
  refused: null,
  dirty: false,
  api: {
    go(view, saleLocked) {
      const state = get()
      if (view === state.view) {
        set({ refused: null, pending: null })
        return true
      }
      if (state.view === 'sale' && saleLocked) {
        set({ refused: 'sale-in-progress' })
        return false
      }
      if (state.dirty) {
        set({ pending: view, refused: 'unsaved-changes' })
        return false
      }
      set({ view, pending: null, refused: null })
      return true
    },
    setDirty(dirty) {
      if (get().dirty !== dirty) set({ dirty })
    },
    discardAndGo() {
      const { pending } = get()
      if (pending === null) return
      set({ view: pending, pending: null, refused: null, dirty: false })
    },
    stay() {
      set({ pending: null, refused: null })
    },
    dismissRefusal() {
      set({ refused: null })
    }
  }
}))

export const useNavApi = (): NavState['api'] => useNavStore((state) => state.api)

/**
 * A sale holds the screen from the moment it opens until it is back to the amount: its payment
 * runs only while its view is up (the payment's key gate owns every key, MethodPicker waits on a
 * code held in that view), so leaving is refused rather than risking a scan landing nowhere.
 */
export function saleLocks(phase: SalePhase): boolean {
  return phase !== 'entry'
}
