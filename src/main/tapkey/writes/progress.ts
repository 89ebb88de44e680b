import type { ChangeKind, ChangeProgress, StepOutcome, StepProgress } from '../../../shared/model';
import type { CheckedGrant } from '../access-schemas';
import type { AccessReads } from '../resources/access-reads';
import type { LockState } from '../write-schemas';
import type { ExecStep } from './executor';
import { isActive } from './grant-match';
import { plural } from './names';

/**
 * What progress is computed from, kept per sent change: its steps, and for each lock a revocation reached, the
 * lock's revocation-list serial read right after it was sent (the list that carries it).
 */
export interface ProgressBasis {
  operation: ChangeKind;
  steps: readonly ExecStep[];
  /** `owner/lock` (lower case) → `rclSerialNo` after the revocation. */
  serials: Map<string, number>;
}

const lockKey = (owner: string, lock: string) => `${owner}/${lock}`.toLowerCase();

/** The locks whose lists a step's revocation went on (groups are not lists of their own: Tapkey does not name their locks). */
const listedLocks = (step: ExecStep) => [
  ...new Map(
    step.revokes
      .filter((k) => k.listed && !k.group)
      .map((k) => [lockKey(k.ownerAccountId, k.boundLockId), k]),
  ).values(),
];

/** Groups the ids by owner account. */
function byOwner<T>(items: Array<{ owner: string; id: T }>): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const { owner, id } of items) out.set(owner, [...(out.get(owner) ?? []), id]);
  return out;
}

/** Reads the locks of `steps`' revocations, per owner account. */
async function readLocks(
  reads: AccessReads,
  steps: readonly ExecStep[],
  signal?: AbortSignal,
): Promise<Map<string, LockState>> {
  const wanted = byOwner(
    steps.flatMap((s) =>
      listedLocks(s).map((k) => ({ owner: k.ownerAccountId, id: k.boundLockId })),
    ),
  );
  const out = new Map<string, LockState>();
  await Promise.all(
    [...wanted].map(async ([owner, ids]) => {
      const found = await reads.locksById(owner, ids, signal);
      for (const l of found.valid) out.set(lockKey(owner, l.id), l);
    }),
  );
  return out;
}

/**
 * Right after a revocation is sent: the serial of each lock's newest revocation list, which the lock must report
 * as seen before the revocation is in effect there. Assumed semantics (the docs only name the fields):
 * `rclSerialNo` is the newest list, `lastSeenRclSerialNo` the one the lock last reported at a sync.
 */
export async function recordSerials(
  reads: AccessReads,
  basis: ProgressBasis,
  done: ReadonlySet<string>,
  signal?: AbortSignal,
): Promise<Map<string, LockState>> {
  const steps = basis.steps.filter((s) => done.has(s.key));
  const locks = await readLocks(reads, steps, signal);
  for (const [key, lock] of locks)
    if (lock.rclSerialNo !== null) basis.serials.set(key, lock.rclSerialNo);
  return locks;
}

/** The current state of the grants of `steps`, by lower-case id. */
async function readGrants(
  reads: AccessReads,
  items: Array<{ owner: string; id: string }>,
  signal?: AbortSignal,
): Promise<Map<string, CheckedGrant>> {
  const out = new Map<string, CheckedGrant>();
  await Promise.all(
    [...byOwner(items)].map(async ([owner, ids]) => {
      const found = await reads.grants(owner, { grantIds: ids }, signal);
      for (const g of found.valid) out.set(g.id.toLowerCase(), g);
    }),
  );
  return out;
}

/**
 * Whether a revoked grant is in effect everywhere. Documented states are `Ok` (active) and `Revoked`; a grant
 * that is no longer active but not yet `Revoked` is read as still on its way, whatever Tapkey calls that state
 * (the sandbox says `RevocationPending` and `DeletionFromCardPending`, both assumed names), so nothing here
 * depends on those names.
 */
const revokedEverywhere = (g: CheckedGrant | undefined) => g === undefined || g.state === 'Revoked';

/** A give step's progress: the grant exists (delivery to a phone or card is not something Tapkey reports). */
function giveProgress(step: ExecStep, grant: CheckedGrant | undefined): StepProgress {
  const card = step.target.boundCardId !== null;
  if (grant && isActive(grant))
    return {
      key: step.key,
      phase: 'given',
      message: card
        ? "Given: written to the card at the card's next sync."
        : "Given: reaches the person's phone when they next open the Tapkey app.",
      locksSynced: null,
      locksTotal: null,
    };
  return {
    key: step.key,
    phase: 'unknown',
    message: grant
      ? `Given, but Tapkey now lists this grant as ${grant.state ?? 'inactive'}.`
      : 'Given, but Tapkey no longer lists this grant.',
    locksSynced: null,
    locksTotal: null,
  };
}

/** A revocation step's progress: the grants' states, and how many of its locks have synced since. */
function revokeProgress(
  step: ExecStep,
  basis: ProgressBasis,
  grants: Map<string, CheckedGrant>,
  locks: Map<string, LockState>,
  operation: ChangeKind,
): StepProgress {
  const states = step.grantIds.map((id) => grants.get(id.toLowerCase()));
  const stillActive = states.filter((g) => g !== undefined && isActive(g)).length;
  const listed = listedLocks(step);
  let synced = 0;
  let known = 0;
  for (const k of listed) {
    const key = lockKey(k.ownerAccountId, k.boundLockId);
    const serial = basis.serials.get(key);
    const seen = locks.get(key)?.lastSeenRclSerialNo ?? null;
    if (serial === undefined) continue;
    known++;
    if (seen !== null && seen >= serial) synced++;
  }
  const base = {
    key: step.key,
    locksSynced: known ? synced : null,
    locksTotal: known ? known : null,
  };
  if (stillActive)
    return {
      ...base,
      phase: 'unknown',
      message: `Tapkey still lists ${plural(stillActive, 'grant')} as active.`,
    };
  if (operation === 'delete-from-card')
    return states.every(revokedEverywhere)
      ? { ...base, phase: 'complete', message: 'Removed from the card.' }
      : { ...base, phase: 'pending', message: "Removed from the card at the card's next sync." };
  if (states.every(revokedEverywhere))
    return { ...base, phase: 'complete', message: 'Revoked: in effect at every lock.' };
  const count = known ? ` (${synced} of ${plural(known, 'lock')} synced)` : '';
  return {
    ...base,
    phase: 'pending',
    message: `Revoked: takes effect at each lock's next sync${count}.`,
  };
}

/** One line for a change's progress. */
function summaryOf(operation: ChangeKind, steps: StepProgress[]): string {
  if (steps.length === 0) return 'Nothing was changed.';
  if (operation === 'give') {
    const given = steps.filter((s) => s.phase === 'given');
    return given.length === steps.length
      ? given[0]!.message.replace('Given:', `Given on ${plural(given.length, 'lock')}:`)
      : `${given.length} of ${plural(steps.length, 'grant')} given; see each lock.`;
  }
  if (operation === 'create-contact') return steps[0]!.message;
  const synced = steps.reduce((n, s) => n + (s.locksSynced ?? 0), 0);
  const total = steps.reduce((n, s) => n + (s.locksTotal ?? 0), 0);
  const counted = total ? ` (${synced} of ${plural(total, 'lock')} synced)` : '';
  if (steps.some((s) => s.phase === 'unknown'))
    return `Not everything is revoked yet: Tapkey still lists some grants as active${counted}.`;
  if (steps.every((s) => s.phase === 'complete'))
    return operation === 'delete-from-card'
      ? 'Removed from the card.'
      : 'Revoked: in effect at every lock.';
  return operation === 'delete-from-card'
    ? "Removal pending: the key leaves the card at the card's next sync."
    : `Revoked: takes effect at each lock's next sync${counted}.`;
}

/**
 * Looks at Tapkey for how far a sent change has got: grants' `state`/`active` and the locks' revocation serials,
 * as of each lock's last sync. Steps that did not go through have no progress.
 */
export async function computeProgress(
  reads: AccessReads,
  basis: ProgressBasis,
  outcomes: readonly StepOutcome[],
  now: number,
  signal?: AbortSignal,
  /** The locks as just read (right after sending), so they are not read twice. */
  locksRead?: Map<string, LockState>,
): Promise<ChangeProgress> {
  const went = new Map(
    outcomes.filter((o) => o.status === 'done' || o.status === 'already').map((o) => [o.key, o]),
  );
  const steps = basis.steps.filter((s) => went.has(s.key));
  const grantIds = steps.flatMap((s) => {
    const ids =
      basis.operation === 'give' ? [went.get(s.key)?.grantId ?? s.target.grantId] : s.grantIds;
    return ids
      .filter((id): id is string => !!id)
      .map((id) => ({ owner: s.target.ownerAccountId, id }));
  });
  const [grants, locks] = await Promise.all([
    grantIds.length ? readGrants(reads, grantIds, signal) : new Map<string, CheckedGrant>(),
    locksRead ?? readLocks(reads, steps, signal),
  ]);
  const progress: StepProgress[] = steps.map((s) => {
    if (basis.operation === 'create-contact')
      return {
        key: s.key,
        phase: 'complete',
        message: 'Added as a person.',
        locksSynced: null,
        locksTotal: null,
      };
    if (basis.operation === 'give') {
      const id = went.get(s.key)?.grantId ?? s.target.grantId;
      return giveProgress(s, id ? grants.get(id.toLowerCase()) : undefined);
    }
    return revokeProgress(s, basis, grants, locks, basis.operation);
  });
  return {
    checkedAt: new Date(now).toISOString(),
    steps: progress,
    summary: summaryOf(basis.operation, progress),
    complete: progress.every((p) => p.phase === 'complete' || p.phase === 'given'),
  };
}
