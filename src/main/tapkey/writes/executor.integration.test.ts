// The executor alone against the sandbox, with the real access client: what each outcome says and records, how
// rate limits are waited out, what a refusal, a lost answer, an ended sign-in or an unexpected error leaves
// behind, and that steps go out at the concurrency asked. Checked against the sandbox's own state and counters.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../../../test/support/free-port';
import { useWriteClient } from '../../../../test/support/write-client';
import type { ChangeKind, StepOutcome, StepTarget } from '../../../shared/model';
import { writeCalls, type WriteCall } from '../resources/access-writes';
import { executeSteps, type ExecStep } from './executor';
import { target } from './names';

const w = useWriteClient({ owners: 1, locks: 12, grants: 0, seed: 'executor' });
const sandbox = w.sandbox;
const owner = w.owner;
const lockId = (i: number) => sandbox.data.boundLocks(owner())[i]!.id;
const card = () => sandbox.data.boundCards(owner())[0]!;

const step = (key: string, call: WriteCall | null, t: Partial<StepTarget> = {}): ExecStep => ({
  key,
  target: target({ ownerAccountId: owner(), ...t }),
  disposition: 'send',
  reason: null,
  call,
  revokes: [],
  grantIds: [],
});
const giveTo = (key: string, lock: number, holder: { contactId: string } | { email: string }) =>
  step(
    key,
    writeCalls.createGrant(owner(), {
      boundLockId: lockId(lock),
      ...('email' in holder
        ? { contact: { identifier: holder.email, ipId: 'tapkey' as const } }
        : holder),
    }),
    { boundLockId: lockId(lock), contactId: 'contactId' in holder ? holder.contactId : null },
  );

/** A fault on the next `times` PUT Grants (every one when not given). */
const grantsFault = (
  rule:
    | { kind: 'status'; status: 401 | 403 | 404 | 429; retryAfterSeconds?: number }
    | { kind: 'drop' | 'handle-then-drop' },
  times?: number,
) =>
  sandbox.faults.add({
    target: 'api',
    pathPattern: '/Grants$',
    ...rule,
    ...(times === undefined ? {} : { times }),
  });
/** Aborts `stop` once the sandbox has received a write (and `delayMs` more have passed). */
const abortOnFirstWrite = async (stop: AbortController, delayMs = 0) => {
  while (sandbox.stats.writes() === 0) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, delayMs));
  stop.abort();
};

/** The outcome of a step not sent because the sign-in had ended. */
const signInEnded = (key: string): StepOutcome => ({
  key,
  status: 'not-sent',
  message: 'Not sent: the sign-in ended first.',
  code: 'cancelled',
  grantId: null,
  contactId: null,
  lookedUp: false,
});

interface Line {
  kind: 'sent' | 'settled';
  key: string;
  outcome: StepOutcome;
  method?: 'POST' | 'PUT' | undefined;
  resolves?: string;
}

/** Runs the executor over the sandbox; what was recorded, in order, and the keys as they finished. */
async function exec(
  operation: ChangeKind,
  steps: ExecStep[],
  o: {
    signal?: AbortSignal;
    concurrency?: number;
    sleep?: (ms: number) => Promise<void>;
    apiBaseUrl?: string;
    onOutcome?: (s: ExecStep) => void;
  } = {},
) {
  const c = w.client(o.apiBaseUrl);
  const lines: Line[] = [];
  let entries = 0;
  const outcomes = await executeSteps(
    {
      writes: c.accessWrites,
      reads: c.accessReads,
      log: c.log,
      concurrency: o.concurrency ?? 4,
      recorder: {
        async sent(s, outcome, method) {
          lines.push({ kind: 'sent', key: s.key, outcome, method });
          return `entry-${++entries}`;
        },
        async settled(s, resolves, outcome) {
          lines.push({ kind: 'settled', key: s.key, outcome, resolves });
        },
      },
      ...(o.sleep ? { sleep: o.sleep } : {}),
    },
    operation,
    steps,
    o.signal ?? new AbortController().signal,
    (s) => o.onOutcome?.(s),
  );
  return { outcomes, lines };
}

const grantsOf = (contactId: string) =>
  sandbox.data.grants(owner()).filter((g) => g.contactId === contactId);
const contactOf = (email: string) =>
  sandbox.data.contacts(owner()).find((c) => c.identifier === email);

/** A person with one grant on lock `lock`, made through the API; their contact and grant ids. */
async function personWithGrant(email: string, lock: number) {
  const { outcomes } = await exec('give', [giveTo('s1', lock, { email })]);
  expect(outcomes).toMatchObject([{ status: 'done' }]);
  sandbox.stats.reset();
  return { contactId: outcomes[0]!.contactId!, grantId: outcomes[0]!.grantId! };
}

describe('what a sent step says and records', () => {
  it('a give names the grant Tapkey made and the person it was made for', async () => {
    const { outcomes, lines } = await exec('give', [
      giveTo('s1', 0, { email: 'new.person@example.org' }),
    ]);
    const contact = contactOf('new.person@example.org')!;
    const [grant] = grantsOf(contact.id);
    expect(outcomes).toEqual([
      {
        key: 's1',
        status: 'done',
        message: `Given (grant ${grant!.id}).`,
        code: null,
        grantId: grant!.id,
        contactId: contact.id,
        lookedUp: false,
      },
    ]);
    // One line per request, and no method of its own: the request went as planned.
    expect(lines).toEqual([{ kind: 'sent', key: 's1', outcome: outcomes[0], method: undefined }]);
  });

  it('a card grant has no person; adding a person names the person and no grant', async () => {
    const c = card();
    const give = step(
      's1',
      writeCalls.createGrant(owner(), { boundLockId: lockId(1), boundCardId: c.id }),
      { boundLockId: lockId(1), boundCardId: c.id },
    );
    const given = await exec('give', [give]);
    const made = sandbox.data.grants(owner()).filter((g) => g.boundCardId === c.id);
    expect(given.outcomes).toMatchObject([
      { status: 'done', grantId: made.at(-1)!.id, contactId: null },
    ]);

    const added = await exec('create-contact', [
      step(
        's1',
        writeCalls.createContact(owner(), { ipId: 'tapkey', identifier: 'added@example.org' }),
      ),
    ]);
    expect(added.outcomes).toEqual([
      {
        key: 's1',
        status: 'done',
        message: 'Added as a person.',
        code: null,
        grantId: null,
        contactId: contactOf('added@example.org')!.id,
        lookedUp: false,
      },
    ]);
  });

  it('a revocation and a removal from a card say when they take effect, for the grant they named', async () => {
    const { contactId, grantId } = await personWithGrant('revoked@example.org', 2);
    const revoke = step('s1', writeCalls.revokeGrant(owner(), grantId), { grantId, contactId });
    const revoked = await exec('revoke-grant', [revoke]);
    expect(revoked.outcomes).toEqual([
      {
        key: 's1',
        status: 'done',
        message: 'Revocation started: it takes effect at each lock’s next sync.',
        code: null,
        grantId,
        contactId,
        lookedUp: false,
      },
    ]);
    // POST, as planned: the journal keeps the plan's method.
    expect(revoked.lines.map((l) => l.method)).toEqual([undefined]);
    expect(sandbox.stats.writes(/^POST .*\/Revoke$/)).toBe(1);

    const c = card();
    const onCard = await exec('give', [
      step('s1', writeCalls.createGrant(owner(), { boundLockId: lockId(3), boundCardId: c.id }), {
        boundCardId: c.id,
      }),
    ]);
    const cardGrant = onCard.outcomes[0]!.grantId!;
    sandbox.sync.card(c.id);
    const removed = await exec('delete-from-card', [
      step('s1', writeCalls.deleteFromCard(owner(), cardGrant), {
        grantId: cardGrant,
        boundCardId: c.id,
      }),
    ]);
    expect(removed.outcomes).toMatchObject([
      {
        status: 'done',
        message: 'Removal from the card started: it takes effect at the card’s next sync.',
        grantId: cardGrant,
        contactId: null,
      },
    ]);
  });

  it('steps not marked to send are left alone, and only sent steps have outcomes', async () => {
    const skipped: ExecStep = {
      ...giveTo('s1', 4, { email: 'skipped@example.org' }),
      disposition: 'already',
      call: null,
    };
    const { outcomes, lines } = await exec('give', [
      skipped,
      giveTo('s2', 5, { email: 'sent@example.org' }),
    ]);
    expect(outcomes.map((o) => [o.key, o.status])).toEqual([['s2', 'done']]);
    expect(lines.map((l) => l.key)).toEqual(['s2']);
    expect(sandbox.stats.writes()).toBe(1);
  });

  it('steps go out at the concurrency asked: every request is in flight before the first answer', async () => {
    const { contactId } = await personWithGrant('many.locks@example.org', 6);
    sandbox.faults.setLatency(400);
    const writesAtFirstAnswer: number[] = [];
    const { outcomes } = await exec(
      'give',
      [7, 8, 9, 10].map((lock, i) => giveTo(`s${i + 1}`, lock, { contactId })),
      {
        concurrency: 4,
        onOutcome: () => writesAtFirstAnswer.push(sandbox.stats.writes()),
      },
    );
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(writesAtFirstAnswer[0]).toBe(4);
  });
});

describe('rate limits', () => {
  const sleeps = () => {
    const asked: number[] = [];
    return { asked, sleep: async (ms: number) => void asked.push(ms) };
  };

  it('waits what Retry-After says, then sends again: nothing was changed the first time', async () => {
    grantsFault({ kind: 'status', status: 429, retryAfterSeconds: 2 }, 1);
    const s = sleeps();
    const { outcomes, lines } = await exec(
      'give',
      [giveTo('s1', 0, { email: 'waited@example.org' })],
      s,
    );
    expect(s.asked).toEqual([2000]);
    expect(outcomes).toMatchObject([{ status: 'done' }]);
    expect(lines.map((l) => l.outcome.status)).toEqual(['done']);
    expect(sandbox.stats.writes()).toBe(2);
    expect(sandbox.stats.appliedWrites('PUT Grants')).toBe(1);
  });

  it('without Retry-After it backs off 2, 4, 8 s, and a fourth 429 fails the step (nothing changed)', async () => {
    grantsFault({ kind: 'status', status: 429 });
    const s = sleeps();
    const { outcomes, lines } = await exec(
      'give',
      [giveTo('s1', 0, { email: 'limited@example.org' })],
      s,
    );
    expect(s.asked).toEqual([2000, 4000, 8000]);
    expect(outcomes).toMatchObject([{ status: 'failed', code: 'rate-limited' }]);
    expect(lines).toMatchObject([{ kind: 'sent', outcome: { status: 'failed' } }]);
    expect(sandbox.stats.writes()).toBe(4);
    expect(sandbox.stats.appliedWrites()).toBe(0);
  });

  it('a long Retry-After is waited at most 30 s', async () => {
    grantsFault({ kind: 'status', status: 429, retryAfterSeconds: 600 }, 1);
    const s = sleeps();
    await exec('give', [giveTo('s1', 0, { email: 'patient@example.org' })], s);
    expect(s.asked).toEqual([30_000]);
  });

  it('a wait does not use up the one extra send a lost answer may have', async () => {
    grantsFault({ kind: 'status', status: 429, retryAfterSeconds: 0 }, 1);
    grantsFault({ kind: 'drop' }, 1);
    const { outcomes } = await exec(
      'give',
      [giveTo('s1', 1, { email: 'waited.then.lost@example.org' })],
      sleeps(),
    );
    expect(outcomes).toMatchObject([{ status: 'done' }]);
    expect(sandbox.stats.writes()).toBe(3);
    expect(sandbox.stats.appliedWrites('PUT Grants')).toBe(1);
  });

  it('the sign-in ending during a wait stops it at once: not sent, nothing recorded, no listener left', async () => {
    grantsFault({ kind: 'status', status: 429, retryAfterSeconds: 25 }, 1);
    const stop = new AbortController();
    // Once the 429 is in, the step is waiting.
    const asked = abortOnFirstWrite(stop, 50);
    const { outcomes, lines } = await exec(
      'give',
      [giveTo('s1', 2, { email: 'ended@example.org' })],
      { signal: stop.signal },
    );
    await asked;
    expect(outcomes).toEqual([signInEnded('s1')]);
    expect(lines).toEqual([]);
    expect(sandbox.stats.writes()).toBe(1);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  }, 15_000);

  it('a wait that ends leaves no listener on the sign-in’s signal', async () => {
    grantsFault({ kind: 'status', status: 429, retryAfterSeconds: 0 }, 1);
    const live = new AbortController();
    const { outcomes } = await exec('give', [giveTo('s1', 3, { email: 'short@example.org' })], {
      signal: live.signal,
    });
    expect(outcomes).toMatchObject([{ status: 'done' }]);
    expect(getEventListeners(live.signal, 'abort')).toHaveLength(0);
  });
});

describe('refusals and failures', () => {
  it('a refusal is final: Tapkey is not asked again, even when the same access exists', async () => {
    const { contactId } = await personWithGrant('refused@example.org', 4);
    grantsFault({ kind: 'status', status: 403 }, 1);
    const { outcomes, lines } = await exec('give', [giveTo('s1', 4, { contactId })]);
    expect(outcomes).toMatchObject([{ status: 'refused', code: 'forbidden', lookedUp: false }]);
    expect(lines).toMatchObject([{ kind: 'sent', outcome: { status: 'refused' } }]);
    expect(sandbox.stats.apiRequests()).toBe(1);
  });

  it('a 409 whose look-up fails is a refusal, and the failed look is logged', async () => {
    const { contactId } = await personWithGrant('conflict@example.org', 5);
    sandbox.faults.add({ target: 'api', pathPattern: '/Grants\\?', kind: 'status', status: 503 });
    const { outcomes, lines } = await exec('give', [giveTo('s1', 5, { contactId })]);
    expect(outcomes).toMatchObject([{ status: 'refused', code: 'conflict', lookedUp: false }]);
    expect(lines).toHaveLength(1);
    expect(w.logged()).toContainEqual({
      level: 'warn',
      msg: 'look-up after a lost answer failed',
      operation: 'give',
      failure: 'server',
    });
  });

  it('failures that changed nothing but may pass are "failed"; what Tapkey refused is "refused"', async () => {
    grantsFault({ kind: 'status', status: 401 }, 2);
    const expired = await exec('give', [giveTo('s1', 6, { email: 'expired@example.org' })]);
    expect(expired.outcomes).toMatchObject([{ status: 'failed', code: 'session-expired' }]);

    const closed = await freeLoopbackPort();
    const offline = await exec('give', [giveTo('s1', 6, { email: 'offline@example.org' })], {
      apiBaseUrl: `http://127.0.0.1:${closed}/api/v1/`,
    });
    expect(offline.outcomes).toMatchObject([{ status: 'failed', code: 'network' }]);
    expect(offline.lines).toMatchObject([{ outcome: { status: 'failed', code: 'network' } }]);

    grantsFault({ kind: 'status', status: 404 }, 1);
    const gone = await exec('give', [giveTo('s1', 6, { email: 'gone@example.org' })]);
    expect(gone.outcomes).toMatchObject([{ status: 'refused', code: 'not-found' }]);
  });

  it('an answer lost after Tapkey acted: looked up, found, settled as done with its ids, never sent again', async () => {
    grantsFault({ kind: 'handle-then-drop' }, 1);
    const { outcomes, lines } = await exec('give', [
      giveTo('s1', 11, { email: 'applied@example.org' }),
    ]);
    const contact = contactOf('applied@example.org')!;
    const [grant] = grantsOf(contact.id);
    const found = {
      key: 's1',
      status: 'done',
      message: `Tapkey's answer was lost, but a look shows the change was made. Given (grant ${grant!.id}).`,
      code: null,
      grantId: grant!.id,
      contactId: contact.id,
      lookedUp: true,
    };
    expect(outcomes).toEqual([found]);
    expect(lines.map((l) => [l.kind, l.outcome.status])).toEqual([
      ['sent', 'unknown'],
      ['settled', 'done'],
    ]);
    expect(lines[1]).toEqual({ kind: 'settled', key: 's1', outcome: found, resolves: 'entry-1' });
    expect(sandbox.stats.writes()).toBe(1);
  });

  it('an answer lost before Tapkey acted: journaled unknown, settled as not made, then sent once more', async () => {
    grantsFault({ kind: 'drop' }, 1);
    const { outcomes, lines } = await exec('give', [
      giveTo('s1', 7, { email: 'dropped@example.org' }),
    ]);
    expect(lines.map((l) => [l.kind, l.outcome.status, l.outcome.code])).toEqual([
      ['sent', 'unknown', 'outcome-unknown'],
      ['settled', 'failed', 'outcome-unknown'],
      ['sent', 'done', null],
    ]);
    expect(lines[1]).toMatchObject({
      resolves: 'entry-1',
      outcome: {
        message:
          "Tapkey's answer was lost, and a look shows the change was not made: nothing was changed.",
        lookedUp: true,
      },
    });
    expect(outcomes).toMatchObject([{ status: 'done', lookedUp: false }]);
  });

  it('an unexpected error while sending is an unknown outcome, recorded and logged, never a refusal', async () => {
    const odd = step(
      's1',
      { ...writeCalls.createContact(owner(), { ipId: 'tapkey', identifier: 'x@example.org' }) },
      {},
    );
    // A body JSON cannot write: the request layer throws a TypeError of its own, not a failure of ours.
    odd.call!.body = { identifier: 'x@example.org', size: 1n };
    const { outcomes, lines } = await exec('create-contact', [odd]);
    const expected = {
      key: 's1',
      status: 'unknown',
      message: 'Something went wrong while sending; check Tapkey.',
      code: 'internal',
      grantId: null,
      contactId: null,
      lookedUp: false,
    };
    expect(outcomes).toEqual([expected]);
    expect(lines).toEqual([{ kind: 'sent', key: 's1', outcome: expected, method: undefined }]);
    expect(w.logged()).toContainEqual(
      expect.objectContaining({
        level: 'error',
        msg: 'a write failed unexpectedly',
        operation: 'create-contact',
      }),
    );
    expect(sandbox.stats.writes()).toBe(0);
  });

  it('a sign-in already ended sends nothing and says so for every step', async () => {
    const stop = new AbortController();
    stop.abort();
    const { outcomes, lines } = await exec(
      'give',
      [giveTo('s1', 8, { email: 'a@example.org' }), giveTo('s2', 9, { email: 'b@example.org' })],
      { signal: stop.signal },
    );
    expect(outcomes).toEqual([signInEnded('s1'), signInEnded('s2')]);
    expect(lines).toEqual([]);
    expect(sandbox.stats.writes()).toBe(0);
  });

  it('steps still queued when the change is stopped are not sent, and say the change stopped first', async () => {
    grantsFault({ kind: 'status', status: 429, retryAfterSeconds: 25 }, 1);
    const stop = new AbortController();
    const stopping = abortOnFirstWrite(stop);
    const { outcomes, lines } = await exec(
      'give',
      [giveTo('s1', 10, { email: 'c@example.org' }), giveTo('s2', 11, { email: 'd@example.org' })],
      { signal: stop.signal, concurrency: 1 },
    );
    await stopping;
    expect(outcomes.map((o) => [o.key, o.status, o.code, o.message])).toEqual([
      ['s1', 'not-sent', 'cancelled', 'Not sent: the sign-in ended first.'],
      ['s2', 'not-sent', 'cancelled', 'Not sent: the change was stopped first.'],
    ]);
    expect(lines).toEqual([]);
    expect(sandbox.stats.writes()).toBe(1);
  }, 15_000);
});
