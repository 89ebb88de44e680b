import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { check, resolveConfig } from 'prettier';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BENCH_END,
  BENCH_START,
  benchMarkdown,
  replaceBenchRegion,
  writeBenchDoc,
  type BenchRun,
} from './docs-report';

/** A run's results as run.ts collects them (figures from a real --quick run). */
const sampleRun: BenchRun = {
  quick: true,
  generatedAt: '2026-11-25T09:20:47.467Z',
  machine: {
    nproc: 2,
    loadStart: [8.81, 8.48, 9.3],
    loadEnd: [9.12, 8.6, 9.21],
    description: '2 × AMD EPYC, 24 GiB, linux 6.18.44, Node v20.20.2',
  },
  latencyMs: 50,
  listing: [
    {
      owners: 1,
      locksPerOwner: 10,
      latencyMs: 50,
      oursMs: 105.9,
      baselineMs: 104.9,
      lowerBoundMs: 102.2,
      firstAccountMs: 105.9,
      baselineFirstAccountMs: 104.8,
      rememberedMs: 60,
      rememberedFirstAccountMs: 55,
    },
    {
      owners: 50,
      locksPerOwner: 10,
      latencyMs: 50,
      oursMs: 182.5,
      baselineMs: 2661.3,
      lowerBoundMs: 127.4,
      firstAccountMs: 106.1,
      baselineFirstAccountMs: 106.5,
      rememberedMs: 60,
      rememberedFirstAccountMs: 55,
    },
  ],
  refresh: {
    concurrentCalls: 100,
    tokenRequests: 1,
    addedMs: 35.2,
    validTokenMs: 161.5,
    expiredTokenMs: 196.7,
  },
  renderer: [
    {
      locks: 10000,
      firstRenderMs: 125.4,
      firstRenderSeenMs: 140.1,
      keystrokeMedianMs: 1.4,
      keystrokeP95Ms: 10.7,
      keystrokePaintedMedianMs: 9.1,
      keystrokePaintedP95Ms: 17.2,
      keystrokeTrace: null,
      sortMs: { Status: 1.4, 'Lock ID': 2.6, Title: 2.7 },
      heapMB: 10.1,
      bundleGzipKB: 110.4,
    },
  ],
  startToRows: {
    owners: 5,
    locksPerOwner: 2000,
    latencyMs: 50,
    firstRowsMs: 240,
    allRowsMs: 420,
    samples: [240],
    bridgeMs: 30,
    snapshot: false,
    liveLoadAfterRowsMs: null,
    requestsBeforeLiveLoad: null,
    snapshotReadMs: null,
    snapshotBytes: null,
    stages: { pageReadyMs: 110, askedMs: 130, answeredMs: 200 },
  },
  startToRowsFromSnapshot: {
    owners: 5,
    locksPerOwner: 2000,
    latencyMs: 50,
    firstRowsMs: 120,
    allRowsMs: 450,
    samples: [120],
    bridgeMs: 30,
    snapshot: true,
    liveLoadAfterRowsMs: 2,
    requestsBeforeLiveLoad: 0,
    snapshotReadMs: 8,
    snapshotBytes: 4_700_000,
    stages: { pageReadyMs: 100, askedMs: 60, answeredMs: 95 },
  },
  reconcile: {
    owners: 50,
    locksPerOwner: 2000,
    changedPerOwner: 30,
    overSnapshotMs: 40,
    overEmptyMs: 12,
    reconcileMs: 28,
  },
  main: { owners: 50, locksPerOwner: 10, heapMB: 1.3, bytesPerLock: 2662 },
  access: {
    latencyMs: 50,
    firstPageColdMs: 56,
    firstPageWarmMs: 56,
    cli: [
      {
        entries: 10000,
        ours: { wallMs: 500, cpuMs: 420, peakRssMB: 110.6, rows: 10000 },
        addon: { wallMs: 270, cpuMs: 190, peakRssMB: 97.2, rows: 7700 },
      },
    ],
    oursCapped: { wallMs: 610, cpuMs: 770, peakRssMB: 114.4, rows: 10000 },
    activityRender: { clickToFirstRowMs: 128, bridgeMs: 83 },
  },
  writes: [
    {
      label: 'give one person 200 locks',
      idealRequests: 200,
      idealMs: 1300,
      previewMs: 400,
      previewRequests: 4,
      sendMs: 1500,
      sendWrites: 200,
      sendReads: 3,
      allDone: true,
    },
  ],
};

const doc = (region: string) =>
  `# Benchmarks\n\nHow to run them.\n\n${BENCH_START}\n${region}\n${BENCH_END}\n\n## What the rows mean\n\nKept.\n`;

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('the bench run writes its tables into docs/benchmarks.md', () => {
  it('states the date, the mode and the machine (nproc, load) beside the tables', () => {
    const md = benchMarkdown(sampleRun);
    expect(md).toContain('2026-11-25');
    expect(md).toContain('mode **quick**');
    expect(md).toContain('`nproc` 2');
    expect(md).toContain(
      'load average 8.81, 8.48, 9.30 at the start and 9.12, 8.60, 9.21 at the end',
    );
    expect(md).toContain('npm run bench -- --quick');
    expect(benchMarkdown({ ...sampleRun, quick: false })).toContain('mode **full**');
  });

  it("puts every row of every benchmark in a table, with the ratios against the same run's baseline", () => {
    const md = benchMarkdown(sampleRun);
    expect(md).toContain('| 50 × 10 | 182.5 | 106.1 | 2661.3 | 106.5 | 14.58× | 1.00× | 1.43× |');
    expect(md).toContain('| 1 × 10 | 105.9 | 105.9 | 104.9 | 104.8 | 0.99× | 0.99× | 1.04× |');
    expect(md).toContain('| 100 | 1 | 161.5 | 196.7 | 35.2 |');
    expect(md).toContain('| 10000 | 125.4 | 1.4 | 10.7 | 17.2 | 2.7 | 10.1 |');
    expect(md).toContain('| 50 × 10 | 1.3 | 2662 |');
    expect(md).toContain('| 10000 entries | 500 | 420 | 110.6 | 10000 | 270 | 190 | 97.2 | 7700 |');
    expect(md).toContain(
      '| 10000 entries, ours with a 24 MB old space | 610 | 770 | 114.4 | 10000 |',
    );
    expect(md).toContain(
      '| give one person 200 locks | 400 | 4 | 1500 | 200 | 200 | 3 | 1300 | 1.15× | yes |',
    );
  });

  it('replaces only the marked region, and a second run replaces the first', () => {
    const once = replaceBenchRegion(doc('old tables'), 'first run');
    expect(once).not.toContain('old tables');
    expect(once).toContain(`${BENCH_START}\n\nfirst run\n\n${BENCH_END}`);
    const twice = replaceBenchRegion(once, 'second run');
    expect(twice).not.toContain('first run');
    expect(twice).toBe(doc('').replace(`${BENCH_START}\n\n`, `${BENCH_START}\n\nsecond run\n\n`));
    expect(twice.startsWith('# Benchmarks\n\nHow to run them.\n\n')).toBe(true);
    expect(twice.endsWith(`${BENCH_END}\n\n## What the rows mean\n\nKept.\n`)).toBe(true);
  });

  it('refuses a document without the markers, with them reversed, or with two regions', () => {
    expect(() => replaceBenchRegion('# Benchmarks\n', 'x')).toThrow(/no <!-- bench:start -->/);
    expect(() => replaceBenchRegion(`${BENCH_END}\n${BENCH_START}\n`, 'x')).toThrow(/no/);
    expect(() => replaceBenchRegion(`${doc('a')}${doc('b')}`, 'x')).toThrow(/more than one/);
  });

  it('writes the file formatted as Prettier formats the repository, so the check stays green', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bench-doc-'));
    const file = path.join(dir, 'benchmarks.md');
    writeFileSync(file, doc('old tables'));
    await writeBenchDoc(file, sampleRun);
    const written = readFileSync(file, 'utf8');
    expect(written).toContain('## What the rows mean\n\nKept.\n');
    expect(written).not.toContain('old tables');
    expect(written).toMatch(/\| 50 × 10 +\| 182\.5 +\|/);
    const options = (await resolveConfig(path.resolve('docs/benchmarks.md'))) ?? {};
    expect(await check(written, { ...options, filepath: file })).toBe(true);
  });

  it('keeps docs/benchmarks.md writable by the bench: exactly one marked region', () => {
    const real = readFileSync(path.resolve(import.meta.dirname, '../docs/benchmarks.md'), 'utf8');
    expect(() => replaceBenchRegion(real, 'x')).not.toThrow();
  });
});
