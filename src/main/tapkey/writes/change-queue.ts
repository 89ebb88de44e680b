import { randomUUID } from 'node:crypto';
import type { ChangeEntry, ChangeKind, ChangeQueueState } from '../../../shared/model';
import { AppFailure } from '../../errors';

/** What the queue is given for each change. */
export interface QueuedChange {
  planId: string;
  kind: ChangeKind;
  title: string;
  total: number;
}

/** What the queue needs: when to send, how, and whom to tell. */
export interface ChangeQueueDeps {
  /** How long a change waits before it is sent (the undo window). */
  undoWindowMs: number;
  now: () => number;
  /** Sends one change; resolves when its outcomes are in (never rejects: failures are outcomes). */
  send(entry: ChangeEntry): Promise<void>;
  /** Called after every change to the queue. */
  changed(): void;
  /** How many finished changes to keep for this run's history (default 50). */
  keepFinished?: number;
}

const FINISHED = new Set(['sent', 'undone', 'discarded']);

/**
 * The pending changes: each waits its undo window, then is sent, one change at a time in the order they were
 * queued (a revocation queued after a grant is sent after it). Until a change starts sending it can be taken
 * back, and then nothing of it reaches Tapkey. Lives in main, so a reload of the window loses nothing, and
 * quitting or signing out can ask first.
 */
export function createChangeQueue(deps: ChangeQueueDeps) {
  const entries: ChangeEntry[] = [];
  const due = new Map<string, number>();
  let sending: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idleWaiters: Array<() => void> = [];
  let changeWaiters: Array<() => void> = [];
  let stopped = false;
  const changed = () => {
    deps.changed();
    const w = changeWaiters;
    changeWaiters = [];
    for (const resolve of w) resolve();
  };

  const iso = (ms: number) => new Date(ms).toISOString();
  const find = (changeId: string) => {
    const e = entries.find((x) => x.changeId === changeId);
    if (!e) throw new AppFailure('not-found', 'That change is not in the queue any more.');
    return e;
  };
  const waiting = () => entries.filter((e) => e.status === 'waiting');
  const trim = () => {
    const keep = deps.keepFinished ?? 50;
    const finished = entries.filter((e) => FINISHED.has(e.status));
    for (const old of finished.slice(0, Math.max(0, finished.length - keep)))
      entries.splice(entries.indexOf(old), 1);
  };
  const settleIdle = () => {
    if (sending || waiting().length) return;
    const w = idleWaiters;
    idleWaiters = [];
    for (const resolve of w) resolve();
  };

  /** Starts the next change whose window has ended, or sets a timer for the next one due. */
  function pump(): void {
    clearTimeout(timer);
    timer = undefined;
    if (stopped || sending) return;
    const next = waiting()[0];
    if (!next) return settleIdle();
    const at = due.get(next.changeId) ?? 0;
    const wait = at - deps.now();
    if (wait > 0) {
      timer = setTimeout(pump, wait);
      return;
    }
    sending = next.changeId;
    next.status = 'sending';
    changed();
    void deps
      .send(next)
      .catch(() => undefined)
      .finally(() => {
        if (next.status === 'sending') next.status = 'sent';
        next.finishedAt ??= iso(deps.now());
        sending = null;
        trim();
        changed();
        pump();
      });
  }

  return {
    /** Queues a change; it is sent after `delayMs` (default: the undo window). */
    add(change: QueuedChange, delayMs = deps.undoWindowMs): ChangeEntry {
      const now = deps.now();
      const entry: ChangeEntry = {
        changeId: randomUUID(),
        planId: change.planId,
        kind: change.kind,
        title: change.title,
        status: 'waiting',
        queuedAt: iso(now),
        sendAt: iso(now + delayMs),
        finishedAt: null,
        total: change.total,
        outcomes: [],
        progress: null,
      };
      entries.push(entry);
      due.set(entry.changeId, now + delayMs);
      changed();
      // Never sent inside add(), even with no window: the caller first files what the change is made of.
      queueMicrotask(pump);
      return entry;
    },

    /** Takes a waiting change back: nothing of it is sent. `too-late` once it has started sending. */
    undo(changeId: string): ChangeEntry {
      const e = find(changeId);
      if (e.status !== 'waiting')
        throw new AppFailure(
          'too-late',
          e.status === 'undone'
            ? 'This change was already undone.'
            : 'Too late to undo: this change has already been sent to Tapkey.',
        );
      e.status = 'undone';
      e.finishedAt = iso(deps.now());
      trim();
      changed();
      pump();
      return e;
    },

    /** Drops every waiting change (sign-out or quit, after asking); resolves with how many were dropped. */
    discardWaiting(): number {
      const dropped = waiting();
      for (const e of dropped) {
        e.status = 'discarded';
        e.finishedAt = iso(deps.now());
      }
      if (dropped.length) {
        trim();
        changed();
      }
      pump();
      return dropped.length;
    },

    /** Ends every waiting change's window now; resolves when nothing is waiting or sending. */
    flush(): Promise<void> {
      for (const e of waiting()) due.set(e.changeId, 0);
      const idle = new Promise<void>((resolve) => idleWaiters.push(resolve));
      pump();
      settleIdle();
      return idle;
    },

    /** Resolves when this change has finished (sent, undone or discarded). */
    async finished(changeId: string): Promise<ChangeEntry> {
      const e = find(changeId);
      while (!FINISHED.has(e.status)) await new Promise<void>((r) => changeWaiters.push(r));
      return e;
    },

    /** One change by id (throws not-found). */
    get: find,

    /** Waiting or sending changes. */
    pending(): number {
      return entries.filter((e) => e.status === 'waiting' || e.status === 'sending').length;
    },

    /** True while a change is being sent (it cannot be stopped without losing track of it). */
    busy(): boolean {
      return sending !== null;
    },

    /** The queue as the window sees it, newest first. */
    state(): ChangeQueueState {
      return { changes: [...entries].reverse(), pending: this.pending() };
    },

    /** Stops the timers (the core is disposed); a change being sent finishes on its own. */
    stop(): void {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
