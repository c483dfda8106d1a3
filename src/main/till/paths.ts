import { homedir } from 'node:os'
import { join } from 'node:path'

/** One environment variable moves the journal, settings and keys (issue 2 §6). */
export const dataDirEnv = 'QR_TILL_DATA_DIR'

/** The folder name under the per-user data folder; Electron's `userData` uses the product name. */
export const appFolderName = 'QR Till'

/**
 * Where QR Till keeps its data. Mirrors Electron's `app.getPath('userData')` so the Electron shell
 * and the web host share one journal on the same machine.
 */
export function resolveDataDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir()
): string {
  const override = env[dataDirEnv]
  if (override !== undefined && override !== '') return override
  switch (platform) {
    case 'win32':
      return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), appFolderName)
    case 'darwin':
      return join(home, 'Library', 'Application Support', appFolderName)
    default:
      return join(env['XDG_CONFIG_HOME'] || join(home, '.config'), appFolderName)
  }
}

export interface DataFiles {
  readonly dir: string
  readonly journal: string
  readonly settings: string
  readonly keysDir: string
  /**
   * The PEM files in `keysDir` the gateway keys are kept in when not imported into the secret
   * store: earlier versions and hand installs (see the README).
   */
  readonly keyFiles: Readonly<Record<'app-private-key' | 'gateway-public-key', string>>
}

export function dataFiles(dir: string): DataFiles {
  return {
    dir,
    journal: join(dir, 'journal.sqlite'),
    settings: join(dir, 'settings.json'),
    keysDir: join(dir, 'keys'),
    keyFiles: {
      'app-private-key': join(dir, 'keys', 'app-private.pem'),
      'gateway-public-key': join(dir, 'keys', 'gateway-public.pem')
    }
  }
}
