import type { EventChannel, EventContract } from '../shared/contract';
import type { AppInfo, SignInMode } from '../shared/model';
import { DEFAULT_SCOPES } from '../shared/scopes';
import { authConfigFrom, scopesFor } from './auth/config';
import { createAuthHttp, type AuthHttpOptions } from './auth/http';
import { AuthSession } from './auth/session';
import { fileRenewalJournal } from './auth/renewal-journal';
import type { SessionFiles } from './auth/session-files';
import { fileSessionLock } from './auth/session-lock';
import { fileSignedOutMarker } from './auth/signed-out-marker';
import { TokenClient } from './auth/token-client';
import type { UserAgent } from './auth/user-agent';
import { appInfoOf } from './core/app-info';
import { clientsFor } from './core/clients';
import { createCommandFacade, type CommandFacade } from './core/command-facade';
import { createEventHub } from './core/event-hub';
import { createHandlerTable } from './core/handler-table';
import { createSessionGuard } from './core/session-guard';
import { settingsSaver } from './core/settings-change';
import { gatedSignIn } from './core/sign-in-gate';
import { AppFailure } from './errors';
import type { SaveDialog } from './export/save-dialog';
import type { Handlers } from './ipc/dispatcher';
import type { Logger } from './log';
import type { Keychain } from './secrets/keychain';
import { noKeychain } from './secrets/no-keychain';
import { PRODUCTION_SETTINGS } from './settings/defaults';
import { createSnapshotKeeper, type SnapshotKeeper } from './snapshot/snapshot-keeper';
import { createSnapshotStore, noSnapshotStore } from './snapshot/snapshot-store';
import { memorySettingsStore, type SettingsStore } from './settings/settings-store';
import type { TapkeyTuning } from './tapkey/client';
import { fileJournal, memoryJournal } from './tapkey/writes/journal';
import {
  createWriteService,
  type WriteService,
  type WriteTuning,
} from './tapkey/writes/write-service';

/** What the core needs from the world; index.ts wires Electron adapters, tests wire real servers and browsers. */
export interface AppCoreDeps {
  /** Name and version; issuer and sandbox are derived from the settings. */
  appInfo: Pick<AppInfo, 'name' | 'version'> & Partial<AppInfo>;
  log: Logger;
  /** Defaults to Tapkey production settings held in memory. */
  settings?: SettingsStore;
  /** Defaults to no keychain: sign-ins then last for the run only, never written in plaintext. */
  keychain?: Keychain;
  /** The user agent per sign-in mode: the embedded auth window and the OS browser (default: sign-in unavailable). */
  userAgents?: Partial<Record<SignInMode, UserAgent>>;
  /** Time limits for the authorization server. */
  http?: AuthHttpOptions;
  scopes?: readonly string[];
  /** How long a sign-in attempt may take (default 10 minutes). */
  signInTimeoutMs?: number;
  /** Tuning for the Tapkey Web API client (page sizes, parallelism, retries, deadlines). */
  tapkey?: TapkeyTuning;
  /**
   * The files of the keychain entry this core uses (session-files.ts: one set per OS user and keychain service,
   * shared by the app and every CLI process): the inter-process session lock, the renewal journal and the
   * signed-out marker. Without them, refreshes are coordinated within this process only.
   */
  sessionFiles?: SessionFiles;
  /** Opens one of main's own help pages in the OS browser (default: unavailable). */
  openExternal?: (url: string) => Promise<void>;
  /** Asks where to save an export (Electron's save dialog; journeys wire a fake that answers like it). Default: unavailable. */
  saveDialog?: SaveDialog;
  /** Managing access: the undo window, concurrency, the revocation warning; and who writes (journaled). */
  writes?: WriteTuning & { source?: 'app' | 'cli' };
  /**
   * The encrypted last-known snapshot (docs/snapshot.md): its file in the profile folder, and whether this core
   * writes it (the app) or only reads it (the command line). Without it, no snapshot is kept.
   */
  snapshot?: { file: string; write: boolean };
}

/** The app's main-process core: every IPC handler and the events it pushes, free of Electron. */
export interface AppCore {
  handlers: Handlers;
  /** The command line's narrow way in: the same checks and session guard as the handlers. */
  commands: CommandFacade;
  /** The session itself, for the composition root and tests to observe; callers act through handlers or commands. */
  session: AuthSession;
  /** The last-known snapshot, read through `snapshot:get` and the command line's `--cached`. */
  snapshot: Pick<SnapshotKeeper, 'current' | 'locksOf' | 'settled'>;
  /** Pending changes, for the composition root's quit path (are any waiting? send or discard them). */
  writes: Pick<WriteService, 'pending' | 'flush' | 'discardPending'>;
  /** Subscribes to core events; returns a disposer that removes exactly this listener. */
  on<E extends EventChannel>(channel: E, listener: (payload: EventContract[E]) => void): () => void;
  /**
   * Resumes a stored sign-in from the keychain; call once at start-up. `renewStale: false` resumes without a
   * token request (for a sign-out, which must never refresh first).
   */
  start(options?: { renewStale?: boolean }): Promise<void>;
  dispose(): Promise<void>;
}

function unavailableAgent(mode: SignInMode): UserAgent {
  return {
    mode,
    authorize: async () => {
      throw new AppFailure('sign-in-failed', 'Signing in is not available in this build.');
    },
  };
}

/** Builds the core from its ports: what is connected to what, and nothing else. */
export function createAppCore(deps: AppCoreDeps): AppCore {
  const events = createEventHub();
  const settings = deps.settings ?? memorySettingsStore(PRODUCTION_SETTINGS);
  const http = createAuthHttp({
    userAgent: `${deps.appInfo.name.replace(/\s+/g, '')}/${deps.appInfo.version}`,
    ...deps.http,
  });
  const keychain = deps.keychain ?? noKeychain;
  const session = new AuthSession({
    log: deps.log,
    keychain,
    tokenClient: new TokenClient(http, deps.log),
    http,
    config: () =>
      authConfigFrom(settings.get(), scopesFor(settings.get(), deps.scopes ?? DEFAULT_SCOPES)),
    userAgentFor: (mode) => deps.userAgents?.[mode] ?? unavailableAgent(mode),
    ...(deps.sessionFiles
      ? {
          lock: fileSessionLock(deps.sessionFiles.lock, deps.log),
          renewalJournal: fileRenewalJournal(deps.sessionFiles.journal),
          signedOutMarker: fileSignedOutMarker(deps.sessionFiles.marker),
        }
      : {}),
    ...(deps.signInTimeoutMs ? { signInTimeoutMs: deps.signInTimeoutMs } : {}),
  });
  const stopForwarding = session.onStateChange((state) => events.emit('auth:state-changed', state));
  const clients = clientsFor(session, { log: deps.log, tuning: deps.tapkey });
  const guard = createSessionGuard(session);
  const writes = createWriteService({
    client: () => clients.tapkey(),
    whileSignedIn: (call) => guard.whileSignedIn(call),
    session,
    manageAccess: () => settings.get().manageAccess === true,
    // The journal sits beside the session lock, in the folder of the keychain entry the app and the CLI share.
    journal: deps.sessionFiles ? fileJournal(deps.sessionFiles.changes) : memoryJournal(),
    source: deps.writes?.source ?? 'app',
    log: deps.log,
    emit: (state) => events.emit('writes:changes-changed', state),
    tuning: deps.writes,
  });
  const snapshot = createSnapshotKeeper({
    store: deps.snapshot
      ? createSnapshotStore({ file: deps.snapshot.file, keychain, log: deps.log })
      : noSnapshotStore,
    binding: () => {
      const servers = session.servers;
      const signIn = session.signInIdentity;
      return servers && signIn ? { ...servers, signIn } : null;
    },
    log: deps.log,
    write: deps.snapshot?.write ?? false,
  });
  // Sign-out, a server change (which signs out), another sign-in, expiry: the snapshot was theirs.
  const stopForgetting = session.onSignedOut(() => void snapshot.forget());
  const handlers = createHandlerTable({
    session,
    settings,
    clients,
    guard,
    appInfo: () => appInfoOf(deps.appInfo, settings, deps.settings !== undefined),
    signIn: gatedSignIn(settings, session),
    saveSettings: settingsSaver(settings, session, deps.log),
    userAgents: deps.userAgents,
    openExternal: deps.openExternal,
    saveDialog: deps.saveDialog,
    writes,
    snapshot,
  });
  return {
    handlers,
    commands: createCommandFacade({ handlers, guard, clients, session, writes }),
    session,
    writes,
    snapshot,
    on: events.on,
    async start(options) {
      await session.resume(options);
    },
    async dispose() {
      writes.dispose();
      stopForwarding();
      stopForgetting();
      await snapshot.settled();
      clients.dispose();
      await session.dispose();
      events.clear();
    },
  };
}
