// The read side of the sheet (shared/tapkey-api.md), over HTTP against real sandboxes: documented shapes of
// contacts, cards, grants, lock groups and lock details; `$select` refusing unknown properties; silent page caps;
// roles; the log-range filter refused; the account-wide log; the seed data the access and offboarding work needs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documented } from './conformance/check';
import { CARD_CAPACITY, NEARLY_FULL_CARD } from './data/bound-cards';
import { EXTERNAL_IDP, SHARED_PERSON_IDENTIFIER } from './data/contacts';
import { GUESSED_BEHAVIOUR, startSandbox, type GrantJson, type Sandbox } from './index';
import { apiGet, tokensFor } from './test-support';
import { withSandbox } from '../test/support/sandbox';

const READ_ALL = 'read:owneraccounts read:core:entities read:grants read:logs';
/** The property names of a documented example (sandbox/conformance/documented-examples.json), sorted. */
const documentedKeys = (name: string, ...more: string[]) =>
  [...Object.keys(documented(name).example), ...more].sort();

interface Running {
  sandbox: Sandbox;
  token: string;
  owner: string;
}

async function start(options: Parameters<typeof startSandbox>[0]): Promise<Running> {
  const sandbox = await startSandbox({ quiet: true, ...options });
  const token = (await tokensFor(sandbox, 'alice', READ_ALL)).access_token;
  return { sandbox, token, owner: sandbox.users[0]?.ownerAccountIds[0] as string };
}

let plain: Running;
let sheet: Running;
let capped: Running;
let noTimestampFilter: Running;

beforeAll(async () => {
  [plain, sheet, capped, noTimestampFilter] = await Promise.all([
    // The old guesses, so each point is seen both ways (`sheet` below plays the defaults: the documentation).
    start({ owners: 3, locks: 12, logEntries: 400, ...GUESSED_BEHAVIOUR }),
    start({
      owners: 2,
      locks: 12,
      logEntries: 1300,
      contactEmail: false,
      namelessContacts: true,
      locksWithoutActive: true,
      logEntriesPageCap: 500,
    }),
    start({ owners: 1, locks: 12, logEntries: 60, pageCap: 7 }),
    start({ owners: 1, locks: 2, logEntries: 50, lockTimestampFilter: 'refuse' }),
  ]);
});
afterAll(() =>
  Promise.all([plain, sheet, capped, noTimestampFilter].map((r) => r?.sandbox.close())),
);

async function get(r: Running, path: string, query: Record<string, string> = {}, token = r.token) {
  const qs = new URLSearchParams(query).toString();
  return apiGet(r.sandbox, qs ? `${path}?${qs}` : path, token);
}

async function ok<T = Array<Record<string, unknown>>>(
  r: Running,
  path: string,
  query: Record<string, string> = {},
): Promise<T> {
  const res = await get(r, path, query);
  expect(res.status, `${path} ${await res.clone().text()}`).toBe(200);
  return (await res.json()) as T;
}

describe('contacts (documented: id, ownerId, ipId, identifier, title, comment)', () => {
  it('serve the documented fields, ipId tapkey and the e-mail address as identifier, plus the deprecated email by default', async () => {
    const contacts = await ok(plain, `Owners/${plain.owner}/Contacts`);
    expect(contacts).toEqual(plain.sandbox.data.contacts(plain.owner));
    expect(contacts).toHaveLength(60);
    for (const c of contacts) {
      expect(Object.keys(c).sort()).toEqual(documentedKeys('Contact', 'email'));
      expect(c).toMatchObject({ ownerId: plain.owner, ipId: 'tapkey' });
      expect(c.identifier).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
      expect(c.email).toBe(c.identifier);
    }
    expect(contacts.some((c) => c.title === null)).toBe(true);
    expect(contacts.some((c) => typeof c.title === 'string' && c.title.length > 0)).toBe(true);
    expect(contacts.some((c) => typeof c.comment === 'string')).toBe(true);
    const one = contacts[7] as { id: string };
    expect(await ok(plain, `Owners/${plain.owner}/Contacts/${one.id.toUpperCase()}`)).toEqual(one);
    expect((await get(plain, `Owners/${plain.owner}/Contacts/${crypto.randomUUID()}`)).status).toBe(
      404,
    );
  });

  it('leave email out with contactEmail: false, and then $select=id,email answers 400 while id,identifier works', async () => {
    const contacts = await ok(sheet, `Owners/${sheet.owner}/Contacts`);
    expect(contacts.every((c) => !('email' in c))).toBe(true);
    const refused = await get(sheet, `Owners/${sheet.owner}/Contacts`, { $select: 'id,email' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ errorCode: 'BadRequest' });
    const selected = await ok(sheet, `Owners/${sheet.owner}/Contacts`, {
      $select: 'id,identifier',
    });
    expect(selected[0]).toEqual({ id: contacts[0]?.id, identifier: contacts[0]?.identifier });
    // Today's client selects email: with the default it still works.
    expect(
      (await get(plain, `Owners/${plain.owner}/Contacts`, { $select: 'id,email' })).status,
    ).toBe(200);
  });

  it('include, with namelessContacts, people with neither a usable title nor an identifier', async () => {
    const contacts = await ok(sheet, `Owners/${sheet.owner}/Contacts`);
    const external = contacts.filter((c) => c.ipId === EXTERNAL_IDP);
    expect(external.length).toBeGreaterThanOrEqual(2);
    expect(external.some((c) => c.identifier === null && !c.title)).toBe(true);
    expect(
      external.some(
        (c) => typeof c.identifier === 'string' && !c.identifier.includes('@') && c.title === null,
      ),
    ).toBe(true);
    const plainContacts = plain.sandbox.data.contacts(plain.owner);
    expect(plainContacts.every((c) => c.ipId === 'tapkey' && c.identifier !== null)).toBe(true);
  });
});

describe('bound cards (documented shape)', () => {
  it('serve every documented field, nofGrantsCapacity 12, one by one and as a list', async () => {
    const cards = await ok(plain, `Owners/${plain.owner}/BoundCards`);
    expect(cards).toEqual(plain.sandbox.data.boundCards(plain.owner));
    for (const c of cards) {
      expect(Object.keys(c).sort()).toEqual(documentedKeys('BoundCard'));
      expect(c).toMatchObject({ ownerAccountId: plain.owner, nofGrantsCapacity: 12 });
    }
    const card = cards[2] as { id: string };
    expect(await ok(plain, `Owners/${plain.owner}/BoundCards/${card.id}`)).toEqual(card);
  });

  it('list a card’s grants under /BoundCards/{id}/Grants (read:grants), the seeded card one short of its capacity', async () => {
    const card = plain.sandbox.data.boundCards(plain.owner)[NEARLY_FULL_CARD] as { id: string };
    const grants = await ok(plain, `Owners/${plain.owner}/BoundCards/${card.id}/Grants`);
    expect(grants.map((g) => g.id)).toEqual(
      plain.sandbox.data
        .grants(plain.owner)
        .filter((g) => g.boundCardId === card.id)
        .map((g) => g.id),
    );
    expect(grants.filter((g) => g.active)).toHaveLength(CARD_CAPACITY - 1);
    const coreOnly = (await tokensFor(plain.sandbox, 'alice', 'read:core:entities')).access_token;
    const refused = await get(
      plain,
      `Owners/${plain.owner}/BoundCards/${card.id}/Grants`,
      {},
      coreOnly,
    );
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toContain('scope="read:grants"');
  });
});

describe('grants (documented shape, contact / card / lock embedded)', () => {
  it('serve the documented fields with owner null and exactly one of contact and card, embedding what they name', async () => {
    const grants = await ok<GrantJson[]>(plain, `Owners/${plain.owner}/Grants`);
    expect(grants).toEqual(plain.sandbox.data.grants(plain.owner));
    const contacts = new Map(plain.sandbox.data.contacts(plain.owner).map((c) => [c.id, c]));
    const cards = new Map(plain.sandbox.data.boundCards(plain.owner).map((c) => [c.id, c]));
    const locks = new Map(plain.sandbox.data.boundLocks(plain.owner).map((l) => [l.id, l]));
    const groups = new Map(plain.sandbox.data.lockGroups(plain.owner).map((g) => [g.id, g]));
    for (const g of grants) {
      expect(Object.keys(g).sort()).toEqual(documentedKeys('Grant'));
      expect(g.owner).toBeNull();
      expect((g.contactId === null) !== (g.boundCardId === null)).toBe(true);
      expect(g.contact).toEqual(g.contactId ? contacts.get(g.contactId) : null);
      expect(g.boundCard).toEqual(g.boundCardId ? cards.get(g.boundCardId) : null);
      expect(g.boundLock).toEqual(locks.get(g.boundLockId) ?? groups.get(g.boundLockId));
    }
    const states = new Set(grants.map((g) => g.state));
    expect(states.has('Ok')).toBe(true);
    expect(states.has('Revoked') || states.has('RevocationPending')).toBe(true);
    expect(grants.filter((g) => g.state === 'Ok').every((g) => g.active)).toBe(true);
    expect(grants.filter((g) => g.state !== 'Ok').every((g) => !g.active)).toBe(true);
  });

  it('include group grants whose boundLockId is the group’s id and whose boundLock is the group', async () => {
    const grants = await ok<GrantJson[]>(plain, `Owners/${plain.owner}/Grants`);
    const groupIds = new Set(plain.sandbox.data.lockGroups(plain.owner).map((g) => g.id));
    const groupGrants = grants.filter((g) => groupIds.has(g.boundLockId));
    expect(groupGrants.length).toBeGreaterThan(0);
    expect(groupGrants.every((g) => g.boundLock?.targetType === 'Group')).toBe(true);
    // A lock's filter does not find them: a lock's Access view must look at its groups too.
    const lock = plain.sandbox.data.boundLocks(plain.owner)[0]?.id as string;
    const forLock = await ok<GrantJson[]>(plain, `Owners/${plain.owner}/Grants`, {
      $filter: `boundLockId eq '${lock}'`,
    });
    expect(forLock.every((g) => g.boundLockId === lock)).toBe(true);
  });

  it('never put an iCal restriction on a lock (or group) without iCal support', async () => {
    for (const g of plain.sandbox.data.grants(plain.owner)) {
      if (g.timeRestrictionIcal === null) continue;
      const lock = plain.sandbox.data.expandedBoundLock(plain.owner, g.boundLockId);
      if (lock) expect(lock.supportedFeatures).toEqual({ timeRestrictionIcalSupport: 'Supported' });
    }
  });
});

describe('lock groups (documented shape, statistics)', () => {
  it('list the account’s groups in the documented shape; statistics and supportedFeatures only when expanded', async () => {
    const groups = await ok(plain, `Owners/${plain.owner}/LockGroups`);
    expect(groups).toEqual(plain.sandbox.data.lockGroups(plain.owner));
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) expect(Object.keys(g).sort()).toEqual(documentedKeys('LockGroup'));
    expect(groups.every((g) => g.targetType === 'Group' && g.physicalLockId === null)).toBe(true);
    const expanded = await ok(plain, `Owners/${plain.owner}/LockGroups`, {
      expand: 'statistics,supportedFeatures',
    });
    for (const [i, g] of expanded.entries()) {
      const members = plain.sandbox.data.lockGroupMembers(plain.owner, g.id as string);
      const byState = (g.statistics as { ByState: Array<{ State: string; Count: number }> })
        .ByState;
      for (const s of byState) {
        expect(['JoinPending', 'Joined', 'UnjoinPending', 'Unjoined']).toContain(s.State);
        expect(s.Count).toBe(members.filter((m) => m.state === s.State).length);
      }
      expect(byState.reduce((n, s) => n + s.Count, 0)).toBe(members.length);
      expect(g.supportedFeatures).toBeTypeOf('object');
      expect(g.id).toBe(groups[i]?.id);
    }
  });

  it('serve one group by id, 404 for an unknown one, and refuse the scope-less and the other user', async () => {
    const [group] = plain.sandbox.data.lockGroups(plain.owner);
    const one = await ok<Record<string, unknown>>(
      plain,
      `Owners/${plain.owner}/lockgroups/${group?.id}`,
      {
        expand: 'statistics',
      },
    );
    expect(one).toMatchObject({ ...group, statistics: { ByState: expect.any(Array) } });
    expect(
      (await get(plain, `Owners/${plain.owner}/LockGroups/${crypto.randomUUID()}`)).status,
    ).toBe(404);
    const bob = (await tokensFor(plain.sandbox, 'bob', READ_ALL)).access_token;
    expect((await get(plain, `Owners/${plain.owner}/LockGroups`, {}, bob)).status).toBe(404);
    const owners = (await tokensFor(plain.sandbox, 'alice', 'read:owneraccounts')).access_token;
    expect((await get(plain, `Owners/${plain.owner}/LockGroups`, {}, owners)).status).toBe(403);
  });

  it('serve no membership route (Tapkey documents none)', async () => {
    const [group] = plain.sandbox.data.lockGroups(plain.owner);
    for (const tail of ['Locks', 'BoundLocks', 'Members'])
      expect(
        (await get(plain, `Owners/${plain.owner}/LockGroups/${group?.id}/${tail}`)).status,
      ).toBe(404);
  });
});

describe('$select must name existing properties (OData answers 400)', () => {
  it('on every list and object route', async () => {
    const { sandbox, owner } = plain;
    const lock = sandbox.data.boundLocks(owner)[0]?.id;
    const group = sandbox.data.lockGroups(owner)[0]?.id;
    const card = sandbox.data.boundCards(owner)[0]?.id;
    const contact = sandbox.data.contacts(owner)[0]?.id;
    const routes = [
      'Owners',
      `Owners/${owner}`,
      `Owners/${owner}/BoundLocks`,
      `Owners/${owner}/BoundLocks/${lock}`,
      `Owners/${owner}/BoundLocks/${lock}/LogEntries`,
      `Owners/${owner}/LogEntries`,
      `Owners/${owner}/LockGroups`,
      `Owners/${owner}/LockGroups/${group}`,
      `Owners/${owner}/BoundCards`,
      `Owners/${owner}/BoundCards/${card}`,
      `Owners/${owner}/BoundCards/${card}/Grants`,
      `Owners/${owner}/Contacts`,
      `Owners/${owner}/Contacts/${contact}`,
      `Owners/${owner}/Grants`,
    ];
    for (const route of routes) {
      const refused = await get(plain, route, { $select: 'id,noSuchProperty' });
      expect(refused.status, route).toBe(400);
      expect(((await refused.json()) as { message: string }).message).toContain('noSuchProperty');
      expect((await get(plain, route, { $select: 'id' })).status, route).toBe(200);
    }
  });
});

describe('silent page caps', () => {
  it('pageCap truncates every list page to N items, with no error and no header saying so', async () => {
    const { owner } = capped;
    const lock = capped.sandbox.data.boundLocks(owner)[0]?.id;
    for (const route of [
      `Owners/${owner}/BoundLocks`,
      `Owners/${owner}/Grants`,
      `Owners/${owner}/Contacts`,
      `Owners/${owner}/BoundCards`,
      `Owners/${owner}/BoundLocks/${lock}/LogEntries`,
      `Owners/${owner}/LogEntries`,
    ]) {
      for (const query of <Array<Record<string, string>>>[
        {},
        { $top: '100' },
        { $top: '100', $skip: '3' },
      ]) {
        const res = await get(capped, route, query);
        expect(res.status).toBe(200);
        expect(((await res.json()) as unknown[]).length, route).toBe(7);
        expect([...res.headers.keys()].sort()).toEqual(
          [
            'cache-control',
            'connection',
            'content-length',
            'content-type',
            'date',
            'keep-alive',
          ].sort(),
        );
      }
      // A $top under the cap is served as asked.
      expect(((await ok(capped, route, { $top: '3' })) as unknown[]).length).toBe(3);
    }
  });

  it('logEntriesPageCap caps log pages at 500 (as Tapkey’s exporter expects) and leaves other lists alone', async () => {
    const { sandbox, owner } = sheet;
    const lock = sandbox.data.boundLocks(owner)[0]?.id as string;
    const all = sandbox.data.logEntries(owner, lock);
    expect(all).toHaveLength(1300);
    const first = await ok(sheet, `Owners/${owner}/BoundLocks/${lock}/LogEntries`, {
      $top: '1000',
    });
    expect(first.map((e) => e.id)).toEqual(all.slice(0, 500).map((e) => e.id));
    const third = await ok(sheet, `Owners/${owner}/BoundLocks/${lock}/LogEntries`, {
      $top: '1000',
      $skip: '1000',
    });
    expect(third.map((e) => e.id)).toEqual(all.slice(1000).map((e) => e.id));
    expect(await ok(sheet, `Owners/${owner}/LogEntries`, { $top: '1000' })).toHaveLength(500);
    expect(await ok(sheet, `Owners/${owner}/Contacts`, { $top: '1000' })).toHaveLength(60);
    // The default plays today's client: no cap.
    const lockPlain = plain.sandbox.data.boundLocks(plain.owner)[0]?.id as string;
    expect(await ok(plain, `Owners/${plain.owner}/LogEntries`, { $top: '1000' })).toHaveLength(
      1000,
    );
    expect(
      await ok(plain, `Owners/${plain.owner}/BoundLocks/${lockPlain}/LogEntries`, { $top: '1000' }),
    ).toHaveLength(400);
  });
});

describe('roles: an Access Manager cannot see access logs (support.tapkey.com)', () => {
  it('answers carol (Access Manager in alice’s first account) 403 without insufficient_scope, naming the role', async () => {
    const { sandbox, owner } = plain;
    const carol = (await tokensFor(sandbox, 'carol', READ_ALL)).access_token;
    const lock = sandbox.data.boundLocks(owner)[0]?.id as string;
    expect(sandbox.data.ownerAccounts('carol').map((o) => o.id)).toEqual([owner]);
    for (const route of [
      `Owners/${owner}/BoundLocks/${lock}/LogEntries`,
      `Owners/${owner}/LogEntries`,
    ]) {
      const res = await get(plain, route, {}, carol);
      expect(res.status).toBe(403);
      expect(res.headers.get('www-authenticate')).toBeNull();
      const body = (await res.json()) as { errorCode: string; message: string };
      expect(body.errorCode).toBe('Forbidden');
      expect(body.message).toMatch(/role.*Access Manager.*access logs/);
      expect(body.message).not.toMatch(/insufficient_scope/);
    }
    // Everything else she may read; alice, the Owner, may read the logs with the same scopes.
    for (const route of [
      `Owners/${owner}/Grants`,
      `Owners/${owner}/Contacts`,
      `Owners/${owner}/BoundLocks`,
    ])
      expect((await get(plain, route, {}, carol)).status).toBe(200);
    expect((await get(plain, `Owners/${owner}/LogEntries`)).status).toBe(200);
    // Her other owner accounts do not exist: alice's second one is a 404 to her.
    const second = sandbox.users[0]?.ownerAccountIds[1] as string;
    expect((await get(plain, `Owners/${second}/Grants`, {}, carol)).status).toBe(404);
  });
});

describe('log ranges: $filter on lockTimestamp (undocumented)', () => {
  it('answers 400 with lockTimestampFilter: refuse, while the exporter’s own filter and order still work', async () => {
    const { owner, sandbox } = noTimestampFilter;
    const lock = sandbox.data.boundLocks(owner)[0]?.id as string;
    const path = `Owners/${owner}/BoundLocks/${lock}/LogEntries`;
    for (const route of [path, `Owners/${owner}/LogEntries`]) {
      const refused = await get(noTimestampFilter, route, {
        $filter: 'lockTimestamp ge 2026-01-01T00:00:00Z',
      });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { message: string }).message).toContain('lockTimestamp');
    }
    const commands = await ok(noTimestampFilter, path, {
      $filter: "logType eq 'Command' and command eq 'TriggerLock'",
      $orderby: 'lockTimestamp desc',
    });
    expect(commands.map((e) => e.id)).toEqual(
      sandbox.data
        .logEntries(owner, lock)
        .filter((e) => e.logType === 'Command' && e.command === 'TriggerLock')
        .map((e) => e.id),
    );
    const plainLock = plain.sandbox.data.boundLocks(plain.owner)[0]?.id;
    expect(
      (
        await get(plain, `Owners/${plain.owner}/BoundLocks/${plainLock}/LogEntries`, {
          $filter: 'lockTimestamp ge 2026-01-01T00:00:00Z',
        })
      ).status,
    ).toBe(200);
  });
});

describe('the account-wide log: GET /Owners/{id}/LogEntries', () => {
  it('holds every lock’s entries, newest first, with the same filters and paging as one lock’s log', async () => {
    const { sandbox, owner } = plain;
    const locks = sandbox.data.boundLocks(owner);
    const all = sandbox.data.accountLogEntries(owner);
    expect(all).toHaveLength(locks.length * 400);
    const times = all.map((e) => e.lockTimestamp);
    expect(times.every((t, i) => i === 0 || t <= (times[i - 1] as string))).toBe(true);
    const pages = [
      ...(await ok(plain, `Owners/${owner}/LogEntries`, {
        $orderby: 'lockTimestamp desc',
        $top: '2000',
      })),
      ...(await ok(plain, `Owners/${owner}/LogEntries`, {
        $orderby: 'lockTimestamp desc',
        $top: '2000',
        $skip: '2000',
      })),
      ...(await ok(plain, `Owners/${owner}/LogEntries`, {
        $orderby: 'lockTimestamp desc',
        $top: '2000',
        $skip: '4000',
      })),
    ];
    expect(pages.map((e) => e.id)).toEqual(all.map((e) => e.id));
    const lock = locks[3]?.id as string;
    const oneLock = await ok(plain, `Owners/${owner}/LogEntries`, {
      $filter: `boundLockId eq '${lock}'`,
    });
    expect(oneLock.map((e) => e.id)).toEqual(sandbox.data.logEntries(owner, lock).map((e) => e.id));
    const person = all.find((e) => e.contactId)?.contactId as string;
    const theirs = await ok(plain, `Owners/${owner}/LogEntries`, {
      $filter: `contactId eq '${person}' and lockTimestamp lt 2026-06-01T00:00:00Z`,
    });
    expect(theirs.map((e) => e.id)).toEqual(
      all
        .filter((e) => e.contactId === person && e.lockTimestamp < '2026-06-01T00:00:00.000Z')
        .map((e) => e.id),
    );
    expect(new Set(theirs.map((e) => e.boundLockId)).size).toBeGreaterThan(1);
    const scopeless = (await tokensFor(sandbox, 'alice', 'read:core:entities')).access_token;
    expect((await get(plain, `Owners/${owner}/LogEntries`, {}, scopeless)).status).toBe(403);
  });
});

describe('lock details (documented expand shapes)', () => {
  it('fill supportedFeatures, membershipStatistics.ByState and healthStatuses as documented, with Invalid and Outdated values', async () => {
    const { owner, sandbox } = plain;
    const locks = await ok(plain, `Owners/${owner}/BoundLocks`, {
      expand: 'supportedFeatures,membershipStatistics,healthStatuses',
    });
    expect(locks).toEqual(
      sandbox.data.boundLocks(owner).map((l) => sandbox.data.expandedBoundLock(owner, l.id)),
    );
    const features = locks.map((l) => l.supportedFeatures as Record<string, unknown>);
    expect(features.some((f) => f.timeRestrictionIcalSupport === 'Supported')).toBe(true);
    expect(features.some((f) => !('timeRestrictionIcalSupport' in f))).toBe(true);
    const statuses = locks.flatMap((l) => l.healthStatuses as Array<Record<string, unknown>>);
    for (const h of statuses) {
      expect(Object.keys(h).sort()).toEqual(
        Object.keys(
          (documented('BoundLock, expanded').example.healthStatuses as object[])[0] ?? {},
        ).sort(),
      );
      expect(['BatteryVoltage', 'Temperature', 'BatteryWarningLevel']).toContain(h.type);
      expect(['Ok', 'Outdated', 'Invalid']).toContain(h.valueStatus);
      expect(h.value).toBeTypeOf('number');
    }
    expect(statuses.some((h) => h.valueStatus === 'Invalid')).toBe(true);
    expect(statuses.some((h) => h.valueStatus === 'Outdated')).toBe(true);
    for (const l of locks) {
      const byState = (
        l.membershipStatistics as { ByState: Array<{ State: string; Count: number }> }
      ).ByState;
      const memberships = sandbox.data
        .lockGroups(owner)
        .flatMap((g) => sandbox.data.lockGroupMembers(owner, g.id))
        .filter((m) => m.boundLockId === l.id);
      expect(byState.reduce((n, s) => n + s.Count, 0)).toBe(memberships.length);
    }
  });

  it('let revocation lists lag, include an id with a zero length prefix, and leave out active only when asked', async () => {
    const all =
      plain.sandbox.users[0]?.ownerAccountIds.flatMap((o) => plain.sandbox.data.boundLocks(o)) ??
      [];
    expect(
      all.some((l) => l.lastSeenRclSerialNo !== null && l.lastSeenRclSerialNo < l.rclSerialNo),
    ).toBe(true);
    expect(all.some((l) => l.lastSeenRclSerialNo === null)).toBe(true);
    const prefixes = all.map((l) => Buffer.from(l.physicalLockId, 'base64').readUInt16LE(0));
    expect(prefixes).toContain(0);
    expect(prefixes.some((p) => p > 0)).toBe(true);
    expect(all.every((l) => typeof l.active === 'boolean')).toBe(true);
    const locks = await ok(sheet, `Owners/${sheet.owner}/BoundLocks`);
    expect(locks.some((l) => !('active' in l))).toBe(true);
    expect(locks.some((l) => typeof l.active === 'boolean')).toBe(true);
  });
});

/** alice's accounts, and those where the shared person is a contact with an active grant. */
function sharedPersonHolding(sandbox: Sandbox) {
  const accounts = sandbox.users[0]?.ownerAccountIds ?? [];
  const holding = accounts.filter((o) => {
    const person = sandbox.data.contacts(o).find((c) => c.identifier === SHARED_PERSON_IDENTIFIER);
    return person && sandbox.data.grants(o).some((g) => g.contactId === person.id && g.active);
  });
  return { accounts, holding };
}

describe('seed data for access management', () => {
  it('makes one person (the same identifier) a contact with active grants in two of alice’s accounts by default', async () => {
    const { accounts, holding } = sharedPersonHolding(plain.sandbox);
    expect(holding).toEqual(accounts.slice(0, 2));
  });

  it('makes them hold keys in 50 accounts with sharedPersonAccounts: 50 (the offboarding bench)', async () => {
    await withSandbox({ owners: 50, locks: 2, grants: 2, sharedPersonAccounts: 50 }, async (big) =>
      expect(sharedPersonHolding(big).holding).toHaveLength(50),
    );
  });
});
