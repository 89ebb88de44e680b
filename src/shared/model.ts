/** Plain data shapes shared by main, preload and renderer. No tokens ever appear in these. */

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
}

/** The sign-in state machine, as the renderer may see it. */
export type AuthState =
  | { status: 'signed-out'; reason?: string }
  | { status: 'authorizing'; mode: SignInMode }
  | { status: 'exchanging' }
  | { status: 'signed-in'; remembered: boolean; notice?: string }
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
