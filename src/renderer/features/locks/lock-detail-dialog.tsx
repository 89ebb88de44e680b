import { useEffect, useRef, useState } from 'react';
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
export function LockDetailDialog({ lock, accountName, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      opener?.focus();
    };
  }, []);

  // Lists leave out every field Tapkey sent (main would hold each lock twice); the single lock carries them.
  const [raw, setRaw] = useState<Record<string, unknown> | null>(lock.raw ?? null);
  const [rawError, setRawError] = useState<string | null>(null);
  useEffect(() => {
    if (lock.raw) return;
    let current = true;
    window.tapkey.getBoundLock(lock.ownerAccountId, lock.id).then(
      (r) => {
        if (!current) return;
        if (r.ok) setRaw(r.value.raw ?? {});
        else setRawError(r.error.message);
      },
      (e: unknown) => current && setRawError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      current = false;
    };
  }, [lock]);

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
      {/* The body scrolls on its own and is focusable, so a keyboard user can read a long lock with the arrow keys. */}
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
        {rawError && <p role="alert">{rawError}</p>}
        {!raw && !rawError && <p aria-live="polite">Loading…</p>}
        <dl className="detail-raw" data-testid="lock-raw">
          {Object.entries(raw ?? {}).map(([k, v]) => {
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
    </dialog>
  );
}
