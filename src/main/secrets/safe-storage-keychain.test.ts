import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeychainError, type Keychain } from './keychain';
import { createSafeStorageKeychain, withFallback, type SafeStorageApi } from './safe-storage-keychain';

// A fake of Electron's safeStorage following its documented contract: isEncryptionAvailable(), a Linux
// backend name, encryptString → Buffer, decryptString throws on data it did not produce.
function fakeSafeStorage(backend: ReturnType<SafeStorageApi['getSelectedStorageBackend']>, available = true): SafeStorageApi {
  const MAGIC = Buffer.from('v11');
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (s) => Buffer.concat([MAGIC, Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)]),
    decryptString: (b) => {
      if (!b.subarray(0, 3).equals(MAGIC)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(b.subarray(3).map((x) => x ^ 0x5a)).toString('utf8');
    },
  };
}

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'tapkey-safe-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const unavailable: Keychain = {
  description: 'absent keychain',
  get: () => Promise.reject(new KeychainError('unavailable', 'no secret service')),
  set: () => Promise.reject(new KeychainError('unavailable', 'no secret service')),
  delete: () => Promise.reject(new KeychainError('unavailable', 'no secret service')),
};

describe('safeStorage second store', () => {
  it('refuses to store anything when the backend is basic_text (plaintext in disguise)', async () => {
    const dir = tempDir();
    const store = createSafeStorageKeychain({ safeStorage: fakeSafeStorage('basic_text'), dir, platform: 'linux' });
    await expect(store.set('session', 'refresh-token-value')).rejects.toMatchObject({ problem: 'unavailable' });
    expect(readdirSync(dir)).toEqual([]);
    const off = createSafeStorageKeychain({ safeStorage: fakeSafeStorage('gnome_libsecret', false), dir, platform: 'linux' });
    await expect(off.set('session', 'x')).rejects.toMatchObject({ problem: 'unavailable' });
  });

  it('stores encrypted (never the plaintext) when OS-backed, and reports undecryptable data as corrupt', async () => {
    const dir = tempDir();
    const store = createSafeStorageKeychain({ safeStorage: fakeSafeStorage('unknown'), dir, platform: 'win32' });
    await store.set('session', '{"refreshToken":"refresh-token-value"}');
    expect(await store.get('session')).toBe('{"refreshToken":"refresh-token-value"}');
    expect(readFileSync(path.join(dir, 'session.bin')).toString('latin1')).not.toContain('refresh-token-value');
    const other = createSafeStorageKeychain({ safeStorage: { ...fakeSafeStorage('unknown'), decryptString: () => { throw new Error('bad'); } }, dir, platform: 'win32' });
    await expect(other.get('session')).rejects.toMatchObject({ problem: 'corrupt' });
    await store.delete('session');
    expect(await store.get('session')).toBeNull();
  });

  it('is used only when the keychain is unusable, and a double failure reports the keychain problem', async () => {
    const dir = tempDir();
    const second = createSafeStorageKeychain({ safeStorage: fakeSafeStorage('kwallet5'), dir, platform: 'linux' });
    const combined = withFallback(unavailable, second);
    await combined.set('session', 'v1');
    expect(await combined.get('session')).toBe('v1');
    await combined.delete('session');
    expect(await combined.get('session')).toBeNull();

    const none = withFallback(unavailable, createSafeStorageKeychain({ safeStorage: fakeSafeStorage('basic_text'), dir, platform: 'linux' }));
    const err = await none.set('session', 'v').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeychainError);
    expect((err as KeychainError).message).toContain('no secret service');
    expect(readdirSync(dir)).toEqual([]);
  });
});
