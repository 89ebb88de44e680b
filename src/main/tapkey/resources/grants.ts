import type { Grant, GrantsList, Holder } from '../../../shared/model';
import { SCOPES } from '../../../shared/scopes';
import { checkGrant } from '../access-schemas';
import { checkItems } from '../schemas';
import { idEquals, type Query } from '../url';
import { limited, reportInvalid, type LimitedContext } from './context';
import type { HolderLabels } from './holder-labels';
import type { Probes } from './probes';

/** Grants (`/Owners/{id}/Grants`): who may open which lock, with each holder named. */
export function createGrants(
  ctx: LimitedContext,
  holders: HolderLabels,
  tuning: { pageSize: number },
) {
  return {
    /** The grants of an owner account, or of one lock, with who holds each resolved. */
    async listGrants(
      ownerAccountId: string,
      boundLockId: string | null,
      signal?: AbortSignal,
    ): Promise<GrantsList> {
      const query: Query =
        boundLockId !== null ? { $filter: idEquals('boundLockId', boundLockId) } : {};
      const warm = holders.warmUp(ownerAccountId, signal);
      const raw = await ctx.request.listAll(
        ['Owners', ownerAccountId, 'Grants'],
        {
          what: boundLockId ? 'who has access to this lock' : 'the grants of this owner account',
          scope: SCOPES.grants,
        },
        {
          pageSize: tuning.pageSize,
          items: 'grants',
          query,
          signal,
          schedule: (task) => limited(ctx.limit, task, { signal }),
        },
      );
      const { valid, invalid } = checkItems(raw, checkGrant);
      reportInvalid(ctx.log, 'grants', invalid);
      await warm;
      const named = await holders.resolve(
        ownerAccountId,
        valid.map((g) => g.holder),
        signal,
      );
      const grants: Grant[] = valid.map((g, i) => ({ ...g, holder: named[i] as Holder }));
      return { ownerAccountId, boundLockId, grants, invalid };
    },
  };
}

/** The grants resource. */
export type Grants = ReturnType<typeof createGrants>;

/** How the id-check test calls each method. */
export const grantProbes: Probes<Grants> = {
  listGrants: {
    ids: 2,
    call: (r, [owner, lock], signal) => r.listGrants(owner!, lock!, signal),
  },
};
