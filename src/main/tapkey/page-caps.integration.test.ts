// Every list comes back whole under a silent page cap (Tapkey caps log pages without saying so, and may cap
// others): owner accounts, locks, lock groups, contacts, grants and logs, and the name lookups, against sandboxes
// that truncate every page to 1, 2, 100 or 500 items or not at all, with the deprecated `email` dropped as
// announced. A first page's twin (see request.pages) decides most short pages under each of them. Expected
// lists come from the sandbox's data module, never through the client. Also counts what it costs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/index';
import { signedInTokenSource } from '../../../test/support/test-token-source';
import { silentLogger } from '../log';
import { createTapkeyClient, type TapkeyClient } from './client';
import { withSandbox } from '../../../test/support/sandbox';

const SCOPES = 'read:owneraccounts read:core:entities offline_access read:grants read:logs';
const log = silentLogger;

interface Capped {
  sandbox: Sandbox;
  client: TapkeyClient;
  owner: string;
}

async function capped(cap: number | null, locks: number, logEntries: number): Promise<Capped> {
  const sandbox = await startSandbox({
    quiet: true,
    owners: 2,
    locks,
    grants: 4,
    logEntries,
    seed: `caps-${cap}`,
    pageCap: cap,
    logEntriesPageCap: cap === null ? null : 500,
    contactEmail: false,
  });
  const alice = sandbox.users[0]!;
  const tokens = await signedInTokenSource(sandbox, alice.username, alice.password, SCOPES);
  const client = createTapkeyClient({
    apiBaseUrl: sandbox.apiBaseUrl,
    tokens,
    log,
    http: { retryBaseDelayMs: 10 },
    // No warm-up: every name comes from a lookup by id, whose answers the cap cuts too.
    access: { warmUpLimit: 0 },
  });
  return { sandbox, client, owner: alice.ownerAccountIds[0]! };
}

const ids = (items: ReadonlyArray<{ id: string }>) => items.map((i) => i.id);
/** A name as the client keeps it: a blank one (the sandbox's nameless contacts) is no name. */
const usable = (s: string | null | undefined) => (s?.trim() ? s : null);

// Each case has more locks than its cap where that stays cheap, and more log entries than the cap of every list.
describe.each([
  [1, 6, 120],
  [2, 5, 45],
  [100, 110, 150],
  [500, 3, 1300],
  [null, 30, 1300],
])(
  'under a silent cap of %s items a page (%i locks, %i log entries each)',
  (cap, locks, logEntries) => {
    let c: Capped;
    beforeAll(async () => {
      c = await capped(cap, locks, logEntries);
    });
    afterAll(() => c.sandbox.close());

    it('owner accounts, locks, lock groups and contacts come back whole', async () => {
      const { sandbox, client, owner } = c;
      const accounts = await client.owners.listOwnerAccounts();
      expect(ids(accounts.accounts)).toEqual(sandbox.users[0]!.ownerAccountIds);
      const locks = await client.locks.listBoundLocks(owner);
      expect(ids(locks.locks)).toEqual(ids(sandbox.data.boundLocks(owner)));
      const groups = await client.lockGroups.listLockGroups(owner);
      expect(ids(groups.groups)).toEqual(ids(sandbox.data.lockGroups(owner)));
      const contacts = await client.contacts.listContacts(owner);
      expect(contacts.contacts.map((x) => [x.id, x.identifier, x.title])).toEqual(
        sandbox.data.contacts(owner).map((x) => [x.id, usable(x.identifier), usable(x.title)]),
      );
    });

    it('grants come back whole, each holder named by title or identifier', async () => {
      const { sandbox, client, owner } = c;
      const got = await client.grants.listGrants(owner, null);
      const seeded = sandbox.data.grants(owner);
      expect(ids(got.grants)).toEqual(ids(seeded));
      expect(got.grants.map((g) => g.holder.label)).toEqual(
        seeded.map((g) =>
          g.contact
            ? (usable(g.contact.title) ?? usable(g.contact.identifier))
            : g.boundCard
              ? g.boundCard.title || g.boundCard.label
              : null,
        ),
      );
    });

    it('a lock’s log and the account’s log stream whole, every name looked up through capped answers', async () => {
      const { sandbox, client, owner } = c;
      const lock = sandbox.data.boundLocks(owner)[0]!.id;
      const streamed = [];
      for await (const page of client.logs.streamLogEntries(owner, lock, {}))
        streamed.push(...page.entries);
      const seeded = sandbox.data.logEntries(owner, lock);
      expect(seeded).toHaveLength(logEntries);
      expect(ids(streamed)).toEqual(ids(seeded));
      const contacts = new Map(sandbox.data.contacts(owner).map((x) => [x.id, x]));
      const cards = new Map(sandbox.data.boundCards(owner).map((x) => [x.id, x]));
      expect(streamed.map((e) => e.holder.label)).toEqual(
        seeded.map((e) =>
          e.contactId
            ? (usable(contacts.get(e.contactId)!.title) ??
              usable(contacts.get(e.contactId)!.identifier))
            : e.boundCardId
              ? cards.get(e.boundCardId)!.title || cards.get(e.boundCardId)!.label
              : null,
        ),
      );

      const account = [];
      for await (const page of client.logs.streamLogEntries(owner, null, {}))
        account.push(...page.entries);
      expect(ids(account)).toEqual(ids(sandbox.data.accountLogEntries(owner)));
    });

    it('the UI’s pages of a log, cursor after cursor, come back whole', async () => {
      const { sandbox, client, owner } = c;
      const lock = sandbox.data.boundLocks(owner)[1]!.id;
      const shown = [];
      let cursor: string | undefined;
      for (let i = 0; i < 2000; i++) {
        const page = await client.logs.listLogEntries(owner, lock, cursor ? { cursor } : {});
        shown.push(...page.entries);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(ids(shown)).toEqual(ids(sandbox.data.logEntries(owner, lock)));
    });
  },
);

describe('what the cap handling costs', () => {
  it('a list shorter than a page costs one round trip: its page and its twin while the cap is unknown, the page alone once a page of that size was seen whole', async () => {
    await withSandbox({ owners: 2, locks: 3, seed: 'caps-cost' }, async (sandbox) => {
      const alice = sandbox.users[0]!;
      const tokens = await signedInTokenSource(sandbox, alice.username, alice.password, SCOPES);
      const client = createTapkeyClient({ apiBaseUrl: sandbox.apiBaseUrl, tokens, log });
      const [first, second] = alice.ownerAccountIds as [string, string];
      const lock = sandbox.data.boundLocks(first)[0]!.id;
      // 300 entries in pages of 500: the first list of a kind proves its end by the page's twin, asked beside it
      // (299 ids from the second entry on): no request after them.
      for await (const _ of client.logs.streamLogEntries(first, lock, {}));
      expect(sandbox.stats.apiRequests(/LogEntries\?\$top=500&\$filter=/)).toBe(1);
      expect(sandbox.stats.apiRequests(/LogEntries\?\$top=500&\$skip=1&.*\$select=id$/)).toBe(1);
      expect(sandbox.stats.apiRequests(/LogEntries\?/)).toBe(2);
      // The account's log (900 entries) sends a page of 500 whole, so a shorter page of the same kind proves
      // its end by itself: no twin.
      for await (const _ of client.logs.streamLogEntries(first, null, {}));
      sandbox.stats.reset();
      for await (const _ of client.logs.streamLogEntries(first, lock, {
        since: '2026-01-01T00:00:00Z',
      }));
      expect(sandbox.stats.apiRequests(/LogEntries\?.*2026-01-01/)).toBe(1);
      // Lists of another kind learn on their own: a cap of logs says nothing about locks.
      sandbox.stats.reset();
      await client.locks.listBoundLocks(second);
      expect(sandbox.stats.apiRequests(/BoundLocks\?\$top=5000&\$select=id,/)).toBe(1);
      expect(sandbox.stats.apiRequests(/BoundLocks\?\$top=5000&\$skip=1&\$select=id$/)).toBe(1);
      expect(sandbox.stats.apiRequests(/BoundLocks\?/)).toBe(2);
    });
  });

  it('under a cap, one request teaches it: the rest of the list is read by the cap, ahead in parallel', async () => {
    await withSandbox(
      { owners: 1, locks: 1, logEntries: 1300, seed: 'caps-learn', logEntriesPageCap: 100 },
      async (sandbox) => {
        const alice = sandbox.users[0]!;
        const tokens = await signedInTokenSource(sandbox, alice.username, alice.password, SCOPES);
        const client = createTapkeyClient({ apiBaseUrl: sandbox.apiBaseUrl, tokens, log });
        const owner = alice.ownerAccountIds[0]!;
        const lock = sandbox.data.boundLocks(owner)[0]!.id;
        let n = 0;
        for await (const page of client.logs.streamLogEntries(owner, lock, {}))
          n += page.entries.length;
        expect(n).toBe(1300);
        // $top=500 answered with 100 and its twin with 100 too: the cap, learnt in one round trip; then
        // $top=100 pages from $skip=100, with no request at $top=500 to confirm anything.
        expect(sandbox.stats.apiRequests(/LogEntries\?\$top=500&\$filter=/)).toBe(1);
        expect(sandbox.stats.apiRequests(/LogEntries\?\$top=500&\$skip=1&.*\$select=id$/)).toBe(1);
        expect(sandbox.stats.apiRequests(/LogEntries\?.*\$top=500&/)).toBe(2);
        expect(sandbox.stats.apiRequests(/LogEntries\?.*\$top=100&\$skip=100&/)).toBe(1);
        expect(sandbox.stats.apiRequests(/LogEntries\?.*\$top=100&\$skip=200&/)).toBe(1);
        expect(sandbox.stats.apiRequests(/LogEntries\?.*\$top=100&\$skip=1300&/)).toBe(1);
      },
    );
  });
});
