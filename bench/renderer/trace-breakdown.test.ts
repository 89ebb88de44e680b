import { describe, expect, it } from 'vitest';
import { breakdownByMeasure, phaseOf, type TraceEvent } from './trace-breakdown';

const PID = 7;
const MAIN = 1;
const OTHER = 2;
const meta: TraceEvent[] = [
  {
    name: 'thread_name',
    cat: '__metadata',
    ph: 'M',
    ts: 0,
    pid: PID,
    tid: MAIN,
    args: { name: 'CrRendererMain' },
  },
  {
    name: 'thread_name',
    cat: '__metadata',
    ph: 'M',
    ts: 0,
    pid: PID,
    tid: OTHER,
    args: { name: 'Compositor' },
  },
];
const x = (name: string, ts: number, dur: number, tid = MAIN): TraceEvent => ({
  name,
  cat: 'devtools.timeline',
  ph: 'X',
  ts,
  dur,
  pid: PID,
  tid,
});
const measure = (name: string, start: number, end: number, id: string): TraceEvent[] => [
  { name, cat: 'blink.user_timing', ph: 'b', ts: start, pid: PID, tid: MAIN, id },
  { name, cat: 'blink.user_timing', ph: 'e', ts: end, pid: PID, tid: MAIN, id },
];

describe('breakdownByMeasure', () => {
  it('gives nested time to the innermost event and clips to each measure', () => {
    const events = [
      ...meta,
      // A task: 4 ms of script, inside it 1 ms of forced layout; then a frame: style 0.5, layout 2, paint 1.5.
      x('RunTask', 1_000, 9_000),
      x('FunctionCall', 1_000, 4_000),
      x('Layout', 2_000, 1_000),
      x('UpdateLayoutTree', 6_000, 500),
      x('Layout', 6_500, 2_000),
      x('Paint', 8_500, 1_500),
      // Another thread's work never counts.
      x('Paint', 1_000, 9_000, OTHER),
      // The second measure starts in the middle of the frame's paint.
      ...measure('keystroke 0 "a"', 1_000, 9_000, '0x1'),
      ...measure('keystroke 1 "ab"', 9_000, 12_000, '0x2'),
      x('FunctionCall', 10_000, 1_000),
      ...measure('sort', 0, 20_000, '0x3'),
    ];
    const [first, second, ...rest] = breakdownByMeasure(events, 'keystroke ');
    expect(rest).toEqual([]);
    expect(first).toEqual({
      name: 'keystroke 0 "a"',
      ms: 8,
      phases: { script: 3, gc: 0, style: 0.5, layout: 3, paint: 0.5, other: 1 },
    });
    expect(second).toEqual({
      name: 'keystroke 1 "ab"',
      ms: 3,
      phases: { script: 1, gc: 0, style: 0, layout: 0, paint: 1, other: 0 },
    });
  });

  it('finds nothing without matching measures, and names a trace without the renderer main thread', () => {
    expect(breakdownByMeasure([...meta, x('Layout', 0, 10)], 'keystroke ')).toEqual([]);
    expect(() => breakdownByMeasure(measure('keystroke 0 ""', 0, 5, '0x1'), 'keystroke ')).toThrow(
      /CrRendererMain/,
    );
  });

  it('sorts event names into phases as DevTools does', () => {
    expect(
      ['FunctionCall', 'MinorGC', 'UpdateLayoutTree', 'Layout', 'Paint', 'HitTest'].map(phaseOf),
    ).toEqual(['script', 'gc', 'style', 'layout', 'paint', 'other']);
  });
});
