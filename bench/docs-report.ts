// The benchmark tables in docs/benchmarks.md are the bench run's own output: `npm run bench` renders its results
// as Markdown and replaces the region between the two markers, so the figures there are never typed by hand.
import { readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import type { AccessBenchResult, ProcessFigures } from './access';
import type { ListingResult } from './listing';
import type { RefreshResult } from './refresh-load';
import type { RendererResult } from './renderer/renderer-bench';
import type { ReconcileCostResult } from './renderer/reconcile-cost';
import type { StartToRowsResult } from './renderer/start-to-rows';
import type { WriteFigures } from './writes';

/** The region of docs/benchmarks.md that the bench run owns. */
export const BENCH_START = '<!-- bench:start -->';
export const BENCH_END = '<!-- bench:end -->';

/** The machine a run measured on, as the tables' header states it. */
export interface BenchMachine {
  /** os.cpus().length: the cores the run shared with whatever else was running. */
  nproc: number;
  /** os.loadavg() at the start and at the end of the run (1, 5 and 15 minutes). */
  loadStart: readonly number[];
  loadEnd: readonly number[];
  /** CPU model, memory, OS and Node, as run.ts prints it. */
  description: string;
}

/** Everything one bench run measured, and how it ran. */
export interface BenchRun {
  quick: boolean;
  /** When the run finished (ISO 8601). */
  generatedAt: string;
  machine: BenchMachine;
  latencyMs: number;
  listing: ListingResult[];
  refresh: RefreshResult;
  renderer: RendererResult[];
  startToRows: StartToRowsResult;
  /** The same start from the encrypted last-known snapshot. */
  startToRowsFromSnapshot: StartToRowsResult;
  reconcile: ReconcileCostResult;
  main: { owners: number; locksPerOwner: number; heapMB: number; bytesPerLock: number };
  access: AccessBenchResult & { activityRender: { clickToFirstRowMs: number; bridgeMs: number } };
  writes: WriteFigures[];
}

const ratio = (x: number) => `${x.toFixed(2)}×`;

/** The start from the snapshot beside the start without one, and the reconcile's cost. */
function snapshotSentence(run: BenchRun): string {
  const s = run.startToRowsFromSnapshot;
  const r = run.reconcile;
  return (
    `From the encrypted snapshot (same run, ${s.owners} × ${s.locksPerOwner}): first rows median ${s.firstRowsMs} ms ` +
    `(${ratio(run.startToRows.firstRowsMs / s.firstRowsMs)} faster; target ≤ 150 ms); the live load's first call ` +
    `${s.liveLoadAfterRowsMs} ms after the rows were painted, ${s.requestsBeforeLiveLoad} API requests before it; ` +
    `\`snapshot:get\` ${s.snapshotReadMs} ms of a ${((s.snapshotBytes ?? 0) / 1e6).toFixed(1)} MB file; ${stagesText(s)}; every account ` +
    `live in ${s.allRowsMs} ms. Reconcile (${r.owners} × ${r.locksPerOwner}, ${r.changedPerOwner} changes an ` +
    `account): ${r.overSnapshotMs} ms over the snapshot's screen vs ${r.overEmptyMs} ms over an empty one, ` +
    `${r.reconcileMs} ms added.`
  );
}
/** Where a start's first rows spent their time, from navigation start. */
export const stagesText = (s: StartToRowsResult) =>
  `page script run ${s.stages.pageReadyMs} ms, rows asked for at ${s.stages.askedMs} ms, answer parsed in the page ` +
  `at ${s.stages.answeredMs} ms, rows painted at ${s.firstRowsMs} ms`;
const loads = (l: readonly number[]) => l.map((x) => x.toFixed(2)).join(', ');

function table(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>) {
  const line = (cells: ReadonlyArray<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const processCells = (f: ProcessFigures) => [f.wallMs, f.cpuMs, f.peakRssMB, f.rows];

/** The run's tables as Markdown (unformatted; writeBenchDoc formats it with the repository's Prettier settings). */
export function benchMarkdown(run: BenchRun): string {
  const m = run.machine;
  const parts: string[] = [
    `Written by \`npm run bench${run.quick ? ' -- --quick' : ''}\` on ${run.generatedAt.slice(0, 10)} ` +
      `(${run.generatedAt}), mode **${run.quick ? 'quick' : 'full'}**, API latency L = ${run.latencyMs} ms. ` +
      `Machine: \`nproc\` ${m.nproc}, load average ${loads(m.loadStart)} at the start and ${loads(m.loadEnd)} ` +
      `at the end (1, 5, 15 min); ${m.description}.`,
    '### Listing',
    table(
      [
        'N owners × M locks',
        'ours ms',
        'first account ms',
        'baseline ms',
        'baseline first ms',
        'baseline / ours',
        'first: baseline / ours',
        'ours / lower bound',
        'account remembered: ours ms',
        'first account ms',
        'baseline / ours',
        'first: baseline / ours',
      ],
      run.listing.map((r) => [
        `${r.owners} × ${r.locksPerOwner}`,
        r.oursMs,
        r.firstAccountMs,
        r.baselineMs,
        r.baselineFirstAccountMs,
        ratio(r.baselineMs / r.oursMs),
        ratio(r.baselineFirstAccountMs / r.firstAccountMs),
        ratio(r.oursMs / r.lowerBoundMs),
        r.rememberedMs,
        r.rememberedFirstAccountMs,
        ratio(r.baselineMs / r.rememberedMs),
        ratio(r.baselineFirstAccountMs / r.rememberedFirstAccountMs),
      ]),
    ),
    '### Refresh under load',
    table(
      ['concurrent calls', 'token requests', 'valid token ms', 'expired token ms', 'added ms'],
      [
        [
          run.refresh.concurrentCalls,
          run.refresh.tokenRequests,
          run.refresh.validTokenMs,
          run.refresh.expiredTokenMs,
          run.refresh.addedMs,
        ],
      ],
    ),
    '### Renderer',
    table(
      [
        'locks',
        'first render ms',
        'keystroke median ms',
        'keystroke p95 ms',
        'keystroke → drawn p95 ms',
        'slowest sort ms',
        'JS heap MB',
      ],
      run.renderer.map((r) => [
        r.locks,
        r.firstRenderMs,
        r.keystrokeMedianMs ?? '—',
        r.keystrokeP95Ms ?? '—',
        r.keystrokePaintedP95Ms ?? '—',
        r.sortMs ? Math.max(...Object.values(r.sortMs)) : '—',
        r.heapMB,
      ]),
    ),
    `Renderer JavaScript: ${run.renderer[0]?.bundleGzipKB ?? '—'} KB gzipped. Start → first rows (real core, ` +
      `${run.startToRows.owners} × ${run.startToRows.locksPerOwner}): median ${run.startToRows.firstRowsMs} ms, ` +
      `every account in ${run.startToRows.allRowsMs} ms (${stagesText(run.startToRows)}); the benchmark's bridge adds ${run.startToRows.bridgeMs} ms.`,
    snapshotSentence(run),
    '### Main process',
    table(
      ['owners × locks', 'JS heap MB', 'bytes a lock'],
      [[`${run.main.owners} × ${run.main.locksPerOwner}`, run.main.heapMB, run.main.bytesPerLock]],
    ),
    '### Access',
    `First Activity page with names resolved: ${run.access.firstPageColdMs} ms cold, ` +
      `${run.access.firstPageWarmMs} ms with contacts cached. Click on Activity → first rows painted: median ` +
      `${run.access.activityRender.clickToFirstRowMs} ms, of which one page through the bridge alone ` +
      `${run.access.activityRender.bridgeMs} ms.`,
    table(
      [
        '`logs --csv`, one lock',
        'ours: wall ms',
        'CPU ms',
        'peak RSS MB',
        'rows',
        'add-on: wall ms',
        'CPU ms',
        'peak RSS MB',
        'rows',
      ],
      [
        ...run.access.cli.map((c) => [
          `${c.entries} entries`,
          ...processCells(c.ours),
          ...processCells(c.addon),
        ]),
        ...(run.access.oursCapped
          ? [
              [
                `${run.access.cli.at(-1)?.entries ?? '?'} entries, ours with a 24 MB old space`,
                ...processCells(run.access.oursCapped),
                '—',
                '—',
                '—',
                '—',
              ],
            ]
          : []),
      ],
    ),
    '### Writes',
    table(
      [
        'change',
        'preview ms',
        'preview reads',
        'send ms',
        'writes',
        'ideal writes',
        'reads after',
        'ideal ms',
        'send / ideal',
        'all done',
      ],
      run.writes.map((w) => [
        w.label,
        w.previewMs,
        w.previewRequests,
        w.sendMs,
        w.sendWrites,
        w.idealRequests,
        w.sendReads,
        w.idealMs,
        ratio(w.sendMs / w.idealMs),
        w.allDone ? 'yes' : '**no**',
      ]),
    ),
  ];
  return parts.join('\n\n');
}

/** `doc` with the text between BENCH_START and BENCH_END replaced by `body`; the rest is kept byte for byte. */
export function replaceBenchRegion(doc: string, body: string): string {
  const start = doc.indexOf(BENCH_START);
  const end = doc.indexOf(BENCH_END);
  if (start < 0 || end < 0 || end < start)
    throw new Error(`the document has no ${BENCH_START} … ${BENCH_END} region`);
  if (doc.indexOf(BENCH_START, start + 1) >= 0 || doc.indexOf(BENCH_END, end + 1) >= 0)
    throw new Error('the document has more than one bench region');
  return `${doc.slice(0, start + BENCH_START.length)}\n\n${body.trim()}\n\n${doc.slice(end)}`;
}

/** Writes the run's tables into `file`'s bench region, formatted as Prettier formats the repository's Markdown. */
export async function writeBenchDoc(file: string, run: BenchRun): Promise<void> {
  const replaced = replaceBenchRegion(readFileSync(file, 'utf8'), benchMarkdown(run));
  const options = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(replaced, { ...options, filepath: file }));
}
