import type { Grant, GrantsList, LockAccess, MembershipCount } from '../../../shared/model';
import { SCOPES } from '../../../shared/scopes';
import { checkGrant } from '../access-schemas';
import type { ApiPath } from '../request';
import { idEquals, odataString, type Query } from '../url';
import { readChecked, type LimitedContext } from './context';
import type { HolderLabels } from './holder-labels';
import type { LockGroups } from './lock-groups';
import type { Probes } from './probes';

/** Group ids per `boundLockId eq … or …` filter: a few dozen keep the URL far below any server's limit. */
const GROUPS_PER_FILTER = 20;

/** What the grants resource uses of the others. */
export interface GrantsDeps {
  holders: HolderLabels;
  groups: LockGroups;
  /** A lock's group memberships by state (null when Tapkey does not say). */
  memberships(
    ownerAccountId: string,
    boundLockId: string,
    signal?: AbortSignal,
  ): Promise<MembershipCount[] | null>;
}

/**
 * Grants (`/Owners/{id}/Grants`): who may open which lock or lock group. A grant embeds its contact or card,
 * which names the holder at once; only grants that do not are looked up. Grant pages are about 3.5 times
 * larger for it, and no `$select` is sent: one that named the embedded objects would be a guess at how
 * Tapkey's OData treats them.
 */
export function createGrants(ctx: LimitedContext, deps: GrantsDeps, tuning: { pageSize: number }) {
  const path = (owner: string): ApiPath => ['Owners', owner, 'Grants'];

  async function read(owner: string, query: Query, what: string, signal?: AbortSignal) {
    const { valid, invalid } = await readChecked(
      ctx,
      path(owner),
      { what, scope: SCOPES.grants },
      { pageSize: tuning.pageSize, items: 'grants', query, signal },
      checkGrant,
    );
    const named = await deps.holders.resolve(
      owner,
      valid.map((g) => g.holder),
      signal,
    );
    const grants: Grant[] = valid.map((g, i) => ({ ...g, holder: named[i]! }));
    return { grants, invalid };
  }

  return {
    /** The grants of an owner account, or those naming one lock (or group), with who holds each named. */
    async listGrants(
      ownerAccountId: string,
      boundLockId: string | null,
      signal?: AbortSignal,
    ): Promise<GrantsList> {
      const query: Query =
        boundLockId !== null ? { $filter: idEquals('boundLockId', boundLockId) } : {};
      const { grants, invalid } = await read(
        ownerAccountId,
        query,
        boundLockId !== null ? 'who has access to this lock' : 'the grants of this owner account',
        signal,
      );
      return { ownerAccountId, boundLockId, grants, invalid };
    },

    /**
     * Who may open one lock: the grants naming it, and every grant for one of the account's lock groups (which
     * reaches the lock only if it is in that group: Tapkey documents no way to read a group's members), with the
     * lock's own membership counts. A lock is never shown as "nobody has access" while group grants exist.
     */
    async lockAccess(
      ownerAccountId: string,
      boundLockId: string,
      signal?: AbortSignal,
    ): Promise<LockAccess> {
      const [direct, groups, memberships] = await Promise.all([
        read(
          ownerAccountId,
          { $filter: idEquals('boundLockId', boundLockId) },
          'who has access to this lock',
          signal,
        ),
        deps.groups.listLockGroups(ownerAccountId, signal),
        deps.memberships(ownerAccountId, boundLockId, signal),
      ]);
      const batches: string[][] = [];
      for (let i = 0; i < groups.groups.length; i += GROUPS_PER_FILTER)
        batches.push(groups.groups.slice(i, i + GROUPS_PER_FILTER).map((g) => g.id));
      const viaGroups = await Promise.all(
        batches.map((ids) =>
          read(
            ownerAccountId,
            { $filter: ids.map((id) => `boundLockId eq ${odataString(id)}`).join(' or ') },
            'the grants for lock groups',
            signal,
          ),
        ),
      );
      const titles = new Map(groups.groups.map((g) => [g.id.toLowerCase(), g.title]));
      const groupGrants = viaGroups
        .flatMap((r) => r.grants)
        .map((g) => ({
          ...g,
          // The group is what it opens, whatever the embedded object says (or when it embeds none).
          target: {
            kind: 'group' as const,
            title: g.target.title ?? titles.get(g.boundLockId.toLowerCase()) ?? null,
          },
        }));
      return {
        ownerAccountId,
        boundLockId,
        grants: direct.grants,
        groupGrants,
        groups: groups.groups,
        memberships,
        invalid: [...direct.invalid, ...viaGroups.flatMap((r) => r.invalid)],
      };
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
  lockAccess: {
    ids: 2,
    call: (r, [owner, lock], signal) => r.lockAccess(owner!, lock!, signal),
  },
};
