import { createHash } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import type { BrowseSnapshot } from '../../shared/model';
import { writeFileAtomic } from '../fs/atomic-write';
import type { Logger } from '../log';
import type { Keychain } from '../secrets/keychain';
import { newSnapshotKey, openSnapshot, sealSnapshot, SNAPSHOT_KEY_BYTES } from './snapshot-cipher';

/** Whose snapshot it is: the servers of the sign-in and the sign-in itself. Another binding never opens it. */
export interface SnapshotBinding {
  issuer: string;
  clientId: string;
  apiBaseUrl: string;
  /** The sign-in's id (made at login) or the ID token's subject. */
  signIn: string;
}

/** Why there is no snapshot to show; every reason but `absent` deletes the file. */
export type NoSnapshot =
  'absent' | 'no-key' | 'keychain' | 'unreadable' | 'too-large' | 'invalid' | 'clock';

/** A load's outcome: the snapshot, or why there is none (for the log; the user is told nothing alarming). */
export type SnapshotLoad =
  { kind: 'found'; snapshot: BrowseSnapshot } | { kind: 'none'; why: NoSnapshot };

/** The encrypted last-known snapshot of one profile folder. */
export interface SnapshotStore {
  load(binding: SnapshotBinding): Promise<SnapshotLoad>;
  save(binding: SnapshotBinding, snapshot: BrowseSnapshot): Promise<void>;
  /** Deletes the file and its key; resolves when neither exists. */
  remove(): Promise<void>;
}

export interface SnapshotStoreOptions {
  file: string;
  keychain: Keychain;
  log: Logger;
  now?: () => number;
  /** Files larger than this are not read (default 512 MiB, far above 200 accounts of 2,000 locks). */
  maxBytes?: number;
}

/** What the file holds once decrypted: the snapshot and when it was written. */
interface SnapshotFile {
  v: 1;
  savedAt: number;
  snapshot: BrowseSnapshot;
}

/**
 * The keychain account of a snapshot file's key: one per file, so two profile folders sharing a keychain
 * service never overwrite each other's key.
 */
export function snapshotKeyAccount(file: string): string {
  return `snapshot-key-${createHash('sha256').update(file).digest('hex').slice(0, 16)}`;
}

/** The binding as the additional data GCM authenticates: one canonical string. */
function bindingText(b: SnapshotBinding): string {
  return JSON.stringify([b.issuer, b.clientId, b.apiBaseUrl, b.signIn]);
}

function decodeKey(text: string): Buffer | null {
  const key = Buffer.from(text, 'base64');
  return key.length === SNAPSHOT_KEY_BYTES ? key : null;
}

/**
 * The shape check after decryption. The GCM tag already proves this process's code wrote the bytes, so this
 * guards against a snapshot written by another version of the app, not against an attacker.
 */
function parseSnapshotFile(plain: Buffer): SnapshotFile | null {
  let json: unknown;
  try {
    json = JSON.parse(plain.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null) return null;
  const f = json as Partial<SnapshotFile>;
  const s = f.snapshot;
  if (f.v !== 1 || typeof f.savedAt !== 'number' || typeof s !== 'object' || s === null)
    return null;
  if (
    typeof s.asOf !== 'number' ||
    !Array.isArray(s.accounts?.accounts) ||
    !Array.isArray(s.locks) ||
    !s.locks.every((l) => typeof l?.ownerAccountId === 'string' && Array.isArray(l.locks)) ||
    (s.selectedId !== null && typeof s.selectedId !== 'string')
  )
    return null;
  return f as SnapshotFile;
}

/** Opens the snapshot store of `file`: AES-256-GCM under a random key kept in the keychain, written atomically, 0600. */
export function createSnapshotStore(options: SnapshotStoreOptions): SnapshotStore {
  const { file, keychain, log } = options;
  const now = options.now ?? Date.now;
  const maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
  const account = snapshotKeyAccount(file);

  const dropFile = () => rm(file, { force: true });

  const none = async (why: NoSnapshot): Promise<SnapshotLoad> => {
    if (why !== 'absent') {
      log.info('snapshot not used; deleted', { why });
      await dropFile().catch((e: unknown) => log.warn('could not delete snapshot', { error: e }));
    }
    return { kind: 'none', why };
  };

  return {
    async load(binding) {
      let size: number;
      try {
        size = (await stat(file)).size;
      } catch {
        return { kind: 'none', why: 'absent' };
      }
      if (size > maxBytes) return none('too-large');
      let keyText: string | null;
      try {
        keyText = await keychain.get(account);
      } catch {
        // A locked or broken keychain: no snapshot this time, and nothing to say about it.
        return none('keychain');
      }
      const key = keyText === null ? null : decodeKey(keyText);
      if (!key) return none('no-key');
      let sealed: Buffer;
      try {
        sealed = await readFile(file);
      } catch {
        return none('unreadable');
      }
      const plain = openSnapshot(sealed, key, bindingText(binding));
      if (!plain) return none('unreadable');
      const parsed = parseSnapshotFile(plain);
      if (!parsed) return none('invalid');
      // Written "in the future": the clock moved backwards, so its age (the "as of") cannot be trusted.
      if (parsed.savedAt > now() || parsed.snapshot.asOf > now()) return none('clock');
      return { kind: 'found', snapshot: parsed.snapshot };
    },

    async save(binding, snapshot) {
      const stored = await keychain.get(account);
      let key = stored === null ? null : decodeKey(stored);
      if (!key) {
        key = newSnapshotKey();
        await keychain.set(account, key.toString('base64'));
      }
      const body: SnapshotFile = { v: 1, savedAt: now(), snapshot };
      await writeFileAtomic(
        file,
        sealSnapshot(Buffer.from(JSON.stringify(body), 'utf8'), key, bindingText(binding)),
      );
    },

    async remove() {
      await dropFile();
      await keychain.delete(account);
    },
  };
}

/** A core without a profile folder (tests, a bare CLI) keeps no snapshot. */
export const noSnapshotStore: SnapshotStore = {
  load: async () => ({ kind: 'none', why: 'absent' }),
  save: async () => undefined,
  remove: async () => undefined,
};
