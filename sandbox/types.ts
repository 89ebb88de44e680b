import type { Behaviour } from './behaviour';
import type { LockRcl } from './data/revocation';
import type {
  BoundCardJson,
  BoundLockJson,
  ContactJson,
  GrantJson,
  LockGroupJson,
  LogEntryJson,
  MembershipState,
  OwnerAccountJson,
} from './data/types';

export type * from './data/types';
export type { Behaviour } from './behaviour';
export type { LockRcl, RclEntry, ImplicitRevocation } from './data/revocation';

/**
 * Options of a sandbox. The behaviour options (see behaviour.ts and the table in sandbox/README.md) choose how
 * undocumented points are played and which of the sheet's answers are on before the client follows them.
 */
export interface SandboxOptions extends Partial<Behaviour> {
  /** Default 0 = ephemeral. */
  port?: number;
  /** Default 1; the same seed yields byte-identical data. */
  seed?: string | number;
  /** Owner accounts of the main demo user (alice), default 3. */
  owners?: number;
  /** Locks per owner account of alice, default 12; generated lazily per owner account. */
  locks?: number;
  /** Grants per lock, default 8; generated lazily per owner account. */
  grants?: number;
  /** Access log entries per lock, default 300, at most 100,000; generated lazily per lock. */
  logEntries?: number;
  /**
   * The largest `$top` the API accepts (default: no limit, as Tapkey documents none). A larger one answers
   * 400 with ASP.NET OData's MaxTop message, for testing clients against a server that caps page size.
   */
  maxTop?: number;
  /** Applied to every /api/v1 request. */
  latencyMs?: number;
  jitterMs?: number;
  /** Default 'tapkey-locks-desktop'. */
  clientId?: string;
  /** Default ['http://127.0.0.1:8111/callback']; as a native client any loopback port is accepted too. */
  redirectUris?: string[];
  /** Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Default 30 days. */
  refreshTokenTtlSeconds?: number;
  /**
   * Default true. False plays a server without RFC 7009 revocation: discovery advertises no
   * `revocation_endpoint`, and `/connect/revocation` answers 404.
   */
  revocation?: boolean;
  /**
   * The host name the issuer announces (default '127.0.0.1'), e.g. 'localhost' to play a server whose discovery
   * names another spelling than the one configured. The sandbox still listens on 127.0.0.1 only.
   */
  issuerHost?: string;
  /** No log lines at all (oidc-provider notices included). */
  quiet?: boolean;
}

interface SandboxUser {
  username: string;
  password: string;
  ownerAccountIds: string[];
}

/** Locks changed in one account: retitled, unbound, and bound (each a copy of the account's first lock). */
export interface LockEdit {
  rename?: { id: string; title: string }[];
  remove?: string[];
  add?: { id: string; title: string }[];
}

export interface Sandbox {
  /** 'http://127.0.0.1:<port>' (no trailing slash). */
  issuer: string;
  /** `${issuer}/api/v1/` (trailing slash). */
  apiBaseUrl: string;
  port: number;
  clientId: string;
  redirectUris: string[];
  /** alice (the sized data set) and bob (two owner accounts, one of them without locks). */
  users: SandboxUser[];
  /** How undocumented points are played (the options, defaults filled in). */
  behaviour: Behaviour;
  /**
   * The exact JSON objects the API serves, as they are now (writes included), for assertions independent of
   * the app's code (copies: mutating them changes nothing).
   */
  data: {
    ownerAccounts(username: string): OwnerAccountJson[];
    boundLocks(ownerAccountId: string): BoundLockJson[];
    /** One lock with every `expand` field filled in, as `expand=supportedFeatures,membershipStatistics,healthStatuses` serves it. */
    expandedBoundLock(ownerAccountId: string, boundLockId: string): BoundLockJson | undefined;
    lockGroups(ownerAccountId: string): LockGroupJson[];
    /** Which locks a group holds: not served by the API (Tapkey documents no way to read it). */
    lockGroupMembers(
      ownerAccountId: string,
      groupId: string,
    ): Array<{ boundLockId: string; state: MembershipState }>;
    /** Every grant of the account, as GET Grants serves them (contact, card and lock embedded). */
    grants(ownerAccountId: string): GrantJson[];
    contacts(ownerAccountId: string): ContactJson[];
    boundCards(ownerAccountId: string): BoundCardJson[];
    /** A lock's log, newest first (empty for an unknown lock). */
    logEntries(ownerAccountId: string, boundLockId: string): LogEntryJson[];
    /** The account-wide log, newest first (GET /Owners/{id}/LogEntries). */
    accountLogEntries(ownerAccountId: string): LogEntryJson[];
    /** A lock's revocation lists (not served by the API). */
    revocationList(boundLockId: string): LockRcl;
    /** The locks whose revocation list holds the grant's key and that have not synced since. */
    pendingLocks(ownerAccountId: string, grantId: string): string[];
  };
  /** Plays locks and cards syncing (a phone or a card carried to them). */
  sync: {
    /** The lock takes the current revocation list; false for an unknown lock. */
    lock(boundLockId: string): boolean;
    /** The card is synced: new keys written, deleted ones removed; false for an unknown card. */
    card(cardId: string): boolean;
    /** Every lock and card of the owner account syncs; false for an unknown account. */
    ownerAccount(ownerAccountId: string): boolean;
  };
  /** Changes the data as Tapkey's portal would (tests of what the app shows after a change elsewhere). */
  edit: {
    /** Retitles, unbinds, or binds (a copy of the account's first lock under a new id) locks of one account. */
    locks(ownerAccountId: string, edit: LockEdit): void;
  };
  faults: FaultControl;
  stats: SandboxStats;
  /** Makes every access token issued so far answer 401 at the API (as if expired); refresh tokens keep working. */
  expireAccessTokens(): void;
  /** True when this refresh token is still usable (for asserting revocation / rotation). */
  isRefreshTokenActive(refreshToken: string): Promise<boolean>;
  close(): Promise<void>;
}

export type FaultTarget = 'api' | 'token' | 'authorize' | 'revocation' | 'discovery' | 'all';
export type FaultKind =
  | 'status'
  | 'malformed-json'
  | 'malformed-item'
  | 'hostile-text'
  | 'drop'
  | 'drop-mid-body'
  | 'slow-body'
  | 'latency'
  | 'huge-body'
  | 'endless-body'
  | 'handle-then-drop'
  | 'handle-then-delay';
export type FaultStatus = 429 | 500 | 502 | 503 | 504 | 400 | 401 | 403 | 404;

export interface FaultRule {
  target: FaultTarget;
  /** Optional extra regex (case-insensitive) on the path and query, e.g. one owner account's BoundLocks. */
  pathPattern?: string;
  kind: FaultKind;
  /** For kind 'status'. */
  status?: FaultStatus;
  /** For 429/503: sends Retry-After. */
  retryAfterSeconds?: number;
  /** Optional body for 'status' (default a Tapkey-like JSON error body). */
  body?: unknown;
  /** For 'status': no body at all (Content-Length 0), as Glewlwyd answers a dead refresh token or a refused revocation. */
  emptyBody?: boolean;
  /** For 'latency', 'slow-body' and 'handle-then-delay' (and 'handle-then-drop', default 0). */
  delayMs?: number;
  /** For 'huge-body': how many bytes follow the JSON start (default 300 MB). */
  sizeBytes?: number;
  /** Apply to the next N matching requests only (default: unlimited). */
  times?: number;
  /** 0..1, default 1; decided by a PRNG seeded from the sandbox seed so runs repeat. */
  probability?: number;
}

export interface FaultControl {
  /** Adds a rule; returns a disposer that removes exactly this rule. */
  add(rule: FaultRule): () => void;
  clear(): void;
  setLatency(latencyMs: number, jitterMs?: number): void;
}

export interface SandboxStats {
  tokenRequests(grantType?: 'authorization_code' | 'refresh_token'): number;
  /** Counts /api/v1 requests whose path and query match (all when no pattern). */
  apiRequests(pathPattern?: RegExp): number;
  /** Counts write requests (any method but GET/HEAD) as they arrived, faulted or refused ones included, matched against 'METHOD /api/v1/path?query'. */
  writes(pattern?: RegExp): number;
  /** Counts writes the API applied, by handler ('PUT Contacts', 'PATCH Contacts', 'PATCH BoundCards', 'PUT Grants', 'Revoke', 'Contacts RevokeGrants', 'BoundCards RevokeGrants', 'DeleteFromCard'); all when none. */
  appliedWrites(handler?: string): number;
  /** The longest /api/v1 request target (path and query, as sent on the wire) whose path matches, in characters. */
  longestApiTarget(pathPattern?: RegExp): number;
  revocations(): number;
  reset(): void;
}
