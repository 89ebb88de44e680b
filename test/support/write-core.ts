// A signed-in core that may write, over a real sandbox and the real keychain (gnome-keyring under `npm test`), with
// a throwaway session folder for the journal: the starting point of the write tests and benchmarks.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/index';
import { createAppCore, type AppCore, type AppCoreDeps } from '../../src/main/app-core';
import { sessionFiles } from '../../src/main/auth/session-files';
import { SESSION_ACCOUNT, serializeSession } from '../../src/main/auth/stored-session';
import { silentLogger, type Logger } from '../../src/main/log';
import { createKeytarKeychain } from '../../src/main/secrets/keytar-keychain';
import type { ChangeQueueState } from '../../src/shared/model';
import { ACCESS_SCOPES, DEFAULT_SCOPES, WRITE_SCOPES } from '../../src/shared/scopes';
import { useSandboxResetEach } from './sandbox';
import { storeHeadlessSignIn } from './stored-sign-in';
import { sandboxSettings } from './sandbox-settings';

/** A core that may write, and what it was built with. */
export interface WriteCore {
  core: AppCore;
  /** The journal of changes this core appends to (its keychain entry's `changes` file). */
  journalFile: string;
  /** Every queue state the core pushed, in order. */
  pushes: ChangeQueueState[];
  close(): Promise<void>;
}

/** The scopes of a sign-in with Manage access on. */
const MANAGE_SCOPES = [...DEFAULT_SCOPES, ...ACCESS_SCOPES, ...WRITE_SCOPES].join(' ');

/**
 * Signs `username` in over HTTP with `scope` (default: Manage access), stores the sign-in under a fresh keychain
 * service, and starts a core resumed from it.
 */
export async function startWriteCore(
  sandbox: Sandbox,
  options: {
    username?: string;
    scope?: string;
    writes?: AppCoreDeps['writes'];
    tapkey?: AppCoreDeps['tapkey'];
    log?: Logger;
    saveDialog?: AppCoreDeps['saveDialog'];
    /** Who the stored sign-in says is signed in (as an ID token would have named them); none by default. */
    account?: string;
  } = {},
): Promise<WriteCore> {
  const user = sandbox.users.find((u) => u.username === (options.username ?? 'alice'))!;
  const keychainService = `tapkey-locks-writes-test-${randomUUID()}`;
  const keychain = createKeytarKeychain({ service: keychainService });
  const sessionDir = mkdtempSync(path.join(tmpdir(), 'tapkey-writes-session-'));
  const files = sessionFiles(sessionDir, keychainService);
  const stored = await storeHeadlessSignIn(
    keychain,
    sandbox,
    user.username,
    user.password,
    options.scope ?? MANAGE_SCOPES,
  );
  if (options.account)
    await keychain.set(SESSION_ACCOUNT, serializeSession({ ...stored, account: options.account }));
  const core = createAppCore({
    appInfo: { name: 'Tapkey Locks', version: '0.0.0-test' },
    log: options.log ?? silentLogger,
    settings: sandboxSettings(sandbox, { accessData: true, manageAccess: true }),
    keychain,
    sessionFiles: files,
    tapkey: options.tapkey ?? { http: { maxAttempts: 1 } },
    writes: { undoWindowMs: 50, ...options.writes },
    ...(options.saveDialog ? { saveDialog: options.saveDialog } : {}),
  });
  const pushes: ChangeQueueState[] = [];
  core.on('writes:changes-changed', (s) => pushes.push(s));
  await core.start();
  if (core.session.state.status !== 'signed-in')
    throw new Error(`the core did not resume: ${core.session.state.status}`);
  return {
    core,
    journalFile: files.changes,
    pushes,
    async close() {
      await core.dispose();
      await keychain.delete(SESSION_ACCOUNT).catch(() => undefined);
      rmSync(sessionDir, { recursive: true, force: true });
    },
  };
}

/** Waits until a change has finished (sent, undone or discarded), polling the queue as the window would. */
export async function changeFinished(core: AppCore, changeId: string, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const state = await core.handlers['writes:list-changes']();
    const entry = state.changes.find((c) => c.changeId === changeId);
    if (entry && ['sent', 'undone', 'discarded'].includes(entry.status)) return entry;
    if (Date.now() > end) throw new Error(`change ${changeId} did not finish: ${entry?.status}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The setting of a file of write tests: a sandbox for the file, a write core per test (closed after it, with the
 * sandbox's faults, latency and counters reset), and sandboxes of their own for behaviour options.
 */
export function useWriteTests(options: SandboxOptions) {
  const sandbox = useSandboxResetEach(options);
  const extra: Sandbox[] = [];
  let current: WriteCore | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  afterAll(async () => {
    for (const s of extra.splice(0)) await s.close();
  });
  return {
    sandbox,
    /** A write core over `on` (default: the file's sandbox), closed after the test. */
    async start(on: Sandbox = sandbox, o: Parameters<typeof startWriteCore>[1] = {}) {
      current = await startWriteCore(on, o);
      return current;
    },
    /** A sandbox of its own (one behaviour option), closed after the file. */
    async sandboxWith(o: SandboxOptions): Promise<Sandbox> {
      const s = await startSandbox({ quiet: true, ...o });
      extra.push(s);
      return s;
    },
    /** Kills the sign-in's refresh token and expires its access tokens: the next renewal ends the session. */
    endSessionAtNextRenewal(): void {
      sandbox.faults.add({
        target: 'token',
        kind: 'status',
        status: 400,
        body: { error: 'invalid_grant', error_description: 'revoked' },
      });
      sandbox.expireAccessTokens();
    },
    /** A small sandbox of its own (one owner account, 3 locks of 2 grants) playing `behaviour`. */
    smallSandbox(seed: string, behaviour: SandboxOptions): Promise<Sandbox> {
      return this.sandboxWith({ owners: 1, locks: 3, grants: 2, seed, ...behaviour });
    },
  };
}
