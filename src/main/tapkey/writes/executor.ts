import type { ChangeKind, StepOutcome, StepStatus } from '../../../shared/model';
import type { ErrorCode } from '../../../shared/result';
import { AppFailure } from '../../errors';
import type { Logger } from '../../log';
import { createLimiter } from '../limiter';
import type { AccessReads } from '../resources/access-reads';
import { wireOf, type AccessWrites } from '../resources/access-writes';
import { isRecord } from '../schemas';
import type { DraftStep } from './draft';
import { lookUp, type LookUpResult } from './look-up';

/** A step to send, with its key in the plan. */
export type ExecStep = DraftStep & { key: string };

/** Where each request sent is recorded (the journal): one line per request, and a later one settling a lost answer. */
export interface ExecRecorder {
  /**
   * A request was sent and this is how it ended; resolves with the record's id. `method` is the one Tapkey took
   * when it differs from the plan's (a Revoke that fell back from POST to PUT).
   */
  sent(step: ExecStep, outcome: StepOutcome, method?: 'POST' | 'PUT'): Promise<string>;
  /** A look-up settled the earlier `unknown` record `entryId`. */
  settled(step: ExecStep, entryId: string, outcome: StepOutcome): Promise<void>;
}

/** What the executor works with. */
export interface ExecDeps {
  writes: AccessWrites;
  reads: AccessReads;
  recorder: ExecRecorder;
  log: Logger;
  /** Requests in flight at once for one change. */
  concurrency: number;
  /** Waits (rate limits); tests pass a quicker one. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Sends of one step at most: the first, and one more only after a look-up proved the first did not happen. */
const MAX_SENDS = 2;
/** 429s waited out per step before it is reported as failed (nothing changed). */
const MAX_RATE_LIMITED = 3;
/** The longest Retry-After waited for inside a change. */
const MAX_WAIT_MS = 30_000;

const outcome = (
  key: string,
  status: StepStatus,
  message: string,
  extra: Partial<Omit<StepOutcome, 'key' | 'status' | 'message'>> = {},
): StepOutcome => ({
  key,
  status,
  message,
  code: extra.code ?? null,
  grantId: extra.grantId ?? null,
  contactId: extra.contactId ?? null,
  lookedUp: extra.lookedUp ?? false,
});

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(t);
      reject(new AppFailure('cancelled', 'The change was stopped.'));
    }
    signal?.addEventListener('abort', abort, { once: true });
  });

const idIn = (v: unknown, key: string) =>
  isRecord(v) && (typeof v[key] === 'string' || typeof v[key] === 'number') ? String(v[key]) : null;

/** The operation a step belongs to, for look-ups and messages. */
export type StepOperation = ChangeKind;

/** What "done" means for each operation, in words. */
function doneMessage(op: StepOperation, answer: unknown): string {
  switch (op) {
    case 'give':
      return `Given (grant ${idIn(answer, 'id') ?? 'created'}).`;
    case 'create-contact':
      return 'Added as a person.';
    case 'delete-from-card':
      return 'Removal from the card started: it takes effect at the card’s next sync.';
    default:
      return 'Revocation started: it takes effect at each lock’s next sync.';
  }
}

/** A refusal by Tapkey (or the request layer before sending) in this step's words. */
function refusedBy(e: AppFailure, key: string): StepOutcome {
  const failed: ErrorCode[] = [
    'network',
    'timeout',
    'rate-limited',
    'cancelled',
    'session-expired',
  ];
  return outcome(key, failed.includes(e.code) ? 'failed' : 'refused', e.message, {
    code: e.code,
  });
}

/**
 * Sends the steps of one change with bounded concurrency and reports each step's outcome. One click never makes
 * two grants: a request whose answer was lost (`outcome-unknown`) is looked up before anything else, and sent
 * again at most once, only when the look-up shows it did not happen. A 409 is looked up too: when Tapkey already
 * has the change, the step is `already`. Steps marked `first` (the one that creates a contact) go alone, before
 * the others. When `signal` aborts (the sign-in ended), the steps not yet started are `not-sent`.
 */
export async function executeSteps(
  deps: ExecDeps,
  operation: StepOperation,
  steps: readonly ExecStep[],
  signal: AbortSignal,
  onOutcome: (step: ExecStep, o: StepOutcome) => void,
): Promise<StepOutcome[]> {
  const sleep = deps.sleep ?? defaultSleep;
  const limit = createLimiter(Math.max(1, deps.concurrency));
  const results = new Map<string, StepOutcome>();
  const finish = (step: ExecStep, o: StepOutcome) => {
    results.set(step.key, o);
    onOutcome(step, o);
    return o;
  };

  /** The method a Revoke went out with, when the fallback chose it. */
  const tookMethod = new Map<string, 'POST' | 'PUT'>();
  const sendOnce = async (step: ExecStep): Promise<unknown> => {
    if (operation === 'revoke-grant' && step.target.grantId) {
      const method = await deps.writes.revoke(
        step.target.ownerAccountId,
        step.target.grantId,
        signal,
      );
      if (method !== step.call?.method) tookMethod.set(step.key, method);
      return null;
    }
    return deps.writes.send(step.call!, signal);
  };

  /** Looks the step up; null when the look-up itself failed. */
  const settle = async (step: ExecStep): Promise<LookUpResult | null> => {
    try {
      return await lookUp(deps.reads, operation, step.target, wireOf(step.call!), signal);
    } catch (e) {
      // `failure`, not `code`: the logger redacts any field named code (an authorization code's name).
      deps.log.warn('look-up after a lost answer failed', {
        operation,
        failure: e instanceof AppFailure ? e.code : 'internal',
      });
      return null;
    }
  };

  async function runStep(step: ExecStep): Promise<StepOutcome> {
    let rateLimited = 0;
    for (let sends = 1; ; sends++) {
      if (signal.aborted)
        return outcome(step.key, 'not-sent', 'Not sent: the sign-in ended first.', {
          code: 'cancelled',
        });
      let answer: unknown;
      try {
        answer = await sendOnce(step);
      } catch (e) {
        if (!(e instanceof AppFailure)) {
          deps.log.error('a write failed unexpectedly', { operation, error: e });
          const o = outcome(
            step.key,
            'unknown',
            'Something went wrong while sending; check Tapkey.',
            {
              code: 'internal',
            },
          );
          await deps.recorder.sent(step, o);
          return o;
        }
        if (e.code === 'rate-limited' && rateLimited < MAX_RATE_LIMITED) {
          rateLimited++;
          sends--;
          const waitMs = Math.min(
            MAX_WAIT_MS,
            (e.extra.retryAfterSeconds ?? 2 ** rateLimited) * 1000,
          );
          await sleep(waitMs, signal).catch(() => undefined);
          continue;
        }
        if (e.code === 'outcome-unknown') {
          const lost = outcome(step.key, 'unknown', e.message, { code: 'outcome-unknown' });
          const entryId = await deps.recorder.sent(step, lost);
          const found = await settle(step);
          if (found === null)
            return outcome(
              step.key,
              'unknown',
              `${e.message} The app could not check yet; the journal checks again at the next look.`,
              { code: 'outcome-unknown' },
            );
          if (found.applied) {
            const o = outcome(
              step.key,
              'done',
              `Tapkey's answer was lost, but a look shows the change was made. ${doneMessage(operation, { id: found.grantId })}`,
              { grantId: found.grantId, contactId: found.contactId, lookedUp: true },
            );
            await deps.recorder.settled(step, entryId, o);
            return o;
          }
          const notMade = outcome(
            step.key,
            'failed',
            "Tapkey's answer was lost, and a look shows the change was not made: nothing was changed.",
            { code: 'outcome-unknown', lookedUp: true },
          );
          await deps.recorder.settled(step, entryId, notMade);
          if (sends < MAX_SENDS) continue;
          return notMade;
        }
        if (e.code === 'conflict') {
          const found = await settle(step);
          const o = found?.applied
            ? outcome(
                step.key,
                'already',
                'Tapkey already has this change; nothing more was needed.',
                {
                  code: 'conflict',
                  grantId: found.grantId,
                  contactId: found.contactId,
                  lookedUp: true,
                },
              )
            : refusedBy(e, step.key);
          await deps.recorder.sent(step, o);
          return o;
        }
        const o = refusedBy(e, step.key);
        // Refused before anything left (a bad id, a network failure before sending) is still recorded: it was tried.
        await deps.recorder.sent(step, o);
        return o;
      }
      const o = outcome(step.key, 'done', doneMessage(operation, answer), {
        grantId:
          idIn(answer, 'id') && operation === 'give' ? idIn(answer, 'id') : step.target.grantId,
        contactId:
          operation === 'create-contact'
            ? idIn(answer, 'id')
            : (idIn(answer, 'contactId') ?? step.target.contactId),
      });
      await deps.recorder.sent(step, o, tookMethod.get(step.key));
      return o;
    }
  }

  const run = (step: ExecStep) =>
    limit(() => runStep(step), signal).then(
      (o) => finish(step, o),
      () =>
        finish(
          step,
          outcome(step.key, 'not-sent', 'Not sent: the change was stopped first.', {
            code: 'cancelled',
          }),
        ),
    );
  const toSend = steps.filter((s) => s.disposition === 'send');
  const first = toSend.filter((s) => s.first);
  for (const step of first) await run(step);
  await Promise.all(toSend.filter((s) => !s.first).map(run));
  return toSend.map((s) => results.get(s.key)!);
}
