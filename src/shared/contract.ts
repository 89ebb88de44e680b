import type {
  AppInfo,
  AuthState,
  BoundLock,
  BoundLocksPage,
  ExportResult,
  GrantsList,
  ListLocksOptions,
  LogEntriesPage,
  LogQuery,
  MenuCommand,
  OwnerAccountsList,
  Settings,
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
  'auth:sign-out': { args: []; result: AuthState };
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
  'access:list-grants': { args: [ownerAccountId: string, boundLockId: string]; result: GrantsList };
  'access:list-log-entries': {
    args: [ownerAccountId: string, boundLockId: string, query: LogQuery];
    result: LogEntriesPage;
  };
  'access:export-log-csv': {
    args: [ownerAccountId: string, boundLockId: string, range: Omit<LogQuery, 'cursor'>];
    result: ExportResult | null;
  };
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
] as const satisfies readonly InvokeChannel[];

/** Every event channel. */
export const eventChannels = [
  'auth:state-changed',
  'menu:command',
] as const satisfies readonly EventChannel[];
