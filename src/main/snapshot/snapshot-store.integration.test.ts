import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowseSnapshot, SnapshotAccountLocks } from '../../shared/model';
import { account, lock as sampleLock } from '../../../test/support/sample-data';
import { silentLogger } from '../log';
import { createKeytarKeychain } from '../secrets/keytar-keychain';
import { noKeychain } from '../secrets/no-keychain';
import {
  createSnapshotStore,
  snapshotKeyAccount,
  type SnapshotBinding,
  type SnapshotStore,
} from './snapshot-store';

const lock = (id: string, title: string) => sampleLock('a1', id, title);

const snapshot: BrowseSnapshot = {
  asOf: Date.UTC(2026, 11, 1, 10, 42),
  accounts: { accounts: [account('a1', 'Büro Nord')], invalid: [] },
  locks: [
    {
      ownerAccountId: 'a1',
      locks: [lock('l1', 'Haupteingang Süd'), lock('l2', 'Serverraum Keller')],
      invalid: [],
      updatedAt: Date.UTC(2026, 11, 1, 10, 42),
    },
  ],
  selectedId: 'a1',
};

/** The snapshot with a second account, 'a2', holding `locks`. */
const withSecondAccount = (locks: SnapshotAccountLocks): BrowseSnapshot => ({
  ...snapshot,
  accounts: { accounts: [...snapshot.accounts.accounts, account('a2', 'Lager')], invalid: [] },
  locks: [...snapshot.locks, locks],
});

const binding: SnapshotBinding = {
  issuer: 'https://login.tapkey.com',
  clientId: 'tapkey-locks-desktop',
  apiBaseUrl: 'https://my.tapkey.com/api/v1/',
  signIn: 'sign-in-1',
};
const later = Date.UTC(2026, 11, 2);

// Against the real Secret Service that `npm test` starts (a private D-Bus + gnome-keyring).
describe('the snapshot store on a real keychain', () => {
  const service = `tapkey-locks-test-${randomUUID()}`;
  const keychain = createKeytarKeychain({ service, timeoutMs: 5_000 });
  let dir: string;
  let file: string;
  let store: SnapshotStore;
  let now: number;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'tapkey-snapshot-'));
    file = path.join(dir, 'snapshot.tkls');
    now = later;
    store = createSnapshotStore({ file, keychain, log: silentLogger, now: () => now });
  });
  afterEach(async () => {
    await keychain.delete(snapshotKeyAccount(file));
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives back what it saved, from a 0600 file holding no title, name or binding in clear', async () => {
    await store.save(binding, snapshot);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const bytes = readFileSync(file);
    for (const clear of [
      'Haupteingang Süd',
      'Serverraum Keller',
      'Büro Nord',
      'sign-in-1',
      'tapkey-locks-desktop',
    ])
      expect(bytes.includes(Buffer.from(clear, 'utf8')), clear).toBe(false);
    // The key is in the keychain under its own account, never beside the file.
    const key = await keychain.get(snapshotKeyAccount(file));
    expect(Buffer.from(key ?? '', 'base64')).toHaveLength(32);
    expect(bytes.includes(Buffer.from(key ?? '', 'utf8'))).toBe(false);
    expect(await store.load(binding)).toEqual({ kind: 'found', snapshot });
  });

  it('keeps one key across writes, and a new IV each time', async () => {
    await store.save(binding, snapshot);
    const key = await keychain.get(snapshotKeyAccount(file));
    const first = readFileSync(file);
    await store.save(binding, snapshot);
    expect(await keychain.get(snapshotKeyAccount(file))).toBe(key);
    expect(readFileSync(file).equals(first)).toBe(false);
    expect((await store.load(binding)).kind).toBe('found');
  });

  it.each([
    ['another sign-in', { signIn: 'sign-in-2' }],
    ['another issuer', { issuer: 'https://login.example.com' }],
    ['another client', { clientId: 'other-client' }],
    ['another API', { apiBaseUrl: 'https://other.example.com/api/v1/' }],
  ])('is not shown to %s, and is deleted', async (_, other) => {
    await store.save(binding, snapshot);
    expect(await store.load({ ...binding, ...other })).toEqual({
      kind: 'none',
      why: 'unreadable',
    });
    expect(existsSync(file)).toBe(false);
    // Gone for its own sign-in too: nothing lingers that another start could try again.
    expect((await store.load(binding)).kind).toBe('none');
  });

  it('is deleted when any byte was changed (the GCM tag fails)', async () => {
    await store.save(binding, snapshot);
    const size = readFileSync(file).length;
    // The magic, the part table, the head's IV, tag and body, the locks part's last byte: each alone must fail.
    for (const at of [1, 8, 14, 20, 40, 60, size - 1]) {
      await store.save(binding, snapshot);
      const b = readFileSync(file);
      b[at] = b[at]! ^ 0x01;
      writeFileSync(file, b);
      expect(await store.load(binding), `byte ${at}`).toEqual({ kind: 'none', why: 'unreadable' });
      expect(existsSync(file)).toBe(false);
    }
  });

  it('reads only the parts asked for, and a changed part it did not read is found when it is read', async () => {
    const two = withSecondAccount({
      ownerAccountId: 'a2',
      locks: [lock('l3', 'Rolltor')],
      invalid: [],
      updatedAt: 5,
    });
    await store.save(binding, two);
    const first = await store.load(binding, () => ['a1']);
    expect(first).toEqual({ kind: 'found', snapshot: { ...two, locks: [two.locks[0]] } });
    const b = readFileSync(file);
    b[b.length - 1] = b[b.length - 1]! ^ 0x01;
    writeFileSync(file, b);
    // The head and the first account's part are intact: they read; the changed part does not, and ends it.
    expect((await store.load(binding, () => ['a1'])).kind).toBe('found');
    expect(await store.load(binding, () => ['a2'])).toEqual({ kind: 'none', why: 'unreadable' });
    expect(existsSync(file)).toBe(false);
  });

  it('is deleted when its parts were swapped', async () => {
    const two = withSecondAccount({ ...snapshot.locks[0]!, ownerAccountId: 'a2' });
    await store.save(binding, two);
    const b = readFileSync(file);
    // Both locks parts have the same length (same locks): swapping their bytes keeps the table valid.
    const count = b.readUInt32BE(6);
    const lengths = Array.from({ length: count }, (_, i) => b.readUInt32BE(10 + 4 * i));
    const start = 10 + 4 * count + lengths[0]!;
    const one = Buffer.from(b.subarray(start, start + lengths[1]!));
    const other = Buffer.from(b.subarray(start + lengths[1]!, start + lengths[1]! + lengths[2]!));
    expect(one.length).toBe(other.length);
    writeFileSync(file, Buffer.concat([b.subarray(0, start), other, one]));
    expect(await store.load(binding)).toEqual({ kind: 'none', why: 'unreadable' });
  });

  it.each([
    ['truncated in the body', (b: Buffer) => b.subarray(0, b.length - 1)],
    ['truncated in the header', (b: Buffer) => b.subarray(0, 20)],
    ['empty', () => Buffer.alloc(0)],
    ['not a snapshot at all', () => Buffer.from('{"asOf":1}')],
  ])('is deleted when %s', async (_, cut) => {
    await store.save(binding, snapshot);
    writeFileSync(file, cut(readFileSync(file)));
    expect(await store.load(binding)).toEqual({ kind: 'none', why: 'unreadable' });
    expect(existsSync(file)).toBe(false);
  });

  it('is deleted when the keychain holds no key for it (or a key that is not one)', async () => {
    await store.save(binding, snapshot);
    await keychain.delete(snapshotKeyAccount(file));
    expect(await store.load(binding)).toEqual({ kind: 'none', why: 'no-key' });
    expect(existsSync(file)).toBe(false);
    await store.save(binding, snapshot);
    await keychain.set(snapshotKeyAccount(file), 'c2hvcnQ=');
    expect(await store.load(binding)).toEqual({ kind: 'none', why: 'no-key' });
    expect(existsSync(file)).toBe(false);
  });

  it('is not used under a key of its own size that is not its key', async () => {
    await store.save(binding, snapshot);
    await keychain.set(snapshotKeyAccount(file), Buffer.alloc(32, 7).toString('base64'));
    expect(await store.load(binding)).toEqual({ kind: 'none', why: 'unreadable' });
  });

  it('is deleted, quietly, when the clock moved backwards since it was written', async () => {
    await store.save(binding, snapshot);
    now = later - 60_000;
    expect(await store.load(binding)).toEqual({ kind: 'none', why: 'clock' });
    expect(existsSync(file)).toBe(false);
  });

  it('is no snapshot, without a throw, when the keychain cannot be used', async () => {
    await store.save(binding, snapshot);
    const broken = createSnapshotStore({ file, keychain: noKeychain, log: silentLogger });
    expect(await broken.load(binding)).toEqual({ kind: 'none', why: 'keychain' });
    expect(existsSync(file)).toBe(false);
  });

  it('is no snapshot when the file cannot be read, or is absent', async () => {
    expect(await store.load(binding)).toEqual({ kind: 'none', why: 'absent' });
    await store.save(binding, snapshot);
    rmSync(file);
    mkdirSync(file);
    expect(await store.load(binding)).toEqual({ kind: 'none', why: 'unreadable' });
  });

  it('refuses a file larger than its cap without reading it', async () => {
    await store.save(binding, snapshot);
    const small = createSnapshotStore({ file, keychain, log: silentLogger, maxBytes: 64 });
    expect(await small.load(binding)).toEqual({ kind: 'none', why: 'too-large' });
    expect(existsSync(file)).toBe(false);
  });

  it('removes the file and its key', async () => {
    await store.save(binding, snapshot);
    await store.remove();
    expect(existsSync(file)).toBe(false);
    expect(await keychain.get(snapshotKeyAccount(file))).toBeNull();
  });
});
