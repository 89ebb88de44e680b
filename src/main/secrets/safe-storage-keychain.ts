import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import { writeFileAtomic } from '../fs/atomic-write';
import { KeychainError, type Keychain } from './keychain';

/** The parts of Electron's safeStorage this store uses. */
export type SafeStorageApi = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

/** Options for the safeStorage-backed store. */
export interface SafeStorageKeychainOptions {
  safeStorage: SafeStorageApi;
  /** Directory for the encrypted blobs, inside the user's profile. */
  dir: string;
  platform: NodeJS.Platform;
}

/**
 * True only when safeStorage encrypts with a real OS store: Keychain on macOS, DPAPI on Windows, a Secret
 * Service or KWallet on Linux. Linux's `basic_text` is a hard-coded key, i.e. plaintext in disguise.
 */
export function safeStorageIsOsBacked(s: SafeStorageApi, platform: NodeJS.Platform): boolean {
  if (!s.isEncryptionAvailable()) return false;
  if (platform !== 'linux') return true;
  const backend = s.getSelectedStorageBackend();
  return backend !== 'basic_text' && backend !== 'unknown';
}

const fileName = (account: string) => `${account.replace(/[^A-Za-z0-9._-]/g, '_')}.bin`;

/** A second store for when keytar fails: values encrypted by Electron's safeStorage, refused unless OS-backed. */
export function createSafeStorageKeychain(options: SafeStorageKeychainOptions): Keychain {
  const { safeStorage, dir, platform } = options;
  const usable = () => {
    if (!safeStorageIsOsBacked(safeStorage, platform)) {
      throw new KeychainError(
        'unavailable',
        'safeStorage has no OS-backed encryption here (basic_text); refusing to store secrets',
      );
    }
  };
  return {
    description: 'Electron safeStorage (OS-backed encryption)',
    async get(account) {
      usable();
      let blob: Buffer;
      try {
        blob = await readFile(path.join(dir, fileName(account)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw new KeychainError(
          'unavailable',
          `could not read the encrypted sign-in: ${(e as Error).message}`,
          { cause: e },
        );
      }
      try {
        return safeStorage.decryptString(blob);
      } catch (e) {
        throw new KeychainError('corrupt', 'the encrypted sign-in could not be decrypted', {
          cause: e,
        });
      }
    },
    async set(account, value) {
      usable();
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, fileName(account));
      await writeFileAtomic(file, safeStorage.encryptString(value));
    },
    async delete(account) {
      // Removing needs no encryption: a stale blob is deleted even where safeStorage became unusable.
      await rm(path.join(dir, fileName(account)), { force: true });
    },
  };
}

/**
 * The OS keychain first; the second store only when the keychain itself cannot be used (absent, locked,
 * refused, not answering). A failure of both reports the keychain's problem, which is what the user can fix.
 */
export function withFallback(primary: Keychain, secondary: Keychain): Keychain {
  const fallsBack = (e: unknown) => e instanceof KeychainError && e.problem !== 'corrupt';
  return {
    description: `${primary.description}, else ${secondary.description}`,
    async get(account) {
      try {
        const value = await primary.get(account);
        if (value !== null) return value;
      } catch (e) {
        if (!fallsBack(e)) throw e;
        return secondary.get(account).catch(() => {
          throw e;
        });
      }
      // Nothing in the keychain: a sign-in saved while it was unavailable may be in the second store.
      return secondary.get(account).catch(() => null);
    },
    async set(account, value) {
      try {
        await primary.set(account, value);
        await secondary.delete(account).catch(() => {});
      } catch (e) {
        if (!fallsBack(e)) throw e;
        await secondary.set(account, value).catch(() => {
          throw e;
        });
      }
    },
    async delete(account) {
      const [first, second] = await Promise.allSettled([
        primary.delete(account),
        secondary.delete(account),
      ]);
      // An absent keychain holds nothing to forget; a locked, refusing or silent one may still hold the sign-in,
      // so its failure is reported even when the second store was cleared.
      const absent = (e: unknown) => e instanceof KeychainError && e.problem === 'unavailable';
      if (first.status === 'rejected' && !absent(first.reason)) throw first.reason;
      if (second.status === 'rejected') throw second.reason;
    },
  };
}
