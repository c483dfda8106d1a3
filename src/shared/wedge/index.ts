export type { KeyInput, Scan, WedgeDetector, WedgeOptions } from './types'
export { createWedgeDetector, defaultWedgeOptions, slowScannerWedgeOptions } from './detector'
export {
  resolveWedgeOptions,
  walletCodeMinLength,
  wedgePresets,
  wedgeSettingsSchema,
  type WedgePreset,
  type WedgeScreen,
  type WedgeSettings
} from './settings'
export {
  calibrationBounds,
  findLayoutMismatch,
  gapsOf,
  minCalibrationGaps,
  minCalibrationScans,
  proposeMaxGap,
  type GapProposal,
  type GapProposalResult,
  type LayoutMismatch,
  type LayoutMismatchKind,
  type LayoutReport
} from './calibrate'
