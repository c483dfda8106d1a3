import type { ReactElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'

/**
 * Reading a component as a person and a screen reader get it, without a DOM: the markup React
 * renders on the server is parsed into a small tree (React's output is regular: quoted attributes,
 * closed elements, escaped text), and the queries below follow the accessibility rules the
 * components rely on (a label tied with for/id, aria-labelledby, aria-hidden keys left out of a
 * button's name). Effects do not run on the server, so a component shows the state its stores
 * and props give it, which is what these tests set.
 */

export interface Element {
  readonly tag: string
  readonly attrs: Readonly<Record<string, string>>
  readonly children: readonly Node[]
  readonly parent: Element | null
}
export type Node = Element | string

const voidTags = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr'
])

function decode(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&')
}

interface Building {
  tag: string
  attrs: Record<string, string>
  children: Node[]
  parent: Building | null
}

export function parseHtml(html: string): Element {
  const root: Building = { tag: '#root', attrs: {}, children: [], parent: null }
  let open = root
  const token =
    /<!--[\s\S]*?-->|<\/([a-zA-Z][\w-]*)\s*>|<([a-zA-Z][\w-]*)((?:\s+[^\s=/>]+(?:="[^"]*")?)*)\s*(\/?)>|([^<]+)/g
  for (const match of html.matchAll(token)) {
    const [, closing, tag, attrText, selfClosing, text] = match
    if (text !== undefined) {
      open.children.push(decode(text))
    } else if (closing !== undefined) {
      if (open.tag !== closing.toLowerCase() || open.parent === null) {
        throw new Error(`unexpected </${closing}> inside <${open.tag}>`)
      }
      open = open.parent
    } else if (tag !== undefined) {
      const attrs: Record<string, string> = {}
      for (const attr of (attrText ?? '').matchAll(/([^\s=/>]+)(?:="([^"]*)")?/g)) {
        attrs[(attr[1] as string).toLowerCase()] = decode(attr[2] ?? '')
      }
      const element: Building = { tag: tag.toLowerCase(), attrs, children: [], parent: open }
      open.children.push(element)
      if (!voidTags.has(element.tag) && selfClosing !== '/') open = element
    }
  }
  if (open !== root) throw new Error(`<${open.tag}> is never closed`)
  return root
}

function isElement(node: Node): node is Element {
  return typeof node !== 'string'
}

/** Every element under `root`, in document order. */
export function descendants(root: Element): Element[] {
  const found: Element[] = []
  const walk = (element: Element): void => {
    for (const child of element.children) {
      if (isElement(child)) {
        found.push(child)
        walk(child)
      }
    }
  }
  walk(root)
  return found
}

/** The text a person reads in `element`, whitespace collapsed. */
export function textOf(element: Element, skipHidden = false): string {
  const parts: string[] = []
  const walk = (node: Node): void => {
    if (!isElement(node)) parts.push(node)
    else if (!(skipHidden && node.attrs['aria-hidden'] === 'true')) node.children.forEach(walk)
  }
  walk(element)
  return parts.join('').replace(/\s+/g, ' ').trim()
}

const headingTags = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'])

/** The role a screen reader gives the element: explicit, or the implicit one of its tag. */
export function roleOf(element: Element): string | null {
  const explicit = element.attrs['role']
  if (explicit !== undefined) return explicit
  if (headingTags.has(element.tag)) return 'heading'
  switch (element.tag) {
    case 'button':
      return 'button'
    case 'nav':
      return 'navigation'
    case 'footer':
      return 'contentinfo'
    case 'form':
      return 'form'
    case 'table':
      return 'table'
    case 'ul':
    case 'ol':
      return 'list'
    case 'li':
      return 'listitem'
    case 'select':
      return 'combobox'
    case 'textarea':
      return 'textbox'
    case 'fieldset':
      return 'group'
    case 'section':
      return 'region'
    case 'input': {
      const type = element.attrs['type'] ?? 'text'
      if (type === 'radio' || type === 'checkbox') return type
      return type === 'password' || type === 'file' ? null : 'textbox'
    }
    default:
      return null
  }
}

export interface Screen {
  readonly root: Element
  readonly html: string
  /** All the visible text of the page. */
  readonly text: string
  all(predicate: (element: Element) => boolean): Element[]
  byId(id: string): Element
  maybeById(id: string): Element | null
  byTestId(testId: string): Element
  queryByTestId(testId: string): Element | null
  /** The accessible name (aria-labelledby, aria-label, a tied label, caption, legend or text). */
  nameOf(element: Element): string
  /** The text of the elements `aria-describedby` points at; every id must exist. */
  descriptionOf(element: Element): string
  byRole(role: string, name?: string | RegExp): Element[]
  getByRole(role: string, name?: string | RegExp): Element
  /** The form control whose label reads `label`. */
  byLabel(label: string | RegExp): Element
}

function matches(text: string, name: string | RegExp): boolean {
  return typeof name === 'string' ? text === name : name.test(text)
}

export function render(element: ReactElement): Screen {
  const html = renderToStaticMarkup(element)
  const root = parseHtml(html)
  const elements = descendants(root)
  const maybeById = (id: string): Element | null =>
    elements.find((element) => element.attrs['id'] === id) ?? null
  const byId = (id: string): Element => {
    const found = maybeById(id)
    if (found === null) throw new Error(`no element with id ${id}`)
    return found
  }
  const queryByTestId = (testId: string): Element | null =>
    elements.find((element) => element.attrs['data-testid'] === testId) ?? null

  const nameOf = (element: Element): string => {
    const labelledBy = element.attrs['aria-labelledby']
    if (labelledBy !== undefined) {
      return labelledBy
        .split(/\s+/)
        .map((id) => textOf(byId(id), true))
        .join(' ')
    }
    const label = element.attrs['aria-label']
    if (label !== undefined) return label
    if (['input', 'select', 'textarea'].includes(element.tag)) {
      const id = element.attrs['id']
      const tied =
        id === undefined
          ? null
          : elements.find((other) => other.tag === 'label' && other.attrs['for'] === id)
      if (tied) return textOf(tied, true)
      for (let up = element.parent; up !== null; up = up.parent) {
        if (up.tag === 'label') return textOf(up, true)
      }
      return ''
    }
    const captionTag =
      element.tag === 'table' ? 'caption' : element.tag === 'fieldset' ? 'legend' : null
    if (captionTag !== null) {
      const caption = element.children.find(
        (child): child is Element => isElement(child) && child.tag === captionTag
      )
      return caption ? textOf(caption, true) : ''
    }
    return textOf(element, true)
  }

  const descriptionOf = (element: Element): string =>
    (element.attrs['aria-describedby'] ?? '')
      .split(/\s+/)
      .filter((id) => id !== '')
      .map((id) => textOf(byId(id), true))
      .join(' ')

  const byRole = (role: string, name?: string | RegExp): Element[] =>
    elements.filter(
      (element) =>
        roleOf(element) === role && (name === undefined || matches(nameOf(element), name))
    )

  return {
    root,
    html,
    text: textOf(root),
    all: (predicate) => elements.filter(predicate),
    byId,
    maybeById,
    byTestId: (testId) => {
      const found = queryByTestId(testId)
      if (found === null) throw new Error(`no element with data-testid ${testId}`)
      return found
    },
    queryByTestId,
    nameOf,
    descriptionOf,
    byRole,
    getByRole: (role, name) => {
      const found = byRole(role, name)
      if (found.length !== 1) {
        throw new Error(`${found.length} elements with role ${role} named ${String(name)}`)
      }
      return found[0] as Element
    },
    byLabel: (label) => {
      const found = elements.filter(
        (element) =>
          ['input', 'select', 'textarea'].includes(element.tag) && matches(nameOf(element), label)
      )
      if (found.length !== 1) throw new Error(`${found.length} controls labelled ${String(label)}`)
      return found[0] as Element
    }
  }
}

/** Whether a control is disabled for a person: `disabled`, or `aria-disabled="true"`. */
export function isDisabled(element: Element): boolean {
  return element.attrs['disabled'] !== undefined || element.attrs['aria-disabled'] === 'true'
}
