import type { ErrorCode } from '../../../shared/contract'
import { englishReasons } from '../../../shared/order/reasons'
import { englishSaid } from '../../../shared/contract/said'
import { plural } from './plural'
import type { Widen } from './shape'
import type { NotTaken } from '../lib/amount'

/**
 * Every string a person reads on either screen, in English: the source every other language
 * translates (ja.ts). Components never build sentences themselves: they call these, through
 * `useT()`, so a change of language re-renders them.
 */
export const en = {
  locale: 'en',
  app: {
    cashierTitle: 'QR Till — Cashier',
    customerTitle: 'QR Till — Customer display',
    product: 'QR Till'
  },
  sandbox: {
    banner: 'SANDBOX — no real money',
    detail: 'Payments go to the test gateway built into this till.'
  },
  status: {
    region: 'Till status',
    serviceConnected: 'Till service connected',
    serviceConnecting: 'Connecting to the till service…',
    serviceDisconnected: 'Till service disconnected — reconnecting…',
    noToken:
      'This address has no access token. Open the address the till printed, including #token=…',
    gatewaySandbox: 'Gateway: sandbox',
    gatewayLive: 'Gateway: PayCloud',
    gatewayUnknown: 'Gateway: —'
  },
  loading: 'Loading till settings…',
  /** Key names as printed on the keyboard, shown on the buttons they press. */
  keys: { enter: 'Enter', esc: 'Esc', f2: 'F2' },
  entry: {
    heading: 'New sale',
    amountLabel: 'Amount',
    amountHint: (decimals: number): string =>
      decimals === 0 ? 'Whole amounts only.' : `Up to ${decimals} decimal places.`,
    total: 'Total',
    scan: 'Scan customer code',
    opening: 'Opening sale…',
    keypad: 'Keypad',
    clear: 'Clear',
    backspace: 'Delete last digit',
    decimalPoint: 'Decimal point',
    enterAmount: 'Key the amount first.',
    tooLarge: 'That amount is larger than the till accepts.',
    invalid: 'That is not an amount the till can charge. Check the decimals.',
    scannedTooEarly:
      'A payment code was scanned before the sale was started. Key the amount, then press Scan customer code.'
  },
  payment: {
    region: 'Payment',
    saleNumber: (saleId: number): string => `Sale ${saleId}`,
    awaitingHeading: "Scan the customer's payment code",
    awaitingHint: 'Point the scanner at the barcode or QR code in the wallet app.',
    cancel: 'Cancel',
    processing: 'Checking with the gateway…',
    processingHint: 'Keep the customer here until the gateway answers.',
    paid: 'Paid',
    declined: 'Declined',
    declinedFallbackReason: 'The wallet or the gateway refused the payment.',
    declinedNext:
      'Ask the customer to refresh the code in their wallet app, or to pay another way.',
    askFreshCode: 'Ask the customer for a fresh code',
    newSale: 'New sale',
    needsAttention: 'Needs attention — the gateway has not confirmed yet',
    needsAttentionHint:
      'Do not hand over the goods yet. The till keeps asking the gateway about this payment.',
    method: 'Method',
    orderNumber: 'Order number',
    codeEnding: 'Code ending',
    disconnected: 'The till service is disconnected. Wait for it to reconnect before scanning.'
  },
  picker: {
    heading: 'Which wallet is this code from?',
    reasonAmbiguous: 'The code fits more than one wallet.',
    reasonUnknown: 'The till does not recognise this code.',
    hint: 'Press the number, or tap the wallet. Esc goes back to scanning.',
    listLabel: 'Wallets',
    back: 'Back to scanning',
    none: 'No wallet that accepts scanned codes is set up on this till.'
  },
  errors: {
    title: 'That did not work',
    dismiss: 'Dismiss',
    retry: 'Try again',
    byCode: {
      INVALID_ARGUMENT:
        'The till service did not accept that request. Check the amount and try again.',
      FORBIDDEN: 'This screen is not allowed to do that. Open the address the till printed for it.',
      NOT_FOUND: 'The till service could not find this sale. Start a new sale.',
      CONFLICT: 'The sale changed in the meantime. The screen now shows where it stands.',
      PIN_REJECTED: 'The manager PIN was not accepted.',
      DECLINED: 'The payment was declined.',
      OUTCOME_UNKNOWN:
        'The gateway has not answered clearly yet. The till is finding out — do not take another payment for this sale.',
      GATEWAY_UNREACHABLE:
        'The payment gateway cannot be reached. Check the shop’s internet connection, then try again.',
      JOURNAL_UNAVAILABLE:
        'The till cannot save payments right now, so it is not taking any. Call the shop manager.',
      INTERNAL:
        'Something went wrong in the till. Try again; if it keeps happening, call the shop manager.'
    } satisfies Record<ErrorCode, string>,
    lostConnection:
      'The connection to the till service was lost. The screen updates when it reconnects.'
  },
  customer: {
    welcome: 'Welcome',
    pleaseShowCode: 'Please show your payment code to the cashier',
    preparingQr: 'Getting your QR code ready. One moment, please',
    processing: 'Checking your payment…',
    paid: 'Paid',
    thankYou: 'Thank you',
    declined: 'Payment declined',
    declinedHint: 'Please try another code or ask the cashier',
    declinedHintMpm: 'Please ask the cashier for a new QR code or another way to pay',
    notPaidInTime: 'Not paid in time',
    notPaidInTimeHint: 'Nothing was charged. Please ask the cashier',
    closing: 'This QR code can no longer be used. One moment, please',
    amountDue: 'Amount due',
    connecting: 'Connecting…',
    unpaired: 'Unpaired',
    unpairedHint:
      'This screen is no longer paired with the till. Staff can pair it again from the till’s settings',
    scanWith: (wallet: string): string => `Scan with ${wallet} to pay`,
    qrLabel: (wallet: string): string => `Payment QR code for ${wallet}`,
    timeLeft: (time: string): string => `${time} left`,
    expired: 'This code has expired',
    refunding: 'Refunding…',
    refundingHint: 'Your wallet is confirming the refund. One moment, please',
    refunded: 'Refunded',
    refundedHint: 'The money is on its way back to your wallet',
    refundFailed: 'Refund failed',
    refundFailedHint: 'Nothing was returned to your wallet. Please ask the cashier',
    confirming: 'Please confirm the payment in your wallet app',
    total: 'Total'
  },
  tender: {
    keyF3: 'F3',
    showQr: 'Show QR',
    scanInstead: 'Scan customer code instead',
    showQrInstead: 'Show QR instead',
    walletHeading: 'Which wallet will the customer pay with?',
    walletHint: 'Press the number, or tap the wallet. Esc cancels the sale.',
    walletListLabel: 'Wallets that can show a QR code',
    noWallets: 'No wallet on this till can show a QR code. Scan the customer’s code instead.',
    requestingQr: 'Asking the gateway for a QR code…',
    showingQr: 'Waiting for the customer to scan',
    showingQrHint: (wallet: string): string =>
      `The customer scans the ${wallet} QR code on the customer display.`,
    confirming: 'The customer is confirming in their wallet',
    confirmingHint: 'Keep the customer here; the wallet asks them to confirm the payment.',
    timeLeft: (time: string): string => `${time} left`,
    timeUp: 'Time is up — the till is closing the order',
    cancelPayment: 'Cancel payment',
    cancelling: 'Cancelling the payment…',
    cancellingHint:
      'The till is closing the order on the gateway. If the customer paid meanwhile, the sale shows Paid.',
    notPaidInTime: 'Not paid in time',
    declinedBecause: (detail: string): string => `The wallet said: ${detail}`,
    declinedNextCpm: 'Ask the customer for a fresh code, or try another method.',
    declinedNextMpm: 'Show a new QR code, or try another method.',
    showNewQr: 'Show a new QR code',
    wallet: 'Wallet',
    attentionHint:
      'Do not hand over the goods yet, and do not take another payment for this sale. The till keeps asking the gateway.'
  },
  display: {
    idle: (shopName: string): string =>
      `While no sale is open, the customer display shows “${shopName}”.`,
    placementHeading: 'Second screen',
    placementHint:
      'In the desktop app the customer display opens fullscreen on the screen that is not the main one, and comes back to it when it is plugged in again. Without a second screen it opens as a window.',
    lanHeading: 'Tablet on the shop network',
    lanHint:
      'A tablet on the shop’s network can be the customer display. It is off unless switched on here (or customerDisplay.lan in settings.json); the web host then also listens on this machine’s LAN address.',
    lanSwitch: 'Let a tablet on the shop network be the customer display',
    saveLan: 'Save',
    lanSaved: 'Saved.',
    lanSavedRestart: 'Saved. It applies when the till starts again.',
    pair: 'Pair a tablet',
    pairAgain: 'New pairing code',
    pairing: 'Getting a pairing code…',
    unpairAll: 'Unpair every tablet',
    unpairHint:
      'For a tablet lost or replaced: every paired tablet stops showing the customer display at once, and a new code appears to pair again the ones you keep. Needs the manager PIN.',
    unpaired: 'Every tablet is unpaired. Pair the ones you keep with this new code.',
    code: 'Pairing code',
    address: 'On the tablet, open',
    orScan: 'or scan this QR code with the tablet’s camera.',
    qrLabel: 'QR code that pairs a tablet as the customer display',
    expired: 'This code has expired. Get a new one.',
    screenLabel: 'Customer display',
    screenAutomatic: 'Automatic (the first screen that is not the main one)',
    screenOption: (
      n: number,
      name: string,
      width: number,
      height: number,
      primary: boolean,
      customer: boolean
    ): string => {
      const marks = [primary ? 'main screen' : '', customer ? 'customer display now' : '']
        .filter((mark) => mark !== '')
        .join(', ')
      return `Display ${n}${name === '' ? '' : ` (${name})`} — ${width}×${height}${marks === '' ? '' : ` (${marks})`}`
    },
    screenAway: 'The chosen screen (not plugged in now)',
    screenHint:
      'Saved with the other settings; the customer display moves at once. The main screen stays the cashier’s.',
    screensLoading: 'Looking for screens…',
    screenDesktopOnly:
      'Placing the customer display on a screen is for the desktop app. In the web host, a tablet on the shop network is the customer display (below).'
  },
  lines: {
    heading: 'Items (optional)',
    hint: 'With items, the amount is their total.',
    add: 'Add item',
    description: 'Description',
    price: 'Price',
    quantity: 'Qty',
    lineTotal: 'Line total',
    remove: (n: number): string => `Remove item ${n}`,
    itemLabel: (n: number): string => `Item ${n}`,
    amountFromLines: 'The total of the items',
    problem: {
      description: (n: number): string => `Item ${n}: describe it in 1 to 80 characters.`,
      price: (n: number): string => `Item ${n}: key a price above zero.`,
      quantity: (n: number): string => `Item ${n}: the quantity is a whole number from 1 to 9999.`,
      'too-large': (n: number): string => `At item ${n} the total is larger than the till accepts.`
    },
    customerLine: (quantity: number, description: string): string =>
      quantity === 1 ? description : `${quantity} × ${description}`,
    customerListLabel: 'Items',
    /** Above the customer display's list, when it has no room for the oldest lines. */
    customerMore: (count: number): string =>
      plural('en', count, { one: '1 more item above', other: `${count} more items above` })
  },
  nav: {
    region: 'Views',
    sale: 'Sale',
    history: 'History',
    endOfDay: 'End of day',
    settings: 'Settings',
    saleInProgress:
      'Finish the sale first: a payment in progress stays on this screen (Enter for a new sale, Esc to cancel).',
    unsavedTitle: 'Unsaved settings',
    unsavedBody: 'The settings have changes that are not saved. Leave and drop them?',
    discard: 'Drop changes and leave',
    keepEditing: 'Keep editing',
    comingSoon: (view: string): string => `${view} is not available on this till yet.`
  },
  health: {
    gatewayReachable: 'Gateway reachable',
    gatewayUnreachable: 'Gateway not reachable',
    gatewayChecking: 'Gateway: checking…',
    journalHealthy: 'Journal healthy',
    journalFailing: 'Journal failing — payments stopped',
    scannerSlot: 'Scanner'
  },
  settings: {
    heading: 'Settings',
    notSaved: 'The settings were not saved.',
    keysNotImported: 'The keys were not imported.',
    detail: (message: string): string => `Technical detail, for the installer: ${message}`,
    detailLabel: 'Technical detail, for the installer:',
    loading: 'Loading settings…',
    save: 'Save settings',
    saving: 'Saving…',
    cancel: 'Cancel changes',
    saved: 'Settings saved.',
    savedNothing: 'Nothing to save: no setting changed.',
    restartNeeded: (names: string): string =>
      `Saved. The new settings for ${names} take effect when QR Till restarts; until then the till keeps using the previous ones.`,
    fixErrors: (count: number): string =>
      plural('en', count, {
        one: '1 field needs attention.',
        other: `${count} fields need attention.`
      }),
    sections: {
      shop: 'Shop',
      gateway: 'Gateway',
      methods: 'Payment methods',
      timeouts: 'Timeouts',
      scanner: 'Scanner',
      display: 'Customer display',
      language: 'Language',
      managerPin: 'Manager PIN'
    },
    names: {
      shopName: 'the shop name',
      currency: 'the currency',
      language: 'the language',
      gateway: 'the gateway',
      keys: 'the keys',
      payments: 'the timeouts',
      methodRules: 'the payment methods',
      wedge: 'the scanner',
      customerDisplay: 'the customer display'
    },
    shopName: 'Shop name',
    shopNameHint: 'Shown on both screens. 1 to 80 characters.',
    currency: 'Currency',
    currencyHint: 'Can change only when no sale is open.',
    timeZone: 'Time zone',
    timeZoneHint:
      'The days of end of day, history and the CSV files run midnight to midnight here. Set as timeZone in settings.json; applies at the next start.',
    language: 'Language of both screens',
    languageNames: { en: 'English', ja: '日本語' },
    required: 'Required.',
    tooLong: (max: number): string => `At most ${max} characters.`,
    gateway: {
      mode: 'Gateway',
      sandbox: 'Sandbox (built in, no real money)',
      paycloud: 'PayCloud',
      baseUrl: 'Base URL',
      baseUrlHint: 'For example https://open.n-age.co.jp',
      badUrl: 'An http(s) address such as https://open.n-age.co.jp.',
      appId: 'app_id',
      merchantNo: 'merchant_no',
      storeNo: 'store_no',
      restartHint:
        'A gateway change applies when QR Till restarts, so no payment in progress changes gateway midway.',
      keysHeading: 'Keys',
      appKey: 'App private key',
      gatewayKey: 'PayCloud public key',
      present: (fingerprint: string, source: string): string =>
        `Installed (${source}): ${fingerprint}`,
      absent: 'Not installed',
      sourceSecretStore: 'imported',
      sourceKeyFile: 'key file',
      storage: (kind: 'owner-only-files' | 'os-keychain', dir: string): string =>
        kind === 'os-keychain'
          ? `Imported keys are kept encrypted by the operating system's keychain, in ${dir}.`
          : `Imported keys are kept in files readable by this user only, in ${dir}.`,
      pastePrivate: 'App private key (PEM)',
      pastePublic: 'PayCloud public key (PEM)',
      pasteHint: 'Paste the PEM text, or choose the file. RSA, 2048 bits or more.',
      chooseFile: (what: string): string => `Choose the ${what} file`,
      importKeys: 'Import keys',
      importing: 'Checking and storing the keys…',
      imported: 'Keys imported. They are not shown again.',
      bothNeeded: 'Both keys are needed.'
    },
    methods: {
      tableLabel: 'Payment-method rules, in order',
      hint: 'A scanned code goes to the first wallet whose enabled rule matches it. Rules match whole codes: ^…$.',
      order: '#',
      payMethodId: 'pay_method_id',
      pattern: 'Pattern (regular expression)',
      aim: 'AIM (optional)',
      enabled: 'Enabled',
      actions: 'Move or remove',
      moveUp: (row: number): string => `Move rule ${row} up`,
      moveDown: (row: number): string => `Move rule ${row} down`,
      remove: (row: number): string => `Remove rule ${row}`,
      add: 'Add a rule',
      badPattern: 'Not a valid regular expression.',
      unanchored: 'Must match whole codes: start with ^ and end with $.',
      badMethodId: 'Letters, digits, + _ - (at most 32).',
      badAim: 'An AIM identifier such as ]C or ]Q1.',
      testLabel: 'Test a code',
      testHint: 'Type or scan a code: the result uses the rules above, unsaved edits included.',
      testMatch: (method: string, rows: string): string => `${method} (rule ${rows})`,
      testAmbiguous: (methods: string): string =>
        `Ambiguous: ${methods}. The cashier will be asked.`,
      testNone: 'No rule matches: the cashier will be asked to pick the wallet.',
      testEmpty: 'Type a code to see which rule matches.'
    },
    timeouts: {
      hint: 'How long the till waits and how often it asks the gateway. Defaults follow PayCloud’s guidance.',
      range: (min: number, max: number, unit: string): string => `${min}–${max} ${unit}`,
      outOfRange: (min: number, max: number): string => `Between ${min} and ${max}.`,
      wholeNumber: 'A whole number.',
      ms: 'ms',
      seconds: 's',
      tries: 'tries',
      fields: {
        pollIntervalMs: 'Ask the gateway every',
        pollWindowMs: 'Wait for a scanned payment (CPM) at most',
        mpmWindowMs: 'Show a QR code (MPM) at most',
        reconcileIntervalMs: 'Retry unclear payments every',
        orderExpiresSeconds: 'CPM order expires after',
        mpmExpiresSeconds: 'MPM QR code expires after',
        unclearQueryDelayMs: 'After an unclear answer, ask again after',
        minCancelDelayMs: 'Cancel no sooner than',
        cancelTries: 'Cancel tries',
        cancelRetryIntervalMs: 'Between cancel tries',
        refundPollIntervalMs: 'Ask about a refund every',
        refundPollWindowMs: 'Wait for a refund at most',
        refundSubmitTries: 'Refund submit tries'
      }
    },
    scanner: {
      maxGap: 'Largest gap between a scanner’s keys',
      maxGapHint: 'Keys closer than this are a scanner’s. 5–500 ms.',
      minLength: 'Shortest scan',
      minLengthHint: 'Characters. 1–256.',
      terminator: 'The scanner ends each code with',
      terminatorNames: { Enter: 'Enter', Tab: 'Tab', none: 'Nothing (a pause)' },
      openWizard: 'Scanner setup…',
      closeWizard: 'Close scanner setup'
    },
    /** The manager PIN every change in the settings view carries once one is set. */
    pin: {
      label: 'Manager PIN to save changes',
      hint: 'Every change here needs it, except the language alone. 4 to 8 digits.',
      needed: 'The manager PIN is needed to change settings. Key it here.',
      invalid: 'A manager PIN is 4 to 8 digits.',
      scanned: 'That was a scan, not a PIN. Type the PIN on the keyboard.'
    },
    displayPlaceholder: (shopName: string): string =>
      `The customer display shows “${shopName}” while no sale is open.`
  },
  wizard: {
    heading: 'Scanner setup',
    intro:
      'Scan the test code below three times or more. The till measures how fast the scanner types, checks the keyboard layout, and proposes settings.',
    testCodeLabel: 'Test code',
    listening: 'Listening: scan now. Keys go to this setup, not to the sale.',
    notListening: 'Not listening.',
    start: 'Start listening',
    stop: 'Stop listening',
    stopHint: 'Esc stops listening.',
    detected: {
      none: 'No scanner detected yet.',
      wedge: 'Keyboard-wedge scanner detected: it types like a keyboard.',
      hidPos: (names: string): string => `HID-POS scanner connected: ${names}.`
    },
    scansHeading: 'Last scans',
    scansCaption: 'Last scans, newest first, with their timing',
    code: 'Code',
    length: 'Length',
    maxGap: 'Largest gap',
    meanGap: 'Mean gap',
    endedBy: 'Ended by',
    classification: 'With the current settings',
    takenAsScan: 'A scan',
    tooSlow: 'Too slow: read as typing',
    tooShort: 'Too short',
    endedByIdle: 'a pause',
    ms: (value: number): string => `${value.toFixed(1)} ms`,
    proposal: (measured: number, proposed: number): string =>
      `Slowest gap measured: ${measured} ms. Proposed threshold: ${proposed} ms.`,
    needScans: 'Scan the test code to get a proposal.',
    layoutOk: 'Keyboard layout: matches the scanner.',
    layoutMismatch: (examples: string): string =>
      `Keyboard layout mismatch: ${examples}. Set the scanner to this PC’s keyboard layout.`,
    layoutUnknown: 'Keyboard layout: nothing to compare yet.',
    layoutExample: (key: string, expected: string): string => `“${key}” arrived for “${expected}”`,
    terminator: (name: string): string => `Terminator: ${name}.`,
    terminatorMixed: 'Terminator: differs between scans. Set the scanner to always send Enter.',
    prefix: (text: string): string =>
      `The scanner adds “${text}” before the code. Turn the prefix off.`,
    suffix: (text: string): string =>
      `The scanner adds “${text}” after the code. Turn the suffix off.`,
    framingOk: 'No prefix or suffix: the code arrives as it is.',
    testCodeMissing: 'The last scans do not contain the test code: scan the code shown here.',
    apply: (proposed: number): string => `Save threshold ${proposed} ms`,
    applied: (proposed: number): string => `Saved: scans now need keys within ${proposed} ms.`,
    clear: 'Clear scans',
    export: 'Export diagnostics file',
    hidSlot: 'HID-POS scanners are listed here once the till reports them.'
  },
  /** History, refunds, end of day and the manager PIN (issue 6). */
  history: {
    heading: 'History',
    filtersLabel: 'Search sales',
    from: 'From',
    to: 'To',
    status: 'Status',
    anyStatus: 'Any status',
    statuses: {
      open: 'Open',
      paying: 'Paying',
      paid: 'Paid',
      declined: 'Declined',
      'needs-attention': 'Needs attention',
      abandoned: 'Closed unpaid'
    },
    method: 'Method',
    anyMethod: 'Any method',
    minAmount: 'Amount from',
    maxAmount: 'Amount to',
    orderNo: 'Order number',
    orderNoHint: 'The whole number, or how it begins.',
    search: 'Search',
    clear: 'Clear',
    dateInvalid: 'The end date must not be before the start date.',
    amountInvalid: (currency: string): string => `Not an amount in ${currency}.`,
    amountRangeInvalid: 'The highest amount is below the lowest.',
    orderNoInvalid: 'An order number has only letters and digits.',
    resultsLabel: 'Sales found',
    keyboardHint: 'Up and down arrows move through the sales; Enter opens one.',
    columns: {
      time: 'Time',
      sale: 'Sale',
      amount: 'Amount',
      status: 'Status',
      method: 'Method',
      orderNo: 'Order number',
      refunded: 'Refunded'
    },
    refundingCell: (amount: string): string => `${amount} in progress`,
    searching: 'Searching…',
    none: 'No sales match these filters.',
    newer: 'Newer',
    older: 'Older',
    pageOf: (page: number): string => `Page ${page}`,
    noMethod: '—'
  },
  saleDetail: {
    back: 'Back to the list',
    heading: (saleId: number): string => `Sale ${saleId}`,
    opened: 'Opened',
    amount: 'Amount',
    paid: 'Paid',
    refunded: 'Refunded',
    refunding: 'Refund in progress',
    refundable: 'Still refundable',
    status: 'Status',
    attempts: 'Payment attempts',
    noAttempts: 'No payment was tried for this sale.',
    attemptStatuses: {
      pending: 'Sent',
      processing: 'Processing',
      cancelling: 'Closing',
      paid: 'Paid',
      declined: 'Declined',
      cancelled: 'Cancelled',
      reversed: 'Reversed',
      'needs-attention': 'Needs attention'
    },
    refundStatuses: {
      pending: 'Sent',
      processing: 'Refunding',
      refunded: 'Refunded',
      failed: 'Failed',
      'needs-attention': 'Needs attention'
    },
    orderNo: 'Order number',
    transNo: 'Gateway number',
    codeEnding: 'Code ending',
    mode: 'How',
    modes: { CPM: 'Scanned code', MPM: 'QR shown' },
    reason: 'Reason',
    refunds: 'Refunds',
    noRefunds: 'No refunds.',
    checkNow: 'Check now',
    checking: 'Checking…',
    checked: 'Checked with the gateway.',
    refund: 'Refund…',
    notRefundable: 'Only a paid sale with money left to return can be refunded.',
    timeline: 'Journal timeline',
    noTimeline: 'No events recorded.',
    loading: 'Loading the sale…',
    kinds: {
      'sale.opened': 'Sale opened',
      'sale.status': 'Sale status changed',
      'attempt.created': 'Payment started',
      'attempt.status': 'Payment status changed',
      'gateway.request': 'Sent to the gateway',
      'gateway.reply': 'Gateway answered',
      'refund.created': 'Refund started',
      'refund.status': 'Refund status changed',
      'notification.received': 'Notification received'
    } as Readonly<Record<string, string>>,
    transition: (from: string, to: string): string => `${from} → ${to}`,
    failedCall: 'no clear answer'
  },
  refund: {
    heading: (saleId: number): string => `Refund sale ${saleId}`,
    remaining: 'Still refundable',
    kind: 'How much',
    full: 'The rest in full',
    partial: 'Part of it',
    amount: 'Amount to refund',
    amountEmpty: 'Key the amount to refund.',
    amountInvalid: 'That is not an amount the till can refund. Check the decimals.',
    amountTooHigh: (max: string): string => `At most ${max} is left to refund.`,
    reason: 'Reason',
    reasonHint: 'Why the money goes back, for the records (for example “item returned”).',
    reasonEmpty: 'Give a reason for the refund.',
    pin: 'Manager PIN',
    pinHint: 'The manager keys the PIN: 4 to 8 digits.',
    pinInvalid: 'A manager PIN is 4 to 8 digits.',
    pinScanned: 'That was a scan, not a PIN. Type the PIN on the keyboard.',
    wrongPin: (left: number): string =>
      plural('en', left, {
        one: 'Wrong PIN. 1 try left before PIN entry locks.',
        other: `Wrong PIN. ${left} tries left before PIN entry locks.`
      }),
    locked: (time: string): string => `Too many wrong PINs. PIN entry is locked until ${time}.`,
    noPin: 'No manager PIN is set. Set one in Settings before refunding.',
    pinDamaged:
      'The stored manager PIN cannot be read, so no PIN is accepted. On the till machine, run ' +
      '“npm run admin -- reset-manager-pin”, then set a new PIN in Settings.',
    submit: 'Refund',
    submitting: 'Sending the refund…',
    cancel: 'Cancel',
    close: 'Close',
    progress: {
      pending: 'Refund sent. Waiting for the gateway…',
      processing: 'The gateway is refunding…',
      refunded: 'Refunded.',
      failed: 'The refund failed.',
      'needs-attention': 'The gateway has not confirmed the refund yet. The till keeps asking.'
    }
  },
  endOfDay: {
    heading: 'End of day',
    days: (timeZone: string): string => `Days run midnight to midnight, ${timeZone}.`,
    from: 'From',
    to: 'To',
    show: 'Show',
    dateInvalid: 'The end date must not be before the start date.',
    dateMissingFrom: 'Pick the first day.',
    dateMissingTo: 'Pick the last day.',
    dateTooLong: 'A report covers at most 366 days. Pick a shorter range.',
    loading: 'Adding up…',
    byMethod: 'By payment method',
    columns: {
      method: 'Method',
      currency: 'Currency',
      paidCount: 'Payments',
      paid: 'Taken',
      refundCount: 'Refunds',
      refunded: 'Refunded',
      net: 'Net'
    },
    total: (currency: string): string => `Total ${currency}`,
    noPayments: 'No payments in this range.',
    needsAttention: 'Payments that need attention',
    noneNeedAttention: 'Nothing needs attention.',
    openRefunds: 'Refunds not final yet',
    noOpenRefunds: 'Every refund is final.',
    reconcile: 'Check against the gateway',
    reconciling: 'Asking the gateway about every payment…',
    reconciled: (checked: number, matched: number): string =>
      plural('en', checked, {
        one: '1 payment checked, ',
        other: `${checked.toLocaleString('en')} payments checked, `
      }) +
      plural('en', matched, {
        one: '1 matches the gateway.',
        other: `${matched.toLocaleString('en')} match the gateway.`
      }),
    differences: 'Differences',
    noDifferences: 'Every payment matches the gateway.',
    differenceColumns: {
      orderNo: 'Order number',
      kind: 'Difference',
      till: 'Till',
      gateway: 'Gateway'
    },
    differenceKinds: {
      status: 'Status',
      amount: 'Amount',
      'trans-no': 'Gateway transaction number',
      'unknown-at-gateway': 'Unknown to the gateway',
      'query-failed': 'Could not ask'
    },
    tillSays: {
      paid: (amount: string): string => `Paid ${amount}`,
      closed: (status: string): string => `${status}, nothing taken`,
      transNo: (transNo: string): string => `Transaction number ${transNo}`
    },
    gatewaySays: {
      transStatuses: {
        '9': 'Created, not paid',
        '0': 'Processing, not paid yet',
        '1': 'Closed unpaid',
        '2': 'Paid',
        '3': 'Cancelled or reversed'
      },
      unknownStatus: (status: number): string => `A status the till does not know (${status})`,
      withCode: (words: string, code: string): string => `${words} (${code})`,
      asSent: (amount: string, currency: string): string =>
        `${currency} ${amount}, as the reply wrote it`,
      noAmount: 'No amount the till can read',
      noSuchOrder: (code: string): string => `No such order (${code})`,
      noAnswer: {
        skipped: 'Not asked: the gateway had stopped answering',
        'not-sent': 'The question could not be sent',
        refused: 'The gateway refused the question',
        timeout: 'No answer in time',
        network: 'The gateway could not be reached',
        'signature-invalid': 'The reply’s signature did not verify',
        malformed: 'The reply could not be read'
      }
    },
    exportSales: 'Export sales (CSV)',
    exportRefunds: 'Export refunds (CSV)',
    exporting: 'Preparing the file…',
    exported: (filename: string): string => `Downloaded ${filename}.`
  },
  managerPin: {
    heading: 'Manager PIN',
    intro:
      'The manager PIN approves every refund and every change to these settings. QR Till keeps only a scrypt hash of it, never the PIN. After 5 wrong PINs, PIN entry locks for 5 minutes, longer each time.',
    isSet: 'A manager PIN is set.',
    notSet:
      'No manager PIN is set yet: refunds are refused until one is, and anyone at the till can change these settings.',
    current: 'Current PIN',
    next: 'New PIN',
    confirm: 'New PIN again',
    hint: '4 to 8 digits.',
    invalid: 'A manager PIN is 4 to 8 digits.',
    mismatch: 'The two new PINs differ.',
    set: 'Set PIN',
    change: 'Change PIN',
    saving: 'Saving…',
    saved: 'The manager PIN is saved.'
  },
  /** The status bar's scanner line (docs/scanners.md, README "HID-POS scanners"). */
  scanner: {
    wedge: 'Scanner: keyboard-wedge',
    ready: (name: string): string => `Scanner: HID-POS ready (${name})`,
    opening: (name: string): string => `Scanner: connecting to ${name}…`,
    unavailable: (name: string): string =>
      `Scanner: ${name} is plugged in but the till cannot read it — ask the installer (README, “HID-POS scanners”)`,
    unplugged: (name: string): string =>
      `Scanner: ${name} is unplugged — plug it in again; until then its scans do not reach the till`,
    keyboardMode: (name: string): string =>
      `Scanner: keyboard mode (${name}) — to switch it, scan the “USB HID-POS” (or “HID POS”) code in the scanner’s manual; until then it works as a keyboard-wedge scanner`
  },
  /** Keyboard-wedge scans (src/shared/wedge; README "Keyboard-wedge scanners"). */
  scanning: {
    notWalletCode:
      'That scan is too short to be a wallet payment code (a product barcode?). Scan the code in the customer’s wallet app.'
  },
  /** Typing the wallet code when there is no scanner (PaymentView, README "At the counter"). */
  manualCode: {
    open: 'Type the code',
    heading: 'Type the customer’s payment code',
    label: 'Payment code',
    hint: (min: number, max: number): string =>
      `The digits under the barcode in the customer’s wallet app: ${min} to ${max} letters or digits. A scan still works while this is open.`,
    submit: 'Pay with this code',
    cancel: 'Back to scanning',
    empty: 'Type the code shown in the customer’s wallet app.',
    characters:
      'A payment code has only letters and digits, no symbols or kana. Check what you typed; if Japanese input is on, switch it to half-width letters and digits.',
    tooShort: (min: number): string =>
      `Too short for a wallet payment code: it has at least ${min} characters. Check what you typed.`,
    tooLong: (max: number): string =>
      `Too long for a wallet payment code: it has at most ${max} characters. Check what you typed.`,
    disconnected: 'The till service is not connected. Wait for it to reconnect, then pay.'
  },
  /**
   * A field that takes digits (the amount, an item's price and quantity) when what was typed or
   * pasted had other characters too (kana from an input method, letters): they are named, as
   * typed, and the digits are kept.
   */
  digitsOnly: {
    amount: (dropped: string, decimals: number): string =>
      `The amount takes only digits${decimals === 0 ? '' : ' and a decimal point'}: “${dropped}” was left out.`,
    price: (n: number, dropped: string, decimals: number): string =>
      `Item ${n}: the price takes only digits${decimals === 0 ? '' : ' and a decimal point'}: “${dropped}” was left out.`,
    quantity: (n: number, dropped: string): string =>
      `Item ${n}: the quantity takes only digits: “${dropped}” was left out.`,
    /**
     * An edit refused as a whole, the field as it was: leaving out a minus before the digits, or a
     * decimal point, would have changed the value (a discount charged, 1.5 read as 15).
     */
    notTaken: {
      amount: (why: NotTaken): string =>
        `${why === 'negative' ? 'An amount cannot be negative' : why === 'comma' ? 'A comma only separates thousands, as in 1,200' : 'This currency has no decimal point'}: that edit was not taken, and the amount is as it was.`,
      price: (n: number, why: NotTaken): string =>
        `Item ${n}: ${why === 'negative' ? 'a price cannot be negative' : why === 'comma' ? 'a comma only separates thousands, as in 1,200' : 'this currency has no decimal point'}: that edit was not taken, and the price is as it was.`,
      quantity: (n: number, why: NotTaken): string =>
        `Item ${n}: ${why === 'negative' ? 'a quantity cannot be negative' : 'a quantity is a whole number'}: that edit was not taken, and the quantity is as it was.`
    }
  },
  /** Settings → payment methods: the AIM a test code was scanned with (MethodsSection). */
  methodTester: {
    aimLabel: 'Scanned with AIM (optional)',
    aimHint:
      'The symbology a HID-POS scanner reports, such as ]C0 or ]Q1. Empty: rules with an AIM apply as they do to a keyboard-wedge scan.'
  },
  /** Why an attempt or a refund is where it is: the engine's reasons, worded per code. */
  reasons: englishReasons,
  /** What a refusal says (settings, keys): worded per key. */
  said: englishSaid
} as const

/** Every language's messages: English's keys, any words (shape.ts). */
export type Messages = Widen<typeof en>
