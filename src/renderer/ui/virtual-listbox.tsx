import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { nextActiveIndex } from './list-keys';
import './virtual-listbox.css';

export interface VirtualListboxProps<T> {
  items: readonly T[];
  getKey(item: T): string;
  /** Renders the content of one row (plain content only: a row is an ARIA option, so nothing inside is focusable). */
  renderItem(item: T, index: number): ReactNode;
  /** The row that keyboard focus is on. */
  activeIndex: number;
  onActiveChange(index: number): void;
  /** Enter or click on a row. */
  onActivate?(index: number): void;
  /** The selected row, when the list has one (owner accounts); otherwise the active row is not "selected". */
  selectedIndex?: number;
  /** id prefix for the option elements (aria-activedescendant needs ids). */
  idPrefix: string;
  labelledBy: string;
  describedBy?: string;
  estimateSize: number;
  className?: string;
  testId?: string;
}

/**
 * A listbox that renders only the rows in view, so lists of thousands stay smooth. Keyboard focus stays on
 * the listbox itself and moves between rows with aria-activedescendant (arrows, Home/End, Page Up/Down).
 */
export function VirtualListbox<T>(props: VirtualListboxProps<T>) {
  const { items, activeIndex, onActiveChange, onActivate, estimateSize } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer returns fresh functions each render by design
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimateSize,
    overscan: 8,
  });

  // Scroll only when the keyboard moves the active row: scrolling on every change of a controlled index would
  // force a layout of the whole page each time (e.g. on every keystroke of a search elsewhere).
  const moveTo = useCallback(
    (i: number) => {
      onActiveChange(i);
      virtualizer.scrollToIndex(i, { align: 'auto' });
    },
    [onActiveChange, virtualizer],
  );

  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      if (
        (e.key === 'Enter' || e.key === ' ') &&
        onActivate &&
        activeIndex >= 0 &&
        activeIndex < items.length
      ) {
        e.preventDefault();
        onActivate(activeIndex);
        return;
      }
      const pageSize =
        Math.floor((scrollRef.current?.clientHeight ?? estimateSize * 10) / estimateSize) - 1;
      const next = nextActiveIndex(e.key, activeIndex, items.length, pageSize);
      if (next === null) return;
      e.preventDefault();
      moveTo(next);
    },
    [activeIndex, items.length, onActivate, moveTo, estimateSize],
  );

  const active =
    activeIndex >= 0 && activeIndex < items.length ? `${props.idPrefix}-${activeIndex}` : undefined;
  return (
    <div
      ref={scrollRef}
      className={`vlist ${props.className ?? ''}`}
      role="listbox"
      tabIndex={0}
      aria-labelledby={props.labelledBy}
      aria-describedby={props.describedBy}
      aria-activedescendant={active}
      onKeyDown={onKeyDown}
      data-testid={props.testId}
    >
      <div className="vlist-space" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index]!;
          const selected =
            props.selectedIndex === undefined
              ? row.index === activeIndex
              : row.index === props.selectedIndex;
          return (
            <div
              key={props.getKey(item)}
              id={`${props.idPrefix}-${row.index}`}
              role="option"
              aria-selected={selected}
              aria-setsize={items.length}
              aria-posinset={row.index + 1}
              data-index={row.index}
              ref={virtualizer.measureElement}
              className={`vlist-row${row.index === activeIndex ? ' is-active' : ''}${selected ? ' is-selected' : ''}`}
              style={{ transform: `translateY(${row.start}px)` }}
              onClick={() => {
                onActiveChange(row.index);
                onActivate?.(row.index);
              }}
            >
              {props.renderItem(item, row.index)}
            </div>
          );
        })}
      </div>
    </div>
  );
}
