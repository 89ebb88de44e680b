// The write service through the core, against the sandbox: a journal that cannot be written never stops a change,
// sign-out is refused while changes wait (named by number) or while one is being sent, progress is read only for
// a change that was sent, and a sign-in without the write scopes is refused before anything is queued.
import { mkdirSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { changeFinished, useWriteTests, type WriteCore } from '../../../../test/support/write-core';
import type { ChangeRequest } from '../../../shared/model';
import { DEFAULT_SCOPES, ACCESS_SCOPES } from '../../../shared/scopes';
import { createLogger } from '../../log';

const t = useWriteTests({ owners: 1, locks: 8, grants: 0, seed: 'write-service' });
const sandbox = t.sandbox;
let w: WriteCore;

const owner = () => sandbox.users[0]!.ownerAccountIds[0]!;
const give = (identifier: string, lock: number): ChangeRequest => ({
  kind: 'give',
  ownerAccountId: owner(),
  holder: { kind: 'email', identifier },
  boundLockIds: [sandbox.data.boundLocks(owner())[lock]!.id],
  validFrom: null,
  validBefore: null,
  schedule: null,
});
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
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'the journal could not be written' }),
    );
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
});
