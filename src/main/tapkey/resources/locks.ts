import type { BoundLock, BoundLocksPage, ListLocksOptions } from '../../../shared/model';
import { SCOPES } from '../../../shared/scopes';
import { AppFailure } from '../../errors';
import { statusCauseOf } from '../http/options';
import { createLimiter } from '../limiter';
import { lockStatusOf } from '../lock-status';
import { BOUND_LOCK_LIST_FIELDS, checkBoundLock, parseBoundLocks } from '../schemas';
import { limited, reportInvalid, type ResourceContext } from './context';
import type { Probes } from './probes';

/**
 * The fields a list of locks keeps (see checkBoundLock): asking for only these (Tapkey's lists take `$select`)
 * moves about 37 % fewer bytes than the full lock, which the detail view fetches on its own (getBoundLock).
 * The owner account's id is left out too (about 14 % fewer bytes again): the request names the account, and
 * parseBoundLocks takes it from there (refusing a lock that names another, should a server send it anyway).
 */
const LIST_FIELDS = BOUND_LOCK_LIST_FIELDS;

/** What the detail view shows beyond the list's fields (documented expandable properties). */
const DETAIL_EXPAND = 'supportedFeatures,membershipStatistics,healthStatuses';

/** Tuning of the lock lists. */
export interface LocksTuning {
  /** `$top` per request. */
  pageSize: number;
  /** How many owner accounts' locks load at once. */
  concurrency: number;
  /** How long a priority account may hold back the others. */
  priorityHoldMs: number;
}

/** Bound locks (`/Owners/{id}/BoundLocks`): one account's list, and one lock with every field. */
export function createLocks(ctx: ResourceContext, tuning: LocksTuning) {
  const limit = createLimiter(tuning.concurrency, tuning.priorityHoldMs);
  return {
    /** One account's locks, without `raw` (getBoundLock has it); `priority` loads it ahead of the others. */
    listBoundLocks(
      ownerAccountId: string,
      signal?: AbortSignal,
      options: ListLocksOptions = {},
    ): Promise<BoundLocksPage> {
      return limited(
        limit,
        async () => {
          const raw = await ctx.request.listAll(
            ['Owners', ownerAccountId, 'BoundLocks'],
            { what: 'the locks of this owner account', scope: SCOPES.coreEntities },
            { pageSize: tuning.pageSize, items: 'locks', select: LIST_FIELDS, signal },
          );
          const { valid, invalid } = parseBoundLocks(raw, ownerAccountId);
          reportInvalid(ctx.log, 'locks', invalid);
          return { ownerAccountId, locks: valid, invalid };
        },
        { signal, priority: options.priority ?? false },
      );
    },

    /**
     * One lock with `raw`, every field Tapkey sent, and its `status` (health, revocation list, group
     * memberships, features), for the detail view. A server that refuses `expand` (400) is asked without it.
     */
    async getBoundLock(
      ownerAccountId: string,
      boundLockId: string,
      signal?: AbortSignal,
    ): Promise<BoundLock> {
      const path = ['Owners', ownerAccountId, 'BoundLocks', boundLockId];
      const purpose = { what: 'this lock', scope: SCOPES.coreEntities };
      let raw: unknown;
      try {
        raw = await ctx.request.get(path, purpose, { query: { expand: DETAIL_EXPAND }, signal });
      } catch (e) {
        if (statusCauseOf(e)?.status !== 400) throw e;
        ctx.log.info('tapkey refused expand on a lock; asking without it');
        raw = await ctx.request.get(path, purpose, { signal });
      }
      const parsed = checkBoundLock(raw, { raw: true });
      if (!parsed.ok) throw new AppFailure('malformed-response', 'Tapkey sent an unreadable lock.');
      return { ...parsed.value, status: lockStatusOf(parsed.value.raw ?? {}) };
    },
  };
}

/** The bound locks resource. */
export type Locks = ReturnType<typeof createLocks>;

/** How the id-check test calls each method. */
export const lockProbes: Probes<Locks> = {
  listBoundLocks: { ids: 1, call: (r, [owner], signal) => r.listBoundLocks(owner!, signal) },
  getBoundLock: {
    ids: 2,
    call: (r, [owner, lock], signal) => r.getBoundLock(owner!, lock!, signal),
  },
};
