import { useId, useState, type ReactElement } from 'react'
import { classify } from '../../../../shared/methods'
import type { Messages } from '../../i18n'
import { describedBy, FieldError, fieldId } from './fields'
import { matchingRows, newRuleId, ruleOf, type FieldErrors, type RuleDraft } from './form'

/** The CPM classification table, in order, with a box to try a code against the edited rules. */
export function MethodsSection({
  t,
  rules,
  errors,
  onRules
}: {
  t: Messages
  rules: readonly RuleDraft[]
  errors: FieldErrors
  onRules: (rules: readonly RuleDraft[]) => void
}): ReactElement {
  const captionId = useId()
  const change = (index: number, patch: Partial<RuleDraft>): void =>
    onRules(rules.map((rule, at) => (at === index ? { ...rule, ...patch } : rule)))
  const move = (index: number, by: -1 | 1): void => {
    const next = [...rules]
    const [rule] = next.splice(index, 1)
    if (rule === undefined) return
    next.splice(index + by, 0, rule)
    onRules(next)
    // The focus follows the row it moved, so the arrows can be pressed again.
    requestAnimationFrame(() =>
      document
        .getElementById(`${fieldId(`methodRules.${index + by}`)}-${by < 0 ? 'up' : 'down'}`)
        ?.focus()
    )
  }

  return (
    <>
      <p className="field-hint" id={captionId}>
        {t.settings.methods.hint}
      </p>
      <div className="settings-table-wrap">
        <table className="settings-table" aria-describedby={captionId}>
          <caption className="visually-hidden">{t.settings.methods.tableLabel}</caption>
          <thead>
            <tr>
              <th scope="col">{t.settings.methods.order}</th>
              <th scope="col">{t.settings.methods.payMethodId}</th>
              <th scope="col">{t.settings.methods.pattern}</th>
              <th scope="col">{t.settings.methods.aim}</th>
              <th scope="col">{t.settings.methods.enabled}</th>
              <th scope="col">{t.settings.methods.actions}</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule, index) => {
              const row = index + 1
              const path = `methodRules.${index}`
              return (
                <tr key={rule.id}>
                  <th scope="row">{row}</th>
                  {(['payMethodId', 'pattern', 'aim'] as const).map((field) => (
                    <td key={field}>
                      <input
                        id={fieldId(`${path}.${field}`)}
                        className={`settings-input settings-input--${field}`}
                        aria-label={`${
                          field === 'payMethodId'
                            ? t.settings.methods.payMethodId
                            : field === 'pattern'
                              ? t.settings.methods.pattern
                              : t.settings.methods.aim
                        } ${row}`}
                        autoComplete="off"
                        spellCheck={false}
                        value={rule[field]}
                        aria-invalid={errors[`${path}.${field}`] !== undefined}
                        aria-describedby={describedBy(errors, `${path}.${field}`, false)}
                        onChange={(event) => change(index, { [field]: event.target.value })}
                      />
                      <FieldError t={t} errors={errors} path={`${path}.${field}`} />
                    </td>
                  ))}
                  <td>
                    <input
                      type="checkbox"
                      className="settings-check"
                      aria-label={`${t.settings.methods.enabled} ${row}`}
                      checked={rule.enabled}
                      onChange={(event) => change(index, { enabled: event.target.checked })}
                    />
                  </td>
                  <td className="settings-table__actions">
                    <button
                      type="button"
                      id={`${fieldId(path)}-up`}
                      className="button button--quiet"
                      aria-label={t.settings.methods.moveUp(row)}
                      disabled={index === 0}
                      onClick={() => move(index, -1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      id={`${fieldId(path)}-down`}
                      className="button button--quiet"
                      aria-label={t.settings.methods.moveDown(row)}
                      disabled={index === rules.length - 1}
                      onClick={() => move(index, 1)}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="button button--quiet"
                      aria-label={t.settings.methods.remove(row)}
                      onClick={() => onRules(rules.filter((_, at) => at !== index))}
                    >
                      ✕
                    </button>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => {
          onRules([
            ...rules,
            {
              id: newRuleId(),
              payMethodId: '',
              pattern: '^$',
              aim: '',
              enabled: true,
              confirmed: false
            }
          ])
          requestAnimationFrame(() =>
            document.getElementById(fieldId(`methodRules.${rules.length}.payMethodId`))?.focus()
          )
        }}
      >
        {t.settings.methods.add}
      </button>
      <CodeTester t={t} rules={rules} />
    </>
  )
}

/** Which rule a code meets, with the table as edited (unsaved rows included). */
function CodeTester({ t, rules }: { t: Messages; rules: readonly RuleDraft[] }): ReactElement {
  const [code, setCode] = useState('')
  const id = useId()
  const trimmed = code.trim()
  let verdict: string
  if (trimmed === '') {
    verdict = t.settings.methods.testEmpty
  } else {
    const result = classify(trimmed, rules.map(ruleOf))
    const rows = matchingRows(trimmed, rules)
    verdict =
      result.kind === 'match'
        ? t.settings.methods.testMatch(result.payMethodId, rows.join(', '))
        : result.kind === 'ambiguous'
          ? t.settings.methods.testAmbiguous(result.candidates.join(', '))
          : t.settings.methods.testNone
  }
  return (
    <div className="settings-field settings-tester">
      <label className="field-label" htmlFor={id}>
        {t.settings.methods.testLabel}
      </label>
      <input
        id={id}
        className="settings-input"
        autoComplete="off"
        spellCheck={false}
        value={code}
        aria-describedby={`${id}-hint ${id}-result`}
        onChange={(event) => setCode(event.target.value)}
        // A scanner ends the code with Enter: it stays a test, never a form action.
        onKeyDown={(event) => {
          if (event.key === 'Enter') event.preventDefault()
        }}
      />
      <p className="field-hint" id={`${id}-hint`}>
        {t.settings.methods.testHint}
      </p>
      <p
        className="settings-tester__result"
        id={`${id}-result`}
        aria-live="polite"
        data-testid="rule-test-result"
      >
        {verdict}
      </p>
    </div>
  )
}
