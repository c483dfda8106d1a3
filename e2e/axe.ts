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
 * and fails the test naming each violation and its element; the test goes on to the next screen,
 * so one run lists them all.
 */
export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  // A state just reached may still be fading in (a button's 120 ms colour transition): check the
  // colours it settles on. Only transitions: a spinner's animation never finishes.
  await page.evaluate(
    'Promise.all(document.getAnimations().filter((a) => a instanceof CSSTransition).map((a) => a.finished))'
  )
  const results = await new AxeBuilder({ page }).analyze()
  expect.soft(describeViolations(results.violations), `axe-core on ${screen}`).toEqual([])
}
