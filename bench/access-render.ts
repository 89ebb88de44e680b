// Time from clicking the Activity tab to its first rows on screen, over the real core (real sandbox at API
// latency L, real sign-in, real API client, built renderer in Chromium); the session lives in a memory keychain.
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../test/support/chromium';
import { detailPane, lockTable, startBrowseJourney } from '../test/support/browse-journey';
import { memoryKeychain } from '../test/support/memory-keychain';

// Runs in the page (a string, since this file is type-checked without the DOM library): clicks the tab and
// resolves at the frame after the first Activity row exists.
const CLICK_TO_FIRST_ROW = `new Promise((resolve) => {
  const tab = [...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent === 'Activity');
  const start = performance.now();
  const observer = new MutationObserver(() => {
    if (document.querySelector('[data-testid="activity-row"]')) {
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - start));
    }
  });
  observer.observe(document.body, { childList: true, subtree: true });
  tab.click();
})`;

/** Median ms from the click on "Activity" to the first row painted (cold: names not yet cached), over `runs` opens. */
export async function benchActivityRender(
  latencyMs = 50,
  runs = 3,
): Promise<{ clickToFirstRowMs: number; samples: number[]; bridgeMs: number }> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  const samples: number[] = [];
  const bridge: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage();
      const journey = await startBrowseJourney(page, {
        owners: 1,
        locks: 2,
        logEntries: 2000,
        accessData: true,
        latencyMs,
        keychain: memoryKeychain(),
        browser,
      });
      try {
        await journey.signIn();
        const lock = journey.rc.sandbox.data.boundLocks(
          journey.rc.sandbox.users[0]!.ownerAccountIds[0]!,
        )[0]!;
        await lockTable(page).locator(`[data-id="${lock.id}"]`).click();
        const tab = detailPane(page).getByRole('tab', { name: 'Activity' });
        await tab.waitFor();
        // Measured inside the page: from the click to the frame after the first row exists.
        const ms = (await page.evaluate(CLICK_TO_FIRST_ROW)) as number;
        samples.push(Math.round(ms));
        // The same page through the bridge alone (harness IPC + core + API, names now cached), to split off render time.
        const owner = journey.rc.sandbox.users[0]!.ownerAccountIds[0]!;
        bridge.push(
          Math.round(
            (await page.evaluate(
              `(async () => { const t = performance.now(); await window.tapkey.listLogEntries('${owner}', '${lock.id}', {}); return performance.now() - t; })()`,
            )) as number,
          ),
        );
      } finally {
        await journey.close();
      }
    }
  } finally {
    await browser.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { clickToFirstRowMs: median(samples), samples, bridgeMs: median(bridge) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchActivityRender(
    Number(process.argv.find((a) => a.startsWith('--latency='))?.split('=')[1] ?? 50),
  );
  console.log(
    `Activity tab: click → first rows painted: median ${r.clickToFirstRowMs} ms (${r.samples.join(', ')}); one page through the bridge alone: ${r.bridgeMs} ms`,
  );
}
