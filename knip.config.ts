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
  // TODO(merge): unused exports in modules being rewritten in parallel; remove each line once its area has landed.
  ignoreIssues: {
    // ACCESS_SCOPES: scopes move to one shared module (service layer).
    'src/main/auth/config.ts': ['exports'],
    // GRANTS_SCOPE, CONTACTS_SCOPE, LOGS_SCOPE, DEFAULT_PAGE_SIZE, UnresolvedHolder: the Tapkey resource layer.
    'src/main/tapkey/{access-client,api-client,access-schemas}.ts': ['exports', 'types'],
    // Command: the CLI facade.
    'src/cli/args.ts': ['types'],
    // BODY_LIMITS: the bounded body reader, used by both the API client and the token endpoint.
    'src/main/net/bounded-body.ts': ['exports'],
    // ACCESS_SCOPES (renderer copy) and API_SCOPES (sandbox copy): the shared scope module.
    'src/renderer/features/access/access-problem.tsx': ['exports'],
    'sandbox/auth/scopes.ts': ['exports'],
    // CARDS_PER_OWNER, SUPPORTED_FEATURES, CONTACTS_PER_OWNER, DEFAULT_BEHAVIOUR, GrantMeta, RclEntry,
    // ImplicitRevocation, GrantState: the sandbox's documented-API work.
    'sandbox/data/{bound-cards,catalogue,contacts,access-store,revocation,types}.ts': [
      'exports',
      'types',
    ],
    'sandbox/index.ts': ['exports'],
    // faultRuleSchema, FaultKind, FaultStatus: sandbox faults.
    'sandbox/faults/fault-schema.ts': ['exports'],
    'sandbox/types.ts': ['types'],
    // sortColumns, isSorted, passesFilter, lockKey, GroupItem; rendererBundleGzipKB: renderer speed.
    'src/renderer/features/locks/lock-table-model.ts': ['exports', 'types'],
    'bench/renderer/renderer-bench.ts': ['exports'],
  },
};

export default config;
