export type { KeyInput, Scan, WedgeDetector, WedgeOptions } from './types'
export { createWedgeDetector, defaultWedgeOptions, slowScannerWedgeOptions } from './detector'
