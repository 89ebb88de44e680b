// Issue 16's sandbox side: the write routes of the sheet ("Writing: issuing and revoking access") over HTTP,
// with their realistic effects (revocation pending until the lock syncs, revocation lists that overflow, card
// capacity, plan limit, duplicates, iCal support, roles, write scopes) checked through sandbox.data, which reads
// the sandbox's state without the API.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceProblems, documented } from './conformance/check';
import { CARD_CAPACITY, NEARLY_FULL_CARD } from './data/bound-cards';
import { startSandbox, type GrantJson, type Sandbox, type SandboxOptions } from './index';
import { apiGet, apiSend, tokensFor } from './test-support';

const WRITE_ALL =
  'read:owneraccounts read:core:entities read:grants read:logs write:grants write:core:entities';

interface Ctx {
  sandbox: Sandbox;
  token: string;
  owner: string;
}

async function start(options: SandboxOptions = {}): Promise<Ctx> {
  const sandbox = await startSandbox({ quiet: true, owners: 2, locks: 12, ...options });
  return {
    sandbox,
    token: (await tokensFor(sandbox, 'alice', WRITE_ALL)).access_token,
    owner: sandbox.users[0]?.ownerAccountIds[0] as string,
  };
}

const opened: Ctx[] = [];
async function fresh(options: SandboxOptions = {}): Promise<Ctx> {
  const ctx = await start(options);
  opened.push(ctx);
  return ctx;
}
afterAll(() => Promise.all(opened.map((c) => c.sandbox.close())));

const send = (
  c: Ctx,
  method: 'PUT' | 'PATCH' | 'POST',
  path: string,
  body?: unknown,
  token = c.token,
) => apiSend(c.sandbox, method, path, token, body);

async function json<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A contact grant on a lock that supports iCal, still valid, issued by the test. */
async function newGrant(c: Ctx, lockIndex = 0, contactIndex = 5, extra: object = {}) {
  const lock = c.sandbox.data.boundLocks(c.owner)[lockIndex]?.id as string;
  const contact = c.sandbox.data.contacts(c.owner)[contactIndex]?.id as string;
  const res = await send(c, 'PUT', `Owners/${c.owner}/Grants`, {
    boundLockId: lock,
    contactId: contact,
    validFrom: '2026-01-01T08:00:00Z',
    validBefore: '2099-01-01T00:00:00Z',
    ...extra,
  });
  return json<GrantJson>(res);
}

const grantIn = (c: Ctx, id: string) => c.sandbox.data.grants(c.owner).find((g) => g.id === id);

describe('write scopes (403 insufficient_scope) and roles (403 without it)', () => {
  let c: Ctx;
  beforeAll(async () => {
    c = await fresh();
  });

  it('refuses each write without its scope, naming the scope, and changes nothing', async () => {
    const readOnly = (
      await tokensFor(c.sandbox, 'alice', 'read:owneraccounts read:core:entities read:grants')
    ).access_token;
    const grant = c.sandbox.data.grants(c.owner).find((g) => g.active) as GrantJson;
    const contact = c.sandbox.data.contacts(c.owner)[3]?.id;
    const card = c.sandbox.data.boundCards(c.owner)[3]?.id;
    const before = JSON.stringify([
      c.sandbox.data.grants(c.owner),
      c.sandbox.data.contacts(c.owner),
    ]);
    const cases: Array<[string, 'PUT' | 'PATCH' | 'POST', string, unknown]> = [
      ['write:core:entities', 'PUT', `Owners/${c.owner}/Contacts`, { identifier: 'x@example.com' }],
      ['write:core:entities', 'PATCH', `Owners/${c.owner}/Contacts/${contact}`, { title: 'X' }],
      ['write:core:entities', 'PATCH', `Owners/${c.owner}/BoundCards/${card}`, { title: 'X' }],
      [
        'write:grants',
        'PUT',
        `Owners/${c.owner}/Grants`,
        { boundLockId: grant.boundLockId, contactId: contact },
      ],
      ['write:grants', 'POST', `Owners/${c.owner}/Grants/${grant.id}/Revoke`, undefined],
      ['write:grants', 'POST', `Owners/${c.owner}/Contacts/${contact}/RevokeGrants`, undefined],
      ['write:grants', 'POST', `Owners/${c.owner}/BoundCards/${card}/RevokeGrants`, undefined],
      ['write:grants', 'POST', `Owners/${c.owner}/Grants/${grant.id}/DeleteFromCard`, undefined],
    ];
    for (const [scope, method, path, body] of cases) {
      const res = await send(c, method, path, body, readOnly);
      expect(res.status, path).toBe(403);
      expect(res.headers.get('www-authenticate')).toBe(
        `Bearer error="insufficient_scope", scope="${scope}"`,
      );
    }
    expect(JSON.stringify([c.sandbox.data.grants(c.owner), c.sandbox.data.contacts(c.owner)])).toBe(
      before,
    );
    expect(c.sandbox.stats.appliedWrites()).toBe(0);
    expect(c.sandbox.stats.writes()).toBe(cases.length);
  });

  it('lets an Access Manager write by default (documented: they manage access) and not with accessManagerWrites: false', async () => {
    const carol = (await tokensFor(c.sandbox, 'carol', WRITE_ALL)).access_token;
    const lock = c.sandbox.data.boundLocks(c.owner)[2]?.id;
    const contact = c.sandbox.data.contacts(c.owner)[9]?.id;
    await json(
      await send(
        c,
        'PUT',
        `Owners/${c.owner}/Grants`,
        { boundLockId: lock, contactId: contact },
        carol,
      ),
    );

    const strict = await fresh({ accessManagerWrites: false });
    const carolStrict = (await tokensFor(strict.sandbox, 'carol', WRITE_ALL)).access_token;
    const before = strict.sandbox.data.grants(strict.owner).length;
    const refused = await send(
      strict,
      'PUT',
      `Owners/${strict.owner}/Grants`,
      {
        boundLockId: strict.sandbox.data.boundLocks(strict.owner)[2]?.id,
        contactId: strict.sandbox.data.contacts(strict.owner)[9]?.id,
      },
      carolStrict,
    );
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toBeNull();
    expect(((await refused.json()) as { message: string }).message).toMatch(/role.*Access Manager/);
    expect(strict.sandbox.data.grants(strict.owner)).toHaveLength(before);
    // The Owner may.
    await newGrant(strict, 2, 9);
  });

  it('answers another user’s owner account with 404, as for reads', async () => {
    const bob = (await tokensFor(c.sandbox, 'bob', WRITE_ALL)).access_token;
    const res = await send(
      c,
      'PUT',
      `Owners/${c.owner}/Contacts`,
      { identifier: 'bob@example.com' },
      bob,
    );
    expect(res.status).toBe(404);
  });
});

describe('contacts: PUT and PATCH', () => {
  let c: Ctx;
  beforeAll(async () => {
    c = await fresh({ planPersons: 61 });
  });

  it('creates a Tapkey contact in the documented shape and refuses the same person twice (409)', async () => {
    const created = await json<Record<string, unknown>>(
      await send(c, 'PUT', `Owners/${c.owner}/Contacts`, {
        ipId: 'tapkey',
        identifier: 'New.Person@Example.com',
        title: 'New Person',
        comment: 'Started today',
      }),
    );
    expect(conformanceProblems(created, documented('Contact'))).toEqual([]);
    expect(created).toMatchObject({
      ownerId: c.owner,
      ipId: 'tapkey',
      identifier: 'New.Person@Example.com',
      email: 'New.Person@Example.com',
      title: 'New Person',
      comment: 'Started today',
    });
    expect(c.sandbox.data.contacts(c.owner).at(-1)).toEqual(created);
    expect(
      await json(await apiGet(c.sandbox, `Owners/${c.owner}/Contacts/${created.id}`, c.token)),
    ).toEqual(created);
    const again = await send(c, 'PUT', `Owners/${c.owner}/Contacts`, {
      identifier: 'new.person@example.com',
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ errorCode: 'Conflict' });
  });

  it('answers the plan’s limit of persons with 402 (planPersons) and adds nobody', async () => {
    expect(c.sandbox.data.contacts(c.owner)).toHaveLength(61);
    const res = await send(c, 'PUT', `Owners/${c.owner}/Contacts`, {
      identifier: 'one.more@example.com',
    });
    expect(res.status).toBe(402);
    expect(await res.json()).toMatchObject({ errorCode: 'PaymentRequired' });
    expect(c.sandbox.data.contacts(c.owner)).toHaveLength(61);
  });

  it.each([
    [
      'an identifier that is not an e-mail address for a Tapkey user',
      { identifier: 'not-an-address' },
      400,
    ],
    ['identifier mixed with ipUserId', { identifier: 'a@example.com', ipUserId: 'u1' }, 400],
    ['no identifier', { title: 'Nobody' }, 400],
    ['a number for the identifier', { identifier: 42 }, 400],
  ])('refuses %s', async (_name, body, status) => {
    const before = c.sandbox.data.contacts(c.owner).length;
    expect((await send(c, 'PUT', `Owners/${c.owner}/Contacts`, body)).status).toBe(status);
    expect(c.sandbox.data.contacts(c.owner)).toHaveLength(before);
  });

  it('refuses a body that is not JSON with 415 and unreadable JSON with 400', async () => {
    const url = new URL(`Owners/${c.owner}/Contacts`, c.sandbox.apiBaseUrl);
    const headers = { authorization: `Bearer ${c.token}` };
    expect((await fetch(url, { method: 'PUT', headers, body: 'identifier=a@b.c' })).status).toBe(
      415,
    );
    expect(
      (
        await fetch(url, {
          method: 'PUT',
          headers: { ...headers, 'content-type': 'application/json' },
          body: '{"identifier":',
        })
      ).status,
    ).toBe(400);
  });

  it('patches title and comment only; grants embedding the contact show the new title', async () => {
    const grant = c.sandbox.data.grants(c.owner).find((g) => g.contactId !== null) as GrantJson;
    const path = `Owners/${c.owner}/Contacts/${grant.contactId}`;
    const patched = await json<Record<string, unknown>>(
      await send(c, 'PATCH', path, { title: 'Renamed Person', comment: null }),
    );
    expect(patched).toMatchObject({ id: grant.contactId, title: 'Renamed Person', comment: null });
    expect(grantIn(c, grant.id)?.contact?.title).toBe('Renamed Person');
    const refused = await send(c, 'PATCH', path, { identifier: 'someone.else@example.com' });
    expect(refused.status).toBe(400);
    expect(c.sandbox.data.contacts(c.owner).find((x) => x.id === grant.contactId)?.identifier).toBe(
      grant.contact?.identifier,
    );
    expect(
      (await send(c, 'PATCH', `Owners/${c.owner}/Contacts/${crypto.randomUUID()}`, { title: 'x' }))
        .status,
    ).toBe(404);
  });

  it('renames a card with PATCH BoundCards/{id} (204)', async () => {
    const card = c.sandbox.data.boundCards(c.owner)[4]?.id as string;
    const res = await send(c, 'PATCH', `Owners/${c.owner}/BoundCards/${card}`, {
      title: 'Front desk',
    });
    expect(res.status).toBe(204);
    expect(c.sandbox.data.boundCards(c.owner)[4]?.title).toBe('Front desk');
  });
});

describe('grants: PUT for a contact, an identifier or a card', () => {
  let c: Ctx;
  beforeAll(async () => {
    c = await fresh({ planPersons: 61 });
  });

  it('creates a grant for a contactId in the documented shape, exactly as sent', async () => {
    const ical = [
      'BEGIN:VEVENT',
      'DTSTART:20260105T080000',
      'DTEND:20260105T180000',
      'RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
      'END:VEVENT',
    ].join('\r\n');
    const grant = await newGrant(c, 0, 5, {
      timeRestrictionIcal: ical,
      validFrom: '2026-01-01T08:00:00',
    });
    expect(conformanceProblems(grant, documented('Grant'))).toEqual([]);
    expect(grant).toMatchObject({
      boundLockId: c.sandbox.data.boundLocks(c.owner)[0]?.id,
      contactId: c.sandbox.data.contacts(c.owner)[5]?.id,
      boundCardId: null,
      validFrom: '2026-01-01T08:00:00.000Z',
      validBefore: '2099-01-01T00:00:00.000Z',
      timeRestrictionIcal: ical,
      state: 'Ok',
      active: true,
      owner: null,
    });
    expect(grantIn(c, grant.id)).toEqual(grant);
    expect(c.sandbox.stats.appliedWrites('PUT Grants')).toBe(1);
  });

  it('answers the same active grant twice with 409 and creates nothing', async () => {
    const first = await newGrant(c, 3, 6);
    const count = c.sandbox.data.grants(c.owner).length;
    const res = await send(c, 'PUT', `Owners/${c.owner}/Grants`, {
      boundLockId: first.boundLockId,
      contactId: first.contactId,
      validFrom: first.validFrom,
      validBefore: first.validBefore,
    });
    expect(res.status).toBe(409);
    expect(c.sandbox.data.grants(c.owner)).toHaveLength(count);
    // Another window is another grant.
    await newGrant(c, 3, 6, { validBefore: '2098-01-01T00:00:00Z' });
  });

  it('creates the contact for contact.identifier when missing (needs write:core:entities) and reuses an existing one', async () => {
    const lock = c.sandbox.data.boundLocks(c.owner)[0]?.id;
    const existing = c.sandbox.data.contacts(c.owner)[8];
    const contacts = c.sandbox.data.contacts(c.owner).length;
    const reuse = await json<GrantJson>(
      await send(c, 'PUT', `Owners/${c.owner}/Grants`, {
        boundLockId: lock,
        contact: { identifier: existing?.identifier?.toUpperCase() },
      }),
    );
    expect(reuse.contactId).toBe(existing?.id);
    expect(c.sandbox.data.contacts(c.owner)).toHaveLength(contacts);

    const grantsOnly = (await tokensFor(c.sandbox, 'alice', 'read:grants write:grants'))
      .access_token;
    const refused = await send(
      c,
      'PUT',
      `Owners/${c.owner}/Grants`,
      { boundLockId: lock, contact: { identifier: 'brand.new@example.com' } },
      grantsOnly,
    );
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toContain('scope="write:core:entities"');
    expect(c.sandbox.data.contacts(c.owner)).toHaveLength(contacts);

    const created = await json<GrantJson>(
      await send(c, 'PUT', `Owners/${c.owner}/Grants`, {
        boundLockId: lock,
        contact: { identifier: 'brand.new@example.com' },
        validFrom: null,
        validBefore: null,
      }),
    );
    expect(created.contact).toMatchObject({
      identifier: 'brand.new@example.com',
      ipId: 'tapkey',
      title: null,
    });
    expect(c.sandbox.data.contacts(c.owner)).toHaveLength(contacts + 1);
    // The plan allows 61 persons: the next new person is refused with 402 and no grant is made.
    const grants = c.sandbox.data.grants(c.owner).length;
    const over = await send(c, 'PUT', `Owners/${c.owner}/Grants`, {
      boundLockId: lock,
      contact: { identifier: 'one.too.many@example.com' },
    });
    expect(over.status).toBe(402);
    expect(c.sandbox.data.grants(c.owner)).toHaveLength(grants);
  });

  it('refuses a time restriction on a lock without timeRestrictionIcalSupport (400) and creates nothing', async () => {
    const locks = c.sandbox.data.boundLocks(c.owner);
    const unsupported = locks.find(
      (l) =>
        !c.sandbox.data.expandedBoundLock(c.owner, l.id)?.supportedFeatures
          ?.timeRestrictionIcalSupport,
    );
    expect(unsupported).toBeDefined();
    const count = c.sandbox.data.grants(c.owner).length;
    const res = await send(c, 'PUT', `Owners/${c.owner}/Grants`, {
      boundLockId: unsupported?.id,
      contactId: c.sandbox.data.contacts(c.owner)[2]?.id,
      timeRestrictionIcal:
        'BEGIN:VEVENT\r\nDTSTART:20260105T080000\r\nDTEND:20260105T180000\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain(
      'timeRestrictionIcalSupport',
    );
    expect(c.sandbox.data.grants(c.owner)).toHaveLength(count);
    // Without a restriction the same lock is fine.
    await json(
      await send(c, 'PUT', `Owners/${c.owner}/Grants`, {
        boundLockId: unsupported?.id,
        contactId: c.sandbox.data.contacts(c.owner)[2]?.id,
      }),
    );
  });

  it.each([
    [
      'both a contact and a card',
      (c: Ctx) => ({
        contactId: c.sandbox.data.contacts(c.owner)[1]?.id,
        boundCardId: c.sandbox.data.boundCards(c.owner)[1]?.id,
      }),
      400,
    ],
    ['neither a contact nor a card', () => ({}), 400],
    [
      'validFrom after validBefore',
      (c: Ctx) => ({
        contactId: c.sandbox.data.contacts(c.owner)[1]?.id,
        validFrom: '2027-01-01T00:00:00Z',
        validBefore: '2026-01-01T00:00:00Z',
      }),
      400,
    ],
    [
      'a date that is not ISO',
      (c: Ctx) => ({
        contactId: c.sandbox.data.contacts(c.owner)[1]?.id,
        validFrom: 'next monday',
      }),
      400,
    ],
    [
      'an iCal text that is no VEVENT',
      (c: Ctx) => ({
        contactId: c.sandbox.data.contacts(c.owner)[1]?.id,
        timeRestrictionIcal: 'weekdays',
      }),
      400,
    ],
    ['an unknown contact', () => ({ contactId: crypto.randomUUID() }), 404],
    ['an unknown card', () => ({ boundCardId: crypto.randomUUID() }), 404],
  ])('refuses %s', async (_name, body, status) => {
    const count = c.sandbox.data.grants(c.owner).length;
    const res = await send(c, 'PUT', `Owners/${c.owner}/Grants`, {
      boundLockId: c.sandbox.data.boundLocks(c.owner)[0]?.id,
      ...body(c),
    });
    expect(res.status).toBe(status);
    expect(c.sandbox.data.grants(c.owner)).toHaveLength(count);
  });

  it('refuses an unknown lock with 404', async () => {
    const res = await send(c, 'PUT', `Owners/${c.owner}/Grants`, {
      boundLockId: crypto.randomUUID(),
      contactId: c.sandbox.data.contacts(c.owner)[1]?.id,
    });
    expect(res.status).toBe(404);
  });

  it('fills a card to its 12 grants and refuses the 13th (400), creating nothing', async () => {
    const card = c.sandbox.data.boundCards(c.owner)[NEARLY_FULL_CARD]?.id as string;
    const active = () =>
      c.sandbox.data.grants(c.owner).filter((g) => g.boundCardId === card && g.active);
    expect(active()).toHaveLength(CARD_CAPACITY - 1);
    const lock = c.sandbox.data.boundLocks(c.owner)[0]?.id;
    const twelfth = await json<GrantJson>(
      await send(c, 'PUT', `Owners/${c.owner}/Grants`, {
        boundLockId: lock,
        boundCardId: card,
        validBefore: '2098-06-01T00:00:00Z',
      }),
    );
    expect(twelfth).toMatchObject({
      boundCardId: card,
      contactId: null,
      contact: null,
      boundCard: { id: card },
    });
    expect(active()).toHaveLength(CARD_CAPACITY);
    const thirteenth = await send(c, 'PUT', `Owners/${c.owner}/Grants`, {
      boundLockId: lock,
      boundCardId: card,
      validBefore: '2097-06-01T00:00:00Z',
    });
    expect(thirteenth.status).toBe(400);
    expect(((await thirteenth.json()) as { message: string }).message).toContain('12 grants');
    expect(active()).toHaveLength(CARD_CAPACITY);
  });

  it('creates a group grant: boundLockId is the group’s id and boundLock the group', async () => {
    const group = c.sandbox.data.lockGroups(c.owner)[0];
    const grant = await json<GrantJson>(
      await send(c, 'PUT', `Owners/${c.owner}/Grants`, {
        boundLockId: group?.id,
        contactId: c.sandbox.data.contacts(c.owner)[11]?.id,
      }),
    );
    expect(grant.boundLock).toEqual(group);
  });
});

describe('revoking', () => {
  let c: Ctx;
  beforeAll(async () => {
    c = await fresh();
  });

  it('POST Grants/{id}/Revoke starts a revocation that stays pending until the lock syncs; PUT answers 405', async () => {
    const grant = await newGrant(c, 4, 12);
    const lockBefore = c.sandbox.data.boundLocks(c.owner)[4];
    const put = await send(c, 'PUT', `Owners/${c.owner}/Grants/${grant.id}/Revoke`);
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST');
    expect(grantIn(c, grant.id)?.state).toBe('Ok');

    expect((await send(c, 'POST', `Owners/${c.owner}/Grants/${grant.id}/Revoke`)).status).toBe(204);
    expect(grantIn(c, grant.id)).toMatchObject({ state: 'RevocationPending', active: false });
    expect(c.sandbox.data.pendingLocks(c.owner, grant.id)).toEqual([lockBefore?.id]);
    const lock = c.sandbox.data.boundLocks(c.owner)[4];
    expect(lock?.rclSerialNo).toBe((lockBefore?.rclSerialNo ?? 0) + 1);
    expect(lock?.lastSeenRclSerialNo ?? 0).toBeLessThan(lock?.rclSerialNo ?? 0);
    expect(c.sandbox.data.revocationList(lock?.id as string).phone.map((e) => e.grantId)).toContain(
      grant.id,
    );
    // Revoking again: the state already exists.
    expect((await send(c, 'POST', `Owners/${c.owner}/Grants/${grant.id}/Revoke`)).status).toBe(409);

    // The lock syncs (an admin call over HTTP, as a journey in another process would make it).
    const synced = await fetch(`${c.sandbox.issuer}/__sandbox/sync/locks/${lock?.id}`, {
      method: 'POST',
    });
    expect(synced.status).toBe(204);
    expect(grantIn(c, grant.id)).toMatchObject({ state: 'Revoked', active: false });
    const after = c.sandbox.data.boundLocks(c.owner)[4];
    expect(after?.lastSeenRclSerialNo).toBe(after?.rclSerialNo);
    expect(Date.parse(after?.lastSeenRclUpdateDate as string)).toBeGreaterThan(Date.now() - 60_000);
    expect(
      (
        await fetch(`${c.sandbox.issuer}/__sandbox/sync/locks/${crypto.randomUUID()}`, {
          method: 'POST',
        })
      ).status,
    ).toBe(404);
  });

  it('revokes an expired grant at once, with no revocation list entry', async () => {
    const grant = await newGrant(c, 5, 13, {
      validFrom: '2020-01-01T00:00:00Z',
      validBefore: '2021-01-01T00:00:00Z',
    });
    const lock = c.sandbox.data.boundLocks(c.owner)[5];
    await json(await send(c, 'POST', `Owners/${c.owner}/Grants/${grant.id}/Revoke`), 204);
    expect(grantIn(c, grant.id)?.state).toBe('Revoked');
    expect(c.sandbox.data.boundLocks(c.owner)[5]?.rclSerialNo).toBe(lock?.rclSerialNo);
  });

  it('revokes a group grant on every member lock holding its keys; it is Revoked once all have synced', async () => {
    const group = c.sandbox.data.lockGroups(c.owner)[1] as { id: string };
    const grant = await json<GrantJson>(
      await send(c, 'PUT', `Owners/${c.owner}/Grants`, {
        boundLockId: group.id,
        contactId: c.sandbox.data.contacts(c.owner)[14]?.id,
      }),
    );
    await json(await send(c, 'POST', `Owners/${c.owner}/Grants/${grant.id}/Revoke`), 204);
    const holding = c.sandbox.data
      .lockGroupMembers(c.owner, group.id)
      .filter((m) => m.state === 'Joined' || m.state === 'UnjoinPending')
      .map((m) => m.boundLockId);
    expect(holding.length).toBeGreaterThan(1);
    expect(c.sandbox.data.pendingLocks(c.owner, grant.id).sort()).toEqual([...holding].sort());
    expect(c.sandbox.sync.lock(holding[0] as string)).toBe(true);
    expect(grantIn(c, grant.id)?.state).toBe('RevocationPending');
    expect(c.sandbox.sync.ownerAccount(c.owner)).toBe(true);
    expect(grantIn(c, grant.id)?.state).toBe('Revoked');
  });

  it('POST Contacts/{id}/RevokeGrants revokes every active grant of that person in the account, and no one else’s', async () => {
    const person = c.sandbox.data.contacts(c.owner)[20]?.id as string;
    await newGrant(c, 6, 20);
    await newGrant(c, 7, 20);
    const summary = (gs: GrantJson[]) => gs.map((g) => [g.id, g.state, g.active]);
    const others = summary(c.sandbox.data.grants(c.owner).filter((g) => g.contactId !== person));
    expect(
      (await send(c, 'POST', `Owners/${c.owner}/Contacts/${person}/RevokeGrants`)).status,
    ).toBe(204);
    const theirs = c.sandbox.data.grants(c.owner).filter((g) => g.contactId === person);
    expect(theirs.length).toBeGreaterThanOrEqual(2);
    expect(theirs.every((g) => !g.active && g.state !== 'Ok')).toBe(true);
    expect(summary(c.sandbox.data.grants(c.owner).filter((g) => g.contactId !== person))).toEqual(
      others,
    );
    expect(
      (await send(c, 'POST', `Owners/${c.owner}/Contacts/${crypto.randomUUID()}/RevokeGrants`))
        .status,
    ).toBe(404);
  });

  it('POST BoundCards/{id}/RevokeGrants (a lost card) puts its keys on the card list of each lock', async () => {
    const card = c.sandbox.data.boundCards(c.owner)[NEARLY_FULL_CARD]?.id as string;
    const active = c.sandbox.data.grants(c.owner).filter((g) => g.boundCardId === card && g.active);
    expect(
      (await send(c, 'POST', `Owners/${c.owner}/BoundCards/${card}/RevokeGrants`)).status,
    ).toBe(204);
    expect(active.length).toBeGreaterThan(5);
    for (const g of active) {
      expect(grantIn(c, g.id)?.active).toBe(false);
      const lists = c.sandbox.data.revocationList(g.boundLockId);
      // Only a still-valid key needs a list entry; an expired grant is simply Revoked.
      const stillValid = g.validBefore === null || Date.parse(g.validBefore) > Date.now();
      expect(grantIn(c, g.id)?.state).toBe(stillValid ? 'RevocationPending' : 'Revoked');
      if (stillValid) {
        expect(lists.card.map((e) => e.grantId)).toContain(g.id);
        expect(lists.phone.map((e) => e.grantId)).not.toContain(g.id);
      }
    }
  });

  it('POST Grants/{id}/DeleteFromCard (a card in hand) needs no revocation list: pending until the card syncs', async () => {
    const card = c.sandbox.data.boundCards(c.owner)[6]?.id as string;
    const grant = await json<GrantJson>(
      await send(c, 'PUT', `Owners/${c.owner}/Grants`, {
        boundLockId: c.sandbox.data.boundLocks(c.owner)[8]?.id,
        boundCardId: card,
      }),
    );
    // Written to the card at its next sync.
    expect(c.sandbox.sync.card(card)).toBe(true);
    const lock = c.sandbox.data.boundLocks(c.owner)[8];
    expect(
      (await send(c, 'POST', `Owners/${c.owner}/Grants/${grant.id}/DeleteFromCard`)).status,
    ).toBe(204);
    expect(grantIn(c, grant.id)).toMatchObject({ state: 'DeletionFromCardPending', active: false });
    expect(c.sandbox.data.boundLocks(c.owner)[8]?.rclSerialNo).toBe(lock?.rclSerialNo);
    expect(
      c.sandbox.data.revocationList(lock?.id as string).card.map((e) => e.grantId),
    ).not.toContain(grant.id);
    expect(
      (await send(c, 'POST', `Owners/${c.owner}/Grants/${grant.id}/DeleteFromCard`)).status,
    ).toBe(409);
    const viaHttp = await fetch(`${c.sandbox.issuer}/__sandbox/sync/cards/${card}`, {
      method: 'POST',
    });
    expect(viaHttp.status).toBe(204);
    expect(grantIn(c, grant.id)?.state).toBe('Revoked');
    const contactGrant = await newGrant(c, 8, 21);
    expect(
      (await send(c, 'POST', `Owners/${c.owner}/Grants/${contactGrant.id}/DeleteFromCard`)).status,
    ).toBe(400);
  });

  it('takes Revoke by PUT instead (and answers POST with 405) with revokeMethod: PUT', async () => {
    const put = await fresh({ revokeMethod: 'PUT' });
    const grant = await newGrant(put, 0, 5);
    const post = await send(put, 'POST', `Owners/${put.owner}/Grants/${grant.id}/Revoke`);
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('PUT');
    expect(grantIn(put, grant.id)?.state).toBe('Ok');
    expect((await send(put, 'PUT', `Owners/${put.owner}/Grants/${grant.id}/Revoke`)).status).toBe(
      204,
    );
    expect(grantIn(put, grant.id)?.active).toBe(false);
  });

  it('syncs each lock by itself after syncLocksAfterMs', async () => {
    // Long enough that a busy machine still checks the pending state before the timer syncs the lock.
    const timed = await fresh({ syncLocksAfterMs: 2_000 });
    const grant = await newGrant(timed, 0, 5);
    await json(await send(timed, 'POST', `Owners/${timed.owner}/Grants/${grant.id}/Revoke`), 204);
    expect(grantIn(timed, grant.id)?.state).toBe('RevocationPending');
    await expect
      .poll(() => grantIn(timed, grant.id)?.state, { timeout: 15_000, interval: 50 })
      .toBe('Revoked');
  });
});

describe('revocation list overflow (documented side effect)', () => {
  it('revokes every key issued before the oldest one still on the list: phones renew, cards wait for their next sync', async () => {
    const c = await fresh({ rclCapacity: 2, owners: 1, locks: 12, grants: 0 });
    const lockId = c.sandbox.data.boundLocks(c.owner)[0]?.id as string;
    const card = c.sandbox.data.boundCards(c.owner)[3]?.id as string;
    // Older keys: two phones and a card that stay valid; then three phones revoked one after the other.
    const keptPhones = [await newGrant(c, 0, 30), await newGrant(c, 0, 31)];
    const keptCard = await json<GrantJson>(
      await send(c, 'PUT', `Owners/${c.owner}/Grants`, { boundLockId: lockId, boundCardId: card }),
    );
    c.sandbox.sync.card(card);
    const revoked = [await newGrant(c, 0, 32), await newGrant(c, 0, 33), await newGrant(c, 0, 34)];
    for (const g of revoked)
      await json(await send(c, 'POST', `Owners/${c.owner}/Grants/${g.id}/Revoke`), 204);
    const rcl = c.sandbox.data.revocationList(lockId);
    expect(rcl.capacity).toBe(2);
    expect(rcl.phone.map((e) => e.grantId)).toEqual([revoked[1]?.id, revoked[2]?.id]);
    expect(rcl.revokedBefore.phone).toBe(rcl.phone[0]?.issued);
    expect(rcl.implicit).toEqual(
      keptPhones.map((g) => ({ grantId: g.id, kind: 'phone', renewal: 'renewed' })),
    );
    // The phone and card lists are distinct: the phone overflow leaves the card key alone.
    expect(rcl.revokedBefore.card).toBeNull();
    expect(rcl.implicit.map((r) => r.grantId)).not.toContain(keptCard.id);
    // Then three cards are revoked: the card list overflows too; the kept card waits for its sync.
    const lost = [3, 4, 5].map((i) => c.sandbox.data.boundCards(c.owner)[i + 5]?.id as string);
    for (const id of lost) {
      await json(
        await send(c, 'PUT', `Owners/${c.owner}/Grants`, { boundLockId: lockId, boundCardId: id }),
      );
      c.sandbox.sync.card(id);
    }
    for (const id of lost)
      await json(await send(c, 'POST', `Owners/${c.owner}/BoundCards/${id}/RevokeGrants`), 204);
    const after = c.sandbox.data.revocationList(lockId);
    expect(after.implicit).toContainEqual({
      grantId: keptCard.id,
      kind: 'card',
      renewal: 'at-next-card-sync',
    });
    expect(c.sandbox.sync.card(card)).toBe(true);
    expect(c.sandbox.data.revocationList(lockId).implicit.map((r) => r.grantId)).not.toContain(
      keptCard.id,
    );
    // Over HTTP too, for journeys in another process.
    const viaHttp = await fetch(`${c.sandbox.issuer}/__sandbox/data/locks/${lockId}/rcl`);
    expect(await viaHttp.json()).toEqual(c.sandbox.data.revocationList(lockId));
  });
});

describe('faults on writes', () => {
  /** A raw PUT whose connection error (if any) is returned instead of thrown. */
  function rawPut(
    c: Ctx,
    path: string,
    body: unknown,
  ): Promise<{ status?: number; error?: string }> {
    return new Promise((resolve) => {
      const url = new URL(path, c.sandbox.apiBaseUrl);
      const req = request(
        url,
        {
          method: 'PUT',
          headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
          timeout: 5_000,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode }));
          res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
        },
      );
      req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
      req.end(JSON.stringify(body));
    });
  }

  it('handle-then-drop: the write is applied, then the connection drops before any answer', async () => {
    const c = await fresh();
    const lock = c.sandbox.data.boundLocks(c.owner)[0]?.id;
    const contact = c.sandbox.data.contacts(c.owner)[40]?.id;
    const count = c.sandbox.data.grants(c.owner).length;
    c.sandbox.faults.add({
      target: 'api',
      pathPattern: '/Grants$',
      kind: 'handle-then-drop',
      times: 1,
    });
    const lost = await rawPut(c, `Owners/${c.owner}/Grants`, {
      boundLockId: lock,
      contactId: contact,
    });
    expect(lost.status).toBeUndefined();
    expect(lost.error).toMatch(/ECONNRESET|socket hang up/);
    // The sandbox applied it: exactly one new grant, and a retry would be a duplicate (409).
    expect(c.sandbox.data.grants(c.owner)).toHaveLength(count + 1);
    expect(c.sandbox.stats.appliedWrites('PUT Grants')).toBe(1);
    const retry = await send(c, 'PUT', `Owners/${c.owner}/Grants`, {
      boundLockId: lock,
      contactId: contact,
    });
    expect(retry.status).toBe(409);
    expect(c.sandbox.data.grants(c.owner)).toHaveLength(count + 1);
  });

  it('a status fault or a drop answers instead of the server: nothing is applied, and stats count what arrived', async () => {
    const c = await fresh();
    const body = {
      boundLockId: c.sandbox.data.boundLocks(c.owner)[0]?.id,
      contactId: c.sandbox.data.contacts(c.owner)[41]?.id,
    };
    const before = JSON.stringify(c.sandbox.data.grants(c.owner));
    c.sandbox.faults.add({
      target: 'api',
      pathPattern: '/Grants$',
      kind: 'status',
      status: 503,
      times: 1,
    });
    expect((await rawPut(c, `Owners/${c.owner}/Grants`, body)).status).toBe(503);
    c.sandbox.faults.add({ target: 'api', pathPattern: '/Grants$', kind: 'drop', times: 1 });
    expect((await rawPut(c, `Owners/${c.owner}/Grants`, body)).error).toMatch(
      /ECONNRESET|socket hang up/,
    );
    c.sandbox.faults.add({
      target: 'api',
      pathPattern: '/Grants$',
      kind: 'latency',
      delayMs: 100,
      times: 1,
    });
    const started = Date.now();
    expect(
      (
        await rawPut(c, `Owners/${c.owner}/Grants`, {
          ...body,
          validBefore: '2099-01-01T00:00:00Z',
        })
      ).status,
    ).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(JSON.parse(before)).toHaveLength(c.sandbox.data.grants(c.owner).length - 1);
    expect(c.sandbox.stats.writes(/^PUT .*\/Grants$/)).toBe(3);
    expect(c.sandbox.stats.appliedWrites('PUT Grants')).toBe(1);
    const stats = (await (await fetch(`${c.sandbox.issuer}/__sandbox/stats`)).json()) as {
      writeRequests: Record<string, number>;
      appliedWrites: Record<string, number>;
    };
    expect(Object.values(stats.writeRequests).reduce((a, b) => a + b, 0)).toBe(3);
    expect(stats.appliedWrites).toEqual({ 'PUT Grants': 1 });
  });
});

describe('reading the state without the API (for journeys in another process)', () => {
  it('serves sandbox.data over /__sandbox/data, 404 for anything else', async () => {
    const c = await fresh();
    await newGrant(c, 0, 5);
    for (const [tail, reader] of [
      ['grants', c.sandbox.data.grants],
      ['contacts', c.sandbox.data.contacts],
      ['boundCards', c.sandbox.data.boundCards],
      ['lockGroups', c.sandbox.data.lockGroups],
      ['boundLocks', c.sandbox.data.boundLocks],
    ] as const) {
      const res = await fetch(`${c.sandbox.issuer}/__sandbox/data/owners/${c.owner}/${tail}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(reader(c.owner));
    }
    expect(
      (await fetch(`${c.sandbox.issuer}/__sandbox/data/owners/${c.owner}/secrets`)).status,
    ).toBe(404);
  });
});
