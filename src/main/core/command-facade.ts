import type {
  AuthState,
  BoundLocksPage,
  ChangeEntry,
  ChangePlan,
  ChangeRequest,
  ContactsList,
  GrantsList,
  InvalidItem,
  JournalPage,
  JournalQuery,
  LockAccess,
  LogEntry,
  OwnerAccountsList,
  PeopleList,
  WriteCapabilities,
} from '../../shared/model';
import type { Servers } from '../auth/session';
import type { SignOutResult } from '../auth/sign-out';
import type { Handlers } from '../ipc/dispatcher';
import type { LogRange } from '../tapkey/resources/logs';
import type { WriteService } from '../tapkey/writes/write-service';
import type { Clients } from './clients';
import type { SessionGuard } from './session-guard';

/**
 * What the command line may do with the core: the same handlers, session guard and id checks as the window,
 * and nothing else (no session, no raw client).
 */
export interface CommandFacade {
  /** The sign-in state (after start: resumed from the keychain, or signed out). */
  state(): AuthState;
  /** The stored sign-in's servers when they are not the configured ones (left untouched), else null. */
  storedElsewhere(): Servers | null;
  /** Signs in (through the settings check). */
  signIn(): Promise<AuthState>;
  /** Signs out; `result` says whether the keychain forgot the sign-in and what the server was told. */
  signOut(): Promise<{ state: AuthState; result: SignOutResult | null }>;
  listOwnerAccounts(): Promise<OwnerAccountsList>;
  listBoundLocks(ownerAccountId: string): Promise<BoundLocksPage>;
  /** An owner account's grants (group grants included). */
  listGrants(ownerAccountId: string): Promise<GrantsList>;
  /** Who may open one lock: its grants and the account's group grants. */
  lockAccess(ownerAccountId: string, boundLockId: string): Promise<LockAccess>;
  /** An owner account's people. */
  listContacts(ownerAccountId: string): Promise<ContactsList>;
  /** A lock's log (or the whole account's, `boundLockId` null) in a slice, newest first, page by page. */
  streamLogEntries(
    ownerAccountId: string,
    boundLockId: string | null,
    range: LogRange,
  ): AsyncIterable<{ entries: LogEntry[]; invalid: InvalidItem[] }>;
  /** Whether this sign-in may change access. */
  writeCapabilities(): WriteCapabilities;
  /** Exactly what a change would send; sends nothing. */
  previewChange(request: ChangeRequest): Promise<ChangePlan>;
  /**
   * Sends a previewed plan at once (the command line asked before: no undo window) through the same queue,
   * executor and journal as the window; resolves when every step has its outcome.
   */
  applyChange(planId: string): Promise<ChangeEntry>;
  /** An owner account's persons and cards with their grants. */
  listPeople(ownerAccountId: string): Promise<PeopleList>;
  /** The journal, filtered, newest first. */
  readJournal(query: JournalQuery): Promise<JournalPage>;
}

/** Builds the facade over the handlers and the guard. */
export function createCommandFacade(parts: {
  handlers: Handlers;
  guard: SessionGuard;
  clients: Clients;
  session: {
    readonly state: AuthState;
    readonly storedElsewhere: Servers | null;
    readonly lastSignOut: SignOutResult | null;
  };
  writes: WriteService;
}): CommandFacade {
  const { handlers: h, guard, clients, session, writes } = parts;
  return {
    state: () => session.state,
    storedElsewhere: () => session.storedElsewhere,
    signIn: () => h['auth:sign-in'](),
    signOut: async () => {
      const state = await h['auth:sign-out']();
      return { state, result: session.lastSignOut };
    },
    listOwnerAccounts: () => h['tapkey:list-owner-accounts'](),
    listBoundLocks: (ownerAccountId) => h['tapkey:list-bound-locks'](ownerAccountId),
    // The window asks for one lock's access only; the CLI may ask for the whole account's grants.
    listGrants: (ownerAccountId) =>
      guard.whileSignedIn((signal) =>
        clients.tapkey().grants.listGrants(ownerAccountId, null, signal),
      ),
    lockAccess: (ownerAccountId, boundLockId) =>
      h['access:list-grants'](ownerAccountId, boundLockId),
    listContacts: (ownerAccountId) => h['access:list-contacts'](ownerAccountId),
    streamLogEntries: (ownerAccountId, boundLockId, range) =>
      guard.streamWhileSignedIn((signal) =>
        clients.tapkey().logs.streamLogEntries(ownerAccountId, boundLockId, range, signal),
      ),
    writeCapabilities: () => writes.capabilities(),
    previewChange: (request) => h['writes:preview'](request),
    applyChange: async (planId) => writes.finished(writes.submit(planId, 0).changeId),
    listPeople: (ownerAccountId) => h['people:list'](ownerAccountId),
    readJournal: (query) => h['journal:list'](query),
  };
}
