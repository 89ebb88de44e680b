import type { LockGroupsList } from '../../../shared/model';
import { SCOPES } from '../../../shared/scopes';
import { checkLockGroup } from '../access-schemas';
import { readChecked, type LimitedContext } from './context';
import type { Probes } from './probes';

/**
 * Lock groups (`/Owners/{id}/LockGroups`, scope read:core:entities): a grant for a group reaches every lock in
 * it (Tapkey's support recommends them). Each comes with its locks counted by membership state
 * (`expand=statistics`); which locks those are, Tapkey documents no way to read.
 */
export function createLockGroups(ctx: LimitedContext, tuning: { pageSize: number }) {
  return {
    /** An owner account's lock groups, with their statistics, validated. */
    async listLockGroups(ownerAccountId: string, signal?: AbortSignal): Promise<LockGroupsList> {
      const { valid, invalid } = await readChecked(
        ctx,
        ['Owners', ownerAccountId, 'LockGroups'],
        { what: 'the lock groups of this owner account', scope: SCOPES.coreEntities },
        {
          pageSize: tuning.pageSize,
          items: 'lock groups',
          query: { expand: 'statistics' },
          signal,
        },
        checkLockGroup,
      );
      return { ownerAccountId, groups: valid, invalid };
    },
  };
}

/** The lock groups resource. */
export type LockGroups = ReturnType<typeof createLockGroups>;

/** How the id-check test calls each method. */
export const lockGroupProbes: Probes<LockGroups> = {
  listLockGroups: { ids: 1, call: (r, [owner], signal) => r.listLockGroups(owner!, signal) },
};
