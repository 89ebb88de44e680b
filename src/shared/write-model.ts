/**
 * Plain data shapes of managing access (issue 16): the changes a user asks for, their previews, the undo window,
 * per-item outcomes, progress as Tapkey reports it, the journal, and whether the sign-in may write at all. Shared
 * by main, preload, renderer and CLI; re-exported by model.ts. No token ever appears in these.
 */
import type { ErrorCode } from './result';
import type { Grant, InvalidItem } from './model';

/** A weekday as iCalendar (RFC 5545 BYDAY) names it. */
export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';

/** Every weekday, Monday first (the order schedules are written and shown in). */
export const WEEKDAYS: readonly Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/**
 * A weekly time window: on these days, from `start` to `end` ("08:00", "18:00"), in the lock's local wall-clock
 * time (the iCal text carries no zone). `end` after `start`, same day.
 */
export interface WeeklySchedule {
  days: Weekday[];
  start: string;
  end: string;
}

/** Who a new grant is for: an existing contact, an e-mail address (the contact is created if missing), or a card. */
export type GrantHolder =
  | { kind: 'contact'; contactId: string }
  | { kind: 'email'; identifier: string }
  | { kind: 'card'; boundCardId: string };

/** A person to offboard: by e-mail address, or by a contact of one owner account (its identifier is then used). */
export type PersonRef =
  | { kind: 'email'; identifier: string }
  | { kind: 'contact'; ownerAccountId: string; contactId: string };

/** A change the user asks for. Main previews it (a ChangePlan), then sends the plan after the undo window. */
export type ChangeRequest =
  /** `PUT Contacts`: a Tapkey user by e-mail address. */
  | { kind: 'create-contact'; ownerAccountId: string; identifier: string; title?: string | null }
  /** `PUT Grants` once per lock, for one holder, with an optional validity and weekly schedule. */
  | {
      kind: 'give';
      ownerAccountId: string;
      holder: GrantHolder;
      boundLockIds: string[];
      /** ISO 8601; null = from now on / until revoked. */
      validFrom: string | null;
      validBefore: string | null;
      schedule: WeeklySchedule | null;
    }
  /** `POST Grants/{id}/Revoke` (PUT when Tapkey answers 405). */
  | { kind: 'revoke-grant'; ownerAccountId: string; grantId: string }
  /** `POST Contacts/{id}/RevokeGrants`: every grant of one person in one owner account. */
  | { kind: 'revoke-person'; ownerAccountId: string; contactId: string }
  /** `POST BoundCards/{id}/RevokeGrants`: a lost or stolen card. */
  | { kind: 'revoke-card'; ownerAccountId: string; boundCardId: string }
  /** `POST Grants/{id}/DeleteFromCard`: a card still in hand; removed at its next sync, no revocation list entry. */
  | { kind: 'delete-from-card'; ownerAccountId: string; grantId: string }
  /** `POST Contacts/{id}/RevokeGrants` in every chosen owner account where the person holds keys. */
  | { kind: 'offboard'; person: PersonRef; ownerAccountIds: string[] | 'all' };

/** The kinds of change. */
export type ChangeKind = ChangeRequest['kind'];

/** Every kind of change, for filters and schemas. */
export const CHANGE_KINDS: readonly ChangeKind[] = [
  'create-contact',
  'give',
  'revoke-grant',
  'revoke-person',
  'revoke-card',
  'delete-from-card',
  'offboard',
];

/** One HTTP request exactly as it will be sent: method, path below the API base (with the owner), JSON body. */
export interface WireRequest {
  method: 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** e.g. `Owners/1a2b…/Grants`; below the sign-in's API base URL. */
  path: string;
  /** The JSON body, or null for none. */
  body: unknown;
}

/** What one step acts on, with names for people (null where Tapkey gave none). */
export interface StepTarget {
  ownerAccountId: string;
  ownerAccountName: string | null;
  boundLockId: string | null;
  lockTitle: string | null;
  grantId: string | null;
  contactId: string | null;
  boundCardId: string | null;
  /** The person (title and e-mail) or card (title) as shown. */
  holderLabel: string | null;
}

/**
 * What a plan will do with one step: `send` it; nothing, because Tapkey `already` has it (a re-run skips what
 * is done); or nothing, because it is `refused` before sending (`reason` says why).
 */
export type StepDisposition = 'send' | 'already' | 'refused';

/** One step of a plan: one request to Tapkey for one target (or why none is needed). */
export interface PlannedStep {
  /** Unique within the plan; outcomes and progress refer to it. */
  key: string;
  target: StepTarget;
  disposition: StepDisposition;
  /** Why it is `already` done or `refused`; null for `send`. */
  reason: string | null;
  /** Exactly what will be sent; null when nothing will be. */
  request: WireRequest | null;
  /** The active grants this step revokes or removes (revocations only), for counts and progress. */
  grantIds: string[];
}

/** Something in the request that keeps the plan from being sent at all (nothing will be sent). */
export interface PlanProblem {
  /** `invalid-payload` for a mistake in what was asked (a bad e-mail, dates the wrong way round), `not-found` … */
  code: ErrorCode;
  message: string;
}

/** How many keys one change puts on one lock's revocation list (phone keys and card keys have separate lists). */
export interface RevocationLoad {
  ownerAccountId: string;
  /** A lock, or a lock group (a group grant reaches each of its locks; Tapkey does not list them). */
  boundLockId: string;
  lockTitle: string | null;
  phoneKeys: number;
  cardKeys: number;
  /** At or past the warning threshold on either list. */
  warn: boolean;
}

/** A warning or explanation the review step shows before the user confirms. */
export interface PlanNote {
  code:
    | 'revocation-list'
    | 'card-in-hand'
    | 'card-lost'
    | 'group-grant'
    | 'new-contact'
    | 'phone-delivery'
    | 'card-delivery'
    | 'already-done';
  /** Warnings need the user's attention; the rest explain. */
  level: 'warning' | 'info';
  message: string;
}

/** The preview of a change: exactly what will be sent, what is already done, and what to know first. */
export interface ChangePlan {
  /** Submit this id to send exactly this plan (plans expire, see `expiresAt`). */
  planId: string;
  request: ChangeRequest;
  /** One line, e.g. "Give robin@example.org access to 3 locks (Mon–Fri, 08:00–18:00)". */
  title: string;
  steps: PlannedStep[];
  /** Non-empty: nothing can be sent; fix these first. */
  problems: PlanProblem[];
  notes: PlanNote[];
  /** Per lock, the revocations this change adds (revocations only; empty otherwise). */
  revocationLoad: RevocationLoad[];
  /** The threshold `revocationLoad[].warn` uses (keys on one list of one lock), stated so the UI can say it. */
  revocationWarnAt: number;
  counts: {
    /** Requests that will be sent. */
    send: number;
    /** Steps skipped because Tapkey already has them. */
    already: number;
    refused: number;
    /** Keys (grants) the change creates or revokes. */
    keys: number;
    locks: number;
    accounts: number;
  };
  /** There is at least one request to send and no problem. */
  sendable: boolean;
  createdAt: string;
  expiresAt: string;
}

/**
 * How one step ended: `done`; `already` (Tapkey had it, so nothing was changed); `refused` (by us before
 * sending, or by Tapkey: nothing was changed); `unknown` (the answer was lost and a look-up could not settle it);
 * `failed` (not applied: e.g. Tapkey could not be reached); `not-sent` (the job stopped first).
 */
export type StepStatus = 'done' | 'already' | 'refused' | 'unknown' | 'failed' | 'not-sent';

/** Every step status, for filters and schemas. */
export const STEP_STATUSES: readonly StepStatus[] = [
  'done',
  'already',
  'refused',
  'unknown',
  'failed',
  'not-sent',
];

/** The outcome of one step of a sent change. */
export interface StepOutcome {
  key: string;
  status: StepStatus;
  /** Short and specific: what happened and, where something is left to do, what. */
  message: string;
  /** The failure's code (`plan-limit`, `permission`, `conflict`, `outcome-unknown` …), null when it went through. */
  code: ErrorCode | null;
  /** Tapkey's ids learned from the answer or the look-up. */
  grantId: string | null;
  contactId: string | null;
  /** The answer was lost and a look-up settled what happened (said in `message`). */
  lookedUp: boolean;
}

/**
 * Where a change is: `waiting` in the undo window, `sending`, `sent` (outcomes known), `undone` (nothing reached
 * Tapkey), `discarded` (dropped at sign-out or quit before sending: nothing reached Tapkey).
 */
export type ChangeStatus = 'waiting' | 'sending' | 'sent' | 'undone' | 'discarded';

/** How far one sent step has got at Tapkey, as of the last look. */
export interface StepProgress {
  key: string;
  /** `given`: the grant exists; `pending`: a revocation or card removal waits for syncs; `complete`: it took effect everywhere. */
  phase: 'given' | 'pending' | 'complete' | 'unknown';
  /** e.g. "Revoked: takes effect at each lock's next sync (2 of 3 locks synced)". */
  message: string;
  /** Locks whose revocation list matters to this step and how many have picked it up (null when not known). */
  locksSynced: number | null;
  locksTotal: number | null;
}

/** Progress of a sent change, computed from what Tapkey says (grant state and active, locks' revocation serials). */
export interface ChangeProgress {
  checkedAt: string;
  steps: StepProgress[];
  /** One line for the whole change. */
  summary: string;
  /** Nothing left to wait for. */
  complete: boolean;
}

/** A change in the queue or recently sent, as the pending strip and the result view show it. */
export interface ChangeEntry {
  changeId: string;
  planId: string;
  kind: ChangeKind;
  title: string;
  status: ChangeStatus;
  queuedAt: string;
  /** When the undo window ends and the change is sent. */
  sendAt: string;
  finishedAt: string | null;
  /** Requests to send (`counts.send` of the plan). */
  total: number;
  /** One per step sent so far. */
  outcomes: StepOutcome[];
  progress: ChangeProgress | null;
}

/** The queue as main holds it: waiting and sending changes, and this run's finished ones (newest first). */
export interface ChangeQueueState {
  changes: ChangeEntry[];
  /** Changes waiting or being sent (sign-out and quit ask first while this is above 0). */
  pending: number;
}

/** Whether the current sign-in may change access, and if not, what to do. */
export interface WriteCapabilities {
  /** The sign-in holds write:grants and write:core:entities (and the read scopes writing needs). */
  canWrite: boolean;
  /** Scopes the sign-in lacks for writing (empty when it can write, or when nobody is signed in). */
  missingScopes: string[];
  /** Settings → Manage access is on (the next sign-in asks for the write scopes). */
  manageAccessSetting: boolean;
  /** One line when writing is off: what to enable in the Tapkey portal and in Settings; null when it can write. */
  hint: string | null;
  /** How long a change waits before it is sent (the undo window), in ms. */
  undoWindowMs: number;
}

/** A person (contact) or card of an owner account, with every grant they hold there. */
export interface KeyHolder {
  kind: 'contact' | 'card';
  /** The contact's or card's id. */
  id: string;
  ownerAccountId: string;
  /** The contact's or card's title, when set. */
  title: string | null;
  /** Contacts: the e-mail address (or an identity provider's user id); cards: null. */
  identifier: string | null;
  /** Cards: the text printed on it, when set. */
  label: string | null;
  /** Cards: how many grants it can hold (12 for Tapkey transponders); null for contacts. */
  capacity: number | null;
  /** Active grants (state Ok). */
  activeGrants: number;
  /** Every grant of this holder in the account, active or not, holder named. */
  grants: Grant[];
}

/** The persons and cards of one owner account, each with their grants. */
export interface PeopleList {
  ownerAccountId: string;
  holders: KeyHolder[];
  /** Items Tapkey sent that could not be read (contacts, cards or grants). */
  invalid: InvalidItem[];
}

/** Whether a lock takes a weekly schedule: `timeRestrictionIcalSupport` as Tapkey reports it. */
export interface LockFeatures {
  boundLockId: string;
  title: string;
  /** 'supported' only when Tapkey says "Supported"; 'unknown' when it says nothing readable. */
  timeRestrictionIcal: 'supported' | 'unsupported' | 'unknown';
}

/** The locks of an owner account with what each supports. */
export interface LockFeaturesList {
  ownerAccountId: string;
  locks: LockFeatures[];
  invalid: InvalidItem[];
}

/** Which sign-in made a change: never a token, only who and where. */
export interface JournalSignIn {
  issuer: string;
  /** Who was signed in, for display, when the server said (null otherwise). */
  account: string | null;
}

/**
 * One line of the journal: one request sent (or its later resolution), append-only, in the profile folder.
 * `kind: 'resolution'` settles an earlier `unknown` line (`resolves` names its `entryId`).
 */
export interface JournalEntry {
  v: 1;
  entryId: string;
  kind: 'write' | 'resolution';
  at: string;
  source: 'app' | 'cli';
  signIn: JournalSignIn;
  changeId: string;
  operation: ChangeKind;
  /** The change's one-line title. */
  title: string;
  target: StepTarget;
  /** What was sent (method and path; the body names no secret). */
  request: WireRequest | null;
  status: StepStatus;
  message: string;
  /** The failure's code, as in StepOutcome (named apart: the journal's writer redacts any field named `code`). */
  errorCode: ErrorCode | null;
  grantId: string | null;
  contactId: string | null;
  /** For resolutions: the `entryId` of the `unknown` line this settles. */
  resolves: string | null;
}

/** A journal entry as read back: an `unknown` write carries its later resolution, when there is one. */
export interface JournalRecord extends JournalEntry {
  resolution: { at: string; status: StepStatus; message: string; grantId: string | null } | null;
}

/** How to filter the journal; every field optional. */
export interface JournalQuery {
  /** Matches the title, the holder, the lock and the ids (case-insensitive). */
  text?: string;
  operation?: ChangeKind;
  status?: StepStatus;
  ownerAccountId?: string;
  /** ISO; since inclusive, until exclusive. */
  since?: string;
  until?: string;
  /** At most this many records, newest first (default 500). */
  limit?: number;
}

/** A slice of the journal, newest first. */
export interface JournalPage {
  records: JournalRecord[];
  /** Records that matched (before `limit`). */
  total: number;
  /** `unknown` writes with no resolution yet. */
  unresolved: number;
  /** Lines of the file that could not be read (a torn last line after a crash, an edit by hand). */
  unreadableLines: number;
}

/** Options of a sign-out. */
export interface SignOutOptions {
  /** Drop changes still waiting in the undo window (the UI asks first); without it, a sign-out is refused while any wait. */
  discardPending?: boolean;
}
