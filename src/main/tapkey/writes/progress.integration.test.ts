// How far a sent change has got, read from the sandbox through the access client: plans made by the planner,
// changes made through the API, then the progress of each kind of change as grants and locks move on (a lock
// syncing, a grant revoked meanwhile, a step that did not go). Expected words and counts follow the sandbox's state.
import { describe, expect, it } from 'vitest';
import { giveRequest } from '../../../../test/support/give-request';
import { useWriteClient } from '../../../../test/support/write-client';
import type { ChangeRequest, StepOutcome } from '../../../shared/model';
import { writeCalls } from '../resources/access-writes';
import { previewChange } from './planner';
import { computeProgress, recordSerials, type ProgressBasis } from './progress';

const w = useWriteClient({ owners: 1, locks: 8, grants: 0, seed: 'progress' });
const sandbox = w.sandbox;
const owner = w.owner;
const lockId = (i: number) => sandbox.data.boundLocks(owner())[i]!.id;

const done = (key: string, o: Partial<StepOutcome> = {}): StepOutcome => ({
  key,
  status: 'done',
  message: '',
  code: null,
  grantId: null,
  contactId: null,
  lookedUp: false,
  ...o,
});

/** Plans a change as the app does, and the basis its progress is computed from. */
async function planned(request: ChangeRequest): Promise<ProgressBasis> {
  const reads = w.client().accessReads;
  const p = await previewChange(
    { reads, listOwnerAccounts: async () => [], now: Date.now() },
    request,
    5,
  );
  expect(p.plan.problems).toEqual([]);
  return { operation: request.kind, steps: p.steps, serials: new Map() };
}
const progress = (basis: ProgressBasis, outcomes: StepOutcome[]) =>
  computeProgress(w.client().accessReads, basis, outcomes, Date.parse('2026-12-06T08:00:00Z'));

/** A person's grant on `lock`, made through the API. */
async function grantTo(email: string, lock: number) {
  return (await w.client().accessWrites.send(
    writeCalls.createGrant(owner(), {
      boundLockId: lockId(lock),
      contact: { identifier: email, ipId: 'tapkey' },
    }),
  )) as { id: string; contactId: string };
}

describe('progress of a give', () => {
  it('each grant given reaches a phone or a card; one revoked or gone since is said so, and counted', async () => {
    const basis = await planned(
      giveRequest(owner(), [lockId(0), lockId(1), lockId(2)], 'given@example.org'),
    );
    const made = [];
    for (const s of basis.steps) made.push(await w.client().accessWrites.send(s.call!));
    const ids = (made as Array<{ id: string }>).map((g) => g.id);
    const outcomes = ids.map((grantId, i) => done(`s${i + 1}`, { grantId }));
    expect(await progress(basis, outcomes)).toEqual({
      checkedAt: '2026-12-06T08:00:00.000Z',
      steps: outcomes.map((o) => ({
        key: o.key,
        phase: 'given',
        message: "Given: reaches the person's phone when they next open the Tapkey app.",
        locksSynced: null,
        locksTotal: null,
      })),
      summary: "Given on 3 locks: reaches the person's phone when they next open the Tapkey app.",
      complete: true,
    });

    await w.client().accessWrites.revoke(owner(), ids[1]!);
    const later = await progress(basis, [
      outcomes[0]!,
      outcomes[1]!,
      done('s3', { grantId: '00000000-0000-4000-8000-000000000000' }),
    ]);
    expect(later.steps.map((s) => [s.phase, s.message])).toEqual([
      ['given', "Given: reaches the person's phone when they next open the Tapkey app."],
      ['unknown', 'Given, but Tapkey now lists this grant as RevocationPending.'],
      ['unknown', 'Given, but Tapkey no longer lists this grant.'],
    ]);
    expect(later.summary).toBe('1 of 3 grants given; see each lock.');
    expect(later.complete).toBe(false);
  });

  it('a card grant is written at the card’s next sync; steps that did not go have no progress', async () => {
    const card = sandbox.data.boundCards(owner())[0]!;
    const basis = await planned(
      giveRequest(owner(), [lockId(3), lockId(4)], { kind: 'card', boundCardId: card.id }),
    );
    const g = (await w.client().accessWrites.send(basis.steps[0]!.call!)) as { id: string };
    const p = await progress(basis, [
      done('s1', { grantId: g.id }),
      { ...done('s2'), status: 'refused' },
    ]);
    expect(p.steps).toEqual([
      {
        key: 's1',
        phase: 'given',
        message: "Given: written to the card at the card's next sync.",
        locksSynced: null,
        locksTotal: null,
      },
    ]);
    expect(p.summary).toBe("Given on 1 lock: written to the card at the card's next sync.");
    expect(await progress(basis, [])).toMatchObject({
      steps: [],
      summary: 'Nothing was changed.',
      complete: true,
    });
  });
});

describe('progress of a revocation', () => {
  it('pending until each lock syncs, counted per lock; complete once every one has', async () => {
    const a = await grantTo('leaving@example.org', 5);
    await w
      .client()
      .accessWrites.send(
        writeCalls.createGrant(owner(), { boundLockId: lockId(6), contactId: a.contactId }),
      );
    const basis = await planned({
      kind: 'revoke-person',
      ownerAccountId: owner(),
      contactId: a.contactId,
    });
    const reads = w.client().accessReads;
    // Before it is sent: both keys still active.
    const before = await progress(basis, [done('s1')]);
    expect(before.steps).toMatchObject([
      { phase: 'unknown', message: 'Tapkey still lists 2 grants as active.' },
    ]);
    expect(before.summary).toBe(
      'Not everything is revoked yet: Tapkey still lists some grants as active.',
    );

    await w.client().accessWrites.send(basis.steps[0]!.call!);
    const locks = await recordSerials(reads, basis, new Set(['s1']));
    expect([...basis.serials.keys()].sort()).toEqual(
      [lockId(5), lockId(6)].map((l) => `${owner()}/${l}`.toLowerCase()).sort(),
    );
    const sent = await computeProgress(reads, basis, [done('s1')], Date.now(), undefined, locks);
    expect(sent.steps).toEqual([
      {
        key: 's1',
        phase: 'pending',
        message: "Revoked: takes effect at each lock's next sync (0 of 2 locks synced).",
        locksSynced: 0,
        locksTotal: 2,
      },
    ]);
    expect(sent.summary).toBe(
      "Revoked: takes effect at each lock's next sync (0 of 2 locks synced).",
    );
    expect(sent.complete).toBe(false);

    sandbox.sync.lock(lockId(5));
    expect((await progress(basis, [done('s1')])).steps[0]).toMatchObject({
      phase: 'pending',
      locksSynced: 1,
      locksTotal: 2,
    });
    sandbox.sync.lock(lockId(6));
    expect(await progress(basis, [done('s1')])).toMatchObject({
      steps: [{ phase: 'complete', message: 'Revoked: in effect at every lock.', locksSynced: 2 }],
      summary: 'Revoked: in effect at every lock.',
      complete: true,
    });
  });

  it('a lock is counted once however many of the keys were on it; a group is not counted as a lock', async () => {
    const a = await grantTo('twice@example.org', 0);
    await w.client().accessWrites.send(
      writeCalls.createGrant(owner(), {
        boundLockId: lockId(0),
        contactId: a.contactId,
        validBefore: '2031-01-01T00:00:00.000Z',
      }),
    );
    await w.client().accessWrites.send(
      writeCalls.createGrant(owner(), {
        boundLockId: sandbox.data.lockGroups(owner())[0]!.id,
        contactId: a.contactId,
      }),
    );
    const basis = await planned({
      kind: 'revoke-person',
      ownerAccountId: owner(),
      contactId: a.contactId,
    });
    expect(basis.steps[0]!.grantIds).toHaveLength(3);
    await w.client().accessWrites.send(basis.steps[0]!.call!);
    const reads = w.client().accessReads;
    const locks = await recordSerials(reads, basis, new Set(['s1']));
    expect([...locks.keys()]).toEqual([`${owner()}/${lockId(0)}`.toLowerCase()]);
    const p = await computeProgress(reads, basis, [done('s1')], Date.now(), undefined, locks);
    expect(p.steps[0]).toMatchObject({ phase: 'pending', locksSynced: 0, locksTotal: 1 });
    // A step that did not go through reads no serials.
    const none = await planned({ kind: 'revoke-grant', ownerAccountId: owner(), grantId: a.id });
    expect((await recordSerials(reads, none, new Set())).size).toBe(0);
    expect(none.serials.size).toBe(0);
  });

  it('a give already there follows the grant it found', async () => {
    const a = await grantTo('found@example.org', 1);
    const basis = await planned(
      giveRequest(owner(), [lockId(1), lockId(2)], { kind: 'contact', contactId: a.contactId }),
    );
    expect(basis.steps.map((s) => s.disposition)).toEqual(['already', 'send']);
    const p = await progress(basis, [{ ...done('s1'), status: 'already' }]);
    expect(p.steps).toMatchObject([{ key: 's1', phase: 'given' }]);
    await w.client().accessWrites.revoke(owner(), a.id);
    expect((await progress(basis, [{ ...done('s1'), status: 'already' }])).steps).toMatchObject([
      { key: 's1', phase: 'unknown' },
    ]);
  });

  it('without a serial read after sending, the locks are not counted; "already" steps have progress too', async () => {
    const g = await grantTo('uncounted@example.org', 7);
    const basis = await planned({ kind: 'revoke-grant', ownerAccountId: owner(), grantId: g.id });
    await w.client().accessWrites.revoke(owner(), g.id);
    const p = await progress(basis, [{ ...done('s1'), status: 'already' }]);
    expect(p.steps).toEqual([
      {
        key: 's1',
        phase: 'pending',
        message: "Revoked: takes effect at each lock's next sync.",
        locksSynced: null,
        locksTotal: null,
      },
    ]);
    expect(p.summary).toBe("Revoked: takes effect at each lock's next sync.");
  });
});

describe('progress of adding a person', () => {
  it('complete as soon as it is sent', async () => {
    const basis = await planned({
      kind: 'create-contact',
      ownerAccountId: owner(),
      identifier: 'added@example.org',
    });
    expect(await progress(basis, [done('s1')])).toMatchObject({
      steps: [{ key: 's1', phase: 'complete', message: 'Added as a person.' }],
      summary: 'Added as a person.',
      complete: true,
    });
  });
});
