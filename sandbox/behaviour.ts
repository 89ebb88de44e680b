/**
 * The points where the sandbox can play more than one answer: either Tapkey's behaviour is not documented (the
 * sheet says "assumed"), or the sheet's answer would break today's client and waits behind an option until the
 * client follows the sheet. sandbox/README.md has the same table in words; keep the two together.
 */
export interface Behaviour {
  /** Accept the undocumented scope `read:contacts` at /connect/authorize (it grants nothing). Sheet: refuse it. */
  acceptReadContacts: boolean;
  /** `openid` and `profile` (not in Tapkey's scope list): accept them (an ID token comes) or answer invalid_scope. */
  oidcScopes: 'accept' | 'refuse';
  /** Serve the deprecated `email` beside `identifier` on contacts, as Tapkey does today; off = the announced future. */
  contactEmail: boolean;
  /** Silently truncate every list page to this many items (no error, no header); null = no cap. */
  pageCap: number | null;
  /** Silently truncate LogEntries pages to this many items (Tapkey's exporter pages by 500). Sheet: 500. */
  logEntriesPageCap: number | null;
  /** `$filter` on `lockTimestamp` (undocumented): accept it, or answer 400 as for any property that is not filterable. */
  lockTimestampFilter: 'accept' | 'refuse';
  /** Some locks come without `active` (an older copy of the docs has none). Sheet: be ready for it. */
  locksWithoutActive: boolean;
  /** Some contacts have neither a usable title nor an identifier (external identity provider users). */
  namelessContacts: boolean;
  /** The method Grants/{id}/Revoke takes; the other one answers 405 (a public Q&A reports PUT). */
  revokeMethod: 'POST' | 'PUT';
  /** Whether an Access Manager may write (documented: they manage access); false plays a role that may not. */
  accessManagerWrites: boolean;
  /** Entries per lock revocation list (each of the phone and the card list); Tapkey documents "limited". */
  rclCapacity: number;
  /** Sync each lock this long after a revocation reached its list (null: only the admin calls sync). */
  syncLocksAfterMs: number | null;
  /** The plan's limit of persons (contacts) per owner account; one more answers 402. null = no limit. */
  planPersons: number | null;
  /** In how many of alice's owner accounts the shared person (the same identifier) is a contact. */
  sharedPersonAccounts: number;
}

/** The defaults: Tapkey as the sheet documents it, and one answer of each point it leaves open. */
export const DEFAULT_BEHAVIOUR: Readonly<Behaviour> = {
  acceptReadContacts: false,
  oidcScopes: 'accept',
  contactEmail: true,
  pageCap: null,
  logEntriesPageCap: 500,
  lockTimestampFilter: 'accept',
  locksWithoutActive: true,
  namelessContacts: true,
  revokeMethod: 'POST',
  accessManagerWrites: true,
  rclCapacity: 10,
  syncLocksAfterMs: null,
  planPersons: null,
  sharedPersonAccounts: 2,
};

/**
 * The sheet's answers (shared/tapkey-api.md) where the sandbox used to play the client's old guesses; the
 * defaults since the client follows the sheet. Kept by name for tests and `--sheet` that mean "as documented".
 */
export const SHEET_BEHAVIOUR: Readonly<Partial<Behaviour>> = {
  acceptReadContacts: false,
  logEntriesPageCap: 500,
  locksWithoutActive: true,
  namelessContacts: true,
};

/**
 * The old sheet's guesses at these points (what the sandbox played before it followed the documentation), for
 * tests of the client's and the sandbox's other answer.
 */
export const GUESSED_BEHAVIOUR: Readonly<Partial<Behaviour>> = {
  acceptReadContacts: true,
  logEntriesPageCap: null,
  locksWithoutActive: false,
  namelessContacts: false,
};

/** Fills in the defaults and checks the numbers. */
export function resolveBehaviour(partial: Partial<Behaviour> = {}): Behaviour {
  const defined = Object.fromEntries(
    Object.entries(partial).filter(([, v]) => v !== undefined),
  ) as Partial<Behaviour>;
  const b: Behaviour = { ...DEFAULT_BEHAVIOUR, ...defined };
  const positive = (n: number | null, name: string) => {
    if (n !== null && (!Number.isInteger(n) || n < 1))
      throw new Error(`${name} must be a positive integer`);
  };
  positive(b.pageCap, 'pageCap');
  positive(b.logEntriesPageCap, 'logEntriesPageCap');
  positive(b.rclCapacity, 'rclCapacity');
  if (b.planPersons !== null && (!Number.isInteger(b.planPersons) || b.planPersons < 0))
    throw new Error('planPersons must be a non-negative integer');
  if (b.syncLocksAfterMs !== null && !(b.syncLocksAfterMs >= 0))
    throw new Error('syncLocksAfterMs must be non-negative');
  if (!Number.isInteger(b.sharedPersonAccounts) || b.sharedPersonAccounts < 0)
    throw new Error('sharedPersonAccounts must be a non-negative integer');
  return b;
}
