import { describe, expect, it } from 'vitest'
import { parseHtml, render, textOf } from './html'

/** The reader the component tests stand on: it must see what a browser would. */
describe('the markup reader', () => {
  it('decodes text and attributes as React escaped them', () => {
    const screen = render(
      <p title={'"5" < 6 & \'x\''}>
        {'a < b & c > "d"'}
        {' it’s'}
      </p>
    )
    const p = screen.all((element) => element.tag === 'p')[0]!
    expect(p.attrs['title']).toBe('"5" < 6 & \'x\'')
    expect(textOf(p)).toBe('a < b & c > "d" it’s')
  })

  it('nests after void elements and refuses markup that is not closed properly', () => {
    const root = parseHtml('<div><input id="a"><span>x</span></div>')
    const div = root.children[0]
    if (div === undefined || typeof div === 'string') throw new Error('no <div>')
    expect(div.children.map((child) => (typeof child === 'string' ? child : child.tag))).toEqual([
      'input',
      'span'
    ])
    expect(() => parseHtml('<div><span></div>')).toThrow(/unexpected <\/div>/)
    expect(() => parseHtml('<div>')).toThrow(/never closed/)
  })

  it('names a button without its aria-hidden parts, and a field by its label', () => {
    const screen = render(
      <form aria-label="f">
        <button type="button">
          Go<kbd aria-hidden="true">F2</kbd>
        </button>
        <label htmlFor="n">Name</label>
        <input id="n" />
        <label>
          <input type="checkbox" /> Wrapped
        </label>
      </form>
    )
    expect(screen.nameOf(screen.getByRole('button'))).toBe('Go')
    expect(screen.byLabel('Name').attrs['id']).toBe('n')
    expect(screen.getByRole('checkbox', 'Wrapped')).toBeDefined()
  })

  it('fails on a description that points at nothing', () => {
    const screen = render(<input aria-describedby="missing" />)
    expect(() => screen.descriptionOf(screen.getByRole('textbox'))).toThrow(
      /no element with id missing/
    )
  })
})
