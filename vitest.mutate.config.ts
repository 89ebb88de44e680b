// The vitest configuration Stryker uses (stryker.config.mjs): the project's own settings, as one flat project.
//
// 1. Tests run in child processes. Stryker's vitest runner forces `pool: 'threads'`, but keytar (libsecret/GLib)
//    crashes with SIGSEGV when a second worker thread of one process loads it (GLib registers its types once per
//    process). Forks give each test file its own process, as under `npm test` (stryker-mutator/stryker-js#6223).
// 2. By default only the security modules' own test files run, so each mutant is judged by the tests written for
//    its module: every mutant re-runs the tests that reach it, and the wider suites (the sign-in journeys with
//    Chromium and child processes, the CLI suites, the API client against the sandbox, the IPC and window suites)
//    take from seconds to minutes per mutant on a small machine. A mutant only they would kill is reported as
//    survived or not covered, never as killed. Unit and integration tests of those modules both count: the keychain
//    and the sandbox are among the killers, so `npm run mutate` provides the same private keyring as `npm test`.
//    TAPKEY_MUTATE_ALL_TESTS=1 runs every suite, for a machine with the hours that takes.
import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

const everySuite = process.env.TAPKEY_MUTATE_ALL_TESTS === '1';

// One flat project: the layers are a way to run the suite in parts, not a difference in how a test runs.
const { projects: _layers, ...shared } = base.test!;
export default mergeConfig(
  { test: shared },
  defineConfig({
    plugins: [
      {
        name: 'tapkey-locks:forks-for-native-modules',
        configureVitest({ vitest, project }) {
          vitest.config.pool = 'forks';
          project.config.pool = 'forks';
        },
      },
    ],
    test: {
      environment: 'node',
      globalSetup: ['scripts/vitest-keyring-guard.ts'],
      include: everySuite
        ? // Every Node-side suite; the components' tests (*.test.tsx, happy-dom) reach none of the mutated modules.
          ['{src,test,sandbox,scripts,bench}/**/*.test.ts']
        : [
            'src/main/auth/**/*.test.ts',
            'src/main/log*.test.ts',
            'src/main/secrets/**/*.test.ts',
            'src/main/tapkey/schemas*.test.ts',
            'src/main/tapkey/http/*.test.ts',
            'src/main/net/*.test.ts',
            'src/shared/settings-validation*.test.ts',
            'src/shared/settings-tidy*.test.ts',
            'src/shared/tapkey-id*.test.ts',
            // Managing access: the unit tests, and the integration tests against the sandbox (no Chromium).
            'src/main/tapkey/writes/**/*.test.ts',
            'src/main/tapkey/resources/access-writes*.test.ts',
            'src/main/export/journal-csv*.test.ts',
            'src/shared/weekly-schedule*.test.ts',
          ],
      exclude: everySuite
        ? configDefaults.exclude
        : [
            ...configDefaults.exclude,
            // Real Chromium and child processes: minutes per mutant. The session's multi-process behaviour stays
            // in, in-process (auth/shared-session.integration.test.ts: two cores on one keychain entry).
            'src/main/auth/{discovery,keychain,renderer-sign-in,sign-in,system-browser}.integration.test.ts',
          ],
    },
  }),
);
