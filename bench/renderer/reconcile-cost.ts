// The reconcile's own cost in the renderer: the browse reducer taking every account's live page, once over the
// screen the snapshot left (each page diffed against the rows shown, the changes marked) and once over an empty
// screen (the start without a snapshot). The difference is what reconciling adds; both build the search keys.
import type { BoundLock, BrowseSnapshot, OwnerAccountsList } from '../../src/shared/model';
import {
  browseReducer,
  initialBrowseState,
  type BrowseState,
} from '../../src/renderer/features/locks/browse-state';
import { account, lock } from '../../test/support/sample-data';

export interface ReconcileCostResult {
  owners: number;
  locksPerOwner: number;
  /** Locks changed per account between the snapshot and the live load (renamed, unbound, bound: a third each). */
  changedPerOwner: number;
  /** Median ms: every account's live page into the reducer over the snapshot's screen. */
  overSnapshotMs: number;
  /** Median ms: the same pages over an empty screen. */
  overEmptyMs: number;
  /** overSnapshotMs − overEmptyMs. */
  reconcileMs: number;
}

/** Median of `runs` rounds at `owners` × `locksPerOwner`, with `changed` changes per account. */
export function benchReconcileCost(
  owners: number,
  locksPerOwner: number,
  changed: number,
  runs: number,
): ReconcileCostResult {
  const accounts: OwnerAccountsList = {
    accounts: Array.from({ length: owners }, (_, i) => account(`owner-${i}`, `Account ${i}`)),
    invalid: [],
  };
  const before = accounts.accounts.map((a) =>
    Array.from({ length: locksPerOwner }, (_, j) => lock(a.id, `${a.id}-l${j}`, `Lock ${j}`)),
  );
  const afterJson = JSON.stringify(before.map((locks, i) => liveOf(locks, `owner-${i}`, changed)));
  const snapshotJson = JSON.stringify({
    asOf: 1,
    accounts,
    locks: before.map((locks, i) => ({
      ownerAccountId: `owner-${i}`,
      locks,
      invalid: [],
      updatedAt: 1,
    })),
    selectedId: null,
  } satisfies BrowseSnapshot);
  // Each round parses fresh copies, as the page receives them (JSON across the bridge): a cold reconcile.
  const over = (withSnapshot: boolean) => {
    const start = withSnapshot
      ? browseReducer(initialBrowseState, {
          type: 'snapshot-loaded',
          snapshot: JSON.parse(snapshotJson) as BrowseSnapshot,
        })
      : initialBrowseState;
    const after = JSON.parse(afterJson) as BoundLock[][];
    let s: BrowseState = browseReducer(start, { type: 'refresh-started', generation: 1 });
    s = browseReducer(s, { type: 'accounts-loaded', generation: 1, list: accounts, at: 2 });
    const t = performance.now();
    after.forEach((locks, i) => {
      s = browseReducer(s, {
        type: 'locks-loaded',
        generation: 1,
        page: { ownerAccountId: `owner-${i}`, locks, invalid: [] },
        at: 3,
      });
    });
    return performance.now() - t;
  };
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < runs; r++) {
    a.push(over(true));
    b.push(over(false));
  }
  const overSnapshotMs = round(median(a));
  const overEmptyMs = round(median(b));
  return {
    owners,
    locksPerOwner,
    changedPerOwner: changed,
    overSnapshotMs,
    overEmptyMs,
    reconcileMs: round(overSnapshotMs - overEmptyMs),
  };
}

/**
 * The live page as a day at Tapkey leaves it: a third of `changed` renamed across the list, a third unbound
 * (the last ones but one, so most of the list still lines up), as many bound at the end.
 */
function liveOf(locks: BoundLock[], owner: string, changed: number): BoundLock[] {
  const third = Math.max(1, Math.floor(changed / 3));
  const step = Math.max(1, Math.floor(locks.length / third));
  const gone = new Set(locks.slice(-third - 1, -1).map((l) => l.id));
  const live = locks
    .filter((l) => !gone.has(l.id))
    .map((l, j) => (j % step === 0 ? { ...l, title: `${l.title} (renamed)` } : l));
  for (let k = 0; k < third; k++) live.push(lock(owner, `${owner}-new${k}`, `New ${k}`));
  return live;
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;

if (import.meta.url === `file://${process.argv[1]}`) {
  const [owners = 50, locks = 2000, changed = 30, runs = 5] = process.argv.slice(2).map(Number);
  console.log(JSON.stringify(benchReconcileCost(owners, locks, changed, runs)));
}
