// A journal entry with every field set, for the journal's and its CSV's tests.
import type { JournalEntry } from '../../../shared/model';
import { target } from './names';

let n = 0;
/** A journal entry; `at` orders them. */
export function entry(patch: Partial<JournalEntry> = {}): JournalEntry {
  n++;
  return {
    v: 1,
    entryId: `e${n}`,
    kind: 'write',
    at: `2026-12-01T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
    source: 'app',
    signIn: { issuer: 'https://login.tapkey.com', account: 'admin@example.org' },
    changeId: 'c1',
    operation: 'give',
    title: 'Give Robin access to Front door',
    target: target({
      ownerAccountId: 'O1',
      ownerAccountName: 'Head office',
      boundLockId: 'L1',
      lockTitle: 'Front door',
      contactId: 'C1',
      holderLabel: 'Robin <robin@example.org>',
    }),
    request: {
      method: 'PUT',
      path: 'Owners/O1/Grants',
      body: { boundLockId: 'L1', contactId: 'C1' },
    },
    status: 'done',
    message: 'Given.',
    errorCode: null,
    grantId: 'G1',
    contactId: 'C1',
    resolves: null,
    ...patch,
  };
}
