// Removing all access for a person, through the IPC handlers as the window calls them, against the sandbox's own
// state: the preview counts every active key of theirs in every chosen owner account (found by e-mail, or by one
// account's contact), sends one RevokeGrants per contact holding an active key, skips what is already inactive,
// says which account it could not look in, and names each problem before anything is sent.
import { describe, expect, it } from 'vitest';
import { giveRequest } from '../../../../test/support/give-request';
import { changeFinished, useWriteTests, type WriteCore } from '../../../../test/support/write-core';
import type { ChangeRequest } from '../../../shared/model';

const ROBIN = 'robin.keyholder@example.org';
const t = useWriteTests({ owners: 3, locks: 6, grants: 4, seed: 'offboard' });
const sandbox = t.sandbox;
let w: WriteCore;

const owners = () => sandbox.users[0]!.ownerAccountIds;
const accountName = (id: string) =>
  sandbox.data.ownerAccounts('alice').find((a) => a.id === id)!.name;
/** The person's contacts in an account, and their grants, read from the sandbox alone. */
const contactsOf = (ownerAccountId: string, identifier: string) =>
  sandbox.data.contacts(ownerAccountId).filter((c) => c.identifier === identifier);
const grantsOf = (ownerAccountId: string, contactId: string) =>
  sandbox.data.grants(ownerAccountId).filter((g) => g.contactId === contactId);
const stillValid = (g: { validBefore: string | null }) =>
  g.validBefore === null || Date.parse(g.validBefore) > Date.now();

const offboard = (
  person: Extract<ChangeRequest, { kind: 'offboard' }>['person'],
  ownerAccountIds: string[] | 'all' = 'all',
): ChangeRequest => ({ kind: 'offboard', person, ownerAccountIds });
const preview = (r: ChangeRequest) => w.core.handlers['writes:preview'](r);

describe('offboarding a person by e-mail', () => {
  it.each<[string, 403 | 404, string]>([
    [
      'whose people it may not read (403)',
      403,
      'Tapkey does not let you read people: your role in this owner account does not allow it, or the item does not.',
    ],
    ['that is gone (404)', 404, 'Tapkey could not find people; it may have been removed.'],
  ])('an account %s is named as refused; the others still count', async (_, status, reason) => {
    w = await t.start();
    const [first, second] = owners();
    sandbox.faults.add({
      target: 'api',
      pathPattern: `/Owners/${second}/Contacts`,
      kind: 'status',
      status,
    });
    const plan = await preview(offboard({ kind: 'email', identifier: ROBIN }, [first!, second!]));
    expect(plan.steps.map((s) => [s.target.ownerAccountId, s.disposition])).toEqual([
      [first, 'send'],
      [second, 'refused'],
    ]);
    expect(plan.steps[1]).toMatchObject({
      target: { ownerAccountName: accountName(second!) },
      reason,
      grantIds: [],
    });
    expect(plan.counts).toMatchObject({ send: 1, refused: 1 });
  });

  it('a sign-in whose client may not read core entities (contacts): every account is refused, saying so', async () => {
    const [first, , third] = owners();
    w = await t.start(sandbox, {
      scope: 'read:owneraccounts read:grants offline_access write:grants write:core:entities',
    });
    const unread = await preview(offboard({ kind: 'email', identifier: ROBIN }, [first!, third!]));
    expect(unread.steps.map((s) => [s.target.ownerAccountId, s.disposition])).toEqual([
      [first, 'refused'],
      [third, 'refused'],
    ]);
    expect(unread.steps[0]!.reason).toMatch(/^This app's OAuth client lacks read:core:entities/);
    // Nothing could be read, so nothing is claimed about whether the person is there.
    expect(unread.problems).toEqual([
      {
        code: 'not-found',
        message: `Could not look for ${ROBIN}: none of your 2 owner accounts lets you read its people.`,
      },
    ]);
    const one = await preview(offboard({ kind: 'email', identifier: ROBIN }, [third!]));
    expect(one.problems).toEqual([
      {
        code: 'not-found',
        message: `Could not look for ${ROBIN}: ${accountName(third!)} does not let you read its people.`,
      },
    ]);
    expect(unread.sendable).toBe(false);
    expect(sandbox.stats.writes()).toBe(0);
  });

  it('a person found nowhere, or holding no keys, is a problem; nothing is sent', async () => {
    w = await t.start();
    const [first] = owners();
    expect(
      (await preview(offboard({ kind: 'email', identifier: 'nobody@example.org' }, [first!])))
        .problems,
    ).toEqual([
      {
        code: 'not-found',
        message: `nobody@example.org is not a person in ${accountName(first!)}.`,
      },
    ]);
    const keyless = sandbox.data
      .contacts(first!)
      .find((c) => c.identifier && grantsOf(first!, c.id).length === 0)!;
    expect(
      (await preview(offboard({ kind: 'email', identifier: keyless.identifier! }, 'all'))).problems,
    ).toEqual([
      {
        code: 'not-found',
        message: `${keyless.identifier} holds no keys in 3 owner accounts: there is nothing to revoke.`,
      },
    ]);
    expect(await preview(offboard({ kind: 'email', identifier: 'not an address' }))).toMatchObject({
      title: 'Remove all access for a person',
      steps: [],
      notes: [],
      problems: [
        {
          code: 'invalid-payload',
          message: '"not an address" is not an e-mail address (e.g. robin@example.org).',
        },
      ],
    });
    expect(sandbox.stats.writes()).toBe(0);
  });

  it('one unknown account among those named stops the whole plan, even where the person holds keys', async () => {
    w = await t.start();
    const [first] = owners();
    expect(
      await preview(offboard({ kind: 'email', identifier: ROBIN }, [first!, 'no-such-account'])),
    ).toMatchObject({
      title: 'Remove all access for a person',
      steps: [],
      sendable: false,
      problems: [
        {
          code: 'not-found',
          message: 'No owner account no-such-account among yours (or you have no role in it).',
        },
      ],
    });
  });

  it('a person without keys, or not there, in the one account that can be read: the refused account is neither counted nor claimed', async () => {
    w = await t.start();
    const [first, second] = owners();
    const keyless = sandbox.data
      .contacts(first!)
      .find((c) => c.identifier && grantsOf(first!, c.id).length === 0)!;
    sandbox.faults.add({
      target: 'api',
      pathPattern: `/Owners/${second}/Contacts`,
      kind: 'status',
      status: 403,
    });
    const plan = await preview(
      offboard({ kind: 'email', identifier: keyless.identifier! }, [first!, second!]),
    );
    expect(plan.steps.map((s) => s.disposition)).toEqual(['refused']);
    expect(plan.problems).toEqual([
      {
        code: 'not-found',
        message: `${keyless.identifier} holds no keys in the 1 owner account that could be read: there is nothing to revoke.`,
      },
    ]);
    // Found in none of those that could be read: the refused one is not claimed.
    const nowhere = await preview(
      offboard({ kind: 'email', identifier: 'nobody@example.org' }, [first!, second!]),
    );
    expect(nowhere.problems).toEqual([
      {
        code: 'not-found',
        message: 'nobody@example.org is not a person in the 1 owner account that could be read.',
      },
    ]);
  });
});

describe('offboarding a contact of one account', () => {
  it('across accounts by their address; in their own account alone by the contact itself', async () => {
    w = await t.start();
    const [first] = owners();
    const robin = contactsOf(first!, ROBIN)[0]!;
    const person = { kind: 'contact' as const, ownerAccountId: first!, contactId: robin.id };
    const everywhere = await preview(offboard(person, 'all'));
    const byMail = await preview(offboard({ kind: 'email', identifier: ROBIN }, 'all'));
    expect(everywhere.steps.map((s) => s.request)).toEqual(byMail.steps.map((s) => s.request));

    const here = await preview(offboard(person, [first!.toUpperCase()]));
    expect(here.problems).toEqual([]);
    expect(here.steps.map((s) => s.request)).toEqual([
      {
        method: 'POST',
        path: `Owners/${first}/Contacts/${robin.id}/RevokeGrants`,
        body: null,
      },
    ]);
  });

  it('a contact without an address can be offboarded only in their own account', async () => {
    w = await t.start();
    const [first, second] = owners();
    const nameless = sandbox.data.contacts(first!).find((c) => !c.identifier)!;
    const person = { kind: 'contact' as const, ownerAccountId: first!, contactId: nameless.id };
    const wide = await preview(offboard(person, [first!, second!]));
    expect(wide.problems).toEqual([
      {
        code: 'invalid-payload',
        message: expect.stringMatching(
          new RegExp(
            `has no e-mail address to find them in other owner accounts; offboard them in ${first} only\\.$`,
          ),
        ),
      },
    ]);
    // Named in another case than Tapkey's, the account is still the contact's own.
    const keyless = await preview(offboard(person, [first!.toUpperCase()]));
    expect(keyless.problems).toEqual([
      {
        code: 'not-found',
        message: `person ${nameless.id} holds no keys in 1 owner account: there is nothing to revoke.`,
      },
    ]);
    const given = await changeFinished(
      w.core,
      (
        await w.core.handlers['writes:submit'](
          (
            await preview(
              giveRequest(first!, [sandbox.data.boundLocks(first!)[0]!.id], {
                kind: 'contact',
                contactId: nameless.id,
              }),
            )
          ).planId,
        )
      ).changeId,
    );
    sandbox.stats.reset();
    const here = await preview(offboard(person, [first!.toUpperCase()]));
    expect(here.problems).toEqual([]);
    expect(here.steps).toMatchObject([
      {
        disposition: 'send',
        grantIds: [given.outcomes[0]!.grantId],
        request: {
          method: 'POST',
          path: `Owners/${first}/Contacts/${nameless.id}/RevokeGrants`,
          body: null,
        },
      },
    ]);

    expect(
      (
        await preview(
          offboard({ kind: 'contact', ownerAccountId: first!, contactId: 'no-such-contact' }),
        )
      ).problems,
    ).toEqual([
      { code: 'not-found', message: `No person no-such-contact in owner account ${first}.` },
    ]);
    expect(sandbox.stats.writes()).toBe(0);
  });
});

// Last: it revokes the person's keys, which the tests above read as they were seeded.
describe('sending an offboarding', () => {
  it('counts their active keys per account, sends one RevokeGrants per contact, and a re-run sends nothing', async () => {
    w = await t.start();
    const holding = owners().filter((o) =>
      contactsOf(o, ROBIN).some((c) => grantsOf(o, c.id).some((g) => g.active)),
    );
    expect(holding.length).toBeGreaterThanOrEqual(2);
    const active = holding.flatMap((o) =>
      contactsOf(o, ROBIN).flatMap((c) => grantsOf(o, c.id).filter((g) => g.active)),
    );
    const listedLocks = new Set(
      active.filter(stillValid).map((g) => `${g.boundLockId}`.toLowerCase()),
    );
    const plan = await preview(offboard({ kind: 'email', identifier: ` ${ROBIN} ` }));
    expect(plan.problems).toEqual([]);
    expect(plan.title).toBe(
      `Remove all access for ${ROBIN}: ${active.length} keys on ${listedLocks.size} locks in ${holding.length} owner accounts`,
    );
    expect(plan.steps.map((s) => [s.disposition, s.request])).toEqual(
      holding.flatMap((o) =>
        contactsOf(o, ROBIN).map((c) => [
          'send',
          { method: 'POST', path: `Owners/${o}/Contacts/${c.id}/RevokeGrants`, body: null },
        ]),
      ),
    );
    expect(plan.steps.map((s) => s.target.holderLabel)).toEqual(
      holding.flatMap((o) =>
        contactsOf(o, ROBIN).map((c) => (c.title ? `${c.title} <${ROBIN}>` : ROBIN)),
      ),
    );
    expect(plan.steps.flatMap((s) => s.grantIds).sort()).toEqual(active.map((g) => g.id).sort());
    expect(plan.counts).toMatchObject({
      send: holding.length,
      keys: active.length,
      accounts: holding.length,
    });

    const queued = await w.core.handlers['writes:submit'](plan.planId);
    const done = await changeFinished(w.core, queued.changeId);
    expect(done.outcomes.map((o) => o.status)).toEqual(holding.map(() => 'done'));
    // Progress counts the locks (not groups) whose lists now carry a key of theirs, none synced yet.
    const groups = new Set(owners().flatMap((o) => sandbox.data.lockGroups(o).map((g) => g.id)));
    const onLocks = [...listedLocks].filter((l) => !groups.has(l)).length;
    expect(done.progress?.summary).toBe(
      `Revoked: takes effect at each lock's next sync (0 of ${onLocks} locks synced).`,
    );
    for (const o of owners())
      for (const c of contactsOf(o, ROBIN))
        expect(grantsOf(o, c.id).filter((g) => g.active)).toEqual([]);
    expect(sandbox.stats.writes()).toBe(holding.length);

    const again = await preview(offboard({ kind: 'email', identifier: ROBIN }));
    expect(again.title).toBe(`Remove all access for ${ROBIN}`);
    expect(again.sendable).toBe(false);
    expect(again.problems).toEqual([]);
    expect(again.steps.map((s) => s.disposition)).toEqual(holding.map(() => 'already'));
    expect(again.steps[0]!.reason).toMatch(
      new RegExp(
        `^None of Robin Keyholder <${ROBIN}>'s \\d+ grants? in .+ gives access any more\\.$`,
      ),
    );
  });
});
