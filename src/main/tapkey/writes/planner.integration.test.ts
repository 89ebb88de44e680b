// Previews of giving and revoking, made by the planner from what the sandbox serves (nothing is sent): titles,
// steps, notes and problems as the review step shows them, with the expected values read from the sandbox's data.
import { describe, expect, it } from 'vitest';
import { giveRequest } from '../../../../test/support/give-request';
import { useWriteClient } from '../../../../test/support/write-client';
import type { ChangeRequest, GrantHolder } from '../../../shared/model';
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

/** The plan and the steps the executor gets, as of `now`. */
async function planned(request: ChangeRequest, now = NOW) {
  const p = await previewChange(
    { reads: w.client().accessReads, listOwnerAccounts: async () => [], now },
    request,
    5,
  );
  expect(sandbox.stats.writes()).toBe(0);
  return p;
}
const preview = async (request: ChangeRequest, now = NOW) => (await planned(request, now)).plan;
/** A plan that stops at its problems: nothing to send, no notes, the kind's general title. */
const stopped = (title: string, ...problems: Array<[code: string, message: string]>) => ({
  title,
  steps: [],
  notes: [],
  sendable: false,
  problems: problems.map(([code, message]) => ({ code, message })),
});
const info = (code: string, words: string) => ({
  code,
  level: 'info',
  message: expect.stringContaining(words),
});
const give = (patch: Parameters<typeof giveRequest>[3]) =>
  giveRequest(owner(), [locks()[0]!.id], 'planned@example.org', patch);

describe('previewing a give', () => {
  it('a new address on a schedule, in a window: one PUT per lock, said in words', async () => {
    const [a, b] = locks().filter((l) => icalOf(l.id));
    const { plan, steps } = await planned(
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
    expect(plan.steps.map((s) => s.grantIds)).toEqual([[], []]);
    expect(plan.counts).toMatchObject({ send: 2, keys: 2, locks: 2 });
    // The first grant creates the person: it goes alone, before the others reuse the contact.
    expect(steps.map((s) => s.first)).toEqual([true, undefined]);
    expect(plan.notes).toEqual([
      {
        code: 'new-contact',
        level: 'info',
        message: `planned@example.org is not yet a person in ${account().name}: Tapkey adds them with the first grant.`,
      },
      {
        code: 'phone-delivery',
        level: 'info',
        message:
          "The key reaches the person's phone when they next open the Tapkey app (at once if they are signed in).",
      },
    ]);
  });

  it('a person who already has it on one lock: that lock is skipped, named in a note', async () => {
    const held = await made({
      boundLockId: locks()[1]!.id,
      contact: { identifier: 'holder@example.org', ipId: 'tapkey' },
    });
    const other = locks().find((l) => l.id !== held.boundLockId)!;
    // Someone else's grant of the same access is theirs: it does not count for this person.
    await made({
      boundLockId: other.id,
      contact: { identifier: 'someone.else@example.org', ipId: 'tapkey' },
    });
    const { plan, steps } = await planned(
      give({
        holder: { kind: 'contact', contactId: held.contactId! },
        boundLockIds: [held.boundLockId, other.id],
      }),
    );
    expect(plan.steps.map((s) => [s.disposition, s.target.boundLockId])).toEqual([
      ['already', held.boundLockId],
      ['send', other.id],
    ]);
    expect(plan.steps[0]).toMatchObject({
      target: { grantId: held.id },
      reason: `holder@example.org already has this access to ${locks()[1]!.title ?? held.boundLockId}.`,
      grantIds: [],
    });
    expect(plan.steps[1]!.request!.body).toEqual({
      boundLockId: other.id,
      contactId: held.contactId,
    });
    expect(steps.map((s) => s.first)).toEqual([undefined, undefined]);
    expect(plan.notes).toEqual([
      info('phone-delivery', "The key reaches the person's phone"),
      info('already-done', '1 lock already has this access and will be skipped.'),
    ]);
  });

  it('a card: written at its next sync; its capacity counts the grants that still give access', async () => {
    const card = sandbox.data.boundCards(owner())[0]!;
    const held = () =>
      sandbox.data.grants(owner()).filter((g) => g.boundCardId === card.id && g.active);
    // One of its keys revoked: the card holds one grant that no longer counts.
    await w.client().accessWrites.revoke(owner(), held()[0]!.id);
    sandbox.stats.reset();
    const room = card.nofGrantsCapacity - held().length;
    expect(room).toBeGreaterThan(0);
    // A window no grant of the card has, so every lock is sent.
    const onLocks = (n: number) =>
      preview(
        give({
          holder: { kind: 'card', boundCardId: card.id },
          boundLockIds: locks()
            .slice(0, n)
            .map((l) => l.id),
          validFrom: '2027-03-01T00:00:00Z',
          validBefore: '2027-04-01T00:00:00Z',
        }),
      );
    const fits = await onLocks(room);
    expect(fits.problems).toEqual([]);
    expect(fits.steps.every((s) => 'boundCardId' in (s.request!.body as object))).toBe(true);
    expect(fits.notes).toEqual([
      {
        code: 'card-delivery',
        level: 'info',
        message: 'A card grant is written to the card at its next sync.',
      },
    ]);
    expect((await onLocks(room + 1)).problems).toEqual([
      {
        code: 'invalid-payload',
        message: `${card.title} holds ${held().length} of the ${card.nofGrantsCapacity} grants a card can hold; ${room + 1} more would exceed it. Remove a grant from the card first, or give fewer locks.`,
      },
    ]);
  });

  it('bad input is named before anything is read', async () => {
    const bad = (message: string) => stopped('Give access to 1 lock', ['invalid-payload', message]);
    const at = new Date(NOW).toISOString();
    sandbox.stats.reset();
    const cases: Array<[Parameters<typeof give>[0], string]> = [
      [{ validFrom: 'soon' }, 'The start ("from") is not a date.'],
      [{ validBefore: 'later' }, 'The end ("until") is not a date.'],
      [
        { validFrom: '2027-02-01T00:00:00Z', validBefore: '2027-01-01T00:00:00Z' },
        'The end (2027-01-01T00:00:00.000Z) must be after the start (2027-02-01T00:00:00.000Z).',
      ],
      [
        { validFrom: '2027-02-01T00:00:00Z', validBefore: '2027-02-01T00:00:00Z' },
        'The end (2027-02-01T00:00:00.000Z) must be after the start (2027-02-01T00:00:00.000Z).',
      ],
      [
        { validBefore: '2020-01-01T00:00:00Z' },
        'The end (2020-01-01T00:00:00.000Z) is in the past: this access would never work.',
      ],
      // Ending at this very moment is in the past too.
      [{ validBefore: at }, `The end (${at}) is in the past: this access would never work.`],
      [
        { schedule: { days: [], start: '08:00', end: '09:00' } },
        'Choose at least one day for the schedule.',
      ],
    ];
    for (const [patch, message] of cases)
      expect(await preview(give(patch))).toMatchObject(bad(message));
    expect(sandbox.stats.apiRequests()).toBe(0);
  });

  it('an unknown account, person or card is the one problem; nothing is planned', async () => {
    // An unknown account is said once, not as an unknown person in it as well.
    const holders: GrantHolder[] = [
      { kind: 'email', identifier: 'someone@example.org' },
      { kind: 'contact', contactId: 'c' },
    ];
    for (const holder of holders)
      expect(await preview(give({ ownerAccountId: 'no-such-account', holder }))).toMatchObject(
        stopped('Give access to 1 lock', [
          'not-found',
          'No owner account no-such-account among yours (or you have no role in it).',
        ]),
      );
    expect(
      await preview(give({ holder: { kind: 'contact', contactId: 'no-such-person' } })),
    ).toMatchObject(
      stopped('Give access to 1 lock', [
        'not-found',
        'No person no-such-person in this owner account.',
      ]),
    );
    expect(
      await preview(give({ holder: { kind: 'card', boundCardId: 'no-such-card' } })),
    ).toMatchObject(
      stopped('Give access to 1 lock', [
        'not-found',
        'No card no-such-card in this owner account.',
      ]),
    );
  });

  it.each([
    ['its locks', 'BoundLocks'],
    ['the person', 'Contacts'],
  ])('a failure other than 404 reading %s fails the preview as a whole', async (_, path) => {
    sandbox.faults.add({ target: 'api', pathPattern: `/${path}`, kind: 'status', status: 503 });
    await expect(preview(give({}))).rejects.toMatchObject({ code: 'server' });
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
    // Beside a lock, in one give.
    const both = await preview(give({ boundLockIds: [locks()[0]!.id, group.id] }));
    expect(both.problems).toEqual([]);
    expect(both.steps.map((s) => s.target.boundLockId)).toEqual([locks()[0]!.id, group.id]);
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
        grantIds: [],
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
    expect(plan.notes).toEqual([info('card-lost', 'Card is lost: revoke. Each key goes on')]);

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

    // One that ends at this very moment has expired too.
    const ending = await made({
      boundLockId: locks()[2]!.id,
      contact: { identifier: 'ending@example.org', ipId: 'tapkey' },
      validBefore: '2031-01-01T00:00:00.000Z',
    });
    const atItsEnd = await preview(
      { kind: 'revoke-grant', ownerAccountId: owner(), grantId: ending.id },
      Date.parse('2031-01-01T00:00:00.000Z'),
    );
    expect(atItsEnd.steps).toMatchObject([{ disposition: 'send', grantIds: [ending.id] }]);
    expect(atItsEnd.revocationLoad).toEqual([]);
  });

  it('a group grant is counted once, under the group, and says so', async () => {
    const g = await made({
      boundLockId: sandbox.data.lockGroups(owner())[1]!.id,
      contact: { identifier: 'grouped@example.org', ipId: 'tapkey' },
    });
    const plan = await preview({ kind: 'revoke-grant', ownerAccountId: owner(), grantId: g.id });
    const groupNote = info('group-grant', "A group grant's key goes on the list of each lock");
    expect(plan.notes).toEqual([groupNote]);
    expect(plan.revocationLoad).toMatchObject([{ boundLockId: g.boundLockId, phoneKeys: 1 }]);

    // The person holds a lock's key beside it: still said, for the group's one.
    await made({ boundLockId: locks()[3]!.id, contactId: g.contactId });
    const all = await preview({
      kind: 'revoke-person',
      ownerAccountId: owner(),
      contactId: g.contactId,
    });
    expect(all).toMatchObject({
      title: `Revoke all access of grouped@example.org in ${account().name}`,
      notes: [groupNote],
    });
    expect(all.steps[0]!.grantIds).toHaveLength(2);
  });

  it('a person without keys is the one problem; one whose keys are all revoked is already done', async () => {
    const person = (await made({
      boundLockId: locks()[4]!.id,
      contact: { identifier: 'revoked.all@example.org', ipId: 'tapkey' },
    })) as { id: string; contactId: string };
    const request: ChangeRequest = {
      kind: 'revoke-person',
      ownerAccountId: owner(),
      contactId: person.contactId,
    };
    const before = await preview(request);
    expect(before).toMatchObject({ notes: [], steps: [{ grantIds: [person.id] }] });
    await w.client().accessWrites.revoke(owner(), person.id);
    sandbox.stats.reset();
    expect((await preview(request)).steps).toMatchObject([
      {
        disposition: 'already',
        reason: `None of revoked.all@example.org's 1 grant in ${account().name} gives access any more.`,
        grantIds: [],
      },
    ]);

    const keyless = sandbox.data
      .contacts(owner())
      .find((c) => !sandbox.data.grants(owner()).some((g) => g.contactId === c.id))!;
    const label = keyless.title
      ? `${keyless.title} <${keyless.identifier}>`
      : (keyless.identifier ?? `person ${keyless.id}`);
    expect(
      await preview({ kind: 'revoke-person', ownerAccountId: owner(), contactId: keyless.id }),
    ).toMatchObject({
      steps: [],
      problems: [
        {
          code: 'not-found',
          message: `${label} holds no keys in ${account().name}: there is nothing to revoke.`,
        },
      ],
    });
  });

  it('a card in hand and a lost card: titles, what each means, and the keys of that card only', async () => {
    const g = sandbox.data
      .grants(owner())
      .find((x) => x.active && x.boundCardId && !groupIds().has(x.boundLockId))!;
    const card = sandbox.data.boundCards(owner()).find((c) => c.id === g.boundCardId)!;
    const inHand = await preview({
      kind: 'delete-from-card',
      ownerAccountId: owner(),
      grantId: g.id,
    });
    expect(inHand.title).toBe(
      `Remove the key for ${g.boundLock?.title ?? g.boundLockId} from ${card.title} at its next sync`,
    );
    expect(inHand.notes).toEqual([info('card-in-hand', 'Card is here: the key is removed')]);
    // Its lock is counted; nothing goes on a list.
    expect(inHand.counts).toMatchObject({ keys: 1, locks: 1 });
    expect(inHand.revocationLoad).toEqual([]);

    const lost = await preview({
      kind: 'revoke-card',
      ownerAccountId: owner(),
      boundCardId: card.id,
    });
    expect(lost.title).toBe(`Revoke every key of the lost card ${card.title}`);
    expect(lost.notes.map((n) => n.code)).toContain('card-lost');
    expect([...lost.steps[0]!.grantIds].sort()).toEqual(
      sandbox.data
        .grants(owner())
        .filter((x) => x.boundCardId === card.id && x.active)
        .map((x) => x.id)
        .sort(),
    );
  });

  /** The field naming the thing each kind of revocation is about. */
  const idOf = {
    'revoke-card': 'boundCardId',
    'revoke-person': 'contactId',
    'revoke-grant': 'grantId',
    'delete-from-card': 'grantId',
  } as const;
  it.each<[keyof typeof idOf, string, string]>([
    ['revoke-card', "Revoke a lost card's keys", 'No card no-such-thing in this owner account.'],
    ['revoke-person', "Revoke a person's access", 'No person no-such-thing in this owner account.'],
    ['revoke-grant', 'Revoke a grant', 'No grant no-such-thing in {account}.'],
    ['delete-from-card', 'Remove a key from a card', 'No grant no-such-thing in {account}.'],
  ])('%s of an unknown thing: its one problem, nothing planned', async (kind, title, message) => {
    const request = { kind, ownerAccountId: owner(), [idOf[kind]]: 'no-such-thing' };
    expect(await preview(request as ChangeRequest)).toMatchObject(
      stopped(title, ['not-found', message.replace('{account}', account().name)]),
    );
  });

  it('an unknown account is said once, not as an unknown person as well; a person’s grant is not a card’s', async () => {
    expect(
      await preview({ kind: 'revoke-person', ownerAccountId: 'no-such-account', contactId: 'c' }),
    ).toMatchObject(
      stopped("Revoke a person's access", [
        'not-found',
        'No owner account no-such-account among yours (or you have no role in it).',
      ]),
    );
    const personal = sandbox.data.grants(owner()).find((x) => x.active && x.contactId)!;
    expect(
      await preview({ kind: 'delete-from-card', ownerAccountId: owner(), grantId: personal.id }),
    ).toMatchObject(
      stopped('Remove a key from a card', [
        'invalid-payload',
        'This grant is for a person, not a card: revoke it instead.',
      ]),
    );
  });
});
