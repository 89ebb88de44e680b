// Which rows of the lock table to render. Every row is one fixed height, so the rows in view follow from the
// scroll position by arithmetic: nothing is measured, and nothing is computed per row of the whole list (a
// general virtualizer keeps a measurement per row, which is 100,000 objects rebuilt whenever a keystroke changes
// the number of results).
import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

/** The geometry of a scroller of fixed-height rows under a sticky header row of the same scroller. */
export interface RowGeometry {
  rowHeight: number;
  /** The sticky header's height: rows start below it, and a row under it is not in view. */
  headerHeight: number;
  /** Rows rendered beyond each edge of the view, so a scroll shows rows before the next render. */
  overscan: number;
}

/** The rows to render, `start` inclusive to `end` exclusive. */
export interface RowRange {
  start: number;
  end: number;
}

/**
 * The rows in view (plus overscan) for a scroll position and viewport height. A scroll position beyond the end
 * (the list just got shorter, and the browser has not clamped it yet) counts as the end.
 */
export function rowWindow(
  scrollTop: number,
  viewportHeight: number,
  count: number,
  { rowHeight, headerHeight, overscan }: RowGeometry,
): RowRange {
  if (count <= 0) return { start: 0, end: 0 };
  const maxTop = Math.max(0, headerHeight + count * rowHeight - viewportHeight);
  const top = Math.min(Math.max(scrollTop, 0), maxTop);
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + viewportHeight - headerHeight) / rowHeight) - 1;
  return {
    start: Math.max(0, Math.min(first, count - 1) - overscan),
    end: Math.min(count, Math.max(last, first) + 1 + overscan),
  };
}

/**
 * The scroll position that brings row `index` fully into view with the least movement (a row under the sticky
 * header counts as hidden), or null when it is in view already.
 */
export function revealTop(
  scrollTop: number,
  viewportHeight: number,
  index: number,
  { rowHeight, headerHeight }: RowGeometry,
): number | null {
  const top = index * rowHeight;
  const bottom = headerHeight + top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight;
  return null;
}

interface View {
  top: number;
  height: number;
}

/**
 * The rows of `count` to render in the scroller `ref`, following its scroll position and size, and a function
 * that scrolls a row into view. Renders again only when a scroll moves the rows in view, not per pixel.
 */
export function useRowWindow(
  ref: RefObject<HTMLElement | null>,
  count: number,
  geometry: RowGeometry,
): RowRange & { reveal(index: number): void } {
  // Until the scroller reports its height, assume the window's: at worst a few rows too many for one frame.
  const [view, setView] = useState<View>(() => ({
    top: 0,
    height: typeof window === 'undefined' ? 0 : window.innerHeight,
  }));
  const { rowHeight, headerHeight, overscan } = geometry;

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const g = { rowHeight, headerHeight, overscan: 0 };
    // The same rows in view (whatever the count): nothing to render again.
    const sameRows = (a: View, b: View) =>
      a.height === b.height &&
      Math.floor(a.top / rowHeight) === Math.floor(b.top / rowHeight) &&
      rowWindow(a.top, a.height, Number.MAX_SAFE_INTEGER, g).end ===
        rowWindow(b.top, b.height, Number.MAX_SAFE_INTEGER, g).end;
    const update = (next: View) => setView((v) => (sameRows(v, next) ? v : next));
    // Rendered in the scroll event itself, so the rows newly in view are there before the frame is painted.
    const onScroll = () => flushSync(() => update({ top: el.scrollTop, height: el.clientHeight }));
    // A ResizeObserver reports after layout, so reading the size here forces none; it also reports once at start.
    const resize = new ResizeObserver(() => update({ top: el.scrollTop, height: el.clientHeight }));
    el.addEventListener('scroll', onScroll, { passive: true });
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      resize.disconnect();
    };
  }, [ref, rowHeight, headerHeight, overscan]);

  const reveal = useCallback(
    (index: number) => {
      const el = ref.current;
      if (!el) return;
      const top = revealTop(el.scrollTop, el.clientHeight, index, {
        rowHeight,
        headerHeight,
        overscan,
      });
      if (top !== null) el.scrollTop = top;
    },
    [ref, rowHeight, headerHeight, overscan],
  );

  return { ...rowWindow(view.top, view.height, count, geometry), reveal };
}
