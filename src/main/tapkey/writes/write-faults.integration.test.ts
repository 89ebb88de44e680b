// Writes when things go wrong, against the sandbox's fault kinds, checked against the sandbox's own state and the
// journal file: the answer lost after Tapkey applied the change (handle-then-drop: no duplicate, the journal says
// what happened), the request lost before it was applied (looked up, then sent once more), a look-up that cannot
// be made (settled at the next look), 409, 402, and the access token expiring in the middle of a bulk job.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../../sandbox/index';
import { giveRequest } from '../../../../test/support/give-request';
import { changeFinished, useWriteTests, type WriteCore } from '../../../../test/support/write-core';
import type { ChangeRequest } from '../../../shared/model';

const t = useWriteTests({ owners: 1, locks: 40, grants: 2, seed: 'faults' });
const sandbox = t.sandbox;
let w: WriteCore;

const owner = () => sandbox.users[0]!.ownerAccountIds[0]!;
const lockIds = (n: number, from = 0) =>
  sandbox.data
    .boundLocks(owner())
    .slice(from, from + n)
    .map((l) => l.id);
const give = (identifier: string, boundLockIds: string[], o = owner()) =>
  giveRequest(o, boundLockIds, identifier);
const grantsFor = (s: Sandbox, o: string, identifier: string) => {
  const ids = new Set(
    s.data
      .contacts(o)
      .filter((c) => c.identifier === identifier)
      .map((c) => c.id),
  );
  return s.data.grants(o).filter((g) => g.contactId !== null && ids.has(g.contactId));
};
const journalLines = () =>
  readFileSync(w.journalFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

async function sendAndWait(request: ChangeRequest) {
  const plan = await w.core.handlers['writes:preview'](request);
  expect(plan.problems).toEqual([]);
  const queued = await w.core.handlers['writes:submit'](plan.planId);
  return changeFinished(w.core, queued.changeId);
}
/**
 * Starts giving `who` each of `locks`, `concurrency` at a time, every request taking `latencyMs`: the queued change,
 * once `made` grants are in.
 */
async function bulkGive(
  who: string,
  locks: string[],
  concurrency: number,
  latencyMs: number,
  made: number,
) {
  w = await t.start(sandbox, { writes: { concurrency } });
  sandbox.faults.setLatency(latencyMs);
  const plan = await w.core.handlers['writes:preview'](give(who, locks));
  const queued = await w.core.handlers['writes:submit'](plan.planId);
  while (sandbox.stats.appliedWrites('PUT Grants') < made)
    await new Promise((r) => setTimeout(r, 5));
  return queued;
}
/** Gives `who` the `nth` lock while `fault` hits the next PUT Grants, and waits for the outcome. */
async function giveThrough(
  fault: { kind: 'handle-then-drop' | 'drop'; times: number },
  who: string,
  nth: number,
) {
  w = await t.start();
  sandbox.faults.add({ target: 'api', pathPattern: '/Grants$', ...fault });
  return sendAndWait(give(who, lockIds(1, nth)));
}

describe('a lost answer', () => {
  it('applied, then the connection dropped: looked up, no duplicate, and the journal says both', async () => {
    const who = 'lost.answer@example.org';
    const done = await giveThrough({ kind: 'handle-then-drop', times: 1 }, who, 0);
    const made = grantsFor(sandbox, owner(), who);
    expect(made).toHaveLength(1);
    expect(sandbox.stats.writes(/^PUT .*\/Grants$/)).toBe(1);
    expect(sandbox.stats.appliedWrites('PUT Grants')).toBe(1);
    expect(done.outcomes).toEqual([
      {
        key: 's1',
        status: 'done',
        message: expect.stringMatching(
          /^Tapkey's answer was lost, but a look shows the change was made\./,
        ),
        code: null,
        grantId: made[0]!.id,
        contactId: made[0]!.contactId,
        lookedUp: true,
      },
    ]);
    const lines = journalLines();
    expect(lines.map((l) => [l.kind, l.status])).toEqual([
      ['write', 'unknown'],
      ['resolution', 'done'],
    ]);
    expect(lines[1]).toMatchObject({ resolves: lines[0]!.entryId, grantId: made[0]!.id });
    const journal = await w.core.handlers['journal:list']({});
    expect(journal.unresolved).toBe(0);
    expect(journal.records).toMatchObject([
      { status: 'unknown', resolution: { status: 'done', grantId: made[0]!.id } },
    ]);
  });

  it('lost before it was applied: the look-up finds nothing, so it is sent once more (and only once)', async () => {
    const who = 'dropped.request@example.org';
    const done = await giveThrough({ kind: 'drop', times: 1 }, who, 1);
    expect(done.outcomes).toMatchObject([{ status: 'done', lookedUp: false }]);
    expect(sandbox.stats.writes(/^PUT .*\/Grants$/)).toBe(2);
    expect(sandbox.stats.appliedWrites('PUT Grants')).toBe(1);
    expect(grantsFor(sandbox, owner(), who)).toHaveLength(1);
    expect(journalLines().map((l) => [l.kind, l.status])).toEqual([
      ['write', 'unknown'],
      ['resolution', 'failed'],
      ['write', 'done'],
    ]);
  });

  it('lost twice: never a third send; the look-up is the outcome', async () => {
    const who = 'dropped.twice@example.org';
    const done = await giveThrough({ kind: 'drop', times: 2 }, who, 2);
    expect(done.outcomes).toMatchObject([
      { status: 'failed', code: 'outcome-unknown', lookedUp: true },
    ]);
    expect(sandbox.stats.writes(/^PUT .*\/Grants$/)).toBe(2);
    expect(grantsFor(sandbox, owner(), who)).toHaveLength(0);
  });

  it('when the look-up cannot be made either, the outcome stays unknown and the next look settles it', async () => {
    w = await t.start();
    const who = 'unknown.outcome@example.org';
    const [lock] = lockIds(1, 3);
    sandbox.faults.add({
      target: 'api',
      pathPattern: '/Grants$',
      kind: 'handle-then-drop',
      times: 1,
    });
    const plan = await w.core.handlers['writes:preview'](give(who, [lock!]));
    // Every look at contacts fails meanwhile (the look-up of an address starts there).
    const blind = sandbox.faults.add({
      target: 'api',
      pathPattern: '/Contacts\\?',
      kind: 'status',
      status: 503,
    });
    const queued = await w.core.handlers['writes:submit'](plan.planId);
    const done = await changeFinished(w.core, queued.changeId);
    expect(done.outcomes).toMatchObject([
      { status: 'unknown', code: 'outcome-unknown', lookedUp: false },
    ]);
    expect(done.outcomes[0]!.message).toMatch(/the journal checks again at the next look/);
    expect(sandbox.stats.writes(/^PUT .*\/Grants$/)).toBe(1);
    blind();
    const journal = await w.core.handlers['journal:list']({});
    const made = grantsFor(sandbox, owner(), who);
    expect(made).toHaveLength(1);
    expect(journal.unresolved).toBe(0);
    expect(journal.records[0]).toMatchObject({
      status: 'unknown',
      resolution: {
        status: 'done',
        message: 'A later look shows the change was made.',
        grantId: made[0]!.id,
      },
    });
    expect(journalLines().map((l) => [l.kind, l.status])).toEqual([
      ['write', 'unknown'],
      ['resolution', 'done'],
    ]);
  });
});

describe('refusals', () => {
  it('409: the same grant made meanwhile is reported as already there, after a look', async () => {
    w = await t.start();
    const contact = sandbox.data.contacts(owner())[7]!;
    const request = giveRequest(
      owner(),
      lockIds(1, 4),
      { kind: 'contact', contactId: contact.id },
      { validBefore: '2032-01-01T00:00:00Z' },
    );
    const a = await w.core.handlers['writes:preview'](request);
    const b = await w.core.handlers['writes:preview'](request);
    await changeFinished(w.core, (await w.core.handlers['writes:submit'](a.planId)).changeId);
    const second = await changeFinished(
      w.core,
      (await w.core.handlers['writes:submit'](b.planId)).changeId,
    );
    expect(sandbox.stats.writes(/^PUT .*\/Grants$/)).toBe(2);
    expect(sandbox.stats.appliedWrites('PUT Grants')).toBe(1);
    expect(second.outcomes).toMatchObject([
      {
        status: 'already',
        code: 'conflict',
        lookedUp: true,
        message: 'Tapkey already has this change; nothing more was needed.',
      },
    ]);
  });

  it('402: the plan’s limit of persons is said per step, and nothing is changed', async () => {
    const s = await t.smallSandbox('plan-limit', { planPersons: 60 });
    const o = s.users[0]!.ownerAccountIds[0]!;
    expect(s.data.contacts(o)).toHaveLength(60);
    w = await t.start(s);
    const done = await sendAndWait(
      give('one.too.many@example.org', [s.data.boundLocks(o)[0]!.id], o),
    );
    expect(done.outcomes).toMatchObject([
      {
        status: 'refused',
        code: 'plan-limit',
        message:
          'Your Tapkey plan does not allow this change (the new grant); nothing was changed.',
      },
    ]);
    expect(s.data.contacts(o)).toHaveLength(60);
    expect(journalLinesOf(w.journalFile).map((l) => [l.status, l.errorCode])).toEqual([
      ['refused', 'plan-limit'],
    ]);
  });

  it('403 for a role: an Access Manager who may not write is told it is their role, per step', async () => {
    const s = await t.smallSandbox('role', { accessManagerWrites: false });
    const o = s.users[0]!.ownerAccountIds[0]!;
    w = await t.start(s, { username: 'carol' });
    const grant = s.data.grants(o).find((g) => g.active)!;
    const done = await sendAndWait({ kind: 'revoke-grant', ownerAccountId: o, grantId: grant.id });
    expect(done.outcomes).toMatchObject([
      {
        status: 'refused',
        code: 'forbidden',
        message: expect.stringMatching(/your role in this owner account does not allow it/),
      },
    ]);
    expect(s.stats.appliedWrites('Revoke')).toBe(0);
    expect(s.data.grants(o).find((g) => g.id === grant.id)!.active).toBe(true);
  });
});

describe('a bulk job', () => {
  it('the access token expires in the middle: the session renews it once and every lock gets its grant, once', async () => {
    const who = 'bulk.expiry@example.org';
    const locks = lockIds(30, 10);
    const tokensBefore = sandbox.stats.tokenRequests('refresh_token');
    const queued = await bulkGive(who, locks, 4, 20, 5);
    const expired = await fetch(`${sandbox.issuer}/__sandbox/expire-access-tokens`, {
      method: 'POST',
    });
    expect(expired.status).toBeLessThan(300);
    const done = await changeFinished(w.core, queued.changeId);
    expect(done.outcomes.map((o) => o.status)).toEqual(locks.map(() => 'done'));
    expect(sandbox.stats.tokenRequests('refresh_token') - tokensBefore).toBe(1);
    // Rejected with 401 (never applied) and sent again: every lock has exactly one grant.
    expect(sandbox.stats.appliedWrites('PUT Grants')).toBe(locks.length);
    expect(
      grantsFor(sandbox, owner(), who)
        .map((g) => g.boundLockId)
        .sort(),
    ).toEqual([...locks].sort());
  });
});

describe('rate limits and an ended sign-in', () => {
  it('429 with Retry-After: the step waits and is sent again (nothing was changed the first time)', async () => {
    w = await t.start();
    const who = 'rate.limited@example.org';
    sandbox.faults.add({
      target: 'api',
      pathPattern: '/Grants$',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
    });
    const done = await sendAndWait(give(who, lockIds(1, 5)));
    expect(done.outcomes).toMatchObject([{ status: 'done' }]);
    expect(sandbox.stats.writes(/^PUT .*\/Grants$/)).toBe(2);
    expect(sandbox.stats.appliedWrites('PUT Grants')).toBe(1);
    // The 429 left nothing to record: one line, for the request that went through.
    expect(journalLines().map((l) => l.status)).toEqual(['done']);
  });

  it('the sign-in ends in the middle of a job: what was not sent says so, and nothing is sent after', async () => {
    const who = 'ended.session@example.org';
    const locks = lockIds(12, 20);
    const queued = await bulkGive(who, locks, 2, 30, 3);
    t.endSessionAtNextRenewal();
    const done = await changeFinished(w.core, queued.changeId);
    expect(w.core.session.state.status).toBe('expired');
    const statuses = done.outcomes.map((o) => o.status);
    expect(statuses).toHaveLength(locks.length);
    const made = grantsFor(sandbox, owner(), who).length;
    expect(statuses.filter((x) => x === 'done')).toHaveLength(made);
    expect(statuses.filter((x) => x === 'not-sent').length).toBeGreaterThan(0);
    // Each step either went through, failed with the ended sign-in, or was never sent.
    expect(statuses.every((x) => ['done', 'failed', 'not-sent'].includes(x))).toBe(true);
    for (const o of done.outcomes.filter((x) => x.status === 'not-sent'))
      expect(o.message).toMatch(/^Not sent: /);
    const sent = sandbox.stats.writes(/^PUT .*\/Grants$/);
    await new Promise((r) => setTimeout(r, 100));
    expect(sandbox.stats.writes(/^PUT .*\/Grants$/)).toBe(sent);
  });
});

function journalLinesOf(file: string) {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
