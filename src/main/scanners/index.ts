export {
  findHidPosScanners,
  findKeyboardModeScanners,
  hidPosUsagePage,
  listHidPosScanners,
  scannerVendors
} from './discovery'
export type { HidEnumerator, HidPosScanner, KeyboardModeScanner } from './discovery'
export { symbologyOf, type Symbology } from './aim'
export {
  createAssembler,
  layoutFromDescriptor,
  parseReport,
  type DecodedScan,
  type ScannedDataLayout,
  type Segment
} from './report'
export {
  createScannerReader,
  defaultBackoff,
  noScanner,
  type HidConnection,
  type HidTransport,
  type ScannerReader,
  type ScannerReaderOptions
} from './reader'
export { loadNodeHidTransport } from './node-hid'
