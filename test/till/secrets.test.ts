import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createFileSecretStore,
  createSafeStorageSecretStore,
  SecretStoreError
} from '../../src/main/till/secrets'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()
const pem = '-----BEGIN PRIVATE KEY-----\nMIIabc\n-----END PRIVATE KEY-----\n'

afterEach(() => {
  vi.resetModules()
  vi.doUnmock('electron')
})

describe('file secret store', () => {
  it('keeps each secret in a 0600 file inside a 0700 folder, even one that was wider', () => {
    const dir = join(tempDir(), 'secrets')
    mkdirSync(dir, { mode: 0o755 })
    chmodSync(dir, 0o755)
    const store = createFileSecretStore(dir)
    expect(store.has('app-private-key')).toBe(false)
    expect(store.get('app-private-key')).toBeNull()
    store.set('app-private-key', pem)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, 'app-private-key')).mode & 0o777).toBe(0o600)
    expect(store.get('app-private-key')).toBe(pem)
    expect(store.has('app-private-key')).toBe(true)
    store.set('app-private-key', 'replaced')
    expect(store.get('app-private-key')).toBe('replaced')
    expect(readdirSync(dir)).toEqual(['app-private-key'])
    store.delete('app-private-key')
    expect(store.has('app-private-key')).toBe(false)
  })
})

/** The Electron store, with `electron` mocked as test/electron/* do (it cannot run here). */
async function mockedSafeStorage(
  available: boolean,
  /** Linux only: Electron has no `getSelectedStorageBackend` elsewhere. */
  linuxBackend?: string
): Promise<{
  isEncryptionAvailable: () => boolean
  encryptString: (text: string) => Buffer
  decryptString: (blob: Buffer) => string
}> {
  vi.doMock('electron', () => ({
    safeStorage: {
      isEncryptionAvailable: vi.fn(() => available),
      ...(linuxBackend === undefined
        ? {}
        : { getSelectedStorageBackend: vi.fn(() => linuxBackend) }),
      // A reversible stand-in for the OS keychain's cipher: not the plain text on disk.
      encryptString: vi.fn((text: string) =>
        Buffer.from(`enc:${Buffer.from(text).toString('base64')}`)
      ),
      decryptString: vi.fn((blob: Buffer) =>
        Buffer.from(blob.toString().replace(/^enc:/, ''), 'base64').toString()
      )
    }
  }))
  const electron = (await import('electron')) as unknown as {
    safeStorage: Awaited<ReturnType<typeof mockedSafeStorage>>
  }
  return electron.safeStorage
}

describe('safeStorage secret store', () => {
  it('stores only the cipher text, owner-only, and reads it back through safeStorage', async () => {
    const safeStorage = await mockedSafeStorage(true)
    const dir = join(tempDir(), 'secrets')
    const store = createSafeStorageSecretStore(dir, safeStorage)
    store.set('gateway-public-key', pem)
    const file = join(dir, 'gateway-public-key.enc')
    expect(readFileSync(file, 'utf8')).not.toContain('PRIVATE KEY')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(store.get('gateway-public-key')).toBe(pem)
    expect(safeStorage.encryptString).toHaveBeenCalledWith(pem)
  })

  it('refuses to store when the OS offers no encryption, and writes nothing', async () => {
    const safeStorage = await mockedSafeStorage(false)
    const dir = join(tempDir(), 'secrets')
    const store = createSafeStorageSecretStore(dir, safeStorage)
    expect(() => store.set('app-private-key', pem)).toThrow(SecretStoreError)
    expect(() => store.set('app-private-key', pem)).toThrow(/no encryption.*keyring/)
    expect(safeStorage.encryptString).not.toHaveBeenCalled()
    expect(store.has('app-private-key')).toBe(false)
  })

  it('refuses Linux without a keyring, where Electron "encrypts" with a key every copy shares', async () => {
    // isEncryptionAvailable() is true on the basic_text backend: its key is the hard-coded
    // password of Chromium's source, so the file would be as readable as plain text.
    const safeStorage = await mockedSafeStorage(true, 'basic_text')
    const dir = join(tempDir(), 'secrets')
    const store = createSafeStorageSecretStore(dir, safeStorage)
    expect(() => store.set('app-private-key', pem)).toThrow(
      expect.objectContaining({ name: 'SecretStoreError', noEncryption: true })
    )
    expect(safeStorage.encryptString).not.toHaveBeenCalled()
    expect(store.has('app-private-key')).toBe(false)
  })

  it('stores with a Linux keyring (libsecret, kwallet)', async () => {
    const safeStorage = await mockedSafeStorage(true, 'gnome_libsecret')
    const store = createSafeStorageSecretStore(join(tempDir(), 'secrets'), safeStorage)
    store.set('app-private-key', pem)
    expect(store.get('app-private-key')).toBe(pem)
  })
})
