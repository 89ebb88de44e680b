import { createRandom, pick, randomGuid, randomInt } from '../prng';
import type { BoundLockJson, ByStateJson, HealthStatusJson, SupportedFeaturesJson } from './types';

export const LOCK_EXPANDABLE = [
  'supportedFeatures',
  'membershipStatistics',
  'healthStatuses',
] as const;

/** What the sandbox knows about a lock beyond its JSON: decided at generation, from the seed and its index. */
export interface LockDetails {
  /** Every fourth lock (index 1, 5, 9, …) lacks iCal support, so both kinds exist in any account of 2+ locks. */
  icalSupported: boolean;
  /** As of the lock's last sync: locks are offline-first. */
  health: HealthStatusJson[];
}

const STATUSES = ['Ok', 'Ok', 'Ok', 'Ok', 'Ok', 'Ok', 'Outdated', 'Outdated', 'Invalid'] as const;

/** Decides a lock's details; index 3, 8, 13, … report an Invalid value and 4, 9, 14, … an Outdated one. */
export function lockDetails(seed: string, lock: BoundLockJson, index: number): LockDetails {
  const random = createRandom(`${seed}:lock-details:${lock.id}`);
  const timestamp = lock.lastSeenRclUpdateDate ?? lock.rclDate;
  const readings: Array<Pick<HealthStatusJson, 'type' | 'value'>> = [
    { type: 'BatteryVoltage', value: randomInt(random, 260, 320) / 100 },
    { type: 'BatteryWarningLevel', value: randomInt(random, 0, 3) },
    { type: 'Temperature', value: randomInt(random, -5, 35) },
  ];
  const count = randomInt(random, 1, 3);
  const health = readings.slice(0, count).map((r, i): HealthStatusJson => {
    const forced =
      i === 0 && index % 5 === 3 ? 'Invalid' : i === 0 && index % 5 === 4 ? 'Outdated' : null;
    return {
      id: randomGuid(random),
      physicalLockId: lock.physicalLockId,
      timestamp,
      type: r.type,
      value: r.value,
      valueStatus: forced ?? pick(random, STATUSES),
    };
  });
  return { icalSupported: index % 4 !== 1, health };
}

/** The documented `supportedFeatures`: iCal support named when present, the field absent otherwise. */
export function supportedFeatures(icalSupported: boolean): SupportedFeaturesJson {
  return icalSupported ? { timeRestrictionIcalSupport: 'Supported' } : {};
}

/** A copy of the lock with the requested `expand` fields filled in (documented shapes). */
export function expandBoundLock(
  lock: BoundLockJson,
  details: LockDetails,
  membership: () => ByStateJson,
  expand: ReadonlySet<string>,
): BoundLockJson {
  if (expand.size === 0) return lock;
  const out = { ...lock };
  if (expand.has('supportedFeatures'))
    out.supportedFeatures = supportedFeatures(details.icalSupported);
  if (expand.has('membershipStatistics')) out.membershipStatistics = membership();
  if (expand.has('healthStatuses')) out.healthStatuses = details.health.map((h) => ({ ...h }));
  return out;
}
