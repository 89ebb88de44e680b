import { useMemo, useState } from 'react';
import type { KeyHolder, OwnerAccount } from '../../../shared/model';
import { useAppCommand } from '../../app-commands';
import { useTapkeyApi } from '../../api-context';
import { SearchField } from '../../ui/search-field';
import { useNow } from '../format/use-now';
import { matchHolders } from '../manage/give-form';
import { useManage } from '../manage/manage-context';
import { useLoad } from '../manage/use-load';
import { WriteGate } from '../manage/write-gate';
import { PeopleTable } from './people-table';
import { PersonDetail } from './person-detail';
import { sortHolders } from './people-model';
import { usePeople } from './use-people';
import './people.css';

interface Props {
  accounts: readonly OwnerAccount[];
  /** The account picked in the accounts pane, or null for all of them. */
  accountId: string | null;
  /** A lock's title as the lock list has it (null when not loaded). */
  lockTitle(ownerAccountId: string, lockId: string): string | null;
}

/** How many rows the list shows at once; the search narrows them. */
const SHOWN = 300;

/**
 * People: the persons and cards of the account picked beside it (or of every account), with the keys they hold
 * and where; the search looks in every account. Opening one shows their keys, with Revoke, Give access… and
 * Remove all access…, and their recent activity.
 */
export function PeopleView({ accounts, accountId, lockTitle }: Props) {
  const api = useTapkeyApi();
  const manage = useManage();
  const [query, setQuery] = useState('');
  const [openKey, setOpenKey] = useState<{
    ownerAccountId: string;
    kind: string;
    id: string;
  } | null>(null);
  const now = useNow(60_000);
  const searching = query.trim() !== '';
  const ids = useMemo(
    () => (searching || accountId === null ? accounts.map((a) => a.id) : [accountId]),
    [searching, accountId, accounts],
  );
  const people = usePeople(ids, manage.lastSent ?? '');
  const names = useMemo(() => new Map(accounts.map((a) => [a.id, a.name || a.id])), [accounts]);
  const accountName = (id: string) => names.get(id) ?? id;

  const all = useMemo(
    () =>
      ids.flatMap((id) => {
        const p = people.get(id);
        return p?.status === 'loaded' ? p.list.holders : [];
      }),
    [ids, people],
  );
  const holders = useMemo(() => sortHolders(matchHolders(all, query)), [all, query]);
  const loading = ids.filter((id) => {
    const p = people.get(id);
    return p?.status !== 'loaded' && p?.status !== 'error';
  });
  const failed = ids.filter((id) => people.get(id)?.status === 'error');

  const openList = openKey ? people.get(openKey.ownerAccountId) : undefined;
  // The holder as last loaded: after a change it shows their keys as Tapkey now has them.
  const open: KeyHolder | null =
    openKey && openList?.status === 'loaded'
      ? (openList.list.holders.find((h) => h.kind === openKey.kind && h.id === openKey.id) ?? null)
      : null;
  // Access → Give access… (Ctrl/Cmd+N) here: for the person shown, else in the account picked beside.
  useAppCommand('give-access', () =>
    manage.give(
      open ? { ownerAccountId: open.ownerAccountId, holder: open } : { ownerAccountId: accountId },
    ),
  );
  const activityKey =
    open && open.kind === 'contact' ? `${open.ownerAccountId}/${open.id}/${manage.lastSent}` : null;
  const activity = useLoad(activityKey, () =>
    api.listAccountLog(open!.ownerAccountId, { contactId: open!.id }),
  );

  if (open)
    return (
      <PersonDetail
        holder={open}
        accountName={accountName(open.ownerAccountId)}
        lockTitle={(id) => lockTitle(open.ownerAccountId, id)}
        activity={open.kind === 'contact' ? activity : null}
        caps={manage.caps}
        now={now}
        onBack={() => setOpenKey(null)}
        onGive={() => manage.give({ ownerAccountId: open.ownerAccountId, holder: open })}
        onRevoke={(g) =>
          manage.revoke({
            ownerAccountId: open.ownerAccountId,
            grant: g,
            lockTitle: g.target.title ?? lockTitle(open.ownerAccountId, g.boundLockId),
          })
        }
        onRemoveAll={() => manage.removeAll(open)}
      />
    );

  const heading = searching
    ? `People matching “${query.trim()}”`
    : accountId === null
      ? 'People in all accounts'
      : `People in ${accountName(accountId)}`;
  return (
    <section className="people-view" aria-labelledby="people-heading" data-testid="people-view">
      <div className="people-bar">
        <SearchField
          id="people-search"
          label="Search people and cards in all accounts"
          placeholder="Search people and cards in all accounts"
          value={query}
          onChange={setQuery}
          className="people-search"
          landmark
        />
        <WriteGate
          caps={manage.caps}
          id="people-write-hint"
          actions={[
            { label: 'Give access…', onClick: () => manage.give({ ownerAccountId: accountId }) },
          ]}
        />
      </div>
      <div className="pane-header">
        <h2 id="people-heading">{heading}</h2>
        <p className="pane-sub" data-testid="people-summary" aria-live="polite">
          {holders.length === 1 ? '1 person or card' : `${holders.length} people and cards`}
          {loading.length > 0 &&
            ` · loading ${loading.length === 1 ? '1 account' : `${loading.length} accounts`}…`}
        </p>
      </div>
      <div className="people-scroll">
        {failed.map((id) => {
          const p = people.get(id);
          return (
            <div className="notice notice-error" role="alert" key={id}>
              <p>
                <strong>Could not load the people of {accountName(id)}.</strong>{' '}
                {p?.status === 'error' ? p.error.message : ''}
              </p>
              <button type="button" className="button" onClick={() => people.retry(id)}>
                Retry
              </button>
            </div>
          );
        })}
        {holders.length > 0 ? (
          <PeopleTable
            holders={holders.slice(0, SHOWN)}
            showAccount={searching || accountId === null}
            accountName={accountName}
            lockTitle={lockTitle}
            onOpen={(h) => setOpenKey({ ownerAccountId: h.ownerAccountId, kind: h.kind, id: h.id })}
            labelledBy="people-heading"
            now={now}
          />
        ) : (
          loading.length === 0 && (
            <p className="empty">
              {searching
                ? 'Nobody matches. The search looks at names, e-mail addresses and card labels in every account.'
                : 'No people or cards in this account yet.'}
            </p>
          )
        )}
        {holders.length > SHOWN && (
          <p className="muted people-more">
            {SHOWN} of {holders.length} shown: search to narrow them.
          </p>
        )}
      </div>
    </section>
  );
}
