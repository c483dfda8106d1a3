import type { z } from 'zod'
import type { settingsPatchSchema } from '../../shared/contract/settings-admin'
import type { DataFiles } from './paths'
import { writeAtomically } from './secrets'
import { readSettingsFile, settingsFileSchema, SettingsError, type SettingsFile } from './settings'

export type ParsedSettingsPatch = z.output<typeof settingsPatchSchema>

/**
 * settings.json, read and written whole. The schema is strict: a file with a field the till does
 * not know, or a value out of bounds, is refused with a message naming the field, never replaced
 * by defaults, so a manager's typo cannot silently put a till back on the sandbox.
 */
export interface SettingsStore {
  readonly path: string
  /** The file as it is on disk now (absent: `{}`); throws SettingsError when it is malformed. */
  read(): SettingsFile
  /** Validates `file` against the schema, then replaces settings.json atomically. */
  write(file: SettingsFile): void
}

export function createSettingsStore(files: Pick<DataFiles, 'settings'>): SettingsStore {
  return {
    path: files.settings,
    read: () => readSettingsFile(files.settings),
    write(file) {
      const checked = checkSettingsFile(file)
      // Owner-only like the rest of the data folder: the file names the merchant account.
      writeAtomically(files.settings, `${JSON.stringify(checked, null, 2)}\n`, 0o600)
    }
  }
}

/** The file as the schema reads it back, or a SettingsError listing every problem. */
export function checkSettingsFile(file: unknown): SettingsFile {
  const parsed = settingsFileSchema.safeParse(file)
  if (parsed.success) return parsed.data
  throw new SettingsError(
    `The settings were not saved: ${parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ')}`,
    parsed.error.issues.map((issue) => issue.path.join('.') || '(root)')
  )
}

/**
 * `file` with `patch` laid over it. Objects merge one level deep (a patch of one payment number
 * keeps the others); the method rules are replaced whole (their order is their meaning). A gateway
 * account keeps the file's transport options (path suffixes, encoding, timeouts); `null` removes
 * the gateway: the sandbox.
 */
export function applyPatch(file: SettingsFile, patch: ParsedSettingsPatch): SettingsFile {
  const next: SettingsFile = { ...file }
  if (patch.shopName !== undefined) next.shopName = patch.shopName
  if (patch.currency !== undefined) next.currency = patch.currency
  if (patch.language !== undefined) next.language = patch.language
  if (patch.methodRules !== undefined) next.methodRules = patch.methodRules
  if (patch.payments !== undefined) next.payments = { ...file.payments, ...patch.payments }
  if (patch.wedge !== undefined) next.wedge = { ...file.wedge, ...patch.wedge }
  if (patch.customerDisplay !== undefined) {
    next.customerDisplay = { ...file.customerDisplay, ...patch.customerDisplay }
  }
  if (patch.gateway === null) delete next.gateway
  else if (patch.gateway !== undefined) next.gateway = { ...file.gateway, ...patch.gateway }
  return next
}
