import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { AccessTab } from '../access/access-tab';
import { ActivityTab } from '../access/activity-tab';
import type { BoundLock } from '../../../shared/model';
import { formatDateTime, formatRawValue, humaniseKey } from '../format/format';
import './lock-detail-dialog.css';

interface Props {
  lock: BoundLock;
  accountName: string;
  onClose(): void;
}

/**
 * Every field Tapkey returned for one lock, in a modal dialog: the browser's <dialog> traps focus, closes on
 * Esc, and we hand focus back to where it was when it closes.
 */
const TABS = [
  ['details', 'Details'],
  ['access', 'Access'],
  ['activity', 'Activity'],
] as const;
type Tab = (typeof TABS)[number][0];

export function LockDetailDialog({ lock, accountName, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  // A temporary tab strip until the browse screen's detail pane hosts the Access and Activity tabs.
  const [tab, setTab] = useState<Tab>('details');
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = TABS.findIndex(([t]) => t === tab);
    const next = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : -1;
    if (next < 0) return;
    e.preventDefault();
    setTab(TABS[next]![0]);
    document.getElementById(`detail-tab-${TABS[next]![0]}`)?.focus();
  };
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      opener?.focus();
    };
  }, []);

  const summary: [string, string][] = [
    ['Owner account', accountName],
    ['Status', lock.active ? 'Active' : 'Inactive'],
    ['Lock type', lock.lockTypeLabel],
    ['Lock id', lock.readableLockId ?? 'Could not be decoded'],
    ['Bound', formatDateTime(lock.bindDate) ?? 'Unknown'],
  ];
  if (lock.unbindDate) summary.push(['Unbound', formatDateTime(lock.unbindDate) ?? lock.unbindDate]);

  return (
    <dialog ref={ref} className="detail-dialog" aria-labelledby="detail-title" onClose={onClose} data-testid="lock-detail">
      <div className="detail-head">
        <h2 id="detail-title">{lock.title || lock.id}</h2>
        <button type="button" className="button" onClick={() => ref.current?.close()} autoFocus>
          Close
        </button>
      </div>
      <div className="detail-tabs" role="tablist" aria-label="Lock" onKeyDown={onTabKey}>
        {TABS.map(([t, label]) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`detail-tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`detail-panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            className="detail-tab"
            onClick={() => setTab(t)}
          >
            {label}
          </button>
        ))}
      </div>
      {tab === 'access' && (
        <div className="detail-body detail-panel" role="tabpanel" tabIndex={0} id="detail-panel-access" aria-labelledby="detail-tab-access">
          <AccessTab ownerAccountId={lock.ownerAccountId} lockId={lock.id} />
        </div>
      )}
      {tab === 'activity' && (
        <div className="detail-body detail-panel" role="tabpanel" tabIndex={0} id="detail-panel-activity" aria-labelledby="detail-tab-activity">
          <ActivityTab ownerAccountId={lock.ownerAccountId} lockId={lock.id} />
        </div>
      )}
      {/* The body scrolls on its own and is focusable, so a keyboard user can read a long lock with the arrow keys. */}
      {tab === 'details' && (
      <div className="detail-panel" role="tabpanel" id="detail-panel-details" aria-labelledby="detail-tab-details">
      <div className="detail-body" tabIndex={0} role="region" aria-label="Lock details" data-testid="lock-detail-body">
        {lock.description && <p className="detail-description">{lock.description}</p>}
        <dl className="detail-summary">
          {summary.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        <h3 id="raw-heading">Everything Tapkey returned</h3>
        <dl className="detail-raw" data-testid="lock-raw">
          {Object.entries(lock.raw).map(([k, v]) => {
            const text = formatRawValue(v);
            return (
              <div key={k} data-field={k}>
                <dt title={k}>{humaniseKey(k)}</dt>
                <dd>{typeof v === 'object' && v !== null ? <pre>{text}</pre> : <span className="mono">{text}</span>}</dd>
              </div>
            );
          })}
        </dl>
      </div>
      </div>
      )}
    </dialog>
  );
}
