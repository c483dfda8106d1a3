import { beforeEach, describe, expect, it } from 'vitest'
import { isChord } from '../../src/renderer/src/lib/key-gate'
import type { SalePhase } from '../../src/renderer/src/lib/sale-flow'
import {
  saleLocks,
  useNavStore,
  viewForKey,
  viewKeys,
  views
} from '../../src/renderer/src/stores/nav-store'

const api = (): ReturnType<typeof useNavStore.getState>['api'] => useNavStore.getState().api

beforeEach(() => {
  useNavStore.setState({ view: 'sale', pending: null, refused: null, dirty: false })
})

describe('nav store', () => {
  it('moves between views when nothing holds the screen', () => {
    expect(api().go('history', false)).toBe(true)
    expect(useNavStore.getState().view).toBe('history')
    expect(api().go('settings', false)).toBe(true)
    expect(api().go('sale', false)).toBe(true)
    expect(useNavStore.getState()).toMatchObject({ view: 'sale', refused: null })
  })

  it('refuses to leave a sale in payment, and says why', () => {
    expect(api().go('settings', true)).toBe(false)
    expect(useNavStore.getState()).toMatchObject({ view: 'sale', refused: 'sale-in-progress' })
    // Asking for the view already shown clears the message.
    expect(api().go('sale', true)).toBe(true)
    expect(useNavStore.getState().refused).toBeNull()
  })

  it('asks before dropping unsaved edits: stay keeps them, discard leaves', () => {
    api().go('settings', false)
    api().setDirty(true)
    expect(api().go('sale', false)).toBe(false)
    expect(useNavStore.getState()).toMatchObject({
      view: 'settings',
      pending: 'sale',
      refused: 'unsaved-changes'
    })
    api().stay()
    expect(useNavStore.getState()).toMatchObject({ view: 'settings', pending: null, dirty: true })
    api().go('history', false)
    api().discardAndGo()
    expect(useNavStore.getState()).toMatchObject({ view: 'history', pending: null, dirty: false })
  })

  it('the sale holds the screen in every phase but the amount entry', () => {
    const phases: SalePhase[] = [
      'opening',
      'awaiting-code',
      'choosing-method',
      'choosing-wallet',
      'submitting',
      'requesting-qr',
      'showing-qr',
      'confirming',
      'processing',
      'cancelling',
      'paid',
      'declined',
      'needs-attention'
    ]
    for (const phase of phases) expect(saleLocks(phase), phase).toBe(true)
    expect(saleLocks('entry')).toBe(false)
  })

  it('each view has its own plain function key, none that the sale view or a chord uses', () => {
    const keys = views.map((view) => viewKeys[view])
    expect(new Set(keys).size).toBe(views.length)
    for (const key of keys) {
      expect(key).toMatch(/^F\d+$/)
      // F2 and F3 open a sale (AmountEntry); F5-F7 and F10-F12 are the browser's.
      expect(['F2', 'F3', 'F5', 'F6', 'F7', 'F10', 'F11', 'F12']).not.toContain(key)
      expect(viewForKey(key)).not.toBeNull()
      expect(
        isChord({
          key,
          code: key,
          timeStamp: 0,
          repeat: false,
          ctrlKey: false,
          altKey: false,
          metaKey: false
        })
      ).toBe(false)
    }
    expect(viewForKey('F9')).toBe('settings')
    expect(viewForKey('Enter')).toBeNull()
  })
})
