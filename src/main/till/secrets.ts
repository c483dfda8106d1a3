import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync
} from 'node:fs'
import { dirname, join } from 'node:path'
import type { SecretStorage } from '../../shared/contract/settings-admin'

/** The secrets the till keeps. The names are file names too, so they stay a closed set. */
export const secretNames = ['app-private-key', 'gateway-public-key'] as const
export type SecretName = (typeof secretNames)[number]

/**
 * Where secrets live: never in settings.json, never sent to a screen, never logged. Synchronous,
 * because the till reads its keys once while it boots and Electron's safeStorage is synchronous.
 */
export interface SecretStore {
  /** Where and how secrets are kept, for the settings screen to say in its language. */
  readonly storage: SecretStorage
  get(name: SecretName): string | null
  has(name: SecretName): boolean
  /** Stores durably (temp file, fsync, rename); throws SecretStoreError when it cannot. */
  set(name: SecretName, value: string): void
  delete(name: SecretName): void
}

export class SecretStoreError extends Error {
  override readonly name = 'SecretStoreError'
  /** True when the operating system offers no encryption (Linux with no keyring running). */
  readonly noEncryption: boolean

  constructor(message: string, options: { noEncryption?: boolean } = {}) {
    super(message)
    this.noEncryption = options.noEncryption ?? false
  }
}

export function secretsDirOf(dataDir: string): string {
  return join(dataDir, 'secrets')
}

/**
 * The web host's store: one file per secret, mode 0600, in a folder of mode 0700, so only the
 * user the till runs as can read them (the same protection as `keys/` and an SSH key).
 */
export function createFileSecretStore(dir: string): SecretStore {
  return blobStore(dir, '', {
    storage: { kind: 'owner-only-files', dir },
    encode: (value) => Buffer.from(value, 'utf8'),
    decode: (blob) => blob.toString('utf8')
  })
}

/** The part of Electron's `safeStorage` the store uses; app.ts passes the real one. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
  /** Linux only (absent elsewhere): the keyring Chromium picked, `basic_text` for none. */
  getSelectedStorageBackend?(): string
}

/**
 * The Electron store: each secret encrypted with the OS keychain through `safeStorage` (Keychain,
 * DPAPI, libsecret/kwallet), the cipher text in an owner-only file. With no encryption available
 * (Linux with no keyring) it refuses to store rather than fall back to plain text.
 *
 * On Linux with no keyring, `isEncryptionAvailable()` still says true: Chromium's `basic_text`
 * backend encrypts with a password written in its source, the same for every install, which
 * protects nothing (Electron's safeStorage docs). That backend counts as no encryption.
 */
export function createSafeStorageSecretStore(
  dir: string,
  safeStorage: SafeStorageLike
): SecretStore {
  return blobStore(dir, '.enc', {
    storage: { kind: 'os-keychain', dir },
    encode: (value) => {
      if (
        !safeStorage.isEncryptionAvailable() ||
        safeStorage.getSelectedStorageBackend?.() === 'basic_text'
      ) {
        throw new SecretStoreError(
          'The operating system offers no encryption for secrets (on Linux: no keyring such as ' +
            'gnome-keyring or kwallet is running), so the key was not stored. Start a keyring ' +
            'and import the key again, or install the key files in the keys folder by hand.',
          { noEncryption: true }
        )
      }
      return safeStorage.encryptString(value)
    },
    decode: (blob) => safeStorage.decryptString(blob)
  })
}

function blobStore(
  dir: string,
  suffix: string,
  codec: {
    storage: SecretStorage
    encode: (value: string) => Buffer
    decode: (blob: Buffer) => string
  }
): SecretStore {
  const pathOf = (name: SecretName): string => join(dir, `${name}${suffix}`)
  const read = (name: SecretName): Buffer | null => {
    try {
      return readFileSync(pathOf(name))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw new SecretStoreError(
        `The stored ${name} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`
      )
    }
  }
  return {
    storage: codec.storage,
    get(name) {
      const blob = read(name)
      return blob === null ? null : codec.decode(blob)
    },
    has: (name) => read(name) !== null,
    set(name, value) {
      const blob = codec.encode(value)
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      // mkdir's mode is masked by the umask and ignored for a folder that exists: set it.
      chmodSync(dir, 0o700)
      writeAtomically(pathOf(name), blob, 0o600)
    },
    delete(name) {
      rmSync(pathOf(name), { force: true })
    }
  }
}

/**
 * Writes `path` so that a crash leaves the old file or the new one, never half of either: a temp
 * file beside it, flushed to disk, renamed over it (rename is atomic on one file system).
 */
export function writeAtomically(path: string, data: string | Buffer, mode = 0o600): void {
  const temp = `${path}.${process.pid}.tmp`
  const fd = openSync(temp, 'w', mode)
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    let written = 0
    while (written < bytes.length) written += writeSync(fd, bytes, written)
    fsyncSync(fd)
  } catch (error) {
    closeSync(fd)
    rmSync(temp, { force: true })
    throw error
  }
  closeSync(fd)
  chmodSync(temp, mode)
  renameSync(temp, path)
  syncFolder(dirname(path))
}

/** Makes the rename itself durable (POSIX); Windows cannot open a folder, and needs no such step. */
function syncFolder(dir: string): void {
  let fd: number
  try {
    fd = openSync(dir, 'r')
  } catch {
    return
  }
  try {
    fsyncSync(fd)
  } catch {
    // Some file systems refuse fsync on a folder; the rename has happened either way.
  } finally {
    closeSync(fd)
  }
}
