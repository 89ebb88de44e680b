import type { ArgsOf, EventChannel, EventContract, InvokeChannel, ResultOf } from './contract';
import type { ListLocksOptions } from './model';
import type { Result } from './result';

/** How the bridge reaches main: Electron's ipcRenderer in the app, a test harness binding in browser journeys. */
export interface BridgeTransport {
  invoke<C extends InvokeChannel>(channel: C, ...args: ArgsOf<C>): Promise<Result<ResultOf<C>>>;
  /** Subscribes to an event; the returned function unsubscribes exactly this listener. */
  subscribe<E extends EventChannel>(
    channel: E,
    listener: (payload: EventContract[E]) => void,
  ): () => void;
}

/** Builds the intent-named API the renderer sees as `window.tapkey`. */
export function createTapkeyApi(t: BridgeTransport) {
  return {
    getAppInfo: () => t.invoke('app:get-info'),
    getAuthState: () => t.invoke('auth:get-state'),
    signIn: () => t.invoke('auth:sign-in'),
    cancelSignIn: () => t.invoke('auth:cancel-sign-in'),
    signOut: (options?: ArgsOf<'auth:sign-out'>[0]) =>
      options ? t.invoke('auth:sign-out', options) : t.invoke('auth:sign-out'),
    listOwnerAccounts: () => t.invoke('tapkey:list-owner-accounts'),
    listBoundLocks: (ownerAccountId: string, options?: ListLocksOptions) =>
      options
        ? t.invoke('tapkey:list-bound-locks', ownerAccountId, options)
        : t.invoke('tapkey:list-bound-locks', ownerAccountId),
    getBoundLock: (ownerAccountId: string, boundLockId: string) =>
      t.invoke('tapkey:get-bound-lock', ownerAccountId, boundLockId),
    getSettings: () => t.invoke('settings:get'),
    saveSettings: (settings: ArgsOf<'settings:set'>[0]) => t.invoke('settings:set', settings),
    openHelp: (topic: ArgsOf<'app:open-help'>[0]) => t.invoke('app:open-help', topic),
    showSignInWindow: () => t.invoke('auth:show-sign-in-window'),
    exportLocksCsv: (selection: ArgsOf<'locks:export-csv'>[0]) =>
      t.invoke('locks:export-csv', selection),
    onMenuCommand: (listener: (command: EventContract['menu:command']) => void) =>
      t.subscribe('menu:command', listener),
    listGrants: (ownerAccountId: string, boundLockId: string) =>
      t.invoke('access:list-grants', ownerAccountId, boundLockId),
    listLogEntries: (
      ownerAccountId: string,
      boundLockId: string,
      query: ArgsOf<'access:list-log-entries'>[2] = {},
    ) => t.invoke('access:list-log-entries', ownerAccountId, boundLockId, query),
    exportLogCsv: (
      ownerAccountId: string,
      boundLockId: string,
      range: ArgsOf<'access:export-log-csv'>[2] = {},
    ) => t.invoke('access:export-log-csv', ownerAccountId, boundLockId, range),
    listLockGroups: (ownerAccountId: string) => t.invoke('access:list-lock-groups', ownerAccountId),
    listContacts: (ownerAccountId: string) => t.invoke('access:list-contacts', ownerAccountId),
    listAccountLog: (ownerAccountId: string, query: ArgsOf<'access:list-account-log'>[1] = {}) =>
      t.invoke('access:list-account-log', ownerAccountId, query),
    exportAccountLogCsv: (
      ownerAccountId: string,
      query: ArgsOf<'access:export-account-log-csv'>[1] = {},
    ) => t.invoke('access:export-account-log-csv', ownerAccountId, query),
    onAuthStateChanged: (listener: (state: EventContract['auth:state-changed']) => void) =>
      t.subscribe('auth:state-changed', listener),
    getWriteCapabilities: () => t.invoke('writes:get-capabilities'),
    previewChange: (request: ArgsOf<'writes:preview'>[0]) => t.invoke('writes:preview', request),
    submitChange: (planId: string) => t.invoke('writes:submit', planId),
    undoChange: (changeId: string) => t.invoke('writes:undo', changeId),
    listChanges: () => t.invoke('writes:list-changes'),
    refreshChangeProgress: (changeId: string) => t.invoke('writes:refresh-progress', changeId),
    onChangesChanged: (listener: (state: EventContract['writes:changes-changed']) => void) =>
      t.subscribe('writes:changes-changed', listener),
    listPeople: (ownerAccountId: string) => t.invoke('people:list', ownerAccountId),
    listLockFeatures: (ownerAccountId: string) =>
      t.invoke('access:list-lock-features', ownerAccountId),
    listJournal: (query: ArgsOf<'journal:list'>[0] = {}) => t.invoke('journal:list', query),
    exportJournalCsv: (query: ArgsOf<'journal:export-csv'>[0] = {}) =>
      t.invoke('journal:export-csv', query),
  };
}

/** The renderer's view of main. */
export type TapkeyApi = ReturnType<typeof createTapkeyApi>;
