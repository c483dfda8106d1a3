import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

type Violations = Awaited<ReturnType<AxeBuilder['analyze']>>['violations']

/** One entry per failing element: the rule, its impact, what to fix, where, and why it fails. */
function describeViolations(violations: Violations): string[] {
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help} — at ${node.target.join(' ')}: ` +
        (node.failureSummary ?? '').replace(/\s*\n\s*/g, ' ')
    )
  )
}

/**
 * Runs every axe-core rule (WCAG 2.x A and AA and the best practices) on the page as it is now,
 * and the language-of-parts check below, and fails the test naming each violation and its
 * element; the test goes on to the next screen, so one run lists them all.
 */
export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  // A state just reached may still be fading in (a button's 120 ms colour transition): check the
  // colours it settles on. Only transitions: a spinner's animation never finishes.
  await page.evaluate(
    'Promise.all(document.getAnimations().filter((a) => a instanceof CSSTransition).map((a) => a.finished))'
  )
  const results = await new AxeBuilder({ page }).analyze()
  expect.soft(describeViolations(results.violations), `axe-core on ${screen}`).toEqual([])
  await expectNoUnmarkedEnglish(page, screen)
}

/**
 * Four or more words of English in a row: a sentence, not a name (`WeChat Pay`, `Kissa Aoi`) or
 * a key on the keyboard. PEM header lines (`BEGIN RSA PRIVATE KEY`) are written as they are.
 */
const englishRun = /[A-Za-z]+(?:[ ,'’-]+[A-Za-z]+){3,}/g
const verbatim = /BEGIN (?:RSA |ENCRYPTED )?(?:PRIVATE|PUBLIC) KEY/

/**
 * WCAG 3.1.2 (language of parts), which axe-core does not check: on a screen in another language
 * than English, no English sentence may stand unmarked — in the text, or in what a screen reader
 * or a hover reads (aria-label, title, alt, placeholder). Anything under an element that says its
 * own language (`lang="en"`) is left out.
 */
export async function expectNoUnmarkedEnglish(page: Page, screen: string): Promise<void> {
  const texts = (await page.evaluate(`(() => {
    const lang = document.documentElement.lang
    if (lang === '' || lang.startsWith('en')) return []
    const own = (element) => (element.closest('[lang]')?.getAttribute('lang') ?? lang) === lang
    const found = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const parent = node.parentElement
      if (parent === null || !own(parent) || parent.closest('script, style') !== null) continue
      found.push(node.textContent ?? '')
    }
    for (const element of document.body.querySelectorAll('[aria-label], [title], [alt], [placeholder]')) {
      if (!own(element)) continue
      for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
        const value = element.getAttribute(name)
        if (value) found.push(value)
      }
    }
    return found
  })()`)) as string[]
  const english = texts.flatMap((text) =>
    [...text.matchAll(englishRun)].map((match) => match[0]).filter((run) => !verbatim.test(run))
  )
  expect.soft(english, `unmarked English on ${screen}`).toEqual([])
}
