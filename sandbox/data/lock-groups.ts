import { createRandom, pick, randomGuid } from '../prng';
import type { BoundLockJson, ByStateJson, LockGroupJson, MembershipState } from './types';

export const GROUP_EXPANDABLE = ['statistics', 'supportedFeatures'] as const;

const TITLES = ['Office Building', 'Staff Areas', 'Deliveries'];
const DESCRIPTIONS = ['All doors of the main building.', null, 'Loading bay and mail room.'];
const STATE_ORDER: readonly MembershipState[] = [
  'JoinPending',
  'Joined',
  'UnjoinPending',
  'Unjoined',
];
const STATES: readonly MembershipState[] = [
  'Joined',
  'Joined',
  'Joined',
  'Joined',
  'Joined',
  'Joined',
  'JoinPending',
  'UnjoinPending',
  'Unjoined',
];

/**
 * A lock group and which locks it holds. Tapkey documents no way to read the members (only counts by state in
 * `statistics`), so the members stay inside the sandbox: tests read them through sandbox.data.
 */
export interface LockGroupRecord {
  group: LockGroupJson;
  /** Lock id (lower case) → membership state. */
  members: Map<string, MembershipState>;
}

/**
 * The lock groups of one owner account: up to three, each lock in the group `index % groups` and every fourth
 * lock in the next one as well, mostly Joined, some JoinPending, UnjoinPending or Unjoined.
 */
export function generateLockGroups(
  seed: string,
  ownerAccountId: string,
  locks: readonly BoundLockJson[],
): LockGroupRecord[] {
  const count = Math.min(TITLES.length, Math.ceil(locks.length / 4));
  const random = createRandom(`${seed}:groups:${ownerAccountId}`);
  const records: LockGroupRecord[] = Array.from({ length: count }, (_, k) => ({
    group: {
      id: randomGuid(random),
      title: TITLES[k] as string,
      description: DESCRIPTIONS[k] ?? null,
      active: true,
      targetType: 'Group',
      physicalLockId: null,
      rclSerialNo: null,
      rclDate: null,
    },
    members: new Map(),
  }));
  locks.forEach((lock, i) => {
    const join = (k: number) =>
      records[k % count]?.members.set(lock.id.toLowerCase(), pick(random, STATES));
    if (count === 0) return;
    join(i % count);
    if (count > 1 && i % 4 === 3) join((i + 1) % count);
  });
  return records;
}

/** Memberships counted by state, in the documented order, zero counts left out. */
export function byState(states: Iterable<MembershipState>): ByStateJson {
  const counts = new Map<MembershipState, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return {
    ByState: STATE_ORDER.filter((s) => counts.has(s)).map((s) => ({
      State: s,
      Count: counts.get(s) as number,
    })),
  };
}

/** Members whose lock holds the group's keys (assumed: Joined, and UnjoinPending until the lock has synced). */
export function keyHoldingMembers(record: LockGroupRecord): string[] {
  return [...record.members]
    .filter(([, state]) => state === 'Joined' || state === 'UnjoinPending')
    .map(([lockId]) => lockId);
}
