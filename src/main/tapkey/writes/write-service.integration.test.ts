// The write service through the core, against the sandbox: a journal that cannot be written never stops a change,
// each line names its sign-in, a burst of changes is one update to the window, quitting drops what waits and a
// closed core sends nothing, sign-out is refused while changes wait (named by number) or while one is being sent,
// progress is read only for a change that was sent, and a sign-in without the write scopes is refused before
// anything is queued; signed out it is asked to sign in, and while being renewed it may still write.
import { mkdirSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { giveRequest } from '../../../../test/support/give-request';
import { changeFinished, useWriteTests, type WriteCore } from '../../../../test/support/write-core';
import type { ChangeRequest } from '../../../shared/model';
import { DEFAULT_SCOPES, ACCESS_SCOPES } from '../../../shared/scopes';
import { createLogger } from '../../log';

const t = useWriteTests({ owners: 1, locks: 8, grants: 0, seed: 'write-service' });
const sandbox = t.sandbox;
let w: WriteCore;

const owner = () => sandbox.users[0]!.ownerAccountIds[0]!;
const give = (identifier: string, lock: number) =>
  giveRequest(owner(), [sandbox.data.boundLocks(owner())[lock]!.id], identifier);
async function submit(request: ChangeRequest) {
  const plan = await w.core.handlers['writes:preview'](request);
  return w.core.handlers['writes:submit'](plan.planId);
}

describe('the write service', () => {
  it('a journal that cannot be written is logged, and the change still goes through', async () => {
    const lines: Array<{ level: string; message: string }> = [];
    w = await t.start(sandbox, {
      log: createLogger((l) => lines.push(JSON.parse(l) as { level: string; message: string })),
    });
    // A folder where the journal file should be: every append fails.
    rmSync(w.journalFile, { force: true });
    mkdirSync(w.journalFile, { recursive: true });
    const done = await changeFinished(
      w.core,
      (await submit(give('unjournaled@example.org', 0))).changeId,
    );
    expect(done.outcomes).toMatchObject([{ status: 'done' }]);
    expect(sandbox.stats.appliedWrites('PUT Grants')).toBe(1);
    // The log says why, so the folder in the way can be found.
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'the journal could not be written',
        error: expect.objectContaining({ message: expect.stringContaining('EISDIR') }),
      }),
    );
  });

  it('each journal line names the sign-in it was made under: the server and the person', async () => {
    const account = 'Alice Admin <alice@example.org>';
    w = await t.start(sandbox, { account });
    expect(w.core.session.state).toMatchObject({ status: 'signed-in', account });
    const plan = await w.core.handlers['writes:preview'](give('journaled.by@example.org', 5));
    // The command line's way: sent at once, and answered once it has finished.
    expect(await w.core.commands.applyChange(plan.planId)).toMatchObject({
      planId: plan.planId,
      status: 'sent',
      outcomes: [{ status: 'done' }],
    });
    expect((await w.core.handlers['journal:list']({})).records).toMatchObject([
      { signIn: { issuer: sandbox.issuer, account }, status: 'done' },
    ]);
  });

  it('a burst of changes reaches the window as one update, not one per change', async () => {
    w = await t.start(sandbox, { writes: { undoWindowMs: 60_000 } });
    const plans = await Promise.all(
      [1, 2, 3].map((i) => w.core.handlers['writes:preview'](give(`burst${i}@example.org`, i))),
    );
    const before = w.pushes.length;
    const queued = await Promise.all(plans.map((p) => w.core.handlers['writes:submit'](p.planId)));
    while (w.pushes.length === before) await new Promise((r) => setTimeout(r, 5));
    await w.core.handlers['writes:undo'](queued[0]!.changeId);
    const undone = (p: (typeof w.pushes)[number]) => p.changes.some((c) => c.status === 'undone');
    while (!w.pushes.some(undone)) await new Promise((r) => setTimeout(r, 5));
    expect(w.pushes.slice(before).map((p) => p.changes.map((c) => c.status))).toEqual([
      ['waiting', 'waiting', 'waiting'],
      ['waiting', 'waiting', 'undone'],
    ]);
    expect(sandbox.stats.writes()).toBe(0);
  });

  it('quitting without sending: the waiting changes are dropped, and nothing reaches Tapkey', async () => {
    w = await t.start(sandbox, { writes: { undoWindowMs: 60_000 } });
    await submit(give('dropped.one@example.org', 6));
    await submit(give('dropped.two@example.org', 7));
    expect(w.core.writes.pending()).toBe(2);
    w.core.writes.discardPending();
    expect(w.core.writes.pending()).toBe(0);
    expect((await w.core.handlers['writes:list-changes']()).changes.map((c) => c.status)).toEqual([
      'discarded',
      'discarded',
    ]);
    await w.core.writes.flush();
    expect(sandbox.stats.writes()).toBe(0);
  });

  it('a core closed as a change was queued to go at once sends nothing', async () => {
    w = await t.start(sandbox, { writes: { undoWindowMs: 0 } });
    const plan = await w.core.handlers['writes:preview'](give('too.late.to.send@example.org', 0));
    const queued = w.core.handlers['writes:submit'](plan.planId);
    await w.core.dispose();
    const { changeId } = await queued;
    expect((await w.core.handlers['writes:list-changes']()).changes).toMatchObject([
      { changeId, status: 'waiting', outcomes: [] },
    ]);
    expect(sandbox.stats.writes()).toBe(0);
  });

  it('sign-out names how many changes wait; while one is being sent it waits for it', async () => {
    w = await t.start(sandbox, { writes: { undoWindowMs: 60_000 } });
    await submit(give('first.waiting@example.org', 1));
    await submit(give('second.waiting@example.org', 2));
    await expect(w.core.handlers['auth:sign-out']()).rejects.toMatchObject({
      code: 'changes-pending',
      message:
        '2 changes are waiting to be sent. Undo them or let them go first, or sign out and discard them.',
    });
    sandbox.faults.setLatency(300);
    const flushed = w.core.writes.flush();
    while (sandbox.stats.writes() === 0) await new Promise((r) => setTimeout(r, 5));
    await expect(w.core.handlers['auth:sign-out']({ discardPending: true })).rejects.toMatchObject({
      code: 'changes-pending',
      message: 'A change is being sent to Tapkey; sign out when it has finished.',
    });
    await flushed;
    expect(sandbox.stats.appliedWrites('PUT Grants')).toBe(2);
    expect((await w.core.handlers['auth:sign-out']()).status).toBe('signed-out');
  });

  it('progress is read for a sent change only: a waiting one is returned as it is, with no look', async () => {
    w = await t.start(sandbox, { writes: { undoWindowMs: 60_000 } });
    const queued = await submit(give('not.yet@example.org', 3));
    sandbox.stats.reset();
    const entry = await w.core.handlers['writes:refresh-progress'](queued.changeId);
    expect(entry).toMatchObject({ changeId: queued.changeId, status: 'waiting', progress: null });
    expect(sandbox.stats.apiRequests()).toBe(0);
  });

  it('a sign-in without the write scopes cannot queue a change: the capability says what to enable', async () => {
    w = await t.start(sandbox, { scope: [...DEFAULT_SCOPES, ...ACCESS_SCOPES].join(' ') });
    const plan = await w.core.handlers['writes:preview'](give('no.scope@example.org', 4));
    await expect(w.core.handlers['writes:submit'](plan.planId)).rejects.toMatchObject({
      code: 'permission',
      message:
        'This sign-in cannot change access: allow Grants and Core Entities as ReadAndWrite for your OAuth client in the Tapkey portal, then sign out and in again.',
      extra: { scope: 'write:grants' },
    });
    expect((await w.core.handlers['writes:list-changes']()).changes).toEqual([]);
  });

  it('signed out, the capability asks to sign in; while the sign-in is being renewed, it may still write', async () => {
    w = await t.start();
    // The renewal waits at the token endpoint, so the sign-in is seen while it is renewed.
    const slowRenewal = sandbox.faults.add({ target: 'token', kind: 'latency', delayMs: 1_000 });
    sandbox.expireAccessTokens();
    const renewed = w.core.handlers['people:list'](owner());
    while (w.core.session.state.status !== 'refreshing') await new Promise((r) => setTimeout(r, 5));
    expect(await w.core.handlers['writes:get-capabilities']()).toMatchObject({
      canWrite: true,
      hint: null,
    });
    await renewed;
    slowRenewal();
    await w.core.handlers['auth:sign-out']();
    expect(await w.core.handlers['writes:get-capabilities']()).toEqual({
      canWrite: false,
      missingScopes: [],
      manageAccessSetting: true,
      hint: 'Sign in to manage access.',
      undoWindowMs: 50,
    });
  });
});
