// knip (`npx knip`, run by npm test): files, exports and dependencies nothing uses. The entry points are the
// processes and tools this repository starts; the plugins add what their configurations name (vite, vitest,
// playwright, eslint, electron-builder), test files included.
import type { KnipConfig } from 'knip';

const config: KnipConfig = {
  entry: [
    // The app's three bundles (config/vite.*.ts, built by scripts/build.mjs) and the CLI.
    'src/main/index.ts',
    'src/preload/index.ts',
    'src/renderer/main.tsx',
    'src/cli/index.ts',
    'config/vite.{main,preload,renderer}.ts',
    // The sandbox and the scripts behind npm run (package.json) and CI.
    'scripts/*.{mjs,ts}',
    // Benchmarks: bench/run.ts and the files it, or a developer, starts as their own processes or bundles.
    'bench/*.ts',
    'bench/access/*-child.ts',
    'bench/renderer/{page-source,run-renderer}.ts',
    // Started by path: child processes of keychain tests, the journeys' in-page bridge, Stryker's vitest config.
    'src/**/*.fixture.ts',
    'test/support/page-bridge.ts',
    'vitest.mutate.config.ts',
    // Stands in for Node and Electron modules in the renderer's type-check (tsconfig.web.json paths).
    'config/forbidden-module.d.ts',
  ],
  project: ['**/*.{ts,tsx,mjs,js}', '!dist/**', '!release/**'],
  // A developer's tool for bench/cli-session.ts, installed by hand (the script says how).
  ignoreBinaries: ['hyperfine'],
  ignoreDependencies: [
    // Type-only import in stryker.config.mjs's JSDoc; installed with @stryker-mutator/core.
    '@stryker-mutator/api',
    // The packaging test checks the fuses and archive electron-builder writes with electron-builder's own parts.
    '@electron/asar',
    '@electron/fuses',
    'app-builder-lib',
    'builder-util',
    // TODO(merge): installed this round for the session's kernel-released file lock (src/main/auth/session-lock.ts).
    'fs-native-extensions',
  ],
  // TODO(merge): unused exports in modules being changed in parallel; remove each line once its area has landed.
  ignoreIssues: {
    // attempt, checkOwnerAccount, UnresolvedHolder: the Tapkey request layer and response schemas.
    'src/main/tapkey/http/attempt.ts': ['exports'],
    'src/main/tapkey/schemas.ts': ['exports'],
    'src/main/tapkey/access-schemas.ts': ['types'],
    // Command: the CLI.
    'src/cli/args.ts': ['types'],
    // Exported but used only in their own module: PEOPLE_CSV_HEADER, JOURNAL_CSV_HEADER, journalCsvLine,
    // SCOPES_TO_WRITE, WRITE_HINTS, PLAN_LIFETIME_MS, revocationLoad, sameInstant, sameIcal,
    // DEFAULT_JOURNAL_LIMIT, journalLine, CARD_LOST_NOTE, CARD_IN_HAND_NOTE, keysOf, changeRequestSchema,
    // journalQuerySchema, DAY_NAMES, MANAGE_SCOPES; types CardRecord, LockState, ChangeQueue, GrantHolder,
    // PersonRef, StepDisposition, ChangeStatus, LockFeatures, JournalSignIn: writing (managing access).
    'src/cli/write-commands.ts': ['exports'],
    'src/main/export/journal-csv.ts': ['exports'],
    'src/main/tapkey/writes/*.ts': ['exports', 'types'],
    'src/main/tapkey/resources/access-reads.ts': ['types'],
    'src/shared/write-model.ts': ['types'],
    'src/shared/{schemas,weekly-schedule}.ts': ['exports'],
    'test/support/write-core.ts': ['exports'],
    // SCOPE_DESCRIPTIONS, OIDC_SCOPES, LEGACY_SCOPES, SUPPORTED_SCOPES, CARDS_PER_OWNER, SUPPORTED_FEATURES,
    // CONTACTS_PER_OWNER, DEFAULT_BEHAVIOUR, GrantMeta, RclEntry, ImplicitRevocation, GrantState, Behaviour,
    // LockRcl: the sandbox's documented-API work.
    'sandbox/auth/scopes.ts': ['exports'],
    'sandbox/data/{bound-cards,catalogue,contacts,access-store,revocation,types}.ts': [
      'exports',
      'types',
    ],
    'sandbox/index.ts': ['exports'],
    // faultRuleSchema, FaultKind, FaultStatus (and the re-exports above): sandbox faults.
    'sandbox/faults/fault-schema.ts': ['exports'],
    'sandbox/types.ts': ['types'],
    // sortColumns, isSorted, passesFilter, GroupItem; rendererBundleGzipKB: renderer speed.
    'src/renderer/features/locks/lock-table-model.ts': ['exports', 'types'],
    'bench/renderer/renderer-bench.ts': ['exports'],
  },
};

export default config;
