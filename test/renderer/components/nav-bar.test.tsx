import { beforeEach, describe, expect, it } from 'vitest'
import { NavBar } from '../../../src/renderer/src/cashier/NavBar'
import { messagesByLanguage } from '../../../src/renderer/src/i18n'
import { useLocaleStore } from '../../../src/renderer/src/stores/locale-store'
import { useNavStore } from '../../../src/renderer/src/stores/nav-store'
import { useSaleStore } from '../../../src/renderer/src/stores/sale-store'
import { resetStores, sale, setStore } from './fixtures'
import { isDisabled, render, textOf } from './html'

beforeEach(resetStores)

describe('the view bar', () => {
  it('names each view by its label alone and gives its F key as a shortcut', () => {
    const screen = render(<NavBar />)
    const nav = screen.getByRole('navigation', 'Views')
    const buttons = screen.byRole('button')
    expect(nav.tag).toBe('nav')
    expect(buttons.map((button) => screen.nameOf(button))).toEqual([
      'Sale',
      'History',
      'End of day',
      'Settings'
    ])
    expect(buttons.map((button) => button.attrs['aria-keyshortcuts'])).toEqual([
      'F1',
      'F4',
      'F8',
      'F9'
    ])
    // The key is printed on the button for sighted cashiers, hidden from the accessible name.
    expect(buttons.map((button) => textOf(button))).toEqual([
      'SaleF1',
      'HistoryF4',
      'End of dayF8',
      'SettingsF9'
    ])
  })

  it('marks the view on screen as the current page, and only that one', () => {
    const onSale = render(<NavBar />)
    expect(onSale.byRole('button').map((b) => b.attrs['aria-current'] ?? null)).toEqual([
      'page',
      null,
      null,
      null
    ])
    setStore(useNavStore, { view: 'history' })
    const onHistory = render(<NavBar />)
    expect(onHistory.getByRole('button', 'History').attrs['aria-current']).toBe('page')
    expect(onHistory.getByRole('button', 'Sale').attrs['aria-current']).toBeUndefined()
  })

  it('keeps every view reachable while no sale is open', () => {
    const screen = render(<NavBar />)
    expect(screen.byRole('button').filter(isDisabled)).toEqual([])
  })

  it('disables the other views while a sale is in payment, but stays focusable (aria-disabled)', () => {
    setStore(useSaleStore, { sale: sale({ status: 'open', attempts: [], paidMinor: 0 }) })
    const screen = render(<NavBar />)
    const disabled = screen.byRole('button').filter(isDisabled)
    expect(disabled.map((button) => screen.nameOf(button))).toEqual([
      'History',
      'End of day',
      'Settings'
    ])
    // aria-disabled, not disabled: a click still reaches the store, which says why.
    expect(disabled.every((button) => button.attrs['disabled'] === undefined)).toBe(true)
    expect(isDisabled(screen.getByRole('button', 'Sale'))).toBe(false)
  })

  it('says why a move was refused, tied to every view button', () => {
    setStore(useNavStore, { refused: 'sale-in-progress' })
    const screen = render(<NavBar />)
    const history = screen.getByRole('button', 'History')
    expect(screen.descriptionOf(history)).toMatch(/^Finish the sale first/)
    expect(screen.byId('nav-refused').parent?.attrs['aria-live']).toBe('polite')
    expect(screen.getByRole('button', 'Dismiss')).toBeDefined()

    resetStores()
    const calm = render(<NavBar />)
    expect(calm.maybeById('nav-refused')).toBeNull()
    expect(calm.getByRole('button', 'History').attrs['aria-describedby']).toBeUndefined()
  })

  it('asks before dropping unsaved settings, in a labelled alert dialog', () => {
    expect(render(<NavBar />).byRole('alertdialog')).toEqual([])

    setStore(useNavStore, { view: 'settings', dirty: true, pending: 'sale' })
    const screen = render(<NavBar />)
    const dialog = screen.getByRole('alertdialog', 'Unsaved settings')
    expect(dialog.attrs['aria-modal']).toBe('true')
    expect(screen.descriptionOf(dialog)).toBe(
      'The settings have changes that are not saved. Leave and drop them?'
    )
    const actions = screen.byRole('button').filter((button) => {
      for (let up = button.parent; up !== null; up = up.parent) if (up === dialog) return true
      return false
    })
    // The safe answer comes first.
    expect(actions.map((button) => screen.nameOf(button))).toEqual([
      'Keep editing',
      'Drop changes and leave'
    ])
  })

  it('speaks the language the till is set to, keys unchanged', () => {
    setStore(useLocaleStore, { language: 'ja' })
    const ja = messagesByLanguage.ja.nav
    const screen = render(<NavBar />)
    expect(screen.nameOf(screen.getByRole('navigation'))).toBe(ja.region)
    const buttons = screen.byRole('button')
    expect(buttons.map((button) => screen.nameOf(button))).toEqual([
      ja.sale,
      ja.history,
      ja.endOfDay,
      ja.settings
    ])
    expect(buttons.map((button) => screen.nameOf(button))).not.toContain('History')
    expect(buttons.map((button) => button.attrs['aria-keyshortcuts'])).toEqual([
      'F1',
      'F4',
      'F8',
      'F9'
    ])
  })
})
