import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ExportResult, LogEntriesPage, LogEntry, LogQuery } from '../../../shared/model';
import type { AppError, Result } from '../../../shared/result';
import { DateRange } from '../../ui/date-range';
import { ExportButton, ExportNote, useExport } from '../../ui/export-controls';
import { formatDateTime } from '../format/format';
import { AccessProblem } from './access-problem';
import { holderText } from './holder-text';
import { describeEntry, rangeToQuery } from './log-range';
import './access.css';

/** A slice of a log as the view asks for it: a date range, or the cursor of the next page. */
type LogSlice = Pick<LogQuery, 'since' | 'until' | 'cursor'>;

interface Props {
  /** One page of the slice (its first page without a cursor). */
  load(slice: LogSlice): Promise<Result<LogEntriesPage>>;
  /** The same slice, from its newest entry to its oldest, into a CSV file the user picks. */
  exportCsv(range: Omit<LogSlice, 'cursor'>): Promise<Result<ExportResult | null>>;
  /** Changes whenever what `load` reads changes (another lock, another person): the list starts over. */
  sliceKey: string;
  /** With it, a Lock column (the account's activity mixes locks). */
  lockTitle?: ((boundLockId: string | null) => string) | undefined;
  /** What the list shows, in messages: "this lock’s activity". */
  what: string;
  /** More filters, shown before the date range. */
  filters?: ReactNode;
  testId: string;
}

interface LogState {
  entries: LogEntry[];
  nextCursor: string | null;
  invalid: number;
  loading: boolean;
  error: AppError | null;
}

const ROW_HEIGHT = 44;
const initial: LogState = { entries: [], nextCursor: null, invalid: 0, loading: true, error: null };

/** Who did it: the name with the identifier beside it (full text on hover). */
function Who({ entry }: { entry: LogEntry }) {
  const who = holderText(entry.holder);
  const full = who.detail ? `${who.name} (${who.detail})` : who.name;
  return (
    <span className="activity-who" title={full}>
      <span className={who.vague ? 'who-name muted' : 'who-name'}>{who.name}</span>
      {entry.holder.kind === 'card' && <span className="access-kind"> (card)</span>}
      {who.detail && <span className="who-detail">{who.detail}</span>}
    </span>
  );
}

/**
 * A log newest first in a virtualised list: scrolling near the end fetches the next (older) page; a date range
 * narrows it; "Export…" writes the same slice to CSV through main. Shared by a lock's Activity tab and the
 * account-wide Activity view.
 */
export function ActivityLog({
  load,
  exportCsv,
  sliceKey,
  lockTitle,
  what,
  filters,
  testId,
}: Props) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [state, setState] = useState<LogState>(initial);
  // Each new slice (or retry) is a generation; answers for an older one are dropped.
  const generation = useRef(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const range = rangeToQuery(from, to);
  const rangeKey = `${range.since ?? ''}|${range.until ?? ''}`;
  const badRange =
    range.since !== undefined && range.until !== undefined && range.since >= range.until;

  const fetchPage = useCallback(
    (cursor: string | null) => {
      const gen = generation.current;
      const [since, until] = rangeKey.split('|');
      setState((s) => ({ ...s, loading: true, error: null }));
      const slice: LogSlice = cursor
        ? { cursor }
        : { ...(since ? { since } : {}), ...(until ? { until } : {}) };
      void load(slice).then((r) => {
        if (gen !== generation.current) return;
        setState((s) =>
          r.ok
            ? {
                entries: [...s.entries, ...r.value.entries],
                nextCursor: r.value.nextCursor,
                invalid: s.invalid + r.value.invalid.length,
                loading: false,
                error: null,
              }
            : { ...s, loading: false, error: r.error },
        );
      });
    },
    // sliceKey stands for `load`'s target; `load` itself may be a new function each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [sliceKey, rangeKey],
  );

  const restart = useCallback(() => {
    generation.current++;
    setState(initial);
    scrollRef.current?.scrollTo({ top: 0 });
    fetchPage(null);
  }, [fetchPage]);
  useEffect(() => {
    if (!badRange) restart();
  }, [restart, badRange]);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer returns fresh functions each render by design
  const virtualizer = useVirtualizer({
    count: state.entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.length ? (items[items.length - 1]?.index ?? 0) : -1;
  useEffect(() => {
    if (
      !state.loading &&
      !state.error &&
      state.nextCursor &&
      lastShown >= state.entries.length - 15
    )
      fetchPage(state.nextCursor);
  }, [lastShown, state.loading, state.error, state.nextCursor, state.entries.length, fetchPage]);

  const exported = useExport(
    () => exportCsv(range),
    (v) =>
      `Exported ${v.rows.toLocaleString()} entries to ${v.fileName}.${
        v.unreadable
          ? ` ${v.unreadable.toLocaleString()} could not be read and are not in the file.`
          : ''
      }`,
  );

  const end = !state.loading && !state.error && state.nextCursor === null;
  const refused = state.error?.code === 'permission' || state.error?.code === 'forbidden';
  const rowClass = lockTitle ? 'activity-row has-lock' : 'activity-row';
  return (
    <div className="activity-tab" data-testid={testId}>
      <div className="activity-controls">
        {filters}
        <DateRange from={from} to={to} onFrom={setFrom} onTo={setTo} testId="activity" />
        <ExportButton
          exporting={exported.exporting}
          disabled={badRange || refused}
          onClick={() => void exported.start()}
        />
      </div>
      {badRange && (
        <p className="notice notice-warning" role="alert">
          “From” must not be after “To”.
        </p>
      )}
      <ExportNote note={exported.note} testId="export-note" />
      {state.error && state.entries.length === 0 ? (
        <AccessProblem error={state.error} what={what} onRetry={restart} />
      ) : (
        <>
          <div className={`${rowClass} activity-head`} aria-hidden="true">
            <span>When</span>
            {lockTitle && <span>Lock</span>}
            <span>Who</span>
            <span>What</span>
          </div>
          <div
            ref={scrollRef}
            className="activity-scroll"
            tabIndex={0}
            role="region"
            aria-label="Activity, newest first"
            data-testid="activity-scroll"
          >
            <div
              role="list"
              className="activity-space"
              style={{ height: virtualizer.getTotalSize() }}
            >
              {items.map((row) => {
                const e = state.entries[row.index] as LogEntry;
                return (
                  <div
                    key={e.id}
                    role="listitem"
                    className={rowClass}
                    data-index={row.index}
                    data-testid="activity-row"
                    style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
                  >
                    <span className="activity-when">{formatDateTime(e.lockTimestamp)}</span>
                    {lockTitle && (
                      <span className="activity-lock" title={lockTitle(e.boundLockId)}>
                        {lockTitle(e.boundLockId)}
                      </span>
                    )}
                    <Who entry={e} />
                    <span className="activity-what">{describeEntry(e)}</span>
                  </div>
                );
              })}
            </div>
          </div>
          <p className="access-status" role="status" data-testid="activity-status">
            {state.error
              ? `Older entries could not be loaded. ${state.error.message}`
              : state.loading
                ? state.entries.length
                  ? `${state.entries.length.toLocaleString()} entries; loading older ones…`
                  : 'Loading activity…'
                : end
                  ? state.entries.length
                    ? `${state.entries.length.toLocaleString()} entries: the whole range.`
                    : 'No activity in this range.'
                  : `${state.entries.length.toLocaleString()} entries; scroll for older ones.`}
            {state.invalid > 0 && ` ${state.invalid} could not be read.`}
          </p>
          {state.error && state.entries.length > 0 && (
            <button type="button" className="button" onClick={() => fetchPage(state.nextCursor)}>
              Try again
            </button>
          )}
        </>
      )}
    </div>
  );
}
