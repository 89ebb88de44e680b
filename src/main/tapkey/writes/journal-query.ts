import type { JournalEntry, JournalPage, JournalQuery, JournalRecord } from '../../../shared/model';
import type { Journal } from './journal';

/** The default number of records a page holds. */
const DEFAULT_JOURNAL_LIMIT = 500;

/** The words a text filter looks in: title, holder, lock, account, ids, message. */
function haystack(e: JournalEntry): string {
  const t = e.target;
  return [
    e.title,
    e.message,
    t.holderLabel,
    t.lockTitle,
    t.ownerAccountName,
    t.ownerAccountId,
    t.boundLockId,
    t.grantId,
    t.contactId,
    t.boundCardId,
    e.grantId,
    e.contactId,
    e.changeId,
  ]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
}

/** True when a record passes every filter given. */
function matches(r: JournalRecord, q: JournalQuery): boolean {
  if (q.operation && r.operation !== q.operation) return false;
  // A settled record is filtered by how it was settled: "unknown" lists only what is still open.
  if (q.status && (r.resolution?.status ?? r.status) !== q.status) return false;
  if (q.ownerAccountId && r.target.ownerAccountId.toLowerCase() !== q.ownerAccountId.toLowerCase())
    return false;
  const at = Date.parse(r.at);
  if (q.since && !(at >= Date.parse(q.since))) return false;
  if (q.until && !(at < Date.parse(q.until))) return false;
  if (q.text && !haystack(r).includes(q.text.trim().toLowerCase())) return false;
  return true;
}

/**
 * Reads the journal into records, newest first: each write, with the resolution of a lost answer folded into the
 * write it settles (resolution lines are not records of their own). Filters, then keeps the newest `limit`.
 */
export async function readJournal(journal: Journal, q: JournalQuery = {}): Promise<JournalPage> {
  const writes: JournalRecord[] = [];
  const byId = new Map<string, JournalRecord>();
  const { unreadable } = await journal.scan((e) => {
    if (e.kind === 'resolution') {
      const settled = e.resolves ? byId.get(e.resolves) : undefined;
      if (settled)
        settled.resolution = {
          at: e.at,
          status: e.status,
          message: e.message,
          grantId: e.grantId,
        };
      return;
    }
    const record: JournalRecord = { ...e, resolution: null };
    writes.push(record);
    // Only lost answers are ever settled later: the index stays small.
    if (e.status === 'unknown') byId.set(e.entryId, record);
  });
  const matched = writes.filter((r) => matches(r, q)).reverse();
  return {
    records: matched.slice(0, q.limit ?? DEFAULT_JOURNAL_LIMIT),
    total: matched.length,
    unresolved: writes.filter((r) => r.status === 'unknown' && !r.resolution).length,
    unreadableLines: unreadable,
  };
}

/** The writes whose answer was lost and that nothing has settled yet, oldest first. */
export async function unresolvedWrites(journal: Journal): Promise<JournalEntry[]> {
  const open = new Map<string, JournalEntry>();
  await journal.scan((e) => {
    if (e.kind === 'write' && e.status === 'unknown') open.set(e.entryId, e);
    if (e.kind === 'resolution' && e.resolves) open.delete(e.resolves);
  });
  return [...open.values()];
}
