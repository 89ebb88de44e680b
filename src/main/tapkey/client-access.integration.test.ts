import { beforeAll, describe, expect, it } from 'vitest';
import {
  signedInTokenSource,
  type CountingTokenSource,
} from '../../../test/support/test-token-source';
import type { LogEntryJson } from '../../../sandbox/index';
import { useSandboxResetEach } from '../../../test/support/sandbox';
import type { FaultRule } from '../../../sandbox/types';
import { appFailureOf } from '../failure-of.fixture';
import { silentLogger } from '../log';
import { createTapkeyClient, type TapkeyClientOptions, type TapkeyTuning } from './client';

const BASE_SCOPES = 'read:owneraccounts read:core:entities offline_access';
const ACCESS_SCOPES = `${BASE_SCOPES} read:grants read:logs`;

const sandbox = useSandboxResetEach({
  owners: 2,
  locks: 3,
  grants: 40,
  logEntries: 1000,
  seed: 'access-client',
});
let tokens: CountingTokenSource;
let baseTokens: CountingTokenSource;
const log = silentLogger;

beforeAll(async () => {
  const alice = sandbox.users[0]!;
  [tokens, baseTokens] = await Promise.all([
    signedInTokenSource(sandbox, alice.username, alice.password, ACCESS_SCOPES),
    signedInTokenSource(sandbox, alice.username, alice.password, BASE_SCOPES),
  ]);
});

type ClientOptions = NonNullable<TapkeyTuning['access']> &
  Partial<Pick<TapkeyClientOptions, 'tokens' | 'http'>>;
const client = ({
  tokens: t = tokens,
  http = { retryBaseDelayMs: 10, timeoutMs: 2_000 },
  ...access
}: ClientOptions = {}) =>
  createTapkeyClient({ apiBaseUrl: sandbox.apiBaseUrl, tokens: t, log, http, access });
const owner = () => sandbox.users[0]!.ownerAccountIds[0]!;
const lock = (i = 0) => sandbox.data.boundLocks(owner())[i]!.id;
/**
 * The holder label the seeded data implies for an entry, computed from the sandbox's data alone: a contact's
 * title, else its identifier (never the deprecated e-mail); a card's title, else its label.
 */
const expectedLabel = (e: { contactId: string | null; boundCardId: string | null }) => {
  if (e.contactId) {
    const c = sandbox.data.contacts(owner()).find((x) => x.id === e.contactId)!;
    return c.title || c.identifier || null;
  }
  if (e.boundCardId) {
    const c = sandbox.data.boundCards(owner()).find((x) => x.id === e.boundCardId)!;
    return c.title || c.label || null;
  }
  return null;
};
const inRange = (entries: LogEntryJson[], since?: string, until?: string) =>
  entries.filter(
    (e) =>
      (!since || e.lockTimestamp >= new Date(since).toISOString()) &&
      (!until || e.lockTimestamp < new Date(until).toISOString()),
  );
async function collect(
  c: ReturnType<typeof client>,
  range: { since?: string; until?: string } = {},
  signal?: AbortSignal,
) {
  const pages = [];
  for await (const page of c.logs.streamLogEntries(owner(), lock(), range, signal))
    pages.push(page);
  return pages;
}

describe('grants', () => {
  it("lists one lock's grants with every holder named from the contact or card the grant embeds, looking nothing up", async () => {
    const got = await client({ warmUpLimit: 0 }).grants.listGrants(owner(), lock());
    const expected = sandbox.data.grants(owner()).filter((g) => g.boundLockId === lock());
    expect(got.invalid).toEqual([]);
    expect(got.grants.map((g) => g.id)).toEqual(expected.map((g) => g.id));
    expect(got.grants.map((g) => g.holder.label)).toEqual(expected.map(expectedLabel));
    expect(got.grants.every((g) => g.holder.known && g.target.kind === 'lock')).toBe(true);
    expect(sandbox.stats.apiRequests(/\/(Contacts|BoundCards)\?/)).toBe(0);
    expect(got.grants.map((g) => [g.validFrom, g.validBefore, g.timeRestrictionIcal])).toEqual(
      expected.map((g) => [g.validFrom, g.validBefore, g.timeRestrictionIcal]),
    );
    expect(got.grants[0]!.raw).toEqual(expected[0]);
  });

  it('pages through all of an owner account’s grants until the end is proven (edge: exactly full pages, then empty)', async () => {
    const all = sandbox.data.grants(owner());
    expect(all).toHaveLength(120);
    const exact = await client({ pageSize: 60 }).grants.listGrants(owner(), null);
    expect(exact.grants.map((g) => g.id)).toEqual(all.map((g) => g.id));
    for (const skip of ['', '&\\$skip=60', '&\\$skip=120'])
      expect(sandbox.stats.apiRequests(new RegExp(`/Grants\\?\\$top=60${skip}$`))).toBe(1);
    sandbox.stats.reset();
    // 120 grants for $top=1000 might be a silent cap of 120: the twin's 119, asked beside them, proves they
    // are all, with no request after.
    await client({ pageSize: 1000 }).grants.listGrants(owner(), null);
    // (Only this list's requests: pages the one above asked ahead may still be arriving.)
    expect(sandbox.stats.apiRequests(/\/Grants\?\$top=1000$/)).toBe(1);
    expect(sandbox.stats.apiRequests(/\/Grants\?\$top=1000&\$skip=1&\$select=id$/)).toBe(1);
    expect(sandbox.stats.apiRequests(/\/Grants\?\$top=1000/)).toBe(2);
  });

  it('reports a malformed grant by index, id and field, and keeps the rest', async () => {
    // On the page itself: its twin, asked beside it, is not what is read.
    sandbox.faults.add({
      target: 'api',
      pathPattern: '/Grants\\?(?!.*\\$skip=1&)',
      kind: 'malformed-item',
      times: 1,
    });
    const got = await client().grants.listGrants(owner(), lock());
    const expected = sandbox.data.grants(owner()).filter((g) => g.boundLockId === lock());
    expect(got.invalid).toEqual([
      { index: 0, id: expected[0]!.id, problem: 'validFrom: expected ISO date' },
    ]);
    expect(got.grants).toHaveLength(expected.length - 1);
  });
});

describe('contacts and cards, resolved in batches', () => {
  it('keeps every lookup URL under 2,000 characters (checked at the sandbox) and caches per owner account', async () => {
    const c = client({ warmUpLimit: 0 });
    await collect(c);
    const contactRequests = sandbox.stats.apiRequests(/\/Contacts\?/);
    expect(contactRequests).toBeGreaterThan(1);
    expect(
      sandbox.issuer.length + sandbox.stats.longestApiTarget(/\/(Contacts|BoundCards)\?/),
    ).toBeLessThan(2000);
    sandbox.stats.reset();
    await collect(c);
    expect(sandbox.stats.apiRequests(/\/(Contacts|BoundCards)\?/)).toBe(0);
  });

  it('reads a small owner account’s contacts and cards once, beside the first request, so no id lookups follow', async () => {
    const c = client();
    const page = await c.logs.listLogEntries(owner(), lock(), {});
    expect(page.entries.every((e) => e.holder.kind === 'none' || e.holder.label !== null)).toBe(
      true,
    );
    expect(sandbox.stats.apiRequests(/\/Contacts\?/)).toBe(1);
    expect(sandbox.stats.apiRequests(/\/BoundCards\?/)).toBe(1);
    expect(sandbox.stats.apiRequests(/\$filter=id/)).toBe(0);
  });

  it('honours a smaller URL bound by splitting into more batches', async () => {
    await collect(client({ maxUrlLength: 600, warmUpLimit: 0 }));
    expect(
      sandbox.issuer.length + sandbox.stats.longestApiTarget(/\/(Contacts|BoundCards)\?/),
    ).toBeLessThan(600);
    expect(sandbox.stats.apiRequests(/\/Contacts\?/)).toBeGreaterThan(5);
  });

  it('asks again after a failed lookup instead of caching the failure', async () => {
    sandbox.faults.add({
      target: 'api',
      pathPattern: '/Contacts',
      kind: 'status',
      status: 500,
      times: 1,
    });
    const c = client({ warmUpLimit: 0 });
    expect((await appFailureOf(c.logs.listLogEntries(owner(), lock(), {}))).code).toBe('server');
    const got = await c.logs.listLogEntries(owner(), lock(), {});
    expect(got.entries.every((e) => e.holder.kind === 'none' || e.holder.known)).toBe(true);
  });
});

describe('log entries', () => {
  it('streams a lock’s log newest first, page by page, exactly as seeded, with holders resolved', async () => {
    const pages = await collect(client({ pageSize: 300 }));
    expect(pages.map((p) => p.entries.length)).toEqual([300, 300, 300, 100]);
    const entries = pages.flatMap((p) => p.entries);
    const seeded = sandbox.data.logEntries(owner(), lock());
    expect(entries.map((e) => e.id)).toEqual(seeded.map((e) => e.id));
    expect(entries.map((e) => e.holder.label)).toEqual(seeded.map(expectedLabel));
  });

  it('paging edges: an exact multiple ends on an empty page; an empty range is one request', async () => {
    const pages = await collect(client({ pageSize: 250 }));
    expect(pages.map((p) => p.entries.length)).toEqual([250, 250, 250, 250]);
    expect(sandbox.stats.apiRequests(/LogEntries\?.*\$top=250&\$skip=1000/)).toBe(1);
    sandbox.stats.reset();
    const none = await collect(client(), { since: '2026-11-01T00:00:00Z' });
    expect(none).toEqual([]);
    // Only this query's requests: read-ahead pages of the stream above may still be arriving. One page, and
    // nothing after it; its twin went beside it (and was cancelled by the empty page, maybe before it arrived).
    expect(sandbox.stats.apiRequests(/LogEntries\?\$top=500&\$filter.*2026-11-01/)).toBe(1);
    expect(
      sandbox.stats.apiRequests(/LogEntries\?\$top=500&\$skip=1&.*2026-11-01.*\$select=id$/),
    ).toBeLessThanOrEqual(1);
    expect(sandbox.stats.apiRequests(/LogEntries\?.*2026-11-01/)).toBeLessThanOrEqual(2);
  });

  it('filters to a date range: since inclusive, until exclusive', async () => {
    const since = '2025-06-01T00:00:00Z';
    const until = '2025-09-01T00:00:00Z';
    const entries = (await collect(client({ pageSize: 40 }), { since, until })).flatMap(
      (p) => p.entries,
    );
    const expected = inRange(sandbox.data.logEntries(owner(), lock()), since, until);
    expect(expected.length).toBeGreaterThan(40);
    expect(entries.map((e) => e.id)).toEqual(expected.map((e) => e.id));
  });

  it('reads one page at a time for the UI with a cursor that continues where the page ended', async () => {
    const c = client({ uiPageSize: 400 });
    const first = await c.logs.listLogEntries(owner(), lock(), {});
    const second = await c.logs.listLogEntries(owner(), lock(), { cursor: first.nextCursor! });
    const third = await c.logs.listLogEntries(owner(), lock(), { cursor: second.nextCursor! });
    expect(third.nextCursor).toBeNull();
    expect([...first.entries, ...second.entries, ...third.entries].map((e) => e.id)).toEqual(
      sandbox.data.logEntries(owner(), lock()).map((e) => e.id),
    );
    expect(
      (await appFailureOf(c.logs.listLogEntries(owner(), lock(), { cursor: 'garbage' }))).code,
    ).toBe('invalid-payload');
    expect(
      (await appFailureOf(c.logs.listLogEntries(owner(), lock(), { since: 'yesterday' }))).code,
    ).toBe('invalid-payload');
  });

  it('stops when cancelled, rejecting with "cancelled"', async () => {
    sandbox.faults.setLatency(200);
    const controller = new AbortController();
    const c = client({ pageSize: 100 });
    const pending = collect(c, {}, controller.signal);
    setTimeout(() => controller.abort(), 50);
    expect((await appFailureOf(pending)).code).toBe('cancelled');
  });

  it('has at most `prefetch` log pages in flight', async () => {
    sandbox.faults.setLatency(30);
    await collect(client({ pageSize: 50, prefetch: 3 }));
    // 1,000 entries at 50 a page: 20 full pages and one empty one, plus at most prefetch-1 pages read ahead past the end,
    // and the first page's twin, asked beside it (2 in flight, within the 3).
    expect(sandbox.stats.apiRequests(/LogEntries\?\$top=50&\$skip=1&.*\$select=id$/)).toBe(1);
    const requests = sandbox.stats.apiRequests(/LogEntries/) - 1;
    expect(requests).toBeGreaterThanOrEqual(21);
    expect(requests).toBeLessThanOrEqual(23);
  });
});

describe('errors', () => {
  it.each([
    [
      'grants',
      'read:grants',
      (c: ReturnType<typeof client>) => c.grants.listGrants(owner(), lock()),
    ],
    [
      'log entries',
      'read:logs',
      (c: ReturnType<typeof client>) => c.logs.listLogEntries(owner(), lock(), {}),
    ],
  ])(
    'a token without the access scopes: %s fails with "permission" naming %s',
    async (_what, scope, call) => {
      const e = await appFailureOf(call(client({ tokens: baseTokens })));
      expect(e.code).toBe('permission');
      expect(e.extra.scope).toBe(scope);
      expect(e.message).toContain(scope);
    },
  );

  const faults: Array<[string, string, FaultRule]> = [
    ['500', 'server', { target: 'api', kind: 'status', status: 500 }],
    ['503 after retries', 'server', { target: 'api', kind: 'status', status: 503 }],
    [
      '429 with a long Retry-After',
      'rate-limited',
      { target: 'api', kind: 'status', status: 429, retryAfterSeconds: 120 },
    ],
    ['404', 'not-found', { target: 'api', kind: 'status', status: 404 }],
    ['malformed JSON', 'malformed-response', { target: 'api', kind: 'malformed-json' }],
    ['a dropped connection', 'network', { target: 'api', kind: 'drop' }],
    ['a connection dropped mid-body', 'network', { target: 'api', kind: 'drop-mid-body' }],
  ];
  it.each(faults)('%s on the log fails with "%s"', async (_name, code, rule) => {
    sandbox.faults.add({ ...rule, pathPattern: 'LogEntries' });
    expect(
      (
        await appFailureOf(
          client({
            http: { retryBaseDelayMs: 1, timeoutMs: 2_000, maxAttempts: 2 },
          }).logs.listLogEntries(owner(), lock(), {}),
        )
      ).code,
    ).toBe(code);
  });

  it('recovers from one transient 503 and a slow body', async () => {
    sandbox.faults.add({
      target: 'api',
      pathPattern: 'LogEntries',
      kind: 'status',
      status: 503,
      times: 1,
    });
    sandbox.faults.add({
      target: 'api',
      pathPattern: 'LogEntries',
      kind: 'slow-body',
      delayMs: 100,
      times: 1,
    });
    expect(
      (await client({ uiPageSize: 50 }).logs.listLogEntries(owner(), lock(), {})).entries,
    ).toHaveLength(50);
  });

  it('refreshes once on a 401 and carries on', async () => {
    sandbox.expireAccessTokens();
    const before = tokens.refreshes;
    expect((await client().grants.listGrants(owner(), lock())).grants.length).toBeGreaterThan(0);
    expect(tokens.refreshes).toBe(before + 1);
  });
});
