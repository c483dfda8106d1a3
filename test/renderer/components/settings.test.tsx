import { beforeEach, describe, expect, it } from 'vitest'
import type { DisplayList, EditableSettings } from '../../../src/shared/contract'
import {
  draftOf,
  type Draft,
  type FieldErrors
} from '../../../src/renderer/src/cashier/settings/form'
import {
  DisplayChoiceField,
  DisplaySection
} from '../../../src/renderer/src/cashier/settings/DisplaySection'
import { GatewaySection } from '../../../src/renderer/src/cashier/settings/GatewaySection'
import { ManagerPinSection } from '../../../src/renderer/src/cashier/settings/ManagerPinSection'
import { MethodsSection } from '../../../src/renderer/src/cashier/settings/MethodsSection'
import { ScannerSection } from '../../../src/renderer/src/cashier/settings/ScannerSection'
import {
  ScannerWizard,
  testCode
} from '../../../src/renderer/src/cashier/settings/scanner-wizard/ScannerWizard'
import { SettingsView } from '../../../src/renderer/src/cashier/settings/SettingsView'
import { SettingsNotice } from '../../../src/renderer/src/cashier/settings/fields'
import { TimeoutsSection } from '../../../src/renderer/src/cashier/settings/TimeoutsSection'
import type { SettingsWrite } from '../../../src/renderer/src/cashier/settings/pin-gate'
import { en } from '../../../src/renderer/src/i18n/en'
import { ja } from '../../../src/renderer/src/i18n/ja'
import { useManagerStore } from '../../../src/renderer/src/stores/manager-store'
import { info, resetStores, setStore } from './fixtures'
import { isDisabled, render, textOf } from './html'

beforeEach(resetStores)

const t = en
const ignore = (): void => undefined
const saveNothing = async (): Promise<boolean> => false
const writeNothing: SettingsWrite = async () => null

const settings: EditableSettings = {
  shopName: 'Corner Shop',
  currency: 'JPY',
  language: 'en',
  gateway: null,
  keys: {
    appPrivateKey: { present: true, fingerprint: 'ab:cd:ef', source: 'secret-store' },
    gatewayPublicKey: { present: false, fingerprint: null, source: null },
    storage: { kind: 'os-keychain', dir: '/home/till/.config/qr-till/secrets' }
  },
  payments: {
    pollIntervalMs: 3_000,
    pollWindowMs: 60_000,
    mpmWindowMs: 180_000,
    orderExpiresSeconds: 120,
    mpmExpiresSeconds: 300,
    unclearQueryDelayMs: 5_000,
    minCancelDelayMs: 15_000,
    cancelTries: 3,
    cancelRetryIntervalMs: 5_000,
    reconcileIntervalMs: 60_000,
    refundPollIntervalMs: 3_000,
    refundPollWindowMs: 60_000,
    refundSubmitTries: 3,
    autoRefundReason: 'Paid after the sale was closed',
    orderDescription: 'QR Till sale'
  },
  methodRules: [
    { payMethodId: 'PayPay', pattern: '^28\\d{16}$', enabled: true, confirmed: true },
    { payMethodId: 'WeChatPay', pattern: '^1[0-5]\\d{16}$', enabled: false, confirmed: true }
  ],
  wedge: { maxGapMs: 50, minLength: 8, terminators: ['Enter'] },
  customerDisplay: { displayId: null, lan: false, lanHost: null, lanPort: 8790 },
  restartRequired: []
}

const draft = (patch: Partial<Draft> = {}): Draft => ({ ...draftOf(settings), ...patch })

describe('a refusal from the till', () => {
  it('is worded from what it says, in the screen’s language', () => {
    const error = {
      code: 'INVALID_ARGUMENT',
      message: 'The app private key has 1024 bits; PayCloud needs RSA keys of 2048 bits or more.',
      said: { key: 'key-too-short', which: 'app-private', bits: 1024, minimum: 2048 }
    } as const
    const english = render(
      <SettingsNotice t={en} title={en.settings.keysNotImported} error={error} onDismiss={ignore} />
    )
    expect(english.text).toContain('The app private key has 1024 bits')
    const japanese = render(
      <SettingsNotice t={ja} title={ja.settings.keysNotImported} error={error} onDismiss={ignore} />
    )
    expect(japanese.text).toContain('アプリの秘密鍵は 1024 ビットです')
    expect(japanese.text).not.toMatch(/bits|PayCloud needs/)
  })

  it('without it, gives its code’s words and the till’s English as a labelled technical detail', () => {
    const error = {
      code: 'INTERNAL',
      message: 'settings.json could not be written: EROFS'
    } as const
    const japanese = render(
      <SettingsNotice t={ja} title={ja.settings.notSaved} error={error} onDismiss={ignore} />
    )
    expect(japanese.text).toContain(ja.errors.byCode.INTERNAL)
    expect(japanese.text).toContain(
      '技術的な詳細（設置担当者向け）: settings.json could not be written'
    )
    const english = japanese.all((element) => element.attrs['lang'] === 'en')
    expect(english.map((element) => textOf(element))).toEqual([error.message])
  })
})

describe('the settings view', () => {
  it('starts at its heading, focusable, and says it is loading until the till answers', () => {
    const screen = render(<SettingsView info={info()} />)
    const region = screen.getByRole('region', 'Settings')
    const heading = screen.getByRole('heading', 'Settings')
    expect(region.attrs['aria-labelledby']).toBe(heading.attrs['id'])
    expect(heading.attrs['tabindex']).toBe('-1')
    expect(screen.text).toContain('Loading settings…')
    // Nothing to save before there is a form.
    expect(screen.byRole('button')).toEqual([])
  })
})

describe('the timeouts section', () => {
  it('labels every number with its range and unit', () => {
    const screen = render(<TimeoutsSection t={t} draft={draft()} errors={{}} onDraft={ignore} />)
    const tries = screen.byLabel('Cancel tries')
    expect(tries.attrs['value']).toBe('3')
    expect(tries.attrs['inputmode']).toBe('numeric')
    expect(screen.descriptionOf(tries)).toBe('1–20 tries')
    expect(tries.attrs['aria-invalid']).toBe('false')
    expect(screen.byRole('textbox')).toHaveLength(13)
  })

  it('ties a problem to its field, and only that field', () => {
    const errors: FieldErrors = {
      'payments.cancelTries': { kind: 'out-of-range', min: 1, max: 20 },
      'payments.pollIntervalMs': { kind: 'whole-number' }
    }
    const screen = render(
      <TimeoutsSection
        t={t}
        draft={draft({
          payments: { ...draft().payments, cancelTries: '99', pollIntervalMs: '2.5' }
        })}
        errors={errors}
        onDraft={ignore}
      />
    )
    const tries = screen.byLabel('Cancel tries')
    // What was typed stays, so the manager sees what to fix.
    expect(tries.attrs['value']).toBe('99')
    expect(tries.attrs['aria-invalid']).toBe('true')
    expect(screen.descriptionOf(tries)).toBe('1–20 tries Between 1 and 20.')
    expect(screen.descriptionOf(screen.byLabel('Ask the gateway every'))).toMatch(
      / ms A whole number\.$/
    )
    const invalid = screen.all((element) => element.attrs['aria-invalid'] === 'true')
    expect(invalid).toHaveLength(2)
  })
})

describe('the gateway section', () => {
  it('asks for no account while the sandbox is chosen', () => {
    const screen = render(
      <GatewaySection
        write={writeNothing}
        t={t}
        draft={draft()}
        errors={{}}
        keys={settings.keys}
        onDraft={ignore}
        onKeys={ignore}
      />
    )
    expect(screen.getByRole('group', 'Gateway')).toBeDefined()
    expect(
      screen.getByRole('radio', 'Sandbox (built in, no real money)').attrs['checked']
    ).toBeDefined()
    expect(screen.getByRole('radio', 'PayCloud').attrs['checked']).toBeUndefined()
    expect(screen.all((element) => element.attrs['id'] === 'settings-gateway-appId')).toEqual([])
  })

  it('asks for the PayCloud account, with each problem under its field', () => {
    const screen = render(
      <GatewaySection
        write={writeNothing}
        t={t}
        draft={draft({ gatewayMode: 'paycloud', baseUrl: 'ftp://x', appId: '' })}
        errors={{ 'gateway.baseUrl': { kind: 'bad-url' }, 'gateway.appId': { kind: 'required' } }}
        keys={settings.keys}
        onDraft={ignore}
        onKeys={ignore}
      />
    )
    expect(screen.getByRole('radio', 'PayCloud').attrs['checked']).toBeDefined()
    const baseUrl = screen.byLabel('Base URL')
    expect(baseUrl.attrs['type']).toBe('url')
    expect(screen.descriptionOf(baseUrl)).toBe(
      'For example https://open.n-age.co.jp An http(s) address such as https://open.n-age.co.jp.'
    )
    expect(screen.descriptionOf(screen.byLabel('app_id'))).toBe('Required.')
    expect(screen.byLabel('merchant_no').attrs['aria-invalid']).toBe('false')
    expect(screen.byLabel('store_no').attrs['aria-describedby']).toBeUndefined()
  })

  it('says which keys are installed by fingerprint, and never shows a key', () => {
    const screen = render(
      <GatewaySection
        write={writeNothing}
        t={t}
        draft={draft()}
        errors={{}}
        keys={settings.keys}
        onDraft={ignore}
        onKeys={ignore}
      />
    )
    expect(textOf(screen.byTestId('key-app'))).toBe('Installed (imported): ab:cd:ef')
    expect(textOf(screen.byTestId('key-gateway'))).toBe('Not installed')
    const pems = screen.byRole('textbox').filter((element) => element.tag === 'textarea')
    expect(pems.map((pem) => screen.nameOf(pem))).toEqual([
      'App private key (PEM)',
      'PayCloud public key (PEM)'
    ])
    expect(pems.map((pem) => textOf(pem))).toEqual(['', ''])
    expect(isDisabled(screen.getByRole('button', 'Import keys'))).toBe(false)
  })

  it('says where imported keys are kept, in the screen’s language', () => {
    const where = (
      language: typeof en | typeof ja,
      kind: 'os-keychain' | 'owner-only-files'
    ): string =>
      render(
        <GatewaySection
          write={writeNothing}
          t={language}
          draft={draft()}
          errors={{}}
          keys={{ ...settings.keys, storage: { kind, dir: '/srv/till/secrets' } }}
          onDraft={ignore}
          onKeys={ignore}
        />
      ).text
    expect(where(en, 'os-keychain')).toContain("encrypted by the operating system's keychain")
    expect(where(en, 'owner-only-files')).toContain('readable by this user only, in /srv/till')
    expect(where(ja, 'os-keychain')).toContain('OS のキーチェーンで暗号化して /srv/till/secrets')
    expect(where(ja, 'owner-only-files')).toContain('このユーザーだけが読めるファイル')
    expect(where(ja, 'owner-only-files')).not.toContain('readable')
  })
})

describe('the payment methods section', () => {
  it('numbers the rules and names every control by its row', () => {
    const screen = render(
      <MethodsSection t={t} rules={draft().methodRules} errors={{}} onRules={ignore} />
    )
    expect(screen.getByRole('table', 'Payment-method rules, in order')).toBeDefined()
    expect(screen.byLabel('pay_method_id 1').attrs['value']).toBe('PayPay')
    expect(screen.byLabel('Pattern (regular expression) 2').attrs['value']).toBe('^1[0-5]\\d{16}$')
    expect(screen.getByRole('checkbox', 'Enabled 1').attrs['checked']).toBeDefined()
    expect(screen.getByRole('checkbox', 'Enabled 2').attrs['checked']).toBeUndefined()
    // The first rule cannot go up, the last cannot go down.
    expect(isDisabled(screen.getByRole('button', 'Move rule 1 up'))).toBe(true)
    expect(isDisabled(screen.getByRole('button', 'Move rule 1 down'))).toBe(false)
    expect(isDisabled(screen.getByRole('button', 'Move rule 2 up'))).toBe(false)
    expect(isDisabled(screen.getByRole('button', 'Move rule 2 down'))).toBe(true)
    expect(screen.byRole('button', /^Remove rule \d$/)).toHaveLength(2)
  })

  it('ties a pattern problem to its cell', () => {
    const rules = draft().methodRules.map((rule, index) =>
      index === 1 ? { ...rule, pattern: '1[0-5]' } : rule
    )
    const screen = render(
      <MethodsSection
        t={t}
        rules={rules}
        errors={{ 'methodRules.1.pattern': { kind: 'unanchored' } }}
        onRules={ignore}
      />
    )
    const pattern = screen.byLabel('Pattern (regular expression) 2')
    expect(pattern.attrs['aria-invalid']).toBe('true')
    expect(screen.descriptionOf(pattern)).toBe(
      'Must match whole codes: start with ^ and end with $.'
    )
    expect(screen.byLabel('Pattern (regular expression) 1').attrs['aria-invalid']).toBe('false')
  })

  it('offers a labelled box to test a code, its verdict announced', () => {
    const screen = render(
      <MethodsSection t={t} rules={draft().methodRules} errors={{}} onRules={ignore} />
    )
    const tester = screen.byLabel('Test a code')
    const result = screen.byTestId('rule-test-result')
    expect(result.attrs['aria-live']).toBe('polite')
    expect(screen.descriptionOf(tester)).toBe(
      'Type or scan a code: the result uses the rules above, unsaved edits included. Type a code to see which rule matches.'
    )
  })
})

describe('the scanner section', () => {
  it('labels the wedge fields, shows the saved terminator, and keeps the wizard closed', () => {
    const screen = render(
      <ScannerSection
        t={t}
        draft={draft({ maxGapMs: '900' })}
        errors={{ 'wedge.maxGapMs': { kind: 'out-of-range', min: 5, max: 500 } }}
        saved={settings.wedge}
        onDraft={ignore}
        onSaveWedge={saveNothing}
      />
    )
    const gap = screen.byLabel('Largest gap between a scanner’s keys')
    expect(gap.attrs['value']).toBe('900')
    expect(screen.descriptionOf(gap)).toBe(
      'Keys closer than this are a scanner’s. 5–500 ms. Between 5 and 500.'
    )
    expect(screen.byLabel('Shortest scan').attrs['aria-invalid']).toBe('false')
    const terminator = screen.byLabel('The scanner ends each code with')
    const chosen = terminator.children.filter(
      (option) => typeof option !== 'string' && option.attrs['selected'] !== undefined
    )
    expect(chosen.map((option) => textOf(option as never))).toEqual(['Enter'])
    const wizard = screen.getByRole('button', 'Scanner setup…')
    expect(wizard.attrs['aria-expanded']).toBe('false')
    expect(screen.byRole('region', 'Scanner setup')).toEqual([])
  })
})

describe('the scanner wizard', () => {
  it('opens listening, with the test code readable as text and as an image', () => {
    const screen = render(<ScannerWizard current={settings.wedge} onSave={saveNothing} />)
    expect(screen.getByRole('region', 'Scanner setup')).toBeDefined()
    expect(screen.getByRole('img', `Test code: ${testCode}`)).toBeDefined()
    expect(textOf(screen.byTestId('wizard-state'))).toBe(
      'Listening: scan now. Keys go to this setup, not to the sale.'
    )
    expect(screen.text).toContain('Esc stops listening.')
    expect(screen.getByRole('button', 'Stop listening').attrs['aria-pressed']).toBe('true')
  })

  it('asks for scans before it proposes anything, with nothing to save yet', () => {
    const screen = render(<ScannerWizard current={settings.wedge} onSave={saveNothing} />)
    expect(textOf(screen.byTestId('wizard-proposal'))).toBe('Scan the test code to get a proposal.')
    expect(textOf(screen.byTestId('wizard-layout'))).toBe(
      'Keyboard layout: nothing to compare yet.'
    )
    expect(screen.queryByTestId('wizard-scans')).toBeNull()
    expect(screen.byRole('button', /^Save threshold/)).toEqual([])
    expect(screen.byTestId('wizard-findings').attrs['aria-live']).toBe('polite')
  })

  it('names the HID-POS scanners the till reports, or keeps a slot for them', () => {
    const unwired = render(<ScannerWizard current={settings.wedge} onSave={saveNothing} />)
    const findings = (screen: typeof unwired): string[] =>
      screen
        .byTestId('wizard-findings')
        .children.flatMap((item) => (typeof item === 'string' ? [] : [textOf(item)]))
    expect(findings(unwired).slice(0, 2)).toEqual([
      'No scanner detected yet.',
      'HID-POS scanners are listed here once the till reports them.'
    ])

    const wired = render(
      <ScannerWizard
        current={settings.wedge}
        onSave={saveNothing}
        hidStatus={{
          kind: 'hid-pos',
          devices: [{ name: 'Zebra DS2208' }, { name: 'Honeywell 1950g' }]
        }}
      />
    )
    expect(findings(wired)[0]).toBe('HID-POS scanner connected: Zebra DS2208, Honeywell 1950g.')
    expect(wired.text).not.toContain('listed here once')

    const none = render(
      <ScannerWizard
        current={settings.wedge}
        onSave={saveNothing}
        hidStatus={{ kind: 'none', devices: [] }}
      />
    )
    expect(findings(none)[0]).toBe('No scanner detected yet.')
    expect(none.text).not.toContain('listed here once')
  })
})

describe('the manager PIN section', () => {
  const status = { pinSet: true, maxTries: 5, attemptsLeft: 5, lockedUntil: null }

  it('sets a first PIN with two masked, labelled fields', () => {
    setStore(useManagerStore, { status: { ...status, pinSet: false } })
    const screen = render(<ManagerPinSection />)
    expect(textOf(screen.byTestId('manager-pin-status'))).toBe(
      'No manager PIN is set yet: refunds are refused until one is, and anyone at the till can change these settings.'
    )
    const fields = screen.all((element) => element.tag === 'input')
    expect(fields.map((field) => screen.nameOf(field))).toEqual(['New PIN', 'New PIN again'])
    expect(fields.every((field) => field.attrs['type'] === 'password')).toBe(true)
    expect(fields.map((field) => screen.descriptionOf(field))).toEqual([
      '4 to 8 digits.',
      '4 to 8 digits.'
    ])
    expect(screen.getByRole('button', 'Set PIN')).toBeDefined()
  })

  it('changes a PIN only with the current one', () => {
    setStore(useManagerStore, { status })
    const screen = render(<ManagerPinSection />)
    expect(textOf(screen.byTestId('manager-pin-status'))).toBe('A manager PIN is set.')
    const fields = screen.all((element) => element.tag === 'input')
    expect(fields.map((field) => screen.nameOf(field))).toEqual([
      'Current PIN',
      'New PIN',
      'New PIN again'
    ])
    expect(screen.getByRole('button', 'Change PIN')).toBeDefined()
  })

  it('says a damaged PIN cannot be changed here, and how it is reset', () => {
    setStore(useManagerStore, { status: { ...status, pinDamaged: true } })
    const screen = render(<ManagerPinSection />)
    expect(screen.text).toContain(t.refund.pinDamaged)
    expect(t.refund.pinDamaged).toContain('npm run admin -- reset-manager-pin')
  })

  it('says until when PIN entry is locked', () => {
    const until = new Date(2026, 10, 26, 13, 45).getTime()
    setStore(useManagerStore, { status: { ...status, attemptsLeft: 0, lockedUntil: until } })
    const screen = render(<ManagerPinSection />)
    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(until)
    expect(screen.text).toContain(`Too many wrong PINs. PIN entry is locked until ${time}.`)
    expect(time).toMatch(/1:45/)
  })

  it('holds the button while saving, and says when the PIN is saved', () => {
    setStore(useManagerStore, { status, saving: true })
    const saving = render(<ManagerPinSection />)
    const button = saving.getByRole('button', 'Saving…')
    expect(isDisabled(button)).toBe(true)
    expect(saving.text).not.toContain('The manager PIN is saved.')

    resetStores()
    setStore(useManagerStore, { status, saved: true })
    expect(render(<ManagerPinSection />).text).toContain('The manager PIN is saved.')
  })
})

describe('the customer display section', () => {
  it('names the shop the display shows, and offers pairing before any code exists', () => {
    const screen = render(
      <DisplaySection
        write={writeNothing}
        info={info({ shopName: 'Sakura Café' })}
        displayId={null}
        savedDisplayId={null}
        onDisplayId={ignore}
      />
    )
    expect(screen.text).toContain(t.display.idle('Sakura Café'))
    expect(isDisabled(screen.getByRole('button', t.display.pair))).toBe(false)
    expect(screen.queryByTestId('lan-pairing')).toBeNull()
    // The LAN switch waits for the saved setting rather than guessing it.
    expect(screen.byRole('checkbox')).toEqual([])
    // So does the choice of screen: it waits for the till's list.
    expect(screen.byRole('combobox')).toEqual([])
    expect(screen.text).toContain(t.display.screensLoading)
  })
})

describe('the choice of customer display', () => {
  const list: DisplayList = {
    available: true,
    displays: [
      { id: 30, label: '', width: 1280, height: 1024, primary: false, customer: false },
      { id: 10, label: 'Built-in', width: 2880, height: 1800, primary: true, customer: false },
      { id: 20, label: '', width: 1920, height: 1080, primary: false, customer: true }
    ],
    chosenId: 20,
    message: null
  }
  const options = (screen: ReturnType<typeof render>): string[] =>
    screen.all((element) => element.tag === 'option').map((option) => textOf(option))
  const selected = (screen: ReturnType<typeof render>): string[] =>
    screen
      .all((element) => element.tag === 'option' && element.attrs['selected'] !== undefined)
      .map((option) => option.attrs['value'] ?? '')

  it('is a labelled select: automatic, then every screen left to right, marked', () => {
    const screen = render(<DisplayChoiceField list={list} value={20} onChange={ignore} />)
    const select = screen.byLabel('Customer display')
    expect(select.tag).toBe('select')
    expect(screen.getByRole('combobox', 'Customer display')).toBe(select)
    expect(screen.descriptionOf(select)).toBe(t.display.screenHint)
    expect(options(screen)).toEqual([
      'Automatic (the first screen that is not the main one)',
      'Display 1 — 1280×1024',
      'Display 2 (Built-in) — 2880×1800 (main screen)',
      'Display 3 — 1920×1080 (customer display now)'
    ])
    expect(selected(screen)).toEqual(['20'])
    const automatic = render(<DisplayChoiceField list={list} value={null} onChange={ignore} />)
    expect(selected(automatic)).toEqual([''])
  })

  it('keeps a chosen screen that is unplugged now, rather than forgetting it', () => {
    const screen = render(
      <DisplayChoiceField
        list={{ ...list, displays: list.displays.slice(0, 2), chosenId: 20 }}
        value={20}
        onChange={ignore}
      />
    )
    expect(options(screen)).toHaveLength(4)
    expect(options(screen).at(-1)).toBe('The chosen screen (not plugged in now)')
    expect(selected(screen)).toEqual(['20'])
  })

  it('in the web host says placement is for the desktop app, with no select', () => {
    const screen = render(
      <DisplayChoiceField
        list={{ available: false, displays: [], chosenId: null, message: 'from the till' }}
        value={null}
        onChange={ignore}
      />
    )
    expect(screen.byRole('combobox')).toEqual([])
    expect(textOf(screen.byTestId('display-placement-unavailable'))).toBe(
      t.display.screenDesktopOnly
    )
  })
})
