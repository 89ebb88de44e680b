import { beforeAll, describe, expect, it } from 'vitest';
import { type BoundLockJson } from './index';
import { useSandbox } from '../test/support/sandbox';
import { documented } from './conformance/check';
import { apiGet, tokensFor } from './test-support';
import { withSandbox } from '../test/support/sandbox';

const sandbox = useSandbox({ owners: 3, locks: 12 });
let alice: string;
let bob: string;
let aliceOwner: string;
let bobOwner: string;
let bobEmptyOwner: string;

beforeAll(async () => {
  [alice, bob] = (await Promise.all([tokensFor(sandbox, 'alice'), tokensFor(sandbox, 'bob')])).map(
    (t) => t.access_token,
  ) as [string, string];
  aliceOwner = sandbox.users[0]?.ownerAccountIds[0] as string;
  [bobOwner, bobEmptyOwner] = sandbox.users[1]?.ownerAccountIds as [string, string];
});

async function json(res: Response): Promise<unknown> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return res.json();
}

describe('bearer tokens', () => {
  it.each([
    ['absent', undefined],
    ['malformed', 'not a token!'],
    ['unknown', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  ])(
    'answers 401 with a Bearer challenge and a JSON body when the token is %s',
    async (_name, token) => {
      const res = await fetch(`${sandbox.apiBaseUrl}Owners`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      expect(await json(res)).toMatchObject({
        errorCode: 'Unauthorized',
        message: expect.any(String),
      });
    },
  );

  it('answers 401 for a non-Bearer scheme', async () => {
    const res = await fetch(`${sandbox.apiBaseUrl}Owners`, {
      headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
    });
    expect(res.status).toBe(401);
  });

  it('answers 401 for an access token past its lifetime', async () => {
    // Long enough that a busy machine still uses the token once before it expires.
    await withSandbox({ accessTokenTtlSeconds: 4 }, async (short) => {
      const tokens = await tokensFor(short);
      expect((await apiGet(short, 'Owners', tokens.access_token)).status).toBe(200);
      await expect
        .poll(async () => (await apiGet(short, 'Owners', tokens.access_token)).status, {
          timeout: 15_000,
          interval: 250,
        })
        .toBe(401);
    });
  });

  it('answers 403 naming the missing scope', async () => {
    const ownersOnly = (await tokensFor(sandbox, 'alice', 'read:owneraccounts')).access_token;
    const locksOnly = (await tokensFor(sandbox, 'alice', 'read:core:entities')).access_token;
    expect((await apiGet(sandbox, 'Owners', ownersOnly)).status).toBe(200);
    const noLocks = await apiGet(sandbox, `Owners/${aliceOwner}/BoundLocks`, ownersOnly);
    expect(noLocks.status).toBe(403);
    expect(noLocks.headers.get('www-authenticate')).toContain('scope="read:core:entities"');
    expect(await json(noLocks)).toMatchObject({ errorCode: 'Forbidden' });
    expect((await apiGet(sandbox, 'Owners', locksOnly)).status).toBe(403);
    expect((await apiGet(sandbox, `Owners/${aliceOwner}`, locksOnly)).status).toBe(403);
    expect((await apiGet(sandbox, `Owners/${aliceOwner}/BoundLocks`, locksOnly)).status).toBe(200);
  });
});

describe('owner accounts and bound locks', () => {
  it('serve exactly the seeded JSON as bare arrays', async () => {
    expect(await json(await apiGet(sandbox, 'Owners', alice))).toEqual(
      sandbox.data.ownerAccounts('alice'),
    );
    expect(await json(await apiGet(sandbox, `Owners/${aliceOwner}`, alice))).toEqual(
      sandbox.data.ownerAccounts('alice')[0],
    );
    const locks = (await json(await apiGet(sandbox, `Owners/${aliceOwner}/BoundLocks`, alice))) as {
      id: string;
    }[];
    expect(locks).toEqual(sandbox.data.boundLocks(aliceOwner));
    expect(locks).toHaveLength(12);
    const one = locks[5] as { id: string };
    expect(
      await json(await apiGet(sandbox, `Owners/${aliceOwner}/BoundLocks/${one.id}`, alice)),
    ).toEqual(one);
  });

  it('serve BoundLocks in the documented shape', async () => {
    const [lock] = (await json(
      await apiGet(sandbox, `Owners/${aliceOwner}/BoundLocks?$top=1`, alice),
    )) as Record<string, unknown>[];
    // The documented example's properties (sandbox/conformance/documented-examples.json).
    expect(Object.keys(lock as object).sort()).toEqual(
      Object.keys(documented('BoundLock').example).sort(),
    );
    expect(lock).toMatchObject({
      ownerAccountId: aliceOwner,
      targetType: 'Lock',
      lockType: {
        id: lock?.lockTypeId,
        manufacturerId: expect.any(Number),
        modelName: expect.any(String),
        supportedTechnologies: expect.any(Array),
      },
      supportedFeatures: null,
      membershipStatistics: null,
      healthStatuses: null,
    });
    expect(new Date(lock?.bindDate as string).toISOString()).toBe(lock?.bindDate);
  });

  it('fill expand fields on request in the documented shapes, and refuse unknown ones', async () => {
    const [lock] = (await json(
      await apiGet(
        sandbox,
        `Owners/${aliceOwner}/BoundLocks?$top=1&expand=supportedFeatures,membershipStatistics,healthStatuses`,
        alice,
      ),
    )) as Record<string, unknown>[];
    expect(lock?.supportedFeatures).toEqual({ timeRestrictionIcalSupport: 'Supported' });
    expect(lock?.membershipStatistics).toMatchObject({ ByState: expect.any(Array) });
    expect(Array.isArray(lock?.healthStatuses)).toBe(true);
    expect(lock).toEqual(sandbox.data.expandedBoundLock(aliceOwner, lock?.id as string));
    expect(
      (await apiGet(sandbox, `Owners/${aliceOwner}/BoundLocks?expand=grants`, alice)).status,
    ).toBe(400);
  });

  it('treat paths and ids case-insensitively', async () => {
    const expected = sandbox.data.boundLocks(aliceOwner);
    for (const path of [
      `owners/${aliceOwner}/boundlocks`,
      `OWNERS/${aliceOwner.toUpperCase()}/BOUNDLOCKS`,
      `Owners/${aliceOwner}/BoundLocks/`,
    ]) {
      const res = await apiGet(sandbox, path, alice);
      expect(res.status, path).toBe(200);
      expect(await res.json()).toEqual(expected);
    }
    const lockId = (expected[0] as { id: string }).id;
    expect(
      (await apiGet(sandbox, `owners/${aliceOwner}/boundlocks/${lockId.toUpperCase()}`, alice))
        .status,
    ).toBe(200);
  });

  it('show each user only their own owner accounts; others answer 404 like unknown ids', async () => {
    const bobsOwners = (await json(await apiGet(sandbox, 'Owners', bob))) as { id: string }[];
    expect(bobsOwners.map((o) => o.id)).toEqual([bobOwner, bobEmptyOwner]);
    expect(bobsOwners.map((o) => o.id)).not.toContain(aliceOwner);
    for (const path of [
      `Owners/${aliceOwner}`,
      `Owners/${aliceOwner}/BoundLocks`,
      `Owners/${aliceOwner}/BoundLocks/${sandbox.data.boundLocks(aliceOwner)[0]?.id}`,
    ]) {
      const res = await apiGet(sandbox, path, bob);
      expect(res.status, path).toBe(404);
      expect(await json(res)).toMatchObject({ errorCode: 'NotFound' });
    }
    expect((await apiGet(sandbox, `Owners/${bobOwner}`, alice)).status).toBe(404);
    expect(
      (await apiGet(sandbox, 'Owners/00000000-0000-4000-8000-000000000000', alice)).status,
    ).toBe(404);
    expect((await apiGet(sandbox, `Owners/${aliceOwner}/BoundLocks/nope`, alice)).status).toBe(404);
    expect((await apiGet(sandbox, 'Nonsense', alice)).status).toBe(404);
  });

  it('refuse writes with a JSON 405', async () => {
    const res = await fetch(`${sandbox.apiBaseUrl}Owners`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}` },
    });
    expect(res.status).toBe(405);
    expect(await json(res)).toMatchObject({ errorCode: 'MethodNotAllowed' });
  });
});

describe('OData paging', () => {
  const page = async (query: string): Promise<{ id: string }[]> => {
    const res = await apiGet(sandbox, `Owners/${aliceOwner}/BoundLocks?${query}`, alice);
    expect(res.status, query).toBe(200);
    return (await res.json()) as { id: string }[];
  };

  it('pages an exact multiple of the page size: full pages, then an empty one', async () => {
    const all = sandbox.data.boundLocks(aliceOwner).map((l) => l.id);
    const seen: string[] = [];
    for (let skip = 0; ; skip += 4) {
      const items = await page(`$top=4&$skip=${skip}`);
      seen.push(...items.map((i) => i.id));
      if (items.length < 4) {
        expect(items).toHaveLength(0);
        break;
      }
    }
    expect(seen).toEqual(all);
  });

  it('ends with a short page when the size does not divide the total', async () => {
    expect(await page('$top=5&$skip=10')).toHaveLength(2);
  });

  it('answers an empty array for $skip past the end, $top=0, and an account without locks', async () => {
    expect(await page('$skip=12')).toEqual([]);
    expect(await page('$skip=1000&$top=10')).toEqual([]);
    expect(await page('$top=0')).toEqual([]);
    const empty = await apiGet(sandbox, `Owners/${bobEmptyOwner}/BoundLocks?$top=10`, bob);
    expect(await empty.json()).toEqual([]);
  });

  it.each([
    '$top=-1',
    '$top=abc',
    '$skip=1.5',
    '$top=',
    '$top=1&$top=2',
    '$orderby=title',
    '$count=true',
  ])('answers 400 with JSON for %s', async (query) => {
    const res = await apiGet(sandbox, `Owners/${aliceOwner}/BoundLocks?${query}`, alice);
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ errorCode: 'BadRequest', message: expect.any(String) });
  });
});

describe('OData $filter and $select', () => {
  const locks = () => sandbox.data.boundLocks(aliceOwner);
  const filtered = async (filter: string): Promise<{ id: string }[]> => {
    const res = await apiGet(
      sandbox,
      `Owners/${aliceOwner}/BoundLocks?$filter=${encodeURIComponent(filter)}`,
      alice,
    );
    expect(res.status, filter).toBe(200);
    return (await res.json()) as { id: string }[];
  };

  it('filters on active', async () => {
    expect(await filtered('active eq true')).toEqual(locks().filter((l) => l.active));
    // A lock without `active` matches neither, as a null property matches no `eq` in OData.
    expect(await filtered('active eq false')).toEqual(locks().filter((l) => l.active === false));
  });

  it("filters on id eq 'x' and on ids joined with or", async () => {
    const [a, b] = locks() as [BoundLockJson, BoundLockJson, ...BoundLockJson[]];
    expect((await filtered(`id eq '${a.id}'`)).map((l) => l.id)).toEqual([a.id]);
    expect((await filtered(`id eq '${a.id}' or id eq '${b.id}'`)).map((l) => l.id).sort()).toEqual(
      [a.id, b.id].sort(),
    );
    expect(await filtered("id eq 'missing'")).toEqual([]);
  });

  it('combines filters with paging', async () => {
    const active = locks().filter((l) => l.active);
    const res = await apiGet(
      sandbox,
      `Owners/${aliceOwner}/BoundLocks?$filter=active eq true&$top=2&$skip=1`,
      alice,
    );
    expect(await res.json()).toEqual(active.slice(1, 3));
  });

  it('filters owner accounts too', async () => {
    const res = await apiGet(
      sandbox,
      `Owners?$filter=${encodeURIComponent(`id eq '${aliceOwner}'`)}`,
      alice,
    );
    expect(await res.json()).toEqual([sandbox.data.ownerAccounts('alice')[0]]);
  });

  it.each([
    "title sw 'x'",
    'rclSerialNo eq 3',
    "startswith(title,'B')",
    'active eq 1',
    "id eq 'unterminated",
    'active eq true or',
  ])('answers 400 for the unsupported filter %s', async (filter) => {
    const res = await apiGet(
      sandbox,
      `Owners/${aliceOwner}/BoundLocks?$filter=${encodeURIComponent(filter)}`,
      alice,
    );
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ errorCode: 'BadRequest' });
  });

  it('projects with $select', async () => {
    const res = await apiGet(
      sandbox,
      `Owners/${aliceOwner}/BoundLocks?$select=id,title&$top=2`,
      alice,
    );
    expect(await res.json()).toEqual(
      locks()
        .slice(0, 2)
        .map((l) => ({ id: l.id, title: l.title })),
    );
    expect(
      (await apiGet(sandbox, `Owners/${aliceOwner}/BoundLocks?$select=secret`, alice)).status,
    ).toBe(400);
  });
});

describe('stats', () => {
  it('counts API requests by path pattern', async () => {
    sandbox.stats.reset();
    await apiGet(sandbox, 'Owners', alice);
    await apiGet(sandbox, `Owners/${aliceOwner}/BoundLocks?$top=1`, alice);
    await apiGet(sandbox, `Owners/${aliceOwner}/BoundLocks?$top=1&$skip=1`, alice);
    expect(sandbox.stats.apiRequests()).toBe(3);
    expect(sandbox.stats.apiRequests(/BoundLocks/)).toBe(2);
    expect(sandbox.stats.apiRequests(/\$skip=1/)).toBe(1);
  });
});
