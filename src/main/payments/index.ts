export { createPaymentEngine, defaultPaymentSettings } from './engine'
export type {
  CheckedOrder,
  CreateRefund,
  PaymentEngine,
  PaymentSettings,
  StartCpm,
  StartMpm
} from './engine'
export { reasons } from './reasons'
export { systemClock, type Clock } from './clock'
export { newMerchantOrderNo } from './merchant-order-no'
