import { useMemo, useState } from 'react';
import type { JournalPage, OwnerAccount } from '../../../shared/model';
import { CHANGE_KINDS, STEP_STATUSES } from '../../../shared/write-model';
import { useTapkeyApi } from '../../api-context';
import { ColumnHeads } from '../../ui/column-heads';
import { DateRange } from '../../ui/date-range';
import { ErrorNotice } from '../../ui/error-notice';
import { ExportButton, ExportNote, useExport } from '../../ui/export-controls';
import { FilterSelect } from '../../ui/filter-select';
import { formatDateTime } from '../format/format';
import { useRestingValue } from '../locks/use-resting-value';
import { useManage } from '../manage/manage-context';
import { useLoad, type Loaded } from '../manage/use-load';
import {
  anyRecord,
  journalQuery,
  OPERATION_NAMES,
  outcomeOf,
  STATUS_NAMES,
  targetOf,
  type JournalFilter,
} from './journal-filter';
import './journal.css';

interface Props {
  accounts: readonly OwnerAccount[];
}

/** The journal's filters: words, kind of change, outcome, account and days. */
function JournalFilters({
  filter,
  onFilter,
  accounts,
}: {
  filter: JournalFilter;
  onFilter(f: JournalFilter): void;
  accounts: readonly OwnerAccount[];
}) {
  const set = (patch: Partial<JournalFilter>) => onFilter({ ...filter, ...patch });
  // The select's options are the field's only values, so its answer is one of them.
  const select = (
    key: 'operation' | 'status' | 'ownerAccountId',
    label: string,
    any: string,
    options: ReadonlyArray<readonly [string, string]>,
  ) => (
    <FilterSelect
      label={label}
      value={filter[key]}
      any={any}
      options={options}
      onChange={(v) => set({ [key]: v })}
    />
  );
  return (
    <div className="journal-filters" role="search" aria-label="Filter the journal">
      <label className="journal-text">
        <span>Search</span>
        <input
          type="search"
          value={filter.text}
          placeholder="Person, lock, account or id"
          onChange={(e) => set({ text: e.target.value })}
        />
      </label>
      {select(
        'operation',
        'Change',
        'Every kind',
        CHANGE_KINDS.map((k) => [k, OPERATION_NAMES[k]]),
      )}
      {select(
        'status',
        'Outcome',
        'Any outcome',
        STEP_STATUSES.map((s) => [s, STATUS_NAMES[s]]),
      )}
      {accounts.length > 1 &&
        select(
          'ownerAccountId',
          'Account',
          'Every account',
          accounts.map((a) => [a.id, a.name || a.id]),
        )}
      <DateRange
        from={filter.from}
        to={filter.to}
        onFrom={(from) => set({ from })}
        onTo={(to) => set({ to })}
        className="date-input"
      />
    </div>
  );
}

/** The journal's records as a table, newest first. */
function JournalTable({ page }: { page: JournalPage }) {
  return (
    <table className="data-table journal-table" data-testid="journal-table">
      <caption className="visually-hidden">Changes made from this computer, newest first</caption>
      <ColumnHeads
        columns={[{ label: 'When', className: 'journal-when' }, 'Change', 'Target', 'Outcome']}
      />
      <tbody>
        {page.records.map((r) => {
          const outcome = outcomeOf(r);
          return (
            <tr key={r.entryId} data-testid="journal-row" data-status={outcome.status}>
              <td className="journal-when">
                {formatDateTime(r.at)}
                <span className="journal-sub">{r.source === 'cli' ? 'Command line' : 'App'}</span>
              </td>
              <td>
                {r.title}
                <span className="journal-sub">
                  {OPERATION_NAMES[r.operation]}
                  {r.request ? ` · ${r.request.method} ${r.request.path}` : ''}
                </span>
              </td>
              <td>{targetOf(r)}</td>
              <td>
                <span className={`badge journal-status is-${outcome.status}`}>
                  {STATUS_NAMES[outcome.status]}
                </span>
                <span className="journal-sub">{outcome.message}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** What the journal holds for this filter, in one line. */
function summary(page: JournalPage): string {
  const parts = [
    page.total === page.records.length
      ? `${page.total} ${page.total === 1 ? 'record' : 'records'}`
      : `The newest ${page.records.length} of ${page.total} records`,
  ];
  if (page.unresolved)
    parts.push(
      `${page.unresolved} with an outcome still unknown (looked up again each time the journal is read)`,
    );
  if (page.unreadableLines)
    parts.push(
      `${page.unreadableLines} ${page.unreadableLines === 1 ? 'line' : 'lines'} of the file could not be read`,
    );
  return `${parts.join('; ')}.`;
}

/** The body under the filters: loading, why the journal could not be read, nothing yet, or the records. */
function JournalBody({
  page,
  filtered,
}: {
  page: Loaded<JournalPage> & { retry(): void };
  filtered: boolean;
}) {
  if (page.status === 'error')
    return (
      <ErrorNotice
        title="Could not read the journal."
        message={page.error.message}
        onRetry={page.retry}
      />
    );
  if (page.status !== 'loaded')
    return (
      <p className="muted" role="status">
        Reading the journal…
      </p>
    );
  if (page.value.records.length === 0)
    return (
      <p className="empty" data-testid="journal-empty">
        {filtered
          ? 'No change matches these filters.'
          : 'No change has been made from this computer yet. Every request the app or the command line sends to Tapkey is recorded here.'}
      </p>
    );
  return <JournalTable page={page.value} />;
}

/**
 * Journal: every request this computer sent to Tapkey (app and command line), what Tapkey answered, and later
 * resolutions of lost answers; filterable, and exported as CSV exactly as filtered.
 */
export function JournalView({ accounts }: Props) {
  const api = useTapkeyApi();
  const manage = useManage();
  const [filter, setFilter] = useState<JournalFilter>(anyRecord);
  // Typing in the search waits for a pause; the other filters apply at once.
  const text = useRestingValue(filter.text, false);
  const query = useMemo(() => journalQuery({ ...filter, text }), [filter, text]);
  const page = useLoad(`${JSON.stringify(query)}#${manage.lastSent}`, () => api.listJournal(query));
  const filtered = JSON.stringify(journalQuery(filter)) !== JSON.stringify(journalQuery(anyRecord));

  const exported = useExport(
    () => api.exportJournalCsv(query),
    (v) => `Exported ${v.rows} ${v.rows === 1 ? 'record' : 'records'} to ${v.fileName}.`,
  );

  return (
    <section className="journal-view" aria-labelledby="journal-heading" data-testid="journal-view">
      <div className="pane-header">
        <h2 id="journal-heading">Journal of changes from this computer</h2>
        <p className="pane-sub" data-testid="journal-summary">
          {page.status === 'loaded' ? summary(page.value) : ' '}
        </p>
      </div>
      <div className="journal-bar">
        <JournalFilters filter={filter} onFilter={setFilter} accounts={accounts} />
        <div className="journal-actions">
          {filtered && (
            <button type="button" className="button" onClick={() => setFilter(anyRecord)}>
              Clear filters
            </button>
          )}
          <ExportButton
            exporting={exported.exporting}
            disabled={page.status !== 'loaded' || page.value.total === 0}
            onClick={() => void exported.start()}
          />
        </div>
      </div>
      <ExportNote note={exported.note} testId="journal-export-note" />
      <div className="journal-scroll">
        <JournalBody page={page} filtered={filtered} />
      </div>
    </section>
  );
}
