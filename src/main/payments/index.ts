export { createPaymentEngine, defaultPaymentSettings } from './engine'
export type { PaymentEngine, PaymentSettings, StartCpm } from './engine'
export { systemClock, type Clock } from './clock'
export { newMerchantOrderNo } from './merchant-order-no'
