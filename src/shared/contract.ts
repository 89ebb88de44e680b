import type {
  ActivityQuery,
  AppInfo,
  AuthState,
  BoundLock,
  BoundLocksPage,
  BrowseSnapshot,
  SnapshotAccountLocks,
  ChangeEntry,
  ChangePlan,
  ChangeQueueState,
  ChangeRequest,
  ContactsList,
  ExportResult,
  JournalPage,
  JournalQuery,
  ListLocksOptions,
  LockAccess,
  LockFeaturesList,
  LockGroupsList,
  LogEntriesPage,
  LogQuery,
  MenuCommand,
  OwnerAccountsList,
  PeopleList,
  Settings,
  SignOutOptions,
  WriteCapabilities,
} from './model';

/** An invoke channel: the bridge method that calls it, with its arguments and its result (types only). */
interface InvokeSpec<Method extends string, Args extends unknown[], Result> {
  readonly method: Method;
  /** Never set: carries the types. */
  readonly types?: { args: Args; result: Result };
}

/** A push from main: the bridge method that subscribes to it, with its payload (type only). */
interface PushSpec<Method extends string, Payload> {
  readonly method: Method;
  /** Never set: carries the type. */
  readonly types?: { payload: Payload };
}

/** Names the `window.tapkey` method of a channel; `.invoke<Args, Result>()` or `.push<Payload>()` gives its types. */
function bridge<Method extends string>(method: Method) {
  return {
    invoke: <Args extends unknown[], Result>(): InvokeSpec<Method, Args, Result> => ({ method }),
    push: <Payload>(): PushSpec<Method, Payload> => ({ method }),
  };
}

/**
 * The one IPC contract: every channel, the bridge method the renderer calls it by, its arguments and its result.
 * Main's handler table, the argument schemas (schemas.ts), the registered channels and `window.tapkey` are all
 * derived from it, so a channel missing anywhere is a compile error. Adding a channel: an entry here, its handler
 * (and, when it takes arguments, their schema). See docs/architecture.md.
 */
export const invokeContract = {
  'app:get-info': bridge('getAppInfo').invoke<[], AppInfo>(),
  'auth:get-state': bridge('getAuthState').invoke<[], AuthState>(),
  'auth:sign-in': bridge('signIn').invoke<[], AuthState>(),
  'auth:cancel-sign-in': bridge('cancelSignIn').invoke<[], AuthState>(),
  /** Refused with `changes-pending` while changes wait to be sent, unless `discardPending` (the UI asks first). */
  'auth:sign-out': bridge('signOut').invoke<[options?: SignOutOptions], AuthState>(),
  'tapkey:list-owner-accounts': bridge('listOwnerAccounts').invoke<[], OwnerAccountsList>(),
  /** Locks come without `raw`; `options.priority` loads this account ahead of the others. */
  'tapkey:list-bound-locks': bridge('listBoundLocks').invoke<
    [ownerAccountId: string, options?: ListLocksOptions],
    BoundLocksPage
  >(),
  /** One lock with `raw`, every field Tapkey sent, for the detail view. */
  'tapkey:get-bound-lock': bridge('getBoundLock').invoke<
    [ownerAccountId: string, boundLockId: string],
    BoundLock
  >(),
  /**
   * The encrypted last-known snapshot of the live sign-in (docs/snapshot.md), or null: none, or unusable (then
   * deleted). Reads the profile folder and the keychain only; never a request to Tapkey. No error codes.
   */
  'snapshot:get': bridge('getSnapshot').invoke<[], BrowseSnapshot | null>(),
  /**
   * The locks of these accounts from the snapshot: `snapshot:get` carries only the account shown first, so a
   * start paints it without reading the rest. Null when the snapshot is gone or unusable. No error codes.
   */
  'snapshot:get-locks': bridge('getSnapshotLocks').invoke<
    [ownerAccountIds: string[]],
    SnapshotAccountLocks[] | null
  >(),
  /** Remembers the selected owner account (an id, `*` for all, or null) for the next snapshot. */
  'snapshot:note-selection': bridge('noteSelection').invoke<[selectedId: string | null], null>(),
  'settings:get': bridge('getSettings').invoke<[], Settings>(),
  'settings:set': bridge('saveSettings').invoke<[settings: Settings], Settings>(),
  'app:open-help': bridge('openHelp').invoke<[topic: HelpTopic], null>(),
  'auth:show-sign-in-window': bridge('showSignInWindow').invoke<[], null>(),
  'locks:export-csv': bridge('exportLocksCsv').invoke<
    [selection: { ownerAccountId: string; lockIds: string[] }[]],
    ExportResult | null
  >(),
  /** Who may open a lock: its grants, and the account's group grants, which reach it if it is in the group. */
  'access:list-grants': bridge('listGrants').invoke<
    [ownerAccountId: string, boundLockId: string],
    LockAccess
  >(),
  /** An owner account's lock groups with their counts of locks by membership state. */
  'access:list-lock-groups': bridge('listLockGroups').invoke<
    [ownerAccountId: string],
    LockGroupsList
  >(),
  /** An owner account's people (contacts), for choosing one. */
  'access:list-contacts': bridge('listContacts').invoke<[ownerAccountId: string], ContactsList>(),
  /** The account's activity, every lock or one, newest first, optionally one person's (a page and a cursor). */
  'access:list-account-log': bridge('listAccountLog').invoke<
    [ownerAccountId: string, query: ActivityQuery],
    LogEntriesPage
  >(),
  /** The same slice of the account's activity saved as CSV (null when the user cancelled the dialog). */
  'access:export-account-log-csv': bridge('exportAccountLogCsv').invoke<
    [ownerAccountId: string, query: Omit<ActivityQuery, 'cursor'>],
    ExportResult | null
  >(),
  'access:list-log-entries': bridge('listLogEntries').invoke<
    [ownerAccountId: string, boundLockId: string, query: LogQuery],
    LogEntriesPage
  >(),
  'access:export-log-csv': bridge('exportLogCsv').invoke<
    [ownerAccountId: string, boundLockId: string, range: Omit<LogQuery, 'cursor'>],
    ExportResult | null
  >(),
  // Managing access. Every write goes preview → submit (the undo window) → sent, journaled.
  /** Whether this sign-in may change access, and if not, the one line saying what to enable. */
  'writes:get-capabilities': bridge('getWriteCapabilities').invoke<[], WriteCapabilities>(),
  /**
   * Exactly what a change would send, what is already done, problems and warnings; sends nothing. Errors:
   * `not-signed-in`, `permission` (read scopes), `not-found` (the owner account), `network` …
   */
  'writes:preview': bridge('previewChange').invoke<[request: ChangeRequest], ChangePlan>(),
  /**
   * Queues a previewed plan: it waits the undo window, then is sent. Errors: `not-found` (plan expired or
   * unknown: preview again), `invalid-payload` (the plan has problems or nothing to send), `permission`.
   */
  'writes:submit': bridge('submitChange').invoke<[planId: string], ChangeEntry>(),
  /** Takes a waiting change back: nothing reaches Tapkey. Error `too-late` once it is being sent. */
  'writes:undo': bridge('undoChange').invoke<[changeId: string], ChangeEntry>(),
  /** The queue: waiting, sending and this run's finished changes. */
  'writes:list-changes': bridge('listChanges').invoke<[], ChangeQueueState>(),
  /** Looks again at Tapkey for a sent change's progress (revocations waiting for locks to sync). */
  'writes:refresh-progress': bridge('refreshChangeProgress').invoke<
    [changeId: string],
    ChangeEntry
  >(),
  /** An owner account's persons and cards, each with their grants (People view, the Give dialog's "who"). */
  'people:list': bridge('listPeople').invoke<[ownerAccountId: string], PeopleList>(),
  /** An owner account's locks with whether each takes a weekly schedule (the Give dialog's "where" and "when"). */
  'access:list-lock-features': bridge('listLockFeatures').invoke<
    [ownerAccountId: string],
    LockFeaturesList
  >(),
  /** The journal of this computer's writes, filtered, newest first. */
  'journal:list': bridge('listJournal').invoke<[query: JournalQuery], JournalPage>(),
  /** The filtered journal saved as CSV (null when the user cancelled the dialog). */
  'journal:export-csv': bridge('exportJournalCsv').invoke<
    [query: JournalQuery],
    ExportResult | null
  >(),
} as const;

/** Events main pushes to the renderer, through the typed `send` in src/main/ipc/push.ts only. */
export const eventContract = {
  'auth:state-changed': bridge('onAuthStateChanged').push<AuthState>(),
  'menu:command': bridge('onMenuCommand').push<MenuCommand>(),
  /** The change queue after any change to it (queued, undone, sending, each step's outcome, progress). */
  'writes:changes-changed': bridge('onChangesChanged').push<ChangeQueueState>(),
} as const;

/**
 * Pages the renderer may ask main to open in the OS browser, by intent: main owns the addresses, so no URL
 * ever crosses IPC. 'tapkey-portal' is where OAuth clients are registered.
 */
export const helpTopics = ['register-client', 'tapkey-portal', 'developer-docs'] as const;
export type HelpTopic = (typeof helpTopics)[number];

export type InvokeChannel = keyof typeof invokeContract;
export type EventChannel = keyof typeof eventContract;
type InvokeTypes<C extends InvokeChannel> = NonNullable<(typeof invokeContract)[C]['types']>;
export type ArgsOf<C extends InvokeChannel> = InvokeTypes<C>['args'];
export type ResultOf<C extends InvokeChannel> = InvokeTypes<C>['result'];
/** Each event channel's payload. */
export type EventContract = {
  [E in EventChannel]: NonNullable<(typeof eventContract)[E]['types']>['payload'];
};

/** Every invoke channel, for main's registration and the dispatcher's check: the contract's keys, nothing else. */
export const invokeChannels = Object.keys(invokeContract) as InvokeChannel[];

/** Every event channel. */
export const eventChannels = Object.keys(eventContract) as EventChannel[];
