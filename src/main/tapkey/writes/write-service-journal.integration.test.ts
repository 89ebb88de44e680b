// What the write service journals and settles, through the core against the sandbox: a lost answer of this server
// settled at the next look (made, or not made; also while the sign-in is renewed), the lines it leaves alone
// (another server's, one without its request), a look that fails or is stopped by a sign-out, a sign-in gone when
// the undo window ends or while a write is on its way, and progress that cannot be read.
import { appendFileSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { giveRequest } from '../../../../test/support/give-request';
import { changeFinished, useWriteTests, type WriteCore } from '../../../../test/support/write-core';
import type { JournalEntry } from '../../../shared/model';
import { createLogger } from '../../log';
import { entry } from './journal-entry.fixture';

const t = useWriteTests({ owners: 1, locks: 8, grants: 0, seed: 'write-service-journal' });
const sandbox = t.sandbox;
let w: WriteCore;
let logged: Array<Record<string, unknown>>;

const owner = () => sandbox.users[0]!.ownerAccountIds[0]!;
const lockId = (i: number) => sandbox.data.boundLocks(owner())[i]!.id;
const start = async (o: Parameters<typeof t.start>[1] = {}) => {
  logged = [];
  w = await t.start(sandbox, {
    log: createLogger((l) => logged.push(JSON.parse(l) as Record<string, unknown>), 'info'),
    ...o,
  });
};
const give = (identifier: string, lock: number) => giveRequest(owner(), [lockId(lock)], identifier);
const lines = () =>
  readFileSync(w.journalFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as JournalEntry);
/** A lost answer of a grant on `lock` for `contactId`, as a journal line of `issuer`. */
const lostGrant = (lock: number, contactId: string, issuer = sandbox.issuer): JournalEntry =>
  entry({
    status: 'unknown',
    errorCode: 'outcome-unknown',
    grantId: null,
    signIn: { issuer, account: null },
    target: { ...entry().target, ownerAccountId: owner(), boundLockId: lockId(lock), contactId },
    request: {
      method: 'PUT',
      path: `Owners/${owner()}/Grants`,
      body: { boundLockId: lockId(lock), contactId },
    },
  });
const journal = (...entries: JournalEntry[]) =>
  appendFileSync(w.journalFile, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
/** Gives `identifier` access to `lock` through the core and waits for it: the finished change. */
const given = async (identifier: string, lock: number) =>
  changeFinished(
    w.core,
    (
      await w.core.handlers['writes:submit'](
        (await w.core.handlers['writes:preview'](give(identifier, lock))).planId,
      )
    ).changeId,
  );
const loggedAs = (message: string) => logged.filter((l) => l.message === message);
const NOT_SETTLED = 'a lost answer could not be settled yet';
const NOT_LOOKED = 'the journal was read without settling lost answers';

describe('settling lost answers at the next look', () => {
  it('this server’s: made or not made, with the ids found; another server’s, or one without its request, stay open', async () => {
    await start();
    const done = await given('settled@example.org', 0);
    const { grantId, contactId } = done.outcomes[0]!;
    expect(lines()[0]).toMatchObject({ contactId, grantId, source: 'app' });
    const made = lostGrant(0, contactId!);
    const notMade = lostGrant(1, contactId!);
    const elsewhere = lostGrant(0, contactId!, 'https://login.tapkey.com');
    const noRequest = { ...lostGrant(0, contactId!), request: null };
    journal(made, notMade, elsewhere, noRequest);

    const page = await w.core.handlers['journal:list']({});
    expect(page.unresolved).toBe(2);
    const resolutions = lines().filter((l) => l.kind === 'resolution');
    expect(resolutions).toMatchObject([
      {
        resolves: made.entryId,
        source: 'app',
        signIn: { issuer: sandbox.issuer },
        status: 'done',
        message: 'A later look shows the change was made.',
        errorCode: null,
        grantId,
        contactId,
      },
      {
        resolves: notMade.entryId,
        status: 'failed',
        message: 'A later look shows the change was not made: nothing was changed.',
        errorCode: 'outcome-unknown',
        grantId: null,
      },
    ]);
    expect(sandbox.stats.writes()).toBe(1);
    // The lines left open were not even tried: nothing failed.
    expect(loggedAs(NOT_SETTLED)).toEqual([]);
  });

  it('a look that fails leaves the line open and is logged; the journal is read anyway', async () => {
    await start();
    const { contactId } = (await given('open@example.org', 2)).outcomes[0]!;
    journal(lostGrant(2, contactId!), lostGrant(3, contactId!));
    sandbox.faults.add({ target: 'api', pathPattern: '/Grants\\?', kind: 'status', status: 503 });
    const page = await w.core.handlers['journal:list']({});
    expect(page.unresolved).toBe(2);
    expect(page.total).toBe(3);
    expect(loggedAs(NOT_SETTLED)).toEqual([
      expect.objectContaining({ level: 'info', failure: 'server' }),
      expect.objectContaining({ level: 'info', failure: 'server' }),
    ]);
  });

  it('signed out, the journal is read without looking at Tapkey', async () => {
    await start();
    journal(lostGrant(4, 'c-unknown'));
    await w.core.handlers['auth:sign-out']();
    sandbox.stats.reset();
    const page = await w.core.handlers['journal:list']({});
    expect(page).toMatchObject({ total: 1, unresolved: 1 });
    expect(sandbox.stats.apiRequests()).toBe(0);
    // Signed out is not a look that failed.
    expect(loggedAs(NOT_LOOKED)).toEqual([]);
  });

  it('while the sign-in is being renewed, the look waits for it and settles', async () => {
    await start();
    const { contactId } = (await given('renewing@example.org', 3)).outcomes[0]!;
    const made = lostGrant(3, contactId!);
    journal(made);
    const slowRenewal = sandbox.faults.add({ target: 'token', kind: 'latency', delayMs: 500 });
    sandbox.expireAccessTokens();
    const renewed = w.core.handlers['people:list'](owner());
    while (w.core.session.state.status !== 'refreshing') await new Promise((r) => setTimeout(r, 5));
    const page = await w.core.handlers['journal:list']({});
    await renewed;
    slowRenewal();
    expect(page.unresolved).toBe(0);
    expect(lines().filter((l) => l.kind === 'resolution')).toMatchObject([
      { resolves: made.entryId, status: 'done' },
    ]);
  });

  it('a sign-out during the look stops it at the first line; the journal is read anyway', async () => {
    await start();
    const { contactId } = (await given('leaving@example.org', 6)).outcomes[0]!;
    journal(lostGrant(6, contactId!), lostGrant(7, contactId!));
    sandbox.faults.add({ target: 'api', pathPattern: '/Grants\\?', kind: 'latency', delayMs: 500 });
    sandbox.stats.reset();
    const read = w.core.handlers['journal:list']({});
    while (sandbox.stats.apiRequests() === 0) await new Promise((r) => setTimeout(r, 5));
    await w.core.handlers['auth:sign-out']();
    expect(await read).toMatchObject({ total: 3, unresolved: 2 });
    expect(loggedAs(NOT_SETTLED)).toEqual([expect.objectContaining({ failure: 'cancelled' })]);
    expect(loggedAs(NOT_LOOKED)).toEqual([expect.objectContaining({ failure: 'cancelled' })]);
  });
});

describe('when sending cannot go on', () => {
  it('the sign-in gone when the window ends: each step to send says it was not sent, and why', async () => {
    await start({ writes: { undoWindowMs: 60_000 } });
    // Already given on one of the two locks (the command line's way: at once), so that step is skipped.
    const { contactId } = (
      await w.core.commands.applyChange(
        (await w.core.handlers['writes:preview'](give('too.late@example.org', 5))).planId,
      )
    ).outcomes[0]!;
    const plan = await w.core.handlers['writes:preview'](
      giveRequest(owner(), [lockId(5), lockId(6)], { kind: 'contact', contactId: contactId! }),
    );
    expect(plan.steps.map((s) => s.disposition)).toEqual(['already', 'send']);
    sandbox.stats.reset();
    const queued = await w.core.handlers['writes:submit'](plan.planId);
    t.endSessionAtNextRenewal();
    await w.core.handlers['people:list'](owner()).catch(() => undefined);
    expect(w.core.session.state.status).toBe('expired');
    await w.core.writes.flush();
    const done = await changeFinished(w.core, queued.changeId);
    expect(done.outcomes).toEqual([
      {
        key: 's2',
        status: 'not-sent',
        message: expect.stringMatching(/^Not sent: .+/),
        code: expect.stringMatching(/^(not-signed-in|session-expired)$/),
        grantId: null,
        contactId: null,
        lookedUp: false,
      },
    ]);
    expect(sandbox.stats.writes()).toBe(0);
  });

  it('the sign-in ending while a write is on its way: the step stays unknown for a later look, never also "not sent"', async () => {
    await start();
    const plan = await w.core.handlers['writes:preview'](give('in.flight@example.org', 7));
    // Tapkey makes the grant at once; its answer is on its way while the sign-in ends.
    sandbox.faults.add({
      target: 'api',
      pathPattern: '/Grants$',
      kind: 'handle-then-delay',
      delayMs: 1_000,
      times: 1,
    });
    const queued = await w.core.handlers['writes:submit'](plan.planId);
    while (sandbox.stats.appliedWrites('PUT Grants') === 0)
      await new Promise((r) => setTimeout(r, 5));
    t.endSessionAtNextRenewal();
    await w.core.handlers['people:list'](owner()).catch(() => undefined);
    const done = await changeFinished(w.core, queued.changeId);
    expect(w.core.session.state.status).toBe('expired');
    expect(done.outcomes).toEqual([
      {
        key: 's1',
        status: 'unknown',
        message: expect.stringMatching(/the journal checks again at the next look\.$/),
        code: 'outcome-unknown',
        grantId: null,
        contactId: null,
        lookedUp: false,
      },
    ]);
    expect(lines()).toMatchObject([{ kind: 'write', status: 'unknown' }]);
    expect(sandbox.stats.appliedWrites('PUT Grants')).toBe(1);
  });

  it('progress that cannot be read after sending is logged; the change is still sent', async () => {
    await start();
    const plan = await w.core.handlers['writes:preview'](give('no.progress@example.org', 6));
    sandbox.faults.add({ target: 'api', pathPattern: '/Grants\\?', kind: 'status', status: 503 });
    const done = await changeFinished(
      w.core,
      (await w.core.handlers['writes:submit'](plan.planId)).changeId,
    );
    expect(done.outcomes).toMatchObject([{ status: 'done' }]);
    expect(done.progress).toBeNull();
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'progress could not be read',
        failure: 'server',
      }),
    );
  });

  it('people are listed through the service under the sign-in', async () => {
    await start();
    const list = await w.core.handlers['people:list'](owner());
    expect(list.holders.map((h) => h.id)).toEqual([
      ...sandbox.data.contacts(owner()).map((c) => c.id),
      ...sandbox.data.boundCards(owner()).map((c) => c.id),
    ]);
  });
});
