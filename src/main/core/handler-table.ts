import type { HelpTopic } from '../../shared/contract';
import type { AppInfo, AuthState, Settings, SignInMode } from '../../shared/model';
import type { UserAgent } from '../auth/user-agent';
import { AppFailure } from '../errors';
import { exportLocksCsv } from '../export/export-locks';
import { exportJournalCsv } from '../export/journal-csv';
import { exportLogCsv } from '../export/export-log';
import type { LockTitles } from '../export/log-csv';
import type { SaveDialog } from '../export/save-dialog';
import type { Handlers } from '../ipc/dispatcher';
import type { SettingsStore } from '../settings/settings-store';
import type { TapkeyClient } from '../tapkey/client';
import type { WriteService } from '../tapkey/writes/write-service';
import type { SnapshotKeeper } from '../snapshot/snapshot-keeper';
import { HELP_LINKS } from '../windows/help-links';
import type { Clients } from './clients';
import type { SessionGuard } from './session-guard';

/** Everything the handlers are connected to. */
export interface HandlerParts {
  session: {
    readonly state: AuthState;
    cancelSignIn(): Promise<AuthState>;
    signOut(): Promise<AuthState>;
  };
  settings: SettingsStore;
  clients: Clients;
  guard: SessionGuard;
  appInfo(): AppInfo;
  /** Starts a sign-in (through the settings check, see gatedSignIn). */
  signIn(): Promise<AuthState>;
  /** Saves settings (and signs out when the server changes, see settingsSaver). */
  saveSettings(next: Settings): Promise<Settings>;
  userAgents?: Partial<Record<SignInMode, UserAgent>> | undefined;
  openExternal?: ((url: string) => Promise<void>) | undefined;
  saveDialog?: SaveDialog | undefined;
  /** Managing access: previews, the change queue, the journal. */
  writes: WriteService;
  /** The last-known snapshot: fed by the live loads, read back at start. */
  snapshot: SnapshotKeeper;
}

/** The titles of an owner account's locks, for the lock column of a log export. */
async function lockTitles(
  client: TapkeyClient,
  ownerAccountId: string,
  signal: AbortSignal,
): Promise<LockTitles> {
  const { locks } = await client.locks.listBoundLocks(ownerAccountId, signal);
  const titles = new Map(locks.map((l) => [l.id.toLowerCase(), l.title]));
  return (id) => (id === null ? null : (titles.get(id.toLowerCase()) ?? null));
}

/** A port this build does not have (no browser to open, no dialog to ask). */
function required<T>(port: T | undefined, what: string): T {
  if (!port) throw new AppFailure('internal', `${what} is not available in this build.`);
  return port;
}

/**
 * The handler table: one line per IPC channel, each connecting the channel to the module that decides.
 * Every call to Tapkey runs under the session guard, on the clients of the live sign-in.
 */
export function createHandlerTable(p: HandlerParts): Handlers {
  const { guard } = p;
  const tapkey = () => p.clients.tapkey();
  return {
    'app:get-info': async () => p.appInfo(),
    'auth:get-state': async () => p.session.state,
    'auth:sign-in': () => p.signIn(),
    'auth:cancel-sign-in': () => p.session.cancelSignIn(),
    // Never with changes waiting, unless the user chose to discard them (the window asks first).
    'auth:sign-out': async (options) => {
      p.writes.beforeSignOut(options);
      return p.session.signOut();
    },
    'auth:show-sign-in-window': async () => {
      const s = p.session.state;
      // Only the embedded window can be raised; the OS browser's tab is the user's to find (the page hides the button).
      if (s.status === 'authorizing') p.userAgents?.[s.mode]?.bringToFront?.();
      return null;
    },
    'settings:get': async () => p.settings.get(),
    'settings:set': (next) => p.saveSettings(next),
    // By intent: the address comes from main's table, never from the renderer.
    'app:open-help': async (topic: HelpTopic) => {
      await required(p.openExternal, 'Opening links')(HELP_LINKS[topic]);
      return null;
    },
    'tapkey:list-owner-accounts': async () => {
      const list = guard.whileSignedIn((signal) => tapkey().owners.listOwnerAccounts(signal));
      p.snapshot.noteAccounts(list);
      return list;
    },
    'tapkey:list-bound-locks': async (ownerAccountId, options) => {
      const page = await guard.whileSignedIn((signal) =>
        tapkey().locks.listBoundLocks(ownerAccountId, signal, options),
      );
      p.snapshot.noteLocks(page, Date.now());
      return page;
    },
    'snapshot:get': () => p.snapshot.current({ first: true }),
    'snapshot:get-locks': (ids) => p.snapshot.locksOf(ids),
    'snapshot:note-selection': async (selectedId) => {
      p.snapshot.noteSelection(selectedId);
      return null;
    },
    'tapkey:get-bound-lock': (ownerAccountId, boundLockId) =>
      guard.whileSignedIn((signal) =>
        tapkey().locks.getBoundLock(ownerAccountId, boundLockId, signal),
      ),
    'access:list-grants': (ownerAccountId, boundLockId) =>
      guard.whileSignedIn((signal) =>
        tapkey().grants.lockAccess(ownerAccountId, boundLockId, signal),
      ),
    'access:list-lock-groups': (ownerAccountId) =>
      guard.whileSignedIn((signal) => tapkey().lockGroups.listLockGroups(ownerAccountId, signal)),
    'access:list-contacts': (ownerAccountId) =>
      guard.whileSignedIn((signal) => tapkey().contacts.listContacts(ownerAccountId, signal)),
    'access:list-account-log': (ownerAccountId, { boundLockId, ...query }) =>
      guard.whileSignedIn((signal) =>
        boundLockId
          ? tapkey().logs.listLogEntries(ownerAccountId, boundLockId, query, signal)
          : tapkey().logs.listAccountLogEntries(ownerAccountId, query, signal),
      ),
    'access:list-log-entries': (ownerAccountId, boundLockId, query) =>
      guard.whileSignedIn((signal) =>
        tapkey().logs.listLogEntries(ownerAccountId, boundLockId, query, signal),
      ),
    'locks:export-csv': async (selection) => {
      const saveDialog = required(p.saveDialog, 'Exporting');
      return guard.whileSignedIn((signal) =>
        exportLocksCsv(
          {
            listOwnerAccounts: (s) => tapkey().owners.listOwnerAccounts(s),
            listBoundLocks: (id, s) => tapkey().locks.listBoundLocks(id, s),
            saveDialog,
          },
          selection,
          signal,
        ),
      );
    },
    'access:export-log-csv': async (ownerAccountId, boundLockId, range) => {
      const saveDialog = required(p.saveDialog, 'Saving files');
      return guard.whileSignedIn((signal) =>
        exportLogCsv(
          {
            saveDialog,
            pages: () => tapkey().logs.streamLogEntries(ownerAccountId, boundLockId, range, signal),
            lockTitles: () => lockTitles(tapkey(), ownerAccountId, signal),
          },
          boundLockId,
        ),
      );
    },
    'access:export-account-log-csv': async (ownerAccountId, { boundLockId, ...range }) => {
      const saveDialog = required(p.saveDialog, 'Saving files');
      return guard.whileSignedIn((signal) =>
        exportLogCsv(
          {
            saveDialog,
            pages: () =>
              tapkey().logs.streamLogEntries(ownerAccountId, boundLockId ?? null, range, signal),
            lockTitles: () => lockTitles(tapkey(), ownerAccountId, signal),
          },
          boundLockId ?? ownerAccountId,
        ),
      );
    },
    'writes:get-capabilities': async () => p.writes.capabilities(),
    'writes:preview': (request) => p.writes.preview(request),
    'writes:submit': async (planId) => p.writes.submit(planId),
    'writes:undo': async (changeId) => p.writes.undo(changeId),
    'writes:list-changes': async () => p.writes.list(),
    'writes:refresh-progress': (changeId) => p.writes.refreshProgress(changeId),
    'people:list': (ownerAccountId) => p.writes.people(ownerAccountId),
    'access:list-lock-features': (ownerAccountId) => p.writes.lockFeatures(ownerAccountId),
    'journal:list': (query) => p.writes.journal(query),
    'journal:export-csv': async (query) =>
      exportJournalCsv(required(p.saveDialog, 'Saving files'), () => p.writes.journal(query)),
  };
}
