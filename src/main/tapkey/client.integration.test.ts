import { beforeAll, describe, expect, it } from 'vitest';
import {
  signedInTokenSource,
  type CountingTokenSource,
} from '../../../test/support/test-token-source';
import { useSandboxResetEach } from '../../../test/support/sandbox';
import { AppFailure } from '../errors';
import { appFailureOf } from '../failure-of.fixture';
import { createLogger } from '../log';
import type { BoundLock, BoundLocksPage, OwnerAccount } from '../../shared/model';
import { createTapkeyClient, type TapkeyClient, type TapkeyClientOptions } from './client';
import { withSandbox } from '../../../test/support/sandbox';

const sandbox = useSandboxResetEach({ owners: 4, locks: 25, seed: 'api-client' });
let tokens: CountingTokenSource;
const logLines: string[] = [];
const log = createLogger((l) => logLines.push(l), 'debug');

beforeAll(async () => {
  const alice = sandbox.users[0]!;
  tokens = await signedInTokenSource(sandbox, alice.username, alice.password);
});

const client = (o: Partial<TapkeyClientOptions> = {}) =>
  createTapkeyClient({
    apiBaseUrl: sandbox.apiBaseUrl,
    tokens,
    log,
    http: { retryBaseDelayMs: 10, timeoutMs: 2_000 },
    ...o,
  });
/**
 * Loads every account's locks as the app does (the renderer asks per account: the one on screen with priority
 * first, the rest right after it), handing each result to `onAccount` as it arrives.
 */
async function loadAll(
  c: TapkeyClient,
  accounts: OwnerAccount[],
  onAccount: (
    id: string,
    r: { ok: true; page: BoundLocksPage } | { ok: false; error: AppFailure },
  ) => void,
  signal?: AbortSignal,
  priorityId: string | undefined = accounts[0]?.id,
): Promise<void> {
  const shown = accounts.find((a) => a.id === priorityId);
  const ordered = shown ? [shown, ...accounts.filter((a) => a !== shown)] : accounts;
  await Promise.all(
    ordered.map((a) =>
      c.locks.listBoundLocks(a.id, signal, { priority: a === shown }).then(
        (page) => onAccount(a.id, { ok: true, page }),
        (e: unknown) => onAccount(a.id, { ok: false, error: e as AppFailure }),
      ),
    ),
  );
}
const alice = () => sandbox.users[0]!;
const owner = (i = 0) => alice().ownerAccountIds[i]!;

describe('Tapkey API client against the sandbox', () => {
  it('lists exactly the signed-in user’s owner accounts and each account’s locks as seeded', async () => {
    const c = client();
    const owners = await c.owners.listOwnerAccounts();
    expect(owners.invalid).toEqual([]);
    expect(owners.accounts).toEqual(
      sandbox.data
        .ownerAccounts(alice().username)
        .map(({ id, name, active }) => ({ id, name, active })),
    );
    for (const a of owners.accounts) {
      const page = await c.locks.listBoundLocks(a.id);
      expect(page.invalid).toEqual([]);
      const seeded = sandbox.data.boundLocks(a.id);
      // The fields Tapkey sent for each lock, as the list carries them.
      const sent = (l: (typeof seeded)[number] | BoundLock) => ({
        id: l.id,
        ownerAccountId: l.ownerAccountId,
        title: l.title,
        description: l.description,
        active: l.active,
        bindDate: l.bindDate,
        unbindDate: l.unbindDate,
        physicalLockId: l.physicalLockId,
        lockTypeId: l.lockTypeId,
        lockType: l.lockType,
      });
      expect(page.locks.map(sent)).toEqual(
        // A lock without `active` (as an older copy of Tapkey's docs shows) is read as unknown.
        seeded.map((l) => ({ ...sent(l), active: l.active ?? null })),
      );
      // Lists leave out every field Tapkey sent: main would otherwise hold each lock twice (getBoundLock has them).
      expect(page.locks.every((l) => !('raw' in l))).toBe(true);
      expect(
        page.locks.every(
          (l) => l.readableLockId !== null && /^[0-9a-f]{2}(-[0-9a-f]{2})*$/.test(l.readableLockId),
        ),
      ).toBe(true);
    }
    const bob = sandbox.users[1]!;
    expect(owners.accounts.map((a) => a.id)).not.toEqual(
      expect.arrayContaining(bob.ownerAccountIds),
    );
  });

  it('gets one lock, and says "not found" for another user’s account', async () => {
    const c = client();
    const [first] = sandbox.data.boundLocks(owner());
    const lock = await c.locks.getBoundLock(owner(), first!.id);
    // Asked with the documented expand: the detail view shows health, features and memberships.
    expect(lock.raw).toEqual(sandbox.data.expandedBoundLock(owner(), first!.id));
    expect(
      (await appFailureOf(c.locks.listBoundLocks(sandbox.users[1]!.ownerAccountIds[0]!))).code,
    ).toBe('not-found');
  });

  it('pages with $top/$skip until the end is proven, fetching the pages after full ones in parallel windows', async () => {
    const locks = sandbox.data.boundLocks(owner()).length;
    expect(locks).toBe(25);
    // The skips a list cannot do without: every page up to the end, and the one that proves it (an empty page,
    // or a short page once a full page has shown the server sends that many whole). Pages asked ahead of a full
    // one, and the first page's twin when that page comes back full, may be cancelled before they arrive, so
    // they are bounded, not counted.
    const cases: Array<[pageSize: number, needed: number[]]> = [
      [25, [0, 25]],
      [5, [0, 5, 10, 15, 20, 25]],
      [7, [0, 7, 14, 21]],
      [24, [0, 24]],
      // One short page, with nothing known of the server's cap yet: its twin (the list from its second item,
      // ids only) came back one shorter, which proves the end in the same round trip.
      [26, [0]],
    ];
    for (const [pageSize, needed] of cases) {
      sandbox.stats.reset();
      const page = await client({ pageSize }).locks.listBoundLocks(owner());
      expect(
        page.locks.map((l) => l.id),
        `pageSize ${pageSize}`,
      ).toEqual(sandbox.data.boundLocks(owner()).map((l) => l.id));
      for (const skip of needed) {
        const asked = skip
          ? new RegExp(`\\$top=${pageSize}&\\$skip=${skip}&`)
          : new RegExp(`BoundLocks\\?\\$top=${pageSize}&\\$select=`);
        expect(sandbox.stats.apiRequests(asked), `pageSize ${pageSize}, $skip ${skip}`).toBe(1);
      }
      const all = sandbox.stats.apiRequests(/BoundLocks/i);
      expect(all, `pageSize ${pageSize}`).toBeGreaterThanOrEqual(needed.length);
      expect(all, `pageSize ${pageSize}`).toBeLessThanOrEqual(needed.length + 9);
    }
    // The short one asked exactly its page and its twin.
    expect(sandbox.stats.apiRequests(/\$top=26&\$skip=1&\$select=id$/)).toBe(1);
    // (Pages the cases above asked ahead may still arrive: only this list's $top.)
    expect(sandbox.stats.apiRequests(/BoundLocks\?\$top=26&/i)).toBe(2);
  });

  it('loads accounts that fit one response in one round trip each: the page and its twin, which proves the end', async () => {
    const c = client();
    const { accounts } = await c.owners.listOwnerAccounts();
    const counts = new Map<string, number>();
    await loadAll(c, accounts, (id, r) => counts.set(id, r.ok ? r.page.locks.length : -1));
    expect([...counts.values()]).toEqual([25, 25, 25, 25]);
    // The owner accounts too: a list of 4 for $top=5000 is proven complete by its twin's 3.
    expect(sandbox.stats.apiRequests(/\/Owners\?\$top=5000$/i)).toBe(1);
    expect(sandbox.stats.apiRequests(/\/Owners\?\$top=5000&\$skip=1&\$select=id$/i)).toBe(1);
    expect(sandbox.stats.apiRequests(/\/Owners\?/i)).toBe(2);
    // 25 locks for $top=5000 could be a silent cap of 25: the twin's 24, asked beside them, settles it.
    expect(sandbox.stats.apiRequests(/BoundLocks\?\$top=5000&\$select=id,/i)).toBe(4);
    expect(sandbox.stats.apiRequests(/BoundLocks\?\$top=5000&\$skip=1&\$select=id$/i)).toBe(4);
    expect(sandbox.stats.apiRequests(/BoundLocks/i)).toBe(8);
  });

  it('against a server that caps $top below what we ask, learns the limit it names and still gets every lock', async () => {
    await withSandbox({ owners: 3, locks: 25, seed: 'api-client', maxTop: 10 }, async (capped) => {
      const user = capped.users[0]!;
      const t = await signedInTokenSource(capped, user.username, user.password);
      const c = createTapkeyClient({ apiBaseUrl: capped.apiBaseUrl, tokens: t, log });
      // The refused first page's twin is dropped with it: a latency makes sure it has arrived by then.
      capped.faults.setLatency(50);
      const { accounts } = await c.owners.listOwnerAccounts();
      expect(accounts.map((a) => a.id)).toEqual(user.ownerAccountIds);
      const got = new Map<string, string[]>();
      await loadAll(c, accounts, (id, r) =>
        got.set(id, r.ok ? r.page.locks.map((l) => l.id) : [r.error.code]),
      );
      for (const a of accounts)
        expect(got.get(a.id)).toEqual(capped.data.boundLocks(a.id).map((l) => l.id));
      // One refused request (and its twin, refused beside it) taught the client the limit: every later
      // request asks for at most 10.
      expect(capped.stats.apiRequests(/\$top=5000$/)).toBe(1);
      expect(capped.stats.apiRequests(/\$top=5000&\$skip=1&\$select=id$/)).toBe(1);
      expect(capped.stats.apiRequests(/\$top=5000/)).toBe(2);
      expect(capped.stats.apiRequests(/BoundLocks\?\$top=10&\$select=/i)).toBe(3);
      expect(capped.stats.apiRequests(/BoundLocks\?\$top=10&\$skip=(10|20)&\$select=/i)).toBe(6);
    });
  });

  it('steps down to 1,000 a page when a server refuses the page size without naming its limit', async () => {
    sandbox.faults.add({ target: 'api', pathPattern: '\\$top=5000', kind: 'status', status: 400 });
    const c = client();
    const page = await c.locks.listBoundLocks(owner());
    expect(page.locks.map((l) => l.id)).toEqual(sandbox.data.boundLocks(owner()).map((l) => l.id));
    // A 400 that names no limit could be about $select: asked again without it, then with smaller pages.
    expect(sandbox.stats.apiRequests(/\$top=5000&\$select=/)).toBe(1);
    expect(sandbox.stats.apiRequests(/\$top=5000$/)).toBe(1);
    expect(sandbox.stats.apiRequests(/\$top=1000$/)).toBe(1);
    // Any other 400 is an error, reported as such, not retried smaller and smaller.
    sandbox.faults.add({ target: 'api', pathPattern: '\\$top=1000', kind: 'status', status: 400 });
    sandbox.faults.add({ target: 'api', pathPattern: '\\$top=500', kind: 'status', status: 400 });
    const e = await appFailureOf(client().locks.listBoundLocks(owner()));
    expect(e.code).toBe('server');
    expect(e.message).toContain('HTTP 400');
  });

  it('asks lists for the fields it keeps only, and for every field from a server that refuses $select', async () => {
    const c = client();
    await c.locks.listBoundLocks(owner());
    expect(
      sandbox.stats.apiRequests(
        /BoundLocks\?\$top=5000&\$select=id,title,description,active,bindDate,unbindDate,physicalLockId,lockTypeId,lockType$/,
      ),
    ).toBe(1);

    sandbox.stats.reset();
    sandbox.faults.add({ target: 'api', pathPattern: '\\$select', kind: 'status', status: 400 });
    const refusing = client();
    for (const id of [owner(0), owner(1)]) {
      const page = await refusing.locks.listBoundLocks(id);
      expect(page.locks.map((l) => l.id)).toEqual(sandbox.data.boundLocks(id).map((l) => l.id));
    }
    // One refusal of the fields and one of the first list's twin (which asks `$select=id`), then lists go
    // without $select and without a twin: their end is confirmed by one more request, as without one.
    expect(sandbox.stats.apiRequests(/\$select=id,/)).toBe(1);
    expect(sandbox.stats.apiRequests(/\$skip=1&\$select=id$/)).toBe(1);
    expect(sandbox.stats.apiRequests(/\$select/)).toBe(2);
    expect(sandbox.stats.apiRequests(/BoundLocks\?\$top=5000$/)).toBe(2);
    expect(sandbox.stats.apiRequests(/BoundLocks\?\$top=5000&\$skip=25$/)).toBe(2);
  });

  it('loads the priority account alone and ahead of the others', async () => {
    sandbox.faults.setLatency(50);
    const c = client({ priorityHoldMs: 60_000 });
    const { accounts } = await c.owners.listOwnerAccounts();
    sandbox.stats.reset();
    const wanted = owner(2);
    const completed: Array<{ id: string; requestsSoFar: number }> = [];
    await loadAll(
      c,
      accounts,
      (id) => completed.push({ id, requestsSoFar: sandbox.stats.apiRequests(/BoundLocks/i) }),
      undefined,
      wanted,
    );
    // Its page and its twin, which proves its end, before any other account's.
    expect(completed[0]).toEqual({ id: wanted, requestsSoFar: 2 });
    expect(completed.map((x) => x.id).sort()).toEqual(accounts.map((a) => a.id).sort());

    // Through listBoundLocks, as the renderer asks (the shown account first, the rest right after it): the
    // others wait until the shown one is in.
    sandbox.stats.reset();
    const order: Array<{ id: string; requestsSoFar: number }> = [];
    const track = (id: string, p: Promise<unknown>) =>
      p.then(() => order.push({ id, requestsSoFar: sandbox.stats.apiRequests(/BoundLocks/i) }));
    const shown = accounts[3]!.id;
    const calls = [
      track(shown, c.locks.listBoundLocks(shown, undefined, { priority: true })),
      ...accounts.slice(0, 3).map((a) => track(a.id, c.locks.listBoundLocks(a.id))),
    ];
    await Promise.all(calls);
    expect(order[0]).toEqual({ id: shown, requestsSoFar: 2 });
    expect(order).toHaveLength(4);
  });

  it('handles an account with no locks in one round trip: its page and its twin', async () => {
    await withSandbox({ owners: 1, locks: 0 }, async (empty) => {
      const t = await signedInTokenSource(
        empty,
        empty.users[0]!.username,
        empty.users[0]!.password,
      );
      const c = createTapkeyClient({ apiBaseUrl: empty.apiBaseUrl, tokens: t, log });
      // The twin goes beside the page and is cancelled when the empty page ends the list: a latency makes
      // sure it has arrived by then, so the count is exact.
      empty.faults.setLatency(50);
      const page = await c.locks.listBoundLocks(empty.users[0]!.ownerAccountIds[0]!);
      expect(page).toEqual({
        ownerAccountId: empty.users[0]!.ownerAccountIds[0],
        locks: [],
        invalid: [],
      });
      expect(empty.stats.apiRequests(/BoundLocks\?\$top=5000&\$select=id,/i)).toBe(1);
      expect(empty.stats.apiRequests(/BoundLocks\?\$top=5000&\$skip=1&\$select=id$/i)).toBe(1);
      expect(empty.stats.apiRequests(/BoundLocks/i)).toBe(2);
    });
  });

  it('retries 502/503/504 and dropped connections with backoff, then succeeds', async () => {
    sandbox.faults.add({ target: 'api', kind: 'status', status: 503, times: 1 });
    sandbox.faults.add({ target: 'api', kind: 'drop', times: 1 });
    sandbox.faults.add({ target: 'api', kind: 'status', status: 502, times: 1 });
    const page = await client().locks.listBoundLocks(owner());
    expect(page.locks).toHaveLength(25);
    // The page and its twin arrive first and fail; the twin is never retried, the page is, twice more. With
    // no twin to place it, its end is proven by one more request: 3 failed attempts, the page, that request.
    expect(sandbox.stats.apiRequests(/BoundLocks\?\$top=5000&\$skip=25&/i)).toBe(1);
    expect(sandbox.stats.apiRequests(/BoundLocks/i)).toBe(5);
  });

  it('gives up after the attempt limit with a specific message, without a request storm', async () => {
    sandbox.faults.add({ target: 'api', kind: 'status', status: 503 });
    const e = await appFailureOf(client().owners.listOwnerAccounts());
    expect(e.code).toBe('server');
    expect(e.message).toMatch(/temporarily unavailable/);
    // The page's 4 attempts and its twin's 1 (a twin is never retried).
    expect(sandbox.stats.apiRequests(/\$skip=1&\$select=id$/)).toBe(1);
    expect(sandbox.stats.apiRequests()).toBe(5);

    sandbox.faults.clear();
    sandbox.stats.reset();
    sandbox.faults.add({ target: 'api', kind: 'drop' });
    expect((await appFailureOf(client().owners.listOwnerAccounts())).code).toBe('network');
    expect(sandbox.stats.apiRequests(/\$skip=1&\$select=id$/)).toBe(1);
    expect(sandbox.stats.apiRequests()).toBe(5);
  });

  it('honours Retry-After on 429, and reports a long one instead of waiting', async () => {
    sandbox.faults.add({
      target: 'api',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
    });
    const started = Date.now();
    await client().owners.listOwnerAccounts();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);

    sandbox.faults.add({ target: 'api', kind: 'status', status: 429, retryAfterSeconds: 120 });
    const e = await appFailureOf(client().owners.listOwnerAccounts());
    expect(e.code).toBe('rate-limited');
    expect(e.extra.retryAfterSeconds).toBe(120);
    expect(e.message).toContain('120 s');
  });

  it('reports malformed JSON and non-array lists as unreadable, not as empty', async () => {
    // On the page itself: its twin, asked beside it, is not what is read.
    sandbox.faults.add({
      target: 'api',
      kind: 'malformed-json',
      times: 1,
      pathPattern: 'Owners\\?\\$top=5000$',
    });
    const e = await appFailureOf(client().owners.listOwnerAccounts());
    expect(e.code).toBe('malformed-response');
    expect(e.message).toBe('Tapkey sent an unreadable answer while loading your owner accounts.');
  });

  it('reports a malformed item with its index, id and field, and keeps every other lock', async () => {
    sandbox.faults.add({
      target: 'api',
      kind: 'malformed-item',
      times: 1,
      pathPattern: '\\$select=id,',
    });
    const page = await client().locks.listBoundLocks(owner());
    const seeded = sandbox.data.boundLocks(owner());
    expect(page.invalid).toEqual([
      { index: 0, id: seeded[0]!.id, problem: 'title: expected string' },
    ]);
    expect(page.locks.map((l) => l.id)).toEqual(seeded.slice(1).map((l) => l.id));
    expect(logLines.some((l) => l.includes('tapkey sent unreadable locks'))).toBe(true);
  });

  it('times out a body that stalls past the limit, then retries', async () => {
    sandbox.faults.add({ target: 'api', kind: 'slow-body', delayMs: 3_000, times: 1 });
    const page = await client({
      http: { timeoutMs: 500, retryBaseDelayMs: 10 },
    }).locks.listBoundLocks(owner());
    expect(page.locks).toHaveLength(25);
    sandbox.faults.add({ target: 'api', kind: 'slow-body', delayMs: 3_000 });
    const e = await appFailureOf(
      client({
        http: { timeoutMs: 300, retryBaseDelayMs: 10, maxAttempts: 2 },
      }).owners.listOwnerAccounts(),
    );
    expect(e.code).toBe('timeout');
  });

  it('on 401 refreshes once and retries; many concurrent callers share one refresh', async () => {
    sandbox.expireAccessTokens();
    const before = tokens.refreshes;
    const c = client();
    const pages = await Promise.all(
      alice().ownerAccountIds.map((id) => c.locks.listBoundLocks(id)),
    );
    expect(pages.every((p) => p.locks.length === 25)).toBe(true);
    expect(tokens.refreshes - before).toBe(1);
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(1);
  });

  it('names the missing scope on 403', async () => {
    const limited = await signedInTokenSource(
      sandbox,
      alice().username,
      alice().password,
      'read:owneraccounts offline_access',
    );
    const c = createTapkeyClient({ apiBaseUrl: sandbox.apiBaseUrl, tokens: limited, log });
    expect((await c.owners.listOwnerAccounts()).accounts.length).toBe(4);
    const e = await appFailureOf(c.locks.listBoundLocks(owner()));
    expect(e.code).toBe('permission');
    expect(e.extra.scope).toBe('read:core:entities');
    expect(e.message).toContain('read:core:entities');
  });

  it('cancels in-flight and queued requests when the signal aborts', async () => {
    sandbox.faults.setLatency(5_000);
    const ctl = new AbortController();
    const c = client({ concurrency: 1 });
    const calls = alice().ownerAccountIds.map((id) =>
      appFailureOf(c.locks.listBoundLocks(id, ctl.signal)),
    );
    const started = Date.now();
    setTimeout(() => ctl.abort(), 100);
    const errors = await Promise.all(calls);
    expect(errors.map((e) => e.code)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('loads all accounts in parallel with a bound; one failing account does not stop the others', async () => {
    const failing = owner(2);
    sandbox.faults.add({
      target: 'api',
      pathPattern: `${failing}/BoundLocks`,
      kind: 'status',
      status: 500,
    });
    sandbox.faults.setLatency(200);
    const c = client({ concurrency: 2 });
    const accounts = (await c.owners.listOwnerAccounts()).accounts;
    const seen: string[] = [];
    const started = Date.now();
    const results = new Map<string, string>();
    await loadAll(c, accounts, (id, r) => {
      seen.push(id);
      results.set(id, r.ok ? `ok:${r.page.locks.length}` : `error:${r.error.code}`);
    });
    const elapsed = Date.now() - started;
    expect(results.get(failing)).toBe('error:server');
    expect([...results.entries()].filter(([id]) => id !== failing).map(([, v]) => v)).toEqual([
      'ok:25',
      'ok:25',
      'ok:25',
    ]);
    expect(seen.sort()).toEqual(accounts.map((a) => a.id).sort());
    // Four accounts, two at a time, 200 ms each: at least two rounds, so never all four at once.
    expect(elapsed).toBeGreaterThanOrEqual(380);
  });

  it('never writes a token to the log', () => {
    const all = logLines.join('\n');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(tokens.current().accessToken);
    expect(all).not.toMatch(/Bearer [A-Za-z0-9]/);
  });
});
