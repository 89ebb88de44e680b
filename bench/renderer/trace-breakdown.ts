// Where a keystroke's time goes, read from Chromium's performance trace: the renderer main thread's time inside
// each user-timing measure, split into script, style, layout, paint and the rest.

/** One Chrome trace event, as `Tracing.end` hands them over (only the fields read here). */
export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string | number;
  id2?: { local?: string; global?: string };
  args?: Record<string, unknown>;
}

export type Phase = 'script' | 'gc' | 'style' | 'layout' | 'paint' | 'other';
export const phases: readonly Phase[] = ['script', 'gc', 'style', 'layout', 'paint', 'other'];

/** A measured interval (a `performance.measure`) and the main thread's time within it per phase, in ms. */
export interface Breakdown {
  name: string;
  ms: number;
  phases: Record<Phase, number>;
}

// Trace event names by phase (Chromium's DevTools "Summary" groups them the same way). A name not listed is
// "other": task bookkeeping, hit testing, idle gaps between tasks are not counted at all.
const SCRIPT = new Set([
  'FunctionCall',
  'EvaluateScript',
  'EventDispatch',
  'TimerFire',
  'FireAnimationFrame',
  'FireIdleCallback',
  'RunMicrotasks',
  'V8.Execute',
  'v8.execute',
  'v8.run',
  'v8.compile',
  'V8.CompileCode',
  'v8.callFunction',
  'ResourceReceivedData',
  'RunMicrotask',
]);
const GC = new Set([
  'MinorGC',
  'MajorGC',
  'V8.GCScavenger',
  'V8.GCFinalizeMC',
  'BlinkGC.AtomicPhase',
]);
const STYLE = new Set(['UpdateLayoutTree', 'RecalculateStyles', 'ParseAuthorStyleSheet']);
const LAYOUT = new Set([
  'Layout',
  'UpdateLayout',
  'IntersectionObserverController::computeIntersections',
]);
const PAINT = new Set([
  'Paint',
  'PaintSetup',
  'PrePaint',
  'Layerize',
  'UpdateLayer',
  'UpdateLayerTree',
  'CompositeLayers',
  'Commit',
  'PaintImage',
  'Decode Image',
]);

/** The phase a trace event's own time belongs to. */
export function phaseOf(name: string): Phase {
  if (SCRIPT.has(name)) return 'script';
  if (GC.has(name) || name.startsWith('V8.GC_')) return 'gc';
  if (STYLE.has(name)) return 'style';
  if (LAYOUT.has(name)) return 'layout';
  if (PAINT.has(name)) return 'paint';
  return 'other';
}

/**
 * The main thread's time per phase inside each user-timing measure whose name starts with `prefix`. Nested
 * events count once: a stretch of time belongs to the innermost event open then (a forced layout inside a
 * script counts as layout), clipped to the measure, so the phases of one measure add up to at most its length.
 */
export function breakdownByMeasure(events: readonly TraceEvent[], prefix: string): Breakdown[] {
  const measures = userMeasures(events, prefix);
  if (measures.length === 0) return [];
  // The measures' own thread is the renderer main thread that ran the page (CrRendererMain of that process).
  const pid = measures[0]!.pid;
  const tid = mainThreadOf(events, pid);
  const slices = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && (e.dur ?? 0) > 0)
    .map((e) => ({ name: e.name, start: e.ts, end: e.ts + e.dur! }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out = measures.map((m) => ({
    name: m.name,
    ms: (m.end - m.start) / 1000,
    phases: Object.fromEntries(phases.map((p) => [p, 0])) as Record<Phase, number>,
  }));
  // A sweep over the slices' edges: between two edges the innermost open slice owns the time.
  const edges: Array<{ t: number; open: boolean; slice: (typeof slices)[number] }> = [];
  for (const s of slices) {
    edges.push({ t: s.start, open: true, slice: s });
    edges.push({ t: s.end, open: false, slice: s });
  }
  edges.sort((a, b) => a.t - b.t || Number(a.open) - Number(b.open));
  const stack: Array<(typeof slices)[number]> = [];
  let last = edges[0]?.t ?? 0;
  const credit = (from: number, to: number) => {
    const top = stack[stack.length - 1];
    if (!top || to <= from) return;
    const phase = phaseOf(top.name);
    measures.forEach((m, i) => {
      const overlap = Math.min(to, m.end) - Math.max(from, m.start);
      if (overlap > 0) out[i]!.phases[phase] += overlap / 1000;
    });
  };
  for (const edge of edges) {
    credit(last, edge.t);
    last = edge.t;
    if (edge.open) stack.push(edge.slice);
    else {
      const at = stack.lastIndexOf(edge.slice);
      if (at >= 0) stack.splice(at, 1);
    }
  }
  return out.map((b) => ({
    ...b,
    ms: round(b.ms),
    phases: Object.fromEntries(phases.map((p) => [p, round(b.phases[p])])) as Record<Phase, number>,
  }));
}

function userMeasures(events: readonly TraceEvent[], prefix: string) {
  // A measure is an async pair ('b' then 'e') in blink.user_timing, matched by name and id.
  const open = new Map<string, TraceEvent>();
  const out: Array<{ name: string; pid: number; start: number; end: number }> = [];
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    if (!e.cat.includes('blink.user_timing') || !e.name.startsWith(prefix)) continue;
    const key = `${e.name}|${e.id ?? e.id2?.local ?? e.id2?.global ?? ''}`;
    if (e.ph === 'b') open.set(key, e);
    else if (e.ph === 'e') {
      const b = open.get(key);
      if (!b) continue;
      open.delete(key);
      out.push({ name: e.name, pid: b.pid, start: b.ts, end: e.ts });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function mainThreadOf(events: readonly TraceEvent[], pid: number): number {
  const named = events.find(
    (e) =>
      e.ph === 'M' &&
      e.pid === pid &&
      e.name === 'thread_name' &&
      (e.args as { name?: unknown } | undefined)?.name === 'CrRendererMain',
  );
  if (!named) throw new Error(`no CrRendererMain thread in process ${pid} of the trace`);
  return named.tid;
}

const round = (x: number) => Math.round(x * 10) / 10;
