import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/support/chromium';

export default defineConfig({
  testDir: 'e2e',
  // Specs run the real main-process core (got, keytar): resolve them as node-side code, never with the renderer's stubs.
  tsconfig: './tsconfig.e2e.json',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    // A CI run is one process; locally several runs may share test-results, where traces of one can vanish under another.
    trace: process.env.CI ? 'off' : 'retain-on-failure',
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [
    { name: 'browser', testIgnore: '**/electron/**' },
    // Runs the packaged-style app in the real Electron runtime; scripts/test.mjs selects it only when a binary exists.
    { name: 'electron', testMatch: 'electron/**/*.spec.ts', use: { trace: 'off' } },
  ],
});
