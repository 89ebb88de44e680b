import { createRandom, randomInt } from '../prng';
import { SUPPORTED_FEATURES } from './catalogue';
import type { BoundLockJson } from './types';

export const EXPANDABLE = ['supportedFeatures', 'membershipStatistics', 'healthStatuses'] as const;

/**
 * A copy of the lock with the requested `expand` fields filled in, derived from the lock id alone so
 * repeated calls agree. Shapes are assumed: Tapkey documents the names, not the contents.
 */
export function expandBoundLock(lock: BoundLockJson, expand: ReadonlySet<string>): BoundLockJson {
  if (expand.size === 0) return lock;
  const random = createRandom(`expand:${lock.id}`);
  const out = { ...lock };
  if (expand.has('supportedFeatures'))
    out.supportedFeatures = SUPPORTED_FEATURES.filter(() => random() < 0.6);
  if (expand.has('membershipStatistics')) {
    const users = randomInt(random, 0, 40);
    out.membershipStatistics = {
      activeGrantsCount: users + randomInt(random, 0, 10),
      activeUsersCount: users,
    };
  }
  if (expand.has('healthStatuses')) {
    out.healthStatuses = [
      {
        type: 'Battery',
        status: random() < 0.8 ? 'Ok' : 'Low',
        lastUpdated: lock.lastSeenRclUpdateDate ?? lock.rclDate,
      },
    ];
  }
  return out;
}
