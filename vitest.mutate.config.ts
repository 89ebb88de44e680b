// The vitest configuration Stryker uses (stryker.config.mjs): the project's own, with two changes.
//
// 1. Tests run in child processes. Stryker's vitest runner forces `pool: 'threads'`, but keytar (libsecret/GLib)
//    crashes with SIGSEGV when a second worker thread of one process loads it (GLib registers its types once per
//    process). Forks give each test file its own process, as under `npm test` (stryker-mutator/stryker-js#6223).
// 2. By default only the fast suites run: every mutant re-runs the tests that reach it, and the end-to-end suites
//    (*.integration.test.ts and the CLI suite: real sandbox, Chromium, child processes) take minutes per mutant on
//    a small machine. A mutant only they would kill is reported as survived or not covered, never as killed.
//    TAPKEY_MUTATE_ALL_TESTS=1 runs every suite, for a machine with the hours that takes.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

const everySuite = process.env.TAPKEY_MUTATE_ALL_TESTS === '1';

export default mergeConfig(
  base,
  defineConfig({
    test: everySuite ? {} : { exclude: ['**/node_modules/**', '**/*.integration.test.ts', 'src/cli/cli.test.ts'] },
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
