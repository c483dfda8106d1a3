import type { PayMethod } from './types'

/**
 * The `pay_method_id` keys of NewAge's ParameterDictionary (paycloud/API.md §8.1), in its order.
 * The page went on past what could be read, so keys may be missing; card brands (`Visa`, …) are
 * left out because they are never sent in a request. `reversesPaid` follows §5.3: "Cancellation" is
 * listed only for WeChatPay (for CPM only), Alipay+ and UnionPay; the Japanese wallets only close
 * unpaid orders.
 */
export const payMethodCatalog: readonly PayMethod[] = Object.freeze([
  {
    id: 'WeChatPay',
    label: 'WeChat Pay',
    labelJa: 'WeChat Pay',
    modes: ['CPM', 'MPM'],
    reversesPaid: ['CPM'],
    confirmed: true
  },
  {
    // An aggregate: Alipay, AlipayHK, GCash, KakaoPay, TNG… arrive as `sub_pay_method_id`.
    id: 'Alipay+',
    label: 'Alipay+',
    labelJa: 'Alipay+',
    modes: ['CPM', 'MPM'],
    reversesPaid: ['CPM', 'MPM'],
    confirmed: true
  },
  {
    id: 'UnionPay',
    label: 'UnionPay',
    labelJa: '銀聯',
    modes: ['CPM', 'MPM'],
    reversesPaid: ['CPM', 'MPM'],
    confirmed: true
  },
  {
    id: 'RakutenPay',
    label: 'Rakuten Pay',
    labelJa: '楽天ペイ',
    modes: ['CPM', 'MPM'],
    reversesPaid: [],
    confirmed: true
  },
  {
    id: 'PayPay',
    label: 'PayPay',
    labelJa: 'PayPay',
    modes: ['CPM', 'MPM'],
    reversesPaid: [],
    confirmed: true
  },
  {
    id: 'DPay',
    label: 'd Payment',
    labelJa: 'd払い',
    modes: ['CPM', 'MPM'],
    reversesPaid: [],
    confirmed: true
  },
  {
    id: 'MerPay',
    label: 'Merpay',
    labelJa: 'メルペイ',
    modes: ['CPM'],
    reversesPaid: [],
    confirmed: true
  },
  {
    id: 'AuPay',
    label: 'au PAY',
    labelJa: 'au PAY',
    modes: ['CPM', 'MPM'],
    reversesPaid: [],
    confirmed: true
  },
  {
    // Card payments on the web, listed with the QR wallets: no QR mode at a till.
    id: 'CreditLinkPay',
    label: 'Credit card',
    labelJa: 'クレジットカード',
    modes: [],
    reversesPaid: [],
    confirmed: true
  }
])

/** The wallets a customer can pay by showing a code: the cashier's picker when a scan is unclassified. */
export function cpmMethods(): readonly PayMethod[] {
  return payMethodCatalog.filter((method) => method.modes.includes('CPM'))
}

/** The catalogue row for a `pay_method_id`, or undefined for keys PayCloud has and we have not read. */
export function findPayMethod(id: string): PayMethod | undefined {
  return payMethodCatalog.find((method) => method.id === id)
}
