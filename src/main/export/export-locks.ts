import type {
  BoundLock,
  BoundLocksPage,
  ExportResult,
  ExportSelection,
  OwnerAccountsList,
} from '../../shared/model';
import { AppFailure } from '../errors';
import { lockRow, locksCsv } from '../../shared/lock-csv';
import { datedFileName, type SaveDialog } from './save-dialog';
import { saveCsv } from './save-csv';

/** What an export needs: the API reads (the client's own paging and cache), the dialog, and the clock for the file name. */
export interface ExportLocksDeps {
  listOwnerAccounts(signal: AbortSignal): Promise<OwnerAccountsList>;
  listBoundLocks(ownerAccountId: string, signal: AbortSignal): Promise<BoundLocksPage>;
  saveDialog: SaveDialog;
  now?: () => Date;
}

/** The suggested file name, e.g. "tapkey-locks-2026-11-25.csv" (local date: what the user sees on their calendar). */
export const exportFileName = (now: Date): string => datedFileName('tapkey-locks', now);

/**
 * Exports the chosen locks as CSV: asks where to save first (nothing is fetched for a cancelled dialog), then
 * re-reads the locks in main — the renderer names ids only, so the file holds what Tapkey says, not what a page
 * claims — and saves the file whole (saveCsv), so a failure never leaves half a CSV behind.
 * Resolves null when the user cancelled the dialog.
 */
export async function exportLocksCsv(
  deps: ExportLocksDeps,
  selection: readonly ExportSelection[],
  signal: AbortSignal,
): Promise<ExportResult | null> {
  const wanted = selection.filter((s) => s.lockIds.length > 0);
  if (wanted.length === 0)
    throw new AppFailure(
      'invalid-payload',
      'There are no locks to export. Clear the search or filters, or pick an account with locks.',
    );
  const file = await deps.saveDialog({
    title: 'Export locks',
    defaultPath: exportFileName(deps.now?.() ?? new Date()),
    filters: [{ name: 'CSV (comma-separated values)', extensions: ['csv'] }],
  });
  if (file === null) return null;

  const { accounts } = await deps.listOwnerAccounts(signal);
  const owners = new Map(accounts.map((a) => [a.id, a]));
  const rows: ReturnType<typeof lockRow>[] = [];
  for (const s of wanted) {
    const owner = owners.get(s.ownerAccountId);
    if (!owner)
      throw new AppFailure(
        'not-found',
        'An owner account in the export is no longer yours. Refresh, then export again.',
      );
    const page = await deps.listBoundLocks(s.ownerAccountId, signal);
    const byId = new Map<string, BoundLock>(page.locks.map((l) => [l.id, l]));
    const missing = s.lockIds.filter((id) => !byId.has(id)).length;
    if (missing) {
      throw new AppFailure(
        'not-found',
        `${missing} of the locks to export ${missing === 1 ? 'is' : 'are'} no longer bound to ${owner.name || owner.id}. Refresh, then export again.`,
      );
    }
    for (const id of s.lockIds) rows.push(lockRow(byId.get(id)!, owner));
  }
  if (signal.aborted) throw new AppFailure('cancelled', 'The export was cancelled.');
  // Every chosen lock was found and read, so none is left out unread.
  return { ...(await saveCsv(file, locksCsv(rows))), rows: rows.length, unreadable: 0 };
}
