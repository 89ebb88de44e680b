// The session folder's files as a disk that fails them (EIO, EROFS) leaves them: running as root, the tests cannot
// make a real file unreadable, so the named operations of a real journal or marker reject instead.
import type { RenewalJournal } from './renewal-journal';
import type { SignedOutMarker } from './signed-out-marker';

const diskError = (op: string) => Promise.reject(new Error(`EIO: i/o error, ${op}`));

/** `journal` with the named operations failing as on a broken disk; the others work. */
export function brokenJournal(
  journal: RenewalJournal,
  failing: ReadonlyArray<keyof RenewalJournal>,
): RenewalJournal {
  const fails = (op: keyof RenewalJournal) => failing.includes(op);
  return {
    read: () => (fails('read') ? diskError('read') : journal.read()),
    sending: (t) => (fails('sending') ? diskError('sending') : journal.sending(t)),
    answered: (s, t) => (fails('answered') ? diskError('answered') : journal.answered(s, t)),
    clear: () => (fails('clear') ? diskError('clear') : journal.clear()),
  };
}

/** `marker` with the named operations failing as on a broken disk; the others work. */
export function brokenMarker(
  marker: SignedOutMarker,
  failing: ReadonlyArray<keyof SignedOutMarker>,
): SignedOutMarker {
  const fails = (op: keyof SignedOutMarker) => failing.includes(op);
  return {
    read: () => (fails('read') ? diskError('read') : marker.read()),
    write: (t) => (fails('write') ? diskError('write') : marker.write(t)),
    clear: () => (fails('clear') ? diskError('clear') : marker.clear()),
  };
}
