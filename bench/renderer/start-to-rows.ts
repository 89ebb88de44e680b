// Time from the renderer's start to the first rows on screen, over the real core: a sandbox at API latency L,
// a signed-in core (the session resumed, as after a restart; it lives in a memory keychain), the real API client
// and the built renderer in Chromium. No last-known snapshot: every row waits for Tapkey's answers.
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../test/support/chromium';
import { openApp } from '../../test/support/harness';
import { memoryKeychain } from '../../test/support/memory-keychain';
import { startRealCore } from '../../test/support/real-core';

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
}

// Runs in the page from its first script on (a string: this file is type-checked without the DOM library).
// Marks the frame after the first lock row exists, then the frame after the freshness line settles; a task
// queued from an animation frame callback runs once that frame is painted.
const MARKS = `window.__startMarks = new Promise((resolve) => {
  const marks = {};
  const painted = (name, done) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { marks[name] = performance.now(); done && done(); };
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
): Promise<StartToRowsResult> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  const rc = await startRealCore({
    owners,
    locks: locksPerOwner,
    seed: 'bench',
    keychain: memoryKeychain(),
    browser,
  });
  try {
    const state = await rc.signIn('alice');
    if (state.status !== 'signed-in') throw new Error(`sign-in ended in ${JSON.stringify(state)}`);
    rc.sandbox.faults.setLatency(latencyMs);
    const firsts: number[] = [];
    const alls: number[] = [];
    let bridgeMs = 0;
    for (let i = 0; i <= runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.addInitScript({ content: MARKS });
      const app = await openApp(page, rc.core, rc.log.logger, { answersAsJson: true });
      try {
        const marks = (await page.evaluate(
          '(() => Promise.race([window.__startMarks, new Promise((_, reject) => setTimeout(() => reject(new Error("the rows never came")), 120000))]))()',
        )) as { rows: number; settled: number };
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
        alls.push(marks.settled);
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
    };
  } finally {
    await rc.close();
    await browser.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;

if (import.meta.url === `file://${process.argv[1]}`) {
  const [owners = 50, locks = 2000, latency = 50, runs = 3] = process.argv.slice(2).map(Number);
  console.log(JSON.stringify(await benchStartToRows(owners, locks, latency, runs)));
}
