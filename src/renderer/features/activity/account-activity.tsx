import { useEffect, useMemo, useState } from 'react';
import type { BoundLock, Contact } from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { useTapkeyApi } from '../../api-context';
import { ActivityLog } from '../access/activity-log';
import { FilterSelect } from '../../ui/filter-select';
import './account-activity.css';

interface Props {
  /** The owner account shown; null when the accounts pane shows all accounts or a search. */
  ownerAccountId: string | null;
  accountName: string;
  /** The account's locks as listed (for the lock filter and the Lock column). */
  locks: readonly BoundLock[];
}

/** A person as the filter lists them: title with identifier beside it, and those with neither said so. */
function personOption(c: Contact): string {
  if (c.title && c.identifier) return `${c.title} (${c.identifier})`;
  return c.title ?? c.identifier ?? `A person without a name or identifier (${c.id})`;
}

/**
 * The owner account's activity across all its locks, newest first ("where did this person go?"): narrowed to
 * one lock or one person, and a date range, exported as the same slice.
 */
export function AccountActivity({ ownerAccountId, accountName, locks }: Props) {
  const api = useTapkeyApi();
  const [lockId, setLockId] = useState('');
  const [contactId, setContactId] = useState('');
  const [people, setPeople] = useState<{
    owner: string;
    contacts?: Contact[];
    error?: AppError;
  } | null>(null);

  useEffect(() => {
    if (!ownerAccountId) return;
    let live = true;
    void api.listContacts(ownerAccountId).then((r) => {
      if (live)
        setPeople(
          r.ok
            ? { owner: ownerAccountId, contacts: r.value.contacts }
            : { owner: ownerAccountId, error: r.error },
        );
    });
    return () => {
      live = false;
    };
  }, [api, ownerAccountId]);
  // A filter of another account means nothing here.
  const [filtersOf, setFiltersOf] = useState(ownerAccountId);
  if (filtersOf !== ownerAccountId) {
    setFiltersOf(ownerAccountId);
    setLockId('');
    setContactId('');
  }

  const titles = useMemo(() => new Map(locks.map((l) => [l.id.toLowerCase(), l.title])), [locks]);
  const sortedLocks = useMemo(
    () => [...locks].sort((a, b) => a.title.localeCompare(b.title)),
    [locks],
  );
  const contacts = people?.owner === ownerAccountId ? (people.contacts ?? null) : null;
  const peopleError = people?.owner === ownerAccountId ? (people.error ?? null) : null;
  const sortedPeople = useMemo(
    () =>
      contacts ? [...contacts].sort((a, b) => personOption(a).localeCompare(personOption(b))) : [],
    [contacts],
  );

  if (!ownerAccountId)
    return (
      <div className="empty" data-testid="activity-pick-account">
        <p>
          <strong>Pick an owner account</strong> to see the activity at its locks.
        </p>
      </div>
    );
  const filter = {
    ...(lockId ? { boundLockId: lockId } : {}),
    ...(contactId ? { contactId } : {}),
  };
  return (
    <section className="account-activity" aria-labelledby="account-activity-heading">
      <div className="pane-header">
        <h2 id="account-activity-heading">Activity in {accountName}</h2>
        <p className="pane-sub">
          Who opened which lock, newest first. Entries reach Tapkey when a lock syncs.
        </p>
      </div>
      <ActivityLog
        load={(slice) => api.listAccountLog(ownerAccountId, { ...slice, ...filter })}
        exportCsv={(range) => api.exportAccountLogCsv(ownerAccountId, { ...range, ...filter })}
        sliceKey={`${ownerAccountId}/${lockId}/${contactId}`}
        lockTitle={(id) => (id ? (titles.get(id.toLowerCase()) ?? id) : 'Unknown lock')}
        what="this account’s activity"
        testId="account-activity"
        filters={
          <>
            <FilterSelect
              label="Lock"
              value={lockId}
              any="All locks"
              options={sortedLocks.map((l) => [l.id, l.title || l.id])}
              onChange={setLockId}
              testId="activity-lock-filter"
            />
            <FilterSelect
              label="Person"
              value={contactId}
              any={
                contacts
                  ? 'Everyone'
                  : peopleError
                    ? 'People could not be loaded'
                    : 'Loading people…'
              }
              options={sortedPeople.map((c) => [c.id, personOption(c)])}
              onChange={setContactId}
              disabled={!contacts}
              title={peopleError ? peopleError.message : undefined}
              testId="activity-person-filter"
            />
          </>
        }
      />
    </section>
  );
}
