/** Plain data shapes shared by main, preload and renderer. No tokens ever appear in these. */

export * from './write-model';

/** An owner account as Tapkey returns it (fields we use; unknown fields are kept in `raw`). */
export interface OwnerAccount {
  id: string;
  name: string;
  active: boolean;
}

/** The lock type Tapkey embeds in a bound lock. */
export interface LockType {
  id: string;
  manufacturerId?: number;
  modelName?: string;
  supportedTechnologies?: string[];
}

/** A bound lock, validated, plus display fields derived in main. */
export interface BoundLock {
  id: string;
  ownerAccountId: string;
  title: string;
  description: string | null;
  /** null when Tapkey did not say (an older copy of the docs has no `active`): unknown, not inactive. */
  active: boolean | null;
  bindDate: string | null;
  unbindDate: string | null;
  physicalLockId: string | null;
  lockTypeId: string | null;
  lockType: LockType | null;
  /**
   * `physicalLockId` decoded for people: lower-case hex of the id bytes joined by dashes, as Tapkey's exporter
   * shows it (whatever the length prefix says); null only when the value is not base64 of at least one id byte.
   */
  readableLockId: string | null;
  /** A human label for the lock type, e.g. "Td30". */
  lockTypeLabel: string;
  /**
   * Every field Tapkey sent, for the detail view (JSON-safe values only). Only a single lock
   * (`tapkey:get-bound-lock`) carries it: lists leave it out, so that main and renderer do not hold every lock twice.
   */
  raw?: Record<string, unknown>;
  /** What the lock last reported and where its revocation list stands; only on a single lock (`getBoundLock`). */
  status?: LockStatus;
}

/** Locks (or group memberships) counted by membership state, as Tapkey's `ByState` lists them. */
export interface MembershipCount {
  /** `JoinPending`, `Joined`, `UnjoinPending`, `Unjoined`, or a state Tapkey added since. */
  state: string;
  count: number;
}

/** One health reading a lock reported (`healthStatuses`): as of the lock's last sync, never live. */
export interface HealthReading {
  /** `BatteryVoltage`, `Temperature`, `BatteryWarningLevel`, or a type Tapkey added since. */
  type: string;
  value: number | null;
  /** `Ok`, `Outdated` or `Invalid` (or a value Tapkey added since); null when Tapkey sent none. */
  valueStatus: string | null;
  /** When the lock took the reading (ISO), when Tapkey says. */
  timestamp: string | null;
}

/** A lock's state as Tapkey last heard it: health, revocation list, group memberships, features. */
export interface LockStatus {
  /** The readings of the last sync; empty when the lock reported none. */
  health: HealthReading[];
  /** The newest revocation list (serial number and date) and the one the lock last reported. */
  revocation: {
    serialNo: number | null;
    date: string | null;
    lastSeenSerialNo: number | null;
    lastSeenDate: string | null;
    /** Lists the lock has still to pick up (serialNo − lastSeenSerialNo); null when either is unknown. */
    behind: number | null;
  };
  /** The lock's group memberships by state; null when Tapkey sent none. */
  memberships: MembershipCount[] | null;
  /** Whether grants with a time restriction (iCal) work on this lock; null when Tapkey did not say. */
  timeRestrictionIcal: boolean | null;
}

/** A lock group (`LockGroups`): grants for a group reach every lock in it. */
export interface LockGroup {
  id: string;
  title: string;
  description: string | null;
  active: boolean | null;
  /** Its locks counted by membership state (`expand=statistics`); null when Tapkey sent none. Which locks they are is not documented. */
  statistics: MembershipCount[] | null;
}

/** An owner account's lock groups, with anything Tapkey sent that could not be read. */
export interface LockGroupsList {
  ownerAccountId: string;
  groups: LockGroup[];
  invalid: InvalidItem[];
}

/** How the renderer asks for one account's locks. */
export interface ListLocksOptions {
  /** The user is looking at this account (first or selected): main loads it ahead of the others, alone. */
  priority?: boolean;
}

/** An item of a Tapkey list that failed validation: reported, never silently dropped. */
export interface InvalidItem {
  index: number;
  id: string | null;
  problem: string;
}

/** The locks of one owner account, with anything Tapkey sent that could not be read. */
export interface BoundLocksPage {
  ownerAccountId: string;
  locks: BoundLock[];
  invalid: InvalidItem[];
}

/** The owner accounts of the signed-in user, with anything Tapkey sent that could not be read. */
export interface OwnerAccountsList {
  accounts: OwnerAccount[];
  invalid: InvalidItem[];
}

/** One account's locks in the last-known snapshot, with when they were received. */
export interface SnapshotAccountLocks {
  ownerAccountId: string;
  locks: BoundLock[];
  invalid: InvalidItem[];
  /** When these locks were received (ms since epoch). */
  updatedAt: number;
}

/**
 * What the browse screen showed after its last complete load, kept encrypted by main (docs/snapshot.md): never
 * a token, never access data (grants, logs), locks without `raw`.
 */
export interface BrowseSnapshot {
  /** When the load it holds completed (ms since epoch): the "as of". */
  asOf: number;
  accounts: OwnerAccountsList;
  locks: SnapshotAccountLocks[];
  /** The owner account selected then (an id, `*` for all accounts), or null. */
  selectedId: string | null;
}

/** How the user signs in. */
export type SignInMode = 'embedded' | 'system-browser';

/** What the user can configure; persisted in the profile, never secret. */
export interface Settings {
  clientId: string;
  issuer: string;
  apiBaseUrl: string;
  redirectUri: string;
  signInMode: SignInMode;
  /** Also ask for read:grants and read:logs (the Access and Activity views); takes effect at the next sign-in. */
  accessData: boolean;
  /**
   * Manage access: also ask for write:grants and write:core:entities, on top of the access data's read scopes;
   * takes effect at the next sign-in. Absent = off (settings saved before it existed).
   */
  manageAccess?: boolean;
}

/** The sign-in state machine, as the renderer may see it. */
export type AuthState =
  | { status: 'signed-out'; reason?: string }
  | { status: 'authorizing'; mode: SignInMode }
  | { status: 'exchanging' }
  /**
   * `account`: who is signed in, for display (from the ID token's name / email / username), when known.
   * `sessionKey`: changes when another sign-in (a new login in another window or the command line) takes the
   * place of the one on screen; absent until that happens. Everything shown under one key belongs to that sign-in:
   * when it changes, the window drops what it shows and loads it again.
   */
  | {
      status: 'signed-in';
      remembered: boolean;
      notice?: string;
      account?: string;
      sessionKey?: string;
    }
  | { status: 'refreshing'; remembered: boolean; sessionKey?: string }
  | { status: 'expired'; reason: string }
  | { status: 'error'; code: string; message: string };

/** Facts about the running app. */
export interface AppInfo {
  name: string;
  version: string;
  /** Where the app signs in, for display. */
  issuer: string;
  /** True when the app talks to a local sandbox rather than Tapkey. */
  sandbox: boolean;
}

/** What an app-menu item asks the page to do. */
export type MenuCommand =
  | 'find'
  | 'refresh'
  | 'settings'
  | 'export'
  | 'sign-out'
  | 'about'
  /** Managing access: Give access… for what is chosen (locks, a person), and the People and Journal views. */
  | 'give-access'
  | 'view-locks'
  | 'view-people'
  | 'view-journal';

/** Locks to export, per owner account, in the order they are shown. */
export interface ExportSelection {
  ownerAccountId: string;
  lockIds: string[];
}

/** Who a grant or log entry belongs to, resolved in main: a contact (a person) or an NFC card. */
export interface Holder {
  kind: 'contact' | 'card' | 'none';
  /** How people read it: the title when set, else the contact's identifier or the card's label; null when neither is set, or Tapkey no longer knows the id. */
  label: string | null;
  /** The contact's or card's title, when one is set. */
  title: string | null;
  /** A contact's identifier (an e-mail address for Tapkey users, a user id at another identity provider), or a card's printed label. */
  identifier: string | null;
  /** True when Tapkey sent the contact or card (embedded, or found by its id); false when the id is unknown to it (e.g. deleted). */
  known: boolean;
  contactId: string | null;
  boundCardId: string | null;
}

/** A person in an owner account (`Contacts`), as documented. */
export interface Contact {
  id: string;
  /** `tapkey` for Tapkey users, else the external identity provider's id. */
  ipId: string | null;
  /** An e-mail address for Tapkey users, a user id at another identity provider; null when Tapkey sent none. */
  identifier: string | null;
  title: string | null;
  comment: string | null;
}

/** An owner account's contacts, with anything Tapkey sent that could not be read. */
export interface ContactsList {
  ownerAccountId: string;
  contacts: Contact[];
  invalid: InvalidItem[];
}

/** What a grant opens: a lock, or a lock group (then `boundLockId` is the group's id). */
export interface GrantTarget {
  kind: 'lock' | 'group' | 'unknown';
  /** The lock's or group's title, from the object the grant embeds; null when it embeds none. */
  title: string | null;
}

/** A grant on a lock or lock group, validated (unknown fields kept in `raw`). */
export interface Grant {
  id: string;
  /** A lock's id, or a lock group's for a group grant (see `target`). */
  boundLockId: string;
  target: GrantTarget;
  holder: Holder;
  /**
   * A grant is for a contact or a card: `both` when Tapkey named both (`holder` is the contact, its
   * `boundCardId` the card), `neither` when it named none. null when it named exactly one.
   */
  holderProblem: 'both' | 'neither' | null;
  /** Tapkey's state as sent (`Ok`, `Revoked`, or a state of a revocation in progress); shown as it comes. */
  state: string | null;
  active: boolean | null;
  /** ISO dates; null = unlimited. */
  validFrom: string | null;
  validBefore: string | null;
  /** The iCalendar text restricting when the grant works, or null = any time. */
  timeRestrictionIcal: string | null;
  raw: Record<string, unknown>;
}

/** Grants, with anything Tapkey sent that could not be read. */
export interface GrantsList {
  ownerAccountId: string;
  boundLockId: string | null;
  grants: Grant[];
  invalid: InvalidItem[];
}

/**
 * Who may open one lock: the grants naming it, and the account's grants for lock groups, which reach it only if
 * it is a member of the group. Tapkey documents no way to read a group's members, so those are "through group X,
 * if this lock is in it"; `memberships` counts the lock's groups by state, when Tapkey says.
 */
export interface LockAccess extends GrantsList {
  boundLockId: string;
  /** Grants for the account's lock groups (each `target.kind` is `group`). */
  groupGrants: Grant[];
  /** The account's lock groups, for their titles and counts. */
  groups: LockGroup[];
  /** This lock's group memberships by state; null when Tapkey did not say. */
  memberships: MembershipCount[] | null;
}

/** One access-log entry, validated. */
export interface LogEntry {
  id: string;
  entryNo: number | null;
  lockTimestamp: string;
  receivedAt: string | null;
  logType: string | null;
  command: string | null;
  /** The lock it happened at (the account-wide log mixes locks); null when Tapkey did not say. */
  boundLockId: string | null;
  holder: Holder;
}

/** Which slice of a log to read: a date range (ISO), one person, and where the previous page ended. */
export interface LogQuery {
  since?: string;
  until?: string;
  /** Only this contact's entries (the account-wide log: "where did this person go?"). */
  contactId?: string;
  /** From the previous page's `nextCursor`; absent for the newest page. */
  cursor?: string;
}

/** A slice of an owner account's activity: every lock, or one (`boundLockId`), optionally one person. */
export interface ActivityQuery extends LogQuery {
  boundLockId?: string;
}

/** One page of a log, newest first; `nextCursor` is null on the last page. */
export interface LogEntriesPage {
  entries: LogEntry[];
  invalid: InvalidItem[];
  nextCursor: string | null;
}

/** What an export wrote (locks and logs alike); the channels answer null when the user cancelled the dialog. */
export interface ExportResult {
  /** Where the file went, as the save dialog answered. */
  path: string;
  /** The file's name alone, for short messages. */
  fileName: string;
  /** Records written. */
  rows: number;
  /** Items Tapkey sent that could not be read, so are not in the file (0 for locks: every chosen lock is read). */
  unreadable: number;
}
