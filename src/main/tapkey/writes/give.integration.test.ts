// Giving access end to end, through the IPC handlers as the window calls them: preview → submit → the undo window →
// sent → journaled, each checked against the sandbox's own state (sandbox.data, stats), never through the app's
// code. Real parts: the sandbox (as Tapkey), the keychain, the whole core, the journal file.
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { giveRequest } from '../../../../test/support/give-request';
import { changeFinished, useWriteTests, type WriteCore } from '../../../../test/support/write-core';

const t = useWriteTests({ owners: 2, locks: 6, grants: 4, seed: 'give' });
const sandbox = t.sandbox;
let w: WriteCore;

const owner = () => sandbox.users[0]!.ownerAccountIds[0]!;
const locks = () => sandbox.data.boundLocks(owner());
/** A contact of the owner with no grant on `lockId`. */
const freshContact = (lockId: string) => {
  const held = new Set(
    sandbox.data
      .grants(owner())
      .filter((g) => g.boundLockId === lockId)
      .map((g) => g.contactId),
  );
  return sandbox.data.contacts(owner()).find((c) => !held.has(c.id))!;
};
const journalLines = () =>
  readFileSync(w.journalFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('give access to a contact', () => {
  it('previews exactly one PUT Grants, waits the undo window, sends it once and journals it', async () => {
    w = await t.start(sandbox, { writes: { undoWindowMs: 300 } });
    const lock = locks()[0]!;
    const contact = freshContact(lock.id);
    const request = giveRequest(
      owner(),
      [lock.id],
      { kind: 'contact', contactId: contact.id },
      { validBefore: '2031-01-01T00:00:00Z' },
    );
    const before = sandbox.data.grants(owner()).length;
    const plan = await w.core.handlers['writes:preview'](request);
    expect(plan.problems).toEqual([]);
    expect(plan.sendable).toBe(true);
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]!.request).toEqual({
      method: 'PUT',
      path: `Owners/${owner()}/Grants`,
      body: {
        boundLockId: lock.id,
        validBefore: '2031-01-01T00:00:00.000Z',
        contactId: contact.id,
      },
    });
    // A preview sends nothing.
    expect(sandbox.stats.writes()).toBe(0);

    const queued = await w.core.handlers['writes:submit'](plan.planId);
    expect(queued.status).toBe('waiting');
    expect(sandbox.stats.writes()).toBe(0);
    const done = await changeFinished(w.core, queued.changeId);

    expect(done.outcomes).toMatchObject([{ status: 'done', code: null }]);
    expect(sandbox.stats.writes(/^PUT .*\/Grants$/)).toBe(1);
    const after = sandbox.data.grants(owner());
    expect(after).toHaveLength(before + 1);
    const made = after.find((g) => g.id === done.outcomes[0]!.grantId)!;
    expect(made).toMatchObject({
      boundLockId: lock.id,
      contactId: contact.id,
      validBefore: '2031-01-01T00:00:00.000Z',
      active: true,
      state: 'Ok',
    });
    expect(done.progress?.summary).toBe(
      "Given on 1 lock: reaches the person's phone when they next open the Tapkey app.",
    );

    const lines = journalLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      kind: 'write',
      source: 'app',
      signIn: { issuer: sandbox.issuer },
      operation: 'give',
      status: 'done',
      grantId: made.id,
      target: { ownerAccountId: owner(), boundLockId: lock.id, contactId: contact.id },
      request: { method: 'PUT', path: `Owners/${owner()}/Grants` },
    });
    const text = readFileSync(w.journalFile, 'utf8');
    expect(text).not.toMatch(/Bearer|access_token|refresh_token/i);
    expect(statSync(w.journalFile).mode & 0o777).toBe(0o600);
    // The window saw the change wait, send and finish through pushes.
    const statuses = () =>
      w.pushes.map((p) => p.changes.find((c) => c.changeId === queued.changeId)?.status);
    await expect.poll(() => statuses().at(-1)).toBe('sent');
    expect(statuses()).toContain('waiting');
  });
});
