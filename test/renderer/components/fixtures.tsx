import type { StoreApi } from 'zustand'
import type { HistoryRow, TillInfo } from '../../../src/shared/contract'
import type { AttemptView, RefundView, SaleView } from '../../../src/shared/order'
import { useEndOfDayStore } from '../../../src/renderer/src/stores/end-of-day-store'
import { useHistoryStore } from '../../../src/renderer/src/stores/history-store'
import { useLocaleStore } from '../../../src/renderer/src/stores/locale-store'
import { useManagerStore } from '../../../src/renderer/src/stores/manager-store'
import { useNavStore } from '../../../src/renderer/src/stores/nav-store'
import { useSaleStore } from '../../../src/renderer/src/stores/sale-store'
import { useStatusStore } from '../../../src/renderer/src/stores/status-store'
import { useTillStore } from '../../../src/renderer/src/stores/till-store'

/**
 * Server rendering reads a zustand store through React's server snapshot, which zustand gives
 * as the store's *initial* state (`getInitialState()`), never the current one. So a test's state
 * is written into that object as well as set the normal way: the component renders it on the
 * server, and anything reading `getState()` agrees. `resetStores` puts every store back as the
 * page starts, before each test.
 */
const stores: readonly StoreApi<object>[] = [
  useEndOfDayStore,
  useHistoryStore,
  useLocaleStore,
  useManagerStore,
  useNavStore,
  useSaleStore,
  useStatusStore,
  useTillStore
]
const pristine = stores.map((store) => ({ ...store.getInitialState() }))

export function resetStores(): void {
  stores.forEach((store, index) => {
    const state = store.getInitialState() as Record<string, unknown>
    for (const key of Object.keys(state)) Reflect.deleteProperty(state, key)
    Object.assign(state, pristine[index])
    store.setState(state, true)
  })
}

/** Puts `patch` into `store` for the next render (see above). */
export function setStore<S extends object>(store: StoreApi<S>, patch: Partial<S>): void {
  Object.assign(store.getInitialState(), patch)
  store.setState(patch)
}

const at = Date.UTC(2026, 10, 26, 1, 30)

export function attempt(patch: Partial<AttemptView> = {}): AttemptView {
  return {
    attemptId: 1,
    saleId: 5,
    mode: 'CPM',
    merchantOrderNo: 'QT0005A1',
    payMethodId: 'PayPay',
    amount: { minor: 10_000, currency: 'JPY' },
    status: 'paid',
    authCodeLast4: '4321',
    transNo: 'T1',
    reason: null,
    why: null,
    qrContent: null,
    expiresAt: null,
    createdAt: at,
    updatedAt: at,
    ...patch
  }
}

export function refund(patch: Partial<RefundView> = {}): RefundView {
  return {
    refundId: 1,
    saleId: 5,
    attemptId: 1,
    merchantOrderNo: 'QR0005R1',
    amount: { minor: 2_500, currency: 'JPY' },
    reason: 'Damaged item',
    status: 'refunded',
    transNo: null,
    failure: null,
    failureWhy: null,
    createdAt: at,
    updatedAt: at,
    ...patch
  }
}

/** Sale 5: ¥10,000 paid with PayPay, nothing refunded. */
export function sale(patch: Partial<SaleView> = {}): SaleView {
  return {
    saleId: 5,
    amount: { minor: 10_000, currency: 'JPY' },
    status: 'paid',
    createdAt: at,
    updatedAt: at,
    attempts: [attempt()],
    refunds: [],
    paidMinor: 10_000,
    refundedMinor: 0,
    ...patch
  }
}

export function info(patch: Partial<TillInfo> = {}): TillInfo {
  return {
    shopName: 'Corner Shop',
    currency: 'JPY',
    language: 'en',
    timeZone: 'Asia/Tokyo',
    sandbox: true,
    methodRules: [],
    wedge: {},
    ...patch
  }
}

export function historyRow(patch: Partial<HistoryRow> = {}): HistoryRow {
  return {
    saleId: 7,
    createdAt: at,
    status: 'paid',
    amount: { minor: 1_234, currency: 'JPY' },
    paidMinor: 1_234,
    refundedMinor: 0,
    refundingMinor: 0,
    payMethodId: 'PayPay',
    merchantOrderNo: 'QT0007A1',
    attemptCount: 1,
    ...patch
  }
}
