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
  active: boolean;
  bindDate: string | null;
  unbindDate: string | null;
  physicalLockId: string | null;
  lockTypeId: string | null;
  lockType: LockType | null;
  /** `physicalLockId` decoded for people: upper-case hex bytes joined by dashes, or null when it cannot be decoded. */
  readableLockId: string | null;
  /** A human label for the lock type, e.g. "Td30". */
  lockTypeLabel: string;
  /**
   * Every field Tapkey sent, for the detail view (JSON-safe values only). Only a single lock
   * (`tapkey:get-bound-lock`) carries it: lists leave it out, so that main and renderer do not hold every lock twice.
   */
  raw?: Record<string, unknown>;
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

/** How the user signs in. */
export type SignInMode = 'embedded' | 'system-browser';

/** What the user can configure; persisted in the profile, never secret. */
export interface Settings {
  clientId: string;
  issuer: string;
  apiBaseUrl: string;
  redirectUri: string;
  signInMode: SignInMode;
  /** Also ask for read:grants, read:contacts and read:logs (the Access and Activity tabs); takes effect at the next sign-in. */
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
  /** `account`: who is signed in, for display (from the ID token's name / email / username), when known. */
  | { status: 'signed-in'; remembered: boolean; notice?: string; account?: string }
  | { status: 'refreshing'; remembered: boolean }
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
export type MenuCommand = 'find' | 'refresh' | 'settings' | 'export' | 'sign-out' | 'about';

/** Locks to export, per owner account, in the order they are shown. */
export interface ExportSelection {
  ownerAccountId: string;
  lockIds: string[];
}

/** Who a grant or log entry belongs to, resolved in main: a contact's e-mail, a card's title, or nobody known. */
export interface Holder {
  kind: 'contact' | 'card' | 'none';
  /** The contact's e-mail or the card's title; null when Tapkey no longer knows the id (deleted) or none is set. */
  label: string | null;
  contactId: string | null;
  boundCardId: string | null;
}

/** A grant on a lock, validated (unknown fields kept in `raw`). */
export interface Grant {
  id: string;
  boundLockId: string;
  holder: Holder;
  state: string | null;
  active: boolean | null;
  /** ISO dates; null = unlimited. */
  validFrom: string | null;
  validBefore: string | null;
  /** The iCalendar text restricting when the grant works, or null = any time. */
  timeRestrictionIcal: string | null;
  raw: Record<string, unknown>;
}

/** A lock's grants, with anything Tapkey sent that could not be read. */
export interface GrantsList {
  ownerAccountId: string;
  boundLockId: string | null;
  grants: Grant[];
  invalid: InvalidItem[];
}

/** One access-log entry of a lock, validated. */
export interface LogEntry {
  id: string;
  entryNo: number | null;
  lockTimestamp: string;
  receivedAt: string | null;
  logType: string | null;
  command: string | null;
  holder: Holder;
}

/** Which slice of a lock's log to read: a date range (ISO) and where the previous page ended. */
export interface LogQuery {
  since?: string;
  until?: string;
  /** From the previous page's `nextCursor`; absent for the newest page. */
  cursor?: string;
}

/** One page of a lock's log, newest first; `nextCursor` is null on the last page. */
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
