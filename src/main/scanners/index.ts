export { findHidPosScanners, hidPosUsagePage, listHidPosScanners } from './discovery'
export type { HidEnumerator, HidPosScanner } from './discovery'
