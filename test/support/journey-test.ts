// Playwright's `test` with a browser journey as a fixture: `startJourney(options)` starts the real core and opens
// the renderer on this test's page; `signedIn(options)` does the same and signs in as alice, as most journeys begin.
// Whatever a test started is closed after it, pass or fail.
import { test as base } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBrowseJourney, type BrowseJourney } from './browse-journey';
import { pageText, type RealCoreOptions } from './real-core';

export { expect } from '@playwright/test';

/** Where a journey's exports go: a fresh folder, removed after the test. */
interface Exports {
  /** The save dialog at the Electron boundary, answering with the suggested name in that folder. */
  saveDialog: NonNullable<RealCoreOptions['saveDialog']>;
  /** The text of the one file exported there. */
  read(): string;
}

/** `test` for browser journeys, with the `startJourney`, `signedIn` and `exports` fixtures. */
export const test = base.extend<{
  startJourney: (options?: RealCoreOptions) => Promise<BrowseJourney>;
  signedIn: (options?: RealCoreOptions) => Promise<BrowseJourney>;
  exports: Exports;
}>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  exports: async ({}, use) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tapkey-export-'));
    await use({
      saveDialog: async (request) => path.join(dir, request.defaultPath),
      read() {
        const files = readdirSync(dir);
        if (files.length !== 1)
          throw new Error(`expected one exported file, found ${files.length}`);
        return readFileSync(path.join(dir, files[0]!), 'utf8');
      },
    });
    rmSync(dir, { recursive: true, force: true });
  },
  startJourney: async ({ page }, use, testInfo) => {
    const started: BrowseJourney[] = [];
    await use(async (options) => {
      const journey = await startBrowseJourney(page, options);
      started.push(journey);
      return journey;
    });
    // A failed journey prints what the core logged (redacted by its logger) and what the window showed: a CI run
    // keeps no trace, and a stall that ends as a bare timeout has nothing else to go on.
    if (testInfo.status !== testInfo.expectedStatus && started.length) {
      const logs = started.map((j) => j.rc.log.lines.slice(-40).join('\n'));
      process.stderr.write(
        `--- ${testInfo.title}: the window showed:\n${await pageText(page, 2_000)}\n` +
          `--- its core logged (last 40 lines):\n${logs.join('\n--- the next core:\n')}\n---\n`,
      );
    }
    for (const journey of started) await journey.close();
  },
  signedIn: async ({ startJourney }, use) => {
    await use(async (options) => {
      const journey = await startJourney(options);
      await journey.signIn('alice');
      return journey;
    });
  },
});
