import type {
  BoundLocksPage,
  BrowseSnapshot,
  OwnerAccountsList,
  SnapshotAccountLocks,
} from '../../shared/model';
import type { Logger } from '../log';
import type { SnapshotBinding, SnapshotPick, SnapshotStore } from './snapshot-store';

/** Main's side of the snapshot: it watches the live loads, writes after each complete one, and reads it back. */
export interface SnapshotKeeper {
  /**
   * The live sign-in's snapshot, or null (none, or unusable: then it is deleted). Sends nothing anywhere.
   * `first`: only the locks of the account shown first (the selected one, else the first), for a fast start;
   * the others come through `locksOf`. Otherwise every account's.
   */
  current(options?: { first?: boolean }): Promise<BrowseSnapshot | null>;
  /** Some accounts' locks from the snapshot (the rest of a `first` read); null when it is gone or unusable. */
  locksOf(ownerAccountIds: readonly string[]): Promise<SnapshotAccountLocks[] | null>;
  /**
   * An owner-account list asked for: once it is in, a new load begins. Locks that arrive while it is on its way
   * count for that load (the window asks for the account on screen beside the list).
   */
  noteAccounts(list: Promise<OwnerAccountsList>): void;
  /** One account's locks just loaded; the load is complete once every listed account has its locks. */
  noteLocks(page: BoundLocksPage, at: number): void;
  /** The account the user selected, kept with the next write. */
  noteSelection(selectedId: string | null): void;
  /** Deletes the snapshot and its key (sign-out, a server change); nothing noted before is written after. */
  forget(): Promise<void>;
  /** Resolves when every write and deletion asked for so far is done. */
  settled(): Promise<void>;
}

export interface SnapshotKeeperOptions {
  store: SnapshotStore;
  /** The live sign-in's binding, or null when signed out (nothing is read or written then). */
  binding(): SnapshotBinding | null;
  log: Logger;
  /** False for a reader only (the command line): it never writes the app's snapshot. */
  write?: boolean;
  /** How long a selection change waits before it is written alone (default 2 s). */
  selectionDelayMs?: number;
}

/** One load in progress: its accounts, and the locks received for them since. */
interface Round {
  bindingKey: string;
  accounts: OwnerAccountsList;
  locks: Map<string, SnapshotAccountLocks>;
}

const keyOf = (b: SnapshotBinding) => JSON.stringify(b);

/** The account a start shows first: the selected one, else the first ("All accounts" starts with the first). */
const shownFirst: SnapshotPick = (ids, selectedId) => {
  const first = selectedId !== null && ids.includes(selectedId) ? selectedId : ids[0];
  return first === undefined ? [] : [first];
};

/** Builds the keeper over a store; writes and deletions run one at a time, in the order asked. */
export function createSnapshotKeeper(options: SnapshotKeeperOptions): SnapshotKeeper {
  const { store, log } = options;
  const writes = options.write !== false;
  let queue: Promise<void> = Promise.resolve();
  let generation = 0;
  let round: Round | null = null;
  /** The lists of accounts on their way, each with the locks that arrived since it was asked for. */
  const asking = new Set<{ bindingKey: string; locks: Map<string, SnapshotAccountLocks> }>();
  let selectedId: string | null = null;
  let selectionTimer: ReturnType<typeof setTimeout> | null = null;

  const enqueue = (job: () => Promise<void>) => {
    queue = queue.then(job).catch((e: unknown) => log.warn('snapshot not written', { error: e }));
  };

  const complete = (r: Round): BrowseSnapshot | null => {
    // Asked at every account's answer: nothing is copied until the last one is in (at 50 × 2,000 locks, copying
    // the accounts already in at each answer cost main 0.7 s of a load).
    if (!r.accounts.accounts.every((a) => r.locks.has(a.id))) return null;
    const locks: SnapshotAccountLocks[] = [];
    for (const a of r.accounts.accounts) {
      const l = r.locks.get(a.id)!;
      // Lists carry no `raw`; dropping it here too keeps the rule in the one place that writes.
      locks.push({ ...l, locks: l.locks.map(({ raw: _raw, status: _status, ...lock }) => lock) });
    }
    const asOf = locks.reduce((m, l) => Math.max(m, l.updatedAt), 0);
    return { asOf, accounts: r.accounts, locks, selectedId };
  };

  const writeIfComplete = () => {
    const r = round;
    const binding = options.binding();
    if (!writes || !r || !binding || keyOf(binding) !== r.bindingKey) return;
    const snapshot = complete(r);
    if (!snapshot) return;
    const gen = generation;
    enqueue(async () => {
      // A sign-out or another sign-in since this was asked: it belongs to nobody now.
      const still = options.binding();
      if (gen !== generation || !still || keyOf(still) !== r.bindingKey) return;
      await store.save(binding, snapshot);
    });
  };

  return {
    async current(read) {
      const binding = options.binding();
      if (!binding) return null;
      await queue;
      const loaded = await store.load(binding, read?.first ? shownFirst : undefined);
      return loaded.kind === 'found' ? loaded.snapshot : null;
    },
    async locksOf(ids) {
      const binding = options.binding();
      if (!binding) return null;
      await queue;
      const loaded = await store.load(binding, () => [...ids]);
      return loaded.kind === 'found' ? loaded.snapshot.locks : null;
    },
    noteAccounts(answer) {
      const asked = options.binding();
      if (!writes || !asked) return;
      const early = { bindingKey: keyOf(asked), locks: new Map<string, SnapshotAccountLocks>() };
      asking.add(early);
      // A new load has begun: its answers belong to the round its list starts. Kept, the last round would be
      // complete at every answer that comes before that list, and each would rewrite the whole snapshot.
      round = null;
      const gen = generation;
      answer.then(
        (list) => {
          asking.delete(early);
          const binding = options.binding();
          // Signed out, or another sign-in, since it was asked for: the list belongs to nobody now.
          if (gen !== generation || !binding || keyOf(binding) !== early.bindingKey) {
            round = null;
            return;
          }
          // Locks received before this list was asked for belong to the previous load: this one is complete only
          // with its own, those that came while it was on its way included.
          const ids = new Set(list.accounts.map((a) => a.id));
          const locks = new Map([...early.locks].filter(([id]) => ids.has(id)));
          round = { bindingKey: early.bindingKey, accounts: list, locks };
          writeIfComplete();
        },
        () => asking.delete(early),
      );
    },
    noteLocks(page, at) {
      const binding = options.binding();
      // A reader keeps nothing; a writer keeps the page's own locks (no copy: main holds them anyway until the
      // window has them, and a copy of 400,000 locks costs about 60 MB of main's heap for as long as it is kept).
      if (!writes || !binding) return;
      const noted: SnapshotAccountLocks = {
        ownerAccountId: page.ownerAccountId,
        locks: page.locks,
        invalid: page.invalid,
        updatedAt: at,
      };
      for (const early of asking)
        if (early.bindingKey === keyOf(binding)) early.locks.set(page.ownerAccountId, noted);
      if (!round || keyOf(binding) !== round.bindingKey) return;
      if (!round.accounts.accounts.some((a) => a.id === page.ownerAccountId)) return;
      round.locks.set(page.ownerAccountId, noted);
      writeIfComplete();
    },
    noteSelection(next) {
      if (next === selectedId) return;
      selectedId = next;
      if (selectionTimer) clearTimeout(selectionTimer);
      selectionTimer = setTimeout(() => {
        selectionTimer = null;
        writeIfComplete();
      }, options.selectionDelayMs ?? 2_000);
      selectionTimer.unref?.();
    },
    async forget() {
      generation++;
      round = null;
      asking.clear();
      selectedId = null;
      if (selectionTimer) clearTimeout(selectionTimer);
      selectionTimer = null;
      enqueue(() => store.remove());
      await queue;
    },
    settled: () => queue,
  };
}
