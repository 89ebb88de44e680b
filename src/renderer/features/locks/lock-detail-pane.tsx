import { memo, useState, type ReactNode } from 'react';
import type { BoundLock } from '../../../shared/model';
import { AccessTab } from '../access/access-tab';
import { ActivityTab } from '../access/activity-tab';
import { formatDateTime } from '../format/format';
import { LockStatusSections } from './lock-status-sections';
import { useLockDetail } from './use-lock-detail';
import { Tabs } from '../../ui/tabs';
import { Fact, whether } from '../../ui/fact';
import './lock-detail-pane.css';

/** What every detail tab receives: the lock as listed (instant) and where to fetch more. */
interface DetailTabContext {
  ownerAccountId: string;
  lockId: string;
  /** The lock from the list, without raw fields. */
  lock: BoundLock;
  accountName: string;
  onCopy(text: string, what: string): void;
}

interface DetailTab {
  id: string;
  label: string;
  render(ctx: DetailTabContext): ReactNode;
}

/** The detail pane's tabs: the lock itself, who may open it (grants) and who did (its log). */
const detailTabs: readonly DetailTab[] = [
  { id: 'details', label: 'Details', render: (c) => <LockDetails {...c} /> },
  {
    id: 'access',
    label: 'Access',
    render: (c) => (
      <AccessTab ownerAccountId={c.ownerAccountId} lockId={c.lockId} lockTitle={c.lock.title} />
    ),
  },
  {
    id: 'activity',
    label: 'Activity',
    render: (c) => <ActivityTab ownerAccountId={c.ownerAccountId} lockId={c.lockId} />,
  },
];

/** A date in local time, with the UTC timestamp on hover (Tapkey's own value). */
function When({ iso }: { iso: string | null | undefined }) {
  const local = formatDateTime(iso);
  if (!iso || !local) return <>—</>;
  const d = new Date(iso);
  return (
    <time
      dateTime={d.toISOString()}
      title={`${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`}
    >
      {local}
    </time>
  );
}

function CopyButton({
  text,
  what,
  onCopy,
}: {
  text: string;
  what: string;
  onCopy(text: string, what: string): void;
}) {
  return (
    <button
      type="button"
      className="button button-small"
      onClick={() => onCopy(text, what)}
      aria-label={`Copy ${what}`}
    >
      Copy
    </button>
  );
}

/** The Details tab: identity, hardware, sync, dates, and the raw JSON main returned (collapsed). */
const ACTIVE_WORDS = {
  yes: 'Active',
  no: 'Inactive',
  unsaid: 'Unknown: Tapkey did not say whether this lock is active',
};

function LockDetails({ ownerAccountId, lockId, lock, accountName, onCopy }: DetailTabContext) {
  const [attempt, setAttempt] = useState(0);
  const detail = useLockDetail({ ownerAccountId, lockId }, attempt);
  const full = detail.status === 'loaded' ? detail.lock : null;
  const raw = full?.raw ?? lock.raw ?? null;
  const type = full?.lockType ?? lock.lockType;
  const readable = lock.readableLockId ?? lock.physicalLockId;
  const pending = detail.status === 'loading' || detail.status === 'idle';
  const json = raw ? JSON.stringify(raw, null, 2) : null;

  return (
    <div className="detail-body" data-testid="lock-detail-body">
      {detail.status === 'error' && (
        <div className="notice notice-error" role="alert" data-testid="lock-detail-error">
          <p>
            <strong>Could not load this lock’s details.</strong> {detail.error.message}
          </p>
          <button type="button" className="button" onClick={() => setAttempt((a) => a + 1)}>
            Retry
          </button>
        </div>
      )}
      {lock.description && <p className="detail-description">{lock.description}</p>}
      <h3 className="section-label">Identity</h3>
      <dl className="detail-list">
        <Fact term="Lock ID">
          <span className="mono" data-testid="detail-readable-id">
            {readable ?? 'Could not be decoded'}
          </span>
          {readable && <CopyButton text={readable} what="lock ID" onCopy={onCopy} />}
        </Fact>
        <Fact term="Tapkey ID">
          <span className="mono detail-wrap" data-testid="detail-tapkey-id">
            {lock.id}
          </span>
          <CopyButton text={lock.id} what="Tapkey ID" onCopy={onCopy} />
        </Fact>
        <Fact term="Account">{accountName}</Fact>
        <Fact term="Status">{whether(lock.active, ACTIVE_WORDS)}</Fact>
      </dl>
      <h3 className="section-label">Hardware</h3>
      <dl className="detail-list">
        <Fact term="Model">{type?.modelName ?? lock.lockTypeLabel}</Fact>
        <Fact term="Maker">
          {type?.manufacturerId !== undefined ? `Manufacturer ${type.manufacturerId}` : '—'}
        </Fact>
        <Fact term="Technologies">
          {type?.supportedTechnologies?.length ? type.supportedTechnologies.join(', ') : '—'}
        </Fact>
      </dl>
      {full?.status ? (
        <LockStatusSections status={full.status} />
      ) : (
        pending && (
          <p className="muted" data-testid="detail-status-loading">
            Loading health and revocation list…
          </p>
        )
      )}
      <h3 className="section-label">Dates</h3>
      <dl className="detail-list">
        <Fact term="Bound" testId="detail-bound">
          <When iso={lock.bindDate} />
        </Fact>
        {lock.unbindDate && (
          <Fact term="Unbound">
            <When iso={lock.unbindDate} />
          </Fact>
        )}
      </dl>
      <details className="detail-raw" data-testid="lock-raw">
        <summary>Raw JSON</summary>
        {json ? (
          <>
            <button
              type="button"
              className="button button-small"
              onClick={() => onCopy(json, 'JSON')}
            >
              Copy JSON
            </button>
            <pre className="mono" data-testid="lock-raw-json">
              {json}
            </pre>
          </>
        ) : (
          <p className="muted">{pending ? 'Loading…' : 'Not available.'}</p>
        )}
      </details>
    </div>
  );
}

interface Props {
  lock: BoundLock | null;
  accountName: string;
  onCopy(text: string, what: string): void;
  /** The tab shown; Details sits beside the lock table, Access and Activity take the whole view. */
  tab: string;
  onTab(tab: string): void;
}

/**
 * The selected lock: its title, then a tab strip (Details, Access, Activity). Details is a pane beside the lock
 * table; Access and Activity are tables that need the width, so the pane then fills the view, with a way back to
 * the locks. Memoised: typing a search re-renders it only when the lock shown changes.
 */
export const LockDetailPane = memo(function LockDetailPane({
  lock,
  accountName,
  onCopy,
  tab,
  onTab: setTab,
}: Props) {
  const current = detailTabs.find((t) => t.id === tab) ?? detailTabs[0]!;
  const wide = current.id !== detailTabs[0]!.id;
  if (!lock) {
    return (
      <aside className="pane detail-pane" aria-label="Lock details" data-testid="lock-detail">
        <div className="empty">
          <p>Select a lock to see its details.</p>
        </div>
      </aside>
    );
  }
  return (
    <aside
      className={wide ? 'pane detail-pane is-wide' : 'pane detail-pane'}
      aria-labelledby="detail-title"
      data-testid="lock-detail"
    >
      <div className="detail-head">
        {wide && (
          <button
            type="button"
            className="button button-small detail-back"
            onClick={() => setTab(detailTabs[0]!.id)}
          >
            ← Locks
          </button>
        )}
        <h2 id="detail-title" title={lock.title}>
          {lock.title || lock.id}
        </h2>
        <p className="pane-sub">
          {accountName}
          {lock.active === false && (
            <>
              {' · '}
              <span className="badge badge-inactive">Inactive</span>
            </>
          )}
        </p>
      </div>
      <Tabs
        tabs={detailTabs}
        current={current.id}
        onChange={setTab}
        label="Lock details"
        name="detail"
        focusablePanel
      >
        {current.render({
          ownerAccountId: lock.ownerAccountId,
          lockId: lock.id,
          lock,
          accountName,
          onCopy,
        })}
      </Tabs>
    </aside>
  );
});
