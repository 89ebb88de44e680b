import type { EventChannel, EventContract } from '../shared/contract';
import type { AppInfo, SignInMode } from '../shared/model';
import { DEFAULT_SCOPES } from '../shared/scopes';
import { authConfigFrom, scopesFor } from './auth/config';
import { createAuthHttp, type AuthHttpOptions } from './auth/http';
import { AuthSession } from './auth/session';
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
import { memorySettingsStore, type SettingsStore } from './settings/settings-store';
import path from 'node:path';
import type { TapkeyTuning } from './tapkey/client';
import { fileJournal, JOURNAL_FILE, memoryJournal } from './tapkey/writes/journal';
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
   * The profile folder shared by the app and the CLI (the app's userData): holds the inter-process session lock
   * and the signed-out marker. Without it, refreshes are coordinated within this process only.
   */
  profileDir?: string;
  /** Opens one of main's own help pages in the OS browser (default: unavailable). */
  openExternal?: (url: string) => Promise<void>;
  /** Asks where to save an export (Electron's save dialog; journeys wire a fake that answers like it). Default: unavailable. */
  saveDialog?: SaveDialog;
  /** Managing access: the undo window, concurrency, the revocation warning; and who writes (journaled). */
  writes?: WriteTuning & { source?: 'app' | 'cli' };
}

/** The app's main-process core: every IPC handler and the events it pushes, free of Electron. */
export interface AppCore {
  handlers: Handlers;
  /** The command line's narrow way in: the same checks and session guard as the handlers. */
  commands: CommandFacade;
  /** The session itself, for the composition root and tests to observe; callers act through handlers or commands. */
  session: AuthSession;
  /** Pending changes, for the composition root's quit path (are any waiting? send or discard them). */
  writes: Pick<WriteService, 'pending' | 'flush' | 'discardPending'>;
  /** Subscribes to core events; returns a disposer that removes exactly this listener. */
  on<E extends EventChannel>(channel: E, listener: (payload: EventContract[E]) => void): () => void;
  /** Resumes a stored sign-in from the keychain; call once at start-up. */
  start(): Promise<void>;
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
  const session = new AuthSession({
    log: deps.log,
    keychain: deps.keychain ?? noKeychain,
    tokenClient: new TokenClient(http, deps.log),
    http,
    config: () =>
      authConfigFrom(settings.get(), scopesFor(settings.get(), deps.scopes ?? DEFAULT_SCOPES)),
    userAgentFor: (mode) => deps.userAgents?.[mode] ?? unavailableAgent(mode),
    ...(deps.profileDir
      ? {
          lock: fileSessionLock(deps.profileDir, deps.log),
          signedOutMarker: fileSignedOutMarker(deps.profileDir),
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
    // The journal sits beside the session lock, in the profile folder the app and the CLI share.
    journal: deps.profileDir
      ? fileJournal(path.join(deps.profileDir, JOURNAL_FILE))
      : memoryJournal(),
    source: deps.writes?.source ?? 'app',
    log: deps.log,
    emit: (state) => events.emit('writes:changes-changed', state),
    tuning: deps.writes,
  });
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
  });
  return {
    handlers,
    commands: createCommandFacade({ handlers, guard, clients, session, writes }),
    session,
    writes,
    on: events.on,
    async start() {
      await session.resume();
    },
    async dispose() {
      writes.dispose();
      stopForwarding();
      clients.dispose();
      await session.dispose();
      events.clear();
    },
  };
}
