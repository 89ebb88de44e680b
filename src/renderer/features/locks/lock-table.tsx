import { memo, useCallback, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { BoundLock } from '../../../shared/model';
import { formatDate } from '../format/format';
import { ContextMenu } from '../../ui/context-menu';
import {
  moveSelection,
  rowAt,
  typeAhead,
  type SortColumn,
  type SortState,
  type TableRows,
} from './lock-table-model';
import { useRowWindow, type RowGeometry } from './lock-table-window';
import './lock-table.css';

const ROW_HEIGHT = 32;
// The sticky header row sits above the rows inside the same scroller: offsets count it, and scrolling a row
// into view keeps it out from under the header. A few rows of overscan: each rendered row is one more to update
// on every keystroke of a search.
const GEOMETRY: RowGeometry = { rowHeight: ROW_HEIGHT, headerHeight: ROW_HEIGHT, overscan: 4 };
const columns: ReadonlyArray<{ id: SortColumn; label: string }> = [
  { id: 'title', label: 'Title' },
  { id: 'status', label: 'Status' },
  { id: 'type', label: 'Type' },
  { id: 'lockId', label: 'Lock ID' },
  { id: 'bound', label: 'Bound' },
  { id: 'description', label: 'Description' },
];

export interface LockActions {
  copyReadableId(lock: BoundLock): void;
  copyTapkeyId(lock: BoundLock): void;
  copyCsv(lock: BoundLock): void;
  /** Give access… to the locks chosen (this one when none are); absent while this sign-in cannot write. */
  giveAccess?: (lock: BoundLock) => void;
}

interface Props {
  items: TableRows;
  /** Index into `items` of the selected lock, or -1. */
  selectedIndex: number;
  /** `keepChosen`: the selection moved while choosing several (Ctrl/Cmd- or Shift-click, Shift+arrows). */
  onSelect(lock: BoundLock, keepChosen?: boolean): void;
  /** Locks chosen besides the selected one (by id), for acting on several at once. */
  chosen?: ReadonlySet<string>;
  /** Adds locks to the chosen ones, or toggles them; absent: one lock at a time. */
  onChoose?: (locks: BoundLock[], mode: 'add' | 'toggle') => void;
  sort: SortState;
  onSort(column: SortColumn): void;
  actions: LockActions;
  labelledBy: string;
  describedBy?: string;
  testId?: string;
  /** Rows a reload just added or changed, by lock id: marked for a moment. */
  marks?: ReadonlyMap<string, 'added' | 'changed'>;
}

/** One lock row; memoised so moving the selection re-renders two rows, not the whole view. */
const LockTableRow = memo(function LockTableRow({
  lock,
  index,
  start,
  selected,
  chosen,
  change,
}: {
  lock: BoundLock;
  index: number;
  start: number;
  selected: boolean;
  chosen: boolean;
  change: 'added' | 'changed' | undefined;
}) {
  const bound = formatDate(lock.bindDate);
  const readable = lock.readableLockId ?? lock.physicalLockId;
  return (
    <div
      role="row"
      id={`lock-row-${index}`}
      aria-rowindex={index + 2}
      aria-selected={selected || chosen}
      data-index={index}
      data-testid="lock-row"
      data-id={lock.id}
      data-change={change}
      className={`lt-row${selected ? ' is-selected' : ''}${chosen ? ' is-chosen' : ''}${lock.active === false ? ' is-inactive' : ''}${change ? ` is-${change}` : ''}`}
      style={{ transform: `translateY(${start}px)` }}
    >
      <div role="gridcell" className="lt-cell lt-title" title={lock.title}>
        {lock.title || lock.id}
        {change && <span className="visually-hidden">{` (${change})`}</span>}
      </div>
      <div role="gridcell" className="lt-cell lt-status">
        {lock.active === false && <span className="badge badge-inactive">Inactive</span>}
        {lock.active === null && (
          <span
            className="badge badge-unknown"
            title="Tapkey did not say whether this lock is active"
          >
            Unknown
          </span>
        )}
      </div>
      <div role="gridcell" className="lt-cell lt-type" title={lock.lockTypeLabel}>
        {lock.lockTypeLabel}
      </div>
      <div role="gridcell" className="lt-cell lt-id mono" data-testid="lock-readable-id">
        {readable ?? '—'}
      </div>
      <div role="gridcell" className="lt-cell lt-bound" title={lock.bindDate ?? undefined}>
        {bound ?? '—'}
      </div>
      <div role="gridcell" className="lt-cell lt-description" title={lock.description ?? undefined}>
        {lock.description}
      </div>
    </div>
  );
});

const GroupRow = memo(function GroupRow({
  name,
  count,
  index,
  start,
}: {
  name: string;
  count: number;
  index: number;
  start: number;
}) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className="lt-row lt-group"
      data-testid="lock-group"
      style={{ transform: `translateY(${start}px)` }}
    >
      <div role="gridcell" aria-colspan={columns.length} className="lt-cell">
        <span className="lt-group-name">{name}</span>{' '}
        <span className="lt-group-count">{count}</span>
      </div>
    </div>
  );
});

/**
 * The locks as a sortable table (ARIA grid): one 32 px line per lock, only the rows in view rendered. Focus
 * stays on the grid; arrows, Home/End and Page Up/Down move the selection, letters jump to a title, Ctrl/Cmd+C
 * copies the selected lock's readable id, and the context menu (right click, Shift+F10, Menu key) offers copies.
 */
export const LockTable = memo(function LockTable({
  items,
  selectedIndex,
  onSelect,
  chosen,
  onChoose,
  sort,
  onSort,
  actions,
  labelledBy,
  describedBy,
  testId,
  marks,
}: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const typed = useRef({ text: '', at: 0 });
  const [menu, setMenu] = useState<{ x: number; y: number; lock: BoundLock } | null>(null);
  const view = useRowWindow(scrollRef, items.length, GEOMETRY);
  const { reveal } = view;

  // Scrolls only when the user moves the selection: a view that changes under a selection (typing a search)
  // keeps its scroll position and costs no layout.
  const selectIndex = useCallback(
    (i: number, keepChosen = false) => {
      const item = rowAt(items, i);
      if (item?.kind !== 'lock') return;
      onSelect(item.lock, keepChosen);
      reveal(i);
    },
    [items, onSelect, reveal],
  );

  const selectedItem = rowAt(items, selectedIndex);
  const selectedLock = selectedItem?.kind === 'lock' ? selectedItem.lock : null;

  /** The lock rows from index a to b (either order). */
  const locksBetween = (a: number, b: number) => {
    const out: BoundLock[] = [];
    for (let i = Math.min(a, b); i <= Math.max(a, b); i++) {
      const item = rowAt(items, i);
      if (item?.kind === 'lock') out.push(item.lock);
    }
    return out;
  };
  /** Ctrl/Cmd toggles one lock into the chosen ones, Shift adds the run from the selection: as in file lists. */
  const chooseTo = (i: number, how: { toggle: boolean; range: boolean }): boolean => {
    const item = rowAt(items, i);
    if (!onChoose || item?.kind !== 'lock' || !(how.toggle || how.range)) return false;
    const none = !chosen || chosen.size === 0;
    if (how.range && selectedIndex >= 0) onChoose(locksBetween(selectedIndex, i), 'add');
    else if (none && selectedLock && selectedLock.id !== item.lock.id)
      onChoose([selectedLock, item.lock], 'add');
    else onChoose([item.lock], 'toggle');
    selectIndex(i, true);
    return true;
  };

  const openMenuAt = (lock: BoundLock, x: number, y: number) => setMenu({ lock, x, y });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Keys on the header buttons are theirs (Enter sorts); the grid only handles keys aimed at itself.
    if (e.target !== e.currentTarget) return;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 'c' && !e.shiftKey && !e.altKey) {
      if (selectedLock) {
        e.preventDefault();
        actions.copyReadableId(selectedLock);
      }
      return;
    }
    if (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) {
      if (!selectedLock) return;
      e.preventDefault();
      const row = scrollRef.current
        ?.querySelector(`#lock-row-${selectedIndex}`)
        ?.getBoundingClientRect();
      const box = row ?? scrollRef.current!.getBoundingClientRect();
      openMenuAt(selectedLock, box.left + 24, box.top + box.height);
      return;
    }
    if (onChoose && selectedLock && e.key === ' ' && mod) {
      e.preventDefault();
      onChoose([selectedLock], 'toggle');
      return;
    }
    const pageSize =
      Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 2;
    const next = moveSelection(items, selectedIndex, e.key, pageSize);
    if (next !== null) {
      e.preventDefault();
      if (!(e.shiftKey && chooseTo(next, { toggle: false, range: true }))) selectIndex(next);
      return;
    }
    if (e.key.length === 1 && !mod && !e.altKey && e.key !== ' ') {
      const now = performance.now();
      const t = typed.current;
      t.text = now - t.at < 700 ? t.text + e.key : e.key;
      t.at = now;
      const hit = typeAhead(items, selectedIndex, t.text);
      if (hit !== null) {
        e.preventDefault();
        selectIndex(hit);
      }
    }
  };

  const rowOf = (e: MouseEvent) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    return el ? Number(el.dataset.index) : -1;
  };

  const active = selectedIndex >= 0 ? `lock-row-${selectedIndex}` : undefined;
  const activeRendered = selectedIndex >= view.start && selectedIndex < view.end;
  const rows: number[] = [];
  for (let i = view.start; i < view.end; i++) rows.push(i);
  return (
    <>
      <div
        ref={scrollRef}
        className="lock-table"
        role="grid"
        tabIndex={0}
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        aria-rowcount={items.length + 1}
        aria-colcount={columns.length}
        aria-multiselectable={onChoose ? true : undefined}
        aria-activedescendant={activeRendered ? active : undefined}
        onKeyDown={onKeyDown}
        // An app menu's Copy (role "copy") sends a copy event instead of the key: answer it with the same id.
        onCopy={(e) => {
          const id = selectedLock?.readableLockId ?? selectedLock?.physicalLockId;
          if (!id || e.target !== e.currentTarget) return;
          e.preventDefault();
          e.clipboardData.setData('text/plain', id);
        }}
        onClick={(e) => {
          const i = rowOf(e);
          if (i < 0) return;
          if (!chooseTo(i, { toggle: e.ctrlKey || e.metaKey, range: e.shiftKey })) selectIndex(i);
        }}
        onContextMenu={(e) => {
          const i = rowOf(e);
          const item = rowAt(items, i);
          if (item?.kind !== 'lock') return;
          e.preventDefault();
          // A right click inside the chosen locks keeps them: the menu acts on all of them.
          if (!chosen?.has(item.lock.id)) selectIndex(i);
          scrollRef.current?.focus();
          openMenuAt(item.lock, e.clientX, e.clientY);
        }}
        data-testid={testId}
      >
        <div role="rowgroup" className="lt-head">
          <div role="row" aria-rowindex={1} className="lt-row lt-header-row">
            {columns.map((c) => {
              const sorted = sort.column === c.id;
              return (
                <div
                  key={c.id}
                  role="columnheader"
                  className={`lt-cell lt-${c.id === 'lockId' ? 'id' : c.id}`}
                  aria-sort={sorted ? (sort.descending ? 'descending' : 'ascending') : undefined}
                >
                  <button type="button" className="lt-sort" onClick={() => onSort(c.id)}>
                    {c.label}
                    <span className="lt-sort-mark" aria-hidden="true">
                      {sorted ? (sort.descending ? '▼' : '▲') : ''}
                    </span>
                  </button>
                </div>
              );
            })}
          </div>
        </div>
        <div role="rowgroup" className="lt-body" style={{ height: items.length * ROW_HEIGHT }}>
          {rows.map((index) => {
            const item = items.at(index)!;
            // Keyed by position, not by lock: when a keystroke changes the results, a row in view updates its
            // text in place instead of being torn down and built again.
            return item.kind === 'lock' ? (
              <LockTableRow
                key={index}
                lock={item.lock}
                index={index}
                start={index * ROW_HEIGHT}
                selected={index === selectedIndex}
                chosen={chosen?.has(item.lock.id) ?? false}
                change={marks?.get(item.lock.id)}
              />
            ) : (
              <GroupRow
                key={index}
                name={item.name}
                count={item.count}
                index={index}
                start={index * ROW_HEIGHT}
              />
            );
          })}
        </div>
      </div>
      {menu && (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          label={`Lock ${menu.lock.title}`}
          onClose={() => setMenu(null)}
          items={[
            { label: 'Copy readable lock ID', onSelect: () => actions.copyReadableId(menu.lock) },
            { label: 'Copy Tapkey ID', onSelect: () => actions.copyTapkeyId(menu.lock) },
            { label: 'Copy row as CSV', onSelect: () => actions.copyCsv(menu.lock) },
            ...(actions.giveAccess
              ? [{ label: 'Give access…', onSelect: () => actions.giveAccess!(menu.lock) }]
              : []),
          ]}
        />
      )}
    </>
  );
});
