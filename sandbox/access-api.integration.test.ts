import { beforeAll, describe, expect, it } from 'vitest';
import { ICAL_TEMPLATES, LOG_END_MS } from './data/access-data';
import { useSandbox } from '../test/support/sandbox';
import { ALL_SCOPES, apiGet, tokensFor } from './test-support';
import { withSandbox } from '../test/support/sandbox';

const ACCESS_SCOPES = `${ALL_SCOPES} read:grants read:logs`;

const sandbox = useSandbox({ owners: 1, locks: 3, grants: 6, logEntries: 1200 });
let token: string;
let owner: string;
let lock: string;

beforeAll(async () => {
  token = (await tokensFor(sandbox, 'alice', ACCESS_SCOPES)).access_token;
  owner = sandbox.users[0]?.ownerAccountIds[0] as string;
  lock = sandbox.data.boundLocks(owner)[0]?.id as string;
});

async function list(
  path: string,
  query: Record<string, string> = {},
  bearer = token,
): Promise<Array<Record<string, unknown>>> {
  const res = await apiGet(sandbox, `${path}?${new URLSearchParams(query)}`, bearer);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Array<Record<string, unknown>>;
}

describe('seeded access data', () => {
  it('is the same for the same seed and covers what the UI must show', async () => {
    await withSandbox({ owners: 1, locks: 3, grants: 6, logEntries: 1200 }, async (again) => {
      expect(again.data.grants(owner)).toEqual(sandbox.data.grants(owner));
      expect(again.data.logEntries(owner, lock)).toEqual(sandbox.data.logEntries(owner, lock));
    });
    const grants = sandbox.data.grants(owner);
    expect(grants).toHaveLength(18);
    expect(grants.some((g) => g.validBefore === null)).toBe(true);
    expect(grants.some((g) => g.timeRestrictionIcal === null)).toBe(true);
    expect(
      grants.some(
        (g) => g.timeRestrictionIcal !== null && ICAL_TEMPLATES.includes(g.timeRestrictionIcal),
      ),
    ).toBe(true);
    expect(grants.some((g) => g.boundCardId !== null)).toBe(true);
    const log = sandbox.data.logEntries(owner, lock);
    expect(log).toHaveLength(1200);
    const times = log.map((e) => Date.parse(e.lockTimestamp));
    expect(times.every((t, i) => i === 0 || t < (times[i - 1] as number))).toBe(true);
    expect(Math.max(...times)).toBeLessThanOrEqual(LOG_END_MS);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(LOG_END_MS - 730 * 86_400_000);
    expect(log.some((e) => e.contactId && !e.boundCardId)).toBe(true);
    expect(log.some((e) => e.boundCardId && !e.contactId)).toBe(true);
    expect(log.some((e) => !e.boundCardId && !e.contactId)).toBe(true);
    // Tapkey's own users are named by e-mail address; the two external-IdP contacts are not (namelessContacts).
    const named = sandbox.data.contacts(owner).filter((c) => c.ipId === 'tapkey');
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((c) => /^[^@\s]+@[^@\s]+$/.test(c.identifier ?? ''))).toBe(true);
  });
});

describe('GET /Owners/{id}/BoundLocks/{id}/LogEntries', () => {
  const path = () => `Owners/${owner}/BoundLocks/${lock}/LogEntries`;

  it('pages newest first with $top/$skip and $orderby=lockTimestamp desc, ending on a short page', async () => {
    const all = sandbox.data.logEntries(owner, lock);
    const first = await list(path(), { $orderby: 'lockTimestamp desc', $top: '500', $skip: '0' });
    const last = await list(path(), { $orderby: 'lockTimestamp desc', $top: '500', $skip: '1000' });
    const past = await list(path(), { $orderby: 'lockTimestamp desc', $top: '500', $skip: '1200' });
    expect(first.map((e) => e.id)).toEqual(all.slice(0, 500).map((e) => e.id));
    expect(last.map((e) => e.id)).toEqual(all.slice(1000).map((e) => e.id));
    expect(past).toEqual([]);
    const ascending = await list(path(), { $orderby: 'lockTimestamp asc', $top: '2' });
    expect(ascending.map((e) => e.id)).toEqual(
      all
        .slice(-2)
        .reverse()
        .map((e) => e.id),
    );
  });

  it("filters like the log-export add-on: logType eq 'Command' and command eq 'TriggerLock', in a date range (both literal forms)", async () => {
    const all = sandbox.data.logEntries(owner, lock);
    const since = '2026-01-01T00:00:00Z';
    const until = '2026-04-01T00:00:00Z';
    const expected = all.filter(
      (e) =>
        e.logType === 'Command' &&
        e.command === 'TriggerLock' &&
        Date.parse(e.lockTimestamp) >= Date.parse(since) &&
        Date.parse(e.lockTimestamp) < Date.parse(until),
    );
    expect(expected.length).toBeGreaterThan(10);
    const iso = await list(path(), {
      $filter: `logType eq 'Command' and command eq 'TriggerLock' and lockTimestamp ge ${since} and lockTimestamp lt ${until}`,
    });
    const v3 = await list(path(), {
      $filter: `logType eq 'Command' and command eq 'TriggerLock' and lockTimestamp ge datetime'${since}' and lockTimestamp lt datetime'${until}'`,
    });
    expect(iso.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(v3).toEqual(iso);
  });

  it('projects with $select and answers 400 for an unknown field, operator or order', async () => {
    const [one] = await list(path(), { $select: 'id,lockTimestamp', $top: '1' });
    expect(Object.keys(one ?? {})).toEqual(['id', 'lockTimestamp']);
    for (const query of <Array<Record<string, string>>>[
      { $select: 'nope' },
      { $filter: "logType sw 'C'" },
      { $orderby: 'title desc' },
      { $filter: 'lockTimestamp ge yesterday' },
    ]) {
      const res = await apiGet(sandbox, `${path()}?${new URLSearchParams(query)}`, token);
      expect(res.status).toBe(400);
    }
  });

  it('answers 404 for a lock of another owner account and for another user', async () => {
    const bob = (await tokensFor(sandbox, 'bob', ACCESS_SCOPES)).access_token;
    expect((await apiGet(sandbox, path(), bob)).status).toBe(404);
    expect(
      (
        await apiGet(
          sandbox,
          `Owners/${owner}/BoundLocks/00000000-0000-4000-8000-000000000000/LogEntries`,
          token,
        )
      ).status,
    ).toBe(404);
  });
});

describe('grants, contacts and bound cards', () => {
  it("lists a lock's grants with $filter=boundLockId eq … and active eq true", async () => {
    const expected = sandbox.data.grants(owner).filter((g) => g.boundLockId === lock && g.active);
    const got = await list(`Owners/${owner}/Grants`, {
      $filter: `boundLockId eq '${lock}' and active eq true`,
    });
    expect(got.map((g) => g.id)).toEqual(expected.map((g) => g.id));
    expect(got[0]).toMatchObject({ boundLock: { physicalLockId: expect.any(String) } });
  });

  it('resolves contacts and cards with id eq … or id eq … and $select', async () => {
    const [a, b] = sandbox.data.contacts(owner);
    const contacts = await list(`Owners/${owner}/Contacts`, {
      $filter: `id eq '${a?.id}' or id eq '${b?.id.toUpperCase()}'`,
      $select: 'id,email',
    });
    expect(contacts).toEqual([
      { id: a?.id, email: a?.email },
      { id: b?.id, email: b?.email },
    ]);
    const card = sandbox.data.boundCards(owner)[3];
    expect(
      await list(`Owners/${owner}/BoundCards`, {
        $filter: `id eq '${card?.id}'`,
        $select: 'id,title',
      }),
    ).toEqual([{ id: card?.id, title: card?.title }]);
  });
});

describe('scopes', () => {
  it.each([
    ['Grants', 'read:grants'],
    ['BoundLocks/{lock}/LogEntries', 'read:logs'],
  ])(
    '%s answers 403 insufficient_scope naming %s to a token with only the base scopes',
    async (tail, scope) => {
      const base = (await tokensFor(sandbox, 'alice', ALL_SCOPES)).access_token;
      const res = await apiGet(sandbox, `Owners/${owner}/${tail.replace('{lock}', lock)}`, base);
      expect(res.status).toBe(403);
      expect(res.headers.get('www-authenticate')).toBe(
        `Bearer error="insufficient_scope", scope="${scope}"`,
      );
    },
  );

  it('BoundCards and Contacts need read:core:entities only (there is no read:contacts)', async () => {
    const base = (await tokensFor(sandbox, 'alice', ALL_SCOPES)).access_token;
    expect((await apiGet(sandbox, `Owners/${owner}/BoundCards`, base)).status).toBe(200);
    expect((await apiGet(sandbox, `Owners/${owner}/Contacts`, base)).status).toBe(200);
    const ownersOnly = (await tokensFor(sandbox, 'alice', 'read:owneraccounts')).access_token;
    const refused = await apiGet(sandbox, `Owners/${owner}/Contacts`, ownersOnly);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toBe(
      'Bearer error="insufficient_scope", scope="read:core:entities"',
    );
  });
});

describe('faults', () => {
  it('apply to the new endpoints: a status, and a malformed item that breaks a validated field', async () => {
    const dispose = sandbox.faults.add({
      target: 'api',
      pathPattern: 'LogEntries',
      kind: 'status',
      status: 503,
      times: 1,
    });
    try {
      expect(
        (await apiGet(sandbox, `Owners/${owner}/BoundLocks/${lock}/LogEntries`, token)).status,
      ).toBe(503);
    } finally {
      dispose();
    }
    const malform = sandbox.faults.add({
      target: 'api',
      pathPattern: 'Grants',
      kind: 'malformed-item',
      times: 1,
    });
    try {
      const [first] = await list(`Owners/${owner}/Grants`);
      expect(first?.validFrom).toBe(42);
    } finally {
      malform();
    }
  });
});
