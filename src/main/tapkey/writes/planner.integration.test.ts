// Previews of giving and revoking, made by the planner from what the sandbox serves (nothing is sent): titles,
// steps, notes and problems as the review step shows them, with the expected values read from the sandbox's data.
import { describe, expect, it } from 'vitest';
import { useWriteClient } from '../../../../test/support/write-client';
import type { ChangeRequest } from '../../../shared/model';
import { writeCalls, type GrantBody } from '../resources/access-writes';
import { previewChange } from './planner';

const w = useWriteClient({ owners: 1, locks: 8, grants: 4, seed: 'planner' });
const sandbox = w.sandbox;
const owner = w.owner;
const NOW = Date.now();
const account = () => sandbox.data.ownerAccounts('alice').find((a) => a.id === owner())!;
const locks = () => sandbox.data.boundLocks(owner());
const icalOf = (id: string) =>
  (
    sandbox.data.expandedBoundLock(owner(), id)!.supportedFeatures as {
      timeRestrictionIcalSupport?: string;
    } | null
  )?.timeRestrictionIcalSupport === 'Supported';
const groupIds = () => new Set(sandbox.data.lockGroups(owner()).map((g) => g.id));
const live = (g: { validBefore: string | null }) =>
  g.validBefore === null || Date.parse(g.validBefore) > NOW;

/** A grant made through the API; its id, lock and holder as Tapkey answered. */
async function made(body: GrantBody) {
  const g = (await w.client().accessWrites.send(writeCalls.createGrant(owner(), body))) as {
    id: string;
    boundLockId: string;
    contactId: string;
  };
  sandbox.stats.reset();
  return g;
}

async function preview(request: ChangeRequest) {
  const p = await previewChange(
    { reads: w.client().accessReads, listOwnerAccounts: async () => [], now: NOW },
    request,
    5,
  );
  expect(sandbox.stats.writes()).toBe(0);
  return p.plan;
}
const give = (patch: Partial<Extract<ChangeRequest, { kind: 'give' }>>): ChangeRequest => ({
  kind: 'give',
  ownerAccountId: owner(),
  holder: { kind: 'email', identifier: 'planned@example.org' },
  boundLockIds: [locks()[0]!.id],
  validFrom: null,
  validBefore: null,
  schedule: null,
  ...patch,
});

describe('previewing a give', () => {
  it('a new address on a schedule, in a window: one PUT per lock, said in words', async () => {
    const [a, b] = locks().filter((l) => icalOf(l.id));
    const plan = await preview(
      give({
        holder: { kind: 'email', identifier: ' planned@example.org ' },
        boundLockIds: [a!.id, b!.id, a!.id.toUpperCase()],
        validFrom: '2027-01-04T00:00:00Z',
        validBefore: '2027-02-01T12:30:00Z',
        schedule: { days: ['MO', 'TU', 'WE', 'TH', 'FR'], start: '08:00', end: '18:00' },
      }),
    );
    expect(plan.problems).toEqual([]);
    expect(plan.title).toBe(
      'Give planned@example.org access to 2 locks (Mon–Fri, 08:00–18:00, from 2027-01-04 until 2027-02-01 12:30)',
    );
    expect(plan.steps.map((s) => s.request?.body)).toEqual(
      [a!, b!].map((l) => ({
        boundLockId: l.id,
        validFrom: '2027-01-04T00:00:00.000Z',
        validBefore: '2027-02-01T12:30:00.000Z',
        timeRestrictionIcal: expect.stringContaining('RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'),
        contact: { identifier: 'planned@example.org', ipId: 'tapkey' },
      })),
    );
    expect(plan.notes.map((n) => [n.code, n.message])).toEqual([
      [
        'new-contact',
        `planned@example.org is not yet a person in ${account().name}: Tapkey adds them with the first grant.`,
      ],
      [
        'phone-delivery',
        "The key reaches the person's phone when they next open the Tapkey app (at once if they are signed in).",
      ],
    ]);
  });

  it('a person who already has it on one lock: that lock is skipped, named in a note', async () => {
    const held = await made({
      boundLockId: locks()[1]!.id,
      contact: { identifier: 'holder@example.org', ipId: 'tapkey' },
    });
    const other = locks().find((l) => l.id !== held.boundLockId)!;
    const plan = await preview(
      give({
        holder: { kind: 'contact', contactId: held.contactId! },
        boundLockIds: [held.boundLockId, other.id],
      }),
    );
    expect(plan.steps.map((s) => [s.disposition, s.target.boundLockId])).toEqual([
      ['already', held.boundLockId],
      ['send', other.id],
    ]);
    expect(plan.steps[0]!.target.grantId).toBe(held.id);
    expect(plan.steps[1]!.request!.body).toEqual({
      boundLockId: other.id,
      contactId: held.contactId,
    });
    expect(plan.notes.map((n) => n.message)).toContain(
      '1 lock already has this access and will be skipped.',
    );
  });

  it('a card: written at its next sync; its capacity counts what it holds', async () => {
    const card = sandbox.data.boundCards(owner())[0]!;
    const active = sandbox.data
      .grants(owner())
      .filter((g) => g.boundCardId === card.id && g.active).length;
    const room = card.nofGrantsCapacity - active;
    const ids = locks().map((l) => l.id);
    const plan = await preview(
      give({ holder: { kind: 'card', boundCardId: card.id }, boundLockIds: ids }),
    );
    const sending = plan.steps.filter((s) => s.disposition === 'send').length;
    expect(plan.notes.map((n) => n.code)).toContain('card-delivery');
    if (sending > room)
      expect(plan.problems).toEqual([
        {
          code: 'invalid-payload',
          message: `${card.title} holds ${active} of the ${card.nofGrantsCapacity} grants a card can hold; ${sending} more would exceed it. Remove a grant from the card first, or give fewer locks.`,
        },
      ]);
    else expect(plan.problems).toEqual([]);
    expect(
      plan.steps.every((s) => s.request === null || 'boundCardId' in (s.request.body as object)),
    ).toBe(true);
  });

  it('bad input is named before anything is read', async () => {
    const problems = async (patch: Parameters<typeof give>[0]) =>
      (await preview(give(patch))).problems.map((p) => p.message);
    sandbox.stats.reset();
    expect(await problems({ validFrom: 'soon' })).toEqual(['The start ("from") is not a date.']);
    expect(await problems({ validBefore: 'later' })).toEqual(['The end ("until") is not a date.']);
    expect(
      await problems({ validFrom: '2027-02-01T00:00:00Z', validBefore: '2027-01-01T00:00:00Z' }),
    ).toEqual([
      'The end (2027-01-01T00:00:00.000Z) must be after the start (2027-02-01T00:00:00.000Z).',
    ]);
    expect(await problems({ validBefore: '2020-01-01T00:00:00Z' })).toEqual([
      'The end (2020-01-01T00:00:00.000Z) is in the past: this access would never work.',
    ]);
    expect(await problems({ schedule: { days: [], start: '08:00', end: '09:00' } })).toEqual([
      'Choose at least one day for the schedule.',
    ]);
    expect(sandbox.stats.apiRequests()).toBe(0);
  });

  it('an unknown lock, and locks that cannot keep a schedule, are named', async () => {
    const without = locks().filter((l) => !icalOf(l.id));
    const withIcal = locks().find((l) => icalOf(l.id))!;
    const schedule = { days: ['SA' as const], start: '10:00', end: '12:00' };
    expect(
      (await preview(give({ boundLockIds: [withIcal.id, without[0]!.id], schedule }))).problems,
    ).toEqual([
      {
        code: 'invalid-payload',
        message: `${without[0]!.title} cannot keep a weekly schedule (Tapkey does not report time-restriction support for it). Give access without a schedule, or leave that lock out.`,
      },
    ]);
    if (without.length > 1)
      expect(
        (await preview(give({ boundLockIds: without.slice(0, 2).map((l) => l.id), schedule })))
          .problems[0]!.message,
      ).toBe(
        `${without[0]!.title}, ${without[1]!.title} cannot keep a weekly schedule (Tapkey does not report time-restriction support for them). Give access without a schedule, or leave those locks out.`,
      );
    expect((await preview(give({ boundLockIds: ['no-such-lock'] }))).problems).toEqual([
      { code: 'not-found', message: `No lock no-such-lock in ${account().name}.` },
    ]);
  });

  it('a group is a target of its own', async () => {
    const group = sandbox.data.lockGroups(owner())[0]!;
    const plan = await preview(give({ boundLockIds: [group.id] }));
    expect(plan.problems).toEqual([]);
    expect(plan.title).toBe(`Give planned@example.org access to ${group.title}`);
    expect(plan.steps[0]!.request!.body).toMatchObject({ boundLockId: group.id });
  });
});

describe('previewing a revocation', () => {
  it('one person’s grant: its key goes on its lock’s phone list; a revoked one is already done', async () => {
    const g = sandbox.data
      .grants(owner())
      .find((x) => x.active && x.contactId && live(x) && !groupIds().has(x.boundLockId))!;
    const plan = await preview({ kind: 'revoke-grant', ownerAccountId: owner(), grantId: g.id });
    expect(plan.title).toBe(
      `Revoke ${g.contact!.title ? `${g.contact!.title} <${g.contact!.identifier}>` : g.contact!.identifier}'s access to ${g.boundLock!.title}`,
    );
    expect(plan.steps).toMatchObject([
      { disposition: 'send', grantIds: [g.id], target: { grantId: g.id, contactId: g.contactId } },
    ]);
    expect(plan.revocationLoad).toMatchObject([
      { boundLockId: g.boundLockId, phoneKeys: 1, cardKeys: 0, warn: false },
    ]);
    expect(plan.notes).toEqual([]);

    const revoked = sandbox.data.grants(owner()).find((x) => !x.active)!;
    const again = await preview({
      kind: 'revoke-grant',
      ownerAccountId: owner(),
      grantId: revoked.id,
    });
    expect(again.steps).toMatchObject([
      {
        disposition: 'already',
        reason: `This grant no longer gives access (Tapkey says ${revoked.state}).`,
        request: null,
      },
    ]);
    expect(again.sendable).toBe(false);
  });

  it('a card’s grant: on the card list, with what a lost card means; an expired one goes on no list', async () => {
    const g = sandbox.data
      .grants(owner())
      .find((x) => x.active && x.boundCardId && live(x) && !groupIds().has(x.boundLockId))!;
    const plan = await preview({ kind: 'revoke-grant', ownerAccountId: owner(), grantId: g.id });
    expect(plan.revocationLoad).toMatchObject([{ phoneKeys: 0, cardKeys: 1 }]);
    expect(plan.notes.map((n) => n.code)).toEqual(['card-lost']);

    const expired = sandbox.data
      .grants(owner())
      .find((x) => x.active && !live(x) && !groupIds().has(x.boundLockId))!;
    const old = await preview({
      kind: 'revoke-grant',
      ownerAccountId: owner(),
      grantId: expired.id,
    });
    expect(old.steps).toMatchObject([{ disposition: 'send', grantIds: [expired.id] }]);
    expect(old.revocationLoad).toEqual([]);
  });

  it('a group grant is counted once, under the group, and says so', async () => {
    const g = await made({
      boundLockId: sandbox.data.lockGroups(owner())[1]!.id,
      contact: { identifier: 'grouped@example.org', ipId: 'tapkey' },
    });
    const plan = await preview({ kind: 'revoke-grant', ownerAccountId: owner(), grantId: g.id });
    expect(plan.notes.map((n) => n.code)).toEqual(['group-grant']);
    expect(plan.revocationLoad).toMatchObject([{ boundLockId: g.boundLockId, phoneKeys: 1 }]);
  });

  it('a card in hand and a lost card: titles and the one problem an unknown thing gets', async () => {
    const g = sandbox.data.grants(owner()).find((x) => x.active && x.boundCardId)!;
    const card = sandbox.data.boundCards(owner()).find((c) => c.id === g.boundCardId)!;
    const inHand = await preview({
      kind: 'delete-from-card',
      ownerAccountId: owner(),
      grantId: g.id,
    });
    expect(inHand.title).toBe(
      `Remove the key for ${g.boundLock?.title ?? g.boundLockId} from ${card.title} at its next sync`,
    );
    const lost = await preview({
      kind: 'revoke-card',
      ownerAccountId: owner(),
      boundCardId: card.id,
    });
    expect(lost.title).toBe(`Revoke every key of the lost card ${card.title}`);
    expect(lost.notes.map((n) => n.code)).toContain('card-lost');

    const problems = async (r: ChangeRequest) => (await preview(r)).problems.map((p) => p.message);
    expect(
      await problems({ kind: 'revoke-card', ownerAccountId: owner(), boundCardId: 'no-such-card' }),
    ).toEqual(['No card no-such-card in this owner account.']);
    expect(
      await problems({
        kind: 'revoke-person',
        ownerAccountId: owner(),
        contactId: 'no-such-person',
      }),
    ).toEqual(['No person no-such-person in this owner account.']);
    expect(
      await problems({ kind: 'revoke-person', ownerAccountId: 'no-such-account', contactId: 'c' }),
    ).toEqual(['No owner account no-such-account among yours (or you have no role in it).']);
    expect(
      await problems({
        kind: 'delete-from-card',
        ownerAccountId: owner(),
        grantId: 'no-such-grant',
      }),
    ).toEqual([`No grant no-such-grant in ${account().name}.`]);
  });
});
