import { z } from 'zod'
import { defaultWedgeOptions, slowScannerWedgeOptions } from './detector'
import type { WedgeOptions } from './types'

/** pos-anchors.md §4.3: while the payment screen waits for a wallet code, nothing shorter is one. */
export const walletCodeMinLength = 16

export const wedgePresets = Object.freeze({
  standard: defaultWedgeOptions,
  slow: slowScannerWedgeOptions
})

export type WedgePreset = keyof typeof wedgePresets

/** Keys a scanner can be set to send after a code; the ones browsers report under these names. */
const terminatorSchema = z.enum(['Enter', 'Tab'])

/**
 * A prefix key: a named key a person never presses at a till (`F9`…`F24`), or one printable
 * character. pos-anchors.md §4.4: a prefix people also type (`*`) breaks their typing, so the
 * setup sheet should choose a function key.
 */
const prefixKeySchema = z.union([
  z.string().regex(/^F(?:[1-9]|1[0-9]|2[0-4])$/, { message: 'a function key F1-F24' }),
  z.string().regex(/^[\x21-\x7e]$/, { message: 'one printable ASCII character' })
])

/**
 * The `wedge` section of settings.json: a preset, and what the setup wizard calibrated. Every
 * field is optional; bounds keep a typo from turning every person into a scanner or back.
 */
export const wedgeSettingsSchema = z.strictObject({
  preset: z.enum(['standard', 'slow']).optional(),
  /** The calibrated gap (ms): clamp(2 × p95, 30, 200) by proposeMaxGap; 5-500 by hand. */
  maxGapMs: z.number().int().min(5).max(500).optional(),
  idleTimeoutMs: z.number().int().min(20).max(2000).optional(),
  minLength: z.number().int().min(1).max(256).optional(),
  paymentMinLength: z.number().int().min(1).max(256).optional(),
  /** Empty: the scanner sends no suffix and scans end when the keys stop. */
  terminators: z.array(terminatorSchema).max(2).optional(),
  prefix: z.array(prefixKeySchema).max(4).optional()
})

export type WedgeSettings = z.infer<typeof wedgeSettingsSchema>

/** Which screen listens: the amount screen takes any code, the payment screen only wallet codes. */
export type WedgeScreen = 'entry' | 'payment'

/**
 * The detector's options for a screen: the preset, then what settings say. A calibrated gap
 * longer than the preset's idle timeout moves the timeout with it, so a slow scanner's code is
 * not cut short before its next key could arrive.
 */
export function resolveWedgeOptions(settings: WedgeSettings, screen: WedgeScreen): WedgeOptions {
  const preset = wedgePresets[settings.preset ?? 'standard']
  const maxGapMs = settings.maxGapMs ?? preset.maxGapMs
  return {
    maxGapMs,
    minFastRun: preset.minFastRun,
    terminators: settings.terminators ?? preset.terminators,
    minLength:
      screen === 'payment'
        ? (settings.paymentMinLength ?? walletCodeMinLength)
        : (settings.minLength ?? preset.minLength),
    idleTimeoutMs: settings.idleTimeoutMs ?? Math.max(preset.idleTimeoutMs, maxGapMs + 50),
    prefix: settings.prefix ?? preset.prefix
  }
}
