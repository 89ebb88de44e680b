// The test layers, one vitest project each, chosen by file name (test/layers.test.ts enforces the rules):
//
// unit         `*.test.ts`: in-process Node code; no D-Bus, sandbox server, browser or child process.
// components   `*.test.tsx`: React components on happy-dom (src/renderer); part of the unit layer.
// integration  `*.integration.test.ts`: the sandbox's servers, the real keychain, Chromium, child processes.
// journeys     `e2e/**/*.spec.ts`: Playwright, outside vitest (playwright.config.ts).
//
// `npm run test:unit` runs unit + components on any machine, in seconds; `npm test` runs all of them, the
// integration project and the journeys inside a private D-Bus session with a throwaway keyring (scripts/test.mjs).
import { configDefaults, defineConfig } from 'vitest/config';

const roots = '{src,test,sandbox,scripts,bench}';

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    restoreMocks: true,
    unstubEnvs: true,
    unstubGlobals: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [`${roots}/**/*.test.ts`],
          exclude: [...configDefaults.exclude, '**/*.integration.test.ts'],
          environment: 'node',
          // Pure tests share their worker's module cache: per-file isolation would triple the layer's time for
          // nothing, since no unit test touches process-wide state (stubs are undone after each test).
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'components',
          include: ['src/renderer/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['test/support/component-setup.ts'],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [`${roots}/**/*.integration.test.ts`],
          environment: 'node',
          // Keychain tests need a Secret Service: stop at once, with the way out, rather than hang on a prompt.
          globalSetup: ['scripts/vitest-keyring-guard.ts'],
          // Keychain tests share one Secret Service; sandbox servers bind ephemeral ports, so files may run in parallel.
          fileParallelism: true,
        },
      },
    ],
  },
});
