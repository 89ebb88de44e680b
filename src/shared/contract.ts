import type {
  ActivityQuery,
  AppInfo,
  AuthState,
  BoundLock,
  BoundLocksPage,
  ChangeEntry,
  ChangePlan,
  ChangeQueueState,
  ChangeRequest,
  ExportResult,
  ContactsList,
  GrantsList,
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

/**
 * The one IPC contract: every channel, its arguments and its result. Main, preload and renderer all
 * derive their types from this map, so a drift between them is a compile error.
 */
export interface InvokeContract {
  'app:get-info': { args: []; result: AppInfo };
  'auth:get-state': { args: []; result: AuthState };
  'auth:sign-in': { args: []; result: AuthState };
  'auth:cancel-sign-in': { args: []; result: AuthState };
  /** Refused with `changes-pending` while changes wait to be sent, unless `discardPending` (the UI asks first). */
  'auth:sign-out': { args: [options?: SignOutOptions]; result: AuthState };
  'tapkey:list-owner-accounts': { args: []; result: OwnerAccountsList };
  /** Locks come without `raw`; `options.priority` loads this account ahead of the others. */
  'tapkey:list-bound-locks': {
    args: [ownerAccountId: string, options?: ListLocksOptions];
    result: BoundLocksPage;
  };
  /** One lock with `raw`, every field Tapkey sent, for the detail view. */
  'tapkey:get-bound-lock': {
    args: [ownerAccountId: string, boundLockId: string];
    result: BoundLock;
  };
  'settings:get': { args: []; result: Settings };
  'settings:set': { args: [settings: Settings]; result: Settings };
  'app:open-help': { args: [topic: HelpTopic]; result: null };
  'auth:show-sign-in-window': { args: []; result: null };
  'locks:export-csv': {
    args: [selection: { ownerAccountId: string; lockIds: string[] }[]];
    result: ExportResult | null;
  };
  /** Who may open a lock: its grants, and the account's group grants, which may reach it. */
  'access:list-grants': { args: [ownerAccountId: string, boundLockId: string]; result: LockAccess };
  'access:list-lock-groups': { args: [ownerAccountId: string]; result: LockGroupsList };
  'access:list-contacts': { args: [ownerAccountId: string]; result: ContactsList };
  /** The account's activity, every lock or one, newest first, optionally one person's. */
  'access:list-account-log': {
    args: [ownerAccountId: string, query: ActivityQuery];
    result: LogEntriesPage;
  };
  'access:export-account-log-csv': {
    args: [ownerAccountId: string, query: Omit<ActivityQuery, 'cursor'>];
    result: ExportResult | null;
  };
  'access:list-log-entries': {
    args: [ownerAccountId: string, boundLockId: string, query: LogQuery];
    result: LogEntriesPage;
  };
  'access:export-log-csv': {
    args: [ownerAccountId: string, boundLockId: string, range: Omit<LogQuery, 'cursor'>];
    result: ExportResult | null;
  };
  // Managing access (issue 16). Every write goes preview → submit (the undo window) → sent, journaled.
  /** Whether this sign-in may change access, and if not, the one line saying what to enable. */
  'writes:get-capabilities': { args: []; result: WriteCapabilities };
  /**
   * Exactly what a change would send, what is already done, problems and warnings; sends nothing. Errors:
   * `not-signed-in`, `permission` (read scopes), `not-found` (the owner account), `network` …
   */
  'writes:preview': { args: [request: ChangeRequest]; result: ChangePlan };
  /**
   * Queues a previewed plan: it waits the undo window, then is sent. Errors: `not-found` (plan expired or
   * unknown: preview again), `invalid-payload` (the plan has problems or nothing to send), `permission`.
   */
  'writes:submit': { args: [planId: string]; result: ChangeEntry };
  /** Takes a waiting change back: nothing reaches Tapkey. Error `too-late` once it is being sent. */
  'writes:undo': { args: [changeId: string]; result: ChangeEntry };
  /** The queue: waiting, sending and this run's finished changes. */
  'writes:list-changes': { args: []; result: ChangeQueueState };
  /** Looks again at Tapkey for a sent change's progress (revocations waiting for locks to sync). */
  'writes:refresh-progress': { args: [changeId: string]; result: ChangeEntry };
  /** An owner account's persons and cards, each with their grants (People view, the Give dialog's "who"). */
  'people:list': { args: [ownerAccountId: string]; result: PeopleList };
  /** An owner account's locks with whether each takes a weekly schedule (the Give dialog's "where" and "when"). */
  'access:list-lock-features': { args: [ownerAccountId: string]; result: LockFeaturesList };
  /** The journal of this computer's writes, filtered, newest first. */
  'journal:list': { args: [query: JournalQuery]; result: JournalPage };
  /** The filtered journal saved as CSV (null when the user cancelled the dialog). */
  'journal:export-csv': { args: [query: JournalQuery]; result: ExportResult | null };
}

/**
 * Pages the renderer may ask main to open in the OS browser, by intent: main owns the addresses, so no URL
 * ever crosses IPC. 'tapkey-portal' is where OAuth clients are registered.
 */
export const helpTopics = ['register-client', 'tapkey-portal', 'developer-docs'] as const;
export type HelpTopic = (typeof helpTopics)[number];

/** Events main pushes to the renderer. */
export interface EventContract {
  'auth:state-changed': AuthState;
  'menu:command': MenuCommand;
  /** The change queue after any change to it (queued, undone, sending, each step's outcome, progress). */
  'writes:changes-changed': ChangeQueueState;
}

export type InvokeChannel = keyof InvokeContract;
export type EventChannel = keyof EventContract;
export type ArgsOf<C extends InvokeChannel> = InvokeContract[C]['args'];
export type ResultOf<C extends InvokeChannel> = InvokeContract[C]['result'];

/** Every invoke channel, for the preload's allow-list and main's registration check. */
export const invokeChannels = [
  'app:get-info',
  'auth:get-state',
  'auth:sign-in',
  'auth:cancel-sign-in',
  'auth:sign-out',
  'tapkey:list-owner-accounts',
  'tapkey:list-bound-locks',
  'tapkey:get-bound-lock',
  'settings:get',
  'settings:set',
  'app:open-help',
  'auth:show-sign-in-window',
  'locks:export-csv',
  'access:list-grants',
  'access:list-log-entries',
  'access:export-log-csv',
  'access:list-lock-groups',
  'access:list-contacts',
  'access:list-account-log',
  'access:export-account-log-csv',
  'writes:get-capabilities',
  'writes:preview',
  'writes:submit',
  'writes:undo',
  'writes:list-changes',
  'writes:refresh-progress',
  'people:list',
  'access:list-lock-features',
  'journal:list',
  'journal:export-csv',
] as const satisfies readonly InvokeChannel[];

/** Every event channel. */
export const eventChannels = [
  'auth:state-changed',
  'menu:command',
  'writes:changes-changed',
] as const satisfies readonly EventChannel[];
