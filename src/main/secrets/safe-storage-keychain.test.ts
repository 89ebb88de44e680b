import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeychainError, type Keychain } from './keychain';
import {
  createSafeStorageKeychain,
  safeStorageIsOsBacked,
  withFallback,
  type SafeStorageApi,
} from './safe-storage-keychain';
import { useTempDirs } from '../../../test/support/temp-dirs';

// A fake of Electron's safeStorage following its documented contract: isEncryptionAvailable(), a Linux
// backend name, encryptString → Buffer, decryptString throws on data it did not produce.
function fakeSafeStorage(
  backend: ReturnType<SafeStorageApi['getSelectedStorageBackend']>,
  available = true,
): SafeStorageApi {
  const MAGIC = Buffer.from('v11');
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (s) => Buffer.concat([MAGIC, Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)]),
    decryptString: (b) => {
      if (!b.subarray(0, 3).equals(MAGIC))
        throw new Error(
          'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
        );
      return Buffer.from(b.subarray(3).map((x) => x ^ 0x5a)).toString('utf8');
    },
  };
}

const tempDir = useTempDirs('tapkey-safe-');

/** A safeStorage store in `dir` over the fake with `backend`, on `platform`, encryption available unless said. */
const storeIn = (
  dir: string,
  backend: Parameters<typeof fakeSafeStorage>[0],
  platform: NodeJS.Platform = 'linux',
  available = true,
) => createSafeStorageKeychain({ safeStorage: fakeSafeStorage(backend, available), dir, platform });

const unavailable: Keychain = {
  description: 'absent keychain',
  get: () => Promise.reject(new KeychainError('unavailable', 'no secret service')),
  set: () => Promise.reject(new KeychainError('unavailable', 'no secret service')),
  delete: () => Promise.reject(new KeychainError('unavailable', 'no secret service')),
};

describe('safeStorage second store', () => {
  it('refuses to store anything when the backend is basic_text (plaintext in disguise)', async () => {
    const dir = tempDir();
    const store = storeIn(dir, 'basic_text');
    await expect(store.set('session', 'refresh-token-value')).rejects.toMatchObject({
      problem: 'unavailable',
    });
    expect(readdirSync(dir)).toEqual([]);
    const off = storeIn(dir, 'gnome_libsecret', 'linux', false);
    await expect(off.set('session', 'x')).rejects.toMatchObject({ problem: 'unavailable' });
  });

  it('stores encrypted (never the plaintext) when OS-backed, and reports undecryptable data as corrupt', async () => {
    const dir = tempDir();
    const store = storeIn(dir, 'unknown', 'win32');
    await store.set('session', '{"refreshToken":"refresh-token-value"}');
    expect(await store.get('session')).toBe('{"refreshToken":"refresh-token-value"}');
    expect(readFileSync(path.join(dir, 'session.bin')).toString('latin1')).not.toContain(
      'refresh-token-value',
    );
    const other = createSafeStorageKeychain({
      safeStorage: {
        ...fakeSafeStorage('unknown'),
        decryptString: () => {
          throw new Error('bad');
        },
      },
      dir,
      platform: 'win32',
    });
    await expect(other.get('session')).rejects.toMatchObject({ problem: 'corrupt' });
    await store.delete('session');
    expect(await store.get('session')).toBeNull();
  });

  it('is used only when the keychain is unusable, and a double failure reports the keychain problem', async () => {
    const dir = tempDir();
    const second = storeIn(dir, 'kwallet5');
    const combined = withFallback(unavailable, second);
    await combined.set('session', 'v1');
    expect(await combined.get('session')).toBe('v1');
    await combined.delete('session');
    expect(await combined.get('session')).toBeNull();

    const none = withFallback(unavailable, storeIn(dir, 'basic_text'));
    const err = await none.set('session', 'v').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeychainError);
    expect((err as KeychainError).message).toContain('no secret service');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('safeStorage second store, details', () => {
  it('counts as OS-backed only with encryption available and, on Linux, a real backend', () => {
    expect(safeStorageIsOsBacked(fakeSafeStorage('unknown', false), 'darwin')).toBe(false);
    expect(safeStorageIsOsBacked(fakeSafeStorage('unknown'), 'darwin')).toBe(true);
    expect(safeStorageIsOsBacked(fakeSafeStorage('unknown'), 'win32')).toBe(true);
    expect(safeStorageIsOsBacked(fakeSafeStorage('unknown'), 'linux')).toBe(false);
    expect(safeStorageIsOsBacked(fakeSafeStorage('basic_text'), 'linux')).toBe(false);
    expect(safeStorageIsOsBacked(fakeSafeStorage('gnome_libsecret'), 'linux')).toBe(true);
    expect(safeStorageIsOsBacked(fakeSafeStorage('kwallet5'), 'linux')).toBe(true);
  });

  it('refuses to read when not OS-backed, with a message that says why', async () => {
    const store = storeIn(tempDir(), 'basic_text');
    expect(store.description).toBe('Electron safeStorage (OS-backed encryption)');
    const e = await store.get('session').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(KeychainError);
    expect(e).toMatchObject({
      problem: 'unavailable',
      message:
        'safeStorage has no OS-backed encryption here (basic_text); refusing to store secrets',
    });
  });

  it('creates its folder (nested, private), writes the blob private and atomically, one file per safe account name', async () => {
    const dir = path.join(tempDir(), 'profile', 'secrets');
    const store = storeIn(dir, 'gnome_libsecret');
    await store.set('team/a b', 'v1');
    expect(readdirSync(dir)).toEqual(['team_a_b.bin']);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, 'team_a_b.bin')).mode & 0o777).toBe(0o600);
    expect(await store.get('team/a b')).toBe('v1');
    await store.set('team/a b', 'v2');
    expect(readdirSync(dir)).toEqual(['team_a_b.bin']);
    expect(await store.get('team/a b')).toBe('v2');
    expect(await store.get('Other-1.x')).toBeNull();
  });

  it('reports an unreadable blob as unavailable, and an undecryptable one as corrupt', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'session.bin'));
    const store = storeIn(dir, 'gnome_libsecret');
    const e = await store.get('session').catch((err: unknown) => err);
    expect(e).toMatchObject({ problem: 'unavailable', cause: { code: 'EISDIR' } });
    expect((e as Error).message).toMatch(/^could not read the encrypted sign-in: EISDIR/);
    writeFileSync(path.join(dir, 'other.bin'), 'not encrypted');
    const corrupt = await store.get('other').catch((err: unknown) => err);
    expect(corrupt).toMatchObject({
      problem: 'corrupt',
      message: 'the encrypted sign-in could not be decrypted',
    });
    expect((corrupt as Error).cause).toBeInstanceOf(Error);
  });

  it('deletes even where encryption is unusable, and deleting nothing is fine', async () => {
    const dir = tempDir();
    await storeIn(dir, 'kwallet5').set('session', 'v');
    const unusable = storeIn(dir, 'basic_text');
    await unusable.delete('session');
    expect(readdirSync(dir)).toEqual([]);
    await unusable.delete('session');
  });
});

// A keychain in memory whose calls can be made to fail with a chosen problem.
function memoryKeychain(description: string) {
  const values = new Map<string, string>();
  const failing: { get?: unknown; set?: unknown; delete?: unknown } = {};
  const kc: Keychain = {
    description,
    get: async (a) => {
      if (failing.get) throw failing.get;
      return values.get(a) ?? null;
    },
    set: async (a, v) => {
      if (failing.set) throw failing.set;
      values.set(a, v);
    },
    delete: async (a) => {
      if (failing.delete) throw failing.delete;
      values.delete(a);
    },
  };
  return { kc, values, failing };
}

describe('keychain with a second store', () => {
  const problem = (p: 'unavailable' | 'locked' | 'corrupt') =>
    new KeychainError(p, `keychain ${p}`);
  /** The keychain `a` in front of the second store `b`, each in memory. */
  const fallbackPair = () => {
    const a = memoryKeychain('A');
    const b = memoryKeychain('B');
    return { a, b, both: withFallback(a.kc, b.kc) };
  };
  /** What `p` fails with (or what it answers, where a failure was expected and none came). */
  const thrownBy = (p: Promise<unknown>) => p.catch((e: unknown) => e);

  it('names both stores', () => {
    expect(withFallback(memoryKeychain('A').kc, memoryKeychain('B').kc).description).toBe(
      'A, else B',
    );
  });

  it('uses the keychain while it works, and clears the second store behind it', async () => {
    const { a, b, both } = fallbackPair();
    b.values.set('session', 'old');
    await both.set('session', 'new');
    expect(a.values.get('session')).toBe('new');
    expect(b.values.has('session')).toBe(false);
    expect(await both.get('session')).toBe('new');
    // A second store that cannot be cleared does not fail a write that reached the keychain.
    b.failing.delete = problem('unavailable');
    await both.set('session', 'newer');
    expect(a.values.get('session')).toBe('newer');
  });

  it('reads the second store when the keychain has nothing, and treats its failure then as nothing', async () => {
    const { b, both } = fallbackPair();
    b.values.set('session', 'saved-while-locked');
    expect(await both.get('session')).toBe('saved-while-locked');
    b.failing.get = problem('unavailable');
    expect(await both.get('session')).toBeNull();
  });

  it('falls back only for an unusable keychain, never for a corrupt entry or an unexpected error', async () => {
    const { a, b, both } = fallbackPair();
    b.values.set('session', 'from-b');
    a.failing.get = problem('locked');
    expect(await both.get('session')).toBe('from-b');
    b.failing.get = problem('unavailable');
    expect(await thrownBy(both.get('session'))).toBe(a.failing.get);
    a.failing.get = problem('corrupt');
    expect(await thrownBy(both.get('session'))).toBe(a.failing.get);
    // A corrupt keychain entry is reported even when the second store has a value: it may be stale.
    b.failing.get = undefined;
    expect(await thrownBy(both.get('session'))).toBe(a.failing.get);
    const unexpected = new TypeError('bug');
    a.failing.set = unexpected;
    expect(await thrownBy(both.set('session', 'v'))).toBe(unexpected);
    a.failing.set = problem('corrupt');
    expect(await thrownBy(both.set('session', 'v'))).toBe(a.failing.set);
    a.failing.set = problem('locked');
    await both.set('session', 'v2');
    expect(b.values.get('session')).toBe('v2');
  });

  it('deletes from both, and reports any failure that may leave the sign-in behind', async () => {
    const { a, b, both } = fallbackPair();
    a.values.set('session', '1');
    b.values.set('session', '2');
    await both.delete('session');
    expect([a.values.size, b.values.size]).toEqual([0, 0]);
    // No keychain at all: nothing can be stored there, so only the second store counts.
    a.failing.delete = problem('unavailable');
    await both.delete('session');
    b.failing.delete = new Error('EACCES');
    expect(await thrownBy(both.delete('session'))).toBe(b.failing.delete);
    // A locked keychain may still hold the sign-in: reported even when the second store was cleared.
    a.failing.delete = problem('locked');
    b.failing.delete = undefined;
    expect(await thrownBy(both.delete('session'))).toBe(a.failing.delete);
    a.failing.delete = new Error('unexpected');
    expect(await thrownBy(both.delete('session'))).toBe(a.failing.delete);
    b.failing.delete = new Error('EACCES');
    expect(await thrownBy(both.delete('session'))).toBe(a.failing.delete);
  });
});
