// Time from the renderer's start to the first rows on screen, over the real core: a sandbox at API latency L,
// a signed-in core (the session resumed, as after a restart; it lives in a memory keychain), the real API client
// and the built renderer in Chromium. Without a snapshot every row waits for Tapkey's answers; with one, the
// rows come from the encrypted last-known snapshot and the live load reconciles them.
import { chromium } from '@playwright/test';
import { statSync } from 'node:fs';
import path from 'node:path';
import { chromiumLaunchOptions } from '../../test/support/chromium';
import { openApp } from '../../test/support/harness';
import { memoryKeychain } from '../../test/support/memory-keychain';
import { startRealCore, type RealCore } from '../../test/support/real-core';
import { SNAPSHOT_FILE_NAME } from '../../src/main/snapshot/profile-dir';
import { collectGarbage } from '../collect-garbage';

export interface StartToRowsResult {
  owners: number;
  locksPerOwner: number;
  latencyMs: number;
  /** Navigation start → the first lock rows painted (the account on screen loads first). */
  firstRowsMs: number;
  /** Navigation start → every account's locks in (the freshness line settled) and painted. */
  allRowsMs: number;
  samples: number[];
  /**
   * What the harness's bridge (a Playwright binding carrying JSON text, not Electron's IPC) adds for the first
   * account's page: the page's own request through it minus the same request made to the core directly.
   */
  bridgeMs: number;
  /** Started from the last-known snapshot (written by a complete load before the runs). */
  snapshot: boolean;
  /**
   * With a snapshot: how long after the first rows were painted the live load made its first call to the core
   * (median, wall clock; positive: no network wait before the rows), and the API requests the sandbox had seen
   * by then in that start (target 0).
   */
  liveLoadAfterRowsMs: number | null;
  requestsBeforeLiveLoad: number | null;
  /** With a snapshot: `snapshot:get` alone, called on the core (read, decrypt, parse), median ms. */
  snapshotReadMs: number | null;
  /** With a snapshot: its file's size in bytes. */
  snapshotBytes: number | null;
  /**
   * Where the first rows' time goes (medians, ms from navigation start): the page's own start (its script run,
   * DOMContentLoaded), the first request for rows (`snapshot:get` with a snapshot, else the owner accounts), and
   * the first rows' answer parsed in the page (the snapshot, else the first account's locks).
   */
  stages: { pageReadyMs: number; askedMs: number; answeredMs: number };
}

// Read in the page once the rows are painted (a string: this file is type-checked without the DOM library).
const STAGES = `(() => {
  const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
  const snapshot = !Number.isNaN(at('tapkey:ask:snapshot:get'));
  return {
    pageReadyMs: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
    askedMs: at(snapshot ? 'tapkey:ask:snapshot:get' : 'tapkey:ask:tapkey:list-owner-accounts'),
    answeredMs: at(snapshot ? 'tapkey:answer:snapshot:get' : 'tapkey:answer:tapkey:list-bound-locks'),
  };
})()`;

// Runs in the page from its first script on (a string: this file is type-checked without the DOM library).
// Marks the frame after the first lock row exists, then the frame after the freshness line settles; a task
// queued from an animation frame callback runs once that frame is painted.
const MARKS = `window.__startMarks = new Promise((resolve) => {
  const marks = {};
  const painted = (name, done) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      marks[name] = performance.now();
      if (name === 'rows') marks.rowsWall = Date.now();
      done && done();
    };
    channel.port2.postMessage(null);
  });
  const observer = new MutationObserver(() => {
    if (marks.rows === undefined && !marks.rowsSeen && document.querySelector('[data-testid="lock-row"]')) {
      marks.rowsSeen = true;
      painted('rows');
    }
    if (marks.rowsSeen && document.querySelector('[data-testid="last-updated"][data-settled="true"]')) {
      observer.disconnect();
      painted('settled', () => requestAnimationFrame(() => resolve(marks)));
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
});`;

/** Median over `runs` starts of the renderer on a signed-in core (one unmeasured start first, to warm up). */
export async function benchStartToRows(
  owners: number,
  locksPerOwner: number,
  latencyMs: number,
  runs: number,
  options: { snapshot?: boolean } = {},
): Promise<StartToRowsResult> {
  const snapshot = options.snapshot ?? false;
  const browser = await chromium.launch(chromiumLaunchOptions());
  const rc = await startRealCore({
    owners,
    locks: locksPerOwner,
    seed: 'bench',
    keychain: memoryKeychain(),
    browser,
    snapshot,
  });
  try {
    const state = await rc.signIn('alice');
    if (state.status !== 'signed-in') throw new Error(`sign-in ended in ${JSON.stringify(state)}`);
    if (snapshot) await loadEverything(rc);
    rc.sandbox.faults.setLatency(latencyMs);
    const firsts: number[] = [];
    const alls: number[] = [];
    const liveAfterRows: number[] = [];
    let requestsBeforeLive = 0;
    let firstLiveCall: { at: number; apiRequests: number } | null = null;
    // Every request the window makes to Tapkey goes through these two handlers: note when the first one starts.
    for (const channel of ['tapkey:list-owner-accounts', 'tapkey:list-bound-locks'] as const) {
      const handler = rc.core.handlers[channel] as (...args: unknown[]) => Promise<unknown>;
      (rc.core.handlers as Record<string, unknown>)[channel] = (...args: unknown[]) => {
        firstLiveCall ??= { at: Date.now(), apiRequests: rc.sandbox.stats.apiRequests() };
        return handler(...args);
      };
    }
    let bridgeMs = 0;
    const stages: Array<StartToRowsResult['stages']> = [];
    for (let i = 0; i <= runs; i++) {
      // Each start finds the snapshot the previous one's live load wrote, complete, and no garbage of it: the
      // core, the sandbox and Playwright share this process, and a start that met a full collection of the
      // last start's 100,000 locks measured it (an answer 200 ms late in one run).
      await rc.core.snapshot.settled();
      collectGarbage();
      const requestsAtStart = rc.sandbox.stats.apiRequests();
      firstLiveCall = null;
      // The page's calls travel over HTTP (see OpenAppOptions), which the app's CSP would refuse.
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        bypassCSP: true,
      });
      const page = await context.newPage();
      await page.addInitScript({ content: MARKS });
      const app = await openApp(page, rc.core, rc.log.logger, { answers: 'http' });
      try {
        const marks = (await page.evaluate(
          '(() => Promise.race([window.__startMarks, new Promise((_, reject) => setTimeout(() => reject(new Error("the rows never came")), 120000))]))()',
        )) as { rows: number; rowsWall: number; settled: number };
        if (i === 0) {
          // The warm-up start also measures the bridge, on the account shown first.
          const { accounts } = await rc.core.handlers['tapkey:list-owner-accounts']();
          const id = accounts[0]!.id;
          const started = performance.now();
          await rc.core.handlers['tapkey:list-bound-locks'](id);
          const direct = performance.now() - started;
          const through = (await page.evaluate(
            `(async () => { const t = performance.now(); const r = await window.tapkey.listBoundLocks('${id}'); if (!r.ok) throw new Error(r.error.message); return performance.now() - t; })()`,
          )) as number;
          bridgeMs = Math.max(0, through - direct);
          continue;
        }
        firsts.push(marks.rows);
        stages.push((await page.evaluate(STAGES)) as StartToRowsResult['stages']);
        alls.push(marks.settled);
        const live = firstLiveCall as { at: number; apiRequests: number } | null;
        if (live) {
          liveAfterRows.push(live.at - marks.rowsWall);
          requestsBeforeLive = Math.max(requestsBeforeLive, live.apiRequests - requestsAtStart);
        }
      } finally {
        await context.close();
        await app.close();
      }
    }
    return {
      owners,
      locksPerOwner,
      latencyMs,
      firstRowsMs: round(median(firsts)),
      allRowsMs: round(median(alls)),
      samples: firsts.map(round),
      bridgeMs: round(bridgeMs),
      snapshot,
      liveLoadAfterRowsMs: snapshot && liveAfterRows.length ? round(median(liveAfterRows)) : null,
      requestsBeforeLiveLoad: snapshot ? requestsBeforeLive : null,
      ...(snapshot ? await snapshotFigures(rc) : { snapshotReadMs: null, snapshotBytes: null }),
      stages: {
        pageReadyMs: round(median(stages.map((x) => x.pageReadyMs))),
        askedMs: round(median(stages.map((x) => x.askedMs))),
        answeredMs: round(median(stages.map((x) => x.answeredMs))),
      },
    };
  } finally {
    await rc.close();
    await browser.close();
  }
}

/** What the window's first start does: every account's locks, so the core writes the snapshot. */
async function loadEverything(rc: RealCore): Promise<void> {
  const { accounts } = await rc.core.handlers['tapkey:list-owner-accounts']();
  await Promise.all(accounts.map((a) => rc.core.handlers['tapkey:list-bound-locks'](a.id)));
  await rc.core.snapshot.settled();
}

/** The snapshot's read on its own (median of 5) and its size on disk. */
async function snapshotFigures(
  rc: RealCore,
): Promise<{ snapshotReadMs: number; snapshotBytes: number }> {
  await rc.core.snapshot.settled();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    if (!(await rc.core.handlers['snapshot:get']())) throw new Error('no snapshot was written');
    times.push(performance.now() - t);
  }
  return {
    snapshotReadMs: round(median(times)),
    snapshotBytes: statSync(path.join(rc.profileDir, SNAPSHOT_FILE_NAME)).size,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;

if (import.meta.url === `file://${process.argv[1]}`) {
  const [owners = 50, locks = 2000, latency = 50, runs = 3] = process.argv
    .slice(2)
    .filter((a) => !a.startsWith('--'))
    .map(Number);
  const snapshot = process.argv.includes('--snapshot');
  console.log(JSON.stringify(await benchStartToRows(owners, locks, latency, runs, { snapshot })));
}
