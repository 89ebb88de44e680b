import type { ChangeEntry, ChangeQueueState } from '../../../shared/model';
import { awaitsProgress, changeStateLine, progressLine } from './change-text';
import './change-strip.css';

/** What the strip shows beside one change: a failed undo or refresh, or a refresh in flight. */
export interface ChangeNote {
  busy?: boolean;
  error?: string;
}

interface Props {
  queue: ChangeQueueState | null;
  /** Changes the user put away (finished ones only). */
  dismissed: ReadonlySet<string>;
  notes: Readonly<Record<string, ChangeNote>>;
  now: number;
  onUndo(changeId: string): void;
  onRefresh(changeId: string): void;
  onDismiss(changeId: string): void;
  /** Opens the journal (every change this computer made). */
  onJournal: (() => void) | null;
}

/** How many finished changes stay in the strip; older ones are in the journal. */
const FINISHED_SHOWN = 3;

const LABELS: Record<ChangeEntry['status'], string> = {
  waiting: 'Pending',
  sending: 'Sending',
  sent: 'Sent',
  undone: 'Undone',
  discarded: 'Discarded',
};

/** The changes the strip shows: every waiting or sending one, then the newest finished ones not put away. */
function shownChanges(
  queue: ChangeQueueState | null,
  dismissed: ReadonlySet<string>,
): ChangeEntry[] {
  const all = queue?.changes ?? [];
  const open = all.filter((c) => c.status === 'waiting' || c.status === 'sending');
  const finished = all
    .filter((c) => c.status !== 'waiting' && c.status !== 'sending' && !dismissed.has(c.changeId))
    .slice(0, FINISHED_SHOWN);
  // Oldest first: the next change to be sent sits on top, as the queue sends them.
  return [...open.reverse(), ...finished];
}

function ChangeItem({
  entry,
  note,
  now,
  onUndo,
  onRefresh,
  onDismiss,
}: {
  entry: ChangeEntry;
  note: ChangeNote | undefined;
  now: number;
  onUndo(): void;
  onRefresh(): void;
  onDismiss(): void;
}) {
  const progress = progressLine(entry);
  const problems = entry.outcomes.filter((o) => o.status !== 'done' && o.status !== 'already');
  const titleId = `change-${entry.changeId}-title`;
  return (
    <li
      className={`change-item is-${entry.status}`}
      data-testid="change-item"
      data-status={entry.status}
      aria-labelledby={titleId}
    >
      <span className={`badge change-badge is-${entry.status}`}>{LABELS[entry.status]}</span>
      <div className="change-text">
        <p className="change-title" id={titleId}>
          {entry.title}
        </p>
        <p className="change-state" data-testid="change-state">
          {changeStateLine(entry, now)}
        </p>
        {progress && (
          <p className="change-progress" data-testid="change-progress">
            {progress}
          </p>
        )}
        {problems.length > 1 && (
          <details className="change-problems">
            <summary>What did not go through ({problems.length})</summary>
            <ul>
              {problems.map((o) => (
                <li key={o.key}>{o.message}</li>
              ))}
            </ul>
          </details>
        )}
        {note?.error && (
          <p className="change-error" role="alert" data-testid="change-error">
            {note.error}
          </p>
        )}
      </div>
      <div className="change-actions">
        {[
          {
            shown: entry.status === 'waiting',
            text: 'Undo',
            name: 'Undo',
            className: 'button button-primary',
            onClick: onUndo,
          },
          {
            shown: awaitsProgress(entry),
            text: note?.busy ? 'Checking…' : 'Refresh',
            name: 'Refresh progress of',
            className: 'button',
            onClick: onRefresh,
            disabled: note?.busy,
          },
          {
            shown: entry.status !== 'waiting' && entry.status !== 'sending',
            text: 'Dismiss',
            name: 'Dismiss',
            className: 'button button-quiet',
            onClick: onDismiss,
          },
        ]
          .filter((a) => a.shown)
          .map((a) => (
            <button
              key={a.name}
              type="button"
              className={a.className}
              onClick={a.onClick}
              disabled={a.disabled}
              aria-label={`${a.name}: ${entry.title}`}
            >
              {a.text}
            </button>
          ))}
      </div>
    </li>
  );
}

/**
 * The pending strip under the screen: each change waits here for its undo window, with Undo; then it says what
 * Tapkey answered and how far the change has got (revocations wait for each lock's sync), with Refresh.
 */
export function ChangeStrip({
  queue,
  dismissed,
  notes,
  now,
  onUndo,
  onRefresh,
  onDismiss,
  onJournal,
}: Props) {
  const shown = shownChanges(queue, dismissed);
  if (shown.length === 0) return null;
  const pending = queue?.pending ?? 0;
  return (
    <section
      className="change-strip"
      aria-labelledby="change-strip-heading"
      data-testid="change-strip"
    >
      <div className="change-strip-head">
        <h2 id="change-strip-heading">
          {pending ? `Changes: ${pending} waiting to be sent` : 'Changes'}
        </h2>
        {onJournal && (
          <button type="button" className="link-button" onClick={onJournal}>
            Journal
          </button>
        )}
      </div>
      {/* Announced politely as states change: queued, sent, undone. */}
      <ul className="change-list" aria-live="polite">
        {shown.map((c) => (
          <ChangeItem
            key={c.changeId}
            entry={c}
            note={notes[c.changeId]}
            now={now}
            onUndo={() => onUndo(c.changeId)}
            onRefresh={() => onRefresh(c.changeId)}
            onDismiss={() => onDismiss(c.changeId)}
          />
        ))}
      </ul>
    </section>
  );
}
