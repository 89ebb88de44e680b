// The vitest configuration Stryker uses (stryker.config.mjs): the project's own, with two changes.
//
// 1. Tests run in child processes. Stryker's vitest runner forces `pool: 'threads'`, but keytar (libsecret/GLib)
//    crashes with SIGSEGV when a second worker thread of one process loads it (GLib registers its types once per
//    process). Forks give each test file its own process, as under `npm test` (stryker-mutator/stryker-js#6223).
// 2. By default only the security modules' own test files run, so each mutant is judged by the tests written for
//    its module: every mutant re-runs the tests that reach it, and the wider suites (the end-to-end
//    *.integration.test.ts and CLI suites with the sandbox, Chromium and child processes; the API client against
//    the sandbox; the IPC and window suites) take from seconds to minutes per mutant on a small machine. A mutant
//    only they would kill is reported as survived or not covered, never as killed.
//    TAPKEY_MUTATE_ALL_TESTS=1 runs every suite, for a machine with the hours that takes.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

const everySuite = process.env.TAPKEY_MUTATE_ALL_TESTS === '1';

const config = mergeConfig(
  base,
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
  }),
);
if (!everySuite) {
  // Replaced, not merged: mergeConfig would append to the project's own list.
  config.test!.include = [
    'src/main/auth/**/*.test.ts',
    'src/main/log*.test.ts',
    'src/main/secrets/**/*.test.ts',
    'src/main/tapkey/schemas*.test.ts',
    'src/shared/settings-validation*.test.ts',
    'src/shared/settings-tidy*.test.ts',
    'src/shared/tapkey-id*.test.ts',
    // The session's multi-process behaviour, in-process: two cores on one keychain entry and profile folder
    // against the sandbox (seconds per mutant, where the src/cli multi-process suites take minutes).
    'src/main/auth/shared-session.integration.test.ts',
  ];
  config.test!.exclude = ['**/node_modules/**', '**/!(shared-session).integration.test.ts'];
}

export default config;
