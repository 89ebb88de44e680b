import { lockRow, locksCsv } from '../shared/lock-csv';
import type { BrowseSnapshot } from '../shared/model';
import { AppFailure } from '../main/errors';
import type { CliArgs } from './args';
import { locksText, ownersText } from './list-text';

/** The exit code of `--cached` when there is no snapshot to print (none, or unusable and deleted). */
export const NO_SNAPSHOT_EXIT = 3;

interface CachedDeps {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * `owners --cached` and `locks --cached`: what the app last loaded for this sign-in, from its encrypted
 * snapshot, without asking Tapkey. Never silently: JSON carries `asOf` and `cached: true`, text starts with an
 * "As of" line, CSV says it on stderr. Exit 0 printed, 1 an unknown --owner, 3 no snapshot.
 */
export function runCached(
  snapshot: BrowseSnapshot | null,
  args: Pick<CliArgs, 'command' | 'json' | 'csv' | 'owner'>,
  deps: CachedDeps,
): number {
  if (!snapshot) {
    deps.stderr(
      'tapkey-locks: There is no saved copy of what the app loaded for this sign-in; run the command without --cached.\n',
    );
    return NO_SNAPSHOT_EXIT;
  }
  const asOf = new Date(snapshot.asOf).toISOString();
  const line = `As of ${asOf} (saved by the app; Tapkey was not asked).\n`;
  const print = (json: object, text: string) =>
    deps.stdout(
      args.json ? `${JSON.stringify({ asOf, cached: true, ...json }, null, 2)}\n` : line + text,
    );
  const { accounts, invalid } = snapshot.accounts;
  if (args.command === 'owners') {
    print({ accounts, invalid }, ownersText(accounts));
    return 0;
  }
  const chosen = args.owner ? accounts.filter((a) => a.id === args.owner) : accounts;
  if (args.owner && chosen.length === 0)
    throw new AppFailure('not-found', `No owner account with id ${args.owner} in the saved copy.`);
  const byAccount = new Map(snapshot.locks.map((l) => [l.ownerAccountId, l]));
  const rows = chosen.flatMap((owner) =>
    (byAccount.get(owner.id)?.locks ?? []).map((l) => lockRow(l, owner)),
  );
  if (args.csv) {
    deps.stderr(`tapkey-locks: ${line}`);
    deps.stdout(locksCsv(rows));
    return 0;
  }
  print(
    {
      locks: rows,
      failed: [],
      invalid: chosen.flatMap((o) =>
        (byAccount.get(o.id)?.invalid ?? []).map((i) => ({ ownerAccountId: o.id, ...i })),
      ),
    },
    locksText(rows),
  );
  return 0;
}
