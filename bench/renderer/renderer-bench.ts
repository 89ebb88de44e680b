import { chromium, type Browser, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromiumLaunchOptions } from '../../test/support/chromium';
import { pageScript, serveRenderer } from '../../test/support/renderer-server';
import { RENDERER_CSP } from '../../src/main/windows/app-protocol';
import type { KeystrokeTime } from './keystroke-time';
import {
  breakdownByMeasure,
  phases,
  type Breakdown,
  type Phase,
  type TraceEvent,
} from './trace-breakdown';

export interface RendererResult {
  locks: number;
  /** First data request → every account's locks in and rows painted, observed inside the page. */
  firstRenderMs: number;
  /** The same as the harness sees it (its polling and round trips included): how earlier runs measured it. */
  firstRenderSeenMs: number;
  /**
   * A search keystroke, one a frame as a person types: input event → the results for that query committed to
   * the DOM (median, p95).
   */
  keystrokeMedianMs: number | null;
  keystrokeP95Ms: number | null;
  /** The same keystrokes until the frame showing their results was drawn (median, p95). */
  keystrokePaintedMedianMs: number | null;
  keystrokePaintedP95Ms: number | null;
  /**
   * Where keystroke time goes, from a second run of the same keystrokes under Chromium's performance trace
   * (tracing slows script, so these run longer than the figures above): the mean per keystroke by phase, and
   * the slowest keystrokes one by one.
   */
  keystrokeTrace: {
    meanMs: number;
    meanPhasesMs: Record<Phase, number>;
    slowest: Breakdown[];
  } | null;
  /** Per column: click on its header → the table sorted by it committed, with every lock shown ("All accounts"). */
  sortMs: Record<string, number> | null;
  heapMB: number;
  bundleGzipKB: number;
}

const root = path.resolve(import.meta.dirname, '..', '..');
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const round = (x: number) => Math.round(x * 10) / 10;

/** The renderer's JavaScript as shipped, gzipped. */
function rendererBundleGzipKB(): number {
  const dir = path.join(root, 'dist/renderer/assets');
  const bytes = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .reduce((n, f) => n + gzipSync(readFileSync(path.join(dir, f)), { level: 9 }).length, 0);
  return round(bytes / 1024);
}

/**
 * Loads the built renderer in Chromium with `owners × locks` locks served from inside the page, and measures
 * time to first render, search keystroke latency (input → results committed and painted) and JS heap.
 */
export async function benchRenderer(
  owners: number,
  locks: number,
  keystrokes: number,
  sorting = keystrokes > 0,
): Promise<RendererResult> {
  const source = pageScript(path.join(root, 'bench/renderer/page-source.ts'));
  // BENCH_RENDERER_DIR: another build of the renderer (e.g. an older commit's) to compare on the same machine.
  const server = await serveRenderer(
    process.env.BENCH_RENDERER_DIR ?? path.join(root, 'dist/renderer'),
    RENDERER_CSP,
  );
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript({
      content: `window.__benchConfig = ${JSON.stringify({ owners, locks })};\n${source}`,
    });
    await page.goto(server.url);
    // First render: from the renderer's first data request until every account's locks are in and rows are
    // painted, as the page itself saw it (see page-source.ts); and as the harness sees it.
    await page.getByTestId('lock-row').first().waitFor({ timeout: 120_000 });
    await page
      .locator('[data-testid="last-updated"][data-settled="true"]')
      .waitFor({ timeout: 120_000 });
    const firstRenderSeenMs = await page.evaluate(() =>
      (
        globalThis as unknown as { __benchFirstRenderSeen(): Promise<number> }
      ).__benchFirstRenderSeen(),
    );
    const firstRenderMs = await page.evaluate(() =>
      (globalThis as unknown as { __benchFirstRender(): Promise<number> }).__benchFirstRender(),
    );

    let keystrokeMedianMs: number | null = null;
    let keystrokeP95Ms: number | null = null;
    let keystrokePaintedMedianMs: number | null = null;
    let keystrokePaintedP95Ms: number | null = null;
    let keystrokeTrace: RendererResult['keystrokeTrace'] = null;
    if (keystrokes > 0) {
      // The measuring loop lives in the page bundle: functions passed to page.evaluate from tsx get helpers the page lacks.
      const times = await page.evaluate(
        (count) =>
          (
            globalThis as unknown as { __benchKeystrokes(n: number): Promise<KeystrokeTime[]> }
          ).__benchKeystrokes(count),
        keystrokes,
      );
      const committed = times.map((t) => t.committed);
      const painted = times.map((t) => t.painted);
      keystrokeMedianMs = round(percentile(committed, 50));
      keystrokeP95Ms = round(percentile(committed, 95));
      keystrokePaintedMedianMs = round(percentile(painted, 50));
      keystrokePaintedP95Ms = round(percentile(painted, 95));
      keystrokeTrace = await traceKeystrokes(browser, page, keystrokes);
    }

    let sortMs: Record<string, number> | null = null;
    if (sorting) {
      await page.locator('#lock-search').fill('');
      await page.getByTestId('account-locks').waitFor();
      const times = await page.evaluate(() =>
        (
          globalThis as unknown as { __benchSort(): Promise<Array<{ column: string; ms: number }>> }
        ).__benchSort(),
      );
      sortMs = Object.fromEntries(times.map((t) => [t.column, round(t.ms)]));
    }

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return {
      locks: owners * locks,
      firstRenderMs: round(firstRenderMs),
      firstRenderSeenMs: round(firstRenderSeenMs),
      keystrokeMedianMs,
      keystrokeP95Ms,
      keystrokePaintedMedianMs,
      keystrokePaintedP95Ms,
      keystrokeTrace,
      sortMs,
      heapMB: round(usedSize / 2 ** 20),
      bundleGzipKB: rendererBundleGzipKB(),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** How many of the slowest traced keystrokes the result lists one by one. */
const SLOWEST = 6;

/** Types the keystrokes again under Chromium's performance trace and splits each one's time by phase. */
async function traceKeystrokes(
  browser: Browser,
  page: Page,
  keystrokes: number,
): Promise<NonNullable<RendererResult['keystrokeTrace']>> {
  // The timeline categories DevTools records: main-thread tasks, style, layout, paint, and the user-timing
  // measure the page puts around each keystroke.
  await browser.startTracing(page, {
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'blink.user_timing',
      'v8.execute',
    ],
  });
  await page.evaluate(
    (count) =>
      (
        globalThis as unknown as { __benchKeystrokes(n: number): Promise<number[]> }
      ).__benchKeystrokes(count),
    keystrokes,
  );
  const trace = JSON.parse((await browser.stopTracing()).toString()) as {
    traceEvents: TraceEvent[];
  };
  const all = breakdownByMeasure(trace.traceEvents, 'keystroke ');
  if (all.length !== keystrokes)
    throw new Error(`the trace holds ${all.length} of ${keystrokes} keystrokes`);
  const mean = (f: (b: Breakdown) => number) =>
    round(all.reduce((n, b) => n + f(b), 0) / all.length);
  return {
    meanMs: mean((b) => b.ms),
    meanPhasesMs: Object.fromEntries(phases.map((p) => [p, mean((b) => b.phases[p])])) as Record<
      Phase,
      number
    >,
    slowest: [...all].sort((a, b) => b.ms - a.ms).slice(0, SLOWEST),
  };
}
