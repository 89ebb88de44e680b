import { randomUUID } from 'node:crypto';
import type {
  AuthState,
  ChangeEntry,
  ChangePlan,
  ChangeQueueState,
  ChangeRequest,
  JournalEntry,
  JournalPage,
  JournalQuery,
  LockFeaturesList,
  OwnerAccount,
  PeopleList,
  SignOutOptions,
  StepOutcome,
  WriteCapabilities,
} from '../../../shared/model';
import type { Servers } from '../../auth/session';
import { AppFailure, isFailure } from '../../errors';
import type { Logger } from '../../log';
import type { TapkeyClient } from '../client';
import { wireOf } from '../resources/access-writes';
import { capabilitiesOf } from './capabilities';
import { createChangeQueue } from './change-queue';
import { DEFAULT_REVOCATION_WARN_AT, type PlanWithSteps } from './draft';
import { executeSteps, type ExecRecorder, type ExecStep } from './executor';
import type { Journal } from './journal';
import { readJournal, unresolvedWrites } from './journal-query';
import { lookUp } from './look-up';
import { listLockFeatures, listPeople } from './people';
import { createPlanStore, previewChange } from './planner';
import { computeProgress, recordSerials, type ProgressBasis } from './progress';

/** Tuning of writes; every field has a default. */
export interface WriteTuning {
  /** How long a change waits before it is sent, so it can be undone (default 5 s). */
  undoWindowMs?: number;
  /** Requests in flight at once within one change (default 8). */
  concurrency?: number;
  /** Keys added to one lock's revocation list by one change from which the preview warns (default 5). */
  revocationWarnAt?: number;
  now?: () => number;
}

/** What the write service is connected to. */
export interface WriteServiceDeps {
  /** The Tapkey client of the live sign-in (throws not-signed-in without one). */
  client(): TapkeyClient;
  /** Runs a call under the session guard (see SessionGuard.whileSignedIn). */
  whileSignedIn<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T>;
  session: {
    readonly state: AuthState;
    readonly servers: Servers | null;
    readonly grantedScopes: readonly string[];
  };
  /** Whether Settings → Manage access is on. */
  manageAccess(): boolean;
  journal: Journal;
  /** Who writes: the app or the CLI (recorded in the journal). */
  source: 'app' | 'cli';
  log: Logger;
  /** Tells the window the queue changed (throttled here). */
  emit(state: ChangeQueueState): void;
  tuning?: WriteTuning | undefined;
}

/** How often, at most, the queue is pushed to the window while a change is being sent. */
const EMIT_EVERY_MS = 50;
const REVOCATIONS = new Set(['revoke-grant', 'revoke-person', 'revoke-card', 'offboard']);

/**
 * Managing access, end to end: previews, the undo window, sending with per-step outcomes, progress from Tapkey,
 * and the journal. The window and the CLI both come through here.
 */
export function createWriteService(deps: WriteServiceDeps) {
  const t = deps.tuning ?? {};
  const now = t.now ?? Date.now;
  const undoWindowMs = t.undoWindowMs ?? 5_000;
  const warnAt = t.revocationWarnAt ?? DEFAULT_REVOCATION_WARN_AT;
  const plans = createPlanStore(now);
  /** What each queued change was planned as, and what its progress is computed from. */
  const held = new Map<string, { plan: PlanWithSteps; basis: ProgressBasis }>();

  let emitTimer: ReturnType<typeof setTimeout> | undefined;
  const emitSoon = () => {
    if (emitTimer) return;
    emitTimer = setTimeout(() => {
      emitTimer = undefined;
      // A copy, as IPC would make: listeners in this process must not see the entries change under them.
      deps.emit(structuredClone(queue.state()));
    }, EMIT_EVERY_MS);
    emitTimer.unref?.();
  };

  const signInOf = () => ({
    issuer: deps.session.servers?.issuer ?? '',
    account:
      deps.session.state.status === 'signed-in' ? (deps.session.state.account ?? null) : null,
  });

  const journalEntry = (
    entry: ChangeEntry,
    step: ExecStep,
    o: StepOutcome,
    kind: JournalEntry['kind'],
    extra: { resolves?: string; method?: 'POST' | 'PUT' } = {},
  ): JournalEntry => {
    const request = step.call ? wireOf(step.call) : null;
    return {
      v: 1,
      entryId: randomUUID(),
      kind,
      at: new Date(now()).toISOString(),
      source: deps.source,
      signIn: signInOf(),
      changeId: entry.changeId,
      operation: entry.kind,
      title: entry.title,
      target: step.target,
      request: request && extra.method ? { ...request, method: extra.method } : request,
      status: o.status,
      message: o.message,
      errorCode: o.code,
      grantId: o.grantId ?? step.target.grantId,
      contactId: o.contactId ?? step.target.contactId,
      resolves: extra.resolves ?? null,
    };
  };

  /** Appends to the journal; a journal that cannot be written is logged and never stops a change half-way. */
  const record = async (e: JournalEntry) => {
    try {
      await deps.journal.append(e);
    } catch (error) {
      deps.log.error('the journal could not be written', { error });
    }
  };

  async function send(entry: ChangeEntry): Promise<void> {
    const h = held.get(entry.changeId);
    if (!h) return;
    const recorder: ExecRecorder = {
      async sent(step, o, method) {
        const e = journalEntry(entry, step, o, 'write', method ? { method } : {});
        await record(e);
        return e.entryId;
      },
      async settled(step, entryId, o) {
        await record(journalEntry(entry, step, o, 'resolution', { resolves: entryId }));
      },
    };
    const toSend = h.plan.steps.filter((s) => s.disposition === 'send');
    try {
      await deps.whileSignedIn(async (signal) => {
        const client = deps.client();
        const outcomes = await executeSteps(
          {
            writes: client.accessWrites,
            reads: client.accessReads,
            recorder,
            log: deps.log,
            concurrency: t.concurrency ?? 8,
          },
          entry.kind,
          toSend,
          signal,
          (_step, o) => {
            entry.outcomes.push(o);
            emitSoon();
          },
        );
        await progressOf(client, entry, h.basis, outcomes, signal, true);
      });
    } catch (e) {
      // The sign-in was gone when the window ended, or ended while sending: what did not go is said so.
      const why = e instanceof AppFailure ? e.message : 'The change could not be sent.';
      for (const step of toSend)
        if (!entry.outcomes.some((o) => o.key === step.key))
          entry.outcomes.push({
            key: step.key,
            status: 'not-sent',
            message: `Not sent: ${why}`,
            code: e instanceof AppFailure ? e.code : 'internal',
            grantId: null,
            contactId: null,
            lookedUp: false,
          });
    }
    entry.finishedAt = new Date(now()).toISOString();
  }

  /** Computes a sent change's progress; failures leave the last one in place (progress is a look, not a change). */
  async function progressOf(
    client: TapkeyClient,
    entry: ChangeEntry,
    basis: ProgressBasis,
    outcomes: readonly StepOutcome[],
    signal: AbortSignal,
    justSent: boolean,
  ): Promise<void> {
    try {
      let locks;
      if (justSent && REVOCATIONS.has(entry.kind)) {
        const done = new Set(outcomes.filter((o) => o.status === 'done').map((o) => o.key));
        locks = await recordSerials(client.accessReads, basis, done, signal);
      }
      entry.progress = await computeProgress(
        client.accessReads,
        basis,
        outcomes,
        now(),
        signal,
        locks,
      );
    } catch (e) {
      deps.log.warn('progress could not be read', {
        failure: e instanceof AppFailure ? e.code : 'internal',
      });
    }
  }

  const queue = createChangeQueue({ undoWindowMs, now, send, changed: emitSoon });

  const capabilities = (): WriteCapabilities => {
    const s = deps.session.state;
    const signedIn = s.status === 'signed-in' || s.status === 'refreshing';
    return capabilitiesOf(
      signedIn ? deps.session.grantedScopes : null,
      deps.manageAccess(),
      undoWindowMs,
    );
  };

  /** Settles the journal's lost answers of this sign-in's server, where a look at Tapkey can (best effort). */
  async function resolveUnknown(signal: AbortSignal): Promise<void> {
    const issuer = deps.session.servers?.issuer;
    if (!issuer) return;
    const open = (await unresolvedWrites(deps.journal)).filter(
      (e) => e.signIn.issuer === issuer && e.request !== null,
    );
    const reads = deps.client().accessReads;
    for (const e of open) {
      try {
        const found = await lookUp(reads, e.operation, e.target, e.request!, signal);
        await record({
          ...e,
          entryId: randomUUID(),
          kind: 'resolution',
          at: new Date(now()).toISOString(),
          source: deps.source,
          signIn: signInOf(),
          status: found.applied ? 'done' : 'failed',
          message: found.applied
            ? 'A later look shows the change was made.'
            : 'A later look shows the change was not made: nothing was changed.',
          errorCode: found.applied ? null : 'outcome-unknown',
          grantId: found.applied ? (found.grantId ?? e.grantId) : e.grantId,
          contactId: found.applied ? (found.contactId ?? e.contactId) : e.contactId,
          resolves: e.entryId,
        });
      } catch (error) {
        // Not now (offline, signed out, no read scope): the next look tries again.
        deps.log.info('a lost answer could not be settled yet', {
          failure: error instanceof AppFailure ? error.code : 'internal',
        });
        if (isFailure(error, 'cancelled', 'session-expired', 'not-signed-in')) break;
      }
    }
  }

  return {
    /** Whether this sign-in may write, and if not, the one line saying what to enable. */
    capabilities,

    /** Previews a change under the session guard; the plan is kept for submitting. */
    preview(request: ChangeRequest): Promise<ChangePlan> {
      return deps.whileSignedIn(async (signal) => {
        const client = deps.client();
        const p = await previewChange(
          {
            reads: client.accessReads,
            listOwnerAccounts: async (s?: AbortSignal): Promise<OwnerAccount[]> =>
              (await client.owners.listOwnerAccounts(s)).accounts,
            now: now(),
            signal,
          },
          request,
          warnAt,
        );
        plans.keep(p);
        return p.plan;
      });
    },

    /** Queues a previewed plan; it is sent after the undo window (`delayMs` overrides it: the CLI asks first, then sends). */
    submit(planId: string, delayMs?: number): ChangeEntry {
      const caps = capabilities();
      if (!caps.canWrite)
        throw new AppFailure('permission', caps.hint ?? 'This sign-in cannot change access.', {
          ...(caps.missingScopes[0] ? { scope: caps.missingScopes[0] } : {}),
        });
      const plan = plans.take(planId);
      const entry = queue.add(
        {
          planId,
          kind: plan.plan.request.kind,
          title: plan.plan.title,
          total: plan.plan.counts.send,
        },
        delayMs,
      );
      held.set(entry.changeId, {
        plan,
        basis: { operation: plan.plan.request.kind, steps: plan.steps, serials: new Map() },
      });
      return entry;
    },

    /** Takes a waiting change back. */
    undo: (changeId: string) => queue.undo(changeId),

    /** The queue: waiting, sending and this run's finished changes. */
    list: () => queue.state(),

    /** Resolves with a change once it has finished (the CLI waits for its outcomes). */
    finished: (changeId: string) => queue.finished(changeId),

    /** Looks at Tapkey again for a sent change's progress. */
    refreshProgress(changeId: string): Promise<ChangeEntry> {
      const entry = queue.get(changeId);
      const h = held.get(changeId);
      if (!h || entry.status !== 'sent') return Promise.resolve(entry);
      return deps.whileSignedIn(async (signal) => {
        await progressOf(deps.client(), entry, h.basis, entry.outcomes, signal, false);
        emitSoon();
        return entry;
      });
    },

    /** Changes waiting or being sent. */
    pending: () => queue.pending(),

    /**
     * Before a sign-out: refused while a change waits (unless `discardPending`: they are dropped, nothing is sent)
     * or is being sent (it must finish, or its outcome would be lost with the sign-in).
     */
    beforeSignOut(options: SignOutOptions = {}): void {
      if (queue.busy())
        throw new AppFailure(
          'changes-pending',
          'A change is being sent to Tapkey; sign out when it has finished.',
        );
      const waiting = queue.pending();
      if (waiting === 0) return;
      if (!options.discardPending)
        throw new AppFailure(
          'changes-pending',
          `${waiting === 1 ? 'A change is' : `${waiting} changes are`} waiting to be sent. Undo ${waiting === 1 ? 'it' : 'them'} or let ${waiting === 1 ? 'it' : 'them'} go first, or sign out and discard ${waiting === 1 ? 'it' : 'them'}.`,
        );
      queue.discardWaiting();
    },

    /** Drops every waiting change (quit, after asking). */
    discardPending: () => queue.discardWaiting(),

    /** Sends every waiting change now; resolves when none is waiting or being sent (quit, after asking). */
    flush: () => queue.flush(),

    /** An owner account's persons and cards with their grants. */
    people(ownerAccountId: string): Promise<PeopleList> {
      return deps.whileSignedIn((signal) =>
        listPeople(deps.client().accessReads, ownerAccountId, signal),
      );
    },

    /** An owner account's locks with what each supports. */
    lockFeatures(ownerAccountId: string): Promise<LockFeaturesList> {
      return deps.whileSignedIn((signal) =>
        listLockFeatures(deps.client().accessReads, ownerAccountId, signal),
      );
    },

    /** The journal, filtered; lost answers of this sign-in are looked up first where possible. */
    async journal(query: JournalQuery = {}): Promise<JournalPage> {
      const s = deps.session.state.status;
      if (s === 'signed-in' || s === 'refreshing')
        await deps.whileSignedIn(resolveUnknown).catch((e: unknown) => {
          deps.log.info('the journal was read without settling lost answers', {
            failure: e instanceof AppFailure ? e.code : 'internal',
          });
        });
      return readJournal(deps.journal, query);
    },

    /** Stops the queue's timers. */
    dispose(): void {
      queue.stop();
      clearTimeout(emitTimer);
    },
  };
}

/** The write service's shape. */
export type WriteService = ReturnType<typeof createWriteService>;
