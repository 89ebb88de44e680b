import type { OwnerAccountsList } from '../../../shared/model';
import { SCOPES } from '../../../shared/scopes';
import { parseOwnerAccounts } from '../schemas';
import { reportInvalid, type ResourceContext } from './context';
import type { Probes } from './probes';

/** Owner accounts: where everything else hangs (`/Owners`). */
export function createOwners(ctx: ResourceContext, tuning: { pageSize: number }) {
  return {
    /** The signed-in user's owner accounts, validated; unreadable ones are listed apart, never dropped silently. */
    async listOwnerAccounts(signal?: AbortSignal): Promise<OwnerAccountsList> {
      const raw = await ctx.request.listAll(
        ['Owners'],
        { what: 'your owner accounts', scope: SCOPES.ownerAccounts },
        { pageSize: tuning.pageSize, items: 'owner accounts', signal },
      );
      const { valid, invalid } = parseOwnerAccounts(raw);
      reportInvalid(ctx.log, 'owner accounts', invalid);
      return { accounts: valid, invalid };
    },
  };
}

/** The owner accounts resource. */
export type Owners = ReturnType<typeof createOwners>;

/** How the id-check test calls each method. */
export const ownerProbes: Probes<Owners> = {
  listOwnerAccounts: { ids: 0, call: (r, _ids, signal) => r.listOwnerAccounts(signal) },
};
