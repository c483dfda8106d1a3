import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import type { KeyInput } from '../../src/main/electron/lockdown'

vi.mock('electron', () => ({}))

const { guardReloadAndDevTools, isReloadOrDevToolsKey, packagedMenu } =
  await import('../../src/main/electron/lockdown')

type Keys = { key: string; code?: string } & Partial<
  Record<'control' | 'meta' | 'shift' | 'alt', boolean>
>

function input({
  key,
  code,
  control = false,
  meta = false,
  shift = false,
  alt = false
}: Keys): KeyInput {
  return { key, code: code ?? '', control, meta, shift, alt }
}

describe('isReloadOrDevToolsKey', () => {
  const swallowed: [string, Keys][] = [
    ['F5', { key: 'F5', code: 'F5' }],
    ['Ctrl+F5', { key: 'F5', code: 'F5', control: true }],
    ['Shift+F5', { key: 'F5', code: 'F5', shift: true }],
    ['Ctrl+R', { key: 'r', code: 'KeyR', control: true }],
    ['Ctrl+Shift+R', { key: 'R', code: 'KeyR', control: true, shift: true }],
    ['Cmd+R', { key: 'r', code: 'KeyR', meta: true }],
    ['Cmd+Shift+R', { key: 'R', code: 'KeyR', meta: true, shift: true }],
    ['Ctrl+R on a layout with another letter there', { key: 'к', code: 'KeyR', control: true }],
    ['F12', { key: 'F12', code: 'F12' }],
    ['Ctrl+Shift+I', { key: 'I', code: 'KeyI', control: true, shift: true }],
    ['Ctrl+Shift+J', { key: 'J', code: 'KeyJ', control: true, shift: true }],
    ['Ctrl+Shift+C', { key: 'C', code: 'KeyC', control: true, shift: true }],
    ['Cmd+Alt+I', { key: 'ˆ', code: 'KeyI', meta: true, alt: true }],
    ['Cmd+Alt+J', { key: '∆', code: 'KeyJ', meta: true, alt: true }],
    ['Cmd+Alt+C', { key: 'ç', code: 'KeyC', meta: true, alt: true }]
  ]
  it.each(swallowed)('swallows %s', (_name, keys) => {
    expect(isReloadOrDevToolsKey(input(keys))).toBe(true)
  })

  const passed: [string, Keys][] = [
    ['r', { key: 'r', code: 'KeyR' }],
    ['Shift+R', { key: 'R', code: 'KeyR', shift: true }],
    ['a digit', { key: '1', code: 'Digit1' }],
    ['Enter', { key: 'Enter', code: 'Enter' }],
    ['Escape', { key: 'Escape', code: 'Escape' }],
    ['F1', { key: 'F1', code: 'F1' }],
    ['F2', { key: 'F2', code: 'F2' }],
    ['F3', { key: 'F3', code: 'F3' }],
    ['F4', { key: 'F4', code: 'F4' }],
    ['F8', { key: 'F8', code: 'F8' }],
    ['F9', { key: 'F9', code: 'F9' }],
    ['Ctrl+C (copy)', { key: 'c', code: 'KeyC', control: true }],
    ['Ctrl+V (paste)', { key: 'v', code: 'KeyV', control: true }],
    ['Ctrl+I', { key: 'i', code: 'KeyI', control: true }],
    ['Cmd+C (copy)', { key: 'c', code: 'KeyC', meta: true }],
    ['Cmd+I', { key: 'i', code: 'KeyI', meta: true }],
    ['AltGr+C, which types ć in Polish', { key: 'ć', code: 'KeyC', control: true, alt: true }],
    ['AltGr+R', { key: 'r', code: 'KeyR', control: true, alt: true }],
    ['Cmd+Alt+R', { key: '®', code: 'KeyR', meta: true, alt: true }]
  ]
  it.each(passed)('lets %s through', (_name, keys) => {
    expect(isReloadOrDevToolsKey(input(keys))).toBe(false)
  })
})

describe('guardReloadAndDevTools', () => {
  it('prevents those keys before the page or a menu sees them, and only those', () => {
    const contents = new EventEmitter()
    guardReloadAndDevTools(contents as never)
    const reload = { preventDefault: vi.fn() }
    contents.emit('before-input-event', reload, input({ key: 'F5', code: 'F5' }))
    expect(reload.preventDefault).toHaveBeenCalled()
    const digit = { preventDefault: vi.fn() }
    contents.emit('before-input-event', digit, input({ key: '7', code: 'Digit7' }))
    expect(digit.preventDefault).not.toHaveBeenCalled()
  })
})

describe('packagedMenu', () => {
  it('is no menu on Windows and Linux', () => {
    expect(packagedMenu('win32')).toBeNull()
    expect(packagedMenu('linux')).toBeNull()
  })

  it('keeps only the app and Edit menus on macOS: Quit and copy and paste, no reload, no tools', () => {
    const menu = packagedMenu('darwin')
    expect(menu).toEqual([{ role: 'appMenu' }, { role: 'editMenu' }])
    expect(JSON.stringify(menu)).not.toMatch(/reload|devtools|viewMenu/i)
  })
})
