// Playwright's `test` with a browser journey as a fixture: `startJourney(options)` starts the real core and opens
// the renderer on this test's page; whatever a test started is closed after it, pass or fail.
import { test as base } from '@playwright/test';
import { startBrowseJourney, type BrowseJourney } from './browse-journey';
import type { RealCoreOptions } from './real-core';

export { expect } from '@playwright/test';

/** `test` for browser journeys, with the `startJourney` fixture. */
export const test = base.extend<{
  startJourney: (options?: RealCoreOptions) => Promise<BrowseJourney>;
}>({
  startJourney: async ({ page }, use) => {
    const started: BrowseJourney[] = [];
    await use(async (options) => {
      const journey = await startBrowseJourney(page, options);
      started.push(journey);
      return journey;
    });
    for (const journey of started) await journey.close();
  },
});
