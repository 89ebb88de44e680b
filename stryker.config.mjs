// Mutation testing of the security modules: `npm run mutate` (scripts/mutate.mjs), not part of `npm test`.
// Keychain tests are among the killers, so the run needs a private Secret Service; scripts/mutate.mjs
// provides one exactly as scripts/test.mjs does. The machine budget is small: perTest coverage runs only
// the tests that reach a mutant, `related` limits the dry run to test files importing the mutated code,
// and incremental mode re-tests only mutants whose code or tests changed since the last report.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutate.config.ts', related: true },
  mutate: [
    'src/main/auth/**/*.ts',
    'src/main/log.ts',
    // The hardening's security logic: the capped owner-only log file, settings tidied once, ids safe in URL paths.
    'src/main/log-file.ts',
    'src/shared/settings-tidy.ts',
    'src/shared/tapkey-id.ts',
    'src/shared/settings-validation.ts',
    'src/main/tapkey/schemas.ts',
    'src/main/secrets/**/*.ts',
    // The Tapkey API's HTTP layer and the bounded body reader: deadlines, retries, caps, the write path's outcomes.
    'src/main/tapkey/http/*.ts',
    'src/main/net/bounded-body.ts',
    // Managing access: previews, the undo queue, sending with look-ups, progress, the journal and its export.
    'src/main/tapkey/writes/**/*.ts',
    'src/main/tapkey/resources/access-writes.ts',
    'src/main/export/journal-csv.ts',
    'src/shared/weekly-schedule.ts',
    '!src/**/*.test.ts',
    '!src/**/*.fixture.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  // A shared, busy machine: leave room before calling a slow mutant a timeout.
  timeoutMS: 10_000,
  dryRunTimeoutMinutes: 20,
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  clearTextReporter: {
    allowColor: false,
    logTests: false,
    reportScoreTable: true,
    reportMutants: true,
  },
  ignorePatterns: ['/release', '/test-results', '/playwright-report', '/bench/results'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
