// The look that settles a write whose answer was lost, against the sandbox's state: for each kind of change, it
// says "made" only when Tapkey shows exactly that change for exactly that holder, and "not made" otherwise,
// including when someone else holds the same access. A request it cannot read is "not made" without asking.
import { describe, expect, it } from 'vitest';
import { useWriteClient } from '../../../../test/support/write-client';
import type { ChangeKind, StepTarget, WireRequest } from '../../../shared/model';
import { wireOf, writeCalls, type GrantBody } from '../resources/access-writes';
import { lookUp } from './look-up';
import { target } from './names';

const w = useWriteClient({ owners: 1, locks: 6, grants: 0, seed: 'look-up' });
const sandbox = w.sandbox;
const owner = w.owner;
const lockId = (i: number) => sandbox.data.boundLocks(owner())[i]!.id;
const firstCard = () => sandbox.data.boundCards(owner())[0]!;
const secondCard = () => sandbox.data.boundCards(owner())[1]!;

const look = (operation: ChangeKind, request: WireRequest, t: Partial<StepTarget> = {}) =>
  lookUp(w.client().accessReads, operation, target({ ownerAccountId: owner(), ...t }), request);
const grantRequest = (body: GrantBody) => wireOf(writeCalls.createGrant(owner(), body));
/** A lost grant for an address on lock `lock`, looked up. */
const lookByAddress = (lock: number, identifier: string) =>
  look(
    'give',
    grantRequest({ boundLockId: lockId(lock), contact: { identifier, ipId: 'tapkey' } }),
  );

/** Makes a grant through the API (as a write that did happen); its id and holder. */
async function made(body: GrantBody) {
  const answer = (await w.client().accessWrites.send(writeCalls.createGrant(owner(), body))) as {
    id: string;
    contactId: string | null;
  };
  sandbox.stats.reset();
  return answer;
}

describe('a lost new grant', () => {
  it('for a person by id: made when they hold exactly that access, not when only someone else does', async () => {
    const mine = await made({
      boundLockId: lockId(0),
      contact: { identifier: 'holder@example.org', ipId: 'tapkey' },
    });
    const theirs = await made({
      boundLockId: lockId(1),
      contact: { identifier: 'other@example.org', ipId: 'tapkey' },
    });
    expect(
      await look('give', grantRequest({ boundLockId: lockId(0), contactId: mine.contactId! })),
    ).toEqual({ applied: true, grantId: mine.id, contactId: mine.contactId });
    // Lock 1: only the other person holds that access.
    expect(
      await look('give', grantRequest({ boundLockId: lockId(1), contactId: mine.contactId! })),
    ).toEqual({ applied: false });
    expect(await lookByAddress(1, 'holder@example.org')).toEqual({ applied: false });
    expect(await lookByAddress(1, 'other@example.org')).toEqual({
      applied: true,
      grantId: theirs.id,
      contactId: theirs.contactId,
    });
  });

  it('for an address nobody has yet: not made, after one look at the people', async () => {
    expect(await lookByAddress(0, 'nobody@example.org')).toEqual({ applied: false });
    expect(sandbox.stats.apiRequests(/\/Grants/)).toBe(0);
  });

  it('for a card: made when that card holds it, not when another card does', async () => {
    const onCard = await made({ boundLockId: lockId(2), boundCardId: firstCard().id });
    expect(
      await look('give', grantRequest({ boundLockId: lockId(2), boundCardId: firstCard().id })),
    ).toEqual({ applied: true, grantId: onCard.id, contactId: null });
    expect(
      await look('give', grantRequest({ boundLockId: lockId(2), boundCardId: secondCard().id })),
    ).toEqual({ applied: false });
  });

  it('a request it cannot read (no body, no lock) is not made, and Tapkey is not asked', async () => {
    const put = { method: 'PUT' as const, path: `Owners/${owner()}/Grants` };
    expect(await look('give', { ...put, body: null })).toEqual({ applied: false });
    expect(await look('give', { ...put, body: { contactId: 'c1' } })).toEqual({ applied: false });
    // A journal line is read from disk: a lock id that is not text is not a lock.
    expect(await look('give', { ...put, body: { boundLockId: 42, contactId: 'c1' } })).toEqual({
      applied: false,
    });
    expect(
      await look('create-contact', { ...put, body: { ipId: 'tapkey', identifier: 42 } }),
    ).toEqual({ applied: false });
    expect(sandbox.stats.apiRequests()).toBe(0);
  });
});

describe('a lost new person', () => {
  it('made when a person with that address exists; not made otherwise, or without an address', async () => {
    const { contactId } = await made({
      boundLockId: lockId(3),
      contact: { identifier: 'person@example.org', ipId: 'tapkey' },
    });
    const request = (identifier: string) =>
      wireOf(writeCalls.createContact(owner(), { ipId: 'tapkey', identifier }));
    expect(await look('create-contact', request('person@example.org'))).toEqual({
      applied: true,
      grantId: null,
      contactId,
    });
    expect(await look('create-contact', request('unknown@example.org'))).toEqual({
      applied: false,
    });
    expect(await look('create-contact', { ...request('x@example.org'), body: {} })).toEqual({
      applied: false,
    });
  });
});

describe('a lost revocation', () => {
  it('of one grant: not made while it is active, made once it is revoked or gone', async () => {
    const g = await made({
      boundLockId: lockId(4),
      contact: { identifier: 'revoked@example.org', ipId: 'tapkey' },
    });
    const request = wireOf(writeCalls.revokeGrant(owner(), g.id));
    // Ids compare without case, as Tapkey's do.
    for (const grantId of [g.id, g.id.toUpperCase()])
      expect(await look('revoke-grant', request, { grantId })).toEqual({ applied: false });
    expect(await look('revoke-grant', request, { grantId: null })).toEqual({ applied: false });
    await w.client().accessWrites.revoke(owner(), g.id);
    for (const operation of ['revoke-grant', 'delete-from-card'] as const)
      expect(await look(operation, request, { grantId: g.id })).toEqual({
        applied: true,
        grantId: g.id,
        contactId: null,
      });
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await look('revoke-grant', request, { grantId: unknown })).toEqual({
      applied: true,
      grantId: unknown,
      contactId: null,
    });
  });

  it('of a person’s or a card’s grants: made once none of theirs is active', async () => {
    const g = await made({
      boundLockId: lockId(5),
      contact: { identifier: 'leaver@example.org', ipId: 'tapkey' },
    });
    await made({ boundLockId: lockId(5), boundCardId: secondCard().id });
    const contactId = g.contactId!;
    const person = wireOf(writeCalls.revokeContactGrants(owner(), contactId));
    const lostCard = wireOf(writeCalls.revokeCardGrants(owner(), secondCard().id));
    expect(await look('revoke-person', person, { contactId })).toEqual({ applied: false });
    expect(await look('revoke-card', lostCard, { boundCardId: secondCard().id })).toEqual({
      applied: false,
    });
    await w.client().accessWrites.send(writeCalls.revokeContactGrants(owner(), contactId));
    expect(await look('offboard', person, { contactId })).toEqual({
      applied: true,
      grantId: null,
      contactId,
    });
    // The card's key is still active: the person's revocation did not touch it.
    expect(await look('revoke-card', lostCard, { boundCardId: secondCard().id })).toEqual({
      applied: false,
    });
  });
});
