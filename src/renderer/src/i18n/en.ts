import type { ErrorCode } from '../../../shared/contract'

/**
 * Every string a person reads on either screen. A later issue moves these behind an i18n library
 * and adds Japanese, so components never build sentences themselves: they call these.
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
    processing: 'Checking your payment…',
    paid: 'Paid',
    thankYou: 'Thank you',
    declined: 'Payment declined',
    declinedHint: 'Please try another code or ask the cashier',
    amountDue: 'Amount due',
    connecting: 'Connecting…',
    scanWith: (wallet: string): string => `Scan with ${wallet} to pay`,
    qrLabel: (wallet: string): string => `Payment QR code for ${wallet}`,
    timeLeft: (time: string): string => `${time} left`,
    expired: 'This code has expired',
    refunded: 'Refunded',
    refundedHint: 'The money is on its way back to your wallet'
  },
  /** The status bar's scanner line (docs/scanners.md, README "HID-POS scanners"). */
  scanner: {
    wedge: 'Scanner: keyboard-wedge',
    ready: (name: string): string => `Scanner: HID-POS ready (${name})`,
    opening: (name: string): string => `Scanner: connecting to ${name}…`,
    unavailable: (name: string): string =>
      `Scanner: ${name} is plugged in but the till cannot read it — ask the installer (README, “HID-POS scanners”)`,
    keyboardMode: (name: string): string =>
      `Scanner: keyboard mode (${name}) — to switch it, scan the “USB HID-POS” (or “HID POS”) code in the scanner’s manual; until then it works as a keyboard-wedge scanner`
  },
  /** Keyboard-wedge scans (src/shared/wedge; README "Keyboard-wedge scanners"). */
  scanning: {
    notWalletCode:
      'That scan is too short to be a wallet payment code (a product barcode?). Scan the code in the customer’s wallet app.'
  }
} as const

export type Messages = typeof en
