import { setMaxListeners } from 'node:events';
import type { EventChannel, EventContract, HelpTopic } from '../shared/contract';
import type { AppInfo, Settings, SignInMode } from '../shared/model';
import { isLoopbackUrl, validateSettings } from '../shared/settings-validation';
import path from 'node:path';
import { authConfigFrom, DEFAULT_SCOPES, scopesFor } from './auth/config';
import { createAuthHttp, type AuthHttpOptions } from './auth/http';
import { AuthSession } from './auth/session';
import { fileRenewalJournal } from './auth/renewal-journal';
import type { SessionFiles } from './auth/session-files';
import { fileSessionLock } from './auth/session-lock';
import { fileSignedOutMarker } from './auth/signed-out-marker';
import { TokenClient } from './auth/token-client';
import type { UserAgent } from './auth/user-agent';
import { AppFailure } from './errors';
import { exportLocksCsv, type SaveDialog } from './export/export-locks';
import {
  createTapkeyClient,
  type TapkeyClient,
  type TapkeyClientOptions,
} from './tapkey/api-client';
import { HELP_LINKS } from './windows/help-links';
import {
  createAccessClient,
  type AccessClient,
  type AccessClientOptions,
} from './tapkey/access-client';
import { writeLogCsvFile } from './tapkey/log-csv-file';
import type { Handlers } from './ipc/dispatcher';
import type { Logger } from './log';
import type { Keychain } from './secrets/keychain';
import { noKeychain } from './secrets/no-keychain';
import { changesServer, PRODUCTION_SETTINGS } from './settings/defaults';
import { memorySettingsStore, type SettingsStore } from './settings/settings-store';
import { CANCELLED_BY_SIGN_OUT } from './messages';

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
  /** Tuning for the Tapkey Web API client (page size, parallelism, retries). */
  tapkey?: Pick<TapkeyClientOptions, 'pageSize' | 'concurrency' | 'http'>;
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
  /** Tuning for grants and logs (page sizes, read-ahead, URL bound). */
  access?: Pick<
    AccessClientOptions,
    'pageSize' | 'uiPageSize' | 'prefetch' | 'concurrency' | 'maxUrlLength' | 'http'
  >;
}

/** The app's main-process core: every IPC handler and the events it pushes, free of Electron. */
export interface AppCore {
  handlers: Handlers;
  /** The signed-in session: the API client's AccessTokenSource, with `sessionSignal` / `onSignedOut` for cancelling calls. */
  session: AuthSession;
  /** Grants and logs for callers that stream (the CLI's `logs --csv`); calls need a signed-in session. */
  access(): AccessClient;
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

/** Builds the core from its ports. */
export function createAppCore(deps: AppCoreDeps): AppCore {
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>();
  const emit = <E extends EventChannel>(channel: E, payload: EventContract[E]) => {
    for (const l of [...(listeners.get(channel) ?? [])])
      (l as (p: EventContract[E]) => void)(payload);
  };
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
    ...(deps.sessionFiles
      ? {
          lock: fileSessionLock(deps.sessionFiles.lock, deps.log),
          renewalJournal: fileRenewalJournal(deps.sessionFiles.journal),
          signedOutMarker: fileSignedOutMarker(deps.sessionFiles.marker),
        }
      : {}),
    ...(deps.signInTimeoutMs ? { signInTimeoutMs: deps.signInTimeoutMs } : {}),
  });
  const stopForwarding = session.onStateChange((state) => emit('auth:state-changed', state));

  // One client per API base URL. The base is the one stored with the sign-in, never the current settings: a
  // token goes only to the API it was issued for (a settings change that moves the API also ends the session).
  let client: { base: string; api: TapkeyClient } | null = null;
  const api = (): TapkeyClient => {
    const base = session.servers?.apiBaseUrl;
    if (!base) throw new AppFailure('not-signed-in', 'Please sign in to see your locks.');
    if (client?.base !== base)
      client = {
        base,
        api: createTapkeyClient({
          apiBaseUrl: base,
          tokens: session,
          log: deps.log,
          ...deps.tapkey,
        }),
      };
    return client.api;
  };
  // Contacts and cards are cached per owner account for the session: a sign-out (maybe another user next) forgets them.
  let accessClient: { base: string; api: AccessClient } | null = null;
  const access = (): AccessClient => {
    const base = settings.get().apiBaseUrl;
    if (accessClient?.base !== base)
      accessClient = {
        base,
        api: createAccessClient({
          apiBaseUrl: base,
          tokens: session,
          log: deps.log,
          ...deps.access,
        }),
      };
    return accessClient.api;
  };
  // Every end of a session, including another sign-in taking its place, forgets what the last one cached.
  const stopClearing = session.onSignedOut(() => accessClient?.api.clearCache());
  const exportLogCsv = (
    ownerAccountId: string,
    boundLockId: string,
    range: { since?: string; until?: string },
  ) =>
    whileSignedIn(async (signal) => {
      if (!deps.saveDialog)
        throw new AppFailure('internal', 'Saving files is not available in this build.');
      const file = await deps.saveDialog({
        title: 'Export activity',
        defaultPath: `activity-${boundLockId.slice(0, 8)}-${new Date().toISOString().slice(0, 10)}.csv`,
        filters: [{ name: 'CSV', extensions: ['csv'] }],
      });
      if (!file) return { saved: false, rows: 0, fileName: null };
      const { rows } = await writeLogCsvFile(
        file,
        access().streamLogEntries(ownerAccountId, boundLockId, range, signal),
      );
      return { saved: true, rows, fileName: path.basename(file) };
    });
  /** Why the session that a call belonged to ended: expiry says "sign in again", a sign-out is a cancellation. */
  const sessionEnded = (): AppFailure => {
    const s = session.state;
    if (s.status === 'expired') return new AppFailure('session-expired', s.reason);
    if (s.status === 'signed-out' && s.reason) return new AppFailure('session-expired', s.reason);
    return new AppFailure('cancelled', CANCELLED_BY_SIGN_OUT);
  };
  /** Runs an API call that the end of the session cancels: its result must never reach a signed-out window. */
  const whileSignedIn = async <T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    if (session.state.status !== 'signed-in' && session.state.status !== 'refreshing') {
      throw session.state.status === 'expired'
        ? sessionEnded()
        : new AppFailure('not-signed-in', 'Please sign in to see your locks.');
    }
    const signal = session.sessionSignal;
    // Every in-flight call listens on the one session signal; hundreds at once are expected, not a leak.
    setMaxListeners(0, signal);
    // The session says why it ended (signed out, expired, replaced by another sign-in) in its signal's reason.
    const ended = () => (signal.reason instanceof AppFailure ? signal.reason : sessionEnded());
    let result: T;
    try {
      result = await call(signal);
    } catch (e) {
      if (signal.aborted) throw ended();
      throw e;
    }
    if (signal.aborted) throw ended();
    return result;
  };
  /** Opens a help page by intent: the address comes from main's table, never from the renderer. */
  const openHelp = async (topic: HelpTopic): Promise<null> => {
    if (!deps.openExternal)
      throw new AppFailure('internal', 'Opening links is not available in this build.');
    await deps.openExternal(HELP_LINKS[topic]);
    return null;
  };
  const appInfo = (): AppInfo => {
    // Without a settings store the caller's fixed facts stand (shell-only builds and tests).
    if (!deps.settings && deps.appInfo.issuer !== undefined && deps.appInfo.sandbox !== undefined) {
      return {
        name: deps.appInfo.name,
        version: deps.appInfo.version,
        issuer: deps.appInfo.issuer,
        sandbox: deps.appInfo.sandbox,
      };
    }
    const issuer = settings.get().issuer;
    let sandbox: boolean;
    try {
      sandbox = isLoopbackUrl(new URL(issuer));
    } catch {
      sandbox = false;
    }
    return { name: deps.appInfo.name, version: deps.appInfo.version, issuer, sandbox };
  };
  const saveSettings = async (next: Settings): Promise<Settings> => {
    const before = settings.get();
    const saved = await settings.set(next);
    // Tokens belong to one server and client: a different one must not receive them.
    if (changesServer(before, saved) && session.state.status !== 'signed-out') {
      deps.log.info('server settings changed; signing out');
      await session.signOut();
    }
    return saved;
  };

  const handlers: Handlers = {
    'app:get-info': async () => appInfo(),
    'auth:get-state': async () => session.state,
    'auth:sign-in': async () => {
      // Without a registered client id (a fresh install) the sign-in page could only show Tapkey's error page.
      const problem = Object.values(validateSettings(settings.get()))[0];
      if (problem)
        throw new AppFailure('invalid-settings', `Before you sign in, open Settings: ${problem}`);
      return session.signIn();
    },
    'auth:cancel-sign-in': async () => session.cancelSignIn(),
    'auth:sign-out': async () => session.signOut(),
    'tapkey:list-owner-accounts': () => whileSignedIn((signal) => api().listOwnerAccounts(signal)),
    'tapkey:list-bound-locks': (ownerAccountId, options) =>
      whileSignedIn((signal) => api().listBoundLocks(ownerAccountId, signal, options)),
    'tapkey:get-bound-lock': (ownerAccountId, boundLockId) =>
      whileSignedIn((signal) => api().getBoundLock(ownerAccountId, boundLockId, signal)),
    'settings:get': async () => settings.get(),
    'settings:set': saveSettings,
    'app:open-help': openHelp,
    'auth:show-sign-in-window': async () => {
      const s = session.state;
      // Only the embedded window can be raised; the OS browser's tab is the user's to find (the page hides the button).
      if (s.status === 'authorizing') deps.userAgents?.[s.mode]?.bringToFront?.();
      return null;
    },
    'locks:export-csv': (selection) => {
      const saveDialog = deps.saveDialog;
      if (!saveDialog)
        throw new AppFailure('internal', 'Exporting is not available in this build.');
      return whileSignedIn((signal) =>
        exportLocksCsv(
          {
            listOwnerAccounts: (sig) => api().listOwnerAccounts(sig),
            listBoundLocks: (id, sig) => api().listBoundLocks(id, sig),
            saveDialog,
          },
          selection,
          signal,
        ),
      );
    },
    'access:list-grants': (ownerAccountId, boundLockId) =>
      whileSignedIn((signal) => access().listGrants(ownerAccountId, boundLockId, signal)),
    'access:list-log-entries': (ownerAccountId, boundLockId, query) =>
      whileSignedIn((signal) =>
        access().listLogEntries(ownerAccountId, boundLockId, query, signal),
      ),
    'access:export-log-csv': exportLogCsv,
  };
  return {
    handlers,
    session,
    access,
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      const l = listener as (payload: never) => void;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
    async start(options) {
      await session.resume(options);
    },
    async dispose() {
      stopForwarding();
      stopClearing();
      await session.dispose();
      listeners.clear();
    },
  };
}
