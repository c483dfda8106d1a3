import { useId, useState, type KeyboardEvent, type ReactElement } from 'react'
import type { Messages } from '../../i18n'
import { describedBy, FieldError, fieldId } from './fields'
import { tryCode } from './code-test'
import { newRuleId, type FieldErrors, type RuleDraft } from './form'

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
  const [aim, setAim] = useState('')
  const id = useId()
  const tried = tryCode(code, aim, rules)
  const verdict =
    tried.kind === 'empty'
      ? t.settings.methods.testEmpty
      : tried.kind === 'bad-aim'
        ? t.settings.methods.badAim
        : tried.classification.kind === 'match'
          ? t.settings.methods.testMatch(tried.classification.payMethodId, tried.rows.join(', '))
          : tried.classification.kind === 'ambiguous'
            ? t.settings.methods.testAmbiguous(tried.classification.candidates.join(', '))
            : t.settings.methods.testNone
  // A scanner ends the code with Enter: it stays a test, never a form action.
  const keepEnter = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') event.preventDefault()
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
        onKeyDown={keepEnter}
      />
      <p className="field-hint" id={`${id}-hint`}>
        {t.settings.methods.testHint}
      </p>
      <label className="field-label" htmlFor={`${id}-aim`}>
        {t.methodTester.aimLabel}
      </label>
      <input
        id={`${id}-aim`}
        className="settings-input settings-input--aim"
        autoComplete="off"
        spellCheck={false}
        value={aim}
        aria-invalid={tried.kind === 'bad-aim'}
        aria-describedby={`${id}-aim-hint ${id}-result`}
        onChange={(event) => setAim(event.target.value)}
        onKeyDown={keepEnter}
      />
      <p className="field-hint" id={`${id}-aim-hint`}>
        {t.methodTester.aimHint}
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
