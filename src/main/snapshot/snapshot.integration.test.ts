// The snapshot through the real core: a real sandbox, the real sign-in in Chromium, the real keychain, and a
// profile folder on disk. What the window sees goes through the same handlers as IPC.
import { chromium, type Browser } from '@playwright/test';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { chromiumLaunchOptions } from '../../../test/support/chromium';
import { startRealCore, type RealCore } from '../../../test/support/real-core';
import { parseStoredSession, SESSION_ACCOUNT } from '../auth/stored-session';
import { SNAPSHOT_FILE_NAME } from './profile-dir';
import { snapshotKeyAccount } from './snapshot-store';

describe('the last-known snapshot in the real core', () => {
  let browser: Browser;
  let sandbox: Sandbox;
  const cores: RealCore[] = [];

  beforeAll(async () => {
    browser = await chromium.launch(chromiumLaunchOptions());
    sandbox = await startSandbox({ quiet: true, owners: 3, locks: 5 });
  });
  afterEach(async () => {
    // Restarted cores share their first core's keychain entry and profile: close them before it.
    for (const rc of cores.splice(0).reverse()) await rc.close();
  });
  afterAll(async () => {
    await sandbox.close();
    await browser.close();
  });

  const fileOf = (rc: RealCore) => path.join(rc.profileDir, SNAPSHOT_FILE_NAME);
  const keyOf = (rc: RealCore) => rc.keychain.get(snapshotKeyAccount(fileOf(rc)));
  const alice = () => sandbox.users.find((u) => u.username === 'alice')!;

  async function signedIn(): Promise<RealCore> {
    const rc = await startRealCore({ browser, sandbox, snapshot: true });
    cores.push(rc);
    await rc.signIn('alice');
    return rc;
  }

  /** What the window does on a start: the accounts, then every account's locks. */
  async function loadAll(rc: RealCore): Promise<PromiseSettledResult<unknown>[]> {
    const { accounts } = await rc.core.handlers['tapkey:list-owner-accounts']();
    const pages = await Promise.allSettled(
      accounts.map((a) => rc.core.handlers['tapkey:list-bound-locks'](a.id)),
    );
    await rc.core.snapshot.settled();
    return pages;
  }

  /** Holds the next list of owner accounts back for a second; returns what lifts the hold. */
  const holdOwnerAccounts = () =>
    sandbox.faults.add({
      target: 'api',
      // The list and its twin (the same list from its second item).
      pathPattern: '/Owners\\?',
      kind: 'latency',
      delayMs: 1_000,
      times: 2,
    });

  async function restarted(rc: RealCore): Promise<RealCore> {
    const next = await startRealCore({
      browser,
      sandbox,
      snapshot: true,
      keychainService: rc.keychainService,
      profileDir: rc.profileDir,
    });
    cores.push(next);
    await next.core.start();
    return next;
  }

  it('is written after a complete load, 0600, with nothing readable in it, and read back with no request', async () => {
    const rc = await signedIn();
    await rc.core.handlers['snapshot:note-selection']('*');
    await loadAll(rc);
    expect(statSync(fileOf(rc)).mode & 0o777).toBe(0o600);
    const bytes = readFileSync(fileOf(rc));
    const stored = parseStoredSession((await rc.keychain.get(SESSION_ACCOUNT))!)!;
    const owners = sandbox.data.ownerAccounts('alice');
    const titles = owners.flatMap((o) => sandbox.data.boundLocks(o.id).map((l) => l.title));
    for (const clear of [
      ...titles,
      ...owners.map((o) => o.name),
      stored.refreshToken,
      stored.accessToken!,
    ])
      expect(bytes.includes(Buffer.from(clear, 'utf8')), clear).toBe(false);

    await rc.core.dispose();
    const api = sandbox.stats.apiRequests();
    const tokens = sandbox.stats.tokenRequests();
    const next = await restarted(rc);
    const snapshot = await next.core.handlers['snapshot:get']();
    expect(sandbox.stats.apiRequests()).toBe(api);
    expect(sandbox.stats.tokenRequests()).toBe(tokens);
    expect(snapshot?.selectedId).toBe('*');
    expect(snapshot?.accounts.accounts.map((a) => a.id)).toEqual(alice().ownerAccountIds);
    // A start gets the account it shows first; the rest come on their own call, still without a request.
    expect(snapshot?.locks.map((l) => l.ownerAccountId)).toEqual([owners[0]!.id]);
    const rest = await next.core.handlers['snapshot:get-locks'](owners.slice(1).map((o) => o.id));
    expect(sandbox.stats.apiRequests()).toBe(api);
    expect([...snapshot!.locks, ...rest!].map((l) => l.locks.map((x) => x.title))).toEqual(
      owners.map((o) => sandbox.data.boundLocks(o.id).map((l) => l.title)),
    );
    // Never a lock's raw fields, never access data.
    const text = JSON.stringify(snapshot);
    expect(text).not.toMatch(/"raw"|rclSerialNo|membershipStatistics|grants|contact/i);
  });

  it('is not written while an account failed to load', async () => {
    const rc = await signedIn();
    const owner = alice().ownerAccountIds[1]!;
    const stop = sandbox.faults.add({
      target: 'api',
      pathPattern: `Owners/${owner}/BoundLocks`,
      kind: 'status',
      status: 404,
    });
    try {
      const pages = await loadAll(rc);
      expect(pages.map((p) => p.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(existsSync(fileOf(rc))).toBe(false);
    } finally {
      stop();
    }
    await loadAll(rc);
    expect(existsSync(fileOf(rc))).toBe(true);
  });

  it('counts locks that came while the owner accounts were on their way, never those from before', async () => {
    const rc = await signedIn();
    const ids = alice().ownerAccountIds;
    const h = rc.core.handlers;
    // Before any list of accounts: a page of an earlier load, which the next load must not count.
    await h['tapkey:list-bound-locks'](ids[2]!);
    // The window asks for the account on screen beside the list, whose answer comes first here.
    const slow = holdOwnerAccounts();
    try {
      const list = h['tapkey:list-owner-accounts']();
      await h['tapkey:list-bound-locks'](ids[0]!);
      await list;
    } finally {
      slow();
    }
    await h['tapkey:list-bound-locks'](ids[1]!);
    await rc.core.snapshot.settled();
    // Not complete: the third account's only page came before the list was asked for.
    expect(existsSync(fileOf(rc))).toBe(false);
    await h['tapkey:list-bound-locks'](ids[2]!);
    await rc.core.snapshot.settled();
    expect(existsSync(fileOf(rc))).toBe(true);
    const all = await h['snapshot:get-locks'](ids);
    expect(all?.map((l) => l.ownerAccountId)).toEqual(ids);
  });

  it('a reload is written once, when its last account is in: never for an answer that came before its list', async () => {
    const rc = await signedIn();
    await loadAll(rc);
    // Each write puts a new file in the snapshot's place (written aside, then renamed): a new inode.
    const written = statSync(fileOf(rc)).ino;
    const ids = alice().ownerAccountIds;
    const h = rc.core.handlers;
    const slow = holdOwnerAccounts();
    try {
      // A Refresh: the list, and beside it the account on screen, whose answer comes first. The last load's
      // accounts are all in, but this answer belongs to the new load, which is not complete.
      const list = h['tapkey:list-owner-accounts']();
      await h['tapkey:list-bound-locks'](ids[0]!);
      await rc.core.snapshot.settled();
      expect(statSync(fileOf(rc)).ino).toBe(written);
      await list;
    } finally {
      slow();
    }
    await h['tapkey:list-bound-locks'](ids[1]!);
    await rc.core.snapshot.settled();
    expect(statSync(fileOf(rc)).ino).toBe(written);
    await h['tapkey:list-bound-locks'](ids[2]!);
    await rc.core.snapshot.settled();
    expect(statSync(fileOf(rc)).ino).not.toBe(written);
    const all = await h['snapshot:get-locks'](ids);
    expect(all?.map((l) => l.ownerAccountId)).toEqual(ids);
  });

  const endings: [string, (rc: RealCore) => Promise<unknown>][] = [
    ['on sign-out', (rc) => rc.core.handlers['auth:sign-out']()],
    [
      'when Settings change the server',
      async (rc) => {
        const settings = await rc.core.handlers['settings:get']();
        await rc.core.handlers['settings:set']({ ...settings, clientId: 'another-client' });
      },
    ],
  ];
  it.each(endings)('is deleted, with its key, %s', async (_, end) => {
    const rc = await signedIn();
    await loadAll(rc);
    expect(await keyOf(rc)).not.toBeNull();
    await end(rc);
    await rc.core.snapshot.settled();
    expect(existsSync(fileOf(rc))).toBe(false);
    expect(await keyOf(rc)).toBeNull();
  });

  it('is deleted, quietly, when its bytes were changed', async () => {
    const rc = await signedIn();
    await loadAll(rc);
    await rc.core.dispose();
    const sealed = readFileSync(fileOf(rc));
    // A byte of the last account's locks: the start still shows the first account (its part and the head are
    // intact and authenticated on their own); reading the changed part ends the snapshot.
    const bytes = Buffer.from(sealed);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x80;
    writeFileSync(fileOf(rc), bytes);
    const next = await restarted(rc);
    const ids = alice().ownerAccountIds;
    expect((await next.core.handlers['snapshot:get']())?.locks).toHaveLength(1);
    expect(await next.core.handlers['snapshot:get-locks'](ids.slice(1))).toBeNull();
    expect(existsSync(fileOf(rc))).toBe(false);
    // A byte of the head (just past the part table): nothing at all.
    const head = Buffer.from(sealed);
    head[40] = head[40]! ^ 0x80;
    writeFileSync(fileOf(rc), head);
    expect(await next.core.handlers['snapshot:get']()).toBeNull();
    expect(existsSync(fileOf(rc))).toBe(false);
    expect(next.core.session.state.status).toBe('signed-in');
    expect(next.log.lines.filter((l) => /"level":"(warn|error)"/.test(l))).toEqual([]);
  });

  it('is not shown, and is deleted, when the stored sign-in is another one', async () => {
    const rc = await signedIn();
    await loadAll(rc);
    await rc.core.dispose();
    // Another login took the keychain entry's place (a new sign-in id), as the command line's `login` does.
    const stored = parseStoredSession((await rc.keychain.get(SESSION_ACCOUNT))!)!;
    await rc.keychain.set(
      SESSION_ACCOUNT,
      JSON.stringify({ ...stored, signInId: 'another-sign-in' }),
    );
    const next = await restarted(rc);
    expect(next.core.session.state.status).toBe('signed-in');
    expect(await next.core.handlers['snapshot:get']()).toBeNull();
    expect(existsSync(fileOf(rc))).toBe(false);
  });

  it('is nothing while signed out', async () => {
    const rc = await startRealCore({ browser, sandbox, snapshot: true });
    cores.push(rc);
    await rc.core.start();
    expect(await rc.core.handlers['snapshot:get']()).toBeNull();
  });
});
