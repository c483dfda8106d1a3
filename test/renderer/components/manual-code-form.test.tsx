import { createRef } from 'react'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  ManualCodeForm,
  type ManualCodeFormProblem
} from '../../../src/renderer/src/cashier/ManualCodeForm'
import { useLocaleStore } from '../../../src/renderer/src/stores/locale-store'
import { resetStores, setStore } from './fixtures'
import { isDisabled, render, textOf } from './html'

beforeEach(resetStores)

const ignore = (): void => undefined

function form(problem: ManualCodeFormProblem | null = null): ReturnType<typeof render> {
  return render(
    <ManualCodeForm
      minLength={16}
      problem={problem}
      inputRef={createRef<HTMLInputElement>()}
      onSubmit={ignore}
      onCancel={ignore}
    />
  )
}

describe('the typed payment code form', () => {
  it('is a form named by its heading, with one labelled field that keeps the code to itself', () => {
    const screen = form()
    expect(screen.nameOf(screen.getByRole('form'))).toBe('Type the customer’s payment code')
    const field = screen.byLabel('Payment code')
    expect(field.attrs).toMatchObject({
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-invalid': 'false'
    })
    // Uncontrolled: the code is never put into the markup (no value attribute at all).
    expect(field.attrs['value']).toBeUndefined()
    expect(screen.descriptionOf(field)).toBe(
      'The digits under the barcode in the customer’s wallet app: 16 to 64 letters or digits. A scan still works while this is open.'
    )
    expect(screen.byRole('alert')).toEqual([])
  })

  it('submits with Enter and goes back with Esc, both shown on their buttons', () => {
    const screen = form()
    const submit = screen.getByRole('button', 'Pay with this code')
    const cancel = screen.getByRole('button', 'Back to scanning')
    expect(submit.attrs).toMatchObject({ type: 'submit', 'aria-keyshortcuts': 'Enter' })
    expect(cancel.attrs).toMatchObject({ type: 'button', 'aria-keyshortcuts': 'Escape' })
    expect(textOf(submit)).toBe('Pay with this codeEnter')
    expect(textOf(cancel)).toBe('Back to scanningEsc')
    expect(isDisabled(submit)).toBe(false)
  })

  it.each([
    ['empty', 'Type the code shown in the customer’s wallet app.'],
    [
      'characters',
      'A payment code has only letters and digits, no symbols or kana. Check what you typed; if Japanese input is on, switch it to half-width letters and digits.'
    ],
    [
      'too-short',
      'Too short for a wallet payment code: it has at least 16 characters. Check what you typed.'
    ],
    [
      'too-long',
      'Too long for a wallet payment code: it has at most 64 characters. Check what you typed.'
    ],
    ['disconnected', 'The till service is not connected. Wait for it to reconnect, then pay.']
  ] as const)(
    'says why a %s code was refused, next to the field and tied to it',
    (problem, text) => {
      const screen = form(problem)
      const field = screen.byLabel('Payment code')
      const alert = screen.getByRole('alert')
      expect(textOf(alert)).toBe(text)
      expect(field.attrs['aria-invalid']).toBe('true')
      expect(screen.descriptionOf(field)).toContain(text)
      // Right under the field, in the same group as its label.
      expect(alert.parent).toBe(field.parent)
    }
  )

  it('speaks Japanese when the till does', () => {
    setStore(useLocaleStore, { language: 'ja' })
    const screen = form('too-short')
    expect(screen.byLabel('支払いコード')).toBeDefined()
    expect(textOf(screen.getByRole('alert'))).toContain('16文字以上')
  })

  it('tells a Japanese cashier refused for kana or symbols to switch to half-width input', () => {
    setStore(useLocaleStore, { language: 'ja' })
    expect(textOf(form('characters').getByRole('alert'))).toContain('半角英数に切り替えて')
  })
})
