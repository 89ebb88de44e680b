import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { revealTop, rowWindow, type RowGeometry } from './lock-table-window';

const g: RowGeometry = { rowHeight: 32, headerHeight: 32, overscan: 2 };
const noOverscan: RowGeometry = { ...g, overscan: 0 };

/** The rows a viewport shows at least a pixel of below the sticky header, found by looking at every row. */
function visibleRows(scrollTop: number, height: number, count: number, geo: RowGeometry): number[] {
  const maxTop = Math.max(0, geo.headerHeight + count * geo.rowHeight - height);
  const top = Math.min(Math.max(scrollTop, 0), maxTop);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const rowTop = geo.headerHeight + i * geo.rowHeight;
    if (rowTop + geo.rowHeight > top + geo.headerHeight && rowTop < top + height) out.push(i);
  }
  return out;
}

describe('rowWindow', () => {
  it('covers every row in view, plus the overscan, and nothing past the ends', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: -100, max: 20_000 }),
        fc.integer({ min: 40, max: 1200 }),
        fc.integer({ min: 0, max: 6 }),
        (count, scrollTop, height, overscan) => {
          const geo = { ...g, overscan };
          const { start, end } = rowWindow(scrollTop, height, count, geo);
          const visible = visibleRows(scrollTop, height, count, geo);
          expect(start).toBeGreaterThanOrEqual(0);
          expect(end).toBeLessThanOrEqual(count);
          if (visible.length === 0) return;
          const first = visible[0]!;
          const last = visible.at(-1)!;
          expect(start).toBe(Math.max(0, first - overscan));
          expect(end).toBe(Math.min(count, last + 1 + overscan));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('shows the start of a fresh list, and the end when scrolled past a list that just got shorter', () => {
    expect(rowWindow(0, 32 + 10 * 32, 100_000, noOverscan)).toEqual({ start: 0, end: 10 });
    expect(rowWindow(0, 32 + 10 * 32, 3, noOverscan)).toEqual({ start: 0, end: 3 });
    // Scrolled to row 5,000 of a long list; the list is now 20 rows and the browser has not clamped yet.
    expect(rowWindow(5_000 * 32, 32 + 10 * 32, 20, noOverscan)).toEqual({ start: 10, end: 20 });
    expect(rowWindow(0, 500, 0, g)).toEqual({ start: 0, end: 0 });
  });
});

describe('revealTop', () => {
  it('scrolls the least that brings the row fully into view below the header, and not at all when it is', () => {
    const height = 32 + 10 * 32; // header and ten rows
    expect(revealTop(0, height, 0, g)).toBeNull();
    expect(revealTop(0, height, 9, g)).toBeNull();
    // Row 10 is just below the view: scroll one row.
    expect(revealTop(0, height, 10, g)).toBe(32);
    // Row 3 is under the sticky header when scrolled four rows down: bring it to just below the header.
    expect(revealTop(4 * 32, height, 3, g)).toBe(3 * 32);
    // Far away in either direction.
    expect(revealTop(0, height, 5_000, g)).toBe(5_000 * 32 + 32 + 32 - height);
    expect(revealTop(5_000 * 32, height, 0, g)).toBe(0);
  });

  it('leaves every revealed row in the window the table then renders', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 64, max: 1200 }),
        fc.nat(),
        (count, scrollTop, height, pick) => {
          const index = pick % count;
          const maxTop = Math.max(0, 32 + count * 32 - height);
          const top = Math.min(revealTop(scrollTop, height, index, g) ?? scrollTop, maxTop);
          expect(visibleRows(top, height, count, noOverscan)).toContain(index);
        },
      ),
      { numRuns: 500 },
    );
  });
});
