import { createHash } from 'node:crypto';
import { open, rm, stat } from 'node:fs/promises';
import { setImmediate } from 'node:timers/promises';
import type { BoundLock, BrowseSnapshot, SnapshotAccountLocks } from '../../shared/model';
import { writeFileAtomic } from '../fs/atomic-write';
import type { Logger } from '../log';
import type { Keychain } from '../secrets/keychain';
import { newSnapshotKey, openPart, sealPart, SNAPSHOT_KEY_BYTES } from './snapshot-cipher';
import { packParts, partTable, readPart } from './snapshot-file';

/** Whose snapshot it is: the servers of the sign-in and the sign-in itself. Another binding never opens it. */
export interface SnapshotBinding {
  issuer: string;
  clientId: string;
  apiBaseUrl: string;
  /** The sign-in's id (made at login) or the ID token's subject. */
  signIn: string;
}

/** Why there is no snapshot to show; every reason but `absent` deletes the file. */
type NoSnapshot =
  'absent' | 'no-key' | 'keychain' | 'unreadable' | 'too-large' | 'invalid' | 'clock';

/** A load's outcome: the snapshot, or why there is none (for the log; the user is told nothing alarming). */
type SnapshotLoad = { kind: 'found'; snapshot: BrowseSnapshot } | { kind: 'none'; why: NoSnapshot };

/**
 * Which accounts' locks to read, given the accounts and the selection: the head alone is read first, then only
 * the parts of these (a start needs the account it shows; the rest follow).
 */
export type SnapshotPick = (accountIds: readonly string[], selectedId: string | null) => string[];

/** The encrypted last-known snapshot of one profile folder. */
export interface SnapshotStore {
  /** The snapshot with the locks of the accounts `pick` names (default: every account). */
  load(binding: SnapshotBinding, pick?: SnapshotPick): Promise<SnapshotLoad>;
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

/** The first part, once decrypted: everything but the locks, and where each account's locks are. */
interface SnapshotHead {
  v: 2;
  savedAt: number;
  asOf: number;
  accounts: BrowseSnapshot['accounts'];
  selectedId: string | null;
  /** One per following part, in order. */
  parts: Omit<SnapshotAccountLocks, 'locks'>[];
}

/**
 * The keychain account of a snapshot file's key: one per file, so two profile folders sharing a keychain
 * service never overwrite each other's key.
 */
export function snapshotKeyAccount(file: string): string {
  return `snapshot-key-${createHash('sha256').update(file).digest('hex').slice(0, 16)}`;
}

/** The binding and the part's place as the additional data GCM authenticates: one canonical string. */
function aadOf(b: SnapshotBinding, index: number, count: number): string {
  return JSON.stringify([b.issuer, b.clientId, b.apiBaseUrl, b.signIn, index, count]);
}

function decodeKey(text: string): Buffer | null {
  const key = Buffer.from(text, 'base64');
  return key.length === SNAPSHOT_KEY_BYTES ? key : null;
}

/**
 * The shape check after decryption. The GCM tag already proves this code wrote the bytes, so this guards
 * against a snapshot written by another version of the app, not against an attacker.
 */
function parseHead(plain: Buffer): SnapshotHead | null {
  let h: Partial<SnapshotHead>;
  try {
    h = JSON.parse(plain.toString('utf8')) as Partial<SnapshotHead>;
  } catch {
    return null;
  }
  if (
    typeof h !== 'object' ||
    h === null ||
    h.v !== 2 ||
    typeof h.savedAt !== 'number' ||
    typeof h.asOf !== 'number' ||
    !Array.isArray(h.accounts?.accounts) ||
    !Array.isArray(h.parts) ||
    !h.parts.every((p) => typeof p?.ownerAccountId === 'string' && Array.isArray(p.invalid)) ||
    (h.selectedId !== null && typeof h.selectedId !== 'string')
  )
    return null;
  return h as SnapshotHead;
}

function parseLocks(plain: Buffer): BoundLock[] | null {
  try {
    const locks = JSON.parse(plain.toString('utf8')) as unknown;
    return Array.isArray(locks) ? (locks as BoundLock[]) : null;
  } catch {
    return null;
  }
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
    async load(binding, pick) {
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
      let handle;
      try {
        handle = await open(file, 'r');
      } catch {
        return none('unreadable');
      }
      let found: SnapshotLoad | NoSnapshot;
      try {
        found = await readSnapshot(handle, size, key, binding, pick, now);
      } catch {
        found = 'unreadable';
      } finally {
        await handle.close().catch(() => undefined);
      }
      return typeof found === 'string' ? none(found) : found;
    },

    async save(binding, snapshot) {
      const stored = await keychain.get(account);
      let key = stored === null ? null : decodeKey(stored);
      if (!key) {
        key = newSnapshotKey();
        await keychain.set(account, key.toString('base64'));
      }
      const head: SnapshotHead = {
        v: 2,
        savedAt: now(),
        asOf: snapshot.asOf,
        accounts: snapshot.accounts,
        selectedId: snapshot.selectedId,
        parts: snapshot.locks.map(({ locks: _locks, ...part }) => part),
      };
      const count = snapshot.locks.length + 1;
      const seal = (value: unknown, i: number) =>
        sealPart(Buffer.from(JSON.stringify(value), 'utf8'), key, aadOf(binding, i, count));
      // One account at a time, letting main's other work run between them: sealed in one go, 100,000 locks
      // held main for a third of a second, with the window's last answers waiting behind it.
      const sealed = [seal(head, 0)];
      for (const [i, l] of snapshot.locks.entries()) {
        await setImmediate();
        sealed.push(seal(l.locks, i + 1));
      }
      await writeFileAtomic(file, packParts(sealed));
    },

    async remove() {
      await dropFile();
      await keychain.delete(account);
    },
  };
}

/** Reads the head, then the parts `pick` names; a reason for "no snapshot" when anything is not as written. */
async function readSnapshot(
  handle: Awaited<ReturnType<typeof open>>,
  size: number,
  key: Buffer,
  binding: SnapshotBinding,
  pick: SnapshotPick | undefined,
  now: () => number,
): Promise<SnapshotLoad | NoSnapshot> {
  const table = await partTable(handle, size);
  if (!table) return 'unreadable';
  const headPlain = openPart(
    await readPart(handle, table[0]!),
    key,
    aadOf(binding, 0, table.length),
  );
  if (!headPlain) return 'unreadable';
  const head = parseHead(headPlain);
  if (!head || head.parts.length !== table.length - 1) return 'invalid';
  // Written "in the future": the clock moved backwards, so its age (the "as of") cannot be trusted.
  if (head.savedAt > now() || head.asOf > now()) return 'clock';
  const ids = head.parts.map((p) => p.ownerAccountId);
  const wanted = new Set(pick ? pick(ids, head.selectedId) : ids);
  const locks: SnapshotAccountLocks[] = [];
  for (let i = 0; i < head.parts.length; i++) {
    const part = head.parts[i]!;
    if (!wanted.has(part.ownerAccountId)) continue;
    const plain = openPart(
      await readPart(handle, table[i + 1]!),
      key,
      aadOf(binding, i + 1, table.length),
    );
    if (!plain) return 'unreadable';
    const list = parseLocks(plain);
    if (!list) return 'invalid';
    locks.push({ ...part, locks: list });
  }
  const { asOf, accounts, selectedId } = head;
  return { kind: 'found', snapshot: { asOf, accounts, selectedId, locks } };
}

/** A core without a profile folder (tests, a bare CLI) keeps no snapshot. */
export const noSnapshotStore: SnapshotStore = {
  load: async () => ({ kind: 'none', why: 'absent' }),
  save: async () => undefined,
  remove: async () => undefined,
};
